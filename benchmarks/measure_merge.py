"""Precision and recall of duplicate merging on labelled event-record pairs.

    python benchmarks/measure_merge.py [tests/data/merge_pairs.jsonl] [--verbose]

Each line of the file holds two contract records ``a`` and ``b`` from different reports and a
label, ``duplicate`` or ``distinct`` (rewrites of real reported events by other outlets, and
near-misses: same town another day, same day a neighbouring town). Two numbers are reported:

- pairwise: :func:`sitrep.merge.is_duplicate` on each pair;
- through the store: both records are added to a fresh in-memory store as two reports, and the
  pair counts as merged when they end up as one event (the indexed candidate query included).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sitrep.merge import is_duplicate, reasons  # noqa: E402
from sitrep.model import Article, Event  # noqa: E402
from sitrep.store import open_store  # noqa: E402


def via_store(a: dict, b: dict) -> bool:
    with open_store(":memory:") as s:
        ra = s.add_article(Article(a["article_id"], a["evidence"] or "a", source=a.get("source")),
                           [Event.from_record(a)])
        rb = s.add_article(Article(b["article_id"], b["evidence"] or "b", source=b.get("source")),
                           [Event.from_record(b)])
        return ra.event_ids == rb.event_ids


def prf(pred: list[bool], gold: list[bool]) -> tuple[float, float, float, int, int, int]:
    tp = sum(p and g for p, g in zip(pred, gold, strict=True))
    fp = sum(p and not g for p, g in zip(pred, gold, strict=True))
    fn = sum(g and not p for p, g in zip(pred, gold, strict=True))
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1, tp, fp, fn


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pairs", nargs="?", default=str(ROOT / "tests" / "data" / "merge_pairs.jsonl"))
    ap.add_argument("--verbose", "-v", action="store_true", help="list the errors")
    args = ap.parse_args(argv)
    pairs = [json.loads(ln) for ln in open(args.pairs, encoding="utf-8") if ln.strip()]
    gold = [p["label"] == "duplicate" for p in pairs]
    pair_pred = [is_duplicate(p["a"], p["b"]) for p in pairs]
    store_pred = [via_store(p["a"], p["b"]) for p in pairs]
    print(f"{len(pairs)} pairs: {sum(gold)} duplicates, {len(gold) - sum(gold)} distinct")
    for name, pred in (("pairwise", pair_pred), ("store", store_pred)):
        p, r, f, tp, fp, fn = prf(pred, gold)
        print(f"{name:9s} precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}  (tp {tp}, fp {fp}, fn {fn})")
    errors = [(pp, g, p) for pp, g, p in zip(store_pred, gold, pairs, strict=True) if pp != g]
    if args.verbose or errors:
        for pred, _g, p in errors:
            kind = "false merge" if pred else "missed"
            failed = [k for k, ok in reasons(p["a"], p["b"]).items() if not ok]
            print(f"  {kind}: {p['id']} {p['kind']} ({p['a']['location']} / {p['b']['location']})"
                  + (f" failed: {', '.join(failed)}" if failed else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
