"""Self-description: lists, rules, search, health, the OpenAPI document."""

from __future__ import annotations

from flask.testing import FlaskClient


def test_lists_describe_each_loaded_list(client: FlaskClient) -> None:
    r = client.get("/v1/lists")
    assert r.status_code == 200
    lists = {li["source"]: li for li in r.get_json()["lists"]}
    assert lists["sample"]["entries"] >= 150
    for li in lists.values():
        assert set(li) >= {"source", "name", "publisher", "version", "entries", "loaded_at", "sha256"}


def test_rules_list_every_rule_with_its_citation(client: FlaskClient) -> None:
    out = client.get("/v1/rules").get_json()
    assert out["rules_version"]
    assert len(out["rules"]) >= 50
    for rule in out["rules"]:
        assert rule["id"] and rule["citation"] and rule["title"] and rule["severity"] in ("block", "review", "info")
    # The 50 HS codes of the Common High Priority List, each a rule with its tier.
    tiers = [r for r in out["rules"] if any(t.startswith("chpl_tier_") for t in r["tags"])]
    assert len(tiers) == 50
    assert "PARTY_LISTED" in out["reason_codes"]


def test_search_finds_a_listed_firm_with_explanation(client: FlaskClient) -> None:
    r = client.get("/v1/search", query_string={"name": "国防科技大学"})
    assert r.status_code == 200
    matches = r.get_json()["matches"]
    assert matches, "NUDT is in the sample list with its Chinese name"
    top = matches[0]
    assert "Defense Technology" in top["name"]
    assert top["explanation"]["matched_tokens"]


def test_search_threshold_and_limit(client: FlaskClient) -> None:
    loose = client.get("/v1/search", query_string={"name": "Kalashnikov", "threshold": 0.3, "limit": 3}).get_json()
    assert 0 < len(loose["matches"]) <= 3
    scores = [m["score"] for m in loose["matches"]]
    assert scores == sorted(scores, reverse=True)
    assert all(s >= 0.3 for s in scores)


def test_search_by_source(client: FlaskClient) -> None:
    out = client.get("/v1/search", query_string={"name": "Silva", "source": "internal", "threshold": 0.5}).get_json()
    assert out["matches"] and {m["source"] for m in out["matches"]} == {"internal"}


def test_health_and_readiness(client: FlaskClient) -> None:
    assert client.get("/healthz").get_json() == {"status": "ok"}
    ready = client.get("/readyz").get_json()
    assert ready["status"] == "ready" and ready["entries"] >= 150 and ready["rules"] >= 50


def test_openapi_document_is_generated_from_the_schemas(client: FlaskClient) -> None:
    spec = client.get("/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    paths = spec["paths"]
    for p in ("/v1/screenings", "/v1/screenings/{screening_id}", "/v1/search", "/v1/lists", "/v1/rules",
              "/healthz", "/readyz"):
        assert p in paths, p
    party = spec["components"]["schemas"]["Party"]
    assert "role" in party["required"] and party["properties"]["role"]["enum"][0] == "exporter"
