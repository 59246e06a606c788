from __future__ import annotations

import argparse
import csv
import datetime as dt
import json

import pytest

from sitrep.export import add_cli, export_events, parquet_schema
from sitrep.model import FIELDS, Article
from sitrep.store import EventFilter, open_store
from test_store import make_event


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "s.duckdb")
    with open_store(path) as s:
        s.add_article(Article("a", "x", source="AFP"), [
            make_event("a"),
            make_event("a", loc="Kabul", lat=34.5, lon=69.2, iso3="AFG", admin1="Kabul", fat=0,
                       country="Afghanistan", typ=("Protests", "Peaceful protest"),
                       actor="Protesters (Afghanistan)", day=dt.date(2019, 9, 2)),
            make_event("a", loc=None, lat=None, lon=None, precision=3, start=50, day=dt.date(2019, 7, 1)),
        ])
    return path


def run(argv):
    ap = argparse.ArgumentParser()
    add_cli(ap.add_subparsers())
    args = ap.parse_args(argv)
    return args.func(args)


def test_csv_columns_in_contract_order(db, tmp_path):
    out = tmp_path / "e.csv"
    assert run(["export", "--db", db, "--format", "csv", "-o", str(out)]) == 0
    rows = list(csv.reader(open(out, encoding="utf-8")))
    assert tuple(rows[0]) == FIELDS and len(rows) == 4


def test_filters(db, tmp_path):
    out = tmp_path / "e.jsonl"
    run(["export", "--db", db, "--format", "jsonl", "-o", str(out), "--country", "SYR",
         "--since", "2019-08-01", "--until", "2019-08-31"])
    recs = [json.loads(ln) for ln in open(out)]
    assert [r["location"] for r in recs] == ["Khan Shaykhun"]
    assert list(recs[0]) == list(FIELDS)
    assert export_events(db, "jsonl", str(out), EventFilter(bbox=(60, 30, 75, 38))) == 1
    assert export_events(db, "jsonl", str(out), EventFilter(event_type="Protests")) == 1
    assert export_events(db, "jsonl", str(out), EventFilter(actor="protesters")) == 1
    with pytest.raises(SystemExit):
        run(["export", "--db", db, "--format", "csv", "--bbox", "1,2,3"])


def test_geojson(db, tmp_path):
    out = tmp_path / "e.geojson"
    run(["export", "--db", db, "--format", "geojson", "-o", str(out)])
    fc = json.load(open(out))
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 3
    pts = [f for f in fc["features"] if f["geometry"]]
    assert len(pts) == 2 and all(f["geometry"]["type"] == "Point" for f in pts)
    kabul = next(f for f in pts if f["properties"]["location"] == "Kabul")
    assert kabul["geometry"]["coordinates"] == [69.2, 34.5]


def test_parquet_typed(db, tmp_path):
    import pyarrow.parquet as pq

    out = tmp_path / "e.parquet"
    assert run(["export", "--db", db, "--format", "parquet", "-o", str(out)]) == 0
    t = pq.read_table(out)
    assert t.schema.equals(parquet_schema())
    assert t.num_rows == 3 and t.column_names == list(FIELDS)
    d = t.to_pylist()
    assert {r["event_date"] for r in d} == {dt.date(2019, 8, 20), dt.date(2019, 9, 2), dt.date(2019, 7, 1)}
    assert str(t.schema.field("fatalities").type) == "int32"
    assert str(t.schema.field("latitude").type) == "double"


def test_events_table(db, capsys):
    assert run(["events", "--db", db, "--limit", "2"]) == 0
    out = capsys.readouterr()
    assert "Kabul" in out.out and "2 of 3 events" in out.err


def test_missing_store(tmp_path, capsys):
    assert run(["events", "--db", str(tmp_path / "none.duckdb")]) == 2
