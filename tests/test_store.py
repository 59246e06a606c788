from __future__ import annotations

import datetime as dt

import pytest

from sitrep import __version__
from sitrep.model import Actor, Article, Casualties, Event, EventDate, Evidence, Place
from sitrep.store import SCHEMA_VERSION, DuckDBStore, EventFilter, Store, open_store


def make_event(aid: str, *, loc: str = "Khan Shaykhun", lat: float | None = 35.44, lon: float | None = 36.65,
               day: dt.date = dt.date(2019, 8, 20), fat: int = 3, actor: str = "Military Forces of Syria",
               typ: tuple[str, str] = ("Explosions/Remote violence", "Air/drone strike"),
               evidence: str = "An air strike hit the town.", start: int = 0, iso3: str = "SYR",
               admin1: str = "Idlib", precision: int = 1, country: str = "Syria") -> Event:
    return Event(
        article_id=aid, event_type=typ[0], sub_event_type=typ[1], disorder_type="Political violence",
        actor1=Actor(actor, 1), actor2=Actor("Civilians (Syria)", 7), date=EventDate.day(day),
        place=Place(loc, lat, lon, precision, country, iso3, admin1),
        evidence=Evidence(evidence, start, start + len(evidence)), casualties=Casualties(fat),
        notes=f"Strike on {loc}.",
    )


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "t.duckdb")
    yield s
    s.close()


def test_open_store_and_schema(tmp_path):
    with open_store(str(tmp_path / "x.duckdb")) as s:
        assert isinstance(s, Store) and isinstance(s, DuckDBStore)
        assert s.schema_version() == SCHEMA_VERSION
    # reopening migrates nothing twice
    with open_store(f"duckdb:///{tmp_path / 'x.duckdb'}") as s:
        assert s.schema_version() == SCHEMA_VERSION
        assert s.counts()["events"] == 0
    with pytest.raises(NotImplementedError):
        open_store("postgresql://localhost/sitrep")


def test_add_skip_merge_replace(store):
    a = Article("a1", "An air strike hit the town.", source="AFP", url="http://x/1",
                published=dt.date(2019, 8, 20))
    r = store.add_article(a, [make_event("a1")])
    assert (r.status, r.events_added, r.events_merged) == ("added", 1, 0)
    eid = r.event_ids[0]
    assert store.add_article(a, [make_event("a1")]).status == "skipped"
    assert store.is_current(a)

    b = Article("b1", "Warplanes struck Khan Sheikhun, killing five.", source="Reuters")
    rb = store.add_article(b, [make_event("b1", fat=5, lat=35.45, evidence="Warplanes struck.")])
    assert rb.events_merged == 1 and rb.event_ids == [eid]
    ev = store.get_event(eid)
    assert ev["source"] == "AFP; Reuters" and ev["article_id"] == "a1; b1"
    assert ev["fatalities"] == 3  # the conservative figure
    assert [s["article_id"] for s in ev["sources"]] == ["a1", "b1"]
    assert ev["sources"][1]["evidence"] == "Warplanes struck."
    assert store.count_events() == 1
    assert store.query_events()[0]["sources"] == 2

    # a1's content changes: its contribution is replaced, the event keeps its id
    a2 = Article("a1", "An air strike hit the town. Four died.", source="AFP", url="http://x/1")
    r2 = store.add_article(a2, [make_event("a1", fat=4)])
    assert r2.status == "replaced" and r2.event_ids == [eid]
    ev = store.get_event(eid)
    assert ev["fatalities"] == 4 and store.count_events() == 1
    assert store.counts()["event_articles"] == 2
    # a report now without events: its contribution disappears
    store.add_article(Article("b1", "Nothing happened.", source="Reuters"), [])
    ev = store.get_event(eid)
    assert ev["article_id"] == "a1" and ev["fatalities"] == 4
    # same URL, new id: replaces
    r3 = store.add_article(Article("a1-v2", "Rewritten.", url="http://x/1"), [])
    assert r3.status == "replaced"
    assert store.get_event(eid) is None and store.get_article("a1") is None


def test_not_merged_different_towns_and_days(store):
    store.add_article(Article("a", "x"), [make_event("a")])
    store.add_article(Article("b", "y"), [make_event("b", loc="Maarat al-Numan", lat=35.65, lon=36.67)])
    store.add_article(Article("c", "z"), [make_event("c", day=dt.date(2019, 8, 25))])
    assert store.count_events() == 3


