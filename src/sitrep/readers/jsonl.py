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


def article_from_dict(obj: Any, source: str, line: int | None, default_id: str) -> Article:
    if not isinstance(obj, dict):
        raise InputError(source, "expected a JSON object", line)
    text = obj.get("text") or obj.get("body") or obj.get("content")
    if not isinstance(text, str) or not text.strip():
        raise InputError(source, "no 'text' in the record", line)
    try:
        published = parse_date(obj.get("published") or obj.get("date"))
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
