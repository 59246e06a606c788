"""Cross-report duplicate merging.

The same event reported by several outlets becomes one event with several sources. Two event
records are duplicates when all four tests hold (see ``docs/store.md``):

1. **type**: the same ``event_type``; or both political violence with sub-types in
   :data:`COMPATIBLE_SUBTYPES` (outlets code a car bomb followed by gunfire as a suicide bomb or as
   an armed clash; a shelled market as shelling or as an attack on civilians); plus the one
   cross-family pair the seed's gold allows (a withdrawal coded as a non-violent transfer of
   territory or as the government regaining territory).
2. **date**: the ``date_start..date_end`` windows overlap. When both are day-precise, a one-day gap
   is tolerated ("yesterday" in a report filed around midnight) but only with *strict* agreement
   otherwise: the same sub-type, the same place (≤ 5 km or same GeoNames id/name) and no actor
   conflict.
3. **place**: both at precision 1 (the town itself) and named differently: ≤ 5 km (spelling
   variants of one town); otherwise ≤ 25 km, or the same admin2, or the same admin1 when both
   are precision 3. Different countries never merge.
4. **actors**: one side's actor1 is unknown/"Unidentified ...", or the named actors
   (actor1, actor2, associated, leaving out generic "Civilians"/"Protesters"/"Rioters") overlap,
   or one side names none.

Events of the same report never merge with each other: the pipeline already split them.

When records merge (:func:`combine`) the event keeps the first report's ``event_id``; the most
precise place and date win; an unknown actor gives way to a named one; ``fatalities`` is the
ACLED-conservative figure: the lowest figure > 0 among the reports, else 0 (``injured`` and
``displaced`` likewise, None when no report gives one); ``source``, ``source_url`` and
``article_id`` are the reports' values "; "-joined in arrival order; evidence stays the first
report's (every report's evidence is kept in the store's ``event_articles``).
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Iterable, Sequence
from typing import Any

from .model import FIELDS

MAX_KM = 25.0
SAME_TOWN_KM = 5.0
DAY_SLACK = 1

POLITICAL_VIOLENCE = {"Battles", "Explosions/Remote violence", "Violence against civilians"}

# Sub-type pairs (across event types) that outlets use for one event.
_PAIRS = [
    ("Armed clash", "Suicide bomb"),
    ("Armed clash", "Grenade"),
    ("Armed clash", "Shelling/artillery/missile attack"),
    ("Armed clash", "Attack"),
    ("Attack", "Suicide bomb"),
    ("Attack", "Remote explosive/landmine/IED"),
    ("Attack", "Air/drone strike"),
    ("Attack", "Shelling/artillery/missile attack"),
    ("Attack", "Grenade"),
]
COMPATIBLE_SUBTYPES: frozenset[frozenset[str]] = frozenset(frozenset(p) for p in _PAIRS)
CROSS_FAMILY: frozenset[frozenset[tuple[str, str]]] = frozenset({
    frozenset({("Strategic developments", "Non-violent transfer of territory"),
               ("Battles", "Government regains territory")}),
    frozenset({("Strategic developments", "Non-violent transfer of territory"),
               ("Battles", "Non-state actor overtakes territory")}),
})

_GENERIC = ("civilians", "protesters", "rioters")


# --------------------------------------------------------------------------- helpers

def as_date(v: Any) -> dt.date | None:
    if v is None or v == "":
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(str(v)[:10])


def window(rec: dict[str, Any]) -> tuple[dt.date, dt.date]:
    d = as_date(rec.get("event_date"))
    s = as_date(rec.get("date_start")) or d
    e = as_date(rec.get("date_end")) or d
    if s is None or e is None:
        raise ValueError("event without a date")
    return s, e


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _norm(s: Any) -> str:
    return " ".join(str(s or "").lower().replace("-", " ").replace("'", "").split())


def is_unknown(actor: Any) -> bool:
    n = _norm(actor)
    return not n or n.startswith("unidentified") or n.startswith("unknown")


def _named(rec: dict[str, Any]) -> set[str]:
    names: set[str] = set()
    for k in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2"):
        for n in str(rec.get(k) or "").split(";"):
            n = _norm(n)
            if n and not is_unknown(n) and not n.startswith(_GENERIC):
                names.add(n)
    return names


def _coords(rec: dict[str, Any]) -> tuple[float, float] | None:
    lat, lon = rec.get("latitude"), rec.get("longitude")
    if lat is None or lon is None:
        return None
    return float(lat), float(lon)


def _prec(rec: dict[str, Any], key: str) -> int:
    try:
        return int(rec.get(key) or 3)
    except (TypeError, ValueError):
        return 3


def _articles(rec: dict[str, Any]) -> set[str]:
    return {a.strip() for a in str(rec.get("article_id") or "").split(";") if a.strip()}


# --------------------------------------------------------------------------- the four tests

def types_compatible(a: dict[str, Any], b: dict[str, Any]) -> bool:
    ta, tb = a.get("event_type"), b.get("event_type")
    if ta == tb:
        return True
    sa, sb = a.get("sub_event_type"), b.get("sub_event_type")
    if ta in POLITICAL_VIOLENCE and tb in POLITICAL_VIOLENCE:
        return frozenset({sa, sb}) in COMPATIBLE_SUBTYPES
    return frozenset({(ta, sa), (tb, sb)}) in CROSS_FAMILY


def day_gap(a: dict[str, Any], b: dict[str, Any]) -> int:
    """Days between the two date windows (0 when they overlap)."""
    sa, ea = window(a)
    sb, eb = window(b)
    return max(0, (max(sa, sb) - min(ea, eb)).days)


def same_town(a: dict[str, Any], b: dict[str, Any]) -> bool:
    ga, gb = a.get("geonameid"), b.get("geonameid")
    if ga and gb and int(ga) == int(gb):
        return True
    la, lb = _norm(a.get("location")), _norm(b.get("location"))
    if la and la == lb and (a.get("iso3") == b.get("iso3")):
        return True
    ca, cb = _coords(a), _coords(b)
    return bool(ca and cb and km(*ca, *cb) <= SAME_TOWN_KM)


def places_compatible(a: dict[str, Any], b: dict[str, Any]) -> bool:
    ia, ib = a.get("iso3"), b.get("iso3")
    if ia and ib and ia != ib:
        return False
    if same_town(a, b):
        return True
    pa, pb = _prec(a, "geo_precision"), _prec(b, "geo_precision")
    if pa == 1 and pb == 1:
        return False  # two different towns, each coded as itself
    ca, cb = _coords(a), _coords(b)
    if ca and cb and km(*ca, *cb) <= MAX_KM:
        return True
    a2a, a2b = _norm(a.get("admin2")), _norm(b.get("admin2"))
    if a2a and a2a == a2b:
        return True
    a1a, a1b = _norm(a.get("admin1")), _norm(b.get("admin1"))
    return bool(pa == 3 and pb == 3 and a1a and a1a == a1b)


def actors_compatible(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if is_unknown(a.get("actor1")) or is_unknown(b.get("actor1")):
        return True
    na, nb = _named(a), _named(b)
    if not na or not nb:
        return True
    return bool(na & nb)


def dates_compatible(a: dict[str, Any], b: dict[str, Any]) -> bool:
    gap = day_gap(a, b)
    if gap == 0:
        return True
    if gap > DAY_SLACK or _prec(a, "time_precision") != 1 or _prec(b, "time_precision") != 1:
        return False
    return a.get("sub_event_type") == b.get("sub_event_type") and same_town(a, b)


def reasons(a: dict[str, Any], b: dict[str, Any]) -> dict[str, bool]:
    """Each test's outcome (for diagnostics and the benchmark)."""
    return {
        "type": types_compatible(a, b),
        "date": dates_compatible(a, b),
        "place": places_compatible(a, b),
        "actors": actors_compatible(a, b),
        "other_report": not (_articles(a) & _articles(b)),
    }


