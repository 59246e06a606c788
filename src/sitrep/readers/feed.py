"""RSS and Atom feed files (feedparser): one Article per entry, the entry's content or summary."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from typing import Any

from ..errors import InputError
from ..model import Article
from . import register
from .html import html_to_text


def _entry_date(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            try:
                return dt.date(t.tm_year, t.tm_mon, t.tm_mday)
            except ValueError:
                continue
    return None


def _entry_text(entry: Any) -> str:
    parts = [c.get("value", "") for c in entry.get("content") or []]
    best = max(parts, key=len) if parts else ""
    summary = entry.get("summary") or ""
    return html_to_text(best if len(best) >= len(summary) else summary)


@register("feed", ".rss", ".atom", ".xml")
def read_feed(data: bytes, source: str, stem: str) -> Iterator[Article | InputError]:
    import feedparser

    if not data.strip():
        yield InputError(source, "empty input")
        return
    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        exc = parsed.get("bozo_exception")
        why = f"malformed feed ({exc})" if parsed.get("bozo") and exc else "a feed without entries"
        yield InputError(source, why)
        return
    site = (parsed.get("feed") or {}).get("title")
    for n, entry in enumerate(entries, start=1):
        text = _entry_text(entry)
        if not text:
            yield InputError(source, f"feed entry {n} has no text", n)
            continue
        link = entry.get("link")
        key = entry.get("id") or link
        art_id = f"{stem}-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12] if key else f"{stem}-{n}"
        published = _entry_date(entry)
        title = html_to_text(entry.get("title") or "") or None
        yield Article(
            id=art_id, text=text, title=title, published=published, url=link, source=site,
            origin=f"{source}#{n}", published_basis="feed" if published else None,
        )
