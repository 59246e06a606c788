"""JSON Lines dumps: one report a line with ``id``, ``text``, ``published``, ``title``, ``url``."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from ..errors import InputError
from ..model import Article
from .text import strip_link_markup


def parse_date(value: Any) -> dt.date | None:
    """An ISO date or datetime string (or None)."""
    if value in (None, ""):
        return None
    s = str(value).strip()
    try:
        return dt.date.fromisoformat(s[:10])
    except ValueError:
        from ..pubdate import parse_date_string

        return parse_date_string(s)


# Where dumps keep a report's date: the record itself, else its metadata ("meta.source_date").
DATE_KEYS = ("published", "date", "pub_date", "publication_date", "published_at", "datePublished", "datepublished",
             "source_date", "date_published", "timestamp", "created_at")
META_KEYS = ("meta", "metadata")


def _date_field(obj: dict[str, Any]) -> Any:
    for holder in (obj, *(obj.get(k) for k in META_KEYS)):
        if not isinstance(holder, dict):
            continue
        for key in DATE_KEYS:
            value = holder.get(key)
            if value not in (None, ""):
                # "2014-10-06;2014-10-07": several sources' dates, the first is the report's.
                return str(value).split(";")[0].strip() if isinstance(value, str) else value
    return None


def article_from_dict(obj: Any, source: str, line: int | None, default_id: str) -> Article:
    if not isinstance(obj, dict):
        raise InputError(source, "expected a JSON object", line)
    text = obj.get("text") or obj.get("body") or obj.get("content")
    if not isinstance(text, str) or not text.strip():
        raise InputError(source, "no 'text' in the record", line)
    try:
        published = parse_date(_date_field(obj))
    except ValueError:
        published = None
    return Article(
        id=str(obj.get("id") or default_id),
        text=strip_link_markup(text).strip(),
        title=obj.get("title"),
        published=published,
        url=obj.get("url"),
        source=obj.get("source"),
        origin=f"{source}:{line}" if line is not None else source,
        published_basis="input" if published else None,
    )


def iter_jsonl(text: str, source: str, stem: str) -> Iterator[Article | InputError]:
    """Each line gives an Article or an InputError naming ``source`` and the line number."""
    for n, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield InputError(source, f"not valid JSON ({exc.msg}, column {exc.colno})", n)
            continue
        try:
            yield article_from_dict(obj, source, n, f"{stem}-{n}")
        except InputError as err:
            yield err
