"""``sitrep ingest``: inputs → extraction → store; idempotent, resumable, with progress.

- Reports are stored in batches, one transaction each (:meth:`Store.add_articles`): a batch
  commits after ``batch_size`` reports (default 200) or ``batch_seconds`` (default 0.5 s) since
  its first report, whichever comes first. A run killed at any point (even ``kill -9``) loses
  at most the uncommitted batch and the reports in flight; a rerun skips what is stored (same
  content hash) and extracts and stores the rest again: nothing lost, nothing twice.
- Extraction runs in a process pool (``workers``, default all cores) over chunks of reports;
  :func:`extract_batch` is the unit of work, so an engine (issue 8) can replace the pool.
- The extractor is any ``Callable[[Article], list[Event]]``; by default the pipeline. The
  environment variable ``SITREP_INGEST_EXTRACTOR=module:function`` names another one (tests,
  benchmarks); :func:`fake_extract` is a deterministic stand-in that needs no model.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from .errors import InputError
from .model import Actor, Article, Casualties, Event, EventDate, Evidence, Place
from .readers import expand_paths, read_inputs
from .readers.decode import DEFAULT_MAX_BYTES
from .store import DEFAULT_DB, Store, open_store

Extractor = Callable[[Article], list[Event]]
DUMP_EXTENSIONS = (".jsonl", ".ndjson", ".csv", ".tsv", ".warc", ".warc.gz", ".arc.gz", ".rss", ".atom", ".xml")
ENV_EXTRACTOR = "SITREP_INGEST_EXTRACTOR"


# --------------------------------------------------------------------------- extractors

def pipeline_extract(article: Article) -> list[Event]:
    """The real pipeline (one cached per process)."""
    from .pipeline import get_pipeline

    return get_pipeline().extract(article)


def load_extractor(spec: str) -> Extractor:
    """``module:function`` → the callable."""
    mod, _, attr = spec.partition(":")
    if not mod or not attr:
        raise ValueError(f"extractor must be 'module:function', not {spec!r}")
    fn = getattr(importlib.import_module(mod), attr)
    if not callable(fn):
        raise ValueError(f"{spec} is not callable")
    return fn


def default_extractor() -> Extractor:
    spec = os.environ.get(ENV_EXTRACTOR)
    return load_extractor(spec) if spec else pipeline_extract


_FAKE_TYPES = [
    (re.compile(r"\b(air ?strikes?|warplanes?|drone)\b", re.I),
     ("Explosions/Remote violence", "Air/drone strike", "Political violence")),
    (re.compile(r"\b(shell(ing|ed)|artillery|rockets?|mortars?)\b", re.I),
     ("Explosions/Remote violence", "Shelling/artillery/missile attack", "Political violence")),
    (re.compile(r"\b(bomb(ing|s|ed)?|explo(sion|ded|sive)|IED)\b", re.I),
     ("Explosions/Remote violence", "Remote explosive/landmine/IED", "Political violence")),
    (re.compile(r"\b(clash(es|ed)?|fighting|battle|fought)\b", re.I),
     ("Battles", "Armed clash", "Political violence")),
    (re.compile(r"\b(protest(ers|s|ed)?|demonstrat\w+|marched)\b", re.I),
     ("Protests", "Peaceful protest", "Demonstrations")),
    (re.compile(r"\b(killed|shot|attack(ed|s)?|massacre)\b", re.I),
     ("Violence against civilians", "Attack", "Political violence")),
]
_FAKE_TOWNS = [
    ("Khan Shaykhun", 35.442, 36.651, "Syria", "SYR", "Idlib"),
    ("Maarat al-Numan", 35.648, 36.677, "Syria", "SYR", "Idlib"),
    ("Kabul", 34.528, 69.172, "Afghanistan", "AFG", "Kabul"),
    ("Mogadishu", 2.037, 45.344, "Somalia", "SOM", "Banaadir"),
    ("Maiduguri", 11.846, 13.160, "Nigeria", "NGA", "Borno"),
    ("Gao", 16.272, -0.044, "Mali", "MLI", "Gao"),
    ("Aleppo", 36.202, 37.158, "Syria", "SYR", "Aleppo"),
    ("Mosul", 36.340, 43.130, "Iraq", "IRQ", "Nineveh"),
]
_SENT = re.compile(r"[^.!?]+[.!?]?")
_NUM = re.compile(r"\b(\d{1,4})\s+(?:people|civilians|soldiers|killed|dead)", re.I)


def fake_extract(article: Article) -> list[Event]:
    """A deterministic stand-in for the pipeline: one event per sentence with a violence word,
    placed in one of a few towns by a hash of the sentence. ``SITREP_FAKE_DELAY`` (seconds)
    slows each report down and ``SITREP_FAKE_LOG`` (a path) logs each report's id (tests of
    kill -9 and resume)."""
    delay = float(os.environ.get("SITREP_FAKE_DELAY") or 0)
    if delay:
        time.sleep(delay)
    log = os.environ.get("SITREP_FAKE_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(article.id + "\n")
    day = article.published or dt.date(2020, 1, 1)
    out: list[Event] = []
    for m in _SENT.finditer(article.text):
        s = m.group(0)
        kind = next((t for rx, t in _FAKE_TYPES if rx.search(s)), None)
        if kind is None:
            continue
        etype, sub, disorder = kind
        h = int(hashlib.md5(s.strip().lower().encode("utf-8")).hexdigest()[:8], 16)
        town = _FAKE_TOWNS[h % len(_FAKE_TOWNS)]
        n = _NUM.search(s)
        start = m.start() + (len(s) - len(s.lstrip()))
        out.append(Event(
            article_id=article.id, event_type=etype, sub_event_type=sub, disorder_type=disorder,
            actor1=Actor("Unidentified Armed Group", 3), date=EventDate.day(day),
            place=Place(town[0], town[1], town[2], 1, town[3], town[4], town[5]),
            evidence=Evidence(s.strip(), start, start + len(s.strip())),
            casualties=Casualties(int(n.group(1)) if n else 0), source=article.source,
            source_url=article.url, notes=s.strip()[:200],
        ))
    return out


# --------------------------------------------------------------------------- the unit of work

@dataclass
class Extracted:
    """One report's outcome from :func:`extract_batch`: events, or the reason it failed."""

    article: Article
    events: list[Event] | None
    error: str | None = None


