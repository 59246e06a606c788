"""Scoring predicted events against gold annotations: ``sitrep evaluate``.

This is a re-implementation of the reference scorer (``shared/eval/score.py``) and must agree
with it number for number on the same files; ``tests/test_evaluate.py`` checks that. The rules:

- A prediction matches a gold event of the same report when the type fits (the gold's
  ``event_type`` or one of its ``alt_types``), the date falls in the gold's precision window
  (day ±2 days, week ±7, month: same month or ±31 days, year: same year), and the place is close
  enough (50 km; 150 km or the same admin1 for a gold of geo_precision 3; the same country when
  the gold has no coordinates).
- Matching is greedy and first-fit: required golds first (in file order), then optional ones;
  each takes the first unused prediction (in file order) that matches. There is no optimal
  assignment, so the order of predictions matters.
- Optional golds (``required: false``) count neither as misses nor as hits; a prediction that
  matched one is not a false alarm. Predictions for reports not in the gold are counted in
  ``predicted`` but never as false alarms.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import math
import re
import statistics
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Record = dict[str, Any]

# Date windows by gold date_precision, in days (month also accepts the same calendar month).
TOL_DAYS = {"day": 2, "week": 7, "month": 31, "year": 366}
NEAR_KM = 50.0  # place window for golds of geo_precision 1-2
REGION_KM = 150.0  # ... and for golds of geo_precision 3 (or the same admin1)
ACTOR_STOPWORDS = frozenset({"of", "the", "forces", "military", "group", "armed", "unidentified"})


# --- loading ----------------------------------------------------------------------------------


def _read_jsonl(path: str | Path) -> list[Record]:
    rows: list[Record] = []
    stream = contextlib.nullcontext(sys.stdin) if str(path) == "-" else open(path, encoding="utf-8")
    with stream as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: not JSON: {exc.msg}") from None
    return rows


def load_gold(path: str | Path) -> list[Record]:
    """Gold reports from a JSON Lines file: ``{"id", "published", "events": [...]}`` a line."""
    gold = _read_jsonl(path)
    for i, art in enumerate(gold, 1):
        if not isinstance(art, dict) or "id" not in art:
            raise ValueError(f"{path}: gold report {i} has no 'id'")
    return gold


def load_predictions(source: str | Path | Iterable[Record]) -> list[Record]:
    """Predicted event records: a JSON Lines path (``-`` for stdin), or records themselves."""
    if isinstance(source, (str, Path)):
        return _read_jsonl(source)
    return [dict(r) for r in source]


# --- the matching rules (as in score.py) --------------------------------------------------------


def parse_date(s: Any) -> dt.date | None:
    """A date from YYYY-MM-DD, YYYY-MM (the 1st) or YYYY (1 January); None if none parses."""
    if not s:
        return None
    s = str(s)[:10]
    for fmt, n in (("%Y-%m-%d", 10), ("%Y-%m", 7), ("%Y", 4)):
        try:
            return dt.datetime.strptime(s[:n], fmt).date()
        except ValueError:
            pass
    return None


def date_ok(g: Record, p: Record) -> bool:
    gd, pd = parse_date(g.get("date")), parse_date(p.get("event_date"))
    if gd is None or pd is None:
        return False
    prec = g.get("date_precision", "day")
    if prec == "month":
        return (pd.year, pd.month) == (gd.year, gd.month) or abs((pd - gd).days) <= TOL_DAYS["month"]
    if prec == "year":
        return pd.year == gd.year
    return abs((pd - gd).days) <= TOL_DAYS.get(prec, TOL_DAYS["day"])


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine, Earth diameter 12742 km)."""
    (la1, lo1), (la2, lo2) = a, b
    r = math.pi / 180
    h = math.sin((la2 - la1) * r / 2) ** 2 + math.cos(la1 * r) * math.cos(la2 * r) * math.sin((lo2 - lo1) * r / 2) ** 2
    return 12742 * math.asin(min(1, math.sqrt(h)))


