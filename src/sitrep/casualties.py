"""Casualty figures in a sentence, by ACLED's rules.

- the most conservative figure: "at least 12" → 12, "12 to 15" → 12, "more than 200" → 200;
- vague numbers: "tens" 10, "dozens" 12, "scores" 20, "hundreds" 100, "thousands" 1000;
- deaths with no number: "several"/"some" → 3; "a"/"an" → 1;
- a toll revised upward ("rose to 30") → the latest figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {
    "zero": 0, "no": 0, "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12, "a dozen": 12, "half a dozen": 6,
    "a couple of": 2, "a couple": 2, "both": 2,
}
_VAGUE = {
    "dozens": 12, "dozens of": 12, "tens": 10, "tens of": 10, "scores": 20, "scores of": 20,
    "hundreds": 100, "hundreds of": 100, "thousands": 1000, "thousands of": 1000,
    "several": 3, "some": 3, "a few": 3, "few": 3, "a number of": 3, "many": 10, "numerous": 10,
    "multiple": 3, "a handful of": 3, "tens of thousands": 10000, "hundreds of thousands": 100000,
}
_MULT = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}

_WORDNUM = r"(?:(?:" + "|".join(sorted((re.escape(w) for w in _UNITS if " " not in w), key=len, reverse=True)) + r")(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?)"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
_MULTS = r"(?:\s(?:hundred|thousand|million|billion))?"
_VAGUES = "|".join(sorted((re.escape(w) for w in _VAGUE), key=len, reverse=True))
NUMBER = rf"(?:{_DIGITS}{_MULTS}|{_WORDNUM}{_MULTS}|half a dozen|a dozen|a couple(?: of)?|{_VAGUES})"
_QUAL = r"(?:(?:at least|more than|over|nearly|almost|about|around|some|roughly|approximately|up to|as many as|an estimated|estimated|a total of|no fewer than|at most|close to|fewer than|less than|just over|just under)\s+)?"
_RANGE = rf"(?<![\w\-.,]){_QUAL}(?P<n>{NUMBER})(?![\w])(?:\s*(?:to|-|–|or)\s*(?P<n2>{NUMBER})(?![\w]))?"
_BETWEEN = rf"between\s+(?P<n>{NUMBER})\s+and\s+(?P<n2>{NUMBER})"

# Words for people that may follow the number ("12 civilians", "five soldiers").
_TITLE = (r"(?:head|chief|leader|commander|mayor|imam|pastor|priest|chairman|chairperson|governor|"
          r"journalist|reporter|candidate|councillor|councilor|lawmaker|legislator|MP|senator|judge|prosecutor|"
          r"activist|administrator|official|emir|sheikh|cleric|headman|ruler|deputy|minister|president|"
          r"principal|teacher|doctor|nurse|trader|farmer|driver|businessman|owner)")
_PEOPLE = r"(?:(?:[\w\-']+\s+){0,3}?(?:people|persons|person|civilians?|soldiers?|troops|policemen|policeman|police officers?|officers?|members|fighters?|militants?|insurgents?|rebels?|children|child|women|woman|men|man|students?|worshippers|villagers|residents|passengers|pilgrims|guards?|personnel|servicemen|recruits|cadets|protesters|demonstrators|workers|journalists?|attackers?|assailants?|terrorists?|bandits?|extremists?|gunmen|bombers?|jihadists?|members|others|victims|bodies|individuals|Taliban|militiamen|commandos|staff|family members|relatives|shoppers|citizens|farmers|herders|miners|traders|teachers|pupils|girls|boys|infants|babies|Syrians|Iraqis|Afghans|Pakistanis|Somalis|Nigerians|Palestinians|Israelis|Kurds|Yazidis|Christians|Muslims|Shiites|Sunnis|Shias|Hazaras|Rohingya|Americans|foreigners|tourists|peacekeepers|hostages|khwarij|kharijites|miscreants))"

_KILL_VERB = r"(?:sent to hell|shot and killed|shot to death|beaten to death|killed|killing|kills|kill|neutrali[sz]ed|neutrali[sz]ing|dead|died|dies|die|slain|slaughtered|massacred|executed|beheaded|murdered|lost their lives|lost his life|lost her life|perished|martyred|martyrs|shot dead|gunned down|burned to death|burnt to death|hacked to death|stabbed to death|lynched|assassinated|deaths|fatalities|casualties|death|lives)"
_INJ_VERB = r"(?:injured|injuring|injuries|wounded|wounding|hurt|maimed|maiming|injures|wounds|wounds|wound|injure)"
_DISP_VERB = r"(?:displaced|displacing|flee|fled|fleeing|forced from their homes|uprooted|homeless)"

_DEATH_PATTERNS = [
    # "two soldiers and three suspected NPA rebels were killed": both counts
    rf"{_RANGE}\s+{_PEOPLE}\s+and\s+(?P<n3>{NUMBER})\s+(?:[^\s,;.]+\s+){{0,6}}?(?:were|have been|had been)\s+{_KILL_VERB}",
    rf"{_BETWEEN}\s+(?:{_PEOPLE}\s+)?(?:were\s+)?{_KILL_VERB}",
    # "killed 12 people", "killing at least 92", "claimed 12 lives", "left 12 dead"
    rf"(?:killed|killing|kills|kill|massacred|executed|beheaded|murdered|shot dead|gunned down)\s+{_RANGE}\s+{_PEOPLE}\s+and\s+(?P<n3>{NUMBER})\s+(?![a-z]+ing\b)[\w\-]+",
    rf"(?:killed|killing|kills|kill|neutrali[sz]ed|neutrali[sz]ing|massacred|executed|beheaded|murdered|shot dead|gunned down|"
    rf"(?:hacked|stabbed|beaten|burned|burnt|shot|clubbed) to death|slaughtered|lynched)\s+(?:the\s+|all\s+)?{_RANGE}(?:\s+{_PEOPLE})?",
    rf"(?:left|leaving|claimed|claiming)\s+{_RANGE}(?:\s+{_PEOPLE})?\s+(?:dead|lives)",
    # "the bodies of dozens of fighters"
    rf"bodies\s+of\s+[\"“']?{_RANGE}[\"”']?(?:\s+(?:of\s+)?{_PEOPLE})?",
    # "two militants of the Lashkar-e-Taiba (LeT) were killed": a group's name between
    rf"{_RANGE}\s+{_PEOPLE}\s+(?:of|from)\s+(?:the\s+)?(?:[^\s,;.]+\s+){{1,6}}?(?:were|was|have been|had been)\s+{_KILL_VERB}",
    # "12 people were killed", "at least 12 dead", "12 soldiers died", "12 bodies were found"
    rf"{_RANGE}\s+(?:{_PEOPLE}\s+)?(?:[a-z]+\s+){{0,4}}?(?:were|was|have been|had been|are|been|got|being)\s*(?:reportedly\s+|confirmed\s+|later\s+|also\s+)?{_KILL_VERB}",
    # intransitive: "12 soldiers died", "at least 12 dead"; headline style: "12 killed in blast"
    # ("a fire but no casualties": a negation between voids it)
    rf"{_RANGE}\s+(?:{_PEOPLE}\s+)?(?:(?!(?:no|not|without|but)\b)[a-z]+\s+){{0,3}}?(?:dead|died|dies|die|perished|lost their lives|were martyred|martyrs|deaths|fatalities|casualties|bodies)(?![\w-])",
    # ("with five soldiers killed and about 30 terrorists neutralised", "12 soldiers and VDP killed")
    rf"{_RANGE}\s+(?:{_PEOPLE}\s+)?(?:and\s+(?:[\w\-]+\s+){{1,2}}?)?(?:killed|slain|massacred|executed|shot dead|neutrali[sz]ed)[\"”']?"
    rf"(?=\s+(?:in|as|when|after|during|on|by|at(?!\s+least)|and)\b|\s*[,.;)]|\s*$)",
    # "three Hayat Tahrir al-Sham (HTS) fighters killed": a group's name before the noun
    rf"{_RANGE}\s+(?:(?-i:[A-Z][\w'’\-]*|(?:al|el|ash|ad)-[A-Z][\w'’\-]*|of|\([A-Z]{{2,6}}\))\s+){{1,6}}{_PEOPLE}\s+(?:were\s+|had been\s+|have been\s+)?(?:killed|dead|slain|died)\b",
    # "at least 14 people, among them three soldiers, had died": an aside between
    rf"{_RANGE}\s+{_PEOPLE},\s+(?:among them|including|most of them|mostly)\s+[^,;.]{{1,60}},\s+(?:had|have|were|was)\s+(?:been\s+)?(?:killed|died|dead)\b",
    # One victim told by who they were ("killed the village head", "shot dead Khaled al-Hamad, a
    # council member"): one death. (A title, or a name of two or more capitalised words that
    # ends the phrase; "killed Boko Haram fighters" is a group's fighters, counted elsewhere.)
    rf"(?:killed|killing|shot dead|gunned down|murdered|assassinated|beheaded|executed|stabbed to death|"
    rf"hacked to death|beaten to death|shot and killed)\s+(?P<one>(?:the|(?-i:[A-Z][\w\-]+))\s+(?:[\w\-]+\s+){{0,2}}?{_TITLE}\b|"
    rf"(?-i:[A-Z][\w'’\-]+(?:\s+(?:al-|el-|bin\s+|ibn\s+|de\s+|da\s+)?[A-Z][\w'’\-]+){{1,3}})(?=\s*[,.;]|\s+and\s|\s+(?:on|in|at|near|as|while|when|outside|inside)\s))",
    # "Ventura, 51, editor of a news page, was shot dead": one victim, told by a singular verb
    r"(?<!who )(?<!\bhe )(?<!\bshe )\b(?P<one>was)\s+(?:reportedly\s+|allegedly\s+|later\s+|also\s+)?(?:shot dead|killed|murdered|"
    r"assassinated|gunned down|stabbed to death|hacked to death|beaten to death|beheaded|lynched|executed|shot and killed)\b",
    # "the death toll of the 8 October attack ... has been revised to at least 40"
    rf"(?:death toll|toll)\b[^.;]{{0,160}}?\b(?:revised|raised|risen|rose|increased|climbed|updated|jumped)\s+(?:up\s+)?to\s+{_RANGE}",
    # "death toll rose to 30", "the toll stands at 30", "death toll of 30"
    rf"(?:death toll|toll|number of (?:dead|deaths|fatalities))\s+(?:[a-z]+\s+){{0,4}}?(?:to|at|of|is|was|reached|hit)\s+{_RANGE}",
]
# Whom a single victim is told with ("a woman and her daughter", "the village head ... and two
# of his sons", "the mayor and 11 others"): each adds to the count.
_KIN = (r"(?:sons?|daughters?|wife|wives|husband|brothers?|sisters?|mother|father|nephews?|nieces?|cousins?|"
        r"uncle|driver|bodyguards?|child|children|grandsons?|granddaughters?|companions?|guards?|aides?|"
        r"grandchildren|parents)")
_AND_KIN = re.compile(rf"^(?:(?!\b(?:was|were|is|are|had|has|and)\b)[^.;]){{0,120}}?,?\s+and\s+(?:(?P<k>{NUMBER})\s+(?:of\s+)?)?(?:his|her|their)\s+"
                      rf"(?:(?P<k2>{NUMBER})\s+)?(?:[\w\-]+\s+)?(?P<kin>{_KIN})\b(?!\s+(?:was|were)\s+(?:\w+\s+)?(?:wounded|injured|hurt|arrested|detained|abducted|kidnapped))|^,?\s+and\s+(?P<k3>{NUMBER})\s+others\b", re.I)
_PLURAL_KIN = re.compile(r"(?:s|children|wives|parents)$", re.I)
_INJURY_PATTERNS = [
    rf"(?:injuring|wounding|maiming|injured|wounded|maimed|hurt)\s+{_RANGE}(?:\s+{_PEOPLE})?",
    rf"{_RANGE}\s+(?:{_PEOPLE}\s+)?(?:[a-z]+\s+){{0,3}}?(?:were|was|have been|had been|are|being)?\s*{_INJ_VERB}",
    rf"{_RANGE}\s+(?:{_PEOPLE}\s+)?(?:others\s+)?(?:injured|wounded)",
]
_DISPLACED_PATTERNS = [
    rf"{_RANGE}\s+(?:{_PEOPLE}\s+)?(?:[a-z]+\s+){{0,3}}?(?:to\s+)?{_DISP_VERB}",
    rf"(?:displacing|displaced|uprooted|uprooting)\s+{_RANGE}(?:\s+{_PEOPLE})?",
]
_SUPERSEDED = re.compile(r"\b(?:initially|at first|first reports?|earlier reports?|preliminary)\b", re.I)
_REVISED = re.compile(r"\b(?:rose|risen|rising|climbed|increased|jumped|revised|now stands|has reached|reached|mounted)\b", re.I)

_DEATH_RX = [re.compile(p, re.I) for p in _DEATH_PATTERNS]
_INJURY_RX = [re.compile(p, re.I) for p in _INJURY_PATTERNS]
_DISP_RX = [re.compile(p, re.I) for p in _DISPLACED_PATTERNS]
# Numbers that are not counts of people.
_NOT_COUNT = re.compile(r"^(?:1[89]\d\d|20\d\d)$")


def parse_number(s: str) -> int | None:
    """'1,200' → 1200; 'twenty-one' → 21; 'dozens' → 12; '3 million' → 3000000."""
    s = s.strip().lower()
    if s in _VAGUE:
        return _VAGUE[s]
    if s in _UNITS:
        return _UNITS[s]
    m = re.fullmatch(r"([\d,\.]+|[a-z\- ]+?)(?:\s(hundred|thousand|million|billion))?", s)
    if not m:
        return None
    head, mult = m.group(1), m.group(2)
    if re.fullmatch(r"[\d,\.]+", head):
        try:
            val = float(head.replace(",", ""))
        except ValueError:
            return None
    else:
        parts = re.split(r"[\s-]+", head)
        if not all(p in _UNITS for p in parts):
            return None
        val = float(sum(_UNITS[p] for p in parts))
    if mult:
        val *= _MULT[mult]
    return int(val)


@dataclass
class Figure:
    value: int
    start: int
    end: int
    revised: bool = False
    n_start: int = 0  # the number itself
    side: str = "people"  # whose deaths: "forces", "fighters" (non-state) or "people" (anyone)
    superseded: bool = False  # "initially said": a later figure replaces it


def _figures(text: str, patterns: list[re.Pattern[str]], offset: int = 0) -> list[Figure]:
    # "said \"dozens\" of soldiers": quotes around a number word hide nothing (same length, so
    # offsets hold). Apostrophes inside words are kept as they were.
    text = re.sub(r"(?<!\w)[\"“”‘’]|[\"“”‘’](?!\w)", " ", text)
    out: list[Figure] = []
    seen: set[tuple[int, int]] = set()  # spans of the numbers already read
    for rx in patterns:
        for m in rx.finditer(text):
            grp = "one" if m.groupdict().get("one") else "n"
            if grp == "one":
                if any(f.start - offset <= m.start("one") < f.end - offset for f in out):
                    continue  # ("a soldier was killed": counted by its number already)
                if _NO_ONE_BEFORE.search(text, max(0, m.start("one") - 30), m.start("one")):
                    continue  # "no one was killed", "no civilian was hurt"
                n, v = m.group("one"), 1
            else:
                n = m.group("n")
                if n is None or _NOT_COUNT.match(n.strip()):
                    continue
                if re.fullmatch(r"(?i)no[- ]one", n.strip()) or (n.strip().lower() == "one" and re.search(
                        r"(?i)\bno[- ]$", text[max(0, m.start("n") - 3):m.start("n")])):
                    continue  # "no one was killed"
                # "a" / "an" only counts when a person word follows ("a soldier was killed").
                v = parse_number(n)
                if v is None:
                    continue
            if v == 1:
                v += _kin(text, m.end(grp))
            n2 = m.groupdict().get("n2")
            if n2:
                v2 = parse_number(n2)
                if v2 is not None:
                    v = min(v, v2)
            n3 = m.groupdict().get("n3")
            if n3 and parse_number(n3) is not None:
                v += parse_number(n3) or 0  # two groups killed together add up
            if _OR_HURT.match(text, m.end()) or _KILLED_OR_HURT.search(m.group(0)):
                continue  # "three people were killed or injured": no count of the dead
            key = (m.start(grp), m.end(grp))
            if any(a <= key[0] < b for a, b in seen):
                continue  # already read, e.g. the "15" of "between 10 and 15"
            seen.add((m.start(grp), m.end("n3") if n3 else m.end("n2") if n2 else m.end(grp)))
            before = text[max(0, m.start() - 40):m.start()]
            fig = Figure(v, m.start() + offset, m.end() + offset,
                         bool(_REVISED.search(before + m.group(0))), m.start(grp) + offset, _side(m.group(0)))
            # "officials initially said five": a figure the report itself supersedes.
            fig.superseded = bool(_SUPERSEDED.search(text[max(0, m.start() - 60):m.start()]))
            out.append(fig)
    out.sort(key=lambda f: f.start)
    return out


_OR_HURT = re.compile(r"\s+or\s+(?:seriously\s+|badly\s+)?(?:injured|wounded|hurt|maimed)\b", re.I)
_KILLED_OR_HURT = re.compile(r"\b(?:killed|dead)\s+or\s+(?:seriously\s+|badly\s+)?(?:injured|wounded|hurt|maimed)\b", re.I)
_NO_ONE_BEFORE = re.compile(r"\b(?:no|nobody|none|no-one|not a single|neither)\b[^.,;]{0,20}$", re.I)


def _kin(text: str, pos: int) -> int:
    """How many more a single victim is told with: "a woman and her daughter" (1), "the village
    head ..., and two of his sons" (2), "the mayor and 11 others" (11)."""
    # (past the person noun and any aside: "the village head of X, Alhaji Musa, and two of his sons")
    k = _AND_KIN.match(text[pos:pos + 160])
    if k is None:
        return 0
    n = k.group("k") or k.group("k2") or k.group("k3")
    if n:
        return parse_number(n) or 0
    return 0 if _PLURAL_KIN.search(k.group("kin") or "") else 1


