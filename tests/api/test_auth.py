"""API keys and roles, rate limits, metrics, logs without party data."""

from __future__ import annotations

import json
import logging

import pytest
from flask.testing import FlaskClient

from api import create_app
from api.auth import hash_key
from tradescreen.logs import JsonFormatter

GOOD = {"parties": [{"role": "buyer", "name": "Teehaus Nordwind GmbH", "country": "DE"}],
        "route": {"destination": "DE"}}


@pytest.fixture(scope="module")
def secured(tmp_path_factory) -> FlaskClient:
    keys_file = tmp_path_factory.mktemp("keys") / "keys"
    keys_file.write_text(f"# sha256 role name\n{hash_key('reviewer-secret')} review officers\n")
    app = create_app({"TESTING": True, "api_keys": "screen-secret:screen,admin-secret:admin",
                      "api_keys_file": str(keys_file)})
    return app.test_client()


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_health_and_openapi_are_open(secured: FlaskClient) -> None:
    assert secured.get("/healthz").status_code == 200
    assert secured.get("/readyz").status_code == 200
    assert secured.get("/openapi.json").status_code == 200


def test_no_key_is_401_with_challenge(secured: FlaskClient) -> None:
    r = secured.post("/v1/screenings", json=GOOD)
    assert r.status_code == 401 and r.mimetype == "application/problem+json"
    assert r.headers["WWW-Authenticate"].startswith("Bearer")
    assert secured.get("/v1/lists", headers=bearer("wrong")).status_code == 401
    assert secured.get("/v1/lists", headers={"Authorization": "Basic abc"}).status_code == 401


def test_key_with_the_right_role_passes(secured: FlaskClient) -> None:
    assert secured.post("/v1/screenings", json=GOOD, headers=bearer("screen-secret")).status_code == 200
    assert secured.get("/v1/lists", headers=bearer("reviewer-secret")).status_code == 200


def test_wrong_role_is_403(secured: FlaskClient) -> None:
    r = secured.post("/v1/lists/reload", headers=bearer("screen-secret"))
    assert r.status_code == 403 and "admin" in r.get_json()["detail"]
    assert secured.post("/v1/lists/reload", headers=bearer("admin-secret")).status_code == 200


def test_metrics_need_a_key_and_count_verdicts(secured: FlaskClient) -> None:
    assert secured.get("/metrics").status_code == 401
    secured.post("/v1/screenings", json=GOOD, headers=bearer("screen-secret"))
    text = secured.get("/metrics", headers=bearer("screen-secret")).get_data(as_text=True)
    assert 'tradescreen_verdicts_total{channel="api",verdict="clear"}' in text
    assert 'tradescreen_list_entries{source="sample"}' in text
    assert "tradescreen_http_request_duration_seconds_bucket" in text


def test_rate_limit_is_429_with_retry_after() -> None:
    c = create_app({"TESTING": True, "rate_limit_per_minute": 3}).test_client()
    codes = [c.get("/v1/rules").status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[3] == 429
    r = c.get("/v1/rules")
    assert r.mimetype == "application/problem+json" and int(r.headers["Retry-After"]) > 0


def test_bad_key_configuration_is_refused() -> None:
    with pytest.raises(ValueError, match="KEY:ROLE"):
        create_app({"TESTING": True, "api_keys": "abc:superuser"})


def test_request_log_has_no_party_data(client: FlaskClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="tradescreen.api")
    client.post("/v1/screenings", json=GOOD)
    client.get("/v1/search", query_string={"name": "Teehaus Nordwind"})
    lines = [JsonFormatter().format(r) for r in caplog.records]
    assert lines and all("Teehaus" not in line for line in lines)
    record = json.loads(lines[-1])
    assert record["path"] == "/v1/search" and record["request_id"] and record["status"] == 200


def test_exceptions_are_logged_without_their_message() -> None:
    try:
        raise KeyError("Teehaus Nordwind GmbH")
    except KeyError:
        import sys

        rec = logging.LogRecord("t", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())
    out = json.loads(JsonFormatter().format(rec))
    assert out["error"]["type"] == "KeyError" and "Teehaus" not in json.dumps(out)