def norm(s: Any) -> str:
    return re.sub(r"[^a-z0-9 ]", "", (s or "").lower().replace("-", " ")).strip()


def pred_iso3(p: Record) -> str:
    return (p.get("iso3") or p.get("country_iso3") or p.get("iso") or "").upper()


def _gold_geo_precision(g: Record) -> Any:
    gp = g.get("geo_precision", 1)
    return 1 if gp is None else gp


def place_ok(g: Record, p: Record) -> bool:
    glat, glon = g.get("lat"), g.get("lon")
    if glat is None or glon is None:
        gc = g.get("country")
        return not gc or pred_iso3(p) == gc.upper() or norm(p.get("country")) == norm(gc)
    plat, plon = p.get("latitude"), p.get("longitude")
    if plat is None or plon is None:
        return False
    d = km((float(glat), float(glon)), (float(plat), float(plon)))
    if _gold_geo_precision(g) >= 3:
        return d <= REGION_KM or bool(g.get("admin1") and norm(g["admin1"]) == norm(p.get("admin1")))
    return d <= NEAR_KM


def type_ok(g: Record, p: Record) -> bool:
    return p.get("event_type") in {g.get("event_type"), *(g.get("alt_types") or [])}


def actor_ok(g: Record, p: Record) -> bool:
    """Token overlap: at least half of the gold actor1's content words are in the prediction's."""
    a = set(norm(g.get("actor1")).split()) - ACTOR_STOPWORDS
    b = set(norm(p.get("actor1")).split()) - ACTOR_STOPWORDS
    return bool(a and b) and len(a & b) / len(a) >= 0.5


def matches(g: Record, p: Record) -> bool:
    return type_ok(g, p) and date_ok(g, p) and place_ok(g, p)


def _required(g: Record) -> bool:
    return bool(g.get("required", True))


# --- the report -------------------------------------------------------------------------------


@dataclass
class Miss:
    """A required gold event that no prediction matched."""

    article_id: Any
    gold: Record

    def key(self) -> list[Any]:
        """The fields score.py lists for a miss."""
        return [self.article_id, self.gold.get("event_type"), self.gold.get("date"), self.gold.get("location")]


@dataclass
class FalseAlarm:
    """A prediction that matched no gold event of its report."""

    article_id: Any
    pred: Record

    def key(self) -> list[Any]:
        """The fields score.py lists for a false alarm."""
        return [self.article_id, self.pred.get("event_type"), self.pred.get("event_date"), self.pred.get("location")]


Acc = tuple[float, int]  # (share, how many it was computed over); NaN share when none
Share = tuple[float | None, int]


@dataclass
class Report:
    """The numbers score.py prints, plus the misses and false alarms themselves."""

    articles: int
    predicted: int
    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float
    fp_on_eventless_articles: int
    sub_event_type_acc: Acc
    day_date_exact_acc: Acc
    fatalities_exact_acc: Acc
    actor1_acc: Acc
    geo_within_10km: Acc
    median_geo_err_km: float | None
    place_any_10km: Share
    place_any_50km: Share
    country_any: Share
    misses: list[Miss] = field(default_factory=list)
    false_alarms: list[FalseAlarm] = field(default_factory=list)
    # Matched (gold, prediction) pairs of required golds, for inspection.
    pairs: list[tuple[Record, Record]] = field(default_factory=list, repr=False)

    def as_dict(self, verbose: bool = False) -> dict[str, Any]:
        """The dict score.py builds (and prints), key for key; misses/false alarms if ``verbose``."""
        d: dict[str, Any] = {
            "articles": self.articles, "predicted": self.predicted,
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "precision": self.precision, "recall": self.recall, "f1": self.f1,
            "fp_on_eventless_articles": self.fp_on_eventless_articles,
        }
        for name in ("sub_event_type_acc", "day_date_exact_acc", "fatalities_exact_acc", "actor1_acc",
                     "geo_within_10km"):
            d[name] = list(getattr(self, name))
        d["median_geo_err_km"] = self.median_geo_err_km
        for name in ("place_any_10km", "place_any_50km", "country_any"):
            d[name] = list(getattr(self, name))
        if verbose:
            d["misses"] = [m.key() for m in self.misses]
            d["false_alarms"] = [a.key() for a in self.false_alarms]
        return d

    def to_json(self, verbose: bool = False) -> str:
        """Exactly what score.py prints (without its final newline)."""
        return json.dumps(self.as_dict(verbose), indent=1, default=str)


