"""The service's shared store on a real redis."""

from __future__ import annotations

import redis

from api import create_app
from jobs.store import RedisStore

BODY = {
    "parties": [{"role": "buyer", "name": "Teehaus Nordwind GmbH", "country": "DE"}],
    "items": [{"description": "Green tea", "hs_code": "0902.10"}],
    "route": {"destination": "DE"},
}


def test_round_trip_with_ttl(redis_url: str, key_prefix: str) -> None:
    store = RedisStore(redis_url)
    assert store.ping()
    store.put(key_prefix + "k", {"verdict": "clear", "name": "ООО Ромашка"}, ttl=60)
    assert store.get(key_prefix + "k") == {"verdict": "clear", "name": "ООО Ромашка"}
    ttl = store.client.ttl(store.prefix + key_prefix + "k")
    assert 0 < ttl <= 60, "every key is written with a TTL"
    assert store.get(key_prefix + "missing") is None


def test_a_screening_stored_by_one_process_is_served_by_another(redis_url: str) -> None:
    writer = create_app({"TESTING": True, "redis_url": redis_url}).test_client()
    reader = create_app({"TESTING": True, "redis_url": redis_url}).test_client()
    out = writer.post("/v1/screenings", json=BODY).get_json()
    r = reader.get(f"/v1/screenings/{out['id']}")
    assert r.status_code == 200
    assert r.get_json() == out


def test_screening_still_answers_when_redis_is_gone() -> None:
    # A port nobody listens on: the store fails, the screening does not.
    app = create_app({"TESTING": True, "redis_url": "redis://127.0.0.1:1/0"})
    c = app.test_client()
    r = c.post("/v1/screenings", json=BODY)
    assert r.status_code == 200 and r.get_json()["verdict"] == "clear"
    # The result is still served: from the durable audit record.
    fetch = c.get(f"/v1/screenings/{r.get_json()['id']}")
    assert fetch.status_code == 200 and fetch.get_json() == r.get_json()


def test_store_reports_unavailable_redis() -> None:
    store = RedisStore("redis://127.0.0.1:1/0", client=redis.Redis(port=1, socket_connect_timeout=0.2))
    assert store.ping() is False
