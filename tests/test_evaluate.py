from __future__ import annotations

import argparse
import json
import math
import random
import subprocess
import sys
import types
from pathlib import Path

import pytest

from sitrep.evaluate import add_cli, format_report, load_gold, load_predictions, run, score

ROOT = Path(__file__).resolve().parents[1]
SCORE_PY = next(
    (p for p in (Path("/work/shared/eval/score.py"), ROOT.parent / "shared" / "eval" / "score.py") if p.exists()),
    None,
)

# Khan Shaykhun; 0.1 degree of latitude is about 11.1 km.
LAT, LON = 35.44, 36.65


def gold_event(**kw) -> dict:
    g = {
        "event_type": "Battles", "sub_event_type": "Armed clash", "alt_types": [],
        "date": "2019-08-20", "date_precision": "day",
        "location": "Khan Shaykhun", "admin1": "Idlib", "country": "SYR",
        "lat": LAT, "lon": LON, "geo_precision": 1,
        "actor1": "Military Forces of Syria", "actor2": "Hayat Tahrir al-Sham",
        "fatalities": 3, "injured": None, "required": True, "notes": "",
    }
    g.update(kw)
    return g


def pred(article_id="a", **kw) -> dict:
    p = {
        "article_id": article_id, "event_type": "Battles", "sub_event_type": "Armed clash",
        "event_date": "2019-08-20", "time_precision": 1,
        "location": "Khan Shaykhun", "admin1": "Idlib", "country": "Syria", "iso3": "SYR",
        "latitude": LAT, "longitude": LON, "geo_precision": 1,
        "actor1": "Military Forces of Syria", "fatalities": 3,
    }
    p.update(kw)
    return p


def write_jsonl(path: Path, rows) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def check(tmp_path: Path, gold: list[dict], preds: list[dict]):
    """Score in-process and, where the reference scorer is present, assert it prints the same."""
    gp = write_jsonl(tmp_path / "gold.jsonl", gold)
    pp = write_jsonl(tmp_path / "pred.jsonl", preds)
    report = score(load_gold(gp), load_predictions(pp))
    if SCORE_PY is not None:
        for verbose in (False, True):
            cmd = [sys.executable, str(SCORE_PY), str(gp), str(pp)] + (["--verbose"] if verbose else [])
            ref = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
            assert report.to_json(verbose) == ref.rstrip("\n")
    return report


def one(tmp_path, g: dict, p: dict | list[dict]):
    return check(tmp_path, [{"id": "a", "events": [g]}], p if isinstance(p, list) else [p])


# --- type ---


def test_exact_match(tmp_path):
    r = one(tmp_path, gold_event(), pred())
    assert (r.tp, r.fp, r.fn) == (1, 0, 0)
    assert (r.precision, r.recall, r.f1) == (1.0, 1.0, 1.0)
    assert r.sub_event_type_acc == (1.0, 1) and r.day_date_exact_acc == (1.0, 1)
    assert r.fatalities_exact_acc == (1.0, 1) and r.actor1_acc == (1.0, 1)
    assert r.geo_within_10km == (1.0, 1) and r.median_geo_err_km == 0.0


def test_type_via_alt_types(tmp_path):
    g = gold_event(event_type="Strategic developments", sub_event_type="Non-violent transfer of territory",
                   alt_types=["Battles"])
    r = one(tmp_path, g, pred(event_type="Battles", sub_event_type="Government regains territory"))
    assert (r.tp, r.fp, r.fn) == (1, 0, 0)
    assert r.sub_event_type_acc == (0.0, 1)
    r = one(tmp_path, g, pred(event_type="Protests"))
    assert (r.tp, r.fp, r.fn) == (0, 1, 1)


# --- date windows ---


@pytest.mark.parametrize(
    "precision,gold_date,pred_date,ok",
    [
        ("day", "2019-08-20", "2019-08-22", True),
        ("day", "2019-08-20", "2019-08-18", True),
        ("day", "2019-08-20", "2019-08-23", False),
        ("week", "2019-08-20", "2019-08-27", True),
        ("week", "2019-08-20", "2019-08-12", False),
        ("month", "2019-08", "2019-08-31", True),
        ("month", "2019-08", "2019-07-01", True),  # within 31 days of 1 August
        ("month", "2019-08", "2019-06-30", False),
        ("month", "2019-08", "2019-09-01", True),
        ("month", "2019-08", "2019-09-02", False),
        ("year", "2019", "2019-12-31", True),
        ("year", "2019", "2020-01-01", False),
        ("day", "2019-08-20", None, False),
    ],
)
def test_date_windows(tmp_path, precision, gold_date, pred_date, ok):
    r = one(tmp_path, gold_event(date=gold_date, date_precision=precision), pred(event_date=pred_date))
    assert r.tp == int(ok)


