"""Scaling from 1 to 2 workers (or ``--workers``) for the local and Dask engines.

    python benchmarks/bench_scaling.py [--n 400] [--workers 1,2] [--engines local,dask] [--json OUT]

Efficiency = throughput(k) / (k * throughput(1)); the goal is >= 0.8 at k = 2. The corpus is
bench_throughput's (shuffled copies of the WikiEvents dev reports and the seed, new ids).

Efficiency is given twice: by wall time (the goal; valid only on an otherwise idle machine, the
load average is printed with each run) and by CPU time (CPU-ms per report over all processes —
workers, this process, a Dask scheduler — at k workers against 1: the parallel overhead alone,
which other load on the machine does not distort).

Throughput is the steady state: for ``local``, from the first chunk's result to the last (the
pool's start-up and model loading are reported apart); for ``dask``, a LocalCluster on 127.0.0.1
(processes, one thread each) whose workers have loaded the pipeline before the clock starts.
Peak RSS per worker is sampled with psutil. Run it on an otherwise idle machine: with 2 cores,
any other load shows up as lost efficiency.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_throughput import articles, make_corpus, n_words  # noqa: E402

from sitrep.engines import DaskEngine, LocalEngine, warm_pipeline  # noqa: E402


class RssSampler:
    """The peak RSS of each process below this one (the workers), sampled every 0.2 s."""

    def __init__(self) -> None:
        import psutil

        self.me = psutil.Process()
        self.peak: dict[int, float] = {}
        self.cpu: dict[int, float] = {}
        self.self_mb = 0.0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(0.2)

    def sample(self) -> None:
        for p in self.me.children(recursive=True):
            try:
                with p.oneshot():
                    mb = p.memory_info().rss / 2**20
                    t = p.cpu_times()
            except Exception:  # noqa: BLE001 - a process that just ended
                continue
            self.peak[p.pid] = max(self.peak.get(p.pid, 0.0), mb)
            self.cpu[p.pid] = t.user + t.system
        self.self_mb = max(self.self_mb, self.me.memory_info().rss / 2**20)

    def total_cpu(self) -> float:
        """CPU seconds used so far by this process and every worker (as last sampled)."""
        self.sample()
        t = self.me.cpu_times()
        return t.user + t.system + sum(self.cpu.values())

    def __enter__(self) -> RssSampler:
        self._t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._t.join()

    def workers_mb(self, k: int) -> list[float]:
        """The k largest processes (the workers; the forkserver/nanny/scheduler are smaller)."""
        if not self.peak:  # in this process (local, 1 worker)
            return [self.self_mb]
        return sorted(self.peak.values(), reverse=True)[:k]


def run_local(arts: list, k: int) -> dict:
    eng = LocalEngine(workers=k)
    t0 = time.perf_counter()
    first = None
    n = 0
    with RssSampler() as rss:
        for results in eng.map(_chunk_fn(), _chunks(arts, eng.chunk_size)):
            if first is None:
                first, n_first, cpu0 = time.perf_counter(), len(results), rss.total_cpu()
            n += len(results)
        end, cpu1 = time.perf_counter(), rss.total_cpu()
    steady = (n - n_first) / (end - first)
    return {"engine": "local", "workers": k, "reports": n, "total_s": end - t0, "startup_s": first - t0,
            "reports_per_s": steady, "reports_per_s_with_startup": n / (end - t0),
            "cpu_ms_per_report": 1000 * (cpu1 - cpu0) / (n - n_first), "worker_rss_mb": rss.workers_mb(k)}


def run_dask(arts: list, k: int) -> dict:
    from distributed import Client, LocalCluster

    t0 = time.perf_counter()
    with RssSampler() as rss:
        cluster = LocalCluster(n_workers=k, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=None, silence_logs=logging.ERROR)
        client = Client(cluster)
        try:
            client.run(warm_pipeline)
            started, cpu0 = time.perf_counter(), rss.total_cpu()
            eng = DaskEngine(client=client)
            n = sum(len(r) for r in eng.map(_chunk_fn(), _chunks(arts, eng.chunk_size), warm=False))
            end, cpu1 = time.perf_counter(), rss.total_cpu()
        finally:
            client.close()
            cluster.close()
    return {"engine": "dask", "workers": k, "reports": n, "total_s": end - t0, "startup_s": started - t0,
            "reports_per_s": n / (end - started), "reports_per_s_with_startup": n / (end - t0),
            "cpu_ms_per_report": 1000 * (cpu1 - cpu0) / n, "worker_rss_mb": rss.workers_mb(k)}


def _chunk_fn():
    from sitrep.engines import extract_chunk

    return extract_chunk


def _chunks(arts: list, size: int):
    from sitrep.engines import chunked

    return chunked(arts, size)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=400, help="reports per run")
    ap.add_argument("--workers", default="1,2", help="worker counts, comma-separated (first is the base)")
    ap.add_argument("--engines", default="local,dask")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--json", metavar="OUT")
    args = ap.parse_args(argv)
    ks = [int(x) for x in args.workers.split(",")]
    rows = make_corpus(args.n, args.seed)
    arts = articles(rows)
    print(f"corpus: {len(rows)} reports, {n_words(rows) / len(rows):.0f} words each; {os.cpu_count()} cores; "
          f"load average {os.getloadavg()[0]:.2f}")
    out: dict = {"cores": os.cpu_count(), "runs": [], "efficiency": {}}
    for engine in args.engines.split(","):
        base = base_cpu = None
        for k in ks:
            load = os.getloadavg()[0]
            r = (run_local if engine == "local" else run_dask)(arts, k)
            r["loadavg_before"] = load
            out["runs"].append(r)
            base = base or r["reports_per_s"] * ks[0]
            base_cpu = base_cpu or r["cpu_ms_per_report"]
            eff = r["reports_per_s"] / (k * base / ks[0]) if k != ks[0] else 1.0
            eff_cpu = base_cpu / r["cpu_ms_per_report"]
            if k != ks[0]:
                out["efficiency"][f"{engine}:{ks[0]}->{k}"] = eff
                out["efficiency"][f"{engine}:{ks[0]}->{k}:cpu"] = eff_cpu
            print(f"{engine:5} workers={k}: {r['reports_per_s']:.1f} reports/s steady "
                  f"({r['reports_per_s_with_startup']:.1f} with {r['startup_s']:.1f} s start-up); "
                  f"efficiency {eff:.2f} (wall), {eff_cpu:.2f} (CPU: {r['cpu_ms_per_report']:.1f} ms/report, all "
                  f"processes); worker RSS {', '.join(f'{m:.0f}' for m in r['worker_rss_mb'])} MB; "
                  f"load before {load:.2f}")
    out["loadavg_end"] = os.getloadavg()[0]
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
