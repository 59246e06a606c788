"""The event store: articles, events (merged across reports), their links, actors, sources,
failures and analysts' corrections, behind one small interface (:class:`Store`).

DuckDB is the embedded default (:class:`DuckDBStore`); :func:`open_store` picks a backend from a
URL or path, so another backend (PostgreSQL) can be added without touching the pipeline.

Every :meth:`Store.add_article` is one transaction: a run killed at any point loses at most the
report in flight. See ``docs/store.md``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import __version__
from . import merge as merging
from .model import FIELDS, Article, Event

DEFAULT_DB = "sitrep.duckdb"

# --------------------------------------------------------------------------- query interface


@dataclass
class EventFilter:
    """Which events a query returns. Every field is optional; set fields are ANDed."""

    date_from: dt.date | str | None = None
    date_to: dt.date | str | None = None
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    country: str | None = None  # name or ISO3
    admin1: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None  # substring of actor1/actor2/assoc actors
    min_fatalities: int | None = None
    q: str | None = None  # free text over notes/evidence/location/actors
    article_id: str | None = None


@dataclass
class AddResult:
    """What :meth:`Store.add_article` did with one report."""

    article_id: str
    status: str  # "added", "replaced" or "skipped"
    events_added: int = 0  # new events
    events_merged: int = 0  # events that joined an existing event as another source
    event_ids: list[str] = field(default_factory=list)


EDITABLE = frozenset(FIELDS) - {"event_id", "article_id", "source", "timestamp"}


class Store(ABC):
    """The store's interface. Backends implement these methods; nothing else is public."""

    # writing
    @abstractmethod
    def add_article(self, article: Article, events: Sequence[Event]) -> AddResult: ...
    @abstractmethod
    def is_current(self, article: Article) -> bool:
        """True when this exact report (same content hash) is already stored."""
    @abstractmethod
    def record_failure(self, source: str, reason: str) -> None: ...
    @abstractmethod
    def update_event(self, event_id: str, changes: dict[str, Any], user: str) -> dict[str, Any]: ...

    # reading
    @abstractmethod
    def query_events(self, f: EventFilter | None = None, limit: int | None = 100, offset: int = 0,
                     order_by: str = "event_date", descending: bool = True) -> list[dict[str, Any]]: ...
    @abstractmethod
    def iter_events(self, f: EventFilter | None = None, order_by: str = "event_date",
                    descending: bool = False, batch: int = 5000) -> Iterator[dict[str, Any]]: ...
    @abstractmethod
    def count_events(self, f: EventFilter | None = None) -> int: ...
    @abstractmethod
    def get_event(self, event_id: str) -> dict[str, Any] | None: ...
    @abstractmethod
    def get_article(self, article_id: str) -> dict[str, Any] | None: ...
    @abstractmethod
    def stats(self, f: EventFilter | None = None, interval: str = "day") -> list[dict[str, Any]]: ...
    @abstractmethod
    def failures(self) -> list[dict[str, Any]]: ...
    @abstractmethod
    def audit(self, event_id: str | None = None) -> list[dict[str, Any]]: ...
    @abstractmethod
    def counts(self) -> dict[str, int]: ...
    @abstractmethod
    def schema_version(self) -> int: ...

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(url_or_path: str | os.PathLike[str] | None = None, read_only: bool = False) -> Store:
    """A store from a path (DuckDB file, ``:memory:``) or a URL (``duckdb:///path``)."""
    target = os.fspath(url_or_path) if url_or_path is not None else DEFAULT_DB
    if target.startswith("duckdb://"):
        target = target[len("duckdb://"):]
        if target.startswith("/") and not target.startswith("//"):
            pass
        target = target[1:] if target.startswith("//") else target
    elif target.startswith(("postgresql://", "postgres://")):
        raise NotImplementedError("PostgreSQL store: not implemented yet (see docs/store.md)")
    return DuckDBStore(target or DEFAULT_DB, read_only=read_only)


# --------------------------------------------------------------------------- schema

