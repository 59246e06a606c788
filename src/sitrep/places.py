"""Place mentions in a report, resolved against the offline gazetteer, and each event's place.

How it works (see docs/places.md):

1. Scan: runs of capitalised tokens (with article connectors: al-, el-, ad-, as-, ash-, de ...)
   give candidate spans of up to 5 tokens; every span's exact key and transliteration-tolerant
   skeleton key are looked up in one batched query. Longest hit wins, exact keys before skeletons.
2. Filter: stop words, words the report also writes in lower case, names after a title
   ("President", "Mr") or a first name, spaCy PERSON entities (only a whole-entity match that the
   gazetteer strongly supports survives), known non-places ("Hayat Tahrir al-Sham").
3. Focus country: votes from named countries, demonyms, divisions and unambiguous towns
   (the title counts double).
4. Disambiguate each mention: focus and named countries, the divisions the report names, population,
   kind (country > town > division for a bare name; "X province"/"southern X" → division,
   "X city" → town); small places outside the report's countries are rejected.
5. Precision from the words around: "near X", "20km north of X", "outskirts of X" → 2 at X;
   "southern Idlib", "Idlib province", "north-west Syria" → 3 at the region.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import lru_cache

from sitrep.gazetteer import ARTICLES, Gazetteer, Rec, get_gazetteer, load_aliases, norm_key, skel_key
from sitrep.model import Place

__all__ = ["PlaceMention", "ArticlePlaces", "locate", "resolve"]

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_](?:[\w'’ʿʾ‘`]*[^\W_])?")
_SEP_OK = re.compile(r"^(?: |\u00a0|-|‑)$")  # (a spaced dash ends a dateline, not a name part)
_SEP_CHARS = frozenset({" ", "\u00a0", "-", "‑"})
_CONNECTORS = ARTICLES | {"de", "del", "la", "le", "les", "du", "des", "di", "da", "bin", "ibn", "bani", "beni",
                          "umm", "abu", "dos", "das", "do", "van", "von", "al", "el",
                          # Persian/Urdu ezafe and Spanish "y": Mazar-i-Sharif, Dera Ismail Khan-e-..., Castilla y Leon
                          "i", "e", "ul", "ud", "ur", "y",
                          # French and German: Port-au-Prince, Boulogne-sur-Mer, Frankfurt am Main
                          "au", "aux", "sur", "sous", "en", "am",
                          # country names: Bosnia and Herzegovina, Trinidad and Tobago
                          "and"}
_ENGLISH_HOMOGRAPHS = frozenset({"as", "an", "at", "en", "us", "et", "il", "es", "ed", "er", "ad", "i", "e", "y", "am",
                                 "and", "au"})
# "the U.S. military said", "Turkey's army": a country named as whose forces act. Such a foreign
# force's country is present in a report only as a demonym is.
_ARMED_NOUNS = (r"military|army|forces|troops|navy|air force|coast guard|aircraft|warplanes|warships|jets|drones|defen[cs]e forces?|police force|national police|"
                r"people's defen[cs]e forces?|gendarmerie|border guards?")
_ARMED_NOUN_AFTER = re.compile(rf"(?:['’]s)?\s+(?:{_ARMED_NOUNS})\b", re.I)
# ... and, with who speaks or governs, not a place at all.
ACTOR_NOUN_AFTER = re.compile(
    rf"(?:['’]s)?\s+(?:{_ARMED_NOUNS}|government|officials?|authorities|embassy|ministry|president|envoy|"
    r"defen[cs]e (?:ministry|department)|state media|media|intelligence|police|diplomats?)\b", re.I)
_LANDMARK_AFTER = re.compile(r"\s+(?:roundabout|street|road|square|bridge|junction|avenue|boulevard|highway|crossing|"
                             r"intersection|circle|gate|hotel|tower|towers|mall|building|stadium)\b", re.I)
_SENT_START = re.compile(r"(?:^|[.!?\n][\"'”’)]?\s*|^\s*[\"“‘])$")
_KIND_RANK = {"town": 0, "admin2": 1, "admin1": 2, "region": 3, "country": 4}

_DIR = r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)"
_NEAR_BEFORE = re.compile(
    r"(?:\bnear|\boutside|\boutskirts of|\bsuburbs? of|\bvicinity of|\bclose to|\baround|\benvirons of"
    r"|\bcountryside of|\bperiphery of|\bedge of|\boff|\b" + _DIR + r"(?:ern)? (?:outskirts )?of"
    r"|\b(?:km|kms|kilometres?|kilometers?|miles?|mi)\s+(?:to the\s+)?" + _DIR + r"\w*\s+of)"
    r"\s+(?:the\s+)?(?:(?:town|city|village|area|district)\s+of\s+)?(?:(?:al|el|ad|as|ash|an|ar|at|az)-\s*)?$"
)
_DIR_BEFORE = re.compile(
    r"\b((?:southern|northern|eastern|western|central|north-?western|north-?eastern|south-?western"
    r"|south-?eastern|" + _DIR + r"|rural|greater|upper|lower|far)(?:\s*-\s*|\s+)(?:the\s+)?)$"
)
_REGION_BEFORE = re.compile(r"\b(?:province|governorate|state|region|district|department|prefecture)\s+of\s+$")
_UNIT_OF = re.compile(r"\b(?:upazila|district|tehsil|taluka|county|municipality|commune|sub-?district|township|"
                      r"village|town|locality|sector|neighbou?rhood)\s+of\s+(?:the\s+)?$", re.I)
_BORDER_WITH = re.compile(r"\b(?:border|borders|frontier|boundary)\s+with\s+(?:the\s+)?$", re.I)
_TOWN_BEFORE = re.compile(r"\b(?:town|city|village|hamlet|camp)\s+of\s+(?:the\s+)?$")
# (not "township": a Myanmar township is coded at its town)
_REGION_AFTER = re.compile(
    r"^(?:'s|’s)?\s+(province|governorate|state|region|district|prefecture|oblast|department|county"
    r"|countryside|territory|wilaya|area|municipality|regency|upazila|tehsil|raion|rayon)\b", re.I)
_TOWN_AFTER = re.compile(r"^\s+(city|town|village)\b", re.I)
_NEAR_AFTER = re.compile(r"^(?:'s|’s)?\s+(outskirts|suburbs|countryside|environs|periphery|surroundings|vicinity)\b")
# "X, Y" / "X in Y" / "X of Y" / "X village, Y" / "X neighbourhood of Y": Y contains X.
_NEAR_GAP = re.compile(r"^\s*(?:(?:village|town|district|area|camp|locality)\s*)?,?\s*(?:near|outside|close to)\s+"
                       r"(?:the\s+(?:city|town|capital|village)\s+of\s+)?$", re.I)
_CONTAINER_GAP = re.compile(
    r"^\s*(?:(?:community|village|town|city|district|sub-?district|neighbou?rhood|quarter|area|camp|municipality"
    r"|county|province|governorate|state|region)\s*)?(?:,|\bin\b|\bof\b|\bem\b|\bà\b|\ben\b)\s*(?:the\s+)?"
    r"(?:(?:old|central|downtown|greater)\s+)?$", re.I)
# AP-style US state abbreviations after a town: "Junction City, Kan.", "Redfield, S.D."
_US_ABBR = {"Ala": "AL", "Ariz": "AZ", "Ark": "AR", "Calif": "CA", "Colo": "CO", "Conn": "CT", "Del": "DE",
            "Fla": "FL", "Ga": "GA", "Ill": "IL", "Ind": "IN", "Kan": "KS", "Kans": "KS", "Ky": "KY", "La": "LA",
            "Md": "MD", "Mass": "MA", "Mich": "MI", "Minn": "MN", "Miss": "MS", "Mo": "MO", "Mont": "MT",
            "Neb": "NE", "Nev": "NV", "N.H": "NH", "N.J": "NJ", "N.M": "NM", "N.Y": "NY", "N.C": "NC",
            "N.D": "ND", "Okla": "OK", "Ore": "OR", "Pa": "PA", "R.I": "RI", "S.C": "SC", "S.D": "SD",
            "Tenn": "TN", "Tex": "TX", "Va": "VA", "Vt": "VT", "Wash": "WA", "W.Va": "WV", "Wis": "WI", "Wyo": "WY"}
_US_ABBR_RE = re.compile(r"(?<=[A-Za-z]),\s+(" + "|".join(re.escape(k) for k in sorted(_US_ABBR, key=len, reverse=True))
                         + r")\.(?=[\s,;:)\"'’”]|$)")
# "NAIROBI, July 7 (Reuters) -", "MOGADISHU, Somalia (AP) —", "KANDAHAR, Afghanistan, Oct. 3 (Xinhua) --",
# "Bamako (AFP) Oct 13, 2020 -": at the start of a line, possibly glued to a headline before it.
_DATELINE = re.compile(
    r"(?:^|\n|(?<=[a-z.!?”\"]))\s*([A-Z][A-Z'’.\- ]{2,}|[A-Z][a-z]+(?=\s*\())(?:,\s*[\w .,'’-]{2,40}?)?\s*"
    r"(?:\([^)]{1,40}\))\s*(?:[\w .,]{0,20}\d{4}\s*)?[-—–:]+|"
    r"(?:^|\n)\s*([A-Z][A-Z'’.\- ]{2,})(?:,\s*[\w .,'’-]{2,40}?)?\s*(?:[—–]|\s-\s)|"
    r"(?:^|\n)\s*([A-Z][A-Z'’.\- ]{2,}):\s|"
    # South Asian press: "Srinagar, Oct 14:", "New Delhi, March 3 (PTI) -"
    r"(?:^|\n)\s*([A-Z][a-z]+(?: [A-Z][a-z]+)?),\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+"
    r"\d{1,2}(?:,\s*\d{4})?\s*(?:\([^)]{1,20}\)\s*)?[:—–-]")


@dataclass
class PlaceMention:
    text: str
    start: int
    end: int
    place: Place
    kind: str  # "town", "admin2", "admin1", "region", "country"
    score: float
    dateline: bool = False
    rec: Rec | None = field(default=None, repr=False, compare=False)  # the gazetteer row chosen


@dataclass
class ArticlePlaces:
    mentions: list[PlaceMention] = field(default_factory=list)
    focus_iso3: str | None = None
    focus_place: Place | None = None
    text: str = ""

    def _alone_on_line(self, m: PlaceMention) -> bool:
        line_start = self.text.rfind("\n", 0, m.start) + 1
        line_end = self.text.find("\n", m.end)
        line = self.text[line_start:len(self.text) if line_end < 0 else line_end]
        return line.strip(" :-*#") == self.text[m.start:m.end]

    def for_span(self, start: int, end: int) -> Place:
        """The place of an event whose evidence is text[start:end]: a mention inside the span
        (the most specific; the report's country first), else the nearest mention before it in
        the same paragraph, else a country-level place (precision 3), else an empty Place."""
        ms = [m for m in self.mentions if not m.dateline]
        inside = [m for m in ms if start <= m.start and m.end <= end
                  # "the town of Bunagana on the border with Uganda": the neighbour is no place of it
                  and not (m.kind == "country" and _BORDER_WITH.search(self.text, max(0, m.start - 30), m.start))]
        if inside:
            # Over a long span (a whole report, a bundle of headlines) the town named most often.
            named = Counter(m.place.geonameid for m in inside)
            best = min(inside, key=lambda m: (_KIND_RANK.get(m.kind, 5), m.place.geo_precision or 3,
                                              0 if m.place.iso3 == self.focus_iso3 else 1,
                                              -named[m.place.geonameid], m.start))
            return replace(best.place)
        para_start = max(self.text.rfind("\n\n", 0, start), 0)
        para_end = self.text.find("\n\n", end)
        para_end = len(self.text) if para_end < 0 else para_end
        near = [m for m in ms if m.kind in ("town", "admin2", "admin1") and
                (self.focus_iso3 is None or m.place.iso3 == self.focus_iso3)]
        before = [m for m in near if para_start <= m.start and m.end <= start]
        # ("in Bheramara upazila of Kushtia district": the unit named first, not its container)
        inner = {m.end for m in before}
        before = [m for m in before if not ((u := _UNIT_OF.search(self.text, max(0, m.start - 30), m.start))
                                            and any(0 <= u.start() - e <= 2 for e in inner))] or before
        if before:
            return replace(max(before, key=lambda m: m.start).place)
        # ("Boko Haram attacked a position near Baga Sola, in the Lake Chad region ... He said 17
        # assailants were neutralised" in a round-up led by another country): the paragraph's place
        elsewhere = [m for m in ms if m.kind in ("town", "admin2", "admin1", "region") and para_start <= m.start
                     and m.end <= start and m.place.iso3 and m.place.iso3 != self.focus_iso3]
        if elsewhere:
            return replace(max(elsewhere, key=lambda m: m.start).place)
        # A section header above ("CHAD", "BURUNDI" in a round-up): the country of what follows it.
        headers = [m for m in ms if m.kind == "country" and m.end <= start and self._alone_on_line(m)]
        if headers and headers[-1].place.iso3 != self.focus_iso3:
            return replace(headers[-1].place)
        after = [m for m in near if end <= m.start < min(para_end, end + 200)]
        if after:
            return replace(min(after, key=lambda m: m.start).place)
        if self.focus_place is not None:
            return replace(self.focus_place)
        return Place()


# ---------------------------------------------------------------------------------------------
# Vocabulary


@dataclass
class _Vocab:
    stop: frozenset[str]
    titles: frozenset[str]
    first_names: frozenset[str]
    not_places: frozenset[str]
    demonyms: dict[str, str]  # norm key -> ISO3
    short_aliases: frozenset[str]  # all-caps aliases allowed as places (US, UK, DRC)


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    a = load_aliases()
    shorts = {n for names in a.get("country_aliases", {}).values() for n in names
              if n.replace(".", "").isupper() and len(n.replace(".", "")) <= 4}
    return _Vocab(
        stop=frozenset(w.lower() for w in a.get("stopwords", [])),
        titles=frozenset(w.lower() for w in a.get("titles", [])),
        first_names=frozenset(w.lower() for w in a.get("first_names", [])),
        not_places=frozenset(norm_key(n) for n in a.get("not_places", [])),
        demonyms={norm_key(k): v for k, v in a.get("demonyms", {}).items() if v},
        short_aliases=frozenset(s.replace(".", "") for s in shorts),
    )


# ---------------------------------------------------------------------------------------------
# Scanning


@dataclass
class _Cand:
    start: int
    end: int
    text: str
    ids: list[int]
    exact: bool
    ntok: int
    first_tok: int
    dateline: bool = False
    in_person: bool = False
    crowded: bool = False  # other capitalised words in its run (a name such as "Adem Karadag")
    run_first: int = -1  # index of its run's first token
    actorish: bool = False  # a country named as whose forces act: "the U.S. military said"


_GLUED = re.compile(r"(?<=[a-z])(?=[A-Z]{3,})")  # "Associated PressTOKYO (AP)": a title glued to a dateline


def _split_glued(m: re.Match) -> list[tuple[int, int, str]]:
    w, s = m.group(), m.start()
    cuts = [c.start() for c in _GLUED.finditer(w)]
    if not cuts:
        return [(s, m.end(), w)]
    bounds = [0, *cuts, len(w)]
    return [(s + a, s + b, w[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]


def _tokens(text: str) -> list[tuple[int, int, str]]:
    out = []
    # Only a text with a title glued to a dateline needs each token looked at for one.
    glued = _GLUED.search(text) is not None
    toks = ((t for m in _TOKEN.finditer(text) for t in _split_glued(m)) if glued
            else (m.span() + (m.group(),) for m in _TOKEN.finditer(text)))
    for s, e, w in toks:
        if w.endswith(("'s", "’s")):
            e -= 2
            w = w[:-2]
        elif w[-1] in "'’":
            e -= 1
            w = w[:-1]
        if w:
            out.append((s, e, w))
    return out


def _is_cap(w: str) -> bool:
    return w[0].isupper()


def _runs(text: str, toks: list[tuple[int, int, str]]) -> list[list[int]]:
    runs: list[list[int]] = []
    cur: list[int] = []
    for i, (s, _e, w) in enumerate(toks):
        joinable = bool(cur) and text[toks[cur[-1]][1]:s] in _SEP_CHARS  # (the _SEP_OK test, as a set)
        # A name may open with "at-Tall", but "at Dansadau", "as Syria", "an Iraqi" open with English.
        english = not (cur and joinable) and w in _ENGLISH_HOMOGRAPHS and not text.startswith(("-", "‑"), _e)
        if _is_cap(w) or (w.lower() in _CONNECTORS and not english):
            if cur and joinable:
                cur.append(i)
            else:
                if cur:
                    runs.append(cur)
                cur = [i]
        else:
            if cur:
                runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    # trim connectors at the ends; keep runs with a capitalised token
    out = []
    for r in runs:
        while r and not _is_cap(toks[r[-1]][2]):
            r = r[:-1]
        if r and any(_is_cap(toks[i][2]) for i in r):
            out.append(r)
    return out


def _ta_marbuta(key: str) -> str | None:
    if len(key) < 4:
        return None
    if key.endswith(("ah", "eh")):
        return key[:-1]
    if key.endswith(("a", "e")) and key[-2] not in "aeiou":
        return key + "h"
    return None


def _scan(text: str, gaz: Gazetteer, vocab: _Vocab, person_spans: list[tuple[int, int]]) -> tuple[list[_Cand], list[str]]:
    """Candidate place mentions (longest match per run) and the demonym ISO3 votes."""
    toks = _tokens(text)
    runs = _runs(text, toks)
    demonyms: list[str] = []
    spans: list[tuple[int, int, str, str]] = []  # (i, j, key, skel)
    for r in runs:
        for a in range(len(r)):
            i = r[a]
            wi = toks[i][2]
            if (not _is_cap(wi) and not (a + 1 < len(r) and _is_cap(toks[r[a + 1]][2]))) or wi == "and":
                continue
            for b in range(a, min(a + 5, len(r))):
                j = r[b]
                if not _is_cap(toks[j][2]):
                    continue
                s = text[toks[i][0]:toks[j][1]]
                spans.append((i, j, norm_key(s), skel_key(s)))
    keys = {k for _, _, k, _ in spans} | {"~" + sk for _, _, _, sk in spans if sk and len(sk) >= 4}
    keys |= {v for _, _, k, _ in spans if (v := _ta_marbuta(k))}
    hits = gaz.lookup(keys)
    # Arabic names end with or without the silent h (Hawija / Hawijah, Raqqa / Raqqah): the same place.
    for _, _, k, _ in spans:
        v = _ta_marbuta(k)
        if v and k not in hits and v in hits:
            hits[k] = hits[v]
    by_start: dict[int, list[tuple[int, str, str]]] = {}
    blocked: set[int] = set()
    for i, j, k, sk in spans:
        by_start.setdefault(i, []).append((j, k, sk))
        if k in vocab.not_places and j > i:
            blocked.update(range(i, j + 1))
        if k in vocab.demonyms:
            demonyms.append(vocab.demonyms[k])
            if i == j:
                blocked.add(i)
    cands: list[_Cand] = []
    for r in runs:
        a = 0
        while a < len(r):
            i = r[a]
            best = None
            if i not in blocked:
                for j, k, sk in sorted(by_start.get(i, ()), key=lambda x: -x[0]):
                    if any(t in blocked for t in range(i, j + 1)):
                        continue
                    if k in hits:
                        best = (j, k, hits[k], True)
                        break
                    if sk and len(sk) >= 4 and ("~" + sk) in hits and \
                            not any(_is_cap(toks[t][2]) and toks[t][2].lower() in vocab.stop for t in range(i, j + 1)):
                        best = (j, k, hits["~" + sk], False)
                        break
            if best is None:
                a += 1
                continue
            j, k, ids, exact = best
            s, e = toks[i][0], toks[j][1]
            c = _Cand(s, e, text[s:e], ids, exact, j - i + 1, i, run_first=r[0])
            c.in_person = any(ps < e and s < pe and not (ps == s and pe == e) for ps, pe in person_spans) or \
                any(ps == s and pe == e and j > i for ps, pe in person_spans)
            # Other capitalised words in the name's run ("Aleppo Street"), but "and" ends a run's
            # part: "Aleppo and Idlib" are two names side by side.
            ands = [t for t in r if toks[t][2] == "and"]
            lo = max([t for t in ands if t < i], default=-1)
            hi = min([t for t in ands if t > j], default=len(toks))
            c.crowded = any(_is_cap(toks[t][2]) and not (i <= t <= j) and toks[t][2].lower() not in vocab.stop
                            for t in r if lo < t < hi)
            cands.append(c)
            a = r.index(j) + 1
    # filters that need the token context
    lower_words = set(re.findall(r"\b[a-z][a-z]+\b", text))
    # Surnames the report gives with a first name or a title ("Judge Michael Hayden" ... "Hayden
    # asked"): alone later, they are still the person.
    surnames = set()
    if any(c.ntok == 1 for c in cands):
        for (_s0, e0, w0), (s1, _e1, w1) in zip(toks, toks[1:], strict=False):
            low = w0.lower()
            # after a first name, or a capitalised title ("by" is no title here)
            if w1[0].isupper() and (low in vocab.first_names or (
                    w0[0].isupper() and low != "by" and low.rstrip(".") in vocab.titles)) and _SEP_OK.match(text[e0:s1]):
                surnames.add(w1)
        surnames |= {text[ps:pe].split()[-1] for ps, pe in person_spans if " " in text[ps:pe].strip()}
    out = []
    tok_starts = {t[0]: n for n, t in enumerate(toks)}
    for c in cands:
        n = tok_starts[c.start]
        w0 = toks[n][2]
        prev = toks[n - 1][2].lower().rstrip(".") if n > 0 else ""
        prev_gap = text[toks[n - 1][1]:c.start] if n > 0 else ""
        if c.ntok == 1:
            lw = w0.lower()
            if lw in vocab.stop or lw in vocab.first_names or lw in vocab.titles:
                continue
            if w0.replace(".", "").isupper() and len(w0.replace(".", "")) <= 4 and \
                    w0.replace(".", "") not in vocab.short_aliases and not (
                        n == 0 and re.match(r"\s*(?:,|\(|[-—–:]\s)", text[c.end:c.end + 3])) and not (
                        (c.start == 0 or text[c.start - 1] == "\n") and re.match(r"[ :]*(?:\n|$)", text[c.end:c.end + 3])):
                continue  # (but a short dateline stays a place: "GOMA -", "LIMA (Reuters)"; and a header: "CHAD")
            if lw in lower_words or w0 in surnames:
                continue
        if c.run_first < n and c.run_first > 0:
            # the tail of a name after a title or a first name: "cleric Moqtada al-Sadr"
            head_prev = toks[c.run_first - 1][2].lower().rstrip(".")
            if (head_prev in vocab.titles and head_prev != "by") or toks[c.run_first][2].lower() in vocab.first_names:
                continue
        if prev == "the" and _LANDMARK_AFTER.match(text, c.end) and any(r.kind == "C" for r in gaz.records(c.ids)):
            continue  # "at the Kuwait roundabout in Gaza City", "the Jordan Street": a landmark's name
        if prev in vocab.titles and prev_gap.strip() in ("", ".") and (prev != "by" or toks[n - 1][2] == "By"):
            continue  # "President Kiir", "By John Smith"; but "backed by Russia" is a place
        # a first name right before the candidate in the same run: a person's surname
        if n > 0 and prev in vocab.first_names and _SEP_OK.match(prev_gap):
            continue
        if w0.lower() in vocab.first_names and c.ntok > 1 and not c.exact:
            continue
        out.append(c)
    return out, demonyms


# ---------------------------------------------------------------------------------------------
# Resolution


def _country_place(gaz: Gazetteer, cc: str, location: str | None = None) -> Place | None:
    c = gaz.countries.get(cc)
    if c is None:
        return None
    return Place(location=location or c.name, latitude=c.lat, longitude=c.lon, geo_precision=3,
                 country=c.name, iso3=c.iso3, geonameid=c.gid)


_COMPASS = {"north": (0.0, 1.0), "south": (0.0, -1.0), "east": (1.0, 0.0), "west": (-1.0, 0.0)}


def _country_part(gaz: Gazetteer, cc: str, words: str, whole: Place) -> Place:
    """"north Cameroon", "south-eastern Nigeria": precision 3 at the centre of the first-level
    divisions that lie that way, not at the country's centre (hundreds of km off). The one
    division, when only one lies that way, is the admin1."""
    w = re.findall(r"north|south|east|west", words.lower())
    vx = sum(_COMPASS[t][0] for t in w if t in _COMPASS)
    vy = sum(_COMPASS[t][1] for t in w if t in _COMPASS)
    divs = [r for (c, _), r in gaz.admin1.items() if c == cc and r.lat is not None and r.lon is not None]
    if (vx, vy) == (0.0, 0.0) or len(divs) < 3 or whole.latitude is None or whole.longitude is None:
        return whole
    cos = math.cos(math.radians(whole.latitude))
    proj = [((r.lon - whole.longitude) * cos * vx + (r.lat - whole.latitude) * vy, r) for r in divs]
    top = max(v for v, _ in proj)
    if top <= 0:
        return whole
    part = [r for v, r in proj if v >= top / 2]
    lat = sum(r.lat for r in part) / len(part)
    lon = sum(r.lon for r in part) / len(part)
    return replace(whole, latitude=round(lat, 5), longitude=round(lon, 5), geonameid=None,
                   admin1=ascii_name(part[0].name) if len(part) == 1 else None)


def _to_place(gaz: Gazetteer, r: Rec, precision: int) -> Place:
    c = gaz.countries.get(r.cc)
    cname, iso3 = (c.name, c.iso3) if c else (None, None)
    if r.kind == "C":
        return _country_place(gaz, r.cc) or Place()
    if r.kind == "A":
        return Place(location=ascii_name(r.name), latitude=r.lat, longitude=r.lon, geo_precision=3, country=cname,
                     iso3=iso3, admin1=ascii_name(r.name))
    if r.kind == "R":  # a region, river or sea: precision 3 at its centre
        return Place(location=ascii_name(r.name), latitude=r.lat, longitude=r.lon, geo_precision=3, country=cname,
                     iso3=iso3, admin1=_a1name(gaz, r), geonameid=r.gid)
    if r.kind == "D":  # a district/county: a small part of a region, precision 2 at its seat
        return Place(location=ascii_name(r.name), latitude=r.lat, longitude=r.lon, geo_precision=max(precision, 2),
                     country=cname, iso3=iso3, admin1=_a1name(gaz, r), admin2=ascii_name(r.name))
    return Place(location=ascii_name(r.name), latitude=r.lat, longitude=r.lon, geo_precision=precision, country=cname,
                 iso3=iso3, admin1=_a1name(gaz, r), admin2=r.a2 or None, geonameid=r.gid)


def _pop(r: Rec) -> int:
    """Population, with GeoNames' 0 (unknown) read as a small town's."""
    return r.pop or 2000


@lru_cache(maxsize=65536)
def ascii_name(name: str) -> str:
    """GeoNames' name without diacritics, ‘ayn/hamza marks as apostrophes (Ma'arrat an Nu'man)."""
    s = name.translate(_MARKS)
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s if not unicodedata.combining(ch))


