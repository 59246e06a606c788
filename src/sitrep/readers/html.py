"""HTML pages: main text and metadata (title, date, canonical URL, site) via trafilatura."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator

from ..errors import InputError
from ..model import Article
from . import register
from .decode import decode_bytes

_WS = re.compile(r"[ \t\u00a0]+")


def _clean(text: str) -> str:
    lines = [_WS.sub(" ", ln).strip() for ln in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(ln for ln in lines if ln).strip()


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (feed summaries): tags dropped, entities decoded."""
    if "<" not in fragment and "&" not in fragment:
        return _clean(fragment)
    import lxml.html

    try:
        root = lxml.html.fromstring(f"<div>{fragment}</div>")
    except Exception:  # not parseable: strip tags crudely
        return _clean(re.sub(r"<[^>]+>", " ", fragment))
    for br in root.iter("br", "p", "div", "li"):
        br.tail = "\n" + (br.tail or "")
    return _clean(root.text_content())


def _published(html: str, meta_date: str | None) -> tuple[dt.date | None, str | None]:
    from .. import pubdate

    finder = getattr(pubdate, "published_from_html", None)
    if finder is not None:
        try:
            d = finder(html)
        except Exception:
            d = None
        if d is not None:
            return (d.date() if isinstance(d, dt.datetime) else d), "html"
    if meta_date:
        try:
            return dt.date.fromisoformat(meta_date[:10]), "html"
        except ValueError:
            pass
    return None, None


def article_from_html(html: str, source: str, default_id: str, url: str | None = None) -> Article:
    """The main text of a page as an Article; InputError when the page has no text."""
    import trafilatura

    if "<" not in html:
        raise InputError(source, "not HTML: no markup")
    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                          include_tables=False)
    except Exception as exc:
        raise InputError(source, f"malformed HTML ({type(exc).__name__}: {exc})") from None
    data = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
    text = _clean(data.get("text") or "")
    if not text:
        raise InputError(source, "malformed HTML or a page without main text")
    title = (data.get("title") or "").strip() or None
    if title and text.startswith(title):  # trafilatura keeps the <h1>
        text = text[len(title):].lstrip()
    if not text:
        raise InputError(source, "page has a title but no main text")
    page_url = data.get("url") or url
    published, basis = _published(html, data.get("date"))
    site = data.get("sitename") or data.get("hostname")
    art_id = default_id
    if not art_id:
        art_id = "url-" + hashlib.sha1((page_url or text).encode("utf-8")).hexdigest()[:16]
    return Article(
        id=art_id, text=text, title=title, published=published, url=page_url, source=site,
        origin=source, published_basis=basis,
    )


@register("html", ".html", ".htm", ".xhtml")
def read_html(data: bytes, source: str, stem: str) -> Iterator[Article | InputError]:
    try:
        html = decode_bytes(data, source)
        yield article_from_html(html, source, stem)
    except InputError as err:
        yield err
