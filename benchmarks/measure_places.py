#!/usr/bin/env python3
"""Measure place resolution: the seed report, the UCDP GED sample, the hand-annotated set.

    PYTHONPATH=src python3 benchmarks/measure_places.py [--verbose]

For each set: share of places within 10 km of the truth and share in the right country.
- seed: each gold event with coordinates vs the mention of its location in the report;
- UCDP: headlines that name UCDP's place (``where_coordinates``, matched by exact or skeleton key),
  the event's place = ``locate(headline).for_span(whole headline)``;
- annotated (eval/places_dev.jsonl): each gold mention vs the predicted mention overlapping it
  (a missing mention counts as wrong); 10 km over golds of precision 1.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))

from sitrep.gazetteer import get_gazetteer, norm_key, skel_key  # noqa: E402
from sitrep.places import locate  # noqa: E402


def km(a_lat, a_lon, b_lat, b_lon) -> float:
    if None in (a_lat, a_lon, b_lat, b_lon):
        return math.inf
    p1, p2 = math.radians(a_lat), math.radians(b_lat)
    dp, dl = p2 - p1, math.radians(b_lon - a_lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def share(xs) -> str:
    xs = list(xs)
    return f"{sum(xs) / len(xs):.1%} ({sum(xs)}/{len(xs)})" if xs else "n/a"


def seed(verbose: bool) -> None:
    text = (SHARED / "data/seed/000_ac7b9c183c30a6de.txt").read_text(encoding="utf-8")
    gold = json.loads((SHARED / "data/gold/seed.jsonl").read_text().splitlines()[0])
    ap = locate(text, title=gold.get("title"))
    ok10, okc = [], []
    for ev in gold["events"]:
        if ev.get("lat") is None:
            continue
        words = [w for w in (ev["location"] or "").split() if w[0].isupper()]
        name = " ".join(words)
        ms = [m for m in ap.mentions if m.text == name or m.text in (ev["location"] or "")]
        p = ms[0].place if ms else None
        d = km(ev["lat"], ev["lon"], p.latitude, p.longitude) if p else math.inf
        ok10.append(d <= 10)
        okc.append(bool(p) and p.iso3 == ev["country"])
        if verbose:
            print(f"  seed {ev['location']!r}: {p and p.location} {p and p.iso3} {d:.1f} km")
    print(f"seed        within 10 km {share(ok10)}   right country {share(okc)}")


_DESCR = re.compile(r"\s+(town|village|city|suburb|camp|district|province|governorate|region|area|"
                    r"neighbourhood|neighborhood|municipality|county|state|subdistrict|sub-district|"
                    r"countryside|airport|base|prison|checkpoint|hospital)\b.*$", re.I)


def _named(name: str, text: str) -> bool:
    toks = re.findall(r"[^\W\d_][\w'’‘`-]*", text)
    k, sk = norm_key(name), skel_key(name)
    for n in range(1, 5):
        for i in range(len(toks) - n + 1):
            s = " ".join(toks[i:i + n])
            if norm_key(s) == k or (sk and len(sk) >= 4 and skel_key(s) == sk):
                return True
    return False


@cache
def _iso3(ucdp_country: str) -> str | None:
    """UCDP's country name ("DR Congo (Zaire)", "Myanmar (Burma)") as ISO3, through the gazetteer,
    so that names spelled otherwise than GeoNames spells them are no misses."""
    name = ucdp_country.split("(")[0].strip()
    return next((m.place.iso3 for m in locate(name).mentions if m.kind == "country"), None)


def _held(name: str, lat: float, lon: float) -> bool:
    """Does the gazetteer hold a place of this name (or spelling) within 10 km of the truth?"""
    gaz = get_gazetteer()
    keys = [norm_key(name)] + ([f"~{skel_key(name)}"] if skel_key(name) else [])
    ids = [i for v in gaz.lookup(keys).values() for i in v]
    return any(km(lat, lon, r.lat, r.lon) <= 10 for r in gaz.records(ids))


def ucdp(verbose: bool) -> None:
    rows = [json.loads(x) for x in (SHARED / "data/dev/ucdp_ged_sample.jsonl").read_text().splitlines() if x]
    ok10, okc_named, okc_all, ok10_held = [], [], [], []
    for r in rows:
        g = r["gold"]
        text = r["text"]
        ap = locate(text)
        p = ap.for_span(0, len(text))
        country_ok = bool(p.iso3) and p.iso3 == _iso3(g["country"])
        okc_all.append(country_ok)
        name = _DESCR.sub("", g["where_coordinates"] or "").strip()
        if not name or not _named(name, text):
            continue
        okc_named.append(country_ok)
        if g["where_prec"] in (1, 2):
            d = km(g["latitude"], g["longitude"], p.latitude, p.longitude)
            ok10.append(d <= 10)
            if _held(name, g["latitude"], g["longitude"]):
                ok10_held.append(d <= 10)
            if verbose and d > 10:
                print(f"  ucdp {r['id']}: {name!r} gold ({g['latitude']},{g['longitude']}) -> "
                      f"{p.location} {p.iso3} ({p.latitude},{p.longitude}) {d:.0f} km | {text[:90]}")
    print(f"UCDP        named town (where_prec 1-2) within 10 km {share(ok10)} "
          f"[{share(ok10_held)} of the towns the gazetteer holds]; "
          f"right country: named {share(okc_named)}, all {share(okc_all)}")


def annotated(verbose: bool, use_doc: bool) -> None:
    path = ROOT / "eval/places_dev.jsonl"
    if not path.exists():
        print("annotated   eval/places_dev.jsonl not found")
        return
    texts = {}
    for line in (SHARED / "data/dev/wikievents.jsonl").read_text().splitlines():
        if line.strip():
            d = json.loads(line)
            texts[d["id"]] = d["text"]
    gold = [json.loads(x) for x in path.read_text().splitlines() if x.strip()]
    cache = {}
    nlp = None
    if use_doc:
        from sitrep.nlp import get_nlp

        nlp = get_nlp()
    ok10, okc, found = [], [], []
    for gm in gold:
        aid = gm["article_id"]
        if aid not in texts:
            continue
        if aid not in cache:
            cache[aid] = locate(texts[aid], doc=nlp(texts[aid]) if nlp else None)
        ap = cache[aid]
        ms = [m for m in ap.mentions if m.start < gm["end"] and gm["start"] < m.end]
        p = ms[0].place if ms else None
        found.append(p is not None)
        okc.append(p is not None and p.iso3 == gm["iso3"])
        if gm["geo_precision"] == 1 and gm.get("kind", "town") == "town":
            d = km(gm["lat"], gm["lon"], p.latitude, p.longitude) if p else math.inf
            ok10.append(d <= 10)
            if verbose and d > 10:
                print(f"  ann {aid} {gm['mention']!r} -> {p and (p.location, p.iso3)} {d:.0f} km")
        elif verbose and not okc[-1]:
            print(f"  ann {aid} {gm['mention']!r} ({gm['iso3']}) -> {p and (p.location, p.iso3)}")
    print(f"annotated{' +doc' if use_doc else ''}   found {share(found)}; right country {share(okc)}; "
          f"towns (precision 1) within 10 km {share(ok10)}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--verbose", "-v", action="store_true")
    ap.add_argument("--doc", action="store_true", help="give locate() the spaCy Doc (annotated set)")
    a = ap.parse_args()
    seed(a.verbose)
    ucdp(a.verbose)
    annotated(a.verbose, a.doc)


if __name__ == "__main__":
    main()
