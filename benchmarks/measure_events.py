"""Event extraction scored against the team's gold sets (and the seed), by the scorer's rules.

    python benchmarks/measure_events.py [--verbose] [--json OUT]

Sets: the seed (../shared/data/seed + gold), eval/dev_gold.jsonl (40 WikiEvents reports,
hand-coded), eval/styles_gold.jsonl (40 team-written reports across regions, kinds of violence and
styles; same writer and coder, so it measures coverage rather than independent accuracy),
eval/holdout_gold.jsonl (25 reports by a coder who never saw sitrep's rules; never tuned on),
eval/fresh_gold.jsonl (56 reports by four coder sessions that never saw the rules; measured first,
then used to find classes of error), eval/fresh2_gold.jsonl (70 more by five such sessions, the same way).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sitrep.evaluate import format_report, load_gold, score  # noqa: E402
from sitrep.model import Article  # noqa: E402
from sitrep.pipeline import get_pipeline  # noqa: E402
from sitrep.readers import read_inputs  # noqa: E402

SHARED = ROOT.parent / "shared"
SETS = {
    "seed": (SHARED / "data/gold/seed.jsonl", SHARED / "data/seed/000_ac7b9c183c30a6de.txt"),
    "dev": (ROOT / "eval/dev_gold.jsonl", ROOT / "eval/reports_dev.jsonl"),
    "styles": (ROOT / "eval/styles_gold.jsonl", ROOT / "eval/styles_reports.jsonl"),
    # Written and coded by a coder who never saw sitrep's rules: measured, never tuned on.
    "holdout": (ROOT / "eval/holdout_gold.jsonl", ROOT / "eval/holdout_reports.jsonl"),
    # 56 reports by four more coder sessions that never saw the rules (A-D, see eval/README.md):
    # first measured untouched, then used to find classes of error.
    "fresh": (ROOT / "eval/fresh_gold.jsonl", ROOT / "eval/fresh_reports.jsonl"),
    # 70 more by five coder sessions (E-I), on 2026-11-27: the same, measured untouched first.
    "fresh2": (ROOT / "eval/fresh2_gold.jsonl", ROOT / "eval/fresh2_reports.jsonl"),
}


def run(name: str, verbose: bool) -> dict:
    gold_path, reports = SETS[name]
    if not gold_path.exists() or not reports.exists():
        return {"set": name, "skipped": "files not found"}
    pipe = get_pipeline()
    t0 = time.perf_counter()
    preds = [e.to_record() for a in read_inputs([str(reports)]) if isinstance(a, Article)
             for e in pipe.extract(a)]
    secs = time.perf_counter() - t0
    rep = score(load_gold(gold_path), preds)
    print(f"== {name} ({secs:.1f} s)")
    print(format_report(rep, verbose))
    return {"set": name, **json.loads(rep.to_json())}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--json", metavar="OUT")
    ap.add_argument("sets", nargs="*", default=list(SETS))
    args = ap.parse_args()
    results = [run(s, args.verbose) for s in args.sets]
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
