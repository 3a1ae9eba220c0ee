"""The screening domain: normalising, matching, rule evaluation and the verdict.

Imports neither Flask nor redis. Entry point: screening.engine.screen().
"""

__version__ = "0.1.0"
