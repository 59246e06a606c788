"""Extraction throughput per core, peak memory, the ratio to a spaCy NER-only pass, and the goal
taken literally (>= 30 reports/s per core on 600-word reports through the CLI, start-up
included; <= 500 MB per worker).

    python benchmarks/bench_throughput.py [--n 2000] [--goal-n 600] [--profile 200] [--json OUT]

The corpus is reproducible (``--seed``): the 40 WikiEvents development reports
(eval/reports_dev.jsonl, ~555 words) and the seed report (shared/data/seed), each copy with its
sentences shuffled and a new id and publication date, so no cache can hide work. The goal corpus
has ~600-word reports (sentences of the next sources appended up to 600 words).

Steps (each printed as it finishes):
  1. in-process: ``get_pipeline().extract`` over ``--n`` reports, one core;
  2. spaCy NER only (en_core_web_sm, tok2vec+ner, ``nlp.pipe``) over the same texts;
  3. the CLI: ``sitrep extract GOAL.jsonl --workers 1 --format jsonl -o /dev/null``, timed as a
     subprocess (start-up included), and a one-report run (start-up alone);
  4. ``--profile N``: cProfile of N reports, the hot spots by stage and by function.

Per-core rates are given twice: by wall time, and by CPU time (user+sys of the process doing
the work), which other load on the machine does not inflate. Take final numbers on an idle
machine (``uptime``), where the two agree.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import os
import pstats
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SHARED = ROOT.parent / "shared"
DEV = ROOT / "eval" / "reports_dev.jsonl"
SEED = SHARED / "data" / "seed" / "000_ac7b9c183c30a6de.txt"

_SPLIT = re.compile(r"(?<=[.!?\"'])\s+(?=[A-Z\"'])")


# --------------------------------------------------------------------------- corpus

def sources() -> list[dict]:
    """The source reports: {"text", "published", "title"}."""
    from sitrep.model import Article
    from sitrep.readers import read_inputs

    out = []
    for ln in DEV.read_text(encoding="utf-8").splitlines():
        if ln.strip():
            r = json.loads(ln)
            out.append({"text": r["text"], "published": r.get("published"), "title": r.get("title")})
    if SEED.exists():
        for a in read_inputs([str(SEED)]):
            if isinstance(a, Article):
                out.append({"text": a.text, "published": a.published.isoformat() if a.published else None,
                            "title": a.title})
    return out


def _sentences(text: str) -> list[str]:
    return [s for s in _SPLIT.split(text.replace("\n", " ")) if s.strip()]


def make_corpus(n: int, seed: int = 7, words: int | None = None) -> list[dict]:
    """``n`` reports: shuffled copies of the sources with new ids and dates. ``words``: each report
    filled up (with the next sources' sentences) and cut at a sentence end near that many words."""
    rng = random.Random(seed)
    src = sources()
    day0 = dt.date(2019, 1, 1)
    rows = []
    for i in range(n):
        base = src[i % len(src)]
        sents = _sentences(base["text"])
        rng.shuffle(sents)
        if words:
            j = i + 1
            while sum(len(s.split()) for s in sents) < words:
                more = _sentences(src[j % len(src)]["text"])
                rng.shuffle(more)
                sents += more
                j += 1
            out, count = [], 0
            for s in sents:  # stop at the sentence end nearest to ``words``
                k = len(s.split())
                if out and count + k / 2 > words:
                    break
                out.append(s)
                count += k
            sents = out
        rows.append({
            "id": f"bench-{i:06d}", "title": base["title"],
            "published": (day0 + dt.timedelta(days=rng.randrange(365))).isoformat(),
            "source": f"Outlet {i % 17}", "url": f"https://bench.example/{i}",
            "text": " ".join(sents),
        })
    return rows


def write_jsonl(rows: list[dict], path: Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r) + "\n")


def articles(rows: list[dict]) -> list:
    from sitrep.model import Article

    return [Article(r["id"], r["text"], r["title"], dt.date.fromisoformat(r["published"]), r["url"], r["source"])
            for r in rows]


def n_words(rows: list[dict]) -> int:
    return sum(len(r["text"].split()) for r in rows)


def cpu() -> float:
    t = os.times()
    return t.user + t.system


def child_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


# --------------------------------------------------------------------------- steps

