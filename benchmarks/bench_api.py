"""Load benchmark of ``sitrep serve`` on loopback (not a test).

Builds a store of synthetic but realistic events (bulk insert), starts the server in a subprocess
on 127.0.0.1, and drives a fixed request rate at ``GET /events`` with varied filters from a bounded
open-loop client (each request is scheduled at its time slot whether or not earlier ones have come
back; latency is measured from the slot, so a stalled server shows up in the tail). Prints the
achieved rate and p50/p95/p99 latency.

    PYTHONPATH=src python benchmarks/bench_api.py                     # 100k events, 200 req/s, 30 s
    PYTHONPATH=src python benchmarks/bench_api.py --cache-ttl 0       # API cache off: every request hits DuckDB
    PYTHONPATH=src python benchmarks/bench_api.py --events 20000 --rate 100 --seconds 10 --db /tmp/b.duckdb

Goal: 200 req/s with p99 < 200 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# (location, admin1, country, iso3, lat, lon)
PLACES = [
    ("Kharkiv", "Kharkiv", "Ukraine", "UKR", 49.99, 36.23), ("Izium", "Kharkiv", "Ukraine", "UKR", 49.21, 37.26),
    ("Bakhmut", "Donetsk", "Ukraine", "UKR", 48.60, 38.00), ("Avdiivka", "Donetsk", "Ukraine", "UKR", 48.14, 37.74),
    ("Kherson", "Kherson", "Ukraine", "UKR", 46.64, 32.61), ("Sumy", "Sumy", "Ukraine", "UKR", 50.91, 34.80),
    ("Idlib", "Idlib", "Syria", "SYR", 35.93, 36.63), ("Khan Shaykhun", "Idlib", "Syria", "SYR", 35.44, 36.65),
    ("Aleppo", "Aleppo", "Syria", "SYR", 36.20, 37.16), ("Deir ez-Zor", "Deir ez-Zor", "Syria", "SYR", 35.34, 40.14),
    ("Mogadishu", "Banadir", "Somalia", "SOM", 2.04, 45.34), ("Baidoa", "Bay", "Somalia", "SOM", 3.11, 43.65),
    ("Kismayo", "Lower Juba", "Somalia", "SOM", -0.36, 42.55), ("Goma", "Nord-Kivu", "Democratic Republic of Congo", "COD", -1.68, 29.22),
    ("Beni", "Nord-Kivu", "Democratic Republic of Congo", "COD", 0.49, 29.47), ("Bunia", "Ituri", "Democratic Republic of Congo", "COD", 1.56, 30.25),
    ("Maiduguri", "Borno", "Nigeria", "NGA", 11.85, 13.16), ("Gusau", "Zamfara", "Nigeria", "NGA", 12.16, 6.66),
    ("Kaduna", "Kaduna", "Nigeria", "NGA", 10.52, 7.44), ("Gao", "Gao", "Mali", "MLI", 16.27, -0.04),
    ("Mopti", "Mopti", "Mali", "MLI", 14.49, -4.20), ("Timbuktu", "Tombouctou", "Mali", "MLI", 16.77, -3.01),
    ("Ouagadougou", "Centre", "Burkina Faso", "BFA", 12.37, -1.53), ("Djibo", "Sahel", "Burkina Faso", "BFA", 14.10, -1.63),
    ("Khartoum", "Khartoum", "Sudan", "SDN", 15.50, 32.56), ("El Fasher", "North Darfur", "Sudan", "SDN", 13.63, 25.35),
    ("Nyala", "South Darfur", "Sudan", "SDN", 12.05, 24.88), ("Sanaa", "Amanat al Asimah", "Yemen", "YEM", 15.35, 44.21),
    ("Taiz", "Taiz", "Yemen", "YEM", 13.58, 44.02), ("Hodeidah", "Al Hudaydah", "Yemen", "YEM", 14.80, 42.95),
    ("Kabul", "Kabul", "Afghanistan", "AFG", 34.53, 69.17), ("Kandahar", "Kandahar", "Afghanistan", "AFG", 31.61, 65.71),
    ("Myitkyina", "Kachin", "Myanmar", "MMR", 25.38, 97.40), ("Lashio", "Shan-North", "Myanmar", "MMR", 22.93, 97.75),
    ("Nairobi", "Nairobi", "Kenya", "KEN", -1.29, 36.82), ("Mombasa", "Mombasa", "Kenya", "KEN", -4.04, 39.67),
    ("Port-au-Prince", "Ouest", "Haiti", "HTI", 18.54, -72.34), ("Gaza City", "Gaza Strip", "Palestine", "PSE", 31.50, 34.47),
    ("Khan Younis", "Gaza Strip", "Palestine", "PSE", 31.35, 34.31), ("Mosul", "Ninewa", "Iraq", "IRQ", 36.34, 43.13),
]
STATE = {"UKR": "Military Forces of Ukraine (2019-)", "SYR": "Military Forces of Syria (2000-2024)",
         "SOM": "Military Forces of Somalia (2022-)", "COD": "Military Forces of the Democratic Republic of Congo (2019-)",
         "NGA": "Military Forces of Nigeria (2023-)", "MLI": "Military Forces of Mali (2021-)",
         "BFA": "Military Forces of Burkina Faso (2022-)", "SDN": "Military Forces of Sudan (2019-)",
         "YEM": "Military Forces of Yemen (2017-) Houthi", "AFG": "Military Forces of Afghanistan (2021-)",
         "MMR": "Military Forces of Myanmar (2021-)", "KEN": "Police Forces of Kenya (2022-)",
         "HTI": "Police Forces of Haiti (2021-)", "PSE": "Hamas Movement", "IRQ": "Military Forces of Iraq (2022-)"}
NONSTATE = {"UKR": "Military Forces of Russia (2000-)", "SYR": "Hayat Tahrir al-Sham", "SOM": "Al Shabaab",
            "COD": "M23: March 23 Movement", "NGA": "Islamic State West Africa Province",
            "MLI": "JNIM: Group for Support of Islam and Muslims", "BFA": "JNIM: Group for Support of Islam and Muslims",
            "SDN": "Rapid Support Forces", "YEM": "Military Forces of Saudi Arabia (2015-)",
            "AFG": "Islamic State Khorasan Province", "MMR": "KIA: Kachin Independence Army",
            "KEN": "Protesters (Kenya)", "HTI": "Viv Ansanm", "PSE": "Military Forces of Israel (2022-)",
            "IRQ": "Islamic State (Iraq)"}
# (event_type, sub_event_type, weight, inter1, inter2)
TYPES = [
    ("Battles", "Armed clash", 30, 1, 2), ("Battles", "Government regains territory", 2, 1, 2),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", 20, 8, 1),
    ("Explosions/Remote violence", "Air/drone strike", 14, 1, 2),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", 5, 2, 1),
    ("Violence against civilians", "Attack", 10, 2, 7), ("Violence against civilians", "Abduction/forced disappearance", 3, 2, 7),
    ("Protests", "Peaceful protest", 8, 6, 0), ("Protests", "Protest with intervention", 2, 6, 1),
    ("Riots", "Violent demonstration", 3, 5, 1), ("Riots", "Mob violence", 1, 5, 7),
    ("Strategic developments", "Arrests", 1, 1, 6), ("Strategic developments", "Looting/property destruction", 1, 2, 7),
]
DISORDER = {"Battles": "Political violence", "Explosions/Remote violence": "Political violence",
            "Violence against civilians": "Political violence", "Protests": "Demonstrations",
            "Riots": "Demonstrations", "Strategic developments": "Strategic developments"}
START = dt.date(2022, 1, 1)
DAYS = 3 * 365


def build_store(path: Path, n: int, seed: int = 7) -> float:
    """Bulk-insert ``n`` synthetic events through the store's own schema; seconds taken."""
    import pyarrow as pa

    from sitrep.model import FIELDS, Actor, Casualties, Event, EventDate, Evidence, Place
    from sitrep.store import open_store

    t0 = time.perf_counter()
    rng = random.Random(seed)
    weights = [t[2] for t in TYPES]
    cols: dict[str, list] = {f: [] for f in FIELDS}
    for i in range(n):
        loc, adm1, country, iso3, lat, lon = rng.choice(PLACES)
        et, st, _, i1, i2 = rng.choices(TYPES, weights)[0]
        day = START + dt.timedelta(days=int(rng.triangular(0, DAYS, DAYS * 0.8)))
        a1 = STATE[iso3] if i1 == 1 else NONSTATE[iso3] if i1 in (2, 8) else (
            f"Protesters ({country})" if i1 == 6 else f"Rioters ({country})")
        a2 = None if i2 == 0 else (f"Civilians ({country})" if i2 == 7 else STATE[iso3] if i2 == 1 else NONSTATE[iso3])
        fat = 0 if et in ("Protests", "Strategic developments") else min(int(rng.paretovariate(1.6)) - 1, 400)
        sentence = f"{a1} carried out a {st.lower()} in {loc}, {adm1}, killing {fat} people."
        ev = Event(
            article_id=f"bench-{i // 3}", event_type=et, sub_event_type=st, disorder_type=DISORDER[et],
            actor1=Actor(a1, i1), actor2=Actor(a2, i2) if a2 else None, date=EventDate.day(day),
            place=Place(loc, round(lat + rng.uniform(-0.15, 0.15), 4), round(lon + rng.uniform(-0.15, 0.15), 4),
                        rng.choice((1, 1, 1, 2, 3)), country, iso3, adm1),
            evidence=Evidence(sentence, 0, len(sentence)), casualties=Casualties(fat),
            notes=f"On {day:%d %B %Y}, {sentence}", source=rng.choice(("AFP", "Reuters", "AP", "BBC", "Al Jazeera")),
            confidence=rng.uniform(0.4, 0.95), event_id=f"sr-bench{i:08d}",
        )
        for k, v in ev.to_record().items():
            cols[k].append(v)
    for k in ("event_date", "date_start", "date_end"):
        cols[k] = [dt.date.fromisoformat(v) for v in cols[k]]
    bench_rows = pa.table(cols)  # noqa: F841  (read by DuckDB by name)
    store = open_store(path)
    try:
        con = store.con  # no bulk API in Store: insert through its DuckDB connection and schema
        names = ", ".join(f'"{f}"' for f in FIELDS)
        con.execute(f"INSERT INTO events ({names}) SELECT {names} FROM bench_rows")
        con.execute("CHECKPOINT")
        assert store.count_events() == n
    finally:
        store.close()
    return time.perf_counter() - t0


