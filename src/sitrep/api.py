"""``sitrep serve``: the JSON API over a store, and the offline web page at ``/``.

Read-only unless a token is configured (``--token`` or ``SITREP_TOKEN``): then ``PATCH
/events/{id}`` lets an analyst correct an event's type or place, with the store keeping who
changed what and when. ``POST /extract`` runs the pipeline on one report without storing it.

Build the app with :func:`create_app` (tests use it with FastAPI's TestClient); the OpenAPI spec
is at ``/openapi.json``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hmac
import inspect
import json
import os
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field, ValidationError

from . import __version__
from .model import FIELDS

MAX_EXTRACT_BYTES = 1_000_000
MAX_LIMIT = 5000
EXPORT_PAGE = 5000
# Columns /events may sort by.
ORDER_COLUMNS = (
    "event_date", "fatalities", "event_type", "sub_event_type", "country", "admin1", "location",
    "actor1", "actor2", "confidence", "timestamp", "sources",
)
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
WEB_DIR = resources.files("sitrep") / "web"


# --- request models -------------------------------------------------------------------------------


class ExtractIn(BaseModel):
    """One report to extract events from (not stored)."""

    text: str = Field(..., description="the report's text")
    published: str | None = Field(None, description="publication date, ISO 8601")
    title: str | None = None
    url: str | None = None
    id: str | None = None
    source: str | None = None


class EventPatch(BaseModel):
    """An analyst's correction of an event's type or place. Omitted fields stay as they are."""

    event_type: str | None = None
    sub_event_type: str | None = None
    location: str | None = None
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    geo_precision: int | None = Field(None, ge=1, le=3)
    geonameid: int | None = None
    country: str | None = None
    iso3: str | None = Field(None, min_length=3, max_length=3)
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    fatalities: int | None = Field(None, ge=0)
    user: str | None = Field(None, description="who made the change (or the X-Sitrep-User header)")
    reason: str | None = Field(None, description="why (kept with the change when the store keeps it)")


# --- the store, behind a lock ---------------------------------------------------------------------


class _StoreAccess:
    """Serialises calls into the store (one DuckDB connection is not safe across threads) and
    caches read results for a few seconds; any write through the API clears the cache."""

    def __init__(self, store: Any, ttl: float = 10.0, size: int = 512) -> None:
        self.store = store
        self.lock = threading.RLock()
        self.index: EventIndex | None = None
        self._generation = 0
        self.ttl, self.size = ttl, size
        self._cache: OrderedDict[Any, tuple[float, Any]] = OrderedDict()
        self._cache_lock = threading.Lock()
        from . import store as store_mod

        self.filter_cls = store_mod.EventFilter
        self.filter_fields = {f.name for f in dataclasses.fields(self.filter_cls)}

    def call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        with self.lock:
            return getattr(self.store, name)(*args, **kwargs)

    def cached(self, key: Any, fn: Callable[[], Any]) -> Any:
        now = time.monotonic()
        with self._cache_lock:
            hit = self._cache.get(key)
            if hit and now - hit[0] < self.ttl:
                self._cache.move_to_end(key)
                return hit[1]
        value = fn()
        with self._cache_lock:
            self._cache[key] = (now, value)
            while len(self._cache) > self.size:
                self._cache.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._cache_lock:
            self._cache.clear()

    def build_index(self, max_rows: int) -> None:
        """(Re)build the in-memory index; stores over ``max_rows`` events are queried directly."""
        with self.lock:
            gen = self._generation
            if self.store.count_events(None) > max_rows:
                return
            index = EventIndex(self.store.iter_events(None, order_by="event_date", descending=False))
        with self.lock:
            if gen == self._generation:
                self.index = index

    def changed(self, max_rows: int) -> None:
        """After a write: drop cache and index (reads go to the store), rebuild in the background."""
        with self.lock:
            self._generation += 1
            self.index = None
        self.clear()
        if max_rows > 0:
            threading.Thread(target=self.build_index, args=(max_rows,), daemon=True).start()


class EventIndex:
    """An in-memory, columnar copy of the events table that answers ``/events`` in about a
    millisecond: filtering, counting and paging with Arrow/NumPy instead of a DuckDB query
    (~20 ms for a page of full records over 100k events, one query at a time per connection).

    It mirrors :func:`sitrep.store.where_clause` and the store's ordering (``col DESC NULLS LAST,
    event_id DESC``); ``tests/test_api.py`` checks the two agree. Filters it does not cover
    (``article_id``) go to the store. The store cannot change under it: a DuckDB file has one
    writer process, and writes through this API rebuild it.
    """

    INTS = ("year", "time_precision", "inter1", "inter2", "interaction", "geo_precision", "geonameid",
            "fatalities", "injured", "displaced", "evidence_start", "evidence_end", "timestamp", "sources")
    FLOATS = ("latitude", "longitude", "confidence")
    SEARCH = ("notes", "evidence", "location", "admin1", "admin2", "actor1", "actor2", "assoc_actor_1",
              "assoc_actor_2")
    ACTORS = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")

    def __init__(self, records: Iterator[dict[str, Any]], batch: int = 20_000) -> None:
        import pyarrow as pa

        cols = (*FIELDS, "sources")
        schema = pa.schema([
            (c, pa.int64() if c in self.INTS else pa.float64() if c in self.FLOATS else pa.string()) for c in cols
        ])
        batches, buf = [], []
        for rec in records:
            buf.append(rec)
            if len(buf) >= batch:
                batches.append(pa.RecordBatch.from_pylist(buf, schema=schema))
                buf = []
        if buf or not batches:
            batches.append(pa.RecordBatch.from_pylist(buf, schema=schema))
        self.table = pa.Table.from_batches(batches, schema=schema).combine_chunks()
        self.n = self.table.num_rows
        self._np: dict[str, Any] = {}
        self._orders: dict[tuple[str, bool], Any] = {}
        self._masks: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()
        # The costly parts once, up front: the free-text column and the default order.
        self._col("search")
        self.order("event_date", True)

    # columns prepared once, on first use
    def _col(self, name: str) -> Any:
        import pyarrow as pa
        import pyarrow.compute as pc

        got = self._np.get(name)
        if got is not None:
            return got
        t = self.table
        if name in ("latitude", "longitude"):
            got = t[name].to_numpy(zero_copy_only=False)  # NaN for null: comparisons are False, as in SQL
        elif name == "fatalities":
            got = pc.fill_null(t[name], -1).to_numpy()
        elif name == "event_date":  # days since 1970 (-1 when missing): integer comparisons are fast
            got = pc.fill_null(pc.cast(pc.cast(t[name], pa.date32()), pa.int32()), -1).to_numpy()
        elif name == "iso3":
            got = pc.utf8_upper(t[name])
        elif name == "search":
            parts = [pc.fill_null(t[c], "") for c in self.SEARCH]
            got = pc.utf8_lower(pc.binary_join_element_wise(*parts, " "))
        else:
            got = pc.utf8_lower(t[name])
        self._np[name] = got
        return got

    @staticmethod
    def _bool(arr: Any) -> Any:
        import pyarrow.compute as pc

        return pc.fill_null(arr, False).to_numpy(zero_copy_only=False)

    def _text_mask(self, key: tuple[str, str], make: Callable[[], Any]) -> Any:
        with self._lock:
            hit = self._masks.get(key)
            if hit is not None:
                self._masks.move_to_end(key)
                return hit
        m = make()
        with self._lock:
            self._masks[key] = m
            while len(self._masks) > 256:
                self._masks.popitem(last=False)
        return m

    def mask(self, f: Filters) -> Any:
        import numpy as np
        import pyarrow.compute as pc

        m = np.ones(self.n, dtype=bool)
        epoch = dt.date(1970, 1, 1)
        if f.date_from:
            m &= self._col("event_date") >= (f.date_from - epoch).days
        if f.date_to:
            days = self._col("event_date")
            m &= (days <= (f.date_to - epoch).days) & (days >= 0)
        if f.bbox:
            w, s, e, n = f.bbox
            lat, lon = self._col("latitude"), self._col("longitude")
            m &= (lat >= s) & (lat <= n)
            m &= ((lon >= w) & (lon <= e)) if w <= e else ((lon >= w) | (lon <= e))
        if f.country:
            v = f.country
            m &= self._text_mask(("country", v), lambda: self._bool(pc.or_kleene(
                pc.equal(self._col("country"), v.lower()), pc.equal(self._col("iso3"), v.upper()))))
        for name in ("admin1", "event_type", "sub_event_type"):
            v = getattr(f, name)
            if v:
                m &= self._text_mask((name, v), lambda n=name, v=v: self._bool(pc.equal(self._col(n), v.lower())))
        if f.actor:
            needle = f.actor.lower()

            def actor_mask() -> Any:
                out = np.zeros(self.n, dtype=bool)
                for c in self.ACTORS:
                    out |= self._bool(pc.match_substring(self._col(c), needle))
                return out

            m &= self._text_mask(("actor", needle), actor_mask)
        if f.min_fatalities is not None:
            m &= self._col("fatalities") >= int(f.min_fatalities)
        if f.q:
            needle = f.q.lower()
            m &= self._text_mask(("q", needle), lambda: self._bool(pc.match_substring(self._col("search"), needle)))
        return m

    def order(self, col: str, descending: bool) -> Any:
        import pyarrow as pa
        import pyarrow.compute as pc

        key = (col, descending)
        perm = self._orders.get(key)
        if perm is None:
            d = "descending" if descending else "ascending"
            try:  # pyarrow >= 25: null placement per key
                perm = pc.sort_indices(self.table, sort_keys=[(col, d, "at_end"), ("event_id", d, "at_end")])
            except (TypeError, ValueError, pa.ArrowInvalid):
                perm = pc.sort_indices(self.table, sort_keys=[(col, d), ("event_id", d)], null_placement="at_end")
            perm = perm.to_numpy()
            self._orders[key] = perm
        return perm

    def query(self, f: Filters, limit: int, offset: int, order_by: str, descending: bool,
              fields: list[str] | None) -> tuple[int, list[dict[str, Any]]]:
        m = self.mask(f)
        perm = self.order(order_by, descending)
        hits = perm[m[perm]]
        page = hits[offset:offset + limit]
        t = self.table.take(page)
        if fields:
            t = t.select(fields)
        return int(m.sum()), t.to_pylist()


class _SecurityHeaders:
    """Adds the CSP and related headers to every response (plain ASGI: no body buffering)."""

    HEADERS = [
        (b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY"),
    ]

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *self.HEADERS]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _JSON(JSONResponse):
    @staticmethod
    def dumps(content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")

    def render(self, content: Any) -> bytes:
        # Records are plain JSON values already: skip FastAPI's (slow) jsonable_encoder.
        return self.dumps(content)


def _json(content: Any) -> Response:
    return _JSON(content)


def _open(store_or_path: Any, read_only: bool) -> Any:
    if not isinstance(store_or_path, (str, os.PathLike)):
        return store_or_path
    from .store import open_store

    path = Path(store_or_path)
    if read_only and path.exists() and "read_only" in inspect.signature(open_store).parameters:
        return open_store(path, read_only=True)
    return open_store(path)


# --- filters --------------------------------------------------------------------------------------


@dataclasses.dataclass
class Filters:
    """The selection every listing, the timeline and the downloads share."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    bbox: tuple[float, float, float, float] | None = None
    country: str | None = None
    admin1: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    min_fatalities: int | None = None
    q: str | None = None
    article_id: str | None = None

    def key(self) -> tuple:
        return dataclasses.astuple(self)


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if not value:
        return None
    try:
        w, s, e, n = (float(x) for x in value.split(","))
    except ValueError:
        raise HTTPException(422, "bbox must be west,south,east,north (four numbers)") from None
    if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= n <= 90):
        raise HTTPException(422, "bbox out of range: west,south,east,north in degrees, south <= north")
    return (w, s, e, n)