def test_exact_day_only_for_day_golds(tmp_path):
    r = one(tmp_path, gold_event(), pred(event_date="2019-08-21"))
    assert r.tp == 1 and r.day_date_exact_acc == (0.0, 1)
    r = one(tmp_path, gold_event(date="2019-08-20", date_precision="week"), pred(event_date="2019-08-21"))
    assert r.tp == 1 and r.day_date_exact_acc[1] == 0 and math.isnan(r.day_date_exact_acc[0])


# --- place ---


@pytest.mark.parametrize("dlat,ok", [(0.0, True), (0.44, True), (0.46, False)])
def test_place_50km(tmp_path, dlat, ok):
    r = one(tmp_path, gold_event(geo_precision=2), pred(latitude=LAT + dlat))
    assert r.tp == int(ok)


@pytest.mark.parametrize(
    "dlat,admin1,ok",
    [(1.3, "Elsewhere", True), (1.4, "Elsewhere", False), (3.0, "idlib", True), (3.0, None, False)],
)
def test_place_region_150km_or_admin1(tmp_path, dlat, admin1, ok):
    r = one(tmp_path, gold_event(geo_precision=3), pred(latitude=LAT + dlat, admin1=admin1))
    assert r.tp == int(ok)


def test_place_pred_without_coordinates(tmp_path):
    r = one(tmp_path, gold_event(), pred(latitude=None, longitude=None))
    assert r.tp == 0


@pytest.mark.parametrize(
    "country,iso3,gold_country,ok",
    [
        ("Syria", "SYR", "SYR", True),
        ("Iraq", "IRQ", "SYR", False),
        ("Syria", "syr", "syr", True),  # codes compared upper-cased
        ("Syria", None, "SYR", False),  # a country name is not compared with the gold code
        ("SYR", None, "SYR", True),  # the country name compared to the gold code, normalised
        ("Iraq", "IRQ", None, True),  # no country in gold: any place
    ],
)
def test_place_gold_without_coordinates(tmp_path, country, iso3, gold_country, ok):
    g = gold_event(lat=None, lon=None, location=None, geo_precision=3, country=gold_country)
    r = one(tmp_path, g, pred(country=country, iso3=iso3, latitude=30.0, longitude=44.0))
    assert r.tp == int(ok)


# --- required / optional, assignment ---


def test_optional_gold_neither_miss_nor_false_alarm(tmp_path):
    gold = [{"id": "a", "events": [
        gold_event(),
        gold_event(event_type="Protests", sub_event_type="Peaceful protest", required=False),
        gold_event(event_type="Riots", sub_event_type="Mob violence", required=False),
    ]}]
    preds = [pred(), pred(event_type="Protests", sub_event_type="Peaceful protest")]
    r = check(tmp_path, gold, preds)
    assert (r.tp, r.fp, r.fn) == (1, 0, 0)
    assert r.misses == [] and r.false_alarms == []


def test_required_golds_match_first(tmp_path):
    # The optional gold comes first in the file, but the required one takes the only prediction.
    gold = [{"id": "a", "events": [gold_event(required=False), gold_event(fatalities=5)]}]
    r = check(tmp_path, gold, [pred()])
    assert (r.tp, r.fp, r.fn) == (1, 0, 0)
    assert r.fatalities_exact_acc == (0.0, 1)


def test_greedy_first_fit(tmp_path):
    # The first gold takes the first prediction that fits it, even when that one was the only fit
    # for the second gold: first-fit, not an optimal assignment.
    g1 = gold_event(date="2019-08-15", date_precision="week")
    g2 = gold_event(date="2019-08-10", date_precision="day")
    preds = [pred(event_date="2019-08-12"), pred(event_date="2019-08-20")]
    r = check(tmp_path, [{"id": "a", "events": [g1, g2]}], preds)
    assert (r.tp, r.fp, r.fn) == (1, 1, 1)
    assert [m.key() for m in r.misses] == [["a", "Battles", "2019-08-10", "Khan Shaykhun"]]


def test_other_articles_and_eventless(tmp_path):
    gold = [{"id": "a", "events": [gold_event()]}, {"id": 7, "events": []}]
    preds = [pred(), pred("7"), pred("unknown")]
    r = check(tmp_path, gold, preds)
    assert r.predicted == 3
    assert (r.tp, r.fp, r.fn) == (1, 1, 0)  # the prediction for an unknown report is ignored
    assert r.fp_on_eventless_articles == 1
    assert r.false_alarms[0].key() == [7, "Battles", "2019-08-20", "Khan Shaykhun"]