_MARKS = dict.fromkeys(map(ord, "‘’ʿʾʻʼ`´"), "'")


def _a1name(gaz: Gazetteer, r: Rec) -> str | None:
    n = gaz.admin1_name(r.cc, r.a1)
    return ascii_name(n) if n else None


def _score(r: Rec, exact: bool, focus: str | None, active: set[str], named_a1: set[tuple[str, str]]) -> float:
    s = 1.0 if exact else 0.0
    if r.kind == "C":
        return s + 12.0
    if r.kind in ("A", "R", "D"):
        s += {"A": 3.0, "R": 3.0, "D": 2.5}[r.kind]
        if r.cc in active:
            s += 3.0
        if r.cc == focus:
            s += 2.0
        if r.kind == "D" and (r.cc, r.a1) in named_a1:
            s += 1.5  # as for a town: a district and its seat of one name stay in that order
        return s
    s += math.log10(_pop(r) + 10)
    if r.cc == focus:
        s += 4.0
    elif r.cc in active:
        s += 2.0
    if (r.cc, r.a1) in named_a1:
        s += 1.5
    return s


def _similar(a: str, b: str) -> bool:
    a, b = a.replace(" ", ""), b.replace(" ", "")
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.72


def _acceptable(r: Rec, exact: bool, focus: str | None, active: set[str], person: bool,
                crowded: bool = False, ntok: int = 2, primary: bool = True) -> bool:
    if crowded and r.kind in ("P", "A") and r.cc != focus and (r.pop < 1_000_000 or r.cc not in active):
        return False  # one word of a longer name abroad: "Adan Yabaal" in a Somalia report is not Aden
    if person:  # a PERSON entity: only when the gazetteer strongly supports it
        return exact and (r.kind == "C" or (r.cc == focus and (r.kind == "A" or r.pop >= 5000)))
    if r.kind == "C":
        return True
    if r.kind in ("A", "R"):
        return exact and (r.cc in active or not active) or r.cc == focus
    if r.kind == "D":
        return exact and r.cc in active or r.cc == focus
    if r.cc == focus:
        # A one-word spelling variant ("Castle", "Thousands") needs a real town behind it.
        return exact or ntok > 1 or r.pop >= 5000
    if exact:
        if r.cc in active:
            return _pop(r) >= 1000
        if not active:
            return r.pop >= 20000
        # A foreign town in a report about somewhere else, its country never named: a city under
        # its own name (Colombo), or a metropolis under another ("Boni" in a Mali report is not Bonn).
        return r.pop >= (150000 if primary or not focus else 1_000_000)
    if r.cc in active and ntok > 1 and r.pop >= 20000:
        return True  # "Deir al-Balah" (Dayr al Balah) in a report that names Gaza: a spelling of a town there
    # a spelling variant of one word abroad ("Killing" ~ Köln, "Changes" ~ Shanghai): too weak
    return ntok > 1 and r.pop >= 500000