_EVENT_TYPES = {
    "event_date": "DATE", "year": "INTEGER", "time_precision": "INTEGER", "date_start": "DATE",
    "date_end": "DATE", "inter1": "INTEGER", "inter2": "INTEGER", "interaction": "INTEGER",
    "latitude": "DOUBLE", "longitude": "DOUBLE", "geo_precision": "INTEGER", "geonameid": "BIGINT",
    "fatalities": "INTEGER", "injured": "INTEGER", "displaced": "INTEGER",
    "evidence_start": "INTEGER", "evidence_end": "INTEGER", "confidence": "DOUBLE", "timestamp": "BIGINT",
}


def _event_columns() -> str:
    cols = []
    for f in FIELDS:
        typ = _EVENT_TYPES.get(f, "VARCHAR")
        cols.append(f'"{f}" {typ}' + (" PRIMARY KEY" if f == "event_id" else ""))
    return ",\n  ".join(cols)


# Ordered migrations: (version, statements). Never edit a released one; append.
MIGRATIONS: list[tuple[int, list[str]]] = [
    (1, [
        f"CREATE TABLE events (\n  {_event_columns()},\n  sitrep_version VARCHAR,\n  n_sources INTEGER DEFAULT 1,\n  created_at TIMESTAMP DEFAULT current_timestamp\n)",
        "CREATE INDEX events_date_idx ON events(date_start)",
        "CREATE INDEX events_lat_idx ON events(latitude)",
        """CREATE TABLE articles (
  id VARCHAR PRIMARY KEY, content_hash VARCHAR NOT NULL, title VARCHAR, text VARCHAR,
  published DATE, url VARCHAR, source VARCHAR, origin VARCHAR, published_basis VARCHAR,
  sitrep_version VARCHAR, ingested_at TIMESTAMP DEFAULT current_timestamp)""",
        "CREATE INDEX articles_hash_idx ON articles(content_hash)",
        "CREATE INDEX articles_url_idx ON articles(url)",
        """CREATE TABLE event_articles (
  event_id VARCHAR NOT NULL, article_id VARCHAR NOT NULL, seq BIGINT NOT NULL,
  evidence VARCHAR, evidence_start INTEGER, evidence_end INTEGER,
  record JSON, sitrep_version VARCHAR, added_at TIMESTAMP DEFAULT current_timestamp)""",
        "CREATE INDEX event_articles_event_idx ON event_articles(event_id)",
        "CREATE INDEX event_articles_article_idx ON event_articles(article_id)",
        "CREATE SEQUENCE link_seq",
        "CREATE TABLE actors (name VARCHAR PRIMARY KEY, inter INTEGER, events INTEGER DEFAULT 0)",
        "CREATE TABLE sources (name VARCHAR PRIMARY KEY, articles INTEGER DEFAULT 0)",
        """CREATE TABLE failures (source VARCHAR, reason VARCHAR,
  "at" TIMESTAMP DEFAULT current_timestamp)""",
    ]),
    (2, [
        """CREATE TABLE audit (event_id VARCHAR NOT NULL, field VARCHAR NOT NULL, old VARCHAR,
  new VARCHAR, "user" VARCHAR, "at" TIMESTAMP DEFAULT current_timestamp)""",
        "CREATE INDEX audit_event_idx ON audit(event_id)",
    ]),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]

_ORDERABLE = set(FIELDS) | {"sources"}


def _iso(v: Any) -> Any:
    if isinstance(v, dt.datetime):
        return v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    return v


def _date_param(v: Any) -> dt.date:
    return v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v)[:10])