def _frac(xs: Iterable[bool]) -> Acc:
    xs = list(xs)
    share, n = (sum(xs) / len(xs), len(xs)) if xs else (float("nan"), 0)
    return round(share, 3), n


def _share(k: int, n: int) -> Share:
    return (round(k / n, 3) if n else None), n


def _match_article(gs: list[Record], ps: list[Record]) -> dict[int, int]:
    """gold index -> prediction index: greedy, required golds first, first matching prediction."""
    used: set[int] = set()
    matched: dict[int, int] = {}
    for gi, g in sorted(enumerate(gs), key=lambda x: not _required(x[1])):
        for pi, p in enumerate(ps):
            if pi not in used and matches(g, p):
                used.add(pi)
                matched[gi] = pi
                break
    return matched


def _by_article(preds: list[Record]) -> dict[str, list[Record]]:
    by_art: dict[str, list[Record]] = defaultdict(list)
    for p in preds:
        by_art[str(p.get("article_id"))].append(p)
    return by_art


def _place_alone(gold: list[Record], by_art: dict[str, list[Record]]) -> tuple[int, int, int, int]:
    """For required golds of geo_precision 1: any prediction of the report within 10/50 km, in
    the country. Returns (near10, near50, country_right, located)."""
    near10 = near50 = country_right = located = 0
    for art in gold:
        ps = by_art.get(str(art["id"]), [])
        for g in art.get("events") or []:
            if not _required(g) or g.get("lat") is None or g.get("geo_precision", 1) != 1:
                continue
            located += 1
            ds = [km((float(g["lat"]), float(g["lon"])), (float(p["latitude"]), float(p["longitude"])))
                  for p in ps if p.get("latitude") is not None]
            near10 += bool(ds) and min(ds) <= 10
            near50 += bool(ds) and min(ds) <= 50
            country_right += any(pred_iso3(p) == str(g.get("country", "")).upper() for p in ps)
    return near10, near50, country_right, located


def score(gold: list[Record], preds: list[Record]) -> Report:
    """Score ``preds`` (event records) against ``gold`` (reports with their events)."""
    by_art = _by_article(preds)
    tp = fp = fn = empty_fp = 0
    pairs: list[tuple[Record, Record]] = []
    misses: list[Miss] = []
    alarms: list[FalseAlarm] = []
    for art in gold:
        ps = by_art.get(str(art["id"]), [])
        gs = art.get("events") or []
        matched = _match_article(gs, ps)
        for gi, g in enumerate(gs):
            if not _required(g):
                continue
            if gi in matched:
                tp += 1
                pairs.append((g, ps[matched[gi]]))
            else:
                fn += 1
                misses.append(Miss(art["id"], g))
        used = set(matched.values())
        for pi, p in enumerate(ps):
            if pi not in used:
                fp += 1
                alarms.append(FalseAlarm(art["id"], p))
                if not gs:
                    empty_fp += 1
    near10, near50, country_right, located = _place_alone(gold, by_art)

    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    errs = [km((float(g["lat"]), float(g["lon"])), (float(p["latitude"]), float(p["longitude"])))
            for g, p in pairs
            if g.get("lat") is not None and p.get("latitude") is not None and g.get("geo_precision", 1) == 1]
    return Report(
        articles=len(gold),
        predicted=sum(len(v) for v in by_art.values()),
        tp=tp, fp=fp, fn=fn,
        precision=round(prec, 3), recall=round(rec, 3), f1=round(f1, 3),
        fp_on_eventless_articles=empty_fp,
        sub_event_type_acc=_frac(g.get("sub_event_type") == p.get("sub_event_type") for g, p in pairs),
        day_date_exact_acc=_frac(str(p.get("event_date", ""))[:10] == str(g.get("date"))
                                 for g, p in pairs if g.get("date_precision") == "day"),
        fatalities_exact_acc=_frac(int(p.get("fatalities") or 0) == int(g["fatalities"])
                                   for g, p in pairs if g.get("fatalities") is not None),
        actor1_acc=_frac(actor_ok(g, p) for g, p in pairs if g.get("actor1")),
        geo_within_10km=_frac(e <= 10 for e in errs),
        median_geo_err_km=round(statistics.median(errs), 1) if errs else None,
        place_any_10km=_share(near10, located),
        place_any_50km=_share(near50, located),
        country_any=_share(country_right, located),
        misses=misses, false_alarms=alarms, pairs=pairs,
    )


