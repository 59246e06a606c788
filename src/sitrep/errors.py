"""Errors that name the input they came from."""

from __future__ import annotations


class SitrepError(Exception):
    """Base class for sitrep's own errors."""


class InputError(SitrepError):
    """A report that could not be read. ``source`` names the input (path, path:line, stdin)."""

    def __init__(self, source: str, reason: str, line: int | None = None) -> None:
        self.source = source
        self.reason = reason
        self.line = line
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {reason}")

    def __reduce__(self) -> tuple[type, tuple[str, str, int | None]]:
        # Errors cross process boundaries (worker pools, Dask): keep them picklable.
        return (InputError, (self.source, self.reason, self.line))

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}" if self.line is not None else self.source
