from __future__ import annotations

import argparse
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitrep.ingest import (
    ENV_EXTRACTOR,
    add_cli,
    extract_batch,
    fake_extract,
    ingest,
    load_extractor,
)
from sitrep.model import Article
from sitrep.store import open_store

DATA = Path(__file__).parent / "data"
SRC = Path(__file__).resolve().parents[1] / "src"
CLI = [sys.executable, "-c",
       "import sys, argparse\nfrom sitrep.ingest import add_cli\n"
       "ap = argparse.ArgumentParser(); add_cli(ap.add_subparsers())\n"
       "a = ap.parse_args(sys.argv[1:]); sys.exit(a.func(a))"]


def write_jsonl(path: Path, n: int, start: int = 0, prefix: str = "r") -> Path:
    with open(path, "w") as fh:
        for i in range(start, start + n):
            fh.write(json.dumps({
                "id": f"{prefix}{i}", "published": "2019-08-20", "source": f"Outlet{i % 3}",
                "text": f"Report {i}. Clashes erupted near the town {i} on Tuesday, killing {i % 7 + 1} people.",
            }) + "\n")
    return path


def boom(article: Article):
    if "boom" in article.text:
        raise RuntimeError("extractor exploded")
    return fake_extract(article)


def test_ingest_idempotent_and_failures(tmp_path):
    src = write_jsonl(tmp_path / "a.jsonl", 20)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "boom.txt").write_text("This report goes boom.")
    (tmp_path / "big.txt").write_text("x " * 600)
    err = io.StringIO()
    with open_store(tmp_path / "s.duckdb") as store:
        s = ingest([str(tmp_path)], store, extract=boom, workers=1, progress=False, err=err, max_bytes=1000)
        assert s.added == 20 and s.failed == 4, s
        assert s.events == 20
        reasons = {os.path.basename(f["source"]): f["reason"] for f in store.failures()}
        assert set(reasons) == {"bin.txt", "empty.txt", "boom.txt", "big.txt"}
        assert "binary" in reasons["bin.txt"] and "too large" in reasons["big.txt"]
        assert "extraction failed" in reasons["boom.txt"]
        assert "boom.txt" in err.getvalue()
        n_events = store.count_events()
        # again: nothing added
        s2 = ingest([str(src)], store, extract=boom, workers=1, progress=False, err=io.StringIO())
        assert s2.skipped == 20 and s2.added == 0 and s2.events == 0
        assert store.count_events() == n_events
        # a changed report replaces its events
        (tmp_path / "b.jsonl").write_text(json.dumps({
            "id": "r3", "published": "2019-08-21", "text": "Report 3 was wrong. Protesters marched in the capital."
        }) + "\n")
        s3 = ingest([str(tmp_path / "b.jsonl")], store, extract=boom, workers=1, progress=False,
                    err=io.StringIO())
        assert s3.replaced == 1
        art = store.get_article("r3")
        assert "wrong" in art["text"]
        assert [e["event_type"] for e in art["events"]] == ["Protests"]


def test_ingest_with_process_pool(tmp_path):
    src = write_jsonl(tmp_path / "a.jsonl", 30)
    with open_store(tmp_path / "s.duckdb") as store:
        s = ingest([str(src)], store, extract=fake_extract, workers=2, chunk_size=4, progress=False,
                   err=io.StringIO())
        assert s.added == 30 and s.failed == 0
        assert store.counts()["articles"] == 30


def test_ingest_batches(tmp_path):
    """Several reports per transaction: the same store as one by one, duplicates included."""
    src = write_jsonl(tmp_path / "a.jsonl", 25)
    lines = src.read_text().splitlines()
    src.write_text("\n".join(lines + lines[:5]) + "\n")  # five reports twice in one run
    states = []
    for batch in (1, 7, 1000):
        with open_store(tmp_path / f"s{batch}.duckdb") as store:
            s = ingest([str(src)], store, extract=fake_extract, workers=1, progress=False,
                       err=io.StringIO(), batch_size=batch)
            assert (s.added, s.skipped, s.events) == (25, 5, 25), s
            states.append(store.con.execute(
                "SELECT event_id, article_id, fatalities, source FROM events ORDER BY ALL").fetchall())
    assert states[0] == states[1] == states[2]
    r = run_cli(["ingest", str(src), "--db", str(tmp_path / "x.duckdb"), "--batch", "0"], env=_env())
    assert r.returncode == 2