def request_mix(rng: random.Random) -> dict[str, str]:
    """Query parameters for one request: the kinds of selection the web page makes."""
    loc = rng.choice(PLACES)
    kind = rng.random()
    p: dict[str, str] = {"limit": rng.choice(("50", "100"))}
    if kind < 0.15:
        pass  # the front page: most recent events
    elif kind < 0.35:
        p["country"] = rng.choice((loc[2], loc[3]))
    elif kind < 0.50:
        p["event_type"] = rng.choice(TYPES)[0]
    elif kind < 0.60:
        p["sub_event_type"] = rng.choice(TYPES)[1]
        p["country"] = loc[3]
    elif kind < 0.70:
        a = START + dt.timedelta(days=rng.randrange(DAYS))
        p["date_from"], p["date_to"] = a.isoformat(), (a + dt.timedelta(days=rng.choice((7, 30, 90)))).isoformat()
    elif kind < 0.78:
        p["bbox"] = f"{loc[5] - 3},{loc[4] - 3},{loc[5] + 3},{loc[4] + 3}"
    elif kind < 0.85:
        p["actor"] = rng.choice(("Shabaab", "Rapid Support", "Protesters", "Islamic State", "Russia", "JNIM"))
    elif kind < 0.92:
        p["min_fatalities"] = str(rng.choice((1, 5, 10, 50)))
        p["country"] = loc[3]
    else:
        p["q"] = rng.choice((loc[0], "shelling", "drone", "abduction", loc[1]))
    if rng.random() < 0.25:
        p["offset"] = str(rng.choice((50, 100, 200, 500)))
    if rng.random() < 0.15:
        p["order_by"] = "fatalities"
    return p


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SERVER = """
import sys, uvicorn
from sitrep.api import create_app
app = create_app(sys.argv[1], cache_ttl=float(sys.argv[3]))
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning", access_log=False)
"""