def _focus(cands: list[_Cand], recs: dict[int, Rec], gaz: Gazetteer, demonyms: list[str],
           title_votes: Counter) -> tuple[str | None, set[str]]:
    """The report's focus country. Each distinct name votes once (repeats add a little), weighted
    by how much it says: a named country 3, a division 2, a big unambiguous town 1.5, a small one
    0.4, so a string of surnames that happen to be villages cannot outvote the places the report is
    about."""
    votes: Counter = Counter()
    order: dict[str, int] = {}
    named: set[str] = set()
    seen: dict[tuple[str, str], int] = {}
    for n, c in enumerate(cands):
        rs = [recs[i] for i in c.ids if i in recs]
        if c.in_person or (not c.exact and c.ntok == 1):
            continue  # a guess at one word's spelling says nothing about where a report is
        key = norm_key(c.text)
        cs = [r for r in rs if r.kind == "C"]
        vote: tuple[str, float] | None = None
        if cs and c.exact:
            named.add(cs[0].cc)
            vote = (cs[0].cc, 1.0 if c.actorish else 3.0)  # "the U.S. military said" is a demonym's vote
        else:
            # Towns that bear the name as their own name speak first; an alternate name is weaker.
            rs = [r for r in rs if norm_key(r.name) == key] or rs
            ccs = {r.cc for r in rs if r.kind in ("A", "R") or r.pop >= 1000}
            big = [r for r in rs if r.pop >= 100000]
            if len(ccs) == 1:
                cc = next(iter(ccs))
                div = any(r.kind in ("A", "R") for r in rs)
                top = max((r.pop for r in rs if r.kind == "P"), default=0)
                w = 2.0 if div else 1.5 if top >= 100000 else 1.0 if top >= 10000 else 0.4
                vote = (cc, w if c.exact else w * 0.6)
            elif big:
                top = max(big, key=lambda r: r.pop)
                if all(r.pop * 10 < top.pop for r in rs if r.cc != top.cc):
                    vote = (top.cc, 2.0)  # a city that dwarfs its namesakes (Belfast, not Belfast, Maine)
                elif all(r.pop * 2.5 < top.pop for r in rs if r.cc != top.cc):
                    vote = (top.cc, 1.0)  # the larger of two (Colombo, Sri Lanka; not Colombo, Brazil)
        if vote is None:
            continue
        cc, w = vote
        if cs == [] and not any(norm_key(r.name) == key for r in rs):
            w *= 0.25  # matched only through some town's alternate name ("Castle", "Park")
        k = seen.get((cc, key), 0)
        seen[(cc, key)] = k + 1
        votes[cc] += w if k == 0 else (w * 0.25 if k <= 4 else 0)
        order.setdefault(cc, n)
    iso3_to_cc = {c.iso3: cc for cc, c in gaz.countries.items()}
    for n, iso3 in enumerate(demonyms):
        cc = iso3_to_cc.get(iso3)
        if cc:
            votes[cc] += 1 if n < 3 else 0.25
            order.setdefault(cc, 10_000 + n)
    for cc, v in title_votes.items():
        votes[cc] += 2 * v
        order.setdefault(cc, -1)
    if not votes:
        return None, named
    focus = max(votes, key=lambda cc: (votes[cc], -order.get(cc, 0)))
    # A country an adjective speaks of ("Iraqi police") is as present as one named outright.
    adjectival = {iso3_to_cc[i] for i in demonyms if i in iso3_to_cc}
    return focus, named | adjectival | {focus}