def is_duplicate(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two contract records describe the same event (reported by different reports)."""
    if _articles(a) & _articles(b):
        return False
    try:
        return (
            types_compatible(a, b) and dates_compatible(a, b)
            and places_compatible(a, b) and actors_compatible(a, b)
        )
    except ValueError:
        return False


def closeness(a: dict[str, Any], b: dict[str, Any]) -> float:
    """Lower is closer: to pick the best of several candidates."""
    ca, cb = _coords(a), _coords(b)
    d = km(*ca, *cb) if ca and cb else MAX_KM
    return day_gap(a, b) * 100 + d + (0 if a.get("sub_event_type") == b.get("sub_event_type") else 10)


def candidate_box(rec: dict[str, Any]) -> tuple[dt.date, dt.date, tuple[float, float, float, float] | None]:
    """The date window and lat/lon box (west, south, east, north) a duplicate must fall in."""
    s, e = window(rec)
    lo, hi = s - dt.timedelta(days=DAY_SLACK), e + dt.timedelta(days=DAY_SLACK)
    c = _coords(rec)
    if c is None:
        return lo, hi, None
    dlat = MAX_KM / 111.0
    dlon = MAX_KM / (111.0 * max(0.05, math.cos(math.radians(c[0]))))
    return lo, hi, (c[1] - dlon, c[0] - dlat, c[1] + dlon, c[0] + dlat)


# --------------------------------------------------------------------------- combining

def conservative(values: Iterable[Any]) -> int | None:
    """ACLED's conservative figure: the lowest figure > 0; 0 if reports give only 0; else None."""
    vals = [int(v) for v in values if v is not None and v != ""]
    pos = [v for v in vals if v > 0]
    if pos:
        return min(pos)
    return 0 if vals else None


def _join(values: Iterable[Any]) -> str | None:
    out: list[str] = []
    for v in values:
        for part in str(v or "").split(";"):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return "; ".join(out) or None


def combine(records: Sequence[dict[str, Any]], event_id: str | None = None) -> dict[str, Any]:
    """One record from the records of several reports (in arrival order)."""
    if not records:
        raise ValueError("nothing to combine")
    first = records[0]
    out = {k: first.get(k) for k in FIELDS}
    out["event_id"] = event_id or first.get("event_id")
    if len(records) > 1:
        # Place: the most precise report that has coordinates.
        placed = [r for r in records if _coords(r)] or list(records)
        best = min(placed, key=lambda r: _prec(r, "geo_precision"))
        for k in ("country", "iso3", "admin1", "admin2", "admin3", "location", "latitude",
                  "longitude", "geo_precision", "geonameid"):
            out[k] = best.get(k)
        # Date: the most precise report.
        bd = min(records, key=lambda r: _prec(r, "time_precision"))
        for k in ("event_date", "year", "time_precision", "date_start", "date_end"):
            out[k] = bd.get(k)
        # Actors: a named actor beats an unknown one.
        if is_unknown(out.get("actor1")):
            for r in records[1:]:
                if not is_unknown(r.get("actor1")):
                    for k in ("actor1", "inter1", "assoc_actor_1"):
                        out[k] = r.get(k)
                    break
        if not out.get("actor2"):
            for r in records[1:]:
                if r.get("actor2"):
                    for k in ("actor2", "inter2", "assoc_actor_2"):
                        out[k] = r.get(k)
                    break
        i1, i2 = int(out.get("inter1") or 0), int(out.get("inter2") or 0)
        lo, hi = sorted((i1, i2))
        out["interaction"] = i1 * 10 if i2 == 0 else lo * 10 + hi
        out["confidence"] = max(float(r.get("confidence") or 0) for r in records)
        if any(r.get("civilian_targeting") for r in records) and out["event_type"] == "Violence against civilians":
            out["civilian_targeting"] = "Civilian targeting"
    out["fatalities"] = conservative(r.get("fatalities") for r in records) or 0
    out["injured"] = conservative(r.get("injured") for r in records)
    out["displaced"] = conservative(r.get("displaced") for r in records)
    out["source"] = _join(r.get("source") for r in records)
    out["source_url"] = _join(r.get("source_url") for r in records)
    out["article_id"] = _join(r.get("article_id") for r in records)
    for k in ("event_date", "date_start", "date_end"):
        d = as_date(out.get(k))
        out[k] = d.isoformat() if d else None
    if out.get("event_date"):
        out["year"] = int(str(out["event_date"])[:4])
    out["timestamp"] = int(time.time())
    return out


def merge_all(records: Sequence[dict[str, Any]]) -> list[list[int]]:
    """Greedy clustering of a list of records (arrival order) into groups of duplicates: each
    record joins the closest earlier group whose combined record it duplicates. Returns the
    groups as lists of indexes. (The store does the same incrementally, with an indexed query.)"""
    groups: list[list[int]] = []
    merged: list[dict[str, Any]] = []
    for i, rec in enumerate(records):
        best, best_d = None, math.inf
        for g, m in enumerate(merged):
            if is_duplicate(m, rec):
                d = closeness(m, rec)
                if d < best_d:
                    best, best_d = g, d
        if best is None:
            groups.append([i])
            merged.append(dict(rec))
        else:
            groups[best].append(i)
            merged[best] = combine([records[j] for j in groups[best]], merged[best]["event_id"])
    return groups
