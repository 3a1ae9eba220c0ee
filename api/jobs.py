"""Batch screening jobs: POST /v1/jobs, GET /v1/jobs/{id}, GET /v1/jobs/{id}/results, DELETE /v1/jobs/{id}."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator
from typing import Any

from flask import Response, request, stream_with_context
from flask_smorest import Blueprint

from api.problems import ApiError, Conflict, NotFound, UnsupportedMedia
from api.schemas import JobSchema, ResultsArgsSchema
from api.state import state
from jobs.backend import IdempotencyConflict
from jobs.inputs import MEDIA_CSV, MEDIA_JSON, MEDIA_NDJSON, InputError, read_rows

blp = Blueprint("jobs", __name__, url_prefix="/v1/jobs", description="Batch screening jobs")

ACCEPTED = (MEDIA_CSV, MEDIA_JSON, *MEDIA_NDJSON)
CSV_COLUMNS = (
    "row", "reference", "status", "name", "verdict", "risk_score", "summary", "top_reason_code",
    "top_reason_source", "top_reason_citation", "matches", "best_match", "best_match_list", "best_score", "errors",
)


def _links(job: dict[str, Any]) -> dict[str, Any]:
    return {**job, "links": {"self": f"/v1/jobs/{job['id']}", "results": f"/v1/jobs/{job['id']}/results"}}


@blp.route("", methods=["POST"])
@blp.response(202, JobSchema, headers={"Location": {"description": "URL of the job", "schema": {"type": "string"}}})
@blp.doc(
    requestBody={
        "required": True,
        "description": "CSV (one row per party, or one row per shipment line), JSON lines (one shipment per line) "
        "or a JSON array of shipments. See the README for the CSV columns.",
        "content": {m: {"schema": {"type": "string"}} for m in (MEDIA_CSV, "application/x-ndjson")}
        | {MEDIA_JSON: {"schema": {"type": "array", "items": {"type": "object"}}}},
    },
    parameters=[{"in": "header", "name": "Idempotency-Key", "required": False, "schema": {"type": "string"},
                 "description": "Repeating a submission with the same key returns the same job"}],
)
def submit() -> tuple[dict[str, Any], int, dict[str, str]]:
    """Submit a batch of parties or shipments

    Answers 202 with the job and its Location; poll the job, then fetch its results.
    """
    svc = state()
    media = (request.mimetype or "").lower()
    if media not in ACCEPTED:
        raise UnsupportedMedia(f"Send text/csv, application/x-ndjson or application/json (got {media or 'none'}).")
    key = request.headers.get("Idempotency-Key")
    if key is not None and not (1 <= len(key) <= 200 and key.isprintable()):
        raise ApiError("Idempotency-Key must be 1 to 200 printable characters.",
                       [{"field": "header.Idempotency-Key", "message": "1 to 200 printable characters"}])
    body = request.get_data(cache=False)
    try:
        rows = list(read_rows(body, media))
    except InputError as exc:
        raise ApiError(str(exc), [{"field": exc.field, "message": str(exc)}]) from None
    total = sum(len(r.rows) for r in rows)
    if total == 0:
        raise ApiError("The upload holds no rows.", [{"field": "body", "message": "no rows"}])
    if total > svc.settings.max_job_rows:
        raise ApiError(f"{total} rows; a job takes at most {svc.settings.max_job_rows}.",
                       [{"field": "body", "message": "too many rows"}])
    digest = hashlib.sha256(media.encode() + b"\0" + body).hexdigest()
    try:
        job, created = svc.jobs.submit(rows, meta={"format": media}, input_sha256=digest,
                                       idempotency_key=key, ttl=svc.settings.job_ttl_seconds)
    except IdempotencyConflict as exc:
        raise Conflict(f"Idempotency-Key was used for job {exc.job_id} with a different body.") from None
    return _links(job), 202, {"Location": f"/v1/jobs/{job['id']}"}


@blp.route("/<string:job_id>", methods=["GET"])
@blp.response(200, JobSchema)
def status(job_id: str) -> dict[str, Any]:
    """A job's status and counts"""
    job = state().jobs.get(job_id)
    if job is None:
        raise NotFound(f"No job {job_id} (unknown, or older than the retention period).")
    return _links(job)


@blp.route("/<string:job_id>", methods=["DELETE"])
@blp.response(200, JobSchema)
def cancel(job_id: str) -> dict[str, Any]:
    """Cancel a job; rows already screened stay in its results"""
    job = state().jobs.cancel(job_id)
    if job is None:
        raise NotFound(f"No job {job_id} (unknown, or older than the retention period).")
    return _links(job)


def _safe_cell(value: Any) -> str:
    """CSV cells that a spreadsheet would run as a formula are quoted with '."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv_row(line: dict[str, Any]) -> list[str]:
    reasons = line.get("reasons") or []
    top = reasons[0] if reasons else {}
    matches = line.get("matches")
    if matches is None:
        matches = [m for p in line.get("parties") or [] for m in p.get("matches", [])]
    best = max(matches, key=lambda m: m["score"]) if matches else {}
    errors = "; ".join(f"{e['field']}: {e['message']}" for e in line.get("errors") or [])
    name = line.get("name") or ""
    values = [
        line.get("row"), line.get("reference"), line.get("status"), name, line.get("verdict"),
        line.get("risk_score"), line.get("summary"), top.get("code"), top.get("source"), top.get("citation"),
        len(matches), best.get("name"), best.get("list_name"), best.get("score"), errors,
    ]
    return [_safe_cell(v) for v in values]


@blp.route("/<string:job_id>/results", methods=["GET"])
@blp.arguments(ResultsArgsSchema, location="query")
@blp.response(200, description="One line per input row, in input order (JSON lines or CSV)")
def results(args: dict[str, Any], job_id: str) -> Response:
    """A job's results, streamed, one line per input row in input order

    While the job runs, the rows screened so far (in order) are returned and the
    X-Job-Status header says the job is not done.
    """
    svc = state()
    job = svc.jobs.get(job_id)
    if job is None:
        raise NotFound(f"No job {job_id} (unknown, or older than the retention period).")
    fmt = args.get("format")
    if fmt is None:
        best = request.accept_mimetypes.best_match(["application/x-ndjson", "text/csv", "application/json"])
        fmt = "csv" if best == "text/csv" else "jsonl"
    lines = svc.jobs.results(job_id)

    def gen_jsonl() -> Iterator[str]:
        import json

        for line in lines:
            yield json.dumps(line, ensure_ascii=False) + "\n"

    def gen_csv() -> Iterator[str]:
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(CSV_COLUMNS)
        for line in lines:
            w.writerow(_csv_row(line))
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
        if buf.getvalue():
            yield buf.getvalue()

    if fmt == "csv":
        resp = Response(stream_with_context(gen_csv()), mimetype="text/csv")
    else:
        resp = Response(stream_with_context(gen_jsonl()), mimetype="application/x-ndjson")
    resp.headers["X-Job-Status"] = job["status"]
    resp.headers["X-Job-Rows-Done"] = str(job["counts"]["done"])
    return resp