def _title_votes(title: str | None, gaz: Gazetteer, vocab: _Vocab) -> Counter:
    v: Counter = Counter()
    if not title:
        return v
    cands, dem = _scan(title, gaz, vocab, [])
    recs = {r.id: r for r in gaz.records({i for c in cands for i in c.ids})}
    focus, named = _focus(cands, recs, gaz, dem, Counter())
    if focus:
        v[focus] += 1
    return v


def locate(text: str, doc=None, title: str | None = None) -> ArticlePlaces:
    """All place mentions of a report, resolved, with the report's focus country."""
    gaz = get_gazetteer()
    vocab = _vocab()
    person_spans: list[tuple[int, int]] = []
    if doc is not None:
        try:
            person_spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]
        except AttributeError:
            person_spans = []
    cands, demonyms = _scan(text, gaz, vocab, person_spans)
    us_states = [(m.start(1), m.end(1) + 1, gaz.admin1.get(("US", _US_ABBR[m.group(1)])))
                 for m in _US_ABBR_RE.finditer(text)]
    us_states = [u for u in us_states if u[2] is not None]
    if us_states:
        cands = [c for c in cands if not any(s < c.end and c.start < e for s, e, _ in us_states)]
        demonyms = demonyms + ["USA"] * len(us_states)
    dl = _DATELINE.search(text, 0, min(len(text), 400))
    if dl:
        for c in cands:
            if dl.start() <= c.start < dl.end():
                c.dateline = True
    for c in cands:
        c.actorish = bool(_ARMED_NOUN_AFTER.match(text, c.end))
    recs = {r.id: r for r in gaz.records({i for c in cands for i in c.ids})}
    focus_cc, active = _focus(cands, recs, gaz, demonyms, _title_votes(title, gaz, vocab))
    demonym_focus = bool(focus_cc) and not any(recs[i].cc == focus_cc for c in cands for i in c.ids if i in recs)
    if demonym_focus:
        # The focus rests on demonyms alone ("an Israeli air strike ... in Gaza City"): who acts,
        # not where. It ranks, but does not make every other country's towns foreign.
        active = set()
    named_a1 = {(recs[i].cc, recs[i].a1) for c in cands if c.exact for i in c.ids
                if i in recs and recs[i].kind == "A" and recs[i].cc in active}
    for _s, _e, r in us_states:
        named_a1.add((r.cc, r.a1))
    mentions: list[PlaceMention] = []
    for c in cands:
        m = _resolve_cand(text, c, recs, gaz, focus_cc, active, named_a1)
        if m is not None:
            m.cand = c  # type: ignore[attr-defined]
            mentions.append(m)
    for s_, e_, r in us_states:
        mentions.append(PlaceMention(text[s_:e_], s_, e_, _to_place(gaz, r, 3), "admin1", 10.0, False, r))
    # "the Rwanda Defence Force said", "the U.S. military": whose forces, not where (it voted above).
    mentions = [m for m in mentions if not (m.kind == "country" and getattr(getattr(m, "cand", None), "actorish", False))]
    mentions.sort(key=lambda m: m.start)
    _apply_containers(text, mentions, recs, gaz, focus_cc, active, named_a1)
    for m in mentions:
        m.__dict__.pop("cand", None)
    if demonym_focus:
        # ... and where the actions are is the country of the places named, if there is one.
        where = {m.rec.cc for m in mentions if m.rec is not None and m.kind != "country"}
        if len(where) == 1:
            focus_cc = where.pop()
    focus_iso3 = gaz.countries[focus_cc].iso3 if focus_cc in gaz.countries else None
    return ArticlePlaces(mentions, focus_iso3, _country_place(gaz, focus_cc) if focus_cc else None, text)


