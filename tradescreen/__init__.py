"""tradescreen: the composition root. Settings, loading lists and rules into a
ready engine, and the command line. The domain lives in `screening`, list
ingestion in `lists`, the HTTP API in `api`, batch jobs in `jobs`."""

from screening import __version__

__all__ = ["__version__"]