def drive(base: str, rate: float, seconds: float, concurrency: int, seed: int) -> dict:
    """Open loop: a scheduler queues one request per 1/rate s; ``concurrency`` threads with one
    keep-alive connection each send them (stdlib http.client: a light client, so that the client
    does not eat the CPU the server needs on a small machine). Bounded in count and time."""
    import http.client
    import queue
    import threading
    from urllib.parse import urlencode, urlparse

    rng = random.Random(seed)
    total = int(rate * seconds)
    jobs: queue.Queue = queue.Queue()
    latencies: list[float] = []
    errors: dict[str, int] = {}
    lock = threading.Lock()
    u = urlparse(base)
    stop_at = time.perf_counter() + seconds + 30

    def worker() -> None:
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
        while True:
            job = jobs.get()
            if job is None:
                break
            slot, path = job
            if time.perf_counter() > stop_at:
                with lock:
                    errors["unfinished"] = errors.get("unfinished", 0) + 1
                continue
            try:
                conn.request("GET", path)
                resp = conn.getresponse()
                resp.read()
                with lock:
                    if resp.status == 200:
                        latencies.append(time.perf_counter() - slot)
                    else:
                        errors[str(resp.status)] = errors.get(str(resp.status), 0) + 1
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
                conn.close()
                conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
        conn.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for t in threads:
        t.start()
    start = time.perf_counter()
    for i in range(total):
        slot = start + i / rate
        delay = slot - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        jobs.put((slot, "/events?" + urlencode(request_mix(rng))))
    for _ in threads:
        jobs.put(None)
    for t in threads:
        t.join(max(0.1, stop_at - time.perf_counter()))
    elapsed = time.perf_counter() - start
    return {"sent": total, "ok": len(latencies), "errors": errors, "elapsed": elapsed, "latencies": latencies}


