from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

from sitrep import __version__
from sitrep.cli import main
from sitrep.model import FIELDS


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sitrep", *args], input=stdin, capture_output=True,
                          text=True, timeout=300)


def test_help_and_version(capsys):
    assert main(["--version"]) == 0
    assert __version__ in capsys.readouterr().out
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for cmd in ("extract", "evaluate", "ingest", "export", "serve", "demo"):
        assert cmd in out


def test_usage_error_exit_2(capsys):
    assert main(["extract"]) == 2
    assert main(["extract", "x", "--format", "yaml"]) == 2
    assert main([]) == 2


def test_extract_formats(seed_path, tmp_path, capsys):
    assert main(["extract", str(seed_path), "--format", "jsonl"]) == 0
    recs = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert recs and all(list(r)[:len(FIELDS)] == list(FIELDS) for r in recs)
    assert {r["article_id"] for r in recs} == {seed_path.stem}

    out = tmp_path / "e.csv"
    assert main(["extract", str(seed_path), "--format", "csv", "-o", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows and list(rows[0]) == list(FIELDS)

    assert main(["extract", str(seed_path), "--format", "geojson"]) == 0
    fc = json.loads(capsys.readouterr().out)
    assert fc["type"] == "FeatureCollection" and fc["features"][0]["geometry"]["type"] == "Point"

    assert main(["extract", str(seed_path)]) == 0
    assert "Khan Shaykhun" in capsys.readouterr().out


def test_stdin_and_errors_name_inputs(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_text("", encoding="utf-8")
    r = run("extract", "-", str(bad), str(tmp_path / "missing.txt"), "--published", "2021-03-09",
            "--format", "jsonl", stdin="Gunmen shot dead three farmers in Bankass on Monday.")
    assert r.returncode == 1
    assert str(bad) in r.stderr and "missing.txt" in r.stderr
    recs = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["article_id"] for x in recs] == ["stdin"]
    assert recs[0]["event_date"] == "2021-03-08"


def test_demo():
    r = run("demo")
    assert r.returncode == 0, r.stderr
    assert "Chemical weapon" in r.stdout and "Khan Shaykhun" in r.stdout


def test_missing_publication_date_is_named(tmp_path):
    p = tmp_path / "undated.txt"
    p.write_text("Gunmen attacked a village near Gao on Tuesday, killing five people.", encoding="utf-8")
    r = run("extract", str(p), "--format", "jsonl")
    assert r.returncode == 0
    assert "undated.txt" in r.stderr and "no publication date" in r.stderr
