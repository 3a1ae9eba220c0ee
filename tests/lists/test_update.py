"""Updating lists: a new publication becomes active only when it passed every
check; a failed update keeps the previous snapshot serving and says why."""

from __future__ import annotations

import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from api import create_app
from lists.snapshots import SnapshotStore
from lists.update import SourceSpec, load_specs, update_source

HEADER = ('"Name"\t"Street_Address"\t"City"\t"State"\t"Country"\t"Postal_Code"\t"Effective_Date"\t'
          '"Expiration_Date"\t"Standard_Order"\t"Last_Update"\t"Action"\t"FR_Citation"\n')


def dpl_text(*names: str, updated: str = "2022-09-02") -> str:
    rows = [
        f'"{n}"\t"1 MAIN STREET"\t"MOSCOW"\t""\t"RU"\t""\t"01/01/2022"\t"01/01/2032"\t"Y"\t"{updated}"\t'
        f'"F.R. NOTICE ADDED"\t"87 F.R. 1000 1/1/2022"\n'
        for n in names
    ]
    return HEADER + "".join(rows)


SPEC = SourceSpec(source="us_bis_dpl", title="Denied Persons List (DPL)", publisher="BIS", urls=[],
                  min_entries=2, max_entries=100)


@pytest.fixture()
def store(tmp_path: Path) -> SnapshotStore:
    return SnapshotStore(tmp_path / "data")


@pytest.fixture()
def good(tmp_path: Path, store: SnapshotStore) -> Path:
    path = tmp_path / "dpl.txt"
    path.write_text(dpl_text("IVAN TESTOV", "OOO TESTFIRMA", "PETR PRIMEROV"), encoding="utf-8")
    out = update_source(store, SPEC, from_path=path)
    assert out.ok and out.changed and out.entries == 3, out.message
    return path


def test_import_activates_a_complete_snapshot(store: SnapshotStore, good: Path) -> None:
    m = store.manifest("us_bis_dpl")
    assert m is not None and m.entries == 3 and m.version == "2022-09-02" and len(m.sha256) == 64
    info, entries = store.load("us_bis_dpl")
    assert info.entries == 3 and {e.name for e in entries} == {"IVAN TESTOV", "OOO TESTFIRMA", "PETR PRIMEROV"}
    assert store.last_attempt("us_bis_dpl")["outcome"] == "activated"


def test_same_file_again_is_unchanged(store: SnapshotStore, good: Path) -> None:
    gen = store.generation()
    out = update_source(store, SPEC, from_path=good)
    assert out.ok and not out.changed and "unchanged" in out.message
    assert store.generation() == gen


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"", "empty"),
        (b"<html><body>503 Service Unavailable</body></html>", ""),
        (dpl_text("IVAN TESTOV", "OOO TESTFIRMA").encode()[:-60], ""),  # truncated mid-row
        (dpl_text("ONLY ONE").encode(), "outside the expected range"),
        (b"\x1f\x8b\x08\x00garbage", ""),  # corrupt (a broken gzip)
        (b"-0-,x,y\r\n" * 5, ""),  # another list's format
    ],
    ids=["empty", "error-page", "truncated", "too-few-entries", "corrupt", "wrong-format"],
)
def test_failed_update_keeps_the_previous_snapshot(
    tmp_path: Path, store: SnapshotStore, good: Path, content: bytes, why: str
) -> None:
    before = store.manifest("us_bis_dpl")
    bad = tmp_path / "bad" / "dpl.txt"
    bad.parent.mkdir()
    bad.write_bytes(content)
    out = update_source(store, SPEC, from_path=bad)
    assert not out.ok and not out.changed
    assert str(bad) in out.message and why in out.message
    assert "stays active" in out.message
    assert store.manifest("us_bis_dpl") == before, "the good snapshot still serves"
    attempt = store.last_attempt("us_bis_dpl")
    assert attempt["outcome"] == "failed" and str(bad) in attempt["message"]


def test_xml_bomb_is_refused(store: SnapshotStore, fixtures: Path) -> None:
    spec = SourceSpec("un_sc", "UN", "UN", [], 1, 5000)
    out = update_source(store, spec, from_path=fixtures / "bomb.xml")
    assert not out.ok and store.manifest("un_sc") is None
    assert "bomb.xml" in out.message


def test_download_from_the_declared_url(tmp_path: Path, store: SnapshotStore) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "dpl.txt").write_text(dpl_text("IVAN TESTOV", "OOO TESTFIRMA"), encoding="utf-8")

    class Quiet(SimpleHTTPRequestHandler):
        def __init__(self, *a: object, **k: object) -> None:
            super().__init__(*a, directory=str(site), **k)  # type: ignore[misc]

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        ok = update_source(store, SourceSpec("us_bis_dpl", "DPL", "BIS", [f"{base}/dpl.txt"], 2, 100))
        missing = update_source(store, SourceSpec("us_bis_dpl", "DPL", "BIS", [f"{base}/gone.txt"], 2, 100))
    finally:
        server.shutdown()
        server.server_close()
    assert ok.ok and ok.entries == 2
    assert not missing.ok and "download failed" in missing.message
    assert store.manifest("us_bis_dpl").entries == 2


def test_every_source_declares_url_format_and_range() -> None:
    specs = load_specs()
    assert {"us_csl", "us_ofac_sdn", "us_ofac_cons", "us_bis_dpl", "un_sc", "eu_fsf", "uk_hmt"} <= set(specs)
    for s in specs.values():
        if s.source != "internal":
            assert s.urls and s.urls[0].startswith("https://"), s.source
            assert 0 < s.min_entries < s.max_entries


def test_running_service_switches_to_a_new_snapshot(tmp_path: Path) -> None:
    data = tmp_path / "svc"
    app = create_app({"TESTING": True, "data_dir": str(data)})
    state = app.extensions["tradescreen"]
    c = app.test_client()
    sources = {li["source"] for li in c.get("/v1/lists").get_json()["lists"]}
    assert "us_bis_dpl" not in sources
    src = tmp_path / "dpl.txt"
    src.write_text(dpl_text("IVAN TESTOV", "OOO TESTFIRMA"), encoding="utf-8")
    assert update_source(SnapshotStore(data), SPEC, from_path=src).ok
    assert state.check_for_new_snapshot() is True
    lists = {li["source"]: li for li in c.get("/v1/lists").get_json()["lists"]}
    assert lists["us_bis_dpl"]["entries"] == 2
    assert lists["us_bis_dpl"]["last_update"]["outcome"] == "activated"
    hit = c.get("/v1/search", query_string={"name": "Ivan Testov"}).get_json()["matches"]
    assert hit and hit[0]["source"] == "us_bis_dpl"
    # A corrupt snapshot file is skipped and reported; the rest keeps serving.
    snap = SnapshotStore(data).active_dir("us_bis_dpl")
    (snap / "entries.json.gz").write_bytes(b"not gzip")
    r = c.post("/v1/lists/reload")
    assert r.status_code == 200
    body = r.get_json()
    assert "us_bis_dpl" not in {li["source"] for li in body["lists"]}
    assert body["load_errors"] and "us_bis_dpl" in body["load_errors"][0]
    shutil.rmtree(snap)