def test_same_report_events_never_merge(store):
    r = store.add_article(Article("a", "x x"), [make_event("a"), make_event("a", start=30, evidence="Again.")])
    assert r.events_added == 2


def test_queries(store):
    store.add_article(Article("a", "x", title="T", source="AFP"), [
        make_event("a"),
        make_event("a", loc="Kabul", lat=34.5, lon=69.2, iso3="AFG", admin1="Kabul", fat=0, country="Afghanistan",
                   typ=("Protests", "Peaceful protest"), actor="Protesters (Afghanistan)",
                   day=dt.date(2019, 9, 2)),
    ])
    assert store.count_events(EventFilter(country="Syria")) == 1
    assert store.count_events(EventFilter(country="afg")) == 1
    assert store.count_events(EventFilter(bbox=(60, 30, 75, 38))) == 1
    assert store.count_events(EventFilter(date_from="2019-09-01")) == 1
    assert store.count_events(EventFilter(date_to=dt.date(2019, 8, 31))) == 1
    assert store.count_events(EventFilter(actor="military forces")) == 1
    assert store.count_events(EventFilter(event_type="protests")) == 1
    assert store.count_events(EventFilter(sub_event_type="Air/drone strike")) == 1
    assert store.count_events(EventFilter(min_fatalities=1)) == 1
    assert store.count_events(EventFilter(q="kabul")) == 1
    assert store.count_events(EventFilter(admin1="idlib")) == 1
    assert store.count_events(EventFilter(article_id="a")) == 2
    rows = store.query_events(limit=1, offset=0, order_by="event_date", descending=True)
    assert rows[0]["location"] == "Kabul" and rows[0]["event_date"] == "2019-09-02"
    assert store.query_events(limit=1, offset=1)[0]["location"] == "Khan Shaykhun"
    with pytest.raises(ValueError):
        store.query_events(order_by="1; DROP TABLE events")
    assert len(list(store.iter_events(batch=1))) == 2
    st = store.stats(interval="week")
    assert {s["event_type"] for s in st} == {"Protests", "Explosions/Remote violence"}
    assert sum(s["fatalities"] for s in store.stats()) == 3
    art = store.get_article("a")
    assert art["title"] == "T" and len(art["events"]) == 2
    assert store.get_article("nope") is None and store.get_event("nope") is None
    rec = store.query_events()[0]
    assert set(rec) >= {"event_id", "evidence", "timestamp", "sources"}


def test_version_and_update_audit(store):
    r = store.add_article(Article("a", "x"), [make_event("a")])
    eid = r.event_ids[0]
    row = store.con.execute("SELECT sitrep_version FROM events").fetchone()
    assert row[0] == __version__
    out = store.update_event(eid, {"sub_event_type": "Shelling/artillery/missile attack", "latitude": "35.5"},
                             user="ana")
    assert out["sub_event_type"] == "Shelling/artillery/missile attack" and out["latitude"] == 35.5
    log = store.audit(eid)
    assert {(a["field"], a["user"]) for a in log} == {("sub_event_type", "ana"), ("latitude", "ana")}
    # a correction survives another source arriving
    store.add_article(Article("b", "y"), [make_event("b", typ=("Explosions/Remote violence",
                                                               "Shelling/artillery/missile attack"))])
    assert store.get_event(eid)["latitude"] == 35.5
    with pytest.raises(ValueError):
        store.update_event(eid, {"event_id": "x"}, user="ana")
    with pytest.raises(KeyError):
        store.update_event("missing", {"location": "x"}, user="ana")


def test_failures(store):
    store.record_failure("bad.bin", "binary data")
    assert store.failures()[0]["source"] == "bad.bin"


def test_events_without_coordinates(store):
    store.add_article(Article("a", "x"), [make_event("a", lat=None, lon=None, loc=None, precision=3)])
    store.add_article(Article("b", "y"), [make_event("b", lat=None, lon=None, loc=None, precision=3)])
    assert store.count_events() == 1


def _state(s):
    evs = s.con.execute("SELECT * EXCLUDE (timestamp, created_at) FROM events ORDER BY event_id").fetchall()
    links = s.con.execute("SELECT event_id, article_id FROM event_articles ORDER BY seq").fetchall()
    rest = [s.con.execute(f"SELECT * EXCLUDE (ingested_at) FROM {t} ORDER BY ALL").fetchall()
            for t in ("articles",)]
    rest += [s.con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in ("actors", "sources")]
    return evs, links, rest


