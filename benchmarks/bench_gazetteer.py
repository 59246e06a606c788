#!/usr/bin/env python3
"""Gazetteer speed and memory: index load time, resolve() per second, locate() per report, RSS.

    PYTHONPATH=src python3 benchmarks/bench_gazetteer.py

Goals (issue 3): load < 1 s, >= 5,000 resolutions/s on one core, gazetteer RSS < 300 MB,
locate() well under 10 ms for a 600-word report.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


NAMES = ["Khan Sheikhun", "Maarat al-Nouman", "Idleb", "Hamah", "Dayr az Zawr", "Aleppo", "Homs", "Kabul",
         "Kandahar", "Maiduguri", "Mogadishu", "Nairobi", "Mosul", "Sanaa", "Tripoli", "Benghazi", "Goma",
         "Bunia", "Gao", "Timbuktu", "Ouagadougou", "Donetsk", "Bakhmut", "Kharkiv", "Gaza", "Rafah",
         "Raqqa", "Deir ez-Zor", "Daraa", "Jisr al-Shughur"]


def main() -> None:
    base = rss_mb()
    t = time.perf_counter()
    from sitrep.gazetteer import get_gazetteer

    g = get_gazetteer()
    load = time.perf_counter() - t
    from sitrep.places import locate, resolve

    n, t = 0, time.perf_counter()
    while time.perf_counter() - t < 2.0:
        for i, name in enumerate(NAMES):
            resolve(name, "SYR" if i % 2 else None)
        n += len(NAMES)
    rate = n / (time.perf_counter() - t)
    text = (ROOT.parent / "shared/data/seed/000_ac7b9c183c30a6de.txt").read_text(encoding="utf-8")
    locate(text)
    k, t = 0, time.perf_counter()
    while time.perf_counter() - t < 2.0:
        locate(text)
        k += 1
    per = (time.perf_counter() - t) / k
    words = len(text.split())
    print(f"index: {g.path} ({g.path.stat().st_size / 1e6:.1f} MB on disk)")
    print(f"index load: {load * 1000:.0f} ms")
    print(f"resolve(): {rate:,.0f} names/s (one core)")
    print(f"locate(): {per * 1000:.2f} ms per report of {words} words ({per * 1000 * 600 / words:.2f} ms / 600 words)")
    print(f"RSS: {rss_mb():.0f} MB total, gazetteer + places {rss_mb() - base:.0f} MB above the interpreter")


if __name__ == "__main__":
    main()
