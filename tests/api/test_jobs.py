"""Batch jobs through the API on the embedded in-process runner."""

from __future__ import annotations

import csv
import io
import json
import time

import pytest
from flask import Flask
from flask.testing import FlaskClient

from api import create_app

PARTIES = (
    "name,country,type\n"
    "Rosoboronexport,RU,organization\n"
    "Teehaus Nordwind GmbH,DE,organization\n"
    "=HYPERLINK(\"http://evil\"),DE,organization\n"
    "Broken Row,ZZ,organization\n"
)


@pytest.fixture(scope="module")
def jobs_app() -> Flask:
    # WATCH_LISTS on: the in-process job threads run (no redis).
    return create_app({"TESTING": True, "WATCH_LISTS": True, "redis_url": "", "watch_seconds": 0})


@pytest.fixture()
def jc(jobs_app: Flask) -> FlaskClient:
    return jobs_app.test_client()


def wait_done(c: FlaskClient, job_id: str, timeout: float = 30) -> dict:
    deadline = time.time() + timeout
    while time.time() < deadline:
        job = c.get(f"/v1/jobs/{job_id}").get_json()
        if job["status"] in ("done", "failed", "cancelled"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} not done: {job}")


def test_submit_poll_and_fetch_results(jc: FlaskClient) -> None:
    r = jc.post("/v1/jobs", data=PARTIES, content_type="text/csv")
    assert r.status_code == 202
    job = r.get_json()
    assert r.headers["Location"] == f"/v1/jobs/{job['id']}"
    assert job["status"] in ("queued", "running", "done")
    assert job["counts"]["total"] == 4
    done = wait_done(jc, job["id"])
    assert done["status"] == "done"
    assert done["counts"] == {"total": 4, "done": 4, "clear": 2, "review": 0, "block": 1, "errors": 1}
    assert done["snapshots"] and done["finished_at"]

    lines = [json.loads(x) for x in jc.get(job["links"]["results"]).get_data(as_text=True).splitlines()]
    assert [x["row"] for x in lines] == [1, 2, 3, 4]
    assert lines[0]["verdict"] == "block" and lines[0]["matches"][0]["list_name"]
    assert lines[3]["status"] == "error"
    assert lines[3]["errors"][0]["field"] == "parties.0.country"


def test_results_as_csv_neutralise_formulas(jc: FlaskClient) -> None:
    job = jc.post("/v1/jobs", data=PARTIES, content_type="text/csv").get_json()
    wait_done(jc, job["id"])
    r = jc.get(f"/v1/jobs/{job['id']}/results", headers={"Accept": "text/csv"})
    assert r.mimetype == "text/csv"
    table = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
    assert [t["row"] for t in table] == ["1", "2", "3", "4"]
    assert table[2]["name"].startswith("'="), "a formula must not reach a spreadsheet as a formula"
    same = jc.get(f"/v1/jobs/{job['id']}/results?format=csv").get_data(as_text=True)
    assert same == r.get_data(as_text=True), "results can be fetched again, identically"


def test_json_lines_of_shipments(jc: FlaskClient) -> None:
    body = "\n".join(
        json.dumps(s)
        for s in [
            {"reference": "A", "parties": [{"role": "buyer", "name": "Teehaus GmbH", "country": "DE"}],
             "items": [{"description": "green tea", "hs_code": "0902.10"}], "route": {"destination": "DE"}},
            {"reference": "B", "parties": []},
        ]
    )
    job = jc.post("/v1/jobs", data=body, content_type="application/x-ndjson").get_json()
    done = wait_done(jc, job["id"])
    assert done["counts"]["errors"] == 1 and done["counts"]["clear"] == 1
    lines = [json.loads(x) for x in jc.get(f"/v1/jobs/{job['id']}/results").get_data(as_text=True).splitlines()]
    assert lines[0]["reference"] == "A" and lines[0]["verdict"] == "clear"
    assert lines[1]["errors"][0]["field"] == "parties"


def test_idempotency_key_returns_the_same_job(jc: FlaskClient) -> None:
    h = {"Idempotency-Key": "nightly-2026-11-26"}
    a = jc.post("/v1/jobs", data=PARTIES, content_type="text/csv", headers=h).get_json()
    b = jc.post("/v1/jobs", data=PARTIES, content_type="text/csv", headers=h)
    assert b.status_code == 202 and b.get_json()["id"] == a["id"]
    c = jc.post("/v1/jobs", data=PARTIES + "Other,FR,\n", content_type="text/csv", headers=h)
    assert c.status_code == 409 and c.mimetype == "application/problem+json"


def test_cancel(jc: FlaskClient) -> None:
    big = "name,country\n" + "".join(f"Firm Number {i} Trading,DE\n" for i in range(3000))
    job = jc.post("/v1/jobs", data=big, content_type="text/csv").get_json()
    r = jc.delete(f"/v1/jobs/{job['id']}")
    assert r.status_code == 200
    final = wait_done(jc, job["id"])
    assert final["status"] in ("cancelled", "done")
    if final["status"] == "cancelled":
        assert final["counts"]["done"] < 3000


@pytest.mark.parametrize(
    ("data", "ctype", "status", "field"),
    [
        ("name\nA\n", "application/xml", 415, None),
        ("", "text/csv", 400, "body"),
        ("colour\nred\n", "text/csv", 400, "body"),
        ("name,colour\nA,red\n", "text/csv", 400, "header"),
        ('{"a": 1}', "application/json", 400, "body"),
    ],
)
def test_bad_uploads_get_problems(jc: FlaskClient, data: str, ctype: str, status: int, field: str | None) -> None:
    r = jc.post("/v1/jobs", data=data, content_type=ctype)
    assert r.status_code == status and r.mimetype == "application/problem+json"
    if field:
        assert field in {e["field"] for e in r.get_json()["errors"]}


def test_unknown_job_is_404(jc: FlaskClient) -> None:
    for path in ("/v1/jobs/job_nope", "/v1/jobs/job_nope/results"):
        r = jc.get(path)
        assert r.status_code == 404 and r.mimetype == "application/problem+json"
    assert jc.delete("/v1/jobs/job_nope").status_code == 404