def where_clause(f: EventFilter | None) -> tuple[str, list[Any]]:
    """SQL WHERE (over ``events``) and parameters for a filter."""
    if f is None:
        return "TRUE", []
    conds: list[str] = []
    params: list[Any] = []
    if f.date_from:
        conds.append("event_date >= ?")
        params.append(_date_param(f.date_from))
    if f.date_to:
        conds.append("event_date <= ?")
        params.append(_date_param(f.date_to))
    if f.bbox:
        w, s, e, n = (float(x) for x in f.bbox)
        conds.append("latitude BETWEEN ? AND ?")
        params += [s, n]
        if w <= e:
            conds.append("longitude BETWEEN ? AND ?")
            params += [w, e]
        else:  # crosses the antimeridian
            conds.append("(longitude >= ? OR longitude <= ?)")
            params += [w, e]
    if f.country:
        conds.append("(lower(country) = lower(?) OR upper(iso3) = upper(?))")
        params += [f.country, f.country]
    if f.admin1:
        conds.append("lower(admin1) = lower(?)")
        params.append(f.admin1)
    if f.event_type:
        conds.append("lower(event_type) = lower(?)")
        params.append(f.event_type)
    if f.sub_event_type:
        conds.append("lower(sub_event_type) = lower(?)")
        params.append(f.sub_event_type)
    if f.actor:
        conds.append("(actor1 ILIKE ? OR actor2 ILIKE ? OR assoc_actor_1 ILIKE ? OR assoc_actor_2 ILIKE ?)")
        params += [f"%{f.actor}%"] * 4
    if f.min_fatalities is not None:
        conds.append("fatalities >= ?")
        params.append(int(f.min_fatalities))
    if f.q:
        conds.append(
            "concat_ws(' ', notes, evidence, location, admin1, admin2, actor1, actor2, "
            "assoc_actor_1, assoc_actor_2) ILIKE ?"
        )
        params.append(f"%{f.q}%")
    if f.article_id:
        conds.append("event_id IN (SELECT event_id FROM event_articles WHERE article_id = ?)")
        params.append(f.article_id)
    return (" AND ".join(conds) or "TRUE"), params


