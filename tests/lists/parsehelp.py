"""Assertion helpers of the list-parser tests (imported by the test modules)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from lists.errors import ListError
from lists.sources.base import Parsed
from screening.model import ListEntry


def by_id(parsed: Parsed) -> dict[str, ListEntry]:
    return {e.entry_id: e for e in parsed.entries}


def raises_list_error(parse: Callable[[Path], Parsed], path: Path, *words: str) -> ListError:
    """Call parse(path), expect a ListError naming the file and containing `words`."""
    with pytest.raises(ListError) as info:
        parse(path)
    err = info.value
    assert str(path) in str(err)
    for w in words:
        assert w.casefold() in str(err).casefold(), f"{w!r} not in {err}"
    return err


def warning_with(warnings: list[str], *words: str) -> str:
    """The first warning containing all `words` (AssertionError if none)."""
    for w in warnings:
        if all(x.casefold() in w.casefold() for x in words):
            return w
    raise AssertionError(f"no warning with {words} in {warnings}")