def in_process(rows: list[dict]) -> dict:
    from sitrep.pipeline import get_pipeline

    t0, c0 = time.perf_counter(), cpu()
    pipe = get_pipeline()
    load_s = time.perf_counter() - t0
    arts = articles(rows)
    pipe.extract(arts[0])  # first-call costs (regex compilation, lazy tables) belong to start-up
    t1, c1 = time.perf_counter(), cpu()
    n_events = sum(len(pipe.extract(a)) for a in arts)
    wall, cpus = time.perf_counter() - t1, cpu() - c1
    return {"reports": len(arts), "words": n_words(rows), "events": n_events, "load_s": load_s,
            "load_cpu_s": c1 - c0, "wall_s": wall, "cpu_s": cpus,
            "reports_per_s_wall": len(arts) / wall, "reports_per_s_cpu": len(arts) / cpus,
            "words_per_s_wall": n_words(rows) / wall, "words_per_s_cpu": n_words(rows) / cpus,
            "peak_rss_mb": rss_mb()}


def ner_only(rows: list[dict], batch_size: int = 64) -> dict:
    import spacy

    from sitrep.nlp import MODEL_PACKAGES

    nlp = None
    for name in MODEL_PACKAGES:
        try:
            nlp = spacy.load(name, enable=["tok2vec", "ner"])
            break
        except OSError:
            continue
    assert nlp is not None, "no spaCy English model"
    texts = [r["text"] for r in rows]
    list(nlp.pipe(texts[:8]))
    t0, c0 = time.perf_counter(), cpu()
    ents = sum(len(d.ents) for d in nlp.pipe(texts, batch_size=batch_size))
    wall, cpus = time.perf_counter() - t0, cpu() - c0
    return {"pipes": nlp.pipe_names, "entities": ents, "wall_s": wall, "cpu_s": cpus,
            "reports_per_s_cpu": len(texts) / cpus, "words_per_s_cpu": n_words(rows) / cpus}


def cli_run(path: Path, n: int, words: int) -> dict:
    """``sitrep extract`` as a subprocess: wall time and the child's CPU time and peak RSS."""
    cmd = [sys.executable, "-m", "sitrep", "extract", str(path), "--workers", "1", "--format", "jsonl",
           "-o", os.devnull]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    c0 = child_cpu()
    t0 = time.perf_counter()
    r = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    cpus = child_cpu() - c0
    if r.returncode not in (0, 1):
        raise SystemExit(f"sitrep extract failed ({r.returncode}): {r.stderr[-2000:]}")
    return {"reports": n, "words": words, "wall_s": wall, "cpu_s": cpus,
            "reports_per_s_wall": n / wall, "reports_per_s_cpu": n / cpus,
            "words_per_s_cpu": words / cpus, "peak_rss_mb": rss_mb(resource.RUSAGE_CHILDREN)}


# Stages of Pipeline.extract, for the profile (file suffix, function name).
STAGES = [
    ("sentence split (Pipeline.sentences)", "pipeline.py", "sentences"),
    ("places.locate (gazetteer)", "places.py", "locate"),
    ("timex.resolve_times", "timex.py", "resolve_times"),
    ("actors.find (dictionary)", "actors.py", "find"),
    ("spaCy parse of candidate sentences (nlp.pipe)", "language.py", "pipe"),
    ("per-sentence rules (_sentence_events)", "pipeline.py", "_sentence_events"),
    ("  of which events.is_asserted", "events.py", "is_asserted"),
    ("  of which Lexicon.find (cue regexes)", "events.py", "find"),
    ("  of which casualties", "casualties.py", "_figures"),
    ("in-report merging + finishing", "pipeline.py", "_merge"),
]


