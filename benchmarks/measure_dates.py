"""How often the date resolver gets the day right, and how fast it is.

    python benchmarks/measure_dates.py [--shared ../shared] [--verbose]

- UCDP GED sample (``data/dev/ucdp_ged_sample.jsonl``): each record's text is one or more source
  headlines, each with its own publication date (``meta.source_article``). Each headline is
  dated with :func:`sitrep.timex.resolve_times` against its publication date; the record's
  date is the earliest day-precision result (an event is reported on or after it happens).
  Scored on the records whose gold is a single day: the share dated exactly, and within 1 day.
- Seed: each gold event of day precision, dated from the first sentence naming its location.
- Speed: ``resolve_times`` over the WikiEvents reports (ms per report and per 600 words).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sitrep.readers.text import parse_text  # noqa: E402
from sitrep.timex import resolve_times  # noqa: E402

_SRC = re.compile(r"^(.*?),((?:19|20)\d\d-\d\d-\d\d),(.*)$", re.S)
_SENT = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")


def ucdp_headlines(rec: dict) -> list[tuple[str, dt.date]]:
    raw = rec["meta"]["source_article"].strip()
    out = []
    for part in re.split(r'"\s*;\s*"', raw.strip('"')):
        m = _SRC.match(part.strip())
        if m:
            out.append((m.group(3).strip(), dt.date.fromisoformat(m.group(2))))
    return out


def measure_ucdp(path: Path, verbose: bool) -> tuple[int, int, int, int, int]:
    n = exact = near = n_tx = exact_tx = 0
    for line in path.open(encoding="utf-8"):
        rec = json.loads(line)
        g = rec["gold"]
        if g.get("date_prec") != 1 or g["date_start"] != g["date_end"]:
            continue
        gold = dt.date.fromisoformat(g["date_start"])
        heads = ucdp_headlines(rec)
        if not heads:
            continue
        days, expressed = [], []
        for text, pub in heads:
            times = resolve_times(text, pub)
            e = times.for_span(0, len(text))
            if e is not None and e.precision == 1:
                days.append(e.date)
                if any(m.date.precision == 1 for m in times.mentions):
                    expressed.append(e.date)
        pred = min(days or [min(p for _, p in heads)])
        n += 1
        exact += pred == gold
        near += abs((pred - gold).days) <= 1
        if expressed:
            n_tx += 1
            exact_tx += pred == gold
        if verbose and pred != gold:
            tag = "TX" if expressed else "--"
            print(f"  ucdp {tag} {rec['id']}: gold {gold} pred {pred}  {[(t[:70], str(p)) for t, p in heads][:3]}")
    return n, exact, near, n_tx, exact_tx


def measure_seed(shared: Path, verbose: bool) -> tuple[int, int, int]:
    n = exact = near = 0
    seeds = sorted((shared / "data/seed").glob("*.txt"))
    gold = {json.loads(ln)["id"]: json.loads(ln) for ln in (shared / "data/gold/seed.jsonl").open()}
    for path in seeds:
        art = parse_text(path.read_text(encoding="utf-8"), path.stem)
        g = gold.get(path.stem)
        if g is None:
            continue
        times = resolve_times(art.text, art.published)
        sents = [(m.start(), m.end()) for m in _SENT.finditer(art.text) if m.group().strip()]
        for ev in g["events"]:
            if ev.get("date_precision") != "day":
                continue
            loc = ev.get("location") or ""
            span = next(((s, e) for s, e in sents if loc and loc in art.text[s:e]), sents[0])
            d = times.for_span(*span)
            gd = dt.date.fromisoformat(ev["date"])
            n += 1
            exact += d is not None and d.date == gd
            near += d is not None and abs((d.date - gd).days) <= 1
            if verbose:
                print(f"  seed {loc}: gold {gd} pred {d.date if d else None}  ({art.text[span[0]:span[1]][:60]!r})")
    return n, exact, near


def measure_wikievents_gold(main: Path, verbose: bool) -> tuple[int, int, int, int]:
    """eval/dev_gold.jsonl (WikiEvents with sitrep gold): each day-level gold event, dated from
    the first sentence that names its location (else the lead sentence)."""
    gold_path, rep_path = main / "eval/dev_gold.jsonl", main / "eval/reports_dev.jsonl"
    if not gold_path.exists() or not rep_path.exists():
        return 0, 0, 0
    reports = {json.loads(ln)["id"]: json.loads(ln) for ln in rep_path.open(encoding="utf-8")}
    n = exact = near = reachable = 0
    for ln in gold_path.open(encoding="utf-8"):
        g = json.loads(ln)
        rep = reports.get(g["id"])
        if rep is None:
            continue
        pub = dt.date.fromisoformat(rep["published"]) if rep.get("published") else None
        text = rep["text"]
        times = resolve_times(text, pub)
        sents = [(m.start(), m.end()) for m in _SENT.finditer(text) if m.group().strip()]
        days = {d.date for s, e in sents if (d := times.for_span(s, e)) is not None and d.precision == 1}
        for ev in g["events"]:
            if ev.get("date_precision") != "day" or not ev.get("required", True):
                continue
            loc = ev.get("location") or ""
            span = next(((s, e) for s, e in sents if loc and loc in text[s:e]), sents[0])
            d = times.for_span(*span)
            gd = dt.date.fromisoformat(ev["date"])
            n += 1
            exact += d is not None and d.date == gd
            near += d is not None and abs((d.date - gd).days) <= 1
            reachable += gd in days
            if verbose and (d is None or d.date != gd):
                print(f"  wiki {g['id']} {loc}: gold {gd} pred {d.date if d else None} pub {pub} "
                      f"({text[span[0]:span[1]][:90]!r}) notes: {ev.get('notes', '')[:80]}")
    return n, exact, near, reachable


def measure_speed(path: Path) -> tuple[int, float, float]:
    texts = [json.loads(ln)["text"] for ln in path.open(encoding="utf-8")]
    pub = dt.date(2019, 8, 20)
    words = sum(len(t.split()) for t in texts)
    resolve_times(texts[0], pub)  # warm up (regex compilation is at import)
    t0 = time.perf_counter()
    reps = 5
    for _ in range(reps):
        for t in texts:
            resolve_times(t, pub)
    secs = (time.perf_counter() - t0) / reps
    return len(texts), 1000 * secs / len(texts), 1000 * secs / words * 600


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    shared = Path(args.shared)
    n, ex, nr, ntx, extx = measure_ucdp(shared / "data/dev/ucdp_ged_sample.jsonl", args.verbose)
    print(f"UCDP sample, gold day events: {n}; exact day {ex}/{n} = {ex / max(n, 1):.1%}; "
          f"within 1 day {nr / max(n, 1):.1%}")
    print(f"  of which a headline has a day-level time expression: {ntx}; exact day {extx}/{ntx} = "
          f"{extx / max(ntx, 1):.1%}")
    print(f"  no time expression (publication day used): {n - ntx}; exact day {ex - extx}/{n - ntx} = "
          f"{(ex - extx) / max(n - ntx, 1):.1%}")
    n2, ex2, nr2 = measure_seed(shared, args.verbose)
    print(f"seed, gold day events: {n2}; exact day {ex2}/{n2}; within 1 day {nr2}/{n2}")
    n3, ex3, nr3, re3 = measure_wikievents_gold(ROOT, args.verbose)
    print(f"WikiEvents dev gold (eval/), required day events: {n3}; exact day {ex3}/{n3} = "
          f"{ex3 / max(n3, 1):.1%}; within 1 day {nr3 / max(n3, 1):.1%} (evidence = first sentence "
          f"naming the place: a crude stand-in for the pipeline's)")
    print(f"  gold day produced by some sentence of the report: {re3}/{n3} = {re3 / max(n3, 1):.1%}")
    tot, tot_ex = n + n2 + n3, ex + ex2 + ex3
    print(f"all day events: exact {tot_ex}/{tot} = {tot_ex / max(tot, 1):.1%}")
    k, per_report, per600 = measure_speed(shared / "data/dev/wikievents.jsonl")
    print(f"speed: resolve_times {per_report:.2f} ms per report over {k} WikiEvents reports; "
          f"{per600:.2f} ms per 600 words")


if __name__ == "__main__":
    main()
