"""What the running service holds: its settings, the current engine (lists and
rules, swapped atomically on reload) and the shared store."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from flask import current_app

from api.problems import Unavailable
from jobs.store import Store, make_store
from lists.errors import ListError
from screening.conditions import RuleError
from tradescreen.runtime import Engine, build_engine
from tradescreen.settings import Settings

log = logging.getLogger("tradescreen.api")


@dataclass
class ServiceState:
    settings: Settings
    store: Store
    engine: Engine | None = None
    load_error: str | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def start(cls, settings: Settings) -> ServiceState:
        state = cls(settings=settings, store=make_store(settings.redis_url))
        state.reload()
        if state.store.kind == "memory":
            log.info("REDIS_URL not set: results are kept in this process only")
        return state

    def reload(self) -> Engine | None:
        """Load lists and rules; on failure keep serving the previous engine."""
        try:
            engine = build_engine(self.settings)
        except (ListError, RuleError, OSError) as exc:
            log.error("could not load lists and rules: %s", exc)
            with self._lock:
                self.load_error = str(exc)
            return None
        with self._lock:
            self.engine = engine
            self.load_error = None
        return engine

    def require_engine(self) -> Engine:
        engine = self.engine
        if engine is None:
            raise Unavailable(f"Lists and rules are not loaded: {self.load_error or 'loading'}.")
        return engine


def state() -> ServiceState:
    s: ServiceState = current_app.extensions["tradescreen"]
    return s