def profile(rows: list[dict], top: int = 25) -> dict:
    from sitrep.pipeline import get_pipeline

    pipe = get_pipeline()
    arts = articles(rows)
    pipe.extract(arts[0])
    prof = cProfile.Profile()
    prof.enable()
    for a in arts:
        pipe.extract(a)
    prof.disable()
    st = pstats.Stats(prof)
    total = max(v[3] for k, v in st.stats.items() if k[2] == "extract" and k[0].endswith("pipeline.py"))
    stages = {}
    for label, suffix, fn in STAGES:
        cum = sum(v[3] for k, v in st.stats.items() if k[0].endswith(suffix) and k[2] == fn)
        stages[label] = cum
    print(f"\nprofile: {len(arts)} reports, {total:.2f} s under cProfile ({1000 * total / len(arts):.1f} ms/report)")
    for label, cum in stages.items():
        print(f"  {label:<50} {cum:6.2f} s  {100 * cum / total:5.1f} %  {1000 * cum / len(arts):6.1f} ms/report")
    print(f"\n  top {top} functions by own time:")
    rows_ = sorted(st.stats.items(), key=lambda kv: -kv[1][2])[:top]
    for (file, line, fn), (_cc, nc, tt, ct, _callers) in rows_:
        print(f"    {tt:6.2f} s own {ct:6.2f} s cum {nc:8d} calls  {Path(file).name}:{line}({fn})")
    return {"reports": len(arts), "seconds": total, "stages_s": stages}


# --------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000, help="reports for the in-process and NER passes")
    ap.add_argument("--goal-n", type=int, default=600, help="600-word reports for the CLI run")
    ap.add_argument("--profile", type=int, default=200, metavar="N", help="profile N reports (0: skip)")
    ap.add_argument("--skip", default="", help="comma-separated steps to skip: inproc,ner,cli")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", metavar="OUT", help="write the numbers here as JSON")
    args = ap.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    res: dict = {"cores": os.cpu_count(), "loadavg_start": os.getloadavg()[0]}

    rows = make_corpus(args.n, args.seed)
    print(f"corpus: {len(rows)} reports, {n_words(rows) / len(rows):.0f} words each on average "
          f"(load average {res['loadavg_start']:.2f} on {os.cpu_count()} cores)")

    if "cli" not in skip:
        goal = make_corpus(args.goal_n, args.seed + 1, words=600)
        with tempfile.TemporaryDirectory(prefix="sitrep-bench-") as tmp:
            gp, one = Path(tmp) / "goal.jsonl", Path(tmp) / "one.jsonl"
            write_jsonl(goal, gp)
            write_jsonl(goal[:1], one)
            start = cli_run(one, 1, n_words(goal[:1]))
            run = cli_run(gp, len(goal), n_words(goal))
        run["startup_wall_s"], run["startup_cpu_s"] = start["wall_s"], start["cpu_s"]
        res["cli_goal"] = run
        ok = "MET" if run["reports_per_s_wall"] >= 30 else "not met"
        print(f"CLI goal run: {len(goal)} reports x {n_words(goal) / len(goal):.0f} words, --workers 1: "
              f"{run['wall_s']:.1f} s wall, {run['cpu_s']:.1f} s CPU -> {run['reports_per_s_wall']:.1f} reports/s "
              f"(wall), {run['reports_per_s_cpu']:.1f} reports/s per CPU-second; goal 30: {ok}")
        print(f"  start-up alone (1 report): {start['wall_s']:.2f} s wall, {start['cpu_s']:.2f} s CPU; "
              f"peak RSS of the worker {run['peak_rss_mb']:.0f} MB (goal <= 500)")

    if "inproc" not in skip:
        r = in_process(rows)
        res["in_process"] = r
        print(f"in-process: {r['reports']} reports, {r['events']} events; pipeline load {r['load_s']:.2f} s; "
              f"{r['reports_per_s_wall']:.1f} reports/s wall, {r['reports_per_s_cpu']:.1f} reports/s per "
              f"CPU-second; {r['words_per_s_cpu']:.0f} words/s per core; peak RSS {r['peak_rss_mb']:.0f} MB")

    if "ner" not in skip:
        r = ner_only(rows)
        res["ner_only"] = r
        line = (f"spaCy NER only ({'+'.join(r['pipes'])}, nlp.pipe): {r['reports_per_s_cpu']:.1f} reports/s, "
                f"{r['words_per_s_cpu']:.0f} words/s per core")
        if "in_process" in res:
            res["ratio_to_ner"] = res["in_process"]["cpu_s"] / r["cpu_s"]
            line += f"; sitrep costs {res['ratio_to_ner']:.2f}x a NER-only pass"
        print(line)

    if args.profile:
        res["profile"] = profile(rows[: args.profile])

    res["loadavg_end"] = os.getloadavg()[0]
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
