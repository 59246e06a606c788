#!/usr/bin/env python3
"""Check eval/places_dev.jsonl: offsets match the report text, fields are present and sane.

    python3 eval/check_places.py [PLACES.jsonl] [REPORTS.jsonl ...]

Reports default to ../shared/data/dev/wikievents.jsonl and eval/reports_dev.jsonl (any JSONL
with "id" and "text"). Exits 1 on the first run with errors, printing each one.
"""
import json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"town", "admin1", "country", "region"}
KEYS = ["article_id", "mention", "start", "end", "location", "geonameid", "iso3", "admin1",
        "lat", "lon", "geo_precision", "kind"]


def load_texts(paths):
    texts = {}
    for p in paths:
        if os.path.exists(p):
            for line in open(p, encoding="utf-8"):
                if line.strip():
                    d = json.loads(line)
                    texts.setdefault(str(d["id"]), d["text"])
    return texts


def main(argv):
    places = argv[1] if len(argv) > 1 else os.path.join(HERE, "places_dev.jsonl")
    reports = argv[2:] or [os.path.join(HERE, "..", "..", "shared", "data", "dev", "wikievents.jsonl"),
                           "/work/shared/data/dev/wikievents.jsonl",
                           os.path.join(HERE, "reports_dev.jsonl")]
    texts = load_texts(reports)
    errs, n, seen = [], 0, set()
    for i, line in enumerate(open(places, encoding="utf-8"), 1):
        if not line.strip():
            continue
        n += 1
        d = json.loads(line)
        where = f"line {i}"
        for k in KEYS:
            if k not in d:
                errs.append(f"{where}: missing {k}")
        t = texts.get(str(d.get("article_id")))
        if t is None:
            errs.append(f"{where}: unknown article {d.get('article_id')}")
            continue
        s, e = d.get("start"), d.get("end")
        if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(t)) or t[s:e] != d.get("mention"):
            errs.append(f"{where}: text[{s}:{e}]={t[s:e] if isinstance(s, int) and isinstance(e, int) else None!r} != {d.get('mention')!r}")
        if (d.get("article_id"), s) in seen:
            errs.append(f"{where}: duplicate span")
        seen.add((d.get("article_id"), s))
        if d.get("kind") not in KINDS:
            errs.append(f"{where}: kind {d.get('kind')!r}")
        if d.get("geo_precision") not in (1, 2, 3):
            errs.append(f"{where}: geo_precision {d.get('geo_precision')!r}")
        lat, lon = d.get("lat"), d.get("lon")
        if (lat is None) != (lon is None):
            errs.append(f"{where}: lat/lon half missing")
        if lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
            errs.append(f"{where}: bad coordinates {lat},{lon}")
        iso = d.get("iso3")
        if iso is not None and not (isinstance(iso, str) and len(iso) == 3 and iso.isupper()):
            errs.append(f"{where}: iso3 {iso!r}")
        if d.get("geonameid") is None and lat is not None and d.get("kind") == "town" and d.get("source") != "coder":
            errs.append(f"{where}: town without geonameid must say source: coder")
    for e in errs:
        print(e)
    print(f"{n} mentions, {len({k[0] for k in seen})} reports, {len(errs)} errors")
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
