"""The event store: articles, events (merged across reports), their links, actors, sources,
failures and analysts' corrections, behind one small interface (:class:`Store`).

DuckDB is the embedded default (:class:`DuckDBStore`); :func:`open_store` picks a backend from a
URL or path, so another backend (PostgreSQL) can be added without touching the pipeline.

Every :meth:`Store.add_articles` call (a batch of reports; :meth:`Store.add_article` is a batch of
one) is one transaction: a run killed at any point loses at most the uncommitted batch, which a
rerun stores again (idempotent by content hash). See ``docs/store.md``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import sys
import threading
from abc import ABC, abstractmethod
from collections import OrderedDict
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
    def add_articles(self, items: Sequence[tuple[Article, Sequence[Event]]]) -> list[AddResult]:
        """Several reports, in order, in one transaction: all stored or (on error) none. Each
        report gets what :meth:`add_article` would do with it at that point."""
        return [self.add_article(article, events) for article, events in items]
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
    # Merge candidates come from the writer's in-memory EventCache, and DuckDB's optimizer
    # scans for range filters anyway: these two indexes only slowed writes and held memory.
    (3, [
        "DROP INDEX IF EXISTS events_date_idx",
        "DROP INDEX IF EXISTS events_lat_idx",
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

    # Events held in memory for merge-candidate lookup (see EventCache).
    cache_events = 100_000

    def __init__(self, path: str = DEFAULT_DB, read_only: bool = False) -> None:
        import duckdb

        self.path = path
        if path != ":memory:":
            parent = os.path.dirname(os.path.abspath(path))
            os.makedirs(parent, exist_ok=True)
        self._lock = threading.RLock()
        self.read_only = read_only
        self.con = duckdb.connect(path, read_only=read_only)
        self._now: dt.datetime | None = None
        self._seq = 0
        self._reset_state()
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
        row = _first(self.con.execute("SELECT coalesce(max(version), 0) FROM schema_version"))
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
    #
    # The write path keeps, per writing process, a little state in memory so that storing a
    # report costs no per-row statements (see docs/store.md, "Writing fast"):
    #
    # - the content hashes, ids and URLs of the stored reports (is_current, replacement) and the
    #   stored event ids (unique ids), as sets of hashes loaded once from the store;
    # - an :class:`EventCache` of the events whose date windows touch recently used weeks, with a
    #   spatial grid, for merge-candidate lookup (loaded lazily, week by week, from the store);
    # - the rows of the batch being written (articles, links, events, actor and outlet counts),
    #   written by a few bulk (Arrow) statements when the batch commits.
    #
    # Any error rolls the batch back and drops the in-memory state (it is reloaded on demand).

    def _state(self) -> None:
        """Load the in-memory write state (once per process)."""
        if self._hashes is not None:
            return
        con = self.con
        hashes: set[int] = set()
        keys: set[int] = set()
        for h, aid, url in con.execute("SELECT content_hash, id, url FROM articles").fetchall():
            hashes.add(_hash_int(h))
            keys.add(hash(("i", aid)))
            if url:
                keys.add(hash(("u", url)))
        self._eids = {hash(r[0]) for r in con.execute("SELECT event_id FROM events").fetchall()}
        self._audited = {r[0] for r in con.execute("SELECT DISTINCT event_id FROM audit").fetchall()}
        row = _first(con.execute("SELECT coalesce(max(seq), 0) FROM event_articles"))
        self._seq = int(row[0]) if row else 0
        self._keys = keys
        self._hashes = hashes

    def _reset_state(self) -> None:
        self._hashes = None
        self._keys = set()
        self._eids = set()
        self._audited = set()
        self._cache = EventCache(self._load_window, self.cache_events)
        self._p_articles: list[dict[str, Any]] = []
        self._p_links: list[dict[str, Any]] = []
        self._p_events: dict[str, tuple[dict[str, Any], bool]] = {}  # event_id -> (row, new?)
        self._p_actors: dict[str, list[int]] = {}  # name -> [inter, events]
        self._p_sources: dict[str, int] = {}

    def is_current(self, article: Article) -> bool:
        with self._lock:
            if self.read_only:
                row = _first(self.con.execute(
                    "SELECT 1 FROM articles WHERE content_hash = ? LIMIT 1", [article.content_hash]
                ))
                return row is not None
            self._state()
            assert self._hashes is not None
            return _hash_int(article.content_hash) in self._hashes

    def record_failure(self, source: str, reason: str) -> None:
        with self._lock:
            self.con.execute("INSERT INTO failures (source, reason) VALUES (?, ?)", [source, reason])

    def failures(self) -> list[dict[str, Any]]:
        return self._rows('SELECT source, reason, "at" FROM failures ORDER BY "at", source')

    def add_article(self, article: Article, events: Sequence[Event]) -> AddResult:
        return self.add_articles([(article, events)])[0]

    def add_articles(self, items: Sequence[tuple[Article, Sequence[Event]]]) -> list[AddResult]:
        """Store several reports in one transaction (see :meth:`Store.add_articles`)."""
        with self._lock:
            self._state()
            self.con.execute("BEGIN TRANSACTION")
            try:
                # The transaction's time: what the columns' DEFAULT current_timestamp would give.
                row = _first(self.con.execute("SELECT CAST(current_timestamp AS TIMESTAMP)"))
                self._now = row[0] if row else None
                out = [self._add(article, events) for article, events in items]
                self._flush()
                self.con.execute("COMMIT")
            except BaseException:
                try:
                    self.con.execute("ROLLBACK")
                finally:
                    self._reset_state()
                raise
            return out

    def _add(self, article: Article, events: Sequence[Event]) -> AddResult:
        assert self._hashes is not None
        h = _hash_int(article.content_hash)
        if h in self._hashes:
            return AddResult(article.id, "skipped")
        old = self._stored_versions(article)
        for old_id, old_hash in old:
            self._detach(old_id)
            self.con.execute("DELETE FROM articles WHERE id = ?", [old_id])
            self._hashes.discard(_hash_int(old_hash))
        self._hashes.add(h)
        self._keys.add(hash(("i", article.id)))
        if article.url:
            self._keys.add(hash(("u", article.url)))
        self._p_articles.append({
            "id": article.id, "content_hash": article.content_hash, "title": article.title,
            "text": article.text, "published": article.published, "url": article.url,
            "source": article.source, "origin": article.origin,
            "published_basis": article.published_basis, "sitrep_version": __version__,
        })
        if article.source:
            self._p_sources[article.source] = self._p_sources.get(article.source, 0) + 1
        result = AddResult(article.id, "replaced" if old else "added")
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
                a = self._p_actors.setdefault(name, [inter, 0])
                a[1] += 1
        return result

    def _stored_versions(self, article: Article) -> list[tuple[str, str]]:
        """(id, content_hash) of stored reports with this report's id or URL (another version)."""
        hit = hash(("i", article.id)) in self._keys or (
            bool(article.url) and hash(("u", article.url)) in self._keys)
        if not hit:
            return []
        self._flush()
        rows = self.con.execute("SELECT id, content_hash FROM articles WHERE id = ?", [article.id]).fetchall()
        if article.url:
            rows += self.con.execute(
                "SELECT id, content_hash FROM articles WHERE url = ? AND id <> ?", [article.url, article.id]
            ).fetchall()
        return [(r[0], r[1]) for r in rows]

    @staticmethod
    def _actor_names(ev: Event) -> list[tuple[str, int]]:
        out = [(ev.actor1.name, ev.actor1.inter)]
        if ev.actor2:
            out.append((ev.actor2.name, ev.actor2.inter))
        out += [(a.name, a.inter) for a in ev.assoc_actor_1 + ev.assoc_actor_2]
        return [(n, i) for n, i in out if n]

    def _load_window(self, lo: dt.date, hi: dt.date) -> list[dict[str, Any]]:
        """The stored events whose date windows touch ``lo..hi`` (for the event cache)."""
        self._flush()
        return self._fetch_events("date_start <= ? AND date_end >= ?", [hi, lo])

    def _fetch_events(self, where: str, params: list[Any]) -> list[dict[str, Any]]:
        """Stored event rows as the event cache holds them."""
        cur = self.con.execute(
            f"WITH e AS (SELECT * EXCLUDE (sitrep_version) FROM events WHERE {where}) "
            "SELECT e.*, (SELECT min(seq) FROM event_articles ea WHERE ea.event_id = e.event_id) AS first_seq "
            "FROM e", params)
        names = [d[0] for d in cur.description]
        return [_cached(dict(zip(names, row, strict=True))) for row in cur.fetchall()]

    def _eid_taken(self, eid: str) -> bool:
        if eid in self._p_events:
            return True
        if hash(eid) not in self._eids:
            return False
        return _first(self.con.execute("SELECT 1 FROM events WHERE event_id = ?", [eid])) is not None

    def _place_event(self, rec: dict[str, Any]) -> tuple[str, bool]:
        """Merge ``rec`` into a duplicate, or insert it. Returns (event_id, merged?)."""
        best, best_key = None, None
        for cand in self._cache.candidates(rec):
            if merging.is_duplicate(cand, rec):
                # Ties go to the event whose first report came first: the same whatever the batches.
                key = (merging.closeness(cand, rec), cand.get("first_seq") or 0, cand["event_id"])
                if best_key is None or key < best_key:
                    best, best_key = cand, key
        if best is not None:
            eid = best["event_id"]
            self._link(eid, rec)
            if eid in self._audited:
                self._recompute(eid)  # corrections are re-applied over all reports' records
            else:
                # combine() over the stored combination and the new record equals combine() over
                # every report's record (first report's fields, most precise place/date, named
                # actors, conservative figures, joined sources): no need to read them back.
                out = merging.combine([best, rec], eid)
                self._put_event(out, int(best.get("n_sources") or 1) + 1, best.get("created_at"),
                                best.get("first_seq"))
            return eid, True
        eid = rec["event_id"]
        n = 1
        while self._eid_taken(eid):
            n += 1
            eid = f"{rec['event_id']}-{n}"
        rec = dict(rec, event_id=eid)
        self._eids.add(hash(eid))
        self._link(eid, rec)
        self._put_event(rec, 1, None, self._seq, new=True)
        return eid, False

    def _link(self, eid: str, rec: dict[str, Any]) -> None:
        self._seq += 1
        self._p_links.append({
            "event_id": eid, "article_id": rec["article_id"], "seq": self._seq,
            "evidence": rec.get("evidence"), "evidence_start": rec.get("evidence_start"),
            "evidence_end": rec.get("evidence_end"), "record": json.dumps(rec, default=_iso),
            "sitrep_version": __version__,
        })

    def _put_event(self, rec: dict[str, Any], n_sources: int, created_at: Any, first_seq: int | None,
                   new: bool = False) -> None:
        """An event's new row: written when the batch is flushed, and put in the event cache."""
        row = _typed(rec)
        row["n_sources"] = n_sources
        row["created_at"] = created_at
        row["first_seq"] = first_seq  # the cache's tie-break (not a column)
        eid = row["event_id"]
        if eid in self._p_events:
            new = self._p_events[eid][1]
        self._p_events[eid] = (row, new)
        self._cache.put(row)

    def _drop_event(self, eid: str) -> None:
        self._p_events.pop(eid, None)
        self.con.execute("DELETE FROM events WHERE event_id = ?", [eid])
        self._cache.drop(eid)

    def _flush(self) -> None:
        """Write the batch's pending rows (inside the caller's transaction)."""
        con = self.con
        if self._p_articles:
            _bulk_insert(con, "articles", _ARTICLE_COLS, self._p_articles)
            self._p_articles = []
        if self._p_events:
            old = [eid for eid, (_, new) in self._p_events.items() if not new]
            if old:
                # DuckDB updates of wide rows are slow: an event's new version replaces the row.
                con.execute("DELETE FROM events WHERE event_id IN (SELECT unnest(?::VARCHAR[]))", [old])
            rows = [r for r, _ in self._p_events.values()]
            for r in rows:
                r["sitrep_version"] = __version__
                if r.get("created_at") is None:
                    r["created_at"] = self._now
            _bulk_insert(con, "events", _EVENT_COLS, rows)
            self._p_events = {}
        if self._p_links:
            _bulk_insert(con, "event_articles", _LINK_COLS, self._p_links)
            self._p_links = []
        if self._p_actors:
            _bulk_insert(con, "actors", [("name", "VARCHAR"), ("inter", "INTEGER"), ("events", "INTEGER")],
                         [{"name": k, "inter": v[0], "events": v[1]} for k, v in self._p_actors.items()],
                         "ON CONFLICT (name) DO UPDATE SET events = events + excluded.events")
            self._p_actors = {}
        if self._p_sources:
            _bulk_insert(con, "sources", [("name", "VARCHAR"), ("articles", "INTEGER")],
                         [{"name": k, "articles": v} for k, v in self._p_sources.items()],
                         "ON CONFLICT (name) DO UPDATE SET articles = articles + excluded.articles")
            self._p_sources = {}

    def _recompute(self, eid: str) -> None:
        """Rebuild an event from its reports' records (in arrival order) and its corrections."""
        self._flush()
        rows = self.con.execute(
            "SELECT record, seq FROM event_articles WHERE event_id = ? ORDER BY seq", [eid]
        ).fetchall()
        if not rows:
            self._drop_event(eid)
            return
        recs = [json.loads(r[0]) if isinstance(r[0], str) else r[0] for r in rows]
        out = merging.combine(recs, eid)
        for fld, new in self.con.execute(
            'SELECT field, new FROM audit WHERE event_id = ? ORDER BY "at", rowid', [eid]
        ).fetchall():
            out[fld] = _coerce(fld, new)
        n = len({r["article_id"] for r in recs})
        row = _first(self.con.execute("SELECT created_at FROM events WHERE event_id = ?", [eid]))
        self._put_event(out, n, row[0] if row else None, rows[0][1], new=row is None)

    def _detach(self, article_id: str) -> None:
        """Remove a report's contributions; events left without a report are deleted."""
        self._flush()
        eids = [r[0] for r in self.con.execute(
            "SELECT DISTINCT event_id FROM event_articles WHERE article_id = ?", [article_id]).fetchall()]
        self.con.execute("DELETE FROM event_articles WHERE article_id = ?", [article_id])
        for eid in sorted(eids):
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
                self._reset_state()
                raise
            # The event cache holds the row as it was; from now on, the event is recomputed
            # (with its corrections) whenever another report joins it.
            self._audited.add(event_id)
            self._cache.drop(event_id)
            cur_rows = self._fetch_events("event_id = ?", [event_id])
            if cur_rows:
                self._cache.put(cur_rows[0])
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
            row = _first(self.con.execute(f"SELECT count(*) FROM events WHERE {where}", params))
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
                row = _first(self.con.execute(f"SELECT count(*) FROM {t}"))
                out[t] = int(row[0]) if row else 0
        return out


