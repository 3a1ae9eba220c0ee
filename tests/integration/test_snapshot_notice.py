"""A new list snapshot reaches every running process: the update announces it
on redis (generation key and pub/sub), and each process's watcher switches."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

from api import create_app
from jobs import notify
from lists.snapshots import SnapshotStore
from lists.update import SourceSpec, update_source

DPL = ('"Name"\t"Street_Address"\t"City"\t"State"\t"Country"\t"Postal_Code"\t"Effective_Date"\t"Expiration_Date"\t'
       '"Standard_Order"\t"Last_Update"\t"Action"\t"FR_Citation"\n'
       + "".join(f'"{n}"\t"1 MAIN ST"\t"MOSCOW"\t""\t"RU"\t""\t"01/01/2022"\t"01/01/2032"\t"Y"\t"2022-09-02"\t'
                 f'"F.R. NOTICE ADDED"\t"87 F.R. 1000 1/1/2022"\n' for n in ("IVAN NOTICEOV", "OOO NOTICEFIRMA")))


def test_every_process_switches_to_an_announced_snapshot(redis_url: str, tmp_path: Path) -> None:
    prefix = f"notice-{uuid.uuid4().hex[:6]}:"
    config = {"TESTING": True, "WATCH_LISTS": True, "watch_seconds": 1, "redis_url": redis_url,
              "redis_prefix": prefix, "data_dir": str(tmp_path / "data")}
    apps = [create_app(config), create_app(config)]
    try:
        src = tmp_path / "dpl.txt"
        src.write_text(DPL, encoding="utf-8")
        store = SnapshotStore(tmp_path / "data")
        assert update_source(store, SourceSpec("us_bis_dpl", "DPL", "BIS", [], 2, 100), from_path=src).ok
        notify.announce(redis_url, store.generation(), prefix)
        deadline = time.time() + 15
        seen = [False, False]
        while time.time() < deadline and not all(seen):
            for i, app in enumerate(apps):
                lists = app.test_client().get("/v1/lists").get_json()["lists"]
                seen[i] = any(li["source"] == "us_bis_dpl" for li in lists)
            time.sleep(0.2)
        assert seen == [True, True], "both processes serve the new snapshot"
        hit = apps[1].test_client().get("/v1/search", query_string={"name": "Ivan Noticeov"}).get_json()
        assert hit["matches"][0]["source"] == "us_bis_dpl"
    finally:
        for app in apps:
            app.extensions["tradescreen"].stop()