def extract_batch(articles: Sequence[Article], extract: Extractor | None = None) -> list[Extracted]:
    """Extract events from a batch of reports; a failing report does not cost the others."""
    fn = extract or default_extractor()
    out = []
    for art in articles:
        try:
            out.append(Extracted(art, list(fn(art))))
        except Exception as exc:  # a report that breaks the extractor is a failure, not a crash
            out.append(Extracted(art, None, f"extraction failed: {type(exc).__name__}: {exc}"))
    return out


# --------------------------------------------------------------------------- ingest

@dataclass
class IngestSummary:
    reports: int = 0  # reports read (articles)
    added: int = 0
    replaced: int = 0
    skipped: int = 0  # already stored (same content)
    failed: int = 0
    events: int = 0  # events from this run's reports (new + merged)
    events_new: int = 0
    events_merged: int = 0
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)

    def line(self) -> str:
        rate = self.reports / self.seconds if self.seconds > 0 else 0.0
        return (
            f"sitrep ingest: {self.reports} reports ({self.added} added, {self.replaced} replaced, "
            f"{self.skipped} skipped), {self.events} events ({self.events_new} new, "
            f"{self.events_merged} merged into others), {self.failed} failed; "
            f"{self.seconds:.1f} s, {rate:.1f} reports/s"
        )


def estimate_reports(paths: Iterable[str]) -> int | None:
    """A quick count of the reports in ``paths`` (for the progress bar's ETA); None for stdin."""
    total = 0
    for p in expand_paths(paths):
        if isinstance(p, InputError):
            continue
        if p == "-":
            return None
        low = p.lower()
        try:
            if low.endswith((".jsonl", ".ndjson", ".csv", ".tsv")):
                with open(p, "rb") as fh:
                    n = sum(1 for ln in fh if ln.strip())
                total += max(0, n - 1) if low.endswith((".csv", ".tsv")) else n
            else:
                total += 1
        except OSError:
            total += 1
    return total


def _too_large(article: Article, max_bytes: int | None) -> str | None:
    if max_bytes is None:
        return None
    n = len(article.text.encode("utf-8", "surrogatepass"))
    return f"too large ({n:,} bytes > limit {max_bytes:,})" if n > max_bytes else None


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    buf: list[Any] = []
    for it in items:
        buf.append(it)
        if len(buf) >= size:
            yield buf
            buf = []
    if buf:
        yield buf


