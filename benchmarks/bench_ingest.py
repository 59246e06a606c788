"""Ingest throughput, peak memory and store size.

    python benchmarks/bench_ingest.py [--n 10000] [--workers N] [--real] [--keep DIR]

Builds ``--n`` reports from the development texts (shared/data/dev, the seed): each one a
shuffle of a source report's sentences with a new id and publication date, so content hashes
differ; then ingests them into a fresh store and reports reports/s, peak memory (this process
and, separately, the largest worker), the rate over each tenth of the run (is it flat as the
store grows?), and store size per 1,000 events: the store as written, and compacted copies with
and without the articles' full texts.

By default events come from :func:`sitrep.ingest.fake_extract` (no model: store-bound numbers);
``--real`` uses the pipeline (use a smaller ``--n``: it is model-bound).

Measured (2 cores, shared machine; details in docs/store.md):

    --n 10000 --workers 2          before: 15.7-22 reports/s, 198 MiB, 4.82 MiB/1,000 events
                                   now: 1,450-1,580 reports/s (flat by tenth after the first),
                                   195 MiB, 5.2 MiB/1,000 events as written, 3.1 compacted,
                                   2.7 compacted without the articles' texts
    --n 50000 --workers 2          1,180 reports/s, 377 MiB, 10.5 / 6.9 / 5.8 MiB/1,000 events
    --real --n 300 --workers 2     43.8 reports/s (extraction-bound)
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

import psutil

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


def compacted_size(db: Path, copy: Path, texts: bool) -> int:
    """Size of a fresh copy of the store (same schema and indexes), optionally without texts."""
    import duckdb

    for p in (copy, Path(str(copy) + ".wal")):
        p.unlink(missing_ok=True)
    con = duckdb.connect(str(copy))
    con.execute(f"ATTACH '{db}' AS src (READ_ONLY)")
    con.execute(f"COPY FROM DATABASE src TO {copy.stem} (SCHEMA)")
    for (t,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = 'src'").fetchall():
        sel = "* REPLACE (NULL AS text)" if t == "articles" and not texts else "*"
        con.execute(f'INSERT INTO "{t}" SELECT {sel} FROM src."{t}"')
    con.execute("CHECKPOINT")
    con.close()
    size = copy.stat().st_size
    for p in (copy, Path(str(copy) + ".wal")):
        p.unlink(missing_ok=True)
    return size


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=None, help="default: all cores")
    ap.add_argument("--chunk-size", type=int, default=32)
    ap.add_argument("--batch", type=int, default=200, help="reports per transaction")
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
    marks: list[tuple[float, int]] = [(0.0, 0)]  # (seconds, reports stored)
    worker_rss = [0]  # the largest worker's RSS seen (pool workers are not our direct children)
    me = psutil.Process()
    with open_store(db) as store:
        add = store.add_articles

        def timed_add(items):  # type: ignore[no-untyped-def]
            out = add(items)
            marks.append((time.perf_counter() - t0, marks[-1][1] + len(out)))
            for child in me.children(recursive=True):
                try:
                    worker_rss[0] = max(worker_rss[0], child.memory_info().rss)
                except psutil.Error:
                    pass
            return out

        store.add_articles = timed_add  # type: ignore[method-assign]
        summary = ingest([str(src)], store, extract=extract, workers=args.workers,
                         chunk_size=args.chunk_size, progress=sys.stderr.isatty(), err=sys.stderr,
                         batch_size=args.batch)
        counts = store.counts()
        duck_mb = store.con.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchall()[0][0] / 2**20
    secs = time.perf_counter() - t0
    tenths = []
    for k in range(1, 11):
        goal = summary.reports * k / 10
        t_end, n_end = next(((t, n) for t, n in marks if n >= goal), marks[-1])
        t_beg, n_beg = next(((t, n) for t, n in marks if n >= summary.reports * (k - 1) / 10), marks[0])
        tenths.append((n_end - n_beg) / (t_end - t_beg) if t_end > t_beg else 0.0)
    size = db.stat().st_size + (Path(str(db) + ".wal").stat().st_size if Path(str(db) + ".wal").exists() else 0)
    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = max(worker_rss[0] / 2**20, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    out = io.StringIO()
    print(f"extractor          {'pipeline' if args.real else 'fake (store-bound)'}; workers "
          f"{args.workers or os.cpu_count()}; chunk {args.chunk_size}", file=out)
    print(f"reports            {summary.reports} ({summary.added} added, {summary.failed} failed)", file=out)
    print(f"events             {counts['events']} stored ({summary.events_new} new, "
          f"{summary.events_merged} merged), {counts['event_articles']} links", file=out)
    print(f"time               {secs:.1f} s  ->  {summary.reports / secs:.1f} reports/s", file=out)
    if len(marks) > 30:  # enough commits to see a trend
        print("rate by tenth      " + " ".join(f"{r:.0f}" for r in tenths) + " reports/s", file=out)
    print(f"peak memory        {self_mb:.0f} MiB (ingest process; DuckDB's buffers at the end: {duck_mb:.0f} MiB), "
          f"{child_mb:.0f} MiB (largest worker)", file=out)
    per = size / max(1, counts["events"]) * 1000
    print(f"store size         {size / 2**20:.1f} MiB  ->  {per / 2**20:.2f} MiB per 1,000 events "
          f"(as written, with the articles' full text)", file=out)
    n_ev = max(1, counts["events"])
    for label, texts in (("with", True), ("without", False)):
        copy = compacted_size(db, work / f"copy_{label}.duckdb", texts)
        print(f"  compacted copy   {copy / 2**20:.1f} MiB  ->  {copy / n_ev * 1000 / 2**20:.2f} MiB per 1,000 "
              f"events ({label} the articles' full text)", file=out)
    print(out.getvalue(), end="")
    if not args.keep:
        for p in (src, db, Path(str(db) + ".wal")):
            p.unlink(missing_ok=True)
        work.rmdir()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