# --------------------------------------------------------------------------- the write path's helpers

_EVENT_COLS: list[tuple[str, str]] = (
    [(f, _EVENT_TYPES.get(f, "VARCHAR")) for f in FIELDS]
    + [("sitrep_version", "VARCHAR"), ("n_sources", "INTEGER"), ("created_at", "TIMESTAMP")])
_ARTICLE_COLS: list[tuple[str, str]] = [
    ("id", "VARCHAR"), ("content_hash", "VARCHAR"), ("title", "VARCHAR"), ("text", "VARCHAR"),
    ("published", "DATE"), ("url", "VARCHAR"), ("source", "VARCHAR"), ("origin", "VARCHAR"),
    ("published_basis", "VARCHAR"), ("sitrep_version", "VARCHAR")]
_LINK_COLS: list[tuple[str, str]] = [
    ("event_id", "VARCHAR"), ("article_id", "VARCHAR"), ("seq", "BIGINT"), ("evidence", "VARCHAR"),
    ("evidence_start", "INTEGER"), ("evidence_end", "INTEGER"), ("record", "JSON"),
    ("sitrep_version", "VARCHAR")]


def _bulk_insert(con: Any, table: str, cols: Sequence[tuple[str, str]], rows: Sequence[dict[str, Any]],
                 suffix: str = "") -> None:
    """Insert rows (dicts) with one statement: one list parameter per column, unnested side by
    side (no per-row statements, and no Arrow/pandas needed)."""
    names = ", ".join(f'"{n}"' for n, _ in cols)
    values = ", ".join(f'unnest(CAST(? AS {typ}[])) AS "{n}"' for n, typ in cols)
    con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM (SELECT {values}) {suffix}",
                [[r.get(n) for r in rows] for n, _ in cols])


