"""Publication dates: found in the report when the input does not give one.

(Minimal first version; see issue 5 for datelines, URL paths and HTML metadata.)
"""

from __future__ import annotations

import datetime as dt
import re

from .model import Article

_URL_DATE = re.compile(r"/(19|20)(\d\d)/(\d{1,2})/(\d{1,2})(?:/|$)")


def parse_date_string(s: str) -> dt.date | None:
    """A free-form absolute date string, or None."""
    s = s.strip()
    try:
        return dt.date.fromisoformat(s[:10])
    except ValueError:
        pass
    import dateparser

    d = dateparser.parse(s, settings={"PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "DMY"})
    return d.date() if d else None


def date_from_url(url: str | None) -> dt.date | None:
    if not url:
        return None
    m = _URL_DATE.search(url)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1) + m.group(2)), int(m.group(3)), int(m.group(4)))
    except ValueError:
        return None


def fill_published(article: Article) -> None:
    """Set ``article.published`` from the URL when the input gave none."""
    if article.published is not None:
        return
    d = date_from_url(article.url)
    if d is not None:
        article.published, article.published_basis = d, "url"
