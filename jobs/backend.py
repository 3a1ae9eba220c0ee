"""Batch jobs as resources, on redis or in-process.

A job is its input split into chunks, a status record with counts, and one
result chunk per input chunk. Workers take chunk tasks from a queue, screen the
rows and complete the chunk in one atomic step that writes its result lines and
adds its counts only if that chunk was not completed before. A worker killed
mid-chunk leaves its task pending; after the visibility timeout another worker
claims it and does it again, so no row is lost and none is counted twice.
Results are read back chunk by chunk, in input order.

Redis layout (prefix `tradescreen:`; every key expires with the job's
retention, except the task stream, which is trimmed by length):

    job:{id}            hash: status, counts, times, snapshot, input sha256
    job:{id}:in:{n}     JSON array of the rows of chunk n
    job:{id}:out:{n}    JSON array of the result lines of chunk n
    idem:{key}          the job id an Idempotency-Key created
    jobs                stream of chunk tasks, consumer group `workers`
"""

from __future__ import annotations

import json
import queue
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

import redis

from jobs.inputs import Row

STATUSES = ("queued", "running", "done", "failed", "cancelled")
COUNTS = ("total", "done", "clear", "review", "block", "errors")
CHUNK_ROWS = 500
MAX_DELIVERIES = 5


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class IdempotencyConflict(Exception):
    """The Idempotency-Key was used before with a different body."""

    def __init__(self, job_id: str) -> None:
        super().__init__(job_id)
        self.job_id = job_id


@dataclass(frozen=True)
class Task:
    job_id: str
    chunk: int
    deliveries: int
    token: str  # backend's handle (stream message id)


class JobBackend(Protocol):
    kind: str

    def submit(self, rows: list[Row], *, meta: dict[str, Any], input_sha256: str,
               idempotency_key: str | None, ttl: int) -> tuple[dict[str, Any], bool]: ...

    def get(self, job_id: str) -> dict[str, Any] | None: ...

    def cancel(self, job_id: str) -> dict[str, Any] | None: ...

    def results(self, job_id: str) -> Iterator[dict[str, Any]]: ...

    def claim(self, consumer: str, block_seconds: float) -> Task | None: ...

    def chunk_rows(self, job_id: str, chunk: int) -> list[Row] | None: ...

    def start(self, job_id: str) -> str | None: ...

    def complete(self, task: Task, lines: list[dict[str, Any]], counts: dict[str, int], snapshot: str) -> bool: ...

    def ack(self, task: Task) -> None: ...

    def fail(self, task: Task, message: str) -> None: ...

    def retry(self, task: Task) -> None: ...


def new_job_id() -> str:
    return "job_" + uuid.uuid4().hex


def _chunks(rows: list[Row]) -> list[list[Row]]:
    return [rows[i : i + CHUNK_ROWS] for i in range(0, len(rows), CHUNK_ROWS)] or [[]]


def _total(rows: list[Row]) -> int:
    return sum(len(r.rows) for r in rows)


