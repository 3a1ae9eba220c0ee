"""`tradescreen lists update`: fetch, checksum, parse, validate, then activate.

Each step can refuse the new publication; a refusal keeps the previous snapshot
serving, is recorded as the source's last attempt, and says which file, where
and why. Sources and their expectations (official URLs, formats, plausible
entry counts) are declared in lists/sources.yaml.
"""

from __future__ import annotations

import fnmatch
import importlib
import shutil
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from lists.errors import ListError
from lists.snapshots import Manifest, SnapshotStore, utc_now
from lists.sources.base import Parsed, sha256_files

SOURCES_FILE = Path(__file__).with_name("sources.yaml")
DOWNLOAD_LIMIT_BYTES = 512 * 1024 * 1024
DOWNLOAD_TIMEOUT_S = 120

# Which file names in a folder belong to which source (case-insensitive), the
# primary file first: it is what the parser is given; the others must lie beside it.
FILE_PATTERNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "us_csl": (("consolidated*.csv", "consolidated*.csv.gz", "consolidated*.json", "csl*.csv", "csl*.json"), ()),
    "us_ofac_sdn": (("sdn.csv", "sdn.xml", "sdn_enhanced.xml"), ("add.csv", "alt.csv", "sdn_comments.csv")),
    "us_ofac_cons": (
        ("cons_enhanced.zip", "cons_enhanced.xml", "cons_prim.csv", "consolidated.xml"),
        ("cons_add.csv", "cons_alt.csv", "cons_comments.csv"),
    ),
    "us_bis_dpl": (("dpl.txt", "dpl*.txt"), ()),
    "un_sc": (("*consolidated*.xml", "un*.xml"), ()),
    "eu_fsf": (("*sanctions*.xml", "*fsf*.xml", "eu*.xml", "eu_sanctions.json", "*sanctions*.json"), ()),
    "uk_hmt": (("conlist*.csv", "*hmt*.csv", "ukconlist*.csv"), ()),
    "internal": (("*.yaml", "*.yml"), ()),
}


@dataclass
class SourceSpec:
    source: str
    title: str
    publisher: str
    urls: list[str]
    min_entries: int
    max_entries: int
    formats: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    source: str
    ok: bool
    message: str
    changed: bool = False
    entries: int = 0
    version: str | None = None
    warnings: list[str] = field(default_factory=list)


def load_specs(path: Path = SOURCES_FILE) -> dict[str, SourceSpec]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    specs: dict[str, SourceSpec] = {}
    for sid, s in (doc.get("sources") or {}).items():
        counts = s.get("entries") or {}
        fmt = s.get("formats") or s.get("format") or []
        specs[sid] = SourceSpec(
            source=sid,
            title=s.get("title", sid),
            publisher=s.get("publisher", ""),
            urls=list(s.get("urls") or ([s["url"]] if s.get("url") else [])),
            min_entries=int(counts.get("min", 1)),
            max_entries=int(counts.get("max", 10_000_000)),
            formats=[fmt] if isinstance(fmt, str) else list(fmt),
        )
    return specs


def parser_for(source: str) -> Callable[[Path], Parsed]:
    if source == "internal":
        return _parse_internal
    try:
        module = importlib.import_module(f"lists.sources.{source}")
    except ModuleNotFoundError:
        raise ListError(source, "no parser for this source") from None
    parse: Callable[[Path], Parsed] = module.parse
    return parse


def _parse_internal(path: Path) -> Parsed:
    from lists.curated import load_curated

    info, entries = load_curated(path, expected_source="internal")
    return Parsed(source="internal", entries=entries, version=info.version, files=[path])


def select_files(source: str, folder: Path) -> list[Path]:
    """The files of `source` in `folder`, primary first; [] when there are none."""
    primaries, companions = FILE_PATTERNS[source]
    names = sorted(p for p in folder.iterdir() if p.is_file())
    chosen: list[Path] = []
    for pattern in primaries:
        for p in names:
            if fnmatch.fnmatch(p.name.lower(), pattern):
                chosen.append(p)
                break
        if chosen:
            break
    if not chosen:
        return []
    for pattern in companions:
        chosen.extend(p for p in names if fnmatch.fnmatch(p.name.lower(), pattern) and p not in chosen)
    return chosen


def download(urls: Sequence[str], into: Path) -> list[Path]:
    out: list[Path] = []
    for url in urls:
        name = url.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0] or "download"
        target = into / name
        try:
            with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT_S) as resp, target.open("wb") as fh:  # noqa: S310
                total = 0
                while chunk := resp.read(1 << 20):
                    total += len(chunk)
                    if total > DOWNLOAD_LIMIT_BYTES:
                        raise ListError(url, f"download larger than {DOWNLOAD_LIMIT_BYTES} bytes; refused")
                    fh.write(chunk)
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise ListError(url, f"download failed: {getattr(exc, 'reason', exc)}") from exc
        out.append(target)
    return out


