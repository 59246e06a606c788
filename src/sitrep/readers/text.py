"""Plain-text reports, including the seed's layout (title between ``---`` lines, a dd/mm/yyyy
date line, then the body with ``[text](#)`` link markup)."""

from __future__ import annotations

import datetime as dt
import re

from ..model import Article

_LINK = re.compile(r"\[([^\[\]]*)\]\([^()\s]*\)")
_DMY = re.compile(r"^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4})\s*$")
_RULE = re.compile(r"^\s*-{3,}\s*$")


def strip_link_markup(text: str) -> str:
    """``[Syria](#)`` -> ``Syria``. Done before any offsets are taken, so offsets index the clean text."""
    return _LINK.sub(r"\1", text)


def _dmy(line: str) -> dt.date | None:
    m = _DMY.match(line)
    if not m:
        return None
    d, mth, y = (int(g) for g in m.groups())
    try:
        return dt.date(y, mth, d)  # day first, as the layout writes it
    except ValueError:
        return None


def parse_text(text: str, article_id: str, origin: str | None = None) -> Article:
    """Read a plain-text report. Recognises the seed layout; otherwise the first short line
    followed by a blank line is taken as the title only when the layout says so (``---``)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    title: str | None = None
    published: dt.date | None = None
    body_from = 0
    # Seed layout: [blank] --- [blank] title [blank] --- [blank] dd/mm/yyyy body...
    nonblank = [(i, ln) for i, ln in enumerate(lines) if ln.strip()]
    if len(nonblank) >= 3 and _RULE.match(nonblank[0][1]):
        rules = [k for k, (_, ln) in enumerate(nonblank[:6]) if _RULE.match(ln)]
        if len(rules) >= 2 and rules[0] == 0 and rules[1] >= 2:
            title = " ".join(ln.strip() for _, ln in nonblank[1 : rules[1]])
            body_from = nonblank[rules[1]][0] + 1
            after = nonblank[rules[1] + 1] if rules[1] + 1 < len(nonblank) else None
            if after is not None and (d := _dmy(after[1])) is not None:
                published = d
                body_from = after[0] + 1
    body_lines = lines[body_from:]
    # A trailing '---' closes the layout; it is not part of the report.
    while body_lines and (not body_lines[-1].strip() or _RULE.match(body_lines[-1])):
        body_lines.pop()
    body = strip_link_markup("\n".join(body_lines)).strip()
    return Article(
        id=article_id, text=body, title=title, published=published, origin=origin,
        published_basis="text" if published else None,
    )