def pct(xs: list[float], q: float) -> float:
    return statistics.quantiles(xs, n=1000, method="inclusive")[int(q * 10) - 1] if len(xs) > 1 else float("nan")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--rate", type=float, default=200.0, help="requests per second (default 200)")
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--concurrency", type=int, default=32, help="client threads = most requests in flight (default 32)")
    ap.add_argument("--cache-ttl", type=float, default=10.0, help="the API's result cache, seconds (0: off)")
    ap.add_argument("--db", type=Path, help="reuse/keep this store (built when missing)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)

    tmp = None
    db = args.db
    if db is None:
        tmp = tempfile.TemporaryDirectory(prefix="sitrep-bench-")
        db = Path(tmp.name) / "bench.duckdb"
    if not db.exists():
        took = build_store(db, args.events)
        print(f"store: {args.events:,} events built in {took:.1f} s ({db})")
    port = free_port()
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parents[1] / "src")
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.Popen([sys.executable, "-c", SERVER, str(db), str(port), str(args.cache_ttl)], env=env)
    try:
        import httpx

        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                print("server did not start", file=sys.stderr)
                return 1
            time.sleep(0.2)
        httpx.get(base + "/events", timeout=10)  # warm up
        res = drive(base, args.rate, args.seconds, args.concurrency, args.seed)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        if tmp is not None:
            tmp.cleanup()

    lat = sorted(x * 1000 for x in res["latencies"])
    rate = res["ok"] / res["elapsed"]
    print(f"GET /events, varied filters, {args.rate:.0f} req/s target for {args.seconds:.0f} s, "
          f"cache ttl {args.cache_ttl:g} s, {os.cpu_count()} CPUs")
    print(f"  sent {res['sent']}, ok {res['ok']}, errors {res['errors'] or 0}, achieved {rate:.1f} req/s")
    if lat:
        print(f"  latency ms: p50 {pct(lat, 50):.1f}  p95 {pct(lat, 95):.1f}  p99 {pct(lat, 99):.1f}  max {lat[-1]:.1f}")
    ok = lat and not res["errors"] and rate >= 0.95 * args.rate and pct(lat, 99) < 200
    print("  goal (rate reached, p99 < 200 ms):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
