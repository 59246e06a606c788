"""Engines: the local process pool and Dask (a LocalCluster on loopback) give the same records as
in-process extraction, in input order, and one bad report never costs the others.

The Dask cluster of these tests runs its worker in this process (``processes=False``: no worker
start-up or second model load, and it shares this process's cached pipeline); the CLI test
starts a real ``--engine dask`` LocalCluster with worker processes."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sitrep.engines import DaskEngine, LocalEngine, chunked, get_engine
from sitrep.errors import InputError
from sitrep.ingest import ingest, pipeline_extract
from sitrep.model import Article
from sitrep.store import open_store

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "eval" / "reports_dev.jsonl"
CLI = [sys.executable, "-m", "sitrep"]


def dev_articles(n: int) -> list[Article]:
    rows = [json.loads(ln) for ln in DEV.read_text(encoding="utf-8").splitlines() if ln.strip()][:n]
    return [Article(r["id"], r["text"], r.get("title"),
                    dt.date.fromisoformat(r["published"]) if r.get("published") else None,
                    origin=f"dev:{r['id']}") for r in rows]


def bad_article() -> Article:
    return Article("bad-report", 12345, origin="bad.jsonl:7")  # type: ignore[arg-type]  # not text: extraction raises


def _strip(results: list) -> list:
    """Records without their ``timestamp`` (extraction time); errors as their message."""
    return [str(r) if isinstance(r, InputError) else [{k: v for k, v in e.items() if k != "timestamp"} for e in r]
            for r in results]


def die_on(chunk: list[str]) -> list[str]:
    """A task that kills its worker process on the item 'die' (worker death, not an exception)."""
    if "die" in chunk:
        os._exit(3)
    if "raise" in chunk:
        raise RuntimeError("task raised")
    return [s.upper() for s in chunk]


@pytest.fixture(scope="module")
def dask_client():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                       protocol="tcp", host="127.0.0.1", dashboard_address=None)
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


@pytest.fixture(scope="module")
def local_records():
    arts = dev_articles(5)
    arts.insert(2, bad_article())
    return arts, list(LocalEngine(workers=1).map_extract(arts))


def test_in_process_isolates_a_bad_report(local_records):
    arts, results = local_records
    assert len(results) == len(arts)
    err = results[2]
    assert isinstance(err, InputError) and err.source == "bad.jsonl:7" and "extraction failed" in err.reason
    assert all(isinstance(r, list) for i, r in enumerate(results) if i != 2)
    assert sum(len(r) for r in results if isinstance(r, list)) > 0


def test_dask_engine_matches_local(dask_client, local_records):
    arts, expected = local_records
    got = list(DaskEngine(client=dask_client, chunk_size=2).map_extract(arts))
    assert _strip(got) == _strip(expected)  # same events, same order; the bad report named


def test_local_pool_matches_in_process(local_records):
    arts, expected = local_records
    got = list(LocalEngine(workers=2, chunk_size=2).map_extract(arts))
    assert _strip(got) == _strip(expected)


def test_pool_survives_worker_death_and_raising_tasks():
    items = ["a", "b", "die", "c", "raise", "d", "e", "f"]
    out = [r for chunk in LocalEngine(workers=2, chunk_size=3).map(
        die_on, chunked(items, 3), on_error=lambda item, exc: f"failed:{item}", warm=False) for r in chunk]
    assert out == ["A", "B", "failed:die", "C", "failed:raise", "D", "E", "F"]


def test_streams_with_bounded_work():
    # An endless input: results come while it is still being read.
    pulled = []

    def source():
        for i in itertools.count():
            pulled.append(i)
            yield i

    eng = LocalEngine(workers=2, chunk_size=4)
    first = list(itertools.islice((r for c in eng.map(sorted, chunked(source(), 4), warm=False) for r in c), 10))
    assert first == list(range(10))
    assert len(pulled) <= 4 * (2 * 2 + 2)


def test_small_batches_run_in_process():
    # workers=None: a few reports need no pool (the function need not even pickle).
    out = list(LocalEngine().map(lambda c: [x * 2 for x in c], chunked(range(6), 4), warm=False))
    assert out == [[0, 2, 4, 6], [8, 10]]


def test_dask_ingest_into_a_store(tmp_path, dask_client):
    arts = dev_articles(4)
    src = tmp_path / "reports.jsonl"
    with open(src, "w", encoding="utf-8") as fh:
        for a in arts:
            fh.write(json.dumps({"id": a.id, "text": a.text, "title": a.title,
                                 "published": a.published.isoformat() if a.published else None}) + "\n")
        fh.write(json.dumps({"id": "empty", "text": "   "}) + "\n")
    addr = dask_client.scheduler.address
    counts = {}
    for engine, scheduler in (("local", None), ("dask", addr)):
        with open_store(tmp_path / f"{engine}.duckdb") as store:
            s = ingest([str(src)], store, extract=pipeline_extract, workers=1, progress=False,
                       err=io.StringIO(), engine=engine, scheduler=scheduler)
            assert s.added == 4 and s.failed == 1, s
            again = ingest([str(src)], store, extract=pipeline_extract, workers=1, progress=False,
                           err=io.StringIO(), engine=engine, scheduler=scheduler)
            assert again.skipped == 4 and again.added == 0  # idempotent
            counts[engine] = (store.counts()["events"], [f["reason"] for f in store.failures()][:1])
    assert counts["dask"] == counts["local"] and counts["dask"][0] > 0


def test_scheduler_needs_dask_engine(tmp_path):
    with pytest.raises(ValueError):
        get_engine("local", scheduler="tcp://127.0.0.1:8786")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    f = tmp_path / "r.txt"
    f.write_text("Clashes erupted in Kabul on Monday.")
    for cmd in ("extract", "ingest"):
        r = subprocess.run([*CLI, cmd, str(f), "--scheduler", "tcp://127.0.0.1:1"], capture_output=True,
                           text=True, env=env, cwd=tmp_path, timeout=120)
        assert r.returncode == 2 and "--engine dask" in r.stderr, (cmd, r.stderr)


def test_cli_ingest_engine_dask_local_cluster(tmp_path):
    # A real LocalCluster (worker processes on 127.0.0.1) started by the CLI; the fake extractor
    # keeps it fast.
    src = tmp_path / "r.jsonl"
    src.write_text("".join(json.dumps({"id": f"r{i}", "published": "2019-08-20",
                                       "text": f"Clashes erupted in town {i}; 3 people were killed."}) + "\n"
                           for i in range(12)))
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), SITREP_INGEST_EXTRACTOR="sitrep.ingest:fake_extract")
    db = tmp_path / "s.duckdb"
    r = subprocess.run([*CLI, "ingest", str(src), "--db", str(db), "--engine", "dask", "--workers", "1",
                        "--no-progress"], capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "12 added" in r.stderr
    with open_store(db, read_only=True) as store:
        assert store.counts()["articles"] == 12
