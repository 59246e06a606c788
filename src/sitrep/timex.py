"""Time expressions in a report and the date of each event, by ACLED's convention.

A regex scanner (compiled once, no dateparser in the hot path) finds time expressions and
resolves each against the publication date into an :class:`~sitrep.model.EventDate`:

- precision 1: the day ("on Tuesday", "yesterday", "5 May 2019", "two days ago");
- precision 2: a few days or a week ("last week", "in recent days", "between 1 and 3 May"),
  coded at the middle of the range;
- precision 3: a month or longer ("in April 2017", "late April", "earlier this month", "2011"),
  coded at the middle (mid-month for a month).

The precision of a range is the one its length implies (:meth:`EventDate.span`): 0 days → 1,
up to 7 days → 2, longer → 3. Rules and conventions: ``docs/dates.md``.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from .model import EventDate

D = dt.timedelta

MONTHS: dict[str, int] = {}
for _i, _name in enumerate(calendar.month_name):
    if _name:
        MONTHS[_name.lower()] = _i
        MONTHS[_name[:3].lower()] = _i
MONTHS["sept"] = 9

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}  # monday = 0

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "a couple of": 2, "couple of": 2,
}

# Month names are case-sensitive (capitalised) so that "may", "march" (verbs) are not months.
_MON_FULL = "January|February|March|April|May|June|July|August|September|October|November|December"
_MON_ABBR = r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"


def _mon(name: str) -> str:
    return rf"(?P<{name}>(?:{_MON_FULL})|(?:{_MON_ABBR})\.?)(?![a-z])"


def _mon_full(name: str) -> str:
    return rf"(?P<{name}>{_MON_FULL})(?![a-z])"


# A year: 19xx/20xx, not part of a bigger number ("500,000", "12000") and not a count of people.
_NOT_COUNT = (
    r"(?!\s+(?:people|persons|civilians|soldiers|troops|fighters|militants|residents|refugees|"
    r"families|children|women|men|households|homes|houses|km|kilometres|kilometers|metres|meters|"
    r"dollars|tonnes|tons|rounds|shells|rockets|missiles|members|killed|dead|deaths|casualties)\b)"
)


def _year(name: str) -> str:
    return rf"(?<![\d,.$£€#/])(?P<{name}>(?:19|20)\d\d)(?![\d])(?!,\d)(?!\.\d)(?!\]\()(?!s\b){_NOT_COUNT}"


_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])"
_ORD = r"(?:st|nd|rd|th)?"
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMW = r"(?:\d{1,2}|a\s+couple\s+of|couple\s+of|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"

# ---- the patterns, in no particular order: overlaps are resolved longest-first -------------
_SPECS: list[tuple[str, str, int]] = [
    # ISO dates: 2020-06-10
    ("iso", r"(?<![\d-])(?P<y>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-2]\d|3[01])(?![\d])", 0),
    # day-first numeric dates: 19/7/2012, 20.08.2019
    ("dmy_num", r"(?<![\d/.])(?P<d>[0-2]?\d|3[01])[/.](?P<m>0?[1-9]|1[0-2])[/.](?P<y>(?:19|20)\d\d)(?!\d)", 0),
    # ranges: between 1 and 3 May (2019); 1-3 May; from 1 to 3 May
    ("range_dm",
     rf"(?:\b(?:between|from)\s+)?(?<![\d,.])(?P<d1>{_DAYNUM}){_ORD}\s*(?:and|to|until|-|–|—)\s*"
     rf"(?P<d2>{_DAYNUM}){_ORD}\s+(?:of\s+)?{_mon('m')}(?:,?\s+{_year('y')})?", 0),
    # May 1-3 (2019); between May 1 and 3
    ("range_md",
     rf"(?:\b(?:between|from)\s+)?\b{_mon('m')}\s+(?P<d1>{_DAYNUM}){_ORD}\s*(?:and|to|until|-|–|—)\s*"
     rf"(?P<d2>{_DAYNUM}){_ORD}(?![\d,])(?:,?\s+{_year('y')})?", 0),
    # (Tuesday,) 5 May (2019), the 5th of May
    ("dm",
     rf"(?:\b{_WD},?\s+)?(?:\bthe\s+)?(?<![\d,.$£€])(?P<d>{_DAYNUM}){_ORD}\s+(?:of\s+)?{_mon('m')}"
     rf"(?:,?\s+{_year('y')})?", 0),
    # (Tuesday,) May 5(th)(, 2019)
    ("md", rf"(?:\b{_WD},?\s+)?\b{_mon('m')}\s+(?P<d>{_DAYNUM}){_ORD}(?![\d,]\d|\d)(?:,?\s+{_year('y')})?", 0),
    # early/mid/late April (2019), the end of April
    ("mod_month",
     rf"\b(?P<mod>early|mid|late|the\s+end\s+of|end\s+of|the\s+beginning\s+of|beginning\s+of|"
     rf"the\s+start\s+of|start\s+of|the\s+middle\s+of|middle\s+of|the\s+first\s+half\s+of|"
     rf"the\s+second\s+half\s+of)[\s-]+{_mon('m')}(?:,?\s+{_year('y')})?", re.I),
    # the first/second/last week of May (2019)
    ("week_of_month",
     rf"\b(?:the\s+)?(?P<nth>first|second|third|fourth|last|final)\s+week\s+of\s+{_mon('m')}"
     rf"(?:,?\s+{_year('y')})?", re.I),
    # April 2017
    ("month_year", rf"\b{_mon('m')},?\s+(?:of\s+)?{_year('y')}", 0),
    # in/since/during April (no year)
    ("month",
     rf"\b(?P<prep>[Ii]n|[Ss]ince|[Dd]uring|[Uu]ntil|[Tt]ill|[Bb]y|[Ff]rom|[Tt]hroughout|[Oo]f|[Ee]arly|"
     rf"[Tt]his|[Ll]ast|[Tt]he|[Ss]ince\s+early|[Bb]efore|[Aa]fter|[Ii]n\s+early)\s+{_mon_full('m')}(?!\s+\d)"
     rf"(?P<rel>,?\s+(?:of\s+)?(?:last|this|the\s+previous)\s+year\b)?", 0),
    # early/mid/late 2017; in 2011, of 2011, the 2011 uprising, since 2011
    ("year",
     rf"\b(?P<prep>early|mid|late|in|of|since|during|until|till|by|from|between|and|to|the|year|"
     rf"summer|spring|autumn|fall|winter|throughout|before|after)[\s-]+{_year('y')}", re.I),
    # weekdays: on Tuesday, early on Monday, on Saturday night, last Friday, Tuesday's
    ("weekday",
     r"\b(?P<pre>(?i:(?:early|late|earlier|later)\s+(?:on\s+)?|(?:on|last|this\s+past|this|next|since)\s+))?"
     r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?![a-z])(?:'s)?"
     r"(?P<part>\s+(?:morning|afternoon|evening|night))?", 0),
    # relative days
    ("today",
     r"\b(?:earlier\s+|later\s+)?today\b|\b(?:early\s+|earlier\s+|late\s+)?this\s+(?:morning|afternoon|evening)\b|"
     r"\btonight\b", re.I),
    ("day_before_yesterday", r"\b(?:on\s+)?the\s+day\s+before\s+yesterday\b", re.I),
    ("yesterday", r"\b(?:late\s+|early\s+)?yesterday(?:\s+(?:morning|afternoon|evening|night))?\b", re.I),
    ("last_night", r"\b(?:late\s+|early\s+)?(?:last\s+night|overnight)\b", re.I),
    ("days_ago", rf"\b(?P<n>{_NUMW}|few|several|a\s+few)\s+(?P<unit>day|week|month|year)s?\s+ago\b", re.I),
    ("last_unit",
     r"\b(?P<which>last|this|earlier\s+this|later\s+this|late\s+last|early\s+last|the\s+past|the\s+previous|"
     r"past|previous|the\s+last|earlier\s+in\s+the)\s+(?P<unit>week|weekend|month|year)\b", re.I),
    ("weekend", r"\b(?:over\s+|during\s+|at\s+)?the\s+weekend\b", re.I),
    ("recent",
     r"\b(?:in\s+|over\s+|during\s+)?(?:the\s+)?(?P<which>recent|past\s+few|last\s+few|past\s+several|last\s+several|"
     r"previous\s+few|past\s+couple\s+of|last\s+couple\s+of)\s+(?P<unit>days|weeks|months|years)\b", re.I),
    ("recently", r"\b(?:recently|in\s+recent\s+times)\b", re.I),
    ("anaphoric",
     r"\b(?:the\s+(?P<rel1>previous|following|next)\s+day|a\s+day\s+(?P<rel2>earlier|later|before|after)|"
     r"the\s+day\s+(?P<rel3>before|after)(?!\s+yesterday))\b", re.I),
]

# Patterns written in lower case with re.I run on the lower-cased text without re.I (faster);
# the others need the original case (capitalised month and weekday names).
_LOWER = {k for k, p, f in _SPECS if f == re.I and k not in ("mod_month", "week_of_month")}
# Which trigger class each pattern needs in its window: month/weekday names, keywords, digits.
_CLASS = {k: "num" if k in ("iso", "dmy_num", "year") else "kw" if k in _LOWER else "name" for k, _, _ in _SPECS}
_COMPILED: list[tuple[str, re.Pattern[str], re.Pattern[str]]] = [
    (k, re.compile(p, f), re.compile(p, 0 if k in _LOWER else f)) for k, p, f in _SPECS
]
_SINCE = re.compile(r"\b(?:since|ever\s+since)\s+(?:the\s+)?$", re.I)
_BETWEEN = re.compile(r"\b(?:between|from)\s+$", re.I)
WHEN_AFTER = re.compile(r",?\s+when\b", re.I)  # "since October 2024, when ...": that time is the clause's
_JOIN = re.compile(r"^\s*(?:and|to|until|till|through|-|–|—)\s*$", re.I)
_JOIN_NOBETWEEN = re.compile(r"^\s*(?:to|until|till|through|-|–|—)\s*$", re.I)
# Present / present-perfect narration is about now, not about the dated background before it.
_PRESENT = re.compile(r"\b(?:has|have|is|are|remains?)\b")
_HEADING = re.compile(r"={2,}[^=\n]{1,80}={2,}")
_PARA = re.compile(r"\n\s*\n|={2,}[^=\n]{1,80}={2,}")  # a blank line, or a "==Heading==" of scraped wiki text
_DATELINE_HEAD = re.compile(r"^[^\n]{0,80}?(?:\((?:Reuters|AFP|AP|Xinhua|IANS|PTI|UNI|dpa|ANI|Anadolu)\)|"
                            r"[A-Z][A-Z .'-]{2,},)", 0)


@dataclass
class TimeMention:
    text: str
    start: int
    end: int  # offsets into the text passed to resolve_times
    date: EventDate
    kind: str = ""  # the pattern that found it ("weekday", "month_year", ...); "dateline" for a dateline
    since: bool = False  # "since December 2024": a span up to publication, no day of an action


# ---- calendar helpers -----------------------------------------------------------------------

def _month_span(y: int, m: int) -> tuple[dt.date, dt.date]:
    return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])


def _recent_month_year(m: int, ref: dt.date) -> int:
    """The year of the most recent month ``m`` on or before ``ref``."""
    return ref.year if m <= ref.month else ref.year - 1


def _recent_weekday(wd: int, ref: dt.date) -> dt.date:
    """The most recent weekday ``wd`` on or before ``ref`` (``ref`` itself when it is one)."""
    return ref - D(days=(ref.weekday() - wd) % 7)


def _clip(start: dt.date, end: dt.date, ref: dt.date | None) -> EventDate:
    """A span, cut at ``ref`` (an event is not reported before it happens)."""
    if ref is not None and start <= ref < end:
        end = ref
    return EventDate.span(start, end)


def _mk(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _month_num(s: str) -> int:
    return MONTHS[s.rstrip(".").lower()]


def _num(s: str) -> int:
    s = re.sub(r"\s+", " ", s.lower())
    if s.isdigit():
        return int(s)
    if s in ("few", "a few", "several"):
        return 3
    return NUMBER_WORDS.get(s, 1)


# ---- resolvers: (match, ref, ref_is_pub) -> EventDate | None ----------------------------------

Resolver = Callable[[re.Match[str], dt.date | None], EventDate | None]


def _r_iso(m: re.Match[str], ref: dt.date | None) -> EventDate | None:
    d = _mk(int(m["y"]), int(m["m"]), int(m["d"]))
    return EventDate.day(d) if d else None


def _year_for(m: re.Match[str], month: int, day: int, ref: dt.date | None) -> int | None:
    if m["y"]:
        return int(m["y"])
    if ref is None:
        return None
    y = ref.year
    if (month, day) > (ref.month, ref.day):
        y -= 1
    return y


def _r_dm(m: re.Match[str], ref: dt.date | None) -> EventDate | None:
    mon, day = _month_num(m["m"]), int(m["d"])
    y = _year_for(m, mon, day, ref)
    d = _mk(y, mon, day) if y else None
    return EventDate.day(d) if d else None


def _r_range(m: re.Match[str], ref: dt.date | None) -> EventDate | None:
    mon, d1, d2 = _month_num(m["m"]), int(m["d1"]), int(m["d2"])
    if d2 <= d1:
        return None
    y = _year_for(m, mon, d2, ref)
    if y is None:
        return None
    a, b = _mk(y, mon, d1), _mk(y, mon, d2)
    return EventDate.span(a, b) if a and b else None


_MODS = {"early": (1, 10), "beginning": (1, 10), "start": (1, 10), "mid": (11, 20), "middle": (11, 20),
         "late": (21, 31), "end": (21, 31), "first": (1, 15), "second": (16, 31)}


def _r_mod_month(m: re.Match[str], ref: dt.date | None) -> EventDate | None:
    mon = _month_num(m["m"])
    mod = next(k for k in _MODS if k in m["mod"].lower().split())
    y = int(m["y"]) if m["y"] else (_recent_month_year(mon, ref) if ref else None)
    if y is None:
        return None
    last = calendar.monthrange(y, mon)[1]
    a, b = _MODS[mod]
    return _clip(dt.date(y, mon, a), dt.date(y, mon, min(b, last)), ref)


def _r_week_of_month(m: re.Match[str], ref: dt.date | None) -> EventDate | None:
    mon = _month_num(m["m"])
    y = int(m["y"]) if m["y"] else (_recent_month_year(mon, ref) if ref else None)
    if y is None:
        return None
    last = calendar.monthrange(y, mon)[1]
    nth = m["nth"].lower()
    a = last - 6 if nth in ("last", "final") else 1 + 7 * ["first", "second", "third", "fourth"].index(nth)
    return _clip(dt.date(y, mon, a), dt.date(y, mon, a + 6), ref)


def _r_month_year(m: re.Match[str], ref: dt.date | None) -> EventDate | None:
    a, b = _month_span(int(m["y"]), _month_num(m["m"]))
    return _clip(a, b, ref)


def _r_month(m: re.Match[str], ref: dt.date | None) -> EventDate | None:
    if ref is None:
        return None
    mon = _month_num(m["m"])
    prep = m["prep"].lower()
    y = _recent_month_year(mon, ref)
    if prep == "last" and mon == ref.month:
        y -= 1
    if m["rel"]:  # "since July last year", "in March this year"
        y = ref.year if "this" in m["rel"].lower() else ref.year - 1
    a, b = _month_span(y, mon)
    if prep in ("early", "in early", "since early"):
        b = dt.date(y, mon, 10)
    return _clip(a, b, ref)


def _r_year(m: re.Match[str], ref: dt.date | None) -> EventDate | None:
    y = int(m["y"])
    prep = m["prep"].lower()
    if ref is not None and y > ref.year + 5:
        return None
    if prep == "early":
        a, b = dt.date(y, 1, 1), dt.date(y, 4, 30)
    elif prep == "mid":
        a, b = dt.date(y, 5, 1), dt.date(y, 8, 31)
    elif prep == "late":
        a, b = dt.date(y, 9, 1), dt.date(y, 12, 31)
    else:
        a, b = dt.date(y, 1, 1), dt.date(y, 12, 31)
    return _clip(a, b, ref)


def _r_weekday(m: re.Match[str], ref: dt.date | None) -> EventDate | None:
    if ref is None:
        return None
    wd = WEEKDAYS[m["wd"].lower()]
    pre = (m["pre"] or "").strip().lower()
    if pre == "next":
        d = ref + D(days=(wd - ref.weekday() - 1) % 7 + 1)
        return EventDate.day(d)
    d = _recent_weekday(wd, ref)
    if pre in ("last", "this past") and d == ref:
        d -= D(days=7)
    if (m["part"] or "").strip().lower() == "night":
        return EventDate(d, 1, d, d + D(days=1)) if d < ref else EventDate.day(d)
    return EventDate.day(d)


def _r_today(m: re.Match[str], ref: dt.date | None) -> EventDate | None:
    return EventDate.day(ref) if ref else None


def _r_yesterday(m: re.Match[str], ref: dt.date | None) -> EventDate | None:
    return EventDate.day(ref - D(days=1)) if ref else None


def _r_day_before_yesterday(m: re.Match[str], ref: dt.date | None) -> EventDate | None:
    return EventDate.day(ref - D(days=2)) if ref else None


def _r_last_night(m: re.Match[str], ref: dt.date | None) -> EventDate | None:
    # The night before publication began the day before; a report dated after midnight about
    # "last night" means the same evening. Coded at the evening's day, range up to publication.
    if ref is None:
        return None
    if "overnight" in m.group(0).lower():
        # Wire copy's "overnight" ends on the morning it is reported: coded on the publication
        # day, as coders of the morning's attacks do, with the evening before in its range.
        return EventDate(ref, 1, ref - D(days=1), ref)
    return EventDate(ref - D(days=1), 1, ref - D(days=1), ref)


def _r_days_ago(m: re.Match[str], ref: dt.date | None) -> EventDate | None:
    if ref is None:
        return None
    word = m["n"].lower()
    n, unit = _num(word), m["unit"].lower()
    vague = word in ("few", "a few", "several")
    if unit == "day":
        d = ref - D(days=n)
        return EventDate.span(d - D(days=2), d + D(days=2)) if vague else EventDate.day(d)
    if unit == "week":
        d = ref - D(days=7 * n)
        return EventDate(d, 2, d - D(days=3), min(ref, d + D(days=3)))
    if unit == "month":
        d = ref - D(days=30 * n)
        return EventDate(d, 3, d - D(days=15), min(ref, d + D(days=15)))
    d = _mk(ref.year - n, ref.month, min(ref.day, 28)) or ref
    return EventDate(d, 3, d - D(days=182), min(ref, d + D(days=182)))


def _r_last_unit(m: re.Match[str], ref: dt.date | None) -> EventDate | None:
    if ref is None:
        return None
    which = re.sub(r"\s+", " ", m["which"].lower())
    unit = m["unit"].lower()
    this = which in ("this", "earlier this", "later this", "earlier in the")
    past = which in ("the past", "past", "the last")  # a rolling period ending now
    if unit == "week":
        if past:
            return EventDate.span(ref - D(days=7), ref)
        monday = ref - D(days=ref.weekday())
        if this:
            return EventDate.span(monday, ref)
        return EventDate.span(monday - D(days=7), monday - D(days=1))
    if unit == "weekend":
        sat = _recent_weekday(5, ref)
        if not this and ref.weekday() in (5, 6) and which not in ("the past", "past"):
            sat -= D(days=7)
        return EventDate.span(sat, min(ref, sat + D(days=1)))
    if unit == "month":
        first = ref.replace(day=1)
        if past:
            return EventDate.span(ref - D(days=30), ref)
        if this:
            return EventDate.span(first, ref)
        prev_end = first - D(days=1)
        a, b = prev_end.replace(day=1), prev_end
        if which == "late last":
            a = b.replace(day=21)
        elif which == "early last":
            b = a.replace(day=10)
        return EventDate.span(a, b)
    # year
    if past:
        return EventDate.span(ref - D(days=365), ref)
    if this:
        return EventDate.span(dt.date(ref.year, 1, 1), ref)
    y = ref.year - 1
    if which == "late last":
        return EventDate.span(dt.date(y, 9, 1), dt.date(y, 12, 31))
    if which == "early last":
        return EventDate.span(dt.date(y, 1, 1), dt.date(y, 4, 30))
    return EventDate.span(dt.date(y, 1, 1), dt.date(y, 12, 31))


def _r_weekend(m: re.Match[str], ref: dt.date | None) -> EventDate | None:
    if ref is None:
        return None
    sat = _recent_weekday(5, ref)
    return EventDate.span(sat, min(ref, sat + D(days=1)))


def _r_recent(m: re.Match[str], ref: dt.date | None) -> EventDate | None:
    if ref is None:
        return None
    unit = m["unit"].lower()
    back = {"days": 6, "weeks": 28, "months": 180, "years": 3 * 365}[unit]
    return EventDate.span(ref - D(days=back), ref)


def _r_recently(m: re.Match[str], ref: dt.date | None) -> EventDate | None:
    return EventDate.span(ref - D(days=30), ref) if ref else None


def _r_anaphoric(m: re.Match[str], ref: dt.date | None) -> EventDate | None:
    return None  # resolved against the preceding mention in resolve_times


_RESOLVERS: dict[str, Resolver] = {
    "iso": _r_iso, "dmy_num": _r_iso, "range_dm": _r_range, "range_md": _r_range, "dm": _r_dm,
    "md": _r_dm, "mod_month": _r_mod_month, "week_of_month": _r_week_of_month,
    "month_year": _r_month_year, "month": _r_month, "year": _r_year, "weekday": _r_weekday,
    "today": _r_today, "day_before_yesterday": _r_day_before_yesterday, "yesterday": _r_yesterday,
    "last_night": _r_last_night, "days_ago": _r_days_ago, "last_unit": _r_last_unit,
    "weekend": _r_weekend, "recent": _r_recent, "recently": _r_recently, "anaphoric": _r_anaphoric,
}
# Expressions that need the publication date (or another reference) to mean anything.
_RELATIVE = {"weekday", "today", "day_before_yesterday", "yesterday", "last_night", "days_ago",
             "last_unit", "weekend", "recent", "recently", "month", "anaphoric"}
_YEARLESS_OK = {"dm", "md", "range_dm", "range_md", "mod_month", "week_of_month"}


def _coarsen(e: EventDate, days: int = 15) -> EventDate:
    """A relative date resolved against a guessed reference (not a publication date)."""
    return EventDate(e.date, 3, min(e.start, e.date - D(days=days)), max(e.end, e.date + D(days=days)))


# ---- scanning --------------------------------------------------------------------------------

# Every expression contains one of these; the patterns only run in windows around them.
_TRIGGERS = {
    "name": re.compile(rf"(?:{_MON_FULL}|{_MON_ABBR}|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?![a-z])"),
    "kw": re.compile(r"today|tonight|yesterday|night|overnight|ago\b|week|month|year|recent|day|morning|"
                     r"afternoon|evening"),
    "num": re.compile(r"(?:19|20)\d\d|\d[/.-]\d"),
}
_MARGIN = 64


def _windows(rx: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for m in rx.finditer(text):
        a, b = max(0, m.start() - _MARGIN), min(len(text), m.end() + _MARGIN)
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _scan(text: str) -> list[tuple[int, int, str, re.Match[str]]]:
    found: list[tuple[int, int, str, re.Match[str]]] = []
    low = text.lower()
    same = len(low) == len(text)  # lower-casing kept the offsets (almost always)
    if not same:
        low = text
    windows = {c: _windows(rx, low if c == "kw" else text) for c, rx in _TRIGGERS.items()}
    if not same:
        windows["kw"] = [(0, len(text))]
    for kind, rx_orig, rx_low in _COMPILED:
        lowered = kind in _LOWER and same
        rx, subject = (rx_low, low) if lowered else (rx_orig, text)
        for a, b in windows[_CLASS[kind]]:
            for m in rx.finditer(subject, a, b):
                if m.end() > m.start():
                    found.append((m.start(), m.end(), kind, m))
    # Longest first, then earliest; keep non-overlapping.
    found.sort(key=lambda t: (-(t[1] - t[0]), t[0]))
    taken: list[tuple[int, int, str, re.Match[str]]] = []
    starts: list[int] = []
    for item in found:
        s, e = item[0], item[1]
        i = bisect.bisect_left(starts, s)
        if i > 0 and taken[i - 1][1] > s:
            continue
        if i < len(taken) and taken[i][0] < e:
            continue
        taken.insert(i, item)
        starts.insert(i, s)
    return taken


_DATELINE_BEFORE = re.compile(r"\s*[A-Z][\w .'’-]{1,50}?(?:,\s*[A-Z][\w .'’-]{1,30}?)?\s*(?:,|\([\w .]{2,20}\))\s*"
                              r"(?:\([\w .]{2,20}\)\s*)?")
_DATELINE_AFTER = re.compile(r"\s*(?:\([\w .]{2,20}\))?\s*(?:[-–—:]|\n|$|(?=[A-Z]))")


_LINE_OR_GLUE = re.compile(r"\n|(?<=[a-z.!?”\"])(?=[A-Z]{3,})")


def _is_dateline(text: str, start: int, end: int) -> bool:
    """A date in the report's dateline ("NAIROBI, July 7 (Reuters) -", "Bamako (AFP) Oct 13, 2020"):
    only a place and an agency before it, and a dash, a line end or the first sentence after it."""
    if start > 200:
        return False
    if not _DATELINE_AFTER.match(text, end):
        return False
    # The dateline opens the report, or a line, or follows a headline glued to it
    # ("...in AfghanistanKANDAHAR, Afghanistan, Oct. 3 (Xinhua) --").
    for m in _LINE_OR_GLUE.finditer(text, 0, start):
        if _DATELINE_BEFORE.fullmatch(text, m.end(), start):
            return True
    return bool(_DATELINE_BEFORE.fullmatch(text, 0, start))


class ArticleTimes:
    """The time expressions of one report, and the date of an event given its evidence span."""

    def __init__(self, text: str, mentions: list[TimeMention], published: dt.date | None,
                 anchor: dt.date | None = None):
        self.text = text
        self.mentions = mentions
        self.published = published
        # The reference relative expressions were resolved against when there is no publication
        # date: the latest absolute day in the text (then relative dates are coarse).
        self.anchor = anchor
        self._starts = [mm.start for mm in mentions]
        self._paras = [0] + [p.end() for p in _PARA.finditer(text)]

    def _para_start(self, pos: int) -> int:
        return self._paras[bisect.bisect_right(self._paras, pos) - 1]

    def _main_event(self) -> EventDate | None:
        """The day of the event the report is about: the first day mention in its lead, when recent."""
        for mm in self.mentions:
            if mm.start > 400:
                break
            if mm.kind == "dateline" or mm.date.precision != 1:
                continue
            pub = self.published
            if pub is None or pub - D(days=7) <= mm.date.date <= pub:
                return mm.date
        return None

    def for_span(self, start: int, end: int) -> EventDate | None:
        """The date of an event whose evidence is ``text[start:end]``.

        A time expression inside the span (day precision first, then the earliest); else the
        nearest preceding expression in the same paragraph (within ~300 characters); else the
        day of the report's main event; else the publication day; else a coarse date around
        the text's own latest absolute day; else None.
        """
        i = bisect.bisect_left(self._starts, start)
        inside = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                inside.append(self.mentions[i])
            i += 1
        body = [mm for mm in inside if mm.kind != "dateline"] or inside
        if body:
            # A named day ("on Wednesday") outranks one counted from another ("a day earlier").
            best = min(body, key=lambda mm: (mm.date.precision != 1, mm.kind == "anaphoric", mm.start))
            return best.date
        # Inherit from the sentence(s) just before, in the same paragraph.
        j = bisect.bisect_left(self._starts, start) - 1
        para = self._para_start(start)
        if j >= 0:
            mm = self.mentions[j]
            if mm.date.precision > 1:
                # (the times of the sentence it closes: "Last week, hundreds marched ... over rations
                # the WFP cut this year. Police fired tear gas")
                run, k = [mm], j
                while k > 0 and self.mentions[k - 1].kind != "dateline" and not self.mentions[k - 1].since \
                        and not _STOP.search(self.text, self.mentions[k - 1].end, self.mentions[k].start):
                    k -= 1
                    run.insert(0, self.mentions[k])
                mm = own_time(run)
            if mm.kind != "dateline" and mm.start >= para and start - mm.end <= 300 and not mm.since and (
                mm.date.precision == 1 or not _PRESENT.search(self.text, start, end)
            ):  # ("fighting has continued since December 2024": a span to now, no date for what follows)
                return mm.date
        main = self._main_event()
        if main is not None:
            return main
        if self.published is not None:
            return EventDate.day(self.published)
        if self.anchor is not None:
            return _coarsen(EventDate.day(self.anchor))
        return None


# "a day after a gunbattle", "a day after resistance fighters captured ...": counted from an
# event; "a day after, ..." or "the day after." is counted from the last date.
_EVENT_AFTER = re.compile(r"\s+(?:a|an|the|this|that|his|her|its|their|[A-Z][\w-]*['’]s|"
                          r"(?!(?:on|in|at|and|but|when|while|as)\b)[a-z][\w-]+\s+[a-z][\w-]+)\s")


def resolve_times(text: str, published: dt.date | None) -> ArticleTimes:
    """Find and resolve every time expression of ``text`` against ``published``.

    Without a publication date, relative expressions are resolved against the latest absolute
    day the text gives (coarse, precision 3), or dropped when there is none.
    """
    raw = _scan(text)
    ref, anchor = published, None
    if ref is None:
        days = []
        for _s, _e, kind, m in raw:
            if kind in ("iso", "dmy_num") or (kind in ("dm", "md", "range_dm", "range_md") and m["y"]):
                r = _RESOLVERS[kind](m, None)
                if r is not None:
                    days.append(r.end)
        anchor = max(days) if days else None
    mentions: list[TimeMention] = []
    last_day: dt.date | None = published
    last_day_pos = 0
    first_day: dt.date | None = None
    last_year: int | None = None
    told_year: int | None = None  # the last year the text names, for "that year"
    for s, e, kind, m in raw:
        relative = kind in _RELATIVE or (kind in _YEARLESS_OK and not m["y"])
        use = ref if ref is not None else anchor
        if kind == "anaphoric":
            if last_day is None or _EVENT_AFTER.match(text, e):
                continue  # "a day after a gunbattle": counted from another event, not the last date
            rel = (m["rel1"] or m["rel2"] or m["rel3"]).lower()
            step = -1 if rel in ("previous", "earlier", "before") else 1
            base = last_day
            if first_day is not None and _HEADING.search(text, last_day_pos, s):
                base = first_day  # a "==Section==" of wiki text tells the lead's event again
            date = EventDate.day(base + D(days=step))
        elif ref is None and kind in ("dm", "md") and not m["y"] and (last_year or anchor):
            # No publication date: a yearless day ("April 9 - ...") takes the year of the full
            # date told before it (a timeline runs forward), and stays a day.
            y = anchor.year if anchor else last_year  # type: ignore[assignment]
            d = _mk(y, _month_num(m["m"]), int(m["d"]))
            date = EventDate.day(d) if d else None
            relative = False
        else:
            try:
                date = _RESOLVERS[kind](m, use)
            except (ValueError, OverflowError):
                date = None
        if date is not None and kind == "month" and told_year and _THAT_YEAR.match(text, e):
            # "in November 2024 ... In December of that year": the year told before
            a, b = _month_span(told_year, _month_num(m["m"]))
            date = EventDate.span(a, b) if ref is None or a <= ref else date
        if date is None:
            continue
        if kind in ("iso", "dmy_num") or (kind in ("dm", "md") and m["y"]):
            last_year = date.date.year
        if kind in ("iso", "dmy_num", "month_year", "year") or (kind in ("dm", "md") and m["y"]):
            told_year = date.start.year
        if ref is None and relative:
            date = _coarsen(date)
        # "since late April", "since Monday": from then until publication.
        since = bool(_SINCE.search(text, max(0, s - 16), s)) or text[s:s + 6].lower() == "since "
        if since and WHEN_AFTER.match(text, e):
            since = False  # "the deadliest since October 2024, when a raid killed 40": the raid's time
        if since:
            date = _since(date, ref)
        mention = TimeMention(text[s:e], s, e, date, kind, since)
        if not mentions and date.precision == 1 and _is_dateline(text, s, e):
            mention.kind = "dateline"
        # "between Monday and Wednesday", "1 May - 3 May": one range.
        if mentions and _merge(text, mentions[-1], mention):
            prev = mentions.pop()
            if prev.date.start <= mention.date.end:
                mention = TimeMention(text[prev.start:e], prev.start, e,
                                      EventDate.span(prev.date.start, mention.date.end), "range", prev.since)
            else:
                mentions.append(prev)
        mentions.append(mention)
        if mention.date.precision == 1 and mention.kind != "dateline":
            last_day, last_day_pos = mention.date.date, mention.end
            if first_day is None and mention.kind != "anaphoric":
                first_day = last_day
    return ArticleTimes(text, _overnight_days(text, mentions), published, anchor)


def own_time(mentions: list[TimeMention]) -> TimeMention:
    """A sentence's own time among its time mentions: the last, unless it is coarser than an earlier
    one; then the first of the finest ("from Saturday evening, ... who was sentenced on Thursday for
    violence last year": Saturday), not a year told in passing."""
    finest = min(m.date.precision for m in mentions)
    if mentions[-1].date.precision > finest:
        return next(m for m in mentions if m.date.precision == finest)
    return mentions[-1]


def _overnight_days(text: str, mentions: list[TimeMention]) -> list[TimeMention]:
    """"overnight Saturday", "overnight from Saturday to Sunday", "the night of Saturday to Sunday":
    the named night, not the night before publication; a night across two days is coded on the
    day it ran into."""
    out: list[TimeMention] = []
    for n, m in enumerate(mentions):
        nxt = mentions[n + 1] if n + 1 < len(mentions) else None
        if m.kind == "last_night" and nxt is not None and _NIGHT_OF.fullmatch(text[m.end:nxt.start]):
            continue  # the day named next tells which night
        if m.kind == "last_night" and nxt is not None and nxt.date.precision == 1 and nxt.start - m.end < 150 \
                and _ADJECTIVE_BEFORE.search(text, max(0, m.start - 4), m.start) and not _STOP.search(text, m.end, nxt.start):
            continue  # "in an overnight raid on Mamove on Tuesday night": the day named tells which night
        if m.kind == "last_night" and any(
                o.kind in ("dm", "md", "iso", "dmy_num") and o.date.precision == 1 and abs(o.start - m.start) < 300
                and not _STOP.search(text, min(o.end, m.end), max(o.start, m.start)) for o in mentions):
            continue  # "- 2 Nov: troops re-entered the town after fighters withdrew overnight": that night
        if m.kind == "range" and m.date.end - m.date.start == D(days=1) and _NIGHT_BEFORE.search(text, max(0, m.start - 30), m.start):
            m = replace(m, date=EventDate(m.date.end, 1, m.date.start, m.date.end))
        out.append(m)
    return out


_ADJECTIVE_BEFORE = re.compile(r"\b(?:an|the)\s+$", re.I)
_STOP = re.compile(r"[.;!?]\s")
_NIGHT_OF = re.compile(r"\s*(?:from|on|of|into|between)?\s*", re.I)
_NIGHT_BEFORE = re.compile(r"(?i)\b(?:overnight|night)\s+(?:from|of|between)?\s*(?:the\s+)?$")


_THAT_YEAR = re.compile(r"\s+(?:of\s+)?(?:that|the\s+same)\s+year\b", re.I)


def _since(date: EventDate, ref: dt.date | None) -> EventDate:
    if ref is None or date.start > ref:
        return date
    return EventDate.span(date.start, ref)


def _merge(text: str, a: TimeMention, b: TimeMention) -> bool:
    between = text[a.end:b.start]
    if len(between) > 12:
        return False
    if _JOIN_NOBETWEEN.match(between):
        return True
    return bool(_JOIN.match(between)) and bool(_BETWEEN.search(text, max(0, a.start - 10), a.start))


def date_for_sentence(sentence: str, published: dt.date | None) -> EventDate | None:
    """The date of an event told by one sentence on its own (no context)."""
    return resolve_times(sentence, published).for_span(0, len(sentence))