class DuckDBStore(Store):
    """The embedded DuckDB store (one writer process; readers may open it ``read_only``)."""

    def __init__(self, path: str = DEFAULT_DB, read_only: bool = False) -> None:
        import duckdb

        self.path = path
        if path != ":memory:":
            parent = os.path.dirname(os.path.abspath(path))
            os.makedirs(parent, exist_ok=True)
        self._lock = threading.RLock()
        self.con = duckdb.connect(path, read_only=read_only)
        if not read_only:
            self._migrate()

    # ----------------------------------------------------------------- plumbing

    def _migrate(self) -> None:
        with self._lock:
            self.con.execute(
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                "applied_at TIMESTAMP DEFAULT current_timestamp, sitrep_version VARCHAR)"
            )
            have = self.schema_version()
            for version, statements in MIGRATIONS:
                if version <= have:
                    continue
                self.con.execute("BEGIN TRANSACTION")
                try:
                    for sql in statements:
                        self.con.execute(sql)
                    self.con.execute(
                        "INSERT INTO schema_version (version, sitrep_version) VALUES (?, ?)",
                        [version, __version__],
                    )
                    self.con.execute("COMMIT")
                except Exception:
                    self.con.execute("ROLLBACK")
                    raise

    def schema_version(self) -> int:
        row = self.con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
        return int(row[0]) if row else 0

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self._lock:
            cur = self.con.execute(sql, list(params))
            names = [d[0] for d in cur.description]
            return [dict(zip(names, (_iso(v) for v in row), strict=True)) for row in cur.fetchall()]

    def close(self) -> None:
        with self._lock:
            try:
                self.con.close()
            except Exception:
                pass

    # ----------------------------------------------------------------- writing

    def is_current(self, article: Article) -> bool:
        with self._lock:
            row = self.con.execute(
                "SELECT 1 FROM articles WHERE content_hash = ? LIMIT 1", [article.content_hash]
            ).fetchone()
        return row is not None

    def record_failure(self, source: str, reason: str) -> None:
        with self._lock:
            self.con.execute("INSERT INTO failures (source, reason) VALUES (?, ?)", [source, reason])

    def failures(self) -> list[dict[str, Any]]:
        return self._rows('SELECT source, reason, "at" FROM failures ORDER BY "at", source')

    def add_article(self, article: Article, events: Sequence[Event]) -> AddResult:
        with self._lock:
            con = self.con
            h = article.content_hash
            if con.execute("SELECT 1 FROM articles WHERE content_hash = ? LIMIT 1", [h]).fetchone():
                return AddResult(article.id, "skipped")
            con.execute("BEGIN TRANSACTION")
            try:
                old = [r[0] for r in con.execute(
                    "SELECT id FROM articles WHERE id = ? OR (url IS NOT NULL AND url = ?)",
                    [article.id, article.url],
                ).fetchall()]
                for old_id in old:
                    self._detach(old_id)
                    con.execute("DELETE FROM articles WHERE id = ?", [old_id])
                status = "replaced" if old else "added"
                con.execute(
                    "INSERT INTO articles (id, content_hash, title, text, published, url, source, origin, "
                    "published_basis, sitrep_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [article.id, h, article.title, article.text, article.published, article.url,
                     article.source, article.origin, article.published_basis, __version__],
                )
                if article.source:
                    con.execute(
                        "INSERT INTO sources (name, articles) VALUES (?, 1) ON CONFLICT (name) "
                        "DO UPDATE SET articles = articles + 1", [article.source])
                result = AddResult(article.id, status)
                for ev in events:
                    rec = ev.to_record()
                    rec["article_id"] = article.id
                    if not rec.get("source") and article.source:
                        rec["source"] = article.source
                    if not rec.get("source_url") and article.url:
                        rec["source_url"] = article.url
                    eid, merged = self._place_event(rec)
                    result.event_ids.append(eid)
                    if merged:
                        result.events_merged += 1
                    else:
                        result.events_added += 1
                    for name, inter in self._actor_names(ev):
                        con.execute(
                            "INSERT INTO actors (name, inter, events) VALUES (?, ?, 1) ON CONFLICT (name) "
                            "DO UPDATE SET events = events + 1", [name, inter])
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            return result

    @staticmethod
    def _actor_names(ev: Event) -> list[tuple[str, int]]:
        out = [(ev.actor1.name, ev.actor1.inter)]
        if ev.actor2:
            out.append((ev.actor2.name, ev.actor2.inter))
        out += [(a.name, a.inter) for a in ev.assoc_actor_1 + ev.assoc_actor_2]
        return [(n, i) for n, i in out if n]

    def _candidates(self, rec: dict[str, Any]) -> list[dict[str, Any]]:
        """Merge candidates by an indexed query: date window + lat/lon box (or, for events
        without coordinates, the same country)."""
        lo, hi, box = merging.candidate_box(rec)
        sql = "SELECT * FROM events WHERE date_start <= ? AND date_end >= ? AND "
        params: list[Any] = [hi, lo]
        if box is not None:
            w, s, e, n = box
            sql += ("((latitude BETWEEN ? AND ? AND longitude BETWEEN ? AND ?) "
                    "OR (iso3 IS NOT DISTINCT FROM ? AND (latitude IS NULL OR geo_precision >= 2 OR ? >= 2)))")
            params += [s, n, w, e, rec.get("iso3"), int(rec.get("geo_precision") or 3)]
        else:
            sql += "(iso3 IS NOT DISTINCT FROM ? OR iso3 IS NULL)"
            params.append(rec.get("iso3"))
        return self._rows(sql + " LIMIT 500", params)

    def _place_event(self, rec: dict[str, Any]) -> tuple[str, bool]:
        """Merge ``rec`` into a duplicate, or insert it. Returns (event_id, merged?)."""
        best, best_d = None, float("inf")
        for cand in self._candidates(rec):
            if merging.is_duplicate(cand, rec):
                d = merging.closeness(cand, rec)
                if d < best_d:
                    best, best_d = cand, d
        if best is not None:
            eid = best["event_id"]
            self._link(eid, rec)
            self._recompute(eid)
            return eid, True
        eid = rec["event_id"]
        n = 1
        while self.con.execute("SELECT 1 FROM events WHERE event_id = ?", [eid]).fetchone():
            n += 1
            eid = f"{rec['event_id']}-{n}"
        rec = dict(rec, event_id=eid)
        self._link(eid, rec)
        self._write_event(rec, n_sources=1, insert=True)
        return eid, False

    def _link(self, eid: str, rec: dict[str, Any]) -> None:
        self.con.execute(
            "INSERT INTO event_articles (event_id, article_id, seq, evidence, evidence_start, evidence_end, "
            "record, sitrep_version) VALUES (?, ?, nextval('link_seq'), ?, ?, ?, ?, ?)",
            [eid, rec["article_id"], rec.get("evidence"), rec.get("evidence_start"),
             rec.get("evidence_end"), json.dumps(rec, default=_iso), __version__],
        )

    def _write_event(self, rec: dict[str, Any], n_sources: int, insert: bool) -> None:
        cols = list(FIELDS)
        vals = [rec.get(c) for c in cols]
        if insert:
            names = ", ".join(f'"{c}"' for c in cols)
            marks = ", ".join("?" for _ in cols)
            self.con.execute(
                f"INSERT INTO events ({names}, sitrep_version, n_sources) VALUES ({marks}, ?, ?)",
                vals + [__version__, n_sources],
            )
        else:
            sets = ", ".join(f'"{c}" = ?' for c in cols if c != "event_id")
            self.con.execute(
                f"UPDATE events SET {sets}, sitrep_version = ?, n_sources = ? WHERE event_id = ?",
                [rec.get(c) for c in cols if c != "event_id"] + [__version__, n_sources, rec["event_id"]],
            )

    def _recompute(self, eid: str) -> None:
        """Rebuild an event from its reports' records (in arrival order) and its corrections."""
        rows = self.con.execute(
            "SELECT record FROM event_articles WHERE event_id = ? ORDER BY seq", [eid]
        ).fetchall()
        if not rows:
            self.con.execute("DELETE FROM events WHERE event_id = ?", [eid])
            return
        recs = [json.loads(r[0]) if isinstance(r[0], str) else r[0] for r in rows]
        out = merging.combine(recs, eid)
        for fld, new in self.con.execute(
            'SELECT field, new FROM audit WHERE event_id = ? ORDER BY "at", rowid', [eid]
        ).fetchall():
            out[fld] = _coerce(fld, new)
        n = len({r["article_id"] for r in recs})
        self._write_event(out, n_sources=n, insert=False)

    def _detach(self, article_id: str) -> None:
        """Remove a report's contributions; events left without a report are deleted."""
        eids = [r[0] for r in self.con.execute(
            "SELECT DISTINCT event_id FROM event_articles WHERE article_id = ?", [article_id]).fetchall()]
        self.con.execute("DELETE FROM event_articles WHERE article_id = ?", [article_id])
        for eid in eids:
            self._recompute(eid)

    def update_event(self, event_id: str, changes: dict[str, Any], user: str) -> dict[str, Any]:
        bad = sorted(set(changes) - EDITABLE)
        if bad:
            raise ValueError(f"not editable: {', '.join(bad)}")
        with self._lock:
            cur = self.get_event(event_id)
            if cur is None:
                raise KeyError(event_id)
            self.con.execute("BEGIN TRANSACTION")
            try:
                for fld, new in changes.items():
                    old = cur.get(fld)
                    new = _coerce(fld, new)
                    if _iso(old) == _iso(new):
                        continue
                    self.con.execute(f'UPDATE events SET "{fld}" = ? WHERE event_id = ?', [new, event_id])
                    self.con.execute(
                        'INSERT INTO audit (event_id, field, old, new, "user") VALUES (?, ?, ?, ?, ?)',
                        [event_id, fld, None if old is None else str(old),
                         None if new is None else str(_iso(new)), user],
                    )
                if "event_date" in changes:
                    self.con.execute(
                        "UPDATE events SET year = year(event_date) WHERE event_id = ?", [event_id])
                self.con.execute("COMMIT")
            except BaseException:
                self.con.execute("ROLLBACK")
                raise
            out = self.get_event(event_id)
            assert out is not None
            return out

    def audit(self, event_id: str | None = None) -> list[dict[str, Any]]:
        if event_id is None:
            return self._rows('SELECT event_id, field, old, new, "user", "at" FROM audit ORDER BY "at", rowid')
        return self._rows(
            'SELECT event_id, field, old, new, "user", "at" FROM audit WHERE event_id = ? ORDER BY "at", rowid',
            [event_id])

    # ----------------------------------------------------------------- reading

    _SELECT = ", ".join(f'"{f}"' for f in FIELDS) + ", n_sources AS sources"

    def _order(self, order_by: str, descending: bool) -> str:
        if order_by not in _ORDERABLE:
            raise ValueError(f"cannot order by {order_by!r}")
        col = "n_sources" if order_by == "sources" else f'"{order_by}"'
        d = "DESC" if descending else "ASC"
        return f"{col} {d} NULLS LAST, event_id {d}"

    def query_events(self, f: EventFilter | None = None, limit: int | None = 100, offset: int = 0,
                     order_by: str = "event_date", descending: bool = True) -> list[dict[str, Any]]:
        where, params = where_clause(f)
        sql = f"SELECT {self._SELECT} FROM events WHERE {where} ORDER BY {self._order(order_by, descending)}"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [int(limit), int(offset)]
        return self._rows(sql, params)

    def iter_events(self, f: EventFilter | None = None, order_by: str = "event_date",
                    descending: bool = False, batch: int = 5000) -> Iterator[dict[str, Any]]:
        offset = 0
        while True:
            rows = self.query_events(f, limit=batch, offset=offset, order_by=order_by, descending=descending)
            yield from rows
            if len(rows) < batch:
                return
            offset += batch

    def count_events(self, f: EventFilter | None = None) -> int:
        where, params = where_clause(f)
        with self._lock:
            row = self.con.execute(f"SELECT count(*) FROM events WHERE {where}", params).fetchone()
        return int(row[0]) if row else 0

    def get_event(self, event_id: str) -> dict[str, Any] | None:
        rows = self._rows(f"SELECT {self._SELECT} FROM events WHERE event_id = ?", [event_id])
        if not rows:
            return None
        rec = rows[0]
        rec["sources"] = self._rows(
            "SELECT ea.article_id, a.title, a.url, coalesce(a.source, json_extract_string(ea.record, '$.source')) "
            "AS source, a.published, ea.evidence, ea.evidence_start, ea.evidence_end "
            "FROM event_articles ea LEFT JOIN articles a ON a.id = ea.article_id "
            "WHERE ea.event_id = ? ORDER BY ea.seq", [event_id])
        return rec

    def get_article(self, article_id: str) -> dict[str, Any] | None:
        rows = self._rows(
            "SELECT id, title, text, published, url, source, origin, content_hash, ingested_at "
            "FROM articles WHERE id = ?", [article_id])
        if not rows:
            return None
        art = rows[0]
        art["events"] = self._rows(
            "SELECT ea.event_id, json_extract_string(ea.record, '$.event_type') AS event_type, "
            "json_extract_string(ea.record, '$.sub_event_type') AS sub_event_type, "
            "ea.evidence_start, ea.evidence_end FROM event_articles ea "
            "WHERE ea.article_id = ? ORDER BY ea.evidence_start, ea.seq", [article_id])
        return art

    def stats(self, f: EventFilter | None = None, interval: str = "day") -> list[dict[str, Any]]:
        if interval not in ("day", "week", "month"):
            raise ValueError("interval must be 'day', 'week' or 'month'")
        where, params = where_clause(f)
        period = "event_date" if interval == "day" else f"CAST(date_trunc('{interval}', event_date) AS DATE)"
        return self._rows(
            f"SELECT {period} AS period, event_type, count(*) AS events, "
            f"coalesce(sum(fatalities), 0) AS fatalities FROM events WHERE {where} "
            "GROUP BY ALL ORDER BY period, event_type", params)

    def counts(self) -> dict[str, int]:
        out = {}
        with self._lock:
            for t in ("articles", "events", "event_articles", "actors", "sources", "failures", "audit"):
                row = self.con.execute(f"SELECT count(*) FROM {t}").fetchone()
                out[t] = int(row[0]) if row else 0
        return out


def _coerce(fld: str, v: Any) -> Any:
    """A value for an events column from an analyst's edit (or the audit log's text)."""
    if v is None or v == "":
        return None
    typ = _EVENT_TYPES.get(fld, "VARCHAR")
    if typ == "DATE":
        return _date_param(v)
    if typ in ("INTEGER", "BIGINT"):
        return int(float(v))
    if typ == "DOUBLE":
        return float(v)
    return str(v)
