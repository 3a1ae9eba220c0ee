"""Shared fixtures of the list-parser tests.

The official list files live outside the repository, in ../shared/data (see
its SOURCES.md); tests that need them take the `shared_data` fixture, which
skips them when the folder is absent, and are marked `shared_data`. The tiny
hand-written files under fixtures/ are part of the repository. The assertion
helpers `raises_list_error` and `warning_with` are fixtures too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from lists.errors import ListError
from lists.sources.base import Parsed

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).resolve().parent
    for item in items:
        if "shared_data" in getattr(item, "fixturenames", ()) and here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.shared_data)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared/data is absent: official list files are not part of the repository")
    return SHARED


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES


def _raises_list_error(parse: Callable[[Path], Parsed], path: Path, *words: str) -> ListError:
    """Call parse(path), expect a ListError naming the file and containing `words`."""
    with pytest.raises(ListError) as info:
        parse(path)
    err = info.value
    assert str(path) in str(err)
    for w in words:
        assert w.casefold() in str(err).casefold(), f"{w!r} not in {err}"
    return err


def _warning_with(warnings: list[str], *words: str) -> str:
    """The first warning containing all `words` (AssertionError if none)."""
    for w in warnings:
        if all(x.casefold() in w.casefold() for x in words):
            return w
    raise AssertionError(f"no warning with {words} in {warnings}")


# The helpers as fixtures, so that the test modules need not import a sibling module
# (which works in pytest's default "prepend" import mode only).
@pytest.fixture(scope="session")
def raises_list_error() -> Callable[..., ListError]:
    return _raises_list_error


@pytest.fixture(scope="session")
def warning_with() -> Callable[..., str]:
    return _warning_with
