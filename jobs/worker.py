"""The worker loop: claim a chunk task, screen its rows, complete it atomically,
acknowledge it. Runs as `tradescreen worker` on redis, or as threads inside the
API process when there is no redis."""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from typing import Any

import redis

from jobs.audit import AuditStore, CachedDecisions
from jobs.backend import MAX_DELIVERIES, JobBackend, Task, utc_now
from jobs.tasks import Validator, count, screen_rows
from tradescreen.runtime import Engine

log = logging.getLogger("tradescreen.worker")


def consumer_name() -> str:
    return f"{socket.gethostname()}-{os.getpid()}-{threading.get_ident() % 100000}"


class Worker:
    def __init__(
        self,
        backend: JobBackend,
        engine: Callable[[], Engine],
        validate: Validator,
        *,
        name: str | None = None,
        block_seconds: float = 2.0,
        audit: AuditStore | None = None,
        decisions: CachedDecisions | None = None,
    ) -> None:
        self.audit = audit
        self.decisions = decisions
        self.backend = backend
        self.engine = engine
        self.validate = validate
        self.name = name or consumer_name()
        self.block_seconds = block_seconds
        self.stop_event = threading.Event()
        self.processed = 0
        self._shared: dict[str, Any] = {}

    def run_once(self) -> bool:
        """Take and process one task; False when there was none."""
        task = self.backend.claim(self.name, self.block_seconds)
        if task is None:
            return False
        self.process(task)
        return True

    def process(self, task: Task) -> None:
        if task.deliveries > MAX_DELIVERIES:
            log.error("job %s chunk %d failed %d times; job marked failed", task.job_id, task.chunk, task.deliveries)
            self.backend.fail(task, f"chunk {task.chunk} could not be processed after {MAX_DELIVERIES} attempts")
            self.backend.ack(task)
            return
        rows = self.backend.chunk_rows(task.job_id, task.chunk)
        if rows is None:  # cancelled, failed, expired or already completed
            self.backend.ack(task)
            return
        self.backend.start(task.job_id)
        engine = self.engine()
        try:
            stamp = utc_now()
            lines = screen_rows(rows, engine, self.validate, job_id=task.job_id, screened_at=stamp,
                                matcher=self._matcher(engine), decisions=self.decisions, audit=self.audit)
        except Exception:
            log.exception("job %s chunk %d failed; it will be retried", task.job_id, task.chunk)
            self.backend.retry(task)
            return
        self.backend.complete(task, lines, count(lines), engine.snapshot_id)
        self.backend.ack(task)
        self.processed += 1

    def _matcher(self, engine: Engine) -> Any:
        """The engine's matcher, behind the redis party cache when jobs run on redis."""
        client = getattr(self.backend, "r", None)
        if client is None:
            return engine.matcher
        cached = self._shared.get(engine.snapshot_id)
        if cached is None:
            from jobs.partycache import SharedCacheMatcher

            cached = SharedCacheMatcher(engine.matcher, client, self.backend.prefix, engine.snapshot_id)
            self._shared = {engine.snapshot_id: cached}
        return cached

    def run(self) -> None:
        log.info("worker %s started", self.name)
        while not self.stop_event.is_set():
            try:
                self.run_once()
            except redis.RedisError as exc:
                # Redis restarting or unreachable: wait and try again; pending
                # tasks stay in the stream and are claimed again.
                log.warning("worker %s: redis: %s; retrying", self.name, exc)
                self.stop_event.wait(1.0)
                if hasattr(self.backend, "_group_ready"):
                    self.backend._group_ready = False
        log.info("worker %s stopped after %d chunks", self.name, self.processed)

    def stop(self) -> None:
        self.stop_event.set()


def start_threads(backend: JobBackend, engine: Callable[[], Engine], validate: Validator, n: int, *,
                  audit: AuditStore | None = None, decisions: CachedDecisions | None = None) -> list[Worker]:
    workers = []
    for i in range(n):
        w = Worker(backend, engine, validate, name=f"{consumer_name()}-t{i}", block_seconds=1.0, audit=audit,
                   decisions=decisions)
        threading.Thread(target=w.run, name=f"tradescreen-job-worker-{i}", daemon=True).start()
        workers.append(w)
    return workers