def _first(cur: Any) -> Any:
    """The first row of a result, which is read to the end (DuckDB wants results finished)."""
    rows = cur.fetchall()
    return rows[0] if rows else None


def _hash_int(content_hash: str) -> int:
    try:
        return int(content_hash, 16)
    except ValueError:
        return hash(content_hash)


def _typed(rec: dict[str, Any]) -> dict[str, Any]:
    """A contract record with the events table's Python types (dates, ints, floats, strings)."""
    out: dict[str, Any] = {}
    for f in FIELDS:
        v = rec.get(f)
        if v is None or v == "":
            out[f] = None
            continue
        typ = _EVENT_TYPES.get(f, "VARCHAR")
        if typ == "DATE":
            out[f] = merging.as_date(v)
        elif typ in ("INTEGER", "BIGINT"):
            out[f] = int(v)
        elif typ == "DOUBLE":
            out[f] = float(v)
        else:
            out[f] = sys.intern(v) if f in _INTERNED and isinstance(v, str) else str(v)
    return out


def _cached(row: dict[str, Any]) -> dict[str, Any]:
    """A stored event row as the event cache holds it."""
    return _typed(row) | {k: row.get(k) for k in ("n_sources", "created_at", "first_seq")}


# Columns with few distinct values: one string object each in the event cache.
_INTERNED = frozenset({
    "disorder_type", "event_type", "sub_event_type", "actor1", "actor2", "assoc_actor_1",
    "assoc_actor_2", "civilian_targeting", "country", "iso3", "admin1", "admin2", "admin3",
    "location", "source"})


