from __future__ import annotations

import pytest

from tradescreen.runtime import Engine, build_engine
from tradescreen.settings import load_settings


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The engine as it ships: bundled rules, sample list and internal list."""
    return build_engine(load_settings(environ={}))