def validate(parsed: Parsed, spec: SourceSpec, primary: Path) -> list[str]:
    """Refuse a parse that is implausible; return extra warnings."""
    n = len(parsed.entries)
    if n == 0:
        raise ListError(str(primary), "no entries: empty or foreign file")
    if not spec.min_entries <= n <= spec.max_entries:
        raise ListError(
            str(primary),
            f"{n} entries, outside the expected range {spec.min_entries}-{spec.max_entries} "
            "(truncated, or not the full publication)",
        )
    seen: set[str] = set()
    for e in parsed.entries:
        if not e.entry_id or not e.names or not e.names[0].value.strip():
            raise ListError(str(primary), "an entry without id or name", f"entry {e.entry_id or '?'}")
        if e.entry_id in seen:
            raise ListError(str(primary), f"duplicate entry id {e.entry_id}")
        seen.add(e.entry_id)
    return []


def update_source(
    store: SnapshotStore,
    spec: SourceSpec,
    *,
    from_path: Path | None = None,
    log: Callable[[str], None] = lambda s: None,
) -> Outcome:
    """Fetch or import one source and activate it if it passes every check."""
    source = spec.source
    staging = Path(tempfile.mkdtemp(prefix=f"tradescreen-{source}-"))
    # Staged copy -> where it came from, so that errors name the user's file or URL.
    origin_of: dict[str, str] = {}
    try:
        if from_path is not None:
            origin = str(from_path)
            if from_path.is_dir():
                files = select_files(source, from_path)
                if not files:
                    raise ListError(str(from_path), f"no {source} file in this folder")
            elif from_path.is_file():
                companions = select_files(source, from_path.parent) if source in ("us_ofac_sdn", "us_ofac_cons") else []
                files = [from_path] + [p for p in companions[1:] if p != from_path]
            else:
                raise ListError(str(from_path), "no such file or folder")
            staged = []
            for f in files:
                shutil.copy2(f, staging / f.name)
                staged.append(staging / f.name)
                origin_of[str(staging / f.name)] = str(f)
        else:
            if not spec.urls:
                raise ListError(source, "no download URL declared in lists/sources.yaml")
            origin = spec.urls[0]
            log(f"{source}: downloading {', '.join(spec.urls)}")
            staged = download(spec.urls, staging)
            for p, url in zip(staged, spec.urls, strict=True):
                origin_of[str(p)] = url
        primary = staged[0]
        sha = sha256_files(staged)
        current = store.manifest(source)
        if current is not None and current.sha256 == sha:
            msg = f"unchanged (sha256 {sha[:12]}), snapshot {current.version} stays active"
            store.record_attempt(source, "unchanged", msg, sha256=sha)
            return Outcome(source, True, msg, changed=False, entries=current.entries, version=current.version)
        parsed = parser_for(source)(primary)
        warnings = list(parsed.warnings) + validate(parsed, spec, primary)
        version = parsed.version or datetime.fromtimestamp(primary.stat().st_mtime, UTC).strftime("%Y-%m-%d")
        manifest = Manifest(
            source=source,
            name=spec.title,
            publisher=spec.publisher,
            version=version,
            sha256=sha,
            entries=len(parsed.entries),
            files=[p.name for p in staged],
            created_at=utc_now(),
            warnings=warnings[:500],
            origin=origin,
        )
        snap = store.create(manifest, staged, parsed.entries)
        store.activate(source, snap)
        msg = f"activated {len(parsed.entries)} entries, version {version}, sha256 {sha[:12]}"
        if current is not None and current.entries:
            delta = len(parsed.entries) - current.entries
            msg += f" ({delta:+d} against {current.version})"
        store.record_attempt(source, "activated", msg, sha256=sha, entries=len(parsed.entries), version=version,
                             warnings=len(warnings))
        return Outcome(source, True, msg, changed=True, entries=len(parsed.entries), version=version,
                       warnings=warnings)
    except ListError as exc:
        kept = store.manifest(source)
        said = str(exc)
        for staged_path, origin_path in sorted(origin_of.items(), key=lambda kv: -len(kv[0])):
            said = said.replace(staged_path, origin_path)
        said = said.replace(str(staging), "(download)")
        msg = f"{said}; " + (f"snapshot {kept.version} stays active" if kept else "no snapshot active")
        store.record_attempt(source, "failed", msg)
        return Outcome(source, False, msg)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def describe(store: SnapshotStore, specs: dict[str, SourceSpec]) -> list[dict[str, Any]]:
    """Per source: the active snapshot and the last attempt (for lists show / GET /v1/lists)."""
    rows = []
    for sid in sorted(set(specs) | set(store.active_sources())):
        m = store.manifest(sid)
        rows.append(
            {
                "source": sid,
                "name": m.name if m else specs.get(sid, SourceSpec(sid, sid, "", [], 0, 0)).title,
                "version": m.version if m else None,
                "sha256": m.sha256 if m else None,
                "entries": m.entries if m else 0,
                "activated": m.created_at if m else None,
                "last_attempt": store.last_attempt(sid),
            }
        )
    return rows