async def filters(
    date_from: Annotated[dt.date | None, Query(description="first event_date, YYYY-MM-DD")] = None,
    date_to: Annotated[dt.date | None, Query(description="last event_date, YYYY-MM-DD (inclusive)")] = None,
    bbox: Annotated[str | None, Query(description="west,south,east,north in degrees", examples=["35,32,43,38"])] = None,
    country: Annotated[str | None, Query(description="country name or ISO3 code")] = None,
    admin1: Annotated[str | None, Query()] = None,
    event_type: Annotated[str | None, Query()] = None,
    sub_event_type: Annotated[str | None, Query()] = None,
    actor: Annotated[str | None, Query(description="actor1, actor2 or an associated actor (substring)")] = None,
    min_fatalities: Annotated[int | None, Query(ge=0)] = None,
    q: Annotated[str | None, Query(description="free text over notes, evidence, places and actors")] = None,
    article_id: Annotated[str | None, Query()] = None,
) -> Filters:
    blank = lambda s: (s.strip() or None) if isinstance(s, str) else s  # noqa: E731
    return Filters(
        date_from, date_to, _bbox(bbox), blank(country), blank(admin1), blank(event_type),
        blank(sub_event_type), blank(actor), min_fatalities, blank(q), blank(article_id),
    )


# --- the app --------------------------------------------------------------------------------------


