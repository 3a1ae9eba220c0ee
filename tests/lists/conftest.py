"""Shared fixtures of the list-parser tests.

The official list files live outside the repository, in ../shared/data (see
its SOURCES.md); tests that need them take the `shared_data` fixture, which
skips them when the folder is absent, and are marked `shared_data`. The tiny
hand-written files under fixtures/ are part of the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest

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
