"""POST /v1/screenings and GET /v1/screenings/{id}: the contract ERP integrations code against."""

from __future__ import annotations

import json

from flask.testing import FlaskClient

DRONES_TO_RUSSIA = {
    "reference": "PO-2023-0917",
    "parties": [
        {"role": "exporter", "name": "Harbin Northern Optics Trading Co., Ltd.", "country": "CN"},
        {"role": "buyer", "name": "Nebesnaya Mekhanika LLC", "country": "RU"},
    ],
    "items": [{"description": "Quadcopter drone with thermal camera", "hs_code": "8806.22.00", "quantity": 50}],
    "route": {"origin": "CN", "destination": "RU"},
    "end_use": "aerial photography",
}
TEA_TO_GERMANY = {
    "parties": [
        {"role": "exporter", "name": "Hangzhou West Lake Tea Garden Co., Ltd.", "country": "CN"},
        {"role": "buyer", "name": "Teehaus Nordwind GmbH", "country": "DE"},
    ],
    "items": [{"description": "Green tea, loose leaf, 25 kg bags", "hs_code": "0902.10"}],
    "route": {"origin": "CN", "destination": "DE"},
}


def post(client: FlaskClient, body: dict) -> tuple[int, dict]:
    r = client.post("/v1/screenings", json=body)
    return r.status_code, r.get_json()


def test_drones_to_russia_block_with_cited_reasons(client: FlaskClient) -> None:
    status, out = post(client, DRONES_TO_RUSSIA)
    assert status == 200
    assert out["verdict"] == "block"
    assert 90 <= out["risk_score"] <= 100
    assert out["reference"] == "PO-2023-0917"
    assert out["summary"].startswith("Blocked: ")
    first = out["reasons"][0]
    assert first["severity"] == "block"
    assert set(first) == {"code", "severity", "message", "party", "item", "source", "citation", "regime"}
    severities = [r["severity"] for r in out["reasons"]]
    rank = {"block": 0, "review": 1, "info": 2}
    assert severities == sorted(severities, key=rank.__getitem__), "most severe first"
    for reason in out["reasons"]:
        assert reason["source"] and reason["citation"], reason
    codes = {r["code"] for r in out["reasons"]}
    assert "ITEM_CONTROLLED" in codes
    # The buyer is on the bundled internal watch list (press reporting): a match to review.
    buyer = out["parties"][1]
    assert buyer["matches"], "Nebesnaya Mekhanika is on the internal list"
    m = buyer["matches"][0]
    assert m["source"] == "internal" and 0 <= m["score"] <= 1
    assert m["explanation"]["query_normalized"] == "nebesnaya mekhanika"
    assert out["items"][0]["hs_code"] == "8806.22.00"
    assert any("88" in " ".join(c["evidence"]) for c in out["items"][0]["controls"])


def test_ordinary_goods_come_out_clear(client: FlaskClient) -> None:
    status, out = post(client, TEA_TO_GERMANY)
    assert status == 200
    assert out["verdict"] == "clear"
    assert out["risk_score"] < 50
    assert all(r["severity"] == "info" for r in out["reasons"])
    assert [p["matches"] for p in out["parties"]] == [[], []]
    assert out["summary"].startswith("Clear: ")


def test_same_request_same_answer(client: FlaskClient) -> None:
    _, a = post(client, DRONES_TO_RUSSIA)
    _, b = post(client, DRONES_TO_RUSSIA)
    assert a["id"] != b["id"]
    for key in ("verdict", "risk_score", "summary", "reasons", "parties", "items", "snapshot"):
        assert a[key] == b[key], key


def test_response_names_its_snapshot(client: FlaskClient) -> None:
    _, out = post(client, TEA_TO_GERMANY)
    snap = out["snapshot"]
    sources = {li["source"] for li in snap["lists"]}
    assert {"sample", "internal"} <= sources
    for li in snap["lists"]:
        assert li["version"] and li["entries"] > 0 and len(li["sha256"]) == 64
    assert snap["rules_version"] and snap["engine_version"]
    assert out["screened_at"].endswith("Z")


def test_result_can_be_fetched_again_by_id(client: FlaskClient) -> None:
    _, out = post(client, DRONES_TO_RUSSIA)
    r = client.get(f"/v1/screenings/{out['id']}")
    assert r.status_code == 200
    assert r.get_json() == out


def test_unknown_screening_is_404_problem(client: FlaskClient) -> None:
    r = client.get("/v1/screenings/scr_doesnotexist")
    assert r.status_code == 404
    assert r.mimetype == "application/problem+json"
    assert "scr_doesnotexist" in r.get_json()["detail"]


def test_regimes_limit_the_rules_applied(client: FlaskClient) -> None:
    _, eu = post(client, {**DRONES_TO_RUSSIA, "regimes": ["EU"]})
    regimes = {r["regime"] for r in eu["reasons"] if r["source"] and ":" not in r["source"]}
    assert regimes and all("EU" in (g or "") for g in regimes)


def test_json_is_indented_and_ends_with_newline(client: FlaskClient) -> None:
    r = client.post("/v1/screenings", json=TEA_TO_GERMANY)
    text = r.get_data(as_text=True)
    assert text.endswith("}\n")
    assert '\n  "verdict": "clear"' in text
    assert json.loads(text)["verdict"] == "clear"


def test_non_latin_text_is_returned_as_written(client: FlaskClient) -> None:
    body = {**TEA_TO_GERMANY, "parties": [{"role": "buyer", "name": "ООО Ромашка", "country": "DE"}]}
    r = client.post("/v1/screenings", json=body)
    assert "ООО Ромашка" in r.get_data(as_text=True)


def test_items_show_dual_use_candidates_and_unknown_codes(client: FlaskClient) -> None:
    body = {
        "parties": [{"role": "buyer", "name": "Teehaus Nordwind GmbH", "country": "DE"}],
        "items": [
            {"description": "GNSS receiver with CRPA anti-jam antenna", "hs_code": "8526.91"},
            {"description": "Electrical parts of machinery", "hs_code": "8548.10"},
        ],
        "route": {"destination": "DE"},
    }
    _, out = post(client, body)
    gnss = out["items"][0]["dual_use_candidates"]
    assert gnss and gnss[0]["code"].startswith("7A") and 0 < gnss[0]["score"] <= 1
    assert "crpa" in gnss[0]["matched_keywords"] or "gnss receiver" in gnss[0]["matched_keywords"]
    unknown = [r for r in out["reasons"] if r["code"] == "ITEM_HS_UNKNOWN"]
    assert unknown and unknown[0]["item"] == 1 and "8548" in unknown[0]["message"]
    # Candidates are decision support: on their own they do not make a review.
    assert out["items"][1]["dual_use_candidates"] == []
