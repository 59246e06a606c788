"""sitrep: news reports about armed conflict in, ACLED-style events out."""

from __future__ import annotations

__version__ = "0.1.0"

from .model import Actor, Article, Casualties, Event, EventDate, Evidence, Place  # noqa: E402

__all__ = [
    "Actor", "Article", "Casualties", "Event", "EventDate", "Evidence", "Place",
    "__version__", "extract",
]


def extract(article: Article) -> list[Event]:
    """The events of one report (see :mod:`sitrep.pipeline`)."""
    from .pipeline import get_pipeline

    return get_pipeline().extract(article)