# --- text report --------------------------------------------------------------------------------


def _acc(a: Acc | Share) -> str:
    share, n = a
    if n == 0 or share is None or (isinstance(share, float) and math.isnan(share)):
        return "   -    (n=0)"
    return f"{share:6.3f}  (n={n})"


def _coords(lat: Any, lon: Any) -> str:
    if lat is None or lon is None:
        return "no coordinates"
    try:
        return f"{float(lat):.4f}, {float(lon):.4f}"
    except (TypeError, ValueError):
        return f"{lat}, {lon}"


def _kv(items: Iterable[tuple[str, Any]]) -> str:
    return "  ".join(f"{k}={v}" for k, v in items if v not in (None, "", []))


def _describe_gold(g: Record) -> Iterator[str]:
    kind = " / ".join(str(x) for x in (g.get("event_type"), g.get("sub_event_type")) if x)
    if g.get("alt_types"):
        kind += f" (or {', '.join(g['alt_types'])})"
    yield f"{kind}  {g.get('date')} ({g.get('date_precision', 'day')})"
    yield _kv([("place", g.get("location")), ("admin1", g.get("admin1")), ("country", g.get("country")),
               ("at", _coords(g.get("lat"), g.get("lon"))), ("geo_precision", g.get("geo_precision"))])
    yield _kv([("actor1", g.get("actor1")), ("actor2", g.get("actor2")), ("fatalities", g.get("fatalities"))])


def _describe_pred(p: Record) -> Iterator[str]:
    kind = " / ".join(str(x) for x in (p.get("event_type"), p.get("sub_event_type")) if x)
    yield f"{kind}  {p.get('event_date')} (time_precision {p.get('time_precision')})"
    yield _kv([("place", p.get("location")), ("admin1", p.get("admin1")),
               ("country", p.get("iso3") or p.get("country")),
               ("at", _coords(p.get("latitude"), p.get("longitude"))), ("geo_precision", p.get("geo_precision"))])
    yield _kv([("actor1", p.get("actor1")), ("actor2", p.get("actor2")), ("fatalities", p.get("fatalities"))])
    ev = " ".join(str(p.get("evidence") or "").split())
    if ev:
        yield '"' + (ev if len(ev) <= 160 else ev[:157].rsplit(" ", 1)[0] + " ...") + '"'


