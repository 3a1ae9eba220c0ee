"""Prometheus metrics: requests, latencies, verdicts, list age.

With several gunicorn workers, `tradescreen serve` sets PROMETHEUS_MULTIPROC_DIR
so that /metrics adds up every worker."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime

from flask import Flask, Response, g, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest

REQUESTS = Counter("tradescreen_http_requests", "HTTP requests", ["method", "endpoint", "status"])
LATENCY = Histogram(
    "tradescreen_http_request_duration_seconds",
    "HTTP request latency",
    ["endpoint"],
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
VERDICTS = Counter("tradescreen_verdicts", "Screening verdicts", ["verdict", "channel"])
LIST_ENTRIES = Gauge("tradescreen_list_entries", "Entries of each loaded list", ["source"], multiprocess_mode="max")
LIST_AGE = Gauge("tradescreen_list_age_seconds", "Age of each loaded list's version", ["source"],
                 multiprocess_mode="max")


def _age_seconds(version: str) -> float | None:
    try:
        when = datetime.fromisoformat(version[:10]).replace(tzinfo=UTC)
    except ValueError:
        return None
    return max(0.0, (datetime.now(UTC) - when).total_seconds())


def observe_lists(lists: tuple) -> None:  # type: ignore[type-arg]
    for li in lists:
        LIST_ENTRIES.labels(li.source).set(li.entries)
        age = _age_seconds(li.version)
        if age is not None:
            LIST_AGE.labels(li.source).set(age)


def render() -> Response:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        data = generate_latest(registry)
    else:
        data = generate_latest()
    return Response(data, mimetype=CONTENT_TYPE_LATEST.split(";")[0], content_type=CONTENT_TYPE_LATEST)


def init_app(app: Flask) -> None:
    @app.before_request
    def _start() -> None:
        g.started = time.perf_counter()

    @app.after_request
    def _count(resp: Response) -> Response:
        endpoint = request.endpoint or "unmatched"
        REQUESTS.labels(request.method, endpoint, str(resp.status_code)).inc()
        started = g.get("started")
        if started is not None:
            LATENCY.labels(endpoint).observe(time.perf_counter() - started)
        return resp