def _new_job(jid: str, chunks: int, rows: list[Row], meta: dict[str, Any], input_sha256: str,
             ttl: int) -> dict[str, Any]:
    return {
        "id": jid,
        "status": "queued",
        "chunks": chunks,
        "chunks_done": 0,
        "total": _total(rows),
        "done": 0, "clear": 0, "review": 0, "block": 0, "errors": 0,
        "created_at": utc_now(),
        "expires_at": datetime.fromtimestamp(time.time() + ttl, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "input_sha256": input_sha256,
        "snapshots": "",
        **{k: str(v) for k, v in meta.items()},
    }


def _public(job: dict[str, Any]) -> dict[str, Any]:
    snaps = sorted(s for s in str(job.get("snapshots") or "").split(",") if s)
    return {
        "id": job["id"],
        "status": job["status"],
        "counts": {k: int(job.get(k) or 0) for k in COUNTS},
        "chunks": {"total": int(job.get("chunks") or 0), "done": int(job.get("chunks_done") or 0)},
        "created_at": job.get("created_at"),
        "started_at": job.get("started_at") or None,
        "finished_at": job.get("finished_at") or None,
        "expires_at": job.get("expires_at"),
        "input": {"format": job.get("format"), "sha256": job.get("input_sha256"), "rows": int(job.get("total") or 0)},
        "snapshots": snaps,
        "error": job.get("error") or None,
    }


# ----------------------------------------------------------------------------- memory


class MemoryJobBackend:
    """The embedded default: jobs in this process, same semantics on one machine."""

    kind = "memory"

    def __init__(self) -> None:
        self._jobs: dict[str, dict[str, Any]] = {}
        self._in: dict[tuple[str, int], list[Row]] = {}
        self._out: dict[tuple[str, int], list[dict[str, Any]]] = {}
        self._idem: dict[str, str] = {}
        self._expiry: dict[str, float] = {}
        self._queue: queue.Queue[Task] = queue.Queue()
        self._lock = threading.Lock()

    def _purge(self) -> None:
        now = time.time()
        for jid in [j for j, exp in self._expiry.items() if exp < now]:
            job = self._jobs.pop(jid, None)
            self._expiry.pop(jid, None)
            for n in range(int(job["chunks"]) if job else 0):
                self._in.pop((jid, n), None)
                self._out.pop((jid, n), None)
            for k in [k for k, v in self._idem.items() if v == jid]:
                del self._idem[k]

    def submit(self, rows: list[Row], *, meta: dict[str, Any], input_sha256: str,
               idempotency_key: str | None, ttl: int) -> tuple[dict[str, Any], bool]:
        with self._lock:
            self._purge()
            if idempotency_key and idempotency_key in self._idem:
                job = self._jobs[self._idem[idempotency_key]]
                if job["input_sha256"] != input_sha256:
                    raise IdempotencyConflict(job["id"])
                return _public(job), False
            chunks = _chunks(rows)
            jid = new_job_id()
            job = _new_job(jid, len(chunks), rows, meta, input_sha256, ttl)
            self._jobs[jid] = job
            self._expiry[jid] = time.time() + ttl
            for n, chunk in enumerate(chunks):
                self._in[(jid, n)] = chunk
            if idempotency_key:
                self._idem[idempotency_key] = jid
            for n in range(len(chunks)):
                self._queue.put(Task(jid, n, 1, f"{jid}:{n}"))
            return _public(job), True

    def get(self, job_id: str) -> dict[str, Any] | None:
        with self._lock:
            job = self._jobs.get(job_id)
            return _public(job) if job else None

    def cancel(self, job_id: str) -> dict[str, Any] | None:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None:
                return None
            if job["status"] in ("queued", "running"):
                job["status"] = "cancelled"
                job["finished_at"] = utc_now()
            return _public(job)

    def results(self, job_id: str) -> Iterator[dict[str, Any]]:
        n = 0
        while True:
            with self._lock:
                job = self._jobs.get(job_id)
                if job is None or n >= int(job["chunks"]):
                    return
                lines = self._out.get((job_id, n))
            if lines is None:
                return
            yield from lines
            n += 1

    def claim(self, consumer: str, block_seconds: float) -> Task | None:
        try:
            return self._queue.get(timeout=block_seconds)
        except queue.Empty:
            return None

    def chunk_rows(self, job_id: str, chunk: int) -> list[Row] | None:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None or job["status"] in ("cancelled", "failed"):
                return None
            return self._in.get((job_id, chunk))

    def start(self, job_id: str) -> str | None:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None:
                return None
            if job["status"] == "queued":
                job["status"] = "running"
                job["started_at"] = utc_now()
            return str(job["status"])

    def complete(self, task: Task, lines: list[dict[str, Any]], counts: dict[str, int], snapshot: str) -> bool:
        with self._lock:
            job = self._jobs.get(task.job_id)
            if job is None or (task.job_id, task.chunk) in self._out:
                return False
            self._out[(task.job_id, task.chunk)] = lines
            self._in.pop((task.job_id, task.chunk), None)
            for k, v in counts.items():
                job[k] = int(job[k]) + v
            snaps = set(filter(None, str(job["snapshots"]).split(",")))
            job["snapshots"] = ",".join(sorted(snaps | {snapshot}))
            job["chunks_done"] += 1
            if job["chunks_done"] == job["chunks"] and job["status"] in ("queued", "running"):
                job["status"] = "done"
                job["finished_at"] = utc_now()
            return True

    def ack(self, task: Task) -> None:
        self._queue.task_done()

    def retry(self, task: Task) -> None:
        self._queue.task_done()
        self._queue.put(Task(task.job_id, task.chunk, task.deliveries + 1, task.token))

    def fail(self, task: Task, message: str) -> None:
        with self._lock:
            job = self._jobs.get(task.job_id)
            if job is not None and job["status"] in ("queued", "running"):
                job["status"] = "failed"
                job["error"] = message
                job["finished_at"] = utc_now()


# ----------------------------------------------------------------------------- redis

_COMPLETE = """
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('SET', KEYS[2], ARGV[1], 'EX', tonumber(ARGV[2]))
redis.call('DEL', KEYS[3])
local counts = cjson.decode(ARGV[3])
for k, v in pairs(counts) do redis.call('HINCRBY', KEYS[1], k, v) end
local snaps = redis.call('HGET', KEYS[1], 'snapshots') or ''
if not string.find(',' .. snaps .. ',', ',' .. ARGV[4] .. ',', 1, true) then
  if snaps == '' then snaps = ARGV[4] else snaps = snaps .. ',' .. ARGV[4] end
  redis.call('HSET', KEYS[1], 'snapshots', snaps)
end
local done = redis.call('HINCRBY', KEYS[1], 'chunks_done', 1)
local status = redis.call('HGET', KEYS[1], 'status')
if done == tonumber(redis.call('HGET', KEYS[1], 'chunks')) and (status == 'queued' or status == 'running') then
  redis.call('HSET', KEYS[1], 'status', 'done', 'finished_at', ARGV[5])
end
return 1
"""

_START = """
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return false end
if status == 'queued' then
  redis.call('HSET', KEYS[1], 'status', 'running', 'started_at', ARGV[1])
  return 'running'
end
return status
"""

_SET_IF_ACTIVE = """
local status = redis.call('HGET', KEYS[1], 'status')
if status == 'queued' or status == 'running' then
  redis.call('HSET', KEYS[1], 'status', ARGV[1], 'finished_at', ARGV[2], 'error', ARGV[3])
end
return redis.call('HGET', KEYS[1], 'status')
"""


class RedisJobBackend:
    """Jobs shared by every API process and worker on one redis."""

    kind = "redis"
    group = "workers"

    def __init__(self, url: str, *, visibility_seconds: float = 60.0, client: redis.Redis | None = None,
                 prefix: str = "tradescreen:") -> None:
        self.url = url
        self.prefix = prefix
        self.stream = prefix + "jobs"
        self.visibility_ms = int(visibility_seconds * 1000)
        self.r = client or redis.Redis.from_url(url, socket_timeout=10.0, socket_connect_timeout=3.0,
                                                decode_responses=True, health_check_interval=30)
        self._complete = self.r.register_script(_COMPLETE)
        self._start = self.r.register_script(_START)
        self._set_if_active = self.r.register_script(_SET_IF_ACTIVE)
        self._group_ready = False

    def _k(self, *parts: object) -> str:
        return self.prefix + ":".join(str(p) for p in parts)

    def _ensure_group(self) -> None:
        if self._group_ready:
            return
        try:
            self.r.xgroup_create(self.stream, self.group, id="0", mkstream=True)
        except redis.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise
        self._group_ready = True

    def submit(self, rows: list[Row], *, meta: dict[str, Any], input_sha256: str,
               idempotency_key: str | None, ttl: int) -> tuple[dict[str, Any], bool]:
        self._ensure_group()
        jid = new_job_id()
        if idempotency_key:
            idem = self._k("idem", idempotency_key)
            if not self.r.set(idem, jid, nx=True, ex=ttl):
                existing = self.r.get(idem)
                job = self.get(existing) if existing else None
                if job is not None:
                    raw = self.r.hget(self._k("job", existing), "input_sha256")
                    if raw != input_sha256:
                        raise IdempotencyConflict(str(existing))
                    return job, False
                self.r.set(idem, jid, ex=ttl)
        chunks = _chunks(rows)
        job = _new_job(jid, len(chunks), rows, meta, input_sha256, ttl)
        pipe = self.r.pipeline(transaction=True)
        key = self._k("job", jid)
        pipe.hset(key, mapping={k: str(v) for k, v in job.items()})
        pipe.expire(key, ttl)
        for n, chunk in enumerate(chunks):
            pipe.set(self._k("job", jid, "in", n), json.dumps([r.to_json() for r in chunk], ensure_ascii=False), ex=ttl)
        for n in range(len(chunks)):
            pipe.xadd(self.stream, {"job": jid, "chunk": n, "ttl": ttl}, maxlen=1_000_000, approximate=True)
        pipe.execute()
        return _public(job), True

    def get(self, job_id: str) -> dict[str, Any] | None:
        raw = self.r.hgetall(self._k("job", job_id))
        return _public(raw) if raw else None

    def cancel(self, job_id: str) -> dict[str, Any] | None:
        key = self._k("job", job_id)
        if not self.r.exists(key):
            return None
        self._set_if_active(keys=[key], args=["cancelled", utc_now(), ""])
        return self.get(job_id)

    def results(self, job_id: str) -> Iterator[dict[str, Any]]:
        chunks = self.r.hget(self._k("job", job_id), "chunks")
        for n in range(int(chunks or 0)):
            raw = self.r.get(self._k("job", job_id, "out", n))
            if raw is None:
                return
            yield from json.loads(raw)

    def claim(self, consumer: str, block_seconds: float) -> Task | None:
        self._ensure_group()
        # First, tasks another worker took and did not finish in time.
        _, claimed, *_ = self.r.xautoclaim(self.stream, self.group, consumer, min_idle_time=self.visibility_ms,
                                           start_id="0-0", count=1)
        if claimed:
            msg_id, fields = claimed[0]
            return self._task(msg_id, fields)
        got = self.r.xreadgroup(self.group, consumer, {self.stream: ">"}, count=1,
                                block=max(1, int(block_seconds * 1000)))
        if not got:
            return None
        msg_id, fields = got[0][1][0]
        return self._task(msg_id, fields)

    def _task(self, msg_id: str, fields: dict[str, str]) -> Task:
        pending = self.r.xpending_range(self.stream, self.group, min=msg_id, max=msg_id, count=1)
        deliveries = int(pending[0]["times_delivered"]) if pending else 1
        return Task(fields["job"], int(fields["chunk"]), deliveries, msg_id)

    def chunk_rows(self, job_id: str, chunk: int) -> list[Row] | None:
        status = self.r.hget(self._k("job", job_id), "status")
        if status is None or status in ("cancelled", "failed"):
            return None
        raw = self.r.get(self._k("job", job_id, "in", chunk))
        return None if raw is None else [Row.from_json(d) for d in json.loads(raw)]

    def start(self, job_id: str) -> str | None:
        got = self._start(keys=[self._k("job", job_id)], args=[utc_now()])
        return str(got) if got else None

    def complete(self, task: Task, lines: list[dict[str, Any]], counts: dict[str, int], snapshot: str) -> bool:
        key = self._k("job", task.job_id)
        ttl = self.r.ttl(key)
        got = self._complete(
            keys=[key, self._k("job", task.job_id, "out", task.chunk), self._k("job", task.job_id, "in", task.chunk)],
            args=[json.dumps(lines, ensure_ascii=False), max(int(ttl), 60), json.dumps(counts), snapshot, utc_now()],
        )
        return bool(got == 1)

    def ack(self, task: Task) -> None:
        self.r.xack(self.stream, self.group, task.token)
        self.r.xdel(self.stream, task.token)

    def retry(self, task: Task) -> None:
        """Leave the task pending: after the visibility timeout a worker claims it."""

    def fail(self, task: Task, message: str) -> None:
        self._set_if_active(keys=[self._k("job", task.job_id)], args=["failed", utc_now(), message])