def ingest(
    paths: Sequence[str],
    store: Store,
    extract: Extractor | None = None,
    workers: int | None = None,
    chunk_size: int = 8,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    progress: bool = True,
    err: TextIO | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    batch_size: int = 200,
    batch_seconds: float = 0.5,
) -> IngestSummary:
    """Read ``paths``, extract events (``workers`` processes; 1 = in this process; ``engine``
    ``"dask"`` on a Dask cluster, see :mod:`sitrep.engines`) and store them, ``batch_size``
    reports (or ``batch_seconds`` worth) per transaction."""
    from .engines import get_engine

    err = err if err is not None else sys.stderr
    extract = extract or default_extractor()
    eng = get_engine(engine, workers=workers, scheduler=scheduler)
    summary = IngestSummary()
    t0 = time.perf_counter()

    from tqdm import tqdm

    bar = tqdm(total=estimate_reports(paths) if progress else None, unit="report", file=err,
               disable=not progress, dynamic_ncols=True, mininterval=0.5, smoothing=0.1)

    def fail(where: str, reason: str) -> None:
        summary.failed += 1
        summary.failures.append((where, reason))
        store.record_failure(where, reason)
        bar.write(f"sitrep: failed: {where}: {reason}", file=err)
        bar.update(1)

    own = getattr(store, "path", None)
    own = os.path.abspath(own) if own and own != ":memory:" else None

    def todo() -> Iterator[Article]:
        """Reports that need extraction; failures and already-stored reports are dealt with here."""
        for path in expand_paths(paths):
            if isinstance(path, InputError):
                fail(path.where, path.reason)
                continue
            if own and os.path.abspath(path).startswith(own):
                continue  # the store itself (and its WAL), when ingesting the folder it is in
            # Dumps hold many reports: the size limit applies to each report, not to the file.
            limit = None if path.lower().endswith(DUMP_EXTENSIONS) else max_bytes
            yield from reports_of(path, limit)

    def reports_of(path: str, limit: int | None) -> Iterator[Article]:
        for item in read_inputs([path], max_bytes=limit):
            if isinstance(item, InputError):
                fail(item.where, item.reason)
                continue
            summary.reports += 1
            why = _too_large(item, max_bytes) or (None if item.text.strip() else "empty report")
            if why:
                fail(item.origin or item.id, why)
                continue
            if store.is_current(item):
                summary.skipped += 1
                bar.update(1)
                continue
            yield item

    pending: list[Extracted] = []
    since = 0.0

    def commit() -> None:
        if not pending:
            return
        done = store.add_articles([(res.article, res.events or []) for res in pending])
        pending.clear()
        for r in done:
            if r.status == "skipped":
                summary.skipped += 1
            else:
                summary.added += r.status == "added"
                summary.replaced += r.status == "replaced"
                summary.events_new += r.events_added
                summary.events_merged += r.events_merged
                summary.events += r.events_added + r.events_merged
        bar.update(len(done))

    def store_batch(results: list[Extracted]) -> None:
        nonlocal since
        for res in results:
            if res.events is None:
                fail(res.article.origin or res.article.id, res.error or "extraction failed")
                continue
            if not pending:
                since = time.perf_counter()
            pending.append(res)
        if pending and (len(pending) >= batch_size or time.perf_counter() - since >= batch_seconds):
            commit()

    def lost(article: Article, exc: BaseException) -> Extracted:  # a task the engine could not run
        return Extracted(article, None, f"extraction failed: {type(exc).__name__}: {exc}")

    try:
        # The engine returns chunks in submission order (merging keeps the first report's event
        # id), with a bounded number in flight; storing happens here, in this process.
        for results in eng.map(extract_batch, _chunks(todo(), chunk_size), extract, on_error=lost,
                               warm=extract is pipeline_extract):
            store_batch(results)
        commit()
    finally:
        bar.close()
        summary.seconds = time.perf_counter() - t0
    return summary


# --------------------------------------------------------------------------- CLI

def add_cli(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "ingest", help="read reports, extract their events and store them (resumable)",
        description="Files, folders (recursively), globs, JSONL/CSV dumps, HTML pages, RSS/Atom "
                    "feeds, WARC archives, or - for stdin. Reruns skip stored reports.")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--db", default=DEFAULT_DB, help=f"the store (default ./{DEFAULT_DB})")
    p.add_argument("--workers", type=int, default=None, help="processes (default: all cores)")
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES,
                   help=f"refuse reports larger than this (default {DEFAULT_MAX_BYTES:,})")
    p.add_argument("--chunk-size", type=int, default=8, help="reports per unit of work (default 8)")
    p.add_argument("--batch", type=int, default=200, metavar="N",
                   help="reports per transaction (default 200; a batch also commits after 0.5 s): "
                        "after a kill, the uncommitted batch is extracted again on the rerun")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="where extraction runs: local processes (default) or a Dask cluster")
    p.add_argument("--scheduler", metavar="ADDR", help="Dask scheduler address, e.g. tcp://HOST:8786 "
                   "(with --engine dask; without one, a local cluster on 127.0.0.1)")
    p.set_defaults(func=run_ingest)


def run_ingest(args: Any) -> int:
    if args.workers is not None and args.workers < 1 or args.chunk_size < 1 or getattr(args, "batch", 1) < 1:
        print("sitrep ingest: --workers, --chunk-size and --batch must be at least 1", file=sys.stderr)
        return 2
    if getattr(args, "scheduler", None) and getattr(args, "engine", "local") != "dask":
        print("sitrep ingest: --scheduler needs --engine dask", file=sys.stderr)
        return 2
    try:
        extract = default_extractor()
    except (ImportError, AttributeError, ValueError) as exc:
        print(f"sitrep ingest: no extractor: {exc}", file=sys.stderr)
        return 2
    with open_store(args.db) as store:
        summary = ingest(args.paths, store, extract=extract, workers=args.workers,
                         chunk_size=args.chunk_size, max_bytes=args.max_bytes,
                         progress=not args.no_progress, engine=getattr(args, "engine", "local"),
                         scheduler=getattr(args, "scheduler", None), batch_size=getattr(args, "batch", 200))
    print(summary.line(), file=sys.stderr)
    return 1 if summary.failed else 0