# --- field metrics ---


def test_fatalities_actor_subtype(tmp_path):
    gold = [{"id": "a", "events": [
        gold_event(fatalities=3, actor1="Military Forces of Syria"),
        gold_event(date="2019-08-01", fatalities=None, actor1="Hayat Tahrir al-Sham",
                   sub_event_type="Government regains territory"),
        gold_event(date="2019-07-01", fatalities=0, actor1=None),
    ]}]
    preds = [
        pred(fatalities=None, actor1="Syrian Military Forces"),  # 0 != 3; "syria" vs "syrian"
        pred(event_date="2019-08-01", fatalities=2, actor1="Hayat Tahrir Al-Sham (HTS)"),
        pred(event_date="2019-07-01", fatalities=None, actor1="x", sub_event_type="Armed clash"),
    ]
    r = check(tmp_path, gold, preds)
    assert r.tp == 3
    assert r.fatalities_exact_acc == (0.5, 2)  # gold None not counted; pred None == 0
    assert r.actor1_acc == (0.5, 2)  # gold without actor1 not counted
    assert r.sub_event_type_acc == (0.667, 3)


def test_geo_error_and_place_alone(tmp_path):
    gold = [{"id": "a", "events": [
        gold_event(),
        gold_event(date="2019-08-01", geo_precision=2),  # not precision 1: not in place-alone shares
        gold_event(date="2019-07-01", lat=36.2, lon=37.15, required=True),
    ]}]
    preds = [pred(latitude=LAT + 0.2), pred(event_type="Riots", latitude=36.21, longitude=37.15, iso3="IRQ")]
    r = check(tmp_path, gold, preds)
    assert r.tp == 1 and r.geo_within_10km == (0.0, 1) and r.median_geo_err_km == 22.2
    assert r.place_any_10km == (0.5, 2) and r.place_any_50km == (1.0, 2) and r.country_any == (1.0, 2)


def test_no_predictions(tmp_path):
    r = check(tmp_path, [{"id": "a", "events": [gold_event()]}], [])
    assert (r.tp, r.fn, r.precision, r.recall, r.f1) == (0, 1, 0.0, 0.0, 0.0)
    assert r.median_geo_err_km is None and math.isnan(r.sub_event_type_acc[0])
    assert r.place_any_10km == (0.0, 1)


def test_random_agreement(tmp_path):
    """Many random gold/prediction sets: every number and list as score.py has it."""
    if SCORE_PY is None:
        pytest.skip("shared/eval/score.py not found")
    rng = random.Random(7)
    types_ = ["Battles", "Protests", "Riots"]
    precisions = ["day", "week", "month", "year"]
    offsets = [0, 0.05, -0.05, 0.3, 0.44, 0.47, 1.3, 1.4, 2.0]  # degrees of latitude (~11 km each 0.1)
    gold, preds = [], []
    for i in range(60):
        events = []
        for _ in range(rng.randint(0, 4)):
            prec = rng.choice(precisions)
            date = f"2019-08-{rng.randint(1, 28):02d}"
            date = date if prec in ("day", "week") else date[:7] if prec == "month" else date[:4]
            coords = rng.random() < 0.8
            events.append(gold_event(
                event_type=rng.choice(types_), alt_types=rng.sample(types_, rng.randint(0, 2)),
                sub_event_type=rng.choice(["A", "B"]), date=date, date_precision=prec,
                lat=LAT + rng.choice(offsets) if coords else None, lon=LON if coords else None,
                geo_precision=rng.randint(1, 3), admin1=rng.choice(["Idlib", "Hama", None]),
                country=rng.choice(["SYR", "IRQ", None]), fatalities=rng.choice([None, 0, 1, 3]),
                actor1=rng.choice(["Military Forces of Syria", "Hayat Tahrir al-Sham", None]),
                required=rng.random() < 0.7,
            ))
        gold.append({"id": f"r{i}", "events": events})
        for _ in range(rng.randint(0, 4)):
            preds.append(pred(
                f"r{i}", event_type=rng.choice(types_), sub_event_type=rng.choice(["A", "B"]),
                event_date=f"2019-{rng.choice([7, 8, 8, 8, 9]):02d}-{rng.randint(1, 28):02d}",
                latitude=LAT + rng.choice(offsets), longitude=LON + rng.choice([0, 0.03]),
                admin1=rng.choice(["Idlib", "Hama", None]), iso3=rng.choice(["SYR", "IRQ", None]),
                fatalities=rng.choice([None, 0, 1, 3]),
                actor1=rng.choice(["Syrian Military", "Military Forces of Syria", "HTS", "Hayat Tahrir al-Sham", None]),
            ))
    rng.shuffle(preds)
    r = check(tmp_path, gold, preds)
    assert r.tp > 10 and r.fp > 10 and r.fn > 10 and r.pairs