def _inside(r: Rec, y: Rec) -> bool:
    """Is gazetteer row r inside (or at) container row y?"""
    if y.kind == "C":
        return r.cc == y.cc
    if y.kind == "A":
        return r.cc == y.cc and r.a1 == y.a1 and r.id != y.id
    if y.kind == "D":
        return r.cc == y.cc and r.a1 == y.a1 and (r.a2 == y.name or _km(r, y) < 40)
    return r.id != y.id and _km(r, y) < 30


def _km(a: Rec, b: Rec) -> float:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return math.inf
    dy = (a.lat - b.lat) * 111.0
    dx = (a.lon - b.lon) * 111.0 * math.cos(math.radians((a.lat + b.lat) / 2))
    return math.hypot(dx, dy)


def _apply_containers(text: str, mentions: list[PlaceMention], recs: dict[int, Rec], gaz: Gazetteer,
                      focus: str | None, active: set[str], named_a1: set[tuple[str, str]]) -> None:
    """"X, Y" / "X in Y" / "X village, Y": re-resolve X among the places inside Y. A neighbourhood
    that the gazetteer only knows elsewhere ("Bab Sinjar neighbourhood, Old Mosul", "the Mariano
    Escobedo in Morelia") takes the place of the town that contains it."""
    for n in range(len(mentions) - 1, 0, -1):
        x, y = mentions[n - 1], mentions[n]
        if x.rec is not None and y.rec is not None and not (x.dateline or y.dateline) and x.rec.kind == y.rec.kind == "P" \
                and _NEAR_GAP.match(text[x.end:y.start]) and _km(x.rec, y.rec) > 60:
            # "a farm in Sahar district, near the city of Saada": the namesake we know lies far from
            # the town it is said to be near; the town places it.
            mentions[n - 1] = replace(x, place=replace(y.place, geo_precision=2), rec=y.rec)
            continue
        if y.rec is None or x.dateline or y.dateline or not _CONTAINER_GAP.match(text[x.end:y.start]):
            continue
        c = getattr(x, "cand", None)
        if y.rec.kind == "P" and x.rec is not None and x.rec.kind == "P" and x.rec.id != y.rec.id and \
                re.fullmatch(r"\s+in\s+", text[x.end:y.start]) and re.search(r"\bthe\s+$", text[max(0, x.start - 5):x.start]):
            # "the Mariano Escobedo in Morelia": a town's name takes no article; a quarter's does.
            mentions[n - 1] = replace(x, place=replace(y.place), rec=y.rec)
            continue
        if x.rec is not None and _inside(x.rec, y.rec) or c is None:
            continue
        if x.rec is not None and x.rec.kind == "C":
            continue
        cont = y.rec
        yc = getattr(y, "cand", None)
        if cont.kind == "P" and yc is not None:  # "in Idlib", "in Fukui": the division of that name contains
            divs = [recs[i] for i in yc.ids if i in recs and recs[i].kind in ("A", "D") and recs[i].cc == cont.cc]
            if divs:
                cont = divs[0]
        if x.rec is not None and _inside(x.rec, cont):
            continue
        m = _resolve_cand(text, c, recs, gaz, focus, active, named_a1, within=cont)
        if m is not None:
            mentions[n - 1] = m
            m.cand = c  # type: ignore[attr-defined]
        elif y.rec.kind == "P" and (x.rec is None or (x.rec.kind == "P" and _km(x.rec, y.rec) > 25)) and \
                re.search(r"neighbou?rhood|quarter|district|\bin\b", text[x.end:y.start], re.I):
            # "X in Y" with Y a town: X is a part of Y; the gazetteer's X lies elsewhere
            # ("the Kyivskyi district of Kharkiv city").
            mentions[n - 1] = replace(x, place=replace(y.place), rec=y.rec)


