from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from sitrep.model import FIELDS, Actor, Casualties, Event, EventDate, Evidence, Place
from sitrep.writers import FORMATS, write_events


def make_record(**place_kw) -> dict:
    place = Place(**place_kw) if place_kw else Place(
        "Khān Shaykhūn", 35.44208, 36.65095, 1, "Syria", "SYR", "Idlib", geonameid=169304
    )
    ev = Event(
        article_id="a1",
        event_type="Battles",
        sub_event_type="Armed clash",
        disorder_type="Political violence",
        actor1=Actor("Military Forces of Syria", 1),
        actor2=Actor("Hayat Tahrir al-Sham", 2),
        date=EventDate.span(dt.date(2019, 8, 18), dt.date(2019, 8, 20)),
        place=place,
        evidence=Evidence("Troops clashed with HTS near Khān Shaykhūn, killing \"at least\" 12, the group said.", 5, 90),
        casualties=Casualties(12, injured=3),
        notes="On 19 August 2019, troops clashed, with a comma, and a\nnewline.",
    )
    return ev.to_record()


def no_coords_record() -> dict:
    return make_record(location=None, latitude=None, longitude=None, geo_precision=3, country="Syria", iso3="SYR")


def render(records, fmt, **kw) -> tuple[int, str]:
    out = io.StringIO()
    n = write_events(records, fmt, out, **kw)
    return n, out.getvalue()


def test_formats():
    assert FORMATS == ("table", "jsonl", "csv", "geojson")
    with pytest.raises(ValueError):
        write_events([], "xml", io.StringIO())


def test_jsonl_keys_nulls_unicode():
    recs = [make_record(), no_coords_record()]
    n, text = render(recs, "jsonl")
    assert n == 2
    lines = text.splitlines()
    assert len(lines) == 2
    assert "Khān Shaykhūn" in text  # ensure_ascii=False
    for line, rec in zip(lines, recs, strict=True):
        obj = json.loads(line)
        assert list(obj) == list(FIELDS)
        assert obj == rec
    assert '"actor1": "Military Forces of Syria"' in lines[0]
    assert '"assoc_actor_1": null' in lines[0]
    assert json.loads(lines[1])["latitude"] is None


def test_jsonl_fills_missing_keys():
    _, text = render([{"event_type": "Riots"}], "jsonl")
    obj = json.loads(text)
    assert list(obj) == list(FIELDS) and obj["event_type"] == "Riots" and obj["actor1"] is None


def test_csv_round_trip():
    recs = [make_record(), no_coords_record()]
    n, text = render(recs, "csv")
    assert n == 2
    reader = csv.DictReader(io.StringIO(text))
    assert tuple(reader.fieldnames) == FIELDS
    rows = list(reader)
    assert len(rows) == 2
    for row, rec in zip(rows, recs, strict=True):
        assert row == {k: "" if rec[k] is None else str(rec[k]) for k in FIELDS}
    assert rows[0]["notes"].endswith("a\nnewline.")  # embedded newline survives quoting
    assert rows[1]["latitude"] == "" and rows[0]["location"] == "Khān Shaykhūn"


def test_csv_empty_has_header():
    n, text = render([], "csv")
    assert n == 0
    assert text.splitlines() == [",".join(FIELDS)]


def test_geojson_valid_points_and_nulls():
    recs = [make_record(), no_coords_record()]
    n, text = render(recs, "geojson")
    assert n == 2
    fc = json.loads(text)
    assert fc["type"] == "FeatureCollection"
    f1, f2 = fc["features"]
    assert f1["type"] == "Feature"
    assert f1["geometry"] == {"type": "Point", "coordinates": [36.65095, 35.44208]}  # [lon, lat]
    assert f1["properties"] == recs[0] and list(f1["properties"]) == list(FIELDS)
    assert f2["geometry"] is None
    assert "Khān" in text


def test_geojson_empty_and_single():
    assert json.loads(render([], "geojson")[1]) == {"type": "FeatureCollection", "features": []}
    assert len(json.loads(render([make_record()], "geojson")[1])["features"]) == 1


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "geojson", "table"])
def test_streams(fmt):
    """Each record is written before the next one is asked for."""
    out = io.StringIO()
    seen = []

    def gen():
        for i in range(3):
            rec = make_record()
            rec["event_id"] = f"ev-{i}"
            if i:
                assert f"ev-{i - 1}" in out.getvalue() or fmt == "table"
            seen.append(i)
            yield rec

    assert write_events(gen(), fmt, out, color=False) == 3
    assert seen == [0, 1, 2]


def test_table_empty():
    n, text = render([], "table", color=False)
    assert n == 0
    assert text.strip() == "no events"


def test_table_content_and_width(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    rec = make_record()
    rec["evidence"] = "A very long evidence sentence about the fighting. " * 20
    n, text = render([rec, no_coords_record()], "table", color=False)
    assert n == 2
    assert "\x1b[" not in text
    assert "2019-08-19" in text and "week" in text  # date with its precision marker
    assert "Battles / Armed clash" in text
    assert "Military Forces of Syria → Hayat Tahrir al-Sham" in text
    assert "Khān Shaykhūn" in text and "Syria" in text and "35.4421" in text and "precision 1" in text
    assert "fatalities 12" in text
    assert "…" in text  # evidence truncated
    assert text.count("A very long evidence") < 20
    assert all(len(line) <= 80 for line in text.splitlines())
    assert "no coordinates" in text


def test_table_color_and_ascii_fallback():
    _, colored = render([make_record()], "table", color=True)
    assert "\x1b[" in colored
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="ascii", errors="replace")
    rec = make_record(location="Idlib", latitude=35.9, longitude=36.6, geo_precision=3, country="Syria")
    write_events([rec], "table", out, color=False)
    out.flush()
    assert "->" in raw.getvalue().decode("ascii")