# Gates: every pattern of a kind needs one of these words (each is a required alternative in
# the patterns above), so a sentence without any of them cannot match; one search instead of
# running every pattern from every position.
_DEATH_GATE = re.compile("|".join([
    _KILL_VERB, r"massacred|executed|beheaded|murdered|shot dead|gunned down|left|leaving|claimed|claiming",
    r"dead|died|dies|die|perished|lost their lives|were martyred|martyrs|deaths|fatalities|casualties|bodies",
    r"toll|number of"]), re.I)
_INJURY_GATE = re.compile(_INJ_VERB + r"|injuring|wounding|maiming|injured|wounded|maimed|hurt", re.I)
_DISP_GATE = re.compile(_DISP_VERB + r"|displacing|displaced|uprooted|uprooting", re.I)


def deaths(text: str, offset: int = 0) -> list[Figure]:
    if not _DEATH_GATE.search(text):
        return []
    return _figures(text, _DEATH_RX, offset)


def injuries(text: str, offset: int = 0, dead_figures: list[Figure] | None = None) -> list[Figure]:
    if not _INJURY_GATE.search(text):
        return []
    # A number already read as deaths ("killing 92 and maiming 200") is not an injury figure.
    dead = {f.n_start for f in (dead_figures if dead_figures is not None else deaths(text, offset))}
    return [f for f in _figures(text, _INJURY_RX, offset) if f.n_start not in dead]


