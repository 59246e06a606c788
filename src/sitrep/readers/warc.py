"""WARC / WARC.gz archives (warcio): response and resource records with HTML or text."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator

from ..errors import InputError
from ..model import Article
from . import register
from .decode import decode_bytes
from .html import article_from_html
from .text import parse_text


def _record_id(rec_id: str | None, url: str | None, body: bytes) -> str:
    if rec_id:
        return "warc-" + rec_id.strip("<>").removeprefix("urn:uuid:")
    key = (url or "").encode("utf-8") or body
    return "warc-" + hashlib.sha1(key).hexdigest()[:16]


@register("warc", ".warc", ".warc.gz", ".arc.gz")
def read_warc(data: bytes, source: str, stem: str) -> Iterator[Article | InputError]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    n = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            if record.rec_type not in ("response", "resource"):
                continue
            n += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{source}#{n}" + (f" ({url})" if url else "")
            if record.http_headers is not None:
                ctype = record.http_headers.get_header("Content-Type") or ""
                status = record.http_headers.get_statuscode()
                if status and not status.startswith("2"):
                    continue
            else:
                ctype = record.rec_headers.get_header("Content-Type") or ""
            ctype = ctype.lower()
            if ctype and "html" not in ctype and not ctype.startswith("text/"):
                continue  # images, scripts, ...
            body = record.content_stream().read()
            art_id = _record_id(record.rec_headers.get_header("WARC-Record-ID"), url, body)
            try:
                text = decode_bytes(body, where)
                if "html" in ctype or text.lstrip()[:1] == "<":
                    art = article_from_html(text, where, art_id, url=url)
                    art.url = art.url or url
                else:
                    art = parse_text(text, art_id, origin=where)
                    art.url = url
                art.id = art_id
                yield art
            except InputError as err:
                yield err
    except ArchiveLoadFailed as exc:
        yield InputError(source, f"not a valid WARC archive ({exc})")
        return
    if n == 0:
        yield InputError(source, "WARC archive without response or resource records")
