"""Loading what the engine needs: every configured list into one name index,
and the rulebook. Used by the API, the worker and the CLI alike."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from lists.curated import load_curated
from lists.errors import ListError
from lists.snapshots import SnapshotStore
from screening.index import NameIndex
from screening.match import Matcher
from screening.model import ListEntry, ListInfo
from screening.rulebook import Rulebook, load_rulebook
from tradescreen.settings import Settings

log = logging.getLogger("tradescreen")


@dataclass(frozen=True)
class Engine:
    """One consistent snapshot: the index, its matcher and the rulebook."""

    index: NameIndex
    matcher: Matcher
    rulebook: Rulebook
    generation: str = ""
    load_errors: tuple[str, ...] = field(default=())

    @property
    def lists(self) -> tuple[ListInfo, ...]:
        return self.index.lists

    @property
    def snapshot_id(self) -> str:
        """Short id of this lists-and-rules snapshot (shown on batch jobs)."""
        h = hashlib.sha256()
        for li in self.lists:
            h.update(f"{li.source}:{li.sha256};".encode())
        h.update(self.rulebook.version.encode())
        return h.hexdigest()[:16]


def load_lists(settings: Settings) -> tuple[list[ListInfo], list[ListEntry], list[str]]:
    """The curated sample, the internal list and every active official snapshot.

    The internal list comes from its snapshot when one was imported with
    `tradescreen lists update --source internal --from FILE`, else from the
    configured file. A snapshot that cannot be read is skipped and reported;
    the curated files are the project's own and must load.
    """
    store = SnapshotStore(settings.data_dir)
    active = store.active_sources()
    infos: list[ListInfo] = []
    entries: list[ListEntry] = []
    errors: list[str] = []
    curated = [(settings.sample_list, "sample")]
    if "internal" not in active:
        curated.append((settings.internal_list, "internal"))
    for path, source in curated:
        if not path:
            continue
        info, got = load_curated(Path(path), expected_source=source)
        infos.append(info)
        entries.extend(got)
    for source in active:
        try:
            info, got = store.load(source)
        except (ListError, OSError, ValueError, KeyError) as exc:
            log.error("snapshot of %s not loaded: %s", source, exc)
            errors.append(f"{source}: {exc}")
            continue
        infos.append(info)
        entries.extend(got)
    return infos, entries, errors


def build_engine(settings: Settings, rulebook: Rulebook | None = None) -> Engine:
    rulebook = rulebook or load_rulebook(settings.rules_dir)
    generation = SnapshotStore(settings.data_dir).generation()
    infos, entries, errors = load_lists(settings)
    index = NameIndex(entries, infos)
    return Engine(
        index=index,
        matcher=Matcher(index, rulebook.policy.match),
        rulebook=rulebook,
        generation=generation,
        load_errors=tuple(errors),
    )