def test_seed_gold_agreement(tmp_path):
    seed = Path(SCORE_PY).parents[1] / "data" / "gold" / "seed.jsonl" if SCORE_PY else None
    if seed is None or not seed.exists():
        pytest.skip("shared seed gold not found")
    gold = load_gold(seed)
    preds = [pred(gold[0]["id"], event_type=g["event_type"], sub_event_type=g["sub_event_type"],
                  event_date=g["date"], latitude=g["lat"], longitude=g["lon"], actor1=g["actor1"],
                  fatalities=g["fatalities"]) for g in gold[0]["events"][::2]]
    check(tmp_path, gold, preds)


# --- loading, text report, command line ---


def test_load_errors(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "events": []}\nnot json\n')
    with pytest.raises(ValueError, match="bad.jsonl:2"):
        load_gold(bad)
    assert load_predictions([pred()]) == [pred()]


def test_format_report(tmp_path):
    gold = [{"id": "a", "events": [gold_event(), gold_event(date="2019-01-01", location="Hama")]}]
    r = check(tmp_path, gold, [pred(), pred(event_type="Riots", evidence="Rioters burned tyres.")])
    text = format_report(r, verbose=False)
    assert "precision 0.500" in text and "recall 0.500" in text and "misses" not in text
    text = format_report(r, verbose=True)
    assert "misses (1)" in text and "Hama" in text and "2019-01-01 (day)" in text
    assert "false alarms (1)" in text and "Riots" in text and "Rioters burned tyres." in text


def parse(argv):
    ap = argparse.ArgumentParser(prog="sitrep")
    add_cli(ap.add_subparsers(dest="command"))
    return ap.parse_args(argv)


def test_cli(tmp_path, capsys):
    gp = write_jsonl(tmp_path / "g.jsonl", [{"id": "a", "events": [gold_event()]}])
    pp = write_jsonl(tmp_path / "p.jsonl", [pred(), pred(event_type="Riots")])
    args = parse(["evaluate", "--gold", str(gp), str(pp), "--json"])
    assert args.func(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["tp"] == 1 and out["fp"] == 1 and "misses" not in out
    args = parse(["evaluate", "--gold", str(gp), str(pp), "--json", "--verbose"])
    assert run(args) == 0
    assert json.loads(capsys.readouterr().out)["false_alarms"] == [["a", "Riots", "2019-08-20", "Khan Shaykhun"]]
    args = parse(["evaluate", "--gold", str(gp), str(pp)])
    assert run(args) == 0 and "F1 0.667" in capsys.readouterr().out
    # usage errors: neither or both inputs, unreadable gold
    assert run(parse(["evaluate", "--gold", str(gp)])) == 2
    assert run(parse(["evaluate", "--gold", str(gp), str(pp), "--extract", "x.txt"])) == 2
    assert run(parse(["evaluate", "--gold", str(tmp_path / "missing.jsonl"), str(pp)])) == 2
    assert "evaluate" in capsys.readouterr().err


def test_cli_extract(tmp_path, capsys, monkeypatch):
    reports = write_jsonl(tmp_path / "reports.jsonl", [
        {"id": "a", "text": "Troops clashed with rebels in Khan Shaykhun.", "published": "2019-08-20"},
    ])
    gp = write_jsonl(tmp_path / "g.jsonl", [{"id": "a", "events": [gold_event()]}])

    class FakeEvent:
        def __init__(self, article_id):
            self.article_id = article_id

        def to_record(self):
            return pred(self.article_id)

    class FakePipeline:
        def extract(self, article):
            return [FakeEvent(article.id)]

    fake = types.ModuleType("sitrep.pipeline")
    fake.get_pipeline = lambda: FakePipeline()
    monkeypatch.setitem(sys.modules, "sitrep.pipeline", fake)
    args = parse(["evaluate", "--gold", str(gp), "--extract", str(reports), str(tmp_path / "missing.txt"), "--json"])
    assert run(args) == 0
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert (out["tp"], out["fp"], out["fn"]) == (1, 0, 0)
    assert "missing.txt" in captured.err
