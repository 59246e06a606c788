"""``sitrep export`` and ``sitrep events``: the store's events, filtered, as CSV (contract column
order), GeoJSON (a FeatureCollection of Points that QGIS opens), Parquet (typed columns) or JSON
Lines; or as a readable table in the terminal.

Text formats are written by :func:`sitrep.writers.write_events`; Parquet is written here.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from typing import IO, Any

from .model import FIELDS
from .store import DEFAULT_DB, EventFilter, open_store

FORMATS = ("csv", "geojson", "parquet", "jsonl")

_INT32 = {"year", "time_precision", "inter1", "inter2", "interaction", "geo_precision", "fatalities",
          "injured", "displaced", "evidence_start", "evidence_end"}
_INT64 = {"geonameid", "timestamp"}
_FLOAT = {"latitude", "longitude", "confidence"}
_DATE = {"event_date", "date_start", "date_end"}


def parquet_schema() -> Any:
    import pyarrow as pa

    def typ(f: str) -> Any:
        if f in _INT32:
            return pa.int32()
        if f in _INT64:
            return pa.int64()
        if f in _FLOAT:
            return pa.float64()
        if f in _DATE:
            return pa.date32()
        return pa.string()

    return pa.schema([pa.field(f, typ(f)) for f in FIELDS])


def _typed(f: str, v: Any) -> Any:
    if v is None or v == "":
        return None
    if f in _DATE:
        return v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v)[:10])
    if f in _INT32 or f in _INT64:
        return int(v)
    if f in _FLOAT:
        return float(v)
    return str(v)


def write_parquet(records: Iterable[dict[str, Any]], out: str | IO[bytes], batch: int = 10_000) -> int:
    """Stream records to a Parquet file with typed columns in contract order; the number written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    n = 0
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        buf: list[dict[str, Any]] = []

        def flush() -> None:
            cols = {f: [_typed(f, r.get(f)) for r in buf] for f in FIELDS}
            writer.write_table(pa.table(cols, schema=schema))
            buf.clear()

        for rec in records:
            buf.append(rec)
            n += 1
            if len(buf) >= batch:
                flush()
        if buf or n == 0:
            flush()
    return n


def contract_only(records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The records with the contract's keys only (the store adds a count of sources)."""
    for rec in records:
        yield {k: rec.get(k) for k in FIELDS}


def export_events(db: str, fmt: str, out: str | None, f: EventFilter | None = None,
                  limit: int | None = None) -> int:
    """Write the store's events (filtered) to ``out`` (a path, or None for stdout)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    with open_store(db, read_only=True) as store:
        records: Iterable[dict[str, Any]] = contract_only(store.iter_events(f))
        if limit is not None:
            records = (r for i, r in zip(range(limit), records, strict=False))
        if fmt == "parquet":
            return write_parquet(records, out if out else sys.stdout.buffer)
        from .writers import write_events

        ctx = open(out, "w", encoding="utf-8", newline="") if out else nullcontext(sys.stdout)
        with ctx as stream:
            return write_events(records, fmt, stream)


# --------------------------------------------------------------------------- CLI

def _date(s: str) -> dt.date:
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        import argparse

        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {s!r}") from None


def _bbox(s: str) -> tuple[float, float, float, float]:
    import argparse

    try:
        w, so, e, n = (float(x) for x in s.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"--bbox wants W,S,E,N (four numbers), not {s!r}") from None
    if not (-90 <= so <= n <= 90 and -180 <= w <= 180 and -180 <= e <= 180):
        raise argparse.ArgumentTypeError(f"--bbox out of range: {s!r}")
    return w, so, e, n


def add_filter_args(p: Any) -> None:
    """The event filters shared by ``export`` and ``events``."""
    g = p.add_argument_group("filters")
    g.add_argument("--since", type=_date, help="events on or after this date (YYYY-MM-DD)")
    g.add_argument("--until", type=_date, help="events on or before this date")
    g.add_argument("--country", help="country name or ISO3 code")
    g.add_argument("--admin1", help="first-level administrative unit")
    g.add_argument("--event-type", help='e.g. "Battles"')
    g.add_argument("--sub-event-type", help='e.g. "Armed clash"')
    g.add_argument("--actor", help="actor name (substring; actor1, actor2 or associated)")
    g.add_argument("--min-fatalities", type=int)
    g.add_argument("--bbox", type=_bbox, metavar="W,S,E,N", help="longitude/latitude box")
    g.add_argument("-q", "--query", dest="q", help="free text in notes, evidence, places, actors")


def filter_from_args(args: Any) -> EventFilter:
    return EventFilter(
        date_from=args.since, date_to=args.until, bbox=args.bbox, country=args.country,
        admin1=args.admin1, event_type=args.event_type, sub_event_type=args.sub_event_type,
        actor=args.actor, min_fatalities=args.min_fatalities, q=args.q,
    )


def add_cli(subparsers: Any) -> None:
    p = subparsers.add_parser("export", help="export the store's events (csv, geojson, parquet, jsonl)")
    p.add_argument("--db", default=DEFAULT_DB, help=f"the store (default ./{DEFAULT_DB})")
    p.add_argument("--format", "-f", choices=FORMATS, required=True)
    p.add_argument("-o", "--output", help="output file (default: stdout)")
    p.add_argument("--limit", type=int)
    add_filter_args(p)
    p.set_defaults(func=run_export)

    e = subparsers.add_parser("events", help="list the store's events as a table")
    e.add_argument("--db", default=DEFAULT_DB, help=f"the store (default ./{DEFAULT_DB})")
    e.add_argument("--limit", type=int, default=20, help="at most this many (default 20, newest first)")
    e.add_argument("--offset", type=int, default=0)
    add_filter_args(e)
    e.set_defaults(func=run_events)


def _no_store(db: str) -> bool:
    import os

    if db != ":memory:" and not os.path.exists(db):
        print(f"sitrep: no store at {db} (run 'sitrep ingest' first, or give --db)", file=sys.stderr)
        return True
    return False


def run_export(args: Any) -> int:
    if _no_store(args.db):
        return 2
    if args.format == "parquet" and not args.output and sys.stdout.isatty():
        print("sitrep export: Parquet is binary; give -o FILE", file=sys.stderr)
        return 2
    n = export_events(args.db, args.format, args.output, filter_from_args(args), limit=args.limit)
    print(f"sitrep export: {n} events" + (f" to {args.output}" if args.output else ""), file=sys.stderr)
    return 0


def run_events(args: Any) -> int:
    if _no_store(args.db):
        return 2
    from .writers import write_events

    f = filter_from_args(args)
    with open_store(args.db, read_only=True) as store:
        total = store.count_events(f)
        rows = store.query_events(f, limit=args.limit, offset=args.offset)
    write_events(rows, "table", sys.stdout)
    print(f"{len(rows)} of {total} events", file=sys.stderr)
    return 0