def displacements(text: str, offset: int = 0) -> list[Figure]:
    if not _DISP_GATE.search(text):
        return []
    return _figures(text, _DISP_RX, offset)


_FORCES = re.compile(r"\b(?:soldiers?|troops|police(?:men|man)?|officers?|personnel|servicemen|service members|"
                     r"guards?|commandos|security forces|recruits|cadets|peacekeepers)\b", re.I)
_FIGHTERS = re.compile(r"\b(?:militants?|fighters?|insurgents?|rebels?|attackers?|gunmen|bombers?|jihadists?|"
                       r"assailants|terrorists?|militiamen|bandits|extremists)\b", re.I)


def _side(phrase: str) -> str:
    if _FIGHTERS.search(phrase):
        return "fighters"
    if _FORCES.search(phrase):
        return "forces"
    return "people"


def combine(figures: list[Figure]) -> int | None:
    """One event's toll from the figures its sentences give, by ACLED's rules: all deaths count,
    the attackers' too ("17 soldiers were killed ... around 30 militants died" → 47), so the
    tolls of the two sides add up; within a side the lead figure stands unless a later one is a
    revision ("rose to 30"); a toll of "people" already includes the sides it names."""
    if not figures:
        return None
    by_side: dict[str, int] = {}
    for side in ("people", "forces", "fighters"):
        fs = [f for f in figures if f.side == side]
        fs = [f for f in fs if not f.superseded] or fs
        if fs:
            revised = [f for f in fs if f.revised]
            by_side[side] = (revised[-1] if revised else fs[0]).value
    sides = by_side.get("forces", 0) + by_side.get("fighters", 0)
    return max(by_side.get("people", 0), sides)
