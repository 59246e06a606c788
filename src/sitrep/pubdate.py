"""Publication dates: found in the report when the input does not give one.

Where a date can come from, strongest first (``Article.published_basis`` names it):

- ``"header"``: a "date 2020-06-10" / "Published: 10 June 2020" line at the top of the text;
- ``"dateline"``: "Bamako (AFP) Oct 13, 2020 -", "NAIROBI, July 7 (Reuters) -" (a dateline
  without a year takes the year from the URL, or from the text's own full dates, else it is
  not used);
- ``"url"``: /2016/07/20/, /2016/7/20/, /2016-07-20/, /20160720/ in the URL path;
- HTML metadata (:func:`published_from_html`, for the HTML reader), feed entry dates and JSON
  fields (:func:`parse_date_string`, :func:`published_from_fields`).

When nothing is found the date stays None (unknown): it is never taken from today's date.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .model import Article

_URL_DATE = re.compile(r"/((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})(?:/|$|[^\d])")
_URL_DATE_DASH = re.compile(r"/((?:19|20)\d\d)-(\d\d)-(\d\d)(?:/|$|[^\d])")
_URL_DATE_COMPACT = re.compile(r"[/_-]((?:19|20)\d\d)(\d\d)(\d\d)(?:[/_.-]|$)")
_URL_YEAR = re.compile(r"/((?:19|20)\d\d)/(?:(\d{1,2})/)?")

_MON = (r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
        r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_AGENCY = r"\((?:Reuters|AFP|AP|Xinhua|IANS|PTI|UNI|dpa|DPA|ANI|Anadolu|AA|KUNA|WAFA|SANA|IRNA|UPI|CNN|BBC)\)"
# "NAIROBI, July 7 (Reuters) -", "Bamako (AFP) Oct 13, 2020", "KABUL, Afghanistan, Oct. 13, 2020 -"
_DATELINE = re.compile(
    rf"^\s*[A-Z][A-Za-z .'’-]{{1,40}}(?:,\s*[A-Z][A-Za-z .'’-]{{1,30}})?\s*(?:,|{_AGENCY})\s*"
    rf"(?:{_AGENCY}\s*)?{_MON}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>(?:19|20)\d\d))?"
    rf"\s*(?:{_AGENCY})?(?:\s*[-–—:]|\s*\n|\s+(?=[A-Z]))",
)
_DATELINE_DMY = re.compile(
    rf"^\s*[A-Z][A-Za-z .'’-]{{1,40}}(?:,\s*[A-Z][A-Za-z .'’-]{{1,30}})?\s*(?:,|{_AGENCY})\s*"
    rf"(?:{_AGENCY}\s*)?(?P<day>\d{{1,2}})\s+{_MON}(?:,?\s+(?P<year>(?:19|20)\d\d))?"
    rf"\s*(?:{_AGENCY})?(?:\s*[-–—:]|\s*\n|\s+(?=[A-Z]))",
)
_HEADER = re.compile(
    r"^\s*(?:date|dated|published(?:\s+on)?|posted(?:\s+on)?|updated|pubdate|publication\s+date)"
    r"\s*[:=]?\s*(?P<val>[^\n]{6,40})$",
    re.I | re.M,
)
_FULL_DATE_YEAR = re.compile(
    rf"\b(?:{_MON}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MON.replace('?P<mon>', '')}\s+)"
    r"(?P<year>(?:19|20)\d\d)\b|\b(?P<iso>(?:19|20)\d\d)-\d\d-\d\d\b"
)
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}


def _mk(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def parse_date_string(s: str) -> dt.date | None:
    """A free-form absolute date string (ISO, RFC 822 feed dates, "10 June 2020"), or None.

    Relative strings ("yesterday", "2 hours ago") are refused: they would be dated from today.
    """
    s = (s or "").strip()
    if not s:
        return None
    try:
        return dt.date.fromisoformat(s[:10])
    except ValueError:
        pass
    m = re.match(r"^(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d\d)\b", s)
    if m:  # day first
        return _mk(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    if not re.search(r"(?:19|20)\d\d", s):
        return None  # no year: nothing absolute to read
    try:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(s).date()
    except (TypeError, ValueError, IndexError):
        pass
    import dateparser

    d = dateparser.parse(
        s,
        languages=None,
        settings={"PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "DMY", "RETURN_AS_TIMEZONE_AWARE": False,
                  "PARSERS": ["custom-formats", "absolute-time"]},
    )
    return d.date() if d else None


def date_from_url(url: str | None) -> dt.date | None:
    """/2016/07/20/, /2016/7/20/, /2016-07-20/ or /20160720/ in a URL, or None."""
    if not url:
        return None
    for rx in (_URL_DATE, _URL_DATE_DASH, _URL_DATE_COMPACT):
        for m in rx.finditer(url):
            d = _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if d is not None:
                return d
    return None


def year_from_url(url: str | None) -> int | None:
    """A year alone in a URL path (/2020/ or /2020/07/), or None."""
    if not url:
        return None
    m = _URL_YEAR.search(url)
    return int(m.group(1)) if m else None


def _month(s: str) -> int:
    return _MONTHS[s[:3].lower()]


def published_from_text(text: str, url: str | None = None) -> tuple[dt.date | None, str | None]:
    """A publication date from the top of a report: a date header, else a dateline.

    Returns ``(date, basis)``; ``(None, None)`` when there is none.
    """
    head = text[:400]
    for m in _HEADER.finditer(head):
        d = parse_date_string(m.group("val").strip().rstrip(".,;"))
        if d is not None:
            return d, "header"
    first = head.lstrip()[:160]
    m = _DATELINE.match(first) or _DATELINE_DMY.match(first)
    if m:
        mon, day = _month(m.group("mon")), int(m.group("day"))
        if m.group("year"):
            d = _mk(int(m.group("year")), mon, day)
            if d is not None:
                return d, "dateline"
        else:
            # A dateline without a year: the year of the URL, else of the text's own full dates.
            u = date_from_url(url)
            year = u.year - (1 if (mon, day) > (u.month, u.day) else 0) if u else year_from_url(url)
            if year is None:
                years = [int(x.group("year") or x.group("iso")) for x in _FULL_DATE_YEAR.finditer(text[:20000])]
                year = max(years) if years else None
            if year is not None and (d := _mk(year, mon, day)) is not None:
                return d, "dateline"
    return None, None


_META_KEYS = (
    "article:published_time", "og:article:published_time", "datepublished", "date", "dc.date",
    "dc.date.issued", "dcterms.created", "dcterms.date", "pubdate", "publishdate", "publish-date",
    "publication_date", "sailthru.date", "parsely-pub-date", "citation_publication_date",
    "article.published", "published_time", "cxenseparse:recs:publishtime",
)
_META_TAG = re.compile(r"<meta\b[^>]*>", re.I)
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
_TIME_TAG = re.compile(r"<time\b[^>]*\bdatetime\s*=\s*[\"']([^\"']+)[\"']", re.I)


def published_from_html(html: str) -> dt.date | None:
    """The publication date in an HTML page's metadata (meta tags, JSON-LD, ``<time>``), then
    htmldate's original-date search without guessing. None when the page gives none."""
    head = html[:300_000]
    for tag in _META_TAG.finditer(head):
        attrs = {k.lower(): (a or b or c) for k, a, b, c in _ATTR.findall(tag.group())}
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        if key in _META_KEYS and attrs.get("content"):
            d = parse_date_string(attrs["content"])
            if d is not None:
                return d
    m = _JSONLD_DATE.search(head)
    if m and (d := parse_date_string(m.group(1))) is not None:
        return d
    m = _TIME_TAG.search(head)
    if m and (d := parse_date_string(m.group(1))) is not None:
        return d
    try:
        from htmldate import find_date

        found = find_date(html, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # htmldate missing or failing on odd markup: no date
        return None
    return dt.date.fromisoformat(found) if found else None


_FIELD_KEYS = ("published", "date", "pubdate", "publish_date", "published_at", "publication_date",
               "datePublished", "date_published", "created_at", "time", "timestamp", "seendate")


def published_from_fields(obj: dict[str, Any]) -> dt.date | None:
    """A publication date from a JSON record's usual fields (ISO strings, feed strings, GDELT
    ``20200610T120000Z``, Unix seconds), or None."""
    for key in _FIELD_KEYS:
        v = obj.get(key)
        if v in (None, ""):
            continue
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            if 1e8 < v < 1e10:
                return dt.datetime.fromtimestamp(v, tz=dt.UTC).date()
            if 1e11 < v < 1e13:
                return dt.datetime.fromtimestamp(v / 1000, tz=dt.UTC).date()
            continue
        s = str(v).strip()
        m = re.match(r"^((?:19|20)\d\d)(\d\d)(\d\d)(?:T?\d{4,6}Z?)?$", s)
        if m and (d := _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)))):
            return d
        d = parse_date_string(s)
        if d is not None:
            return d
    return None


def fill_published(article: Article) -> None:
    """Set ``article.published`` and ``published_basis`` from the text or URL when the input gave none."""
    if article.published is not None:
        return
    d, basis = published_from_text(article.text, article.url)
    if d is None and article.title:
        d, basis = published_from_text(article.title, article.url)
    if d is None:
        d, basis = date_from_url(article.url), "url"
    if d is not None:
        article.published, article.published_basis = d, basis