def _resolve_cand(text: str, c: _Cand, recs: dict[int, Rec], gaz: Gazetteer, focus: str | None,
                  active: set[str], named_a1: set[tuple[str, str]], within: Rec | None = None) -> PlaceMention | None:
    rs = [recs[i] for i in c.ids if i in recs]
    if within is not None:
        rs = [r for r in rs if _inside(r, within)]
        if not rs:
            return None
    before = text[max(0, c.start - 60):c.start].lower()
    after = text[c.end:c.end + 40]
    region_cue = bool(_REGION_AFTER.match(after) or _REGION_BEFORE.search(before))
    town_cue = bool(_TOWN_AFTER.match(after) or _TOWN_BEFORE.search(before))
    dir_m = _DIR_BEFORE.search(before)
    near_cue = bool(_NEAR_BEFORE.search(before) or _NEAR_AFTER.match(after.lower()))
    if town_cue and any(r.kind == "P" for r in rs):
        rs = [r for r in rs if r.kind == "P"]
    elif dir_m and re.match(r"(?:central|downtown)\b", dir_m.group(1), re.I) and not region_cue \
            and any(r.kind == "P" and _pop(r) >= 1_000_000 for r in rs) and not any(r.kind == "C" for r in rs):
        # "central Lima", "central Baghdad": a great city's centre, not the region of its name
        # ("central Idlib" stays the province).
        rs = [r for r in rs if r.kind == "P"]
        dir_m = None
    elif (region_cue or dir_m) and any(r.kind in ("A", "D", "R") and (not focus or r.cc == focus or r.kind == "C")
                                        for r in rs):
        # (a region of that name in the report's country; "Beni territory" in a DRC report is
        # the town's territory, not Bolivia's El Beni)
        rs = [r for r in rs if r.kind != "P"]
    key = norm_key(c.text)
    rs = [r for r in rs if _acceptable(r, c.exact, focus, active, c.in_person, c.crowded, c.ntok,
                                       norm_key(r.name) == key)]
    if town_cue and focus and _TOWN_BEFORE.search(before):
        # "the coastal town of Palma" in a Mozambique report: a small town at home, not a foreign
        # city of the same name in a country the report never names.
        rs = [r for r in rs if r.cc == focus or r.cc in active]
    if not c.exact:
        # A spelling variant must still look like the place's name (Idleb ~ Idlib, Khan Shaykhoun
        # ~ Khan Shaykhun), not merely share its consonants (Sixth ~ Sioux City).
        rs = [r for r in rs if _similar(key, norm_key(r.name))]
    if c.ntok == 1 and _SENT_START.search(text, max(0, c.start - 3), c.start):
        # A capitalised word that opens a sentence ("Thousands", "Castle", "Catholic") is a place
        # only under its own name, not as some town's odd alternate name.
        key = norm_key(c.text)
        rs = [r for r in rs if r.kind == "C" or norm_key(r.name) == key]
    if not rs:
        return None
    best = max(rs, key=lambda r: (_score(r, c.exact, focus, active, named_a1), r.pop))
    score = _score(best, c.exact, focus, active, named_a1)
    if best.kind == "C":
        if dir_m:
            start = c.start - len(dir_m.group(1))
            loc = text[start:c.end]
            p = _country_place(gaz, best.cc, loc) or Place()
            p = _country_part(gaz, best.cc, dir_m.group(1), p)
            return PlaceMention(loc, start, c.end, p, "region", score, c.dateline)
        return PlaceMention(c.text, c.start, c.end, _to_place(gaz, best, 3), "country", score, c.dateline, best)
    if best.kind == "A":
        return PlaceMention(c.text, c.start, c.end, _to_place(gaz, best, 3), "admin1", score, c.dateline, best)
    if best.kind == "R":
        return PlaceMention(c.text, c.start, c.end, _to_place(gaz, best, 3), "region", score, c.dateline, best)
    if best.kind == "D":
        return PlaceMention(c.text, c.start, c.end, _to_place(gaz, best, 2), "admin2", score, c.dateline, best)
    precision = 2 if (near_cue or dir_m or region_cue) else 1
    return PlaceMention(c.text, c.start, c.end, _to_place(gaz, best, precision), "town", score, c.dateline, best)


