"""Where extraction runs. (First version: in-process or a local process pool.)"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from .errors import InputError
from .model import Article


def _extract(article: Article) -> list[dict[str, Any]] | InputError:
    from .pipeline import get_pipeline

    try:
        return [e.to_record() for e in get_pipeline().extract(article)]
    except Exception as exc:  # one bad report never costs the batch
        return InputError(article.origin or article.id, f"extraction failed: {type(exc).__name__}: {exc}")


class LocalEngine:
    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers

    def map_extract(self, articles: Iterable[Article]) -> Iterator[list[dict[str, Any]] | InputError]:
        workers = self.workers or 1
        if workers <= 1:
            for a in articles:
                yield _extract(a)
            return
        with ProcessPoolExecutor(workers) as pool:
            yield from pool.map(_extract, articles, chunksize=4)


def get_engine(name: str = "local", workers: int | None = None, scheduler: str | None = None) -> LocalEngine:
    if name != "local":
        raise ValueError(f"unknown engine {name!r}")
    return LocalEngine(workers)