def create_app(store: Any, token: str | None = None, *, cache_ttl: float = 10.0,
               index_max_rows: int = 2_000_000) -> FastAPI:
    """The API over ``store`` (an open Store, or the path of a DuckDB store file).

    With ``token`` None (and no ``SITREP_TOKEN`` given by the caller) every write is refused
    with 403, and a store path is opened read-only when the store supports it. Stores of up to
    ``index_max_rows`` events are held in an in-memory :class:`EventIndex` for ``/events``
    (0 turns it off); ``cache_ttl`` seconds is how long other read results are cached.
    """
    token = token or None
    access = _StoreAccess(_open(store, read_only=token is None), ttl=cache_ttl)
    if index_max_rows > 0:
        access.build_index(index_max_rows)
    app = FastAPI(
        title="sitrep",
        version=__version__,
        description="ACLED-style conflict events extracted from news reports, with their evidence.",
        docs_url=None,  # Swagger UI needs a CDN; the spec is at /openapi.json
        redoc_url=None,
    )
    app.state.store = access.store
    app.state.access = access

    app.add_middleware(_SecurityHeaders)

    def to_store_filter(f: Filters) -> Any:
        kw = {k: v for k, v in dataclasses.asdict(f).items() if v is not None}
        unknown = set(kw) - access.filter_fields
        if unknown:
            raise HTTPException(400, f"this store cannot filter by {', '.join(sorted(unknown))}")
        return access.filter_cls(**kw)

    def require_writer(request: Request) -> str:
        if token is None:
            raise HTTPException(403, "writes are disabled: start sitrep serve with --token or SITREP_TOKEN")
        auth = request.headers.get("authorization", "")
        given = auth[7:].strip() if auth.lower().startswith("bearer ") else request.headers.get("x-sitrep-token", "")
        if not given or not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "a valid token is needed", headers={"WWW-Authenticate": "Bearer"})
        return given

    # --- reads ----------------------------------------------------------------------------------

    @app.get("/events", tags=["events"], summary="Events matching the filters, one page",
             response_description="{total, limit, offset, events: [contract records + sources (count)]}")
    async def list_events(
        f: Annotated[Filters, Depends(filters)],
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
        offset: Annotated[int, Query(ge=0)] = 0,
        order_by: Annotated[Literal[ORDER_COLUMNS], Query()] = "event_date",  # type: ignore[valid-type]
        descending: Annotated[bool, Query()] = True,
        fields: Annotated[str | None, Query(description="comma-separated record keys to return (default all)")] = None,
    ) -> Response:
        sf = to_store_filter(f)
        keep = [k.strip() for k in fields.split(",") if k.strip()] if fields else None
        if keep:
            bad = [k for k in keep if k not in FIELDS and k != "sources"]
            if bad:
                raise HTTPException(422, f"unknown fields: {', '.join(bad)}")

        index = access.index
        key = ("events", f.key(), limit, offset, order_by, descending, fields)
        if index is not None and f.article_id is None:
            # ~1 ms of NumPy/Arrow work: cheaper inline on the event loop than a thread hop
            def render() -> bytes:
                total, rows = index.query(f, limit, offset, order_by, descending, keep)
                return _JSON.dumps({"total": total, "limit": limit, "offset": offset, "events": rows})

            return Response(access.cached(key, render), media_type="application/json")

        def load() -> dict[str, Any]:
            with access.lock:
                total = access.store.count_events(sf)
                rows = access.store.query_events(
                    sf, limit=limit, offset=offset, order_by=order_by, descending=descending
                )
            if keep:
                rows = [{k: r.get(k) for k in keep} for r in rows]
            return {"total": total, "limit": limit, "offset": offset, "events": rows}

        return _json(await run_in_threadpool(access.cached, key, load))

    def found(value: Any, what: str, key: str) -> Any:
        if value is None:
            raise HTTPException(404, f"no {what} {key!r}")
        return value

    @app.get("/events/{event_id}", tags=["events"], summary="One event with its sources and their evidence")
    def get_event(event_id: str) -> dict[str, Any]:
        return found(access.call("get_event", event_id), "event", event_id)

    @app.get("/events/{event_id}/history", tags=["events"], summary="Analysts' corrections of one event")
    def event_history(event_id: str) -> dict[str, Any]:
        found(access.call("get_event", event_id), "event", event_id)
        return {"event_id": event_id, "history": access.call("audit", event_id)}

    @app.get("/stats", tags=["events"], summary="Events and fatalities per day, week or month and event type")
    def stats(
        f: Annotated[Filters, Depends(filters)], interval: Annotated[Literal["day", "week", "month"], Query()] = "day"
    ) -> dict[str, Any]:
        sf = to_store_filter(f)
        rows = access.cached(("stats", f.key(), interval), lambda: access.call("stats", sf, interval=interval))
        return {"interval": interval, "buckets": rows}

    @app.get("/articles/{article_id}", tags=["articles"], summary="A report's text and its events' evidence offsets")
    def get_article(article_id: str) -> dict[str, Any]:
        return found(access.call("get_article", article_id), "article", article_id)

    # --- downloads ------------------------------------------------------------------------------

    def export(f: Filters, fmt: str, media_type: str, filename: str) -> StreamingResponse:
        from .writers import write_events

        sf = to_store_filter(f)

        def records() -> Iterator[dict[str, Any]]:
            offset = 0
            while True:
                page = access.call("query_events", sf, limit=EXPORT_PAGE, offset=offset,
                                   order_by="event_date", descending=False)
                for rec in page:
                    yield {k: rec.get(k) for k in FIELDS}
                if len(page) < EXPORT_PAGE:
                    return
                offset += EXPORT_PAGE

        # Spool to a temporary file (memory first, disk when large), then stream it out.
        buf = tempfile.SpooledTemporaryFile(max_size=8 << 20, mode="w+", encoding="utf-8", newline="")
        write_events(records(), fmt, buf)
        buf.seek(0)

        def chunks() -> Iterator[bytes]:
            try:
                while chunk := buf.read(1 << 16):
                    yield chunk.encode("utf-8")
            finally:
                buf.close()

        return StreamingResponse(
            chunks(), media_type=media_type,
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    @app.get("/export.csv", tags=["downloads"], summary="The selection as CSV (the contract's columns)")
    def export_csv(f: Annotated[Filters, Depends(filters)]) -> StreamingResponse:
        return export(f, "csv", "text/csv; charset=utf-8", "sitrep-events.csv")

    @app.get("/export.geojson", tags=["downloads"], summary="The selection as a GeoJSON FeatureCollection")
    def export_geojson(f: Annotated[Filters, Depends(filters)]) -> StreamingResponse:
        return export(f, "geojson", "application/geo+json", "sitrep-events.geojson")

    # --- extraction without storing ---------------------------------------------------------------

    @app.post(
        "/extract", tags=["extract"], summary="Extract the events of one report (not stored)",
        openapi_extra={"requestBody": {"required": True, "content": {
            "application/json": {"schema": ExtractIn.model_json_schema()}}}},
        responses={413: {"description": "body over 1 MB"}, 422: {"description": "no text / invalid JSON"}},
    )
    async def extract(request: Request) -> dict[str, Any]:
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > MAX_EXTRACT_BYTES:
            raise HTTPException(413, f"report over {MAX_EXTRACT_BYTES} bytes")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_EXTRACT_BYTES:
                raise HTTPException(413, f"report over {MAX_EXTRACT_BYTES} bytes")
        try:
            data = ExtractIn.model_validate(json.loads(body or b"null"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise HTTPException(422, f"body is not valid JSON: {exc}") from None
        except ValidationError as exc:
            raise HTTPException(422, json.loads(exc.json(include_url=False))) from None
        if not data.text.strip():
            raise HTTPException(422, "text is empty")
        from .readers.jsonl import article_from_dict

        article = article_from_dict(data.model_dump(exclude_none=True), "POST /extract", None, "extract")
        article.id = data.id or "extract-" + article.content_hash[:16]
        try:
            from .pipeline import get_pipeline
        except ImportError as exc:  # the pipeline is not installed / not built yet
            raise HTTPException(503, f"extraction unavailable: {exc}") from None
        events = await run_in_threadpool(lambda: get_pipeline().extract(article))
        return {
            "article_id": article.id,
            "published": article.published.isoformat() if article.published else None,
            "events": [e.to_record() for e in events],
        }

    # --- writes ---------------------------------------------------------------------------------

    @app.patch("/events/{event_id}", tags=["events"], summary="Correct an event's type or place (token)",
               dependencies=[Depends(require_writer)])
    def patch_event(event_id: str, patch: EventPatch, request: Request) -> dict[str, Any]:
        changes = patch.model_dump(exclude_unset=True, exclude={"user", "reason"})
        user = (request.headers.get("x-sitrep-user") or patch.user or "").strip()
        if not user:
            raise HTTPException(422, "say who makes the change: 'user' in the body or an X-Sitrep-User header")
        if not changes:
            raise HTTPException(422, "nothing to change")
        if any(v is None for v in changes.values()):
            nulls = [k for k, v in changes.items() if v is None and k in ("event_type", "sub_event_type")]
            if nulls:
                raise HTTPException(422, f"{', '.join(nulls)} cannot be empty")
        with access.lock:
            current = found(access.store.get_event(event_id), "event", event_id)
            if "event_type" in changes or "sub_event_type" in changes:
                from .taxonomy import get_taxonomy

                tax = get_taxonomy()
                et = changes.get("event_type") or current.get("event_type")
                st = changes.get("sub_event_type") or current.get("sub_event_type")
                if "sub_event_type" in changes and "event_type" not in changes:
                    try:
                        et = tax.event_type_of(st)
                    except KeyError as exc:
                        raise HTTPException(422, str(exc)) from None
                try:
                    tax.validate(et, st)
                except ValueError as exc:
                    raise HTTPException(422, str(exc)) from None
                changes["event_type"], changes["sub_event_type"] = et, st
                if et != current.get("event_type"):
                    changes["disorder_type"] = tax.disorder_type(et)
            extra = {}
            if patch.reason and "reason" in inspect.signature(access.store.update_event).parameters:
                extra["reason"] = patch.reason
            try:
                updated = access.store.update_event(event_id, changes, user, **extra)
            except KeyError:
                found(None, "event", event_id)
            except ValueError as exc:
                raise HTTPException(422, str(exc)) from None
        access.changed(index_max_rows)
        return updated

    # --- the web page ---------------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(str(WEB_DIR / "index.html"), media_type="text/html; charset=utf-8")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/health", tags=["meta"], summary="Liveness and whether writes are enabled")
    def health() -> dict[str, Any]:
        return {"ok": True, "version": __version__, "writable": token is not None}

    app.mount("/static", StaticFiles(directory=str(WEB_DIR)), name="static")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)

    return app


# --- the command ----------------------------------------------------------------------------------


def add_cli(subparsers: Any) -> None:
    """Register ``sitrep serve`` on the CLI's subparsers."""
    p = subparsers.add_parser(
        "serve", help="serve the JSON API and the offline web page over a store",
        description="Serve the JSON API (spec at /openapi.json) and the offline web page at / over a "
        "store. Read-only unless a token is given (--token or SITREP_TOKEN).",
    )
    p.add_argument("--db", default="sitrep.duckdb", metavar="FILE", help="the store (default ./sitrep.duckdb)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--token", default=None,
                   help="enable writes (PATCH /events/{id}) for clients sending this bearer token "
                   "(default: $SITREP_TOKEN; without one the API is read-only)")
    p.set_defaults(func=run_serve)


def run_serve(args: Any) -> int:
    import sys

    import uvicorn

    token = args.token or os.environ.get("SITREP_TOKEN") or None
    db = Path(args.db)
    if not db.exists():
        print(f"sitrep serve: no store at {db} (create one with `sitrep ingest --db {db} ...`)", file=sys.stderr)
        return 2
    try:
        app = create_app(db, token=token)
    except Exception as exc:  # a store that cannot be opened (locked by a writer, corrupt, ...)
        print(f"sitrep serve: cannot open {db}: {exc}", file=sys.stderr)
        return 2
    mode = "read-write (token set)" if token else "read-only"
    print(f"sitrep serve: {db} ({mode}) on http://{args.host}:{args.port}/", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0