def format_report(report: Report, verbose: bool = False) -> str:
    """The report as text for a terminal; with ``verbose``, every miss and false alarm."""
    r = report
    lines = [
        f"reports {r.articles}   predicted events {r.predicted}",
        f"required events: tp {r.tp}  fp {r.fp}  fn {r.fn}",
        f"precision {r.precision:.3f}   recall {r.recall:.3f}   F1 {r.f1:.3f}",
        f"false alarms on reports without events: {r.fp_on_eventless_articles}",
        "",
        "on matched pairs:",
        f"  sub-event type        {_acc(r.sub_event_type_acc)}",
        f"  exact day             {_acc(r.day_date_exact_acc)}   (golds of day precision)",
        f"  exact fatalities      {_acc(r.fatalities_exact_acc)}",
        f"  actor1                {_acc(r.actor1_acc)}",
        f"  within 10 km          {_acc(r.geo_within_10km)}   (golds of geo_precision 1)",
        "  median place error    " + ("   -" if r.median_geo_err_km is None else f"{r.median_geo_err_km} km"),
        "",
        "place alone, whatever type and date (required golds of geo_precision 1):",
        f"  any within 10 km      {_acc(r.place_any_10km)}",
        f"  any within 50 km      {_acc(r.place_any_50km)}",
        f"  any in its country    {_acc(r.country_any)}",
    ]
    if verbose:
        lines += ["", f"misses ({len(r.misses)}):"]
        for m in r.misses:
            desc = list(_describe_gold(m.gold))
            lines.append(f"  [{m.article_id}] {desc[0]}")
            lines += [f"      {x}" for x in desc[1:] if x]
        lines += ["", f"false alarms ({len(r.false_alarms)}):"]
        for a in r.false_alarms:
            desc = list(_describe_pred(a.pred))
            lines.append(f"  [{a.article_id}] {desc[0]}")
            lines += [f"      {x}" for x in desc[1:] if x]
    return "\n".join(lines)


# --- command line -------------------------------------------------------------------------------


def add_cli(subparsers: argparse._SubParsersAction) -> None:
    """Register ``sitrep evaluate`` (its handler is ``args.func(args) -> exit code``)."""
    p = subparsers.add_parser(
        "evaluate",
        help="score predicted events against gold annotations",
        description="Score predicted events (JSON Lines, one event record a line) against gold "
        "annotations, as shared/eval/score.py does; or extract events from reports and score them "
        "in one step with --extract.",
    )
    p.add_argument("pred", nargs="?", metavar="PRED.jsonl", help="predicted events ('-' for stdin)")
    p.add_argument("--gold", required=True, metavar="GOLD.jsonl", help="gold reports with their events")
    p.add_argument("--extract", nargs="+", metavar="REPORTS", help="extract events from these reports and score them")
    p.add_argument("--verbose", "-v", action="store_true", help="list every miss and false alarm")
    p.add_argument("--json", action="store_true", help="print the numbers as JSON, as score.py does")
    p.set_defaults(func=run)


def extract_records(paths: list[str], err: Any = None) -> list[Record]:
    """Run the pipeline over the reports in ``paths``; their event records. Unreadable reports
    are reported on ``err`` (stderr) and skipped."""
    from .errors import InputError
    from .pipeline import get_pipeline
    from .readers import read_inputs

    err = err or sys.stderr
    pipeline = get_pipeline()
    records: list[Record] = []
    for item in read_inputs(paths):
        if isinstance(item, InputError):
            print(f"sitrep evaluate: skipped {item}", file=err)
            continue
        records.extend(ev.to_record() for ev in pipeline.extract(item))
    return records


def run(args: argparse.Namespace) -> int:
    """``sitrep evaluate``: 0 when scored, 2 for a usage or input error."""
    if bool(args.pred) == bool(args.extract):
        print("sitrep evaluate: give either PRED.jsonl or --extract REPORTS... (one of them)", file=sys.stderr)
        return 2
    try:
        gold = load_gold(args.gold)
        preds = load_predictions(args.pred) if args.pred else extract_records(args.extract)
    except (OSError, ValueError) as exc:
        print(f"sitrep evaluate: {exc}", file=sys.stderr)
        return 2
    report = score(gold, preds)
    print(report.to_json(args.verbose) if args.json else format_report(report, args.verbose))
    return 0
