"""Ingest throughput, peak memory and store size.

    python benchmarks/bench_ingest.py [--n 10000] [--workers N] [--real] [--keep DIR]

Builds ``--n`` reports from the development texts (shared/data/dev, the seed): each one a
shuffle of a source report's sentences with a new id and publication date, so content hashes
differ; then ingests them into a fresh store and reports reports/s, peak memory (this process
and, separately, the largest worker) and store size per 1,000 events.

By default events come from :func:`sitrep.ingest.fake_extract` (no model: store-bound numbers);
``--real`` uses the pipeline (use a smaller ``--n``: it is model-bound).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import random
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SHARED = ROOT.parent / "shared"

from sitrep.ingest import fake_extract, ingest, pipeline_extract  # noqa: E402
from sitrep.store import open_store  # noqa: E402

_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


def source_texts() -> list[str]:
    texts = []
    for name in ("wikievents.jsonl", "ucdp_ged_sample.jsonl"):
        p = SHARED / "data" / "dev" / name
        if p.exists():
            texts += [json.loads(ln)["text"] for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip()]
    for p in sorted((SHARED / "data" / "seed").glob("*.txt")):
        texts.append(p.read_text(encoding="utf-8"))
    if not texts:
        texts = ["Clashes erupted near the town on Monday, killing 3 people. Police said the attack was repelled."]
    return [t for t in texts if t.strip()]


def make_reports(n: int, path: Path, seed: int = 7) -> None:
    rng = random.Random(seed)
    texts = source_texts()
    day0 = dt.date(2019, 1, 1)
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            sents = _SPLIT.split(texts[i % len(texts)])
            rng.shuffle(sents)
            fh.write(json.dumps({
                "id": f"bench-{i:06d}", "published": (day0 + dt.timedelta(days=rng.randrange(365))).isoformat(),
                "source": f"Outlet {i % 17}", "url": f"https://bench.example/{i}",
                "text": " ".join(sents),
            }) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=None, help="default: all cores")
    ap.add_argument("--chunk-size", type=int, default=32)
    ap.add_argument("--real", action="store_true", help="the real pipeline (model-bound; use a smaller --n)")
    ap.add_argument("--keep", help="keep the input and store in this folder")
    args = ap.parse_args(argv)

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="sitrep-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    src, db = work / "reports.jsonl", work / "bench.duckdb"
    for p in (db, Path(str(db) + ".wal")):
        p.unlink(missing_ok=True)
    make_reports(args.n, src)
    extract = pipeline_extract if args.real else fake_extract
    t0 = time.perf_counter()
    with open_store(db) as store:
        summary = ingest([str(src)], store, extract=extract, workers=args.workers,
                         chunk_size=args.chunk_size, progress=sys.stderr.isatty(), err=sys.stderr)
        counts = store.counts()
    secs = time.perf_counter() - t0
    size = db.stat().st_size + (Path(str(db) + ".wal").stat().st_size if Path(str(db) + ".wal").exists() else 0)
    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    out = io.StringIO()
    print(f"extractor          {'pipeline' if args.real else 'fake (store-bound)'}; workers "
          f"{args.workers or os.cpu_count()}; chunk {args.chunk_size}", file=out)
    print(f"reports            {summary.reports} ({summary.added} added, {summary.failed} failed)", file=out)
    print(f"events             {counts['events']} stored ({summary.events_new} new, "
          f"{summary.events_merged} merged), {counts['event_articles']} links", file=out)
    print(f"time               {secs:.1f} s  ->  {summary.reports / secs:.1f} reports/s", file=out)
    print(f"peak memory        {self_mb:.0f} MiB (ingest process), {child_mb:.0f} MiB (largest worker)", file=out)
    per = size / max(1, counts["events"]) * 1000
    print(f"store size         {size / 2**20:.1f} MiB  ->  {per / 2**20:.2f} MiB per 1,000 events "
          f"(with the articles' full text)", file=out)
    print(out.getvalue(), end="")
    if not args.keep:
        for p in (src, db, Path(str(db) + ".wal")):
            p.unlink(missing_ok=True)
        work.rmdir()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