def test_extract_batch_isolates_failures():
    out = extract_batch([Article("a", "boom"), Article("b", "Clashes erupted.")], boom)
    assert out[0].events is None and "exploded" in out[0].error
    assert len(out[1].events) == 1


def test_load_extractor():
    assert load_extractor("sitrep.ingest:fake_extract") is fake_extract
    with pytest.raises(ValueError):
        load_extractor("nonsense")


def run_cli(argv, env=None):
    return subprocess.run(
        [*CLI, *argv],
        capture_output=True, text=True, env=env, timeout=300,
    )


def _env(**extra):
    env = dict(os.environ, PYTHONPATH=str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env[ENV_EXTRACTOR] = "sitrep.ingest:fake_extract"
    env.update(extra)
    return env


def test_cli_exit_codes_and_formats(tmp_path):
    db = tmp_path / "s.duckdb"
    r = run_cli(["ingest", str(DATA), "--db", str(db), "--workers", "1", "--no-progress"], env=_env())
    assert r.returncode == 1  # the fixtures include bad rows
    assert "reports.csv:5" in r.stderr and "sitrep ingest:" in r.stderr
    with open_store(db) as store:
        ids = {a[0] for a in store.con.execute("SELECT id FROM articles").fetchall()}
    assert {"report", "csv-1", "csv-2"} <= ids and len(ids) == 7  # html + 2 rss + 2 atom + 2 csv
    ok = write_jsonl(tmp_path / "ok.jsonl", 3)
    r = run_cli(["ingest", str(ok), "--db", str(db), "--workers", "1", "--no-progress"], env=_env())
    assert r.returncode == 0, r.stderr
    r = run_cli(["ingest", str(ok), "--db", str(db), "--workers", "0"], env=_env())
    assert r.returncode == 2


def test_stdin(tmp_path):
    db = tmp_path / "s.duckdb"
    p = subprocess.run(
        [*CLI, "ingest", "-", "--db", str(db), "--workers", "1", "--no-progress"],
        input="Clashes erupted in the town on Monday, killing 3 people.", capture_output=True, text=True,
        env=_env(), timeout=120)
    assert p.returncode == 0, p.stderr
    with open_store(db) as store:
        assert store.counts()["articles"] == 1


def test_kill9_and_resume(tmp_path):
    """A run killed with SIGKILL mid-way: the rerun continues; nothing lost or duplicated."""
    n = 60
    src = write_jsonl(tmp_path / "a.jsonl", n)
    db = tmp_path / "s.duckdb"
    log = tmp_path / "extracted.log"
    argv = ["ingest", str(src), "--db", str(db), "--workers", "1", "--chunk-size", "1", "--no-progress"]
    proc = subprocess.Popen(
        [*CLI, *argv],
        env=_env(SITREP_FAKE_DELAY="0.1", SITREP_FAKE_LOG=str(log)), stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # wait until some reports went through the extractor, then kill -9
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
        if log.exists() and len(log.read_text().split()) >= 10:
            break
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the run finished before it could be killed"
    r = run_cli(argv, env=_env())
    assert r.returncode == 0, r.stderr
    with open_store(db) as store:
        c = store.counts()
        assert c["articles"] == n
        assert c["event_articles"] == n  # one event per report, none twice
        rows = store.con.execute(
            "SELECT article_id, count(*) FROM event_articles GROUP BY 1 HAVING count(*) > 1").fetchall()
        assert rows == []
    # the rerun skipped what the killed run had stored
    assert " 0 skipped" not in r.stderr, r.stderr


def test_add_cli_registers():
    ap = argparse.ArgumentParser()
    add_cli(ap.add_subparsers())
    a = ap.parse_args(["ingest", "x.jsonl"])
    assert a.db == "sitrep.duckdb" and a.workers is None and callable(a.func)


@pytest.mark.slow
def test_real_pipeline(tmp_path):
    pytest.importorskip("sitrep.pipeline")
    from sitrep.ingest import pipeline_extract

    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({
        "id": "k1", "published": "2019-08-20",
        "text": "Warplanes struck the town of Khan Sheikhun in Idlib province on Tuesday, killing five civilians.",
    }) + "\n")
    with open_store(tmp_path / "s.duckdb") as store:
        s = ingest([str(src)], store, extract=pipeline_extract, workers=1, progress=False, err=io.StringIO())
        assert s.added == 1 and s.failed == 0