class _Week:
    """The cached events whose date windows touch one week, by grid cell and by country."""

    __slots__ = ("cells", "coarse", "country")

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], set[str]] = {}  # events with coordinates
        self.coarse: dict[str | None, set[str]] = {}  # no coordinates, or geo_precision >= 2
        self.country: dict[str | None, set[str]] = {}  # all of them, by iso3


class EventCache:
    """Merge candidates in memory, for one writing process.

    Holds the events whose ``date_start..date_end`` touch the weeks recently looked up, indexed
    by week, then by a 0.25° grid cell (events with coordinates) and by country. A week is loaded
    from the store the first time a lookup needs it (one query), and kept up to date by the
    writes of this process (:meth:`put`, :meth:`drop`); the least recently used weeks are dropped
    beyond ``capacity`` events. :meth:`candidates` returns exactly what the store's candidate
    query would: events whose window overlaps the record's (± a day), inside its ±25 km box, or
    in the same country when one of the two places is coarse (or the record has no coordinates).
    """

    CELL = 0.25  # degrees (~28 km): a ±25 km box spans 3 x 3 cells or so

    def __init__(self, load: Any, capacity: int = 200_000) -> None:
        self._load = load  # (lo, hi) -> stored rows whose windows touch lo..hi
        self.capacity = capacity
        self.rows: dict[str, dict[str, Any]] = {}
        self.weeks: OrderedDict[int, _Week] = OrderedDict()

    # keys
    @staticmethod
    def _weeks(row: dict[str, Any]) -> range | None:
        s, e = row.get("date_start"), row.get("date_end")
        if s is None or e is None:
            return None
        return range(merging.as_date(s).toordinal() // 7, merging.as_date(e).toordinal() // 7 + 1)

    @classmethod
    def _cell(cls, lat: float, lon: float) -> tuple[int, int]:
        return math.floor(lat / cls.CELL), math.floor(lon / cls.CELL)

    @staticmethod
    def _is_coarse(row: dict[str, Any]) -> bool:
        p = row.get("geo_precision")
        return row.get("latitude") is None or (p is not None and int(p) >= 2)

    def _index(self, wk: _Week, row: dict[str, Any], add: bool) -> None:
        eid = row["event_id"]
        lat, lon, iso3 = row.get("latitude"), row.get("longitude"), row.get("iso3")
        groups: list[tuple[dict[Any, set[str]], Any]] = [(wk.country, iso3)]
        if lat is not None and lon is not None:
            groups.append((wk.cells, self._cell(lat, lon)))
        if self._is_coarse(row):
            groups.append((wk.coarse, iso3))
        for table, key in groups:
            if add:
                table.setdefault(key, set()).add(eid)
            else:
                s = table.get(key)
                if s is not None:
                    s.discard(eid)
                    if not s:
                        del table[key]

    def _held(self, row: dict[str, Any]) -> bool:
        ws = self._weeks(row)
        return ws is not None and any(w in self.weeks for w in ws)

    # loading and eviction
    def _ensure(self, weeks: range) -> None:
        missing = [w for w in weeks if w not in self.weeks]
        for w in weeks:
            if w in self.weeks:
                self.weeks.move_to_end(w)
        if not missing:
            return
        lo = dt.date.fromordinal(max(1, missing[0] * 7))
        hi = dt.date.fromordinal(missing[-1] * 7 + 6)
        loaded = self._load(lo, hi)
        for w in missing:
            self.weeks[w] = _Week()
        for row in loaded:
            ws = self._weeks(row)
            if ws is None:
                continue
            if not any(w in missing for w in ws):
                continue
            eid = row["event_id"]
            cur = self.rows.get(eid)
            if cur is None:
                self.rows[eid] = row
            else:
                row = cur
            for w in ws:
                if w in missing:
                    self._index(self.weeks[w], row, add=True)
        self._evict(keep=set(weeks))

    def _evict(self, keep: set[int]) -> None:
        if len(self.rows) <= self.capacity:
            return
        target = int(self.capacity * 0.8)
        for w in list(self.weeks):
            if len(self.rows) <= target:
                break
            if w in keep:
                continue
            wk = self.weeks.pop(w)
            for ids in wk.country.values():
                for eid in ids:
                    row = self.rows.get(eid)
                    if row is not None and not self._held(row):
                        del self.rows[eid]

    # lookups and updates
    def candidates(self, rec: dict[str, Any]) -> list[dict[str, Any]]:
        try:
            lo, hi, box = merging.candidate_box(rec)
        except ValueError:
            return []  # an event without a date merges with nothing
        self._ensure(range(lo.toordinal() // 7, hi.toordinal() // 7 + 1))
        iso3 = rec.get("iso3")
        rprec = int(rec.get("geo_precision") or 3)
        ids: set[str] = set()
        for w in range(lo.toordinal() // 7, hi.toordinal() // 7 + 1):
            wk = self.weeks[w]
            if box is not None:
                west, south, east, north = box
                (la0, lo0), (la1, lo1) = self._cell(south, west), self._cell(north, east)
                for i in range(la0, la1 + 1):
                    for j in range(lo0, lo1 + 1):
                        ids |= wk.cells.get((i, j), set())
                ids |= (wk.country if rprec >= 2 else wk.coarse).get(iso3, set())
            else:
                ids |= wk.country.get(iso3, set())
                if iso3 is not None:
                    ids |= wk.country.get(None, set())
        out = []
        for eid in ids:
            row = self.rows[eid]
            s, e = row["date_start"], row["date_end"]
            if not (s <= hi and e >= lo):
                continue
            lat, lon, ciso = row.get("latitude"), row.get("longitude"), row.get("iso3")
            if box is not None:
                west, south, east, north = box
                inside = (lat is not None and lon is not None and south <= lat <= north and west <= lon <= east)
                if not inside and not (ciso == iso3 and (self._is_coarse(row) or rprec >= 2)):
                    continue
            elif not (ciso == iso3 or ciso is None):
                continue
            out.append(row)
        return out

    def put(self, row: dict[str, Any]) -> None:
        """An event inserted or changed by this process."""
        self.drop(row["event_id"])
        ws = self._weeks(row)
        if ws is None:
            return
        held = [w for w in ws if w in self.weeks]
        if not held:
            return  # loaded from the store (where the flush puts it) when a lookup needs it
        self.rows[row["event_id"]] = row
        for w in held:
            self._index(self.weeks[w], row, add=True)

    def drop(self, eid: str) -> None:
        old = self.rows.pop(eid, None)
        ws = self._weeks(old) if old is not None else None
        if ws is None:
            return
        for w in ws:
            wk = self.weeks.get(w)
            if wk is not None:
                self._index(wk, old, add=False)


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
