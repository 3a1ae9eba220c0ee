"""What a parser returns, and helpers every parser uses."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from screening.model import ListEntry


@dataclass
class Parsed:
    """The result of parsing one official publication.

    version: the publication date the file states (ISO 8601 date), or None when
    the file has none (the caller then uses the file's date).
    warnings: unexpected fields, records skipped and why, corrections applied;
    shown by `tradescreen lists update` and kept with the snapshot.
    """

    source: str
    entries: list[ListEntry]
    version: str | None = None
    warnings: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def sha256_files(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(p.name.encode())
        with p.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()