def _country_code(gaz: Gazetteer, hint: str | None) -> str | None:
    if not hint:
        return None
    h = hint.strip()
    if h.upper() in gaz.countries:
        return h.upper()
    if h.upper() in gaz.by_iso3:
        return gaz.by_iso3[h.upper()].cc
    k = norm_key(h)
    for cc, c in gaz.countries.items():
        if norm_key(c.name) == k:
            return cc
    return None


def resolve(name: str, country_hint: str | None = None) -> Place | None:
    """Resolve one place name (no context beyond an optional country: ISO2, ISO3 or name)."""
    gaz = get_gazetteer()
    focus = _country_code(gaz, country_hint)
    k, sk = norm_key(name), skel_key(name)
    if not k:
        return None
    hits = gaz.lookup([k, "~" + sk] if sk else [k])
    active = {focus} if focus else set()
    for key, exact in ((k, True), ("~" + sk, False)):
        ids = hits.get(key)
        if not ids:
            continue
        rs = [r for r in gaz.records(ids) if exact or _pop(r) >= 1000 or r.kind != "P" or r.cc == focus]
        if not rs:
            continue
        best = max(rs, key=lambda r: (_score(r, exact, focus, active, set()), r.pop))
        return _to_place(gaz, best, 1)
    ap = locate(name)
    if ap.mentions:
        return replace(ap.mentions[0].place)
    return None
