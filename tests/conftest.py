from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tradescreen.runtime import Engine, build_engine
from tradescreen.settings import load_settings


@pytest.fixture(scope="session", autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests never touch the real data directory (snapshots, audit database),
    nor a REDIS_URL or API keys from the environment they run in."""
    saved = {k: os.environ.get(k) for k in ("TRADESCREEN_DATA_DIR", "REDIS_URL", "TRADESCREEN_API_KEYS")}
    os.environ["TRADESCREEN_DATA_DIR"] = str(tmp_path_factory.mktemp("data"))
    os.environ.pop("REDIS_URL", None)
    os.environ.pop("TRADESCREEN_API_KEYS", None)
    yield
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The engine as it ships: bundled rules, sample list and internal list."""
    return build_engine(load_settings(environ={}))
