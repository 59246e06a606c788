"""The JSON API (sitrep serve) over a temporary store filled with hand-made events."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from fastapi.testclient import TestClient

from sitrep.api import CSP, MAX_EXTRACT_BYTES, create_app
from sitrep.model import FIELDS, Actor, Article, Casualties, Event, EventDate, Evidence, Place
from sitrep.store import open_store

XSS = 'Shelling hit the market. <script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'


def event(aid: str, text: str, sentence: str, *, typ=("Battles", "Armed clash"), day=dt.date(2024, 3, 2),
          place=("Kharkiv", 49.99, 36.23, "Ukraine", "UKR", "Kharkiv"), fat=0,
          actor="Military Forces of Russia (2000-)", actor2="Military Forces of Ukraine (2019-)") -> Event:
    start = text.index(sentence)
    loc, lat, lon, country, iso3, admin1 = place
    disorder = "Demonstrations" if typ[0] in ("Protests", "Riots") else "Political violence"
    return Event(
        article_id=aid, event_type=typ[0], sub_event_type=typ[1], disorder_type=disorder,
        actor1=Actor(actor, 8), actor2=Actor(actor2, 1) if actor2 else None, date=EventDate.day(day),
        place=Place(loc, lat, lon, 1, country, iso3, admin1, geonameid=None),
        evidence=Evidence(sentence, start, start + len(sentence)), casualties=Casualties(fat),
        notes=f"On {day.isoformat()}, an event in {loc}.", source="Test Wire",
    )


def fill(store) -> dict[str, str]:
    """Four reports, five events; returns names -> event ids."""
    ids: dict[str, str] = {}
    t1 = ("Russian forces clashed with Ukrainian troops near Kharkiv on Saturday. "
          "Separately, a drone strike killed 4 people in Sumy.")
    a1 = Article("art-1", t1, title="Fighting near Kharkiv", published=dt.date(2024, 3, 3),
                 url="https://example.org/1", source="Test Wire")
    e1 = event("art-1", t1, "Russian forces clashed with Ukrainian troops near Kharkiv on Saturday.", fat=2)
    e2 = event("art-1", t1, "Separately, a drone strike killed 4 people in Sumy.",
               typ=("Explosions/Remote violence", "Air/drone strike"), fat=4,
               place=("Sumy", 50.91, 34.80, "Ukraine", "UKR", "Sumy"), actor2="Civilians (Ukraine)")
    r = store.add_article(a1, [e1, e2])
    ids["clash"], ids["drone"] = r.event_ids

    t2 = "Thousands of protesters marched in Nairobi against the finance bill on 25 June."
    a2 = Article("art-2", t2, title="Nairobi protest", published=dt.date(2024, 6, 25), source="Daily K")
    e3 = event("art-2", t2, t2, typ=("Protests", "Peaceful protest"), day=dt.date(2024, 6, 25),
               place=("Nairobi", -1.29, 36.82, "Kenya", "KEN", "Nairobi"), actor="Protesters (Kenya)",
               actor2=None)
    ids["protest"] = store.add_article(a2, [e3]).event_ids[0]

    t3 = "Gunmen abducted 12 villagers in Zamfara state on 10 January."
    a3 = Article("art-3", t3, title="Abduction", published=dt.date(2024, 1, 11), source="Lagos Post")
    e4 = event("art-3", t3, t3, typ=("Violence against civilians", "Abduction/forced disappearance"),
               day=dt.date(2024, 1, 10), place=("Gusau", 12.16, 6.66, "Nigeria", "NGA", "Zamfara"),
               actor="Unidentified Armed Group (Nigeria)", actor2="Civilians (Nigeria)")
    ids["abduction"] = store.add_article(a3, [e4]).event_ids[0]

    a4 = Article("art-xss", XSS, title='<b onmouseover="x()">bold</b> title', published=dt.date(2024, 2, 1),
                 source="<script>alert(1)</script>")
    e5 = event("art-xss", XSS, "Shelling hit the market.",
               typ=("Explosions/Remote violence", "Shelling/artillery/missile attack"), day=dt.date(2024, 2, 1),
               place=("Donetsk", 48.0, 37.8, "Ukraine", "UKR", "Donetsk"), fat=1)
    ids["xss"] = store.add_article(a4, [e5]).event_ids[0]
    return ids


def make_db(path) -> dict[str, str]:
    """A store file at ``path`` holding the reports of :func:`fill`; names -> event ids."""
    store = open_store(path)
    try:
        return fill(store)
    finally:
        store.close()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("api") / "events.duckdb"
    return path, make_db(path)


@pytest.fixture(scope="module")
def client(db):
    path, _ = db
    app = create_app(path)  # no token: read-only
    with TestClient(app) as c:
        yield c
    app.state.store.close()


@pytest.fixture
def ids(db):
    return db[1]


def test_openapi_and_headers(client):
    r = client.get("/openapi.json")
    assert r.status_code == 200
    paths = r.json()["paths"]
    for p in ("/events", "/events/{event_id}", "/stats", "/articles/{article_id}", "/extract",
              "/export.csv", "/export.geojson", "/events/{event_id}/history"):
        assert p in paths, p
    assert "patch" in paths["/events/{event_id}"]
    assert r.headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    assert r.headers["x-content-type-options"] == "nosniff"


def test_events_list_and_pagination(client):
    r = client.get("/events")
    body = r.json()
    assert r.status_code == 200 and body["total"] == 5 and len(body["events"]) == 5
    dates = [e["event_date"] for e in body["events"]]
    assert dates == sorted(dates, reverse=True)
    assert set(FIELDS) <= set(body["events"][0])
    page = client.get("/events", params={"limit": 2, "offset": 2, "order_by": "event_date",
                                         "descending": "false"}).json()
    assert page["total"] == 5 and page["limit"] == 2 and page["offset"] == 2
    assert [e["event_date"] for e in page["events"]] == sorted(dates)[2:4]
    by_fat = client.get("/events", params={"order_by": "fatalities"}).json()["events"]
    assert by_fat[0]["fatalities"] == 4
    assert client.get("/events", params={"limit": 0}).status_code == 422
    assert client.get("/events", params={"order_by": "evil; DROP TABLE events"}).status_code == 422
    slim = client.get("/events", params={"fields": "event_id,latitude,longitude"}).json()["events"]
    assert set(slim[0]) == {"event_id", "latitude", "longitude"}
    assert client.get("/events", params={"fields": "password"}).status_code == 422


@pytest.mark.parametrize("params, expect", [
    ({"event_type": "Battles"}, {"clash"}),
    ({"sub_event_type": "Air/drone strike"}, {"drone"}),
    ({"country": "Ukraine"}, {"clash", "drone", "xss"}),
    ({"country": "ken"}, {"protest"}),
    ({"admin1": "Zamfara"}, {"abduction"}),
    ({"actor": "Protesters"}, {"protest"}),
    ({"actor": "civilians (ukraine)"}, {"drone"}),
    ({"min_fatalities": 2}, {"clash", "drone"}),
    ({"q": "finance bill"}, {"protest"}),
    ({"date_from": "2024-02-01", "date_to": "2024-03-02"}, {"clash", "drone", "xss"}),
    ({"bbox": "30,45,40,52"}, {"clash", "drone", "xss"}),
    ({"bbox": "0,0,10,15"}, {"abduction"}),
    ({"article_id": "art-1"}, {"clash", "drone"}),
    ({"country": "Ukraine", "event_type": "Explosions/Remote violence", "min_fatalities": 2}, {"drone"}),
    ({"country": "Atlantis"}, set()),
])
def test_event_filters(client, ids, params, expect):
    body = client.get("/events", params=params).json()
    got = {e["event_id"] for e in body["events"]}
    assert got == {ids[k] for k in expect}
    assert body["total"] == len(expect)


@pytest.fixture(scope="module")
def direct(db):
    """The same API with the in-memory index off: every /events query goes to the store."""
    app = create_app(db[0], index_max_rows=0)
    with TestClient(app) as c:
        yield c
    app.state.store.close()


@pytest.mark.parametrize("order_by", ["event_date", "fatalities", "location", "actor2"])
@pytest.mark.parametrize("descending", ["true", "false"])
def test_index_agrees_with_store(client, direct, order_by, descending):
    assert client.app.state.access.index is not None and direct.app.state.access.index is None
    cases = [{}, {"country": "UKR"}, {"country": "kenya"}, {"actor": "FORCES"}, {"q": "SUMY"}, {"q": "<script>"},
             {"date_from": "2024-02-01"}, {"date_to": "2024-03-01"}, {"bbox": "170,-90,10,90"},
             {"min_fatalities": 1, "sub_event_type": "air/drone strike"}, {"admin1": "kharkiv"}]
    for params in cases:
        for page in ({"limit": 100}, {"limit": 2, "offset": 1}):
            q = {**params, **page, "order_by": order_by, "descending": descending}
            a, b = client.get("/events", params=q).json(), direct.get("/events", params=q).json()
            assert a == b, q


@pytest.mark.parametrize("params", [
    {"bbox": "1,2,3"}, {"bbox": "a,b,c,d"}, {"bbox": "0,50,10,40"}, {"date_from": "yesterday"},
    {"min_fatalities": -1},
])
def test_bad_filters(client, params):
    assert client.get("/events", params=params).status_code == 422


def test_event_detail_with_sources(client, ids):
    r = client.get(f"/events/{ids['drone']}")
    ev = r.json()
    assert r.status_code == 200 and ev["event_id"] == ids["drone"]
    assert ev["sub_event_type"] == "Air/drone strike" and ev["location"] == "Sumy"
    (src,) = ev["sources"]
    assert src["article_id"] == "art-1" and src["title"] == "Fighting near Kharkiv"
    art = client.get("/articles/art-1").json()
    assert art["text"][src["evidence_start"]:src["evidence_end"]] == src["evidence"]
    assert client.get("/events/sr-nope").status_code == 404


def test_article_with_evidence_offsets(client, ids):
    art = client.get("/articles/art-1").json()
    assert art["id"] == "art-1" and art["title"] == "Fighting near Kharkiv"
    assert {e["event_id"] for e in art["events"]} == {ids["clash"], ids["drone"]}
    for e in art["events"]:
        assert 0 <= e["evidence_start"] < e["evidence_end"] <= len(art["text"])
    assert client.get("/articles/none").status_code == 404
    # report text comes back verbatim (the page escapes it), never altered into markup
    assert client.get("/articles/art-xss").json()["text"] == XSS


def test_stats(client):
    body = client.get("/stats").json()
    assert body["interval"] == "day"
    rows = body["buckets"]
    assert sum(r["events"] for r in rows) == 5 and sum(r["fatalities"] for r in rows) == 7
    assert {"period", "event_type", "events", "fatalities"} <= set(rows[0])
    weeks = client.get("/stats", params={"interval": "week", "country": "UKR"}).json()["buckets"]
    assert sum(r["events"] for r in weeks) == 3
    assert all(dt.date.fromisoformat(str(r["period"])[:10]).weekday() == 0 for r in weeks)
    assert client.get("/stats", params={"interval": "hour"}).status_code == 422


def test_exports(client, ids):
    r = client.get("/export.csv", params={"country": "Ukraine"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert tuple(rows[0]) == FIELDS
    assert {row["event_id"] for row in rows} == {ids["clash"], ids["drone"], ids["xss"]}
    g = client.get("/export.geojson", params={"event_type": "Protests"})
    assert g.status_code == 200
    fc = json.loads(g.text)
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 1
    assert fc["features"][0]["geometry"] == {"type": "Point", "coordinates": [36.82, -1.29]}
    assert fc["features"][0]["properties"]["event_id"] == ids["protest"]


def test_index_page_and_assets(client):
    r = client.get("/")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert r.headers["content-security-policy"] == CSP
    assert "<script src=\"/static/app.js\"></script>" in r.text
    for asset in ("/static/app.js", "/static/app.css", "/static/vendor/leaflet/leaflet.js",
                  "/static/vendor/markercluster/leaflet.markercluster.js",
                  "/static/vendor/topojson/topojson-client.min.js",
                  "/static/vendor/basemap/countries-50m.json", "/static/vendor/leaflet/images/layers.png"):
        assert client.get(asset).status_code == 200, asset
    # no asset loads from the internet
    assert "http://" not in r.text and "https://" not in r.text
    js = client.get("/static/app.js").text
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "document.write" not in js


# --- writes -------------------------------------------------------------------------------------


def test_writes_disabled_without_token(client, ids):
    r = client.patch(f"/events/{ids['clash']}", json={"event_type": "Riots", "sub_event_type": "Mob violence",
                                                       "user": "ana"})
    assert r.status_code == 403
    assert client.get("/health").json()["writable"] is False


@pytest.fixture
def writable(tmp_path):
    path = tmp_path / "w.duckdb"
    ids = make_db(path)
    app = create_app(path, token="s3cret")
    with TestClient(app) as c:
        yield c, ids
    app.state.store.close()


def test_patch_needs_the_token(writable):
    c, ids = writable
    url = f"/events/{ids['clash']}"
    change = {"location": "Izium", "user": "ana"}
    assert c.patch(url, json=change).status_code == 401
    r = c.patch(url, json=change, headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert c.get(url).json()["location"] == "Kharkiv"


def test_patch_corrects_type_and_place_with_history(writable):
    c, ids = writable
    url = f"/events/{ids['clash']}"
    auth = {"Authorization": "Bearer s3cret"}
    r = c.patch(url, headers=auth, json={
        "sub_event_type": "Shelling/artillery/missile attack", "location": "Izium", "latitude": 49.21,
        "longitude": 37.25, "admin1": "Kharkiv", "user": "ana"})
    assert r.status_code == 200, r.text
    ev = r.json()
    assert ev["event_type"] == "Explosions/Remote violence"  # implied by the sub-type
    assert ev["sub_event_type"] == "Shelling/artillery/missile attack"
    assert (ev["location"], ev["latitude"], ev["longitude"]) == ("Izium", 49.21, 37.25)
    assert c.get(url).json()["location"] == "Izium"
    # the listing sees the change at once (the API's cache is cleared by writes)
    assert c.get("/events", params={"q": "Izium"}).json()["total"] == 1
    hist = c.get(f"{url}/history").json()["history"]
    changed = {h["field"]: h for h in hist}
    assert changed["location"]["old"] == "Kharkiv" and changed["location"]["new"] == "Izium"
    assert changed["sub_event_type"]["user"] == "ana" and changed["sub_event_type"]["at"]
    # the X-Sitrep-User header names the analyst too
    r = c.patch(url, headers={**auth, "X-Sitrep-User": "bo"}, json={"geo_precision": 2})
    assert r.status_code == 200
    assert any(h["user"] == "bo" for h in c.get(f"{url}/history").json()["history"])


@pytest.mark.parametrize("body, status", [
    ({"event_type": "Battles", "sub_event_type": "Peaceful protest", "user": "ana"}, 422),
    ({"sub_event_type": "Tea party", "user": "ana"}, 422),
    ({"latitude": 123, "user": "ana"}, 422),
    ({"location": "Izium"}, 422),  # nobody named
    ({"user": "ana"}, 422),  # nothing to change
])
def test_patch_validation(writable, body, status):
    c, ids = writable
    r = c.patch(f"/events/{ids['clash']}", json=body, headers={"Authorization": "Bearer s3cret"})
    assert r.status_code == status, r.text


def test_patch_unknown_event(writable):
    c, _ = writable
    r = c.patch("/events/sr-nope", json={"location": "X", "user": "a"}, headers={"X-Sitrep-Token": "s3cret"})
    assert r.status_code == 404


# --- POST /extract -------------------------------------------------------------------------------


class FakePipeline:
    def __init__(self) -> None:
        self.seen: list[Article] = []

    def extract(self, article: Article) -> list[Event]:
        self.seen.append(article)
        s = article.text.split(".")[0] + "."
        return [event(article.id, article.text, s, day=article.published or dt.date(2024, 1, 1))]


@pytest.fixture
def fake_pipeline(monkeypatch):
    import sys
    import types

    fake = FakePipeline()
    mod = types.ModuleType("sitrep.pipeline")
    mod.get_pipeline = lambda: fake  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sitrep.pipeline", mod)
    return fake


def test_extract_without_storing(client, fake_pipeline):
    text = "Troops clashed near Kharkiv. Nothing else happened."
    r = client.post("/extract", json={"text": text, "published": "2024-03-05", "title": "T", "id": "x1"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["article_id"] == "x1" and body["published"] == "2024-03-05"
    (ev,) = body["events"]
    assert tuple(ev) == FIELDS and ev["event_date"] == "2024-03-05"
    assert text[ev["evidence_start"]:ev["evidence_end"]] == ev["evidence"]
    assert fake_pipeline.seen[0].published == dt.date(2024, 3, 5)
    assert client.get("/events").json()["total"] == 5  # nothing stored
    # an id is made up when none is given
    assert client.post("/extract", json={"text": text}).json()["article_id"].startswith("extract-")


@pytest.mark.parametrize("body", [{"text": ""}, {"text": "   \n"}, {"title": "no text"}, {"text": 5}, [1, 2]])
def test_extract_rejects_empty(client, fake_pipeline, body):
    assert client.post("/extract", json=body).status_code == 422


def test_extract_rejects_bad_json_and_oversize(client, fake_pipeline):
    r = client.post("/extract", content=b"{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 422
    big = json.dumps({"text": "x" * (MAX_EXTRACT_BYTES + 10)})
    assert client.post("/extract", content=big, headers={"Content-Type": "application/json"}).status_code == 413

    def chunks():  # no Content-Length: the limit holds while streaming
        for _ in range(20):
            yield b"x" * 100_000

    assert client.post("/extract", content=chunks()).status_code == 413
    assert not fake_pipeline.seen


@pytest.mark.slow
def test_extract_with_the_real_pipeline(client):
    pytest.importorskip("sitrep.pipeline")
    text = "On 3 March 2024, Russian forces shelled Kharkiv, killing two civilians."
    r = client.post("/extract", json={"text": text, "published": "2024-03-04"})
    assert r.status_code == 200, r.text
    for ev in r.json()["events"]:
        assert text[ev["evidence_start"]:ev["evidence_end"]] == ev["evidence"]


# --- the command ---------------------------------------------------------------------------------


def test_cli_registers_serve(tmp_path, monkeypatch):
    import argparse

    from sitrep import api

    parser = argparse.ArgumentParser()
    api.add_cli(parser.add_subparsers())
    args = parser.parse_args(["serve", "--db", str(tmp_path / "none.duckdb"), "--port", "9"])
    assert args.func is api.run_serve and args.host == "127.0.0.1" and args.port == 9
    assert args.func(args) == 2  # no store there: a clear error, not a new empty file
    assert not (tmp_path / "none.duckdb").exists()
