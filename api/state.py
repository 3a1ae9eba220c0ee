"""What the running service holds: its settings, the current engine (lists and
rules, swapped atomically on reload) and the shared store."""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass, field

import redis
from flask import current_app

from api.problems import Unavailable
from jobs import notify
from jobs.audit import AuditStore, CachedDecisions
from jobs.backend import JobBackend, MemoryJobBackend, RedisJobBackend
from jobs.store import Store, make_store
from lists.errors import ListError
from lists.snapshots import SnapshotStore
from screening.conditions import RuleError
from tradescreen.runtime import Engine, build_engine
from tradescreen.settings import Settings

log = logging.getLogger("tradescreen.api")


@dataclass
class ServiceState:
    settings: Settings
    store: Store
    jobs: JobBackend
    audit: AuditStore
    decisions: CachedDecisions
    engine: Engine | None = None
    load_error: str | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _reload_lock: threading.Lock = field(default_factory=threading.Lock)
    _watcher_pid: int | None = None
    _stop: threading.Event = field(default_factory=threading.Event)
    _job_threads_pid: int | None = None

    @classmethod
    def start(cls, settings: Settings) -> ServiceState:
        jobs: JobBackend = (
            RedisJobBackend(settings.redis_url, visibility_seconds=settings.job_visibility_seconds,
                            prefix=settings.redis_prefix)
            if settings.redis_url
            else MemoryJobBackend()
        )
        audit = AuditStore(settings.audit_path)
        state = cls(
            settings=settings,
            store=make_store(settings.redis_url, settings.redis_prefix),
            jobs=jobs,
            audit=audit,
            decisions=CachedDecisions(audit),
        )
        state.reload()
        if state.store.kind == "memory":
            log.info("REDIS_URL not set: results are kept in this process only")
        return state

    def reload(self) -> Engine | None:
        """Load lists and rules and switch to them in one step; on failure keep
        serving the engine already loaded. Requests in flight finish on the
        engine they started with."""
        with self._reload_lock:
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
            log.info("lists and rules loaded: %d entries, generation %s", len(engine.index.entries),
                     engine.generation or "-")
            return engine

    def require_engine(self) -> Engine:
        engine = self.engine
        if engine is None:
            raise Unavailable(f"Lists and rules are not loaded: {self.load_error or 'loading'}.")
        return engine

    # ------------------------------------------------------------ snapshot watch

    def latest_generation(self) -> str:
        if self.settings.redis_url:
            try:
                got = notify.current(self.settings.redis_url, self.settings.redis_prefix)
                if got:
                    return got
            except redis.RedisError:
                pass
        return SnapshotStore(self.settings.data_dir).generation()

    def check_for_new_snapshot(self) -> bool:
        """Reload if a newer snapshot generation was announced. True if reloaded."""
        engine = self.engine
        latest = self.latest_generation()
        if latest and engine is not None and latest != engine.generation:
            local = SnapshotStore(self.settings.data_dir).generation()
            if local == engine.generation:
                # Announced but not (yet) visible in our data directory.
                return False
            return self.reload() is not None
        return False

    def start_job_threads(self) -> None:
        """Without redis, batch jobs run on threads of this process (once per process)."""
        if self.jobs.kind != "memory" or self._job_threads_pid == os.getpid():
            return
        from api.schemas import validate_shipment
        from jobs.worker import start_threads

        self._job_threads_pid = os.getpid()
        start_threads(self.jobs, self.require_engine, validate_shipment, self.settings.job_threads,
                      audit=self.audit, decisions=self.decisions)

    def start_watcher(self) -> None:
        """Start (once per process) the thread that follows snapshot changes."""
        if self.settings.watch_seconds <= 0 or self._watcher_pid == os.getpid():
            return
        self._watcher_pid = os.getpid()
        threading.Thread(target=self._watch, name="tradescreen-lists-watch", daemon=True).start()

    def _watch(self) -> None:
        pubsub = None
        while not self._stop.is_set():
            try:
                if self.settings.redis_url and pubsub is None:
                    client = redis.Redis.from_url(self.settings.redis_url, socket_connect_timeout=2.0)
                    pubsub = client.pubsub(ignore_subscribe_messages=True)
                    pubsub.subscribe(notify.channel(self.settings.redis_prefix))
                if pubsub is not None:
                    pubsub.get_message(timeout=self.settings.watch_seconds)
                else:
                    self._stop.wait(self.settings.watch_seconds)
                self.check_for_new_snapshot()
            except redis.RedisError as exc:
                log.warning("snapshot watch: redis: %s", exc)
                pubsub = None
                self._stop.wait(self.settings.watch_seconds)
            except Exception:  # the watcher must never die
                log.exception("snapshot watch failed")
                self._stop.wait(self.settings.watch_seconds)

    def stop(self) -> None:
        self._stop.set()


def state() -> ServiceState:
    s: ServiceState = current_app.extensions["tradescreen"]
    return s