def _workload():
    """Reports that merge, repeat, get replaced (by id and by URL) and carry no coordinates."""
    towns = [("Khan Shaykhun", 35.44, 36.65), ("Maarat al-Numan", 35.65, 36.67), (None, None, None)]
    items = []
    for i in range(40):
        aid = f"r{i % 31}"  # r0..r8 come back with new content: replaced
        loc, lat, lon = towns[i % 3]
        ev = make_event(aid, loc=loc, lat=lat, lon=lon, precision=1 if lat else 3, fat=i % 4,
                        day=dt.date(2019, 8, 20) + dt.timedelta(days=i % 5), start=i)
        url = f"http://x/{i % 29}" if i % 2 else None
        items.append((Article(aid, f"text {i}", source=f"S{i % 3}", url=url), [ev]))
        if i % 7 == 0:
            items.append(items[-1])  # the very same report again: skipped
    return items


def test_batches_equal_one_by_one(tmp_path):
    items = _workload()
    with open_store(tmp_path / "one.duckdb") as one, open_store(tmp_path / "many.duckdb") as many:
        r1 = [one.add_article(a, e) for a, e in items]
        r2 = many.add_articles(items[:13]) + many.add_articles(items[13:14]) + many.add_articles(items[14:])
        assert [(r.status, r.events_added, r.events_merged, r.event_ids) for r in r1] == \
               [(r.status, r.events_added, r.events_merged, r.event_ids) for r in r2]
        assert {r.status for r in r1} == {"added", "skipped", "replaced"}
        assert _state(one) == _state(many)


def test_small_event_cache_same_result(tmp_path, monkeypatch):
    items = _workload()
    with open_store(tmp_path / "big.duckdb") as big:
        big.add_articles(items)
        want = _state(big)
    monkeypatch.setattr(DuckDBStore, "cache_events", 2)  # evicts weeks all the time
    with open_store(tmp_path / "small.duckdb") as small:
        for k in range(0, len(items), 5):
            small.add_articles(items[k:k + 5])
        assert _state(small) == want


def test_failed_batch_rolls_back(store, monkeypatch):
    store.add_article(Article("a", "x"), [make_event("a")])
    before = _state(store)
    from sitrep import merge

    real = merge.combine
    monkeypatch.setattr(merge, "combine", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")))
    batch = [(Article("b", "y"), [make_event("b", fat=5)]), (Article("c", "z"), [make_event("c")])]
    with pytest.raises(RuntimeError):
        store.add_articles(batch)
    assert _state(store) == before
    assert not store.is_current(batch[0][0])
    monkeypatch.setattr(merge, "combine", real)
    r = store.add_articles(batch)
    assert [x.events_merged for x in r] == [1, 1]
    assert store.count_events() == 1 and store.query_events()[0]["sources"] == 3


def test_correction_then_batches(store):
    eid = store.add_article(Article("a", "x"), [make_event("a", fat=3)]).event_ids[0]
    store.update_event(eid, {"location": "Khan Sheikhun (corrected)"}, user="ana")
    store.add_articles([(Article("b", "y"), [make_event("b", fat=2)]),
                        (Article("c", "z"), [make_event("c", fat=1)])])
    ev = store.get_event(eid)
    assert ev["location"] == "Khan Sheikhun (corrected)" and ev["fatalities"] == 1
    assert len(ev["sources"]) == 3


def test_migration_3_drops_event_range_indexes(tmp_path):
    import duckdb

    from sitrep.store import MIGRATIONS

    path = str(tmp_path / "v2.duckdb")
    con = duckdb.connect(path)  # a store as version 2 left it
    con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, "
                "applied_at TIMESTAMP DEFAULT current_timestamp, sitrep_version VARCHAR)")
    for version, statements in MIGRATIONS[:2]:
        for sql in statements:
            con.execute(sql)
        con.execute("INSERT INTO schema_version (version) VALUES (?)", [version])
    con.close()
    with open_store(path) as s:
        assert s.schema_version() == SCHEMA_VERSION >= 3
        names = {r[0] for r in s.con.execute("SELECT index_name FROM duckdb_indexes()").fetchall()}
        assert "events_date_idx" not in names and "event_articles_event_idx" in names
        s.add_article(Article("a", "x"), [make_event("a")])
        assert s.count_events() == 1
