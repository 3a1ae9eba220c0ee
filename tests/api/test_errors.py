"""Every error is RFC 9457 application/problem+json naming the field at fault;
no input gives a 500."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from api import create_app

GOOD = {"parties": [{"role": "buyer", "name": "Acme GmbH", "country": "DE"}], "route": {"destination": "DE"}}


def problem(r, status: int) -> dict:
    assert r.status_code == status, r.get_data(as_text=True)
    assert r.mimetype == "application/problem+json"
    body = r.get_json()
    assert body["status"] == status
    assert body["type"].startswith("https://") and body["title"] and body["detail"]
    assert body["instance"] == r.request.path
    return body


def fields(body: dict) -> set[str]:
    return {e["field"] for e in body.get("errors", [])}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**GOOD, "colour": "red"}, "colour"),
        ({**GOOD, "parties": []}, "parties"),
        ({"route": {"destination": "DE"}}, "parties"),
        ({**GOOD, "parties": [{"role": "buyer", "name": "A", "country": "ZZ"}]}, "parties.0.country"),
        ({**GOOD, "parties": [{"role": "king", "name": "A"}]}, "parties.0.role"),
        ({**GOOD, "parties": [{"role": "buyer", "name": ""}]}, "parties.0.name"),
        ({**GOOD, "parties": [{"role": "buyer", "name": "x" * 301}]}, "parties.0.name"),
        ({**GOOD, "parties": [{"role": "buyer", "name": "A", "type": "robot"}]}, "parties.0.type"),
        ({**GOOD, "parties": [{"role": "buyer", "name": "A\x00B"}]}, "parties.0.name"),
        ({**GOOD, "parties": [{"role": "buyer", "name": "A", "nickname": "x"}]}, "parties.0.nickname"),
        ({**GOOD, "parties": [{"role": "buyer", "name": "A", "identifiers": [{"scheme": "IMO"}]}]},
         "parties.0.identifiers.0.value"),
        ({**GOOD, "items": [{"hs_code": "8806"}]}, "items.0.description"),
        ({**GOOD, "items": [{"description": "x", "hs_code": "88"}]}, "items.0.hs_code"),
        ({**GOOD, "items": [{"description": "x", "hs_code": "88AB"}]}, "items.0.hs_code"),
        ({**GOOD, "items": [{"description": "x", "hs_code": "8806.22.00.00.1"}]}, "items.0.hs_code"),
        ({**GOOD, "items": [{"description": "x", "currency": "XYZ"}]}, "items.0.currency"),
        ({**GOOD, "items": [{"description": "x", "quantity": -1}]}, "items.0.quantity"),
        ({**GOOD, "route": {"origin": "CN"}}, "route.destination"),
        ({**GOOD, "route": {"destination": "DE", "transit": ["KZ", "Kyrgyzstan"]}}, "route.transit.1"),
        ({**GOOD, "regimes": ["MARS"]}, "regimes.0"),
        ({**GOOD, "parties": [{"role": "buyer", "name": "A"}] * 51}, "parties"),
        ({**GOOD, "items": [{"description": "x"}] * 201}, "items"),
        ([1, 2, 3], "_schema"),
    ],
)
def test_invalid_request_is_422_naming_the_field(client: FlaskClient, body: object, field: str) -> None:
    out = problem(client.post("/v1/screenings", json=body), 422)
    assert field in fields(out), out


def test_all_bad_fields_are_named_at_once(client: FlaskClient) -> None:
    body = {"parties": [{"role": "x", "name": "", "country": "ZZ"}], "foo": 1}
    out = problem(client.post("/v1/screenings", json=body), 422)
    assert {"parties.0.role", "parties.0.name", "parties.0.country", "foo"} <= fields(out)


def test_malformed_json_is_400(client: FlaskClient) -> None:
    out = problem(client.post("/v1/screenings", data='{"parties": [', content_type="application/json"), 400)
    assert fields(out) == {"body"}


def test_deeply_nested_json_is_400_not_500(client: FlaskClient) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    problem(client.post("/v1/screenings", data=deep, content_type="application/json"), 400)


def test_non_json_body_is_415(client: FlaskClient) -> None:
    form = "application/x-www-form-urlencoded"
    out = problem(client.post("/v1/screenings", data="parties=x", content_type=form), 415)
    assert "application/json" in out["detail"]
    problem(client.post("/v1/screenings", data="x"), 415)


def test_body_over_the_limit_is_413() -> None:
    small = create_app({"TESTING": True, "max_body_bytes": 1000}).test_client()
    body = {**GOOD, "end_use": "x" * 2000}
    out = problem(small.post("/v1/screenings", json=body), 413)
    assert "1000" in out["detail"]


def test_unknown_path_is_404(client: FlaskClient) -> None:
    problem(client.get("/v1/nothing-here"), 404)


def test_wrong_method_is_405_with_allow(client: FlaskClient) -> None:
    r = client.delete("/v1/screenings")
    problem(r, 405)
    assert "POST" in r.headers["Allow"]


def test_bad_search_arguments_are_422(client: FlaskClient) -> None:
    out = problem(client.get("/v1/search?limit=0"), 422)
    assert {"query.name", "query.limit"} <= fields(out)
    out = problem(client.get("/v1/search?name=x&threshold=2"), 422)
    assert "query.threshold" in fields(out)


def test_unready_service_answers_503_and_readyz_says_so(tmp_path) -> None:
    c = create_app({"TESTING": True, "rules_dir": str(tmp_path / "missing")}).test_client()
    assert c.get("/healthz").status_code == 200
    out = problem(c.get("/readyz"), 503)
    assert "missing" in out["detail"]
    problem(c.post("/v1/screenings", json=GOOD), 503)


def test_unexpected_error_is_a_generic_500_that_leaks_nothing(monkeypatch, client: FlaskClient) -> None:
    import api.screenings

    def boom(*a, **k):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(api.screenings, "screen", boom)
    out = problem(client.post("/v1/screenings", json=GOOD), 500)
    assert "secret" not in str(out)


def test_ten_thousand_parties_are_refused_not_screened(client: FlaskClient) -> None:
    body = {"parties": [{"role": "buyer", "name": f"Firm {i}"} for i in range(10_000)]}
    out = problem(client.post("/v1/screenings", json=body), 422)
    assert "parties" in fields(out)


def test_batch_upload_over_its_limit_is_413() -> None:
    small = create_app({"TESTING": True, "max_job_bytes": 2000}).test_client()
    body = "name,country\n" + "Firm Number Something GmbH,DE\n" * 200
    problem(small.post("/v1/jobs", data=body, content_type="text/csv"), 413)
