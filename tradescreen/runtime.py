"""Loading what the engine needs: every configured list into one name index,
and the rulebook. Used by the API, the worker and the CLI alike."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lists.curated import load_curated
from screening.index import NameIndex
from screening.match import Matcher
from screening.model import ListEntry, ListInfo
from screening.rulebook import Rulebook, load_rulebook
from tradescreen.settings import Settings


@dataclass(frozen=True)
class Engine:
    """One consistent snapshot: the index, its matcher and the rulebook."""

    index: NameIndex
    matcher: Matcher
    rulebook: Rulebook

    @property
    def lists(self) -> tuple[ListInfo, ...]:
        return self.index.lists


def load_lists(settings: Settings) -> tuple[list[ListInfo], list[ListEntry]]:
    infos: list[ListInfo] = []
    entries: list[ListEntry] = []
    for path, source in ((settings.sample_list, "sample"), (settings.internal_list, "internal")):
        if not path:
            continue
        info, got = load_curated(Path(path), expected_source=source)
        infos.append(info)
        entries.extend(got)
    return infos, entries


def build_engine(settings: Settings, rulebook: Rulebook | None = None) -> Engine:
    rulebook = rulebook or load_rulebook(settings.rules_dir)
    infos, entries = load_lists(settings)
    index = NameIndex(entries, infos)
    return Engine(index=index, matcher=Matcher(index, rulebook.policy.match), rulebook=rulebook)
