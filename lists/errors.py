"""Errors raised while reading a list file."""

from __future__ import annotations


class ListError(ValueError):
    """A list file could not be used. The message says which file, where and why."""

    def __init__(self, path: str, why: str, where: str | None = None) -> None:
        self.path = path
        self.why = why
        self.where = where
        super().__init__(f"{path}{': ' + where if where else ''}: {why}")
