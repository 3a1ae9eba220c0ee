"""Batch jobs on a real redis with real worker processes: submit, poll,
results; a worker killed mid-job loses and duplicates no row; idempotency and
cancellation across API processes; a redis restart during a job."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from flask.testing import FlaskClient

from api import create_app

ROWS = 2600  # six chunks of 500 rows


def party_csv(n: int, tag: str) -> str:
    lines = ["name,country"]
    for i in range(n):
        lines.append("Rosoboronexport,RU" if i % 100 == 0 else f"{tag} Optics Supply {i} GmbH,DE")
    return "\n".join(lines) + "\n"


def api(redis_url: str, prefix: str) -> FlaskClient:
    # No in-process job threads: the worker processes do the work.
    app = create_app({"TESTING": True, "WATCH_LISTS": False, "redis_url": redis_url, "redis_prefix": prefix})
    return app.test_client()


def start_worker(redis_url: str, prefix: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "REDIS_URL": redis_url, "TRADESCREEN_REDIS_PREFIX": prefix,
           "TRADESCREEN_JOB_VISIBILITY_SECONDS": "2"}
    return subprocess.Popen([sys.executable, "-m", "tradescreen.cli", "worker"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait(c: FlaskClient, job_id: str, until, timeout: float = 120) -> dict:
    deadline = time.time() + timeout
    job = {}
    while time.time() < deadline:
        r = c.get(f"/v1/jobs/{job_id}")
        if r.status_code == 200:  # 503 while redis restarts
            job = r.get_json()
            if until(job):
                return job
        time.sleep(0.1)
    raise AssertionError(f"timed out: {job}")


def results(c: FlaskClient, job_id: str) -> list[dict]:
    return [json.loads(x) for x in c.get(f"/v1/jobs/{job_id}/results").get_data(as_text=True).splitlines()]


@pytest.fixture()
def prefix() -> str:
    return f"tstest-{uuid.uuid4().hex[:8]}:"


@pytest.fixture()
def workers() -> Iterator[list[subprocess.Popen[bytes]]]:
    procs: list[subprocess.Popen[bytes]] = []
    yield procs
    for p in procs:
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()


def test_submit_poll_results_with_a_worker_process(redis_url: str, prefix: str, workers: list) -> None:
    c = api(redis_url, prefix)
    job = c.post("/v1/jobs", data=party_csv(600, "A"), content_type="text/csv").get_json()
    workers.append(start_worker(redis_url, prefix))
    done = wait(c, job["id"], lambda j: j["status"] == "done")
    assert done["counts"]["done"] == 600 and done["counts"]["block"] == 6
    lines = results(c, job["id"])
    assert [x["row"] for x in lines] == list(range(1, 601))


def test_killed_worker_loses_no_row_and_duplicates_none(redis_url: str, prefix: str, workers: list) -> None:
    c = api(redis_url, prefix)
    job = c.post("/v1/jobs", data=party_csv(ROWS, "K"), content_type="text/csv").get_json()
    first = start_worker(redis_url, prefix)
    workers.append(first)
    # Kill it hard once it has completed some chunks but not all.
    wait(c, job["id"], lambda j: 0 < j["chunks"]["done"] < j["chunks"]["total"], timeout=120)
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    partial = c.get(f"/v1/jobs/{job['id']}").get_json()
    assert partial["status"] == "running"
    workers.append(start_worker(redis_url, prefix))
    done = wait(c, job["id"], lambda j: j["status"] == "done")
    assert done["counts"]["done"] == ROWS, "every row counted once"
    lines = results(c, job["id"])
    assert [x["row"] for x in lines] == list(range(1, ROWS + 1)), "every row exactly once, in input order"
    assert sum(1 for x in lines if x["verdict"] == "block") == ROWS // 100


def test_idempotency_and_cancellation_across_api_processes(redis_url: str, prefix: str, workers: list) -> None:
    a, b = api(redis_url, prefix), api(redis_url, prefix)
    body = party_csv(ROWS, "C")
    key = {"Idempotency-Key": f"batch-{uuid.uuid4().hex}"}
    j1 = a.post("/v1/jobs", data=body, content_type="text/csv", headers=key).get_json()
    j2 = b.post("/v1/jobs", data=body, content_type="text/csv", headers=key).get_json()
    assert j1["id"] == j2["id"]
    cancelled = b.delete(f"/v1/jobs/{j1['id']}").get_json()
    assert cancelled["status"] == "cancelled"
    workers.append(start_worker(redis_url, prefix))
    time.sleep(3)
    after = a.get(f"/v1/jobs/{j1['id']}").get_json()
    assert after["status"] == "cancelled"
    assert after["counts"]["done"] == 0, "a cancelled job's chunks are skipped"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_redis(port: int, folder: Path) -> None:
    subprocess.run(
        ["redis-server", "--daemonize", "yes", "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder),
         "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--logfile", str(folder / "redis.log")],
        check=True,
    )
    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            return
        except redis.ConnectionError:
            time.sleep(0.05)
    raise AssertionError("private redis did not start")


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed")
def test_job_survives_a_redis_restart(redis_url: str, tmp_path: Path, workers: list) -> None:
    """With append-only persistence (as the README requires for deployments),
    a redis restart in the middle of a job loses nothing."""
    port = _free_port()
    url = f"redis://127.0.0.1:{port}/0"
    _start_redis(port, tmp_path)
    try:
        prefix = "restart:"
        c = api(url, prefix)
        job = c.post("/v1/jobs", data=party_csv(ROWS, "R"), content_type="text/csv").get_json()
        workers.append(start_worker(url, prefix))
        wait(c, job["id"], lambda j: j["chunks"]["done"] >= 1, timeout=120)
        redis.Redis(port=port).shutdown(nosave=True)
        time.sleep(1.0)
        _start_redis(port, tmp_path)
        done = wait(c, job["id"], lambda j: j["status"] == "done", timeout=180)
        assert done["counts"]["done"] == ROWS
        assert [x["row"] for x in results(c, job["id"])] == list(range(1, ROWS + 1))
    finally:
        try:
            redis.Redis(port=port).shutdown(nosave=True)
        except redis.RedisError:
            pass
