"""Snapshots of official lists under TRADESCREEN_DATA_DIR.

Layout:

    DATA_DIR/snapshots/<source>/<version>-<sha12>/   one immutable snapshot
        <the files as published>
        entries.json.gz                             the parsed entries
        manifest.json                               source, version, sha256, entries, warnings
    DATA_DIR/active/<source>.json                   which snapshot is active (replaced atomically)
    DATA_DIR/active/GENERATION                      bumped on every activation
    DATA_DIR/attempts/<source>.json                 outcome of the last update attempt

A snapshot directory is written completely under a temporary name and renamed
into place; only then is the pointer replaced (os.replace is atomic), so a
reader sees the old snapshot or the new one, never half of one.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lists.errors import ListError
from screening.model import EntryName, Identifier, ListEntry, ListInfo

MANIFEST = "manifest.json"
ENTRIES = "entries.json.gz"


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def write_json_atomic(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def entry_to_json(e: ListEntry) -> dict[str, Any]:
    d = asdict(e)
    d["raw"] = dict(e.raw)
    return d


def entry_from_json(d: dict[str, Any]) -> ListEntry:
    return ListEntry(
        source=d["source"],
        entry_id=d["entry_id"],
        list_name=d["list_name"],
        names=tuple(EntryName(n["value"], n["kind"]) for n in d["names"]),
        type=d["type"],
        countries=tuple(d["countries"]),
        programs=tuple(d["programs"]),
        addresses=tuple(d["addresses"]),
        identifiers=tuple(Identifier(i["scheme"], i["value"]) for i in d["identifiers"]),
        citation=d.get("citation"),
        regime=d.get("regime"),
        url=d.get("url"),
        remarks=d.get("remarks"),
        severity=d.get("severity"),
        raw=d.get("raw") or {},
    )


@dataclass(frozen=True)
class Manifest:
    source: str
    name: str
    publisher: str
    version: str
    sha256: str
    entries: int
    files: list[str]
    created_at: str
    warnings: list[str]
    origin: str

    def info(self, loaded_at: str) -> ListInfo:
        return ListInfo(
            source=self.source,
            name=self.name,
            publisher=self.publisher,
            version=self.version,
            entries=self.entries,
            sha256=self.sha256,
            loaded_at=loaded_at,
            url=self.origin if self.origin.startswith("http") else None,
        )


class SnapshotStore:
    def __init__(self, data_dir: str | Path) -> None:
        self.root = Path(data_dir)

    # ------------------------------------------------------------------ paths

    def _active(self, source: str) -> Path:
        return self.root / "active" / f"{source}.json"

    def _attempt(self, source: str) -> Path:
        return self.root / "attempts" / f"{source}.json"

    @property
    def generation_file(self) -> Path:
        return self.root / "active" / "GENERATION"

    # ------------------------------------------------------------------ read

    def active_sources(self) -> list[str]:
        folder = self.root / "active"
        if not folder.is_dir():
            return []
        return sorted(p.stem for p in folder.glob("*.json"))

    def active_dir(self, source: str) -> Path | None:
        pointer = self._active(source)
        if not pointer.exists():
            return None
        target = self.root / json.loads(pointer.read_text(encoding="utf-8"))["snapshot"]
        return target if target.is_dir() else None

    def manifest(self, source: str) -> Manifest | None:
        d = self.active_dir(source)
        if d is None:
            return None
        return Manifest(**json.loads((d / MANIFEST).read_text(encoding="utf-8")))

    def load(self, source: str) -> tuple[ListInfo, list[ListEntry]]:
        d = self.active_dir(source)
        if d is None:
            raise ListError(str(self._active(source)), "no active snapshot")
        manifest = Manifest(**json.loads((d / MANIFEST).read_text(encoding="utf-8")))
        with gzip.open(d / ENTRIES, "rt", encoding="utf-8") as fh:
            entries = [entry_from_json(e) for e in json.load(fh)]
        if len(entries) != manifest.entries:
            raise ListError(str(d / ENTRIES), f"holds {len(entries)} entries, manifest says {manifest.entries}")
        return manifest.info(utc_now()), entries

    def generation(self) -> str:
        try:
            return self.generation_file.read_text(encoding="utf-8").strip()
        except OSError:
            return ""

    def last_attempt(self, source: str) -> dict[str, Any] | None:
        p = self._attempt(source)
        if not p.exists():
            return None
        data: dict[str, Any] = json.loads(p.read_text(encoding="utf-8"))
        return data

    # ------------------------------------------------------------------ write

    def record_attempt(self, source: str, outcome: str, message: str, **extra: Any) -> None:
        write_json_atomic(self._attempt(source), {"at": utc_now(), "outcome": outcome, "message": message, **extra})

    def create(self, manifest: Manifest, files: list[Path], entries: list[ListEntry]) -> Path:
        """Write a complete snapshot directory (not yet active) and return it."""
        base = self.root / "snapshots" / manifest.source
        base.mkdir(parents=True, exist_ok=True)
        final = base / f"{_safe(manifest.version)}-{manifest.sha256[:12]}"
        if final.exists():
            return final
        tmp = Path(tempfile.mkdtemp(dir=base, prefix=".incoming-"))
        try:
            for f in files:
                shutil.copy2(f, tmp / f.name)
            with gzip.open(tmp / ENTRIES, "wt", encoding="utf-8") as fh:
                json.dump([entry_to_json(e) for e in entries], fh, ensure_ascii=False)
            write_json_atomic(tmp / MANIFEST, asdict(manifest))
            os.replace(tmp, final)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return final

    def activate(self, source: str, snapshot_dir: Path) -> None:
        write_json_atomic(self._active(source), {"snapshot": str(snapshot_dir.relative_to(self.root)),
                                                 "activated_at": utc_now()})
        self.bump_generation()

    def bump_generation(self) -> str:
        gen = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        self.generation_file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.generation_file.parent, prefix=".gen.")
        with os.fdopen(fd, "w") as fh:
            fh.write(gen + "\n")
        os.replace(tmp, self.generation_file)
        return gen


def _safe(version: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in version)[:40] or "undated"
