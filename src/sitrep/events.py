"""Event detection and typing: a sentence's cues → an ACLED type and sub-type.

Cues are data (``data/triggers.yaml``). A sentence becomes an event candidate when it holds an
event cue that is not negated, hypothetical, planned or threatened (checked on the dependency
parse) and is not a statistical summary. :func:`classify` applies ACLED's definitions in a fixed
order, most specific first.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from .actors import (
    ARMED_KINDS,
    CIVILIANS,
    GROUP,
    NOT_AN_AGENT_AFTER,
    POLICE,
    PROTESTERS,
    RIOTERS,
    STATE,
    UNIDENTIFIED,
    ActorMention,
)

# The cue families that can make an event on their own (others only qualify one).
EVENT_CUES = (
    "chemical", "suicide", "air", "shelling", "grenade", "explosive", "clash", "attack", "kill",
    "abduct", "sexual", "capture", "recapture", "withdraw", "protest", "riot", "mob", "arrest",
    "agreement", "defuse", "looting", "base", "change", "deploy",
)


@dataclass
class Cue:
    family: str
    start: int  # offsets into the sentence
    end: int
    text: str


_ACCIDENTAL = ("kill", "attack", "explosive")
_PROTEST_OBJECT = re.compile(
    r"\b(?:protest(?:s|ed|ing)?|against|condemn(?:s|ed|ing)?|denounc(?:e|es|ed|ing)|an end to|justice for)\s+"
    r"(?:(?:the|a|an|recent|incessant|continued|continuing|repeated|rising|growing|spate of|wave of|series of|"
    r"string of|deadly|latest|frequent)\s+){0,3}$", re.I)
# "arrested 12 people in connection with Saturday's attack": the attack is the arrests' cause.
_ARRESTED_FOR = re.compile(r"\b(?:in connection with|over|for|following|after|linked to|suspected of|"
                           r"on suspicion of|accused of|charged with|in relation to|behind)\b", re.I)
# Who speaks ("police said") is no party to the action.
SAYS_AFTER = re.compile(r"^\W{0,3}(?:\w+\s+){0,2}?(?:said|say|says|told|reported|announced|confirmed|added|stated|"
                        r"condemned|condemns|denounced|denounces|deplored)\b", re.I)
_ACCORDING_TO = re.compile(r"according to (?:the\s+)?$", re.I)
_KILLED_BY_SOMEONE = re.compile(r"shot dead|shot to death|shot and killed|beaten to death|gunned down|murdered|assassinated|assassination|beheaded|"
                                r"hacked to death|lynched|burn[te]d? alive|stabbed", re.I)
_POLITICAL_VICTIM = re.compile(
    r"\b(?:candidates?|politicians?|mayors?|lawmakers?|legislators?|MPs?|senators?|governors?|council(?:l)?ors?|"
    r"officials?|journalists?|reporters?|activists?|rights defenders?|trade unionists?|union leaders?|"
    r"community leaders?|village chiefs?|chiefs?|imams?|priests?|pastors?|judges?|prosecutors?|opposition|"
    r"editors?|photographers?|camera(?:man|men)|bloggers?|broadcasters?|news (?:page|site|outlet|agency)|newspaper|"
    r"aid workers?|health workers?|polio workers?|vaccinators?|election officials?|party (?:leaders?|members?))\b")
_CRUDE = re.compile(r"(?i)\b(?:crude|hand-?made|country-made|cocktail|petrol|molotov)\b")
_PARTISANS = re.compile(r"(?i)\b(?:supporters|activists|cadres|followers|party workers|students)\b")
_WHO_BEFORE = re.compile(r"\bwho(?:se)?\s+(?:\w+\s+){0,4}$", re.I)
_MEANS_BEFORE = re.compile(r"\b(?:after|following|with|using)\s+(?:an?\s+|the\s+|heavy\s+)?(?:[\w-]+\s+){0,2}$", re.I)
# Interventions that only detain: arresting activists alone is no protest event.
DETENTION = re.compile(r"arrest|detain", re.I)
_INJURY_ONLY = re.compile(r"(?:wounded|injured)$", re.I)
_KILLING = re.compile(r"(?i)kill|shot|hack|murder|slaughter|massacr|behead|execut|stabb|gunned")
_FREED = re.compile(r"(?i)\b(?:rescued|freed|released|escaped|reunited|regained (?:their )?freedom)\b")
_CAPTIVES_AFTER = re.compile(r"(?i)\s+(?:victims|persons|people|students|schoolgirls|schoolchildren|girls|boys|passengers|"
                             r"hostages|residents|villagers|captives|women|children|workers|travellers|travelers)\b")
_ARMED_WITH = re.compile(r"(?i)\b(?:armed with|equipped with|carrying|wielding|using)\s+(?:[\w-]+,?\s+){0,5}$")
_ON_PROTESTERS = re.compile(r"\s+(?:on\s+)?(?:the\s+|a\s+group\s+of\s+|[\w\-]+\s+)?(?:protesters|protestors|demonstrators|marchers)\b", re.I)
_VENUE = re.compile(r"\b(?:at|during|near|outside|on|into|attended|targeting|targeted)\s+(?:a|an|the)\s+(?:[\w\-]+\s+){0,2}$", re.I)
# Unarmed camps that clash: party supporters, religious communities, students (ACLED codes these as
# mob violence; clans, tribes and herders who clash are armed communal militias: a battle).
_COMMUNITIES = re.compile(r"\b(?:hindus|muslims|christians|buddhists|party (?:members|activists|workers)|supporters|"
                          r"rival (?:supporters|students)|activists|students)\b", re.I)
_HURT = re.compile(r"\b(?:dead|died|killed|killing|injur\w*|wound\w*|hurt|stones?|sticks|machetes|knives|torched|"
                   r"set fire|burn\w*|clubs|iron rods|bricks|hospitali[sz]ed)\b", re.I)
_ACCUSED_OF = re.compile(r"\b(?:accus(?:e|es|ed|ing)|sanction(?:s|ed|ing)?|charg(?:e|es|ed|ing))\s+(?:[\w'’-]+\s+){0,5}?"
                         r"(?:of|for)\s+(?:[\w'’-]+\s+){0,3}$", re.I)
_BY_WHOM = re.compile(r"\b(?:by|like|among|as)\s+(?:the\s+|some\s+|many\s+)?$", re.I)
_PASSIVE_ARREST = re.compile(r"\b(?:was|were|been|being)\s+(?:\w+\s+)?(?:arrested|detained|taken into custody)\b", re.I)
# (not "with machetes": armed groups kill with them too)
_CROWD = re.compile(r"\b(?:supporters|crowds?|mobs?|villagers|youths|residents|men armed with|with (?:sticks|"
                    r"clubs|stones|iron rods))\b", re.I)


@dataclass
class Lexicon:
    cues: dict[str, re.Pattern[str]]
    armed_targets: re.Pattern[str]
    not_event: re.Pattern[str]
    disaster: re.Pattern[str]
    sport: re.Pattern[str]
    crime: re.Pattern[str]
    modal_heads: frozenset[str]
    any_cue: re.Pattern[str]  # a pre-filter run on the lower-cased sentence (a superset of the cues)
    gates: dict[str, re.Pattern[str]] = field(default_factory=dict)  # the same, per family
    not_event_gate: re.Pattern[str] | None = None

    def is_not_event(self, sentence: str) -> bool:
        """Does a non-event frame ("the war has killed", "on trial") hold the sentence?"""
        if self.not_event_gate is not None and not self.not_event_gate.search(sentence.lower()):
            return False
        return self.not_event.search(sentence) is not None

    def find(self, sentence: str) -> list[Cue]:
        out = []
        low = sentence.lower()
        # In a sentence about a disaster or an accident, deaths, blasts and "attacks" (of illness)
        # are not political; only clearly political cues (a riot after a crash) still count.
        skip = _ACCIDENTAL if self.disaster.search(sentence) else ()
        for fam, rx in self.cues.items():
            if fam in skip:
                continue
            gate = self.gates.get(fam)
            if gate is not None and not gate.search(low):
                continue  # (the cheap lower-case pass found nothing this family could match)
            for m in rx.finditer(sentence):
                out.append(Cue(fam, m.start(), m.end(), m.group(0)))
        # A cue inside a longer one of another family is part of it: "shot" in "shot down",
        # "grenade" in "recovered a grenade".
        out.sort(key=lambda c: (c.start, -(c.end - c.start)))
        kept: list[Cue] = []
        for c in out:
            if any(k.start <= c.start and c.end <= k.end and (k.end - k.start) > (c.end - c.start)
                   and k.family != c.family for k in kept):
                continue
            kept.append(c)
        return kept


def _inflect(words: list[str]) -> set[str]:
    """Surface forms of verbs, so the parse needs no lemmatizer: plan → plans, planned, planning."""
    out: set[str] = {"sought", "thought", "could", "would", "might", "must"}
    for w in words:
        w = w.lower()
        out |= {w, w + "s", w + "es", w + "ed", w + "d", w + "ing", w + w[-1] + "ed", w + w[-1] + "ing"}
        if w.endswith("e"):
            out.add(w[:-1] + "ing")
        if w.endswith("y"):
            out |= {w[:-1] + "ied", w[:-1] + "ies"}
    return out


def _lowered(rx: re.Pattern[str]) -> re.Pattern[str]:
    """The same pattern for lower-cased text, without re.I: Python's case-insensitive matching of a
    long alternation costs about three times as much. Case-sensitive parts become insensitive, so
    it finds a superset; it only decides which sentences are worth looking at."""
    out, p, i = [], rx.pattern, 0
    while i < len(p):
        if p[i] == "\\" and i + 1 < len(p):
            out.append(p[i:i + 2])  # an escape keeps its case: \W is not \w
            i += 2
        else:
            out.append(p[i].lower())
            i += 1
    return re.compile("".join(out).replace("(?-i:", "(?:"))


def _rx(frags: list[str]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + "|".join(f"(?:{f})" for f in frags) + r")(?![\w-])", re.I)


_FORCE_ON_CROWDS = [r"tear ?gas", r"water cannons?", r"rubber bullets", r"live (?:ammunition|rounds|fire|bullets)",
                    r"pepper (?:spray|balls)", r"flash-?bangs?", r"stun grenades", r"batons?", r"opened fire on"]


@lru_cache(maxsize=1)
def get_lexicon() -> Lexicon:
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("sitrep.data").joinpath("triggers.yaml").read_text("utf-8")
    )
    cues = {k: _rx(v) for k, v in raw["cues"].items()}
    return Lexicon(
        cues=cues,
        armed_targets=_rx(raw["armed_targets"]),
        not_event=_rx(raw["not_event"]),
        disaster=_rx(raw["disaster"]),
        sport=_rx(raw["sport"]),
        crime=_rx(raw["crime"]),
        modal_heads=frozenset(_inflect(raw["modal_heads"])),
        # (an intervention alone, "police fired tear gas at opposition supporters", can make a protest
        # event; its plainest words are enough for the pre-filter)
        any_cue=_lowered(_rx([f for k in EVENT_CUES for f in raw["cues"][k]] + _FORCE_ON_CROWDS)),
        gates={k: _lowered(rx) for k, rx in cues.items()},
        not_event_gate=_lowered(_rx(raw["not_event"])),
    )


_TERRITORY_BEFORE = re.compile(r"\b(?:village|town|city|base|district|hill|outpost|settlement|camp|airport|port)\s+"
                               r"(?:was|were|had been|has been|is)\s+$", re.I)
# What a capture takes when it is territory: "captured the town", "seized control of", "took Gao".
_TERRITORY_AFTER = re.compile(
    r"^\s+(?:(?:full|back|most|part|parts|much|all|large parts|large swathes|swathes)\s+(?:of\s+)?)?(?:the\s+|a\s+|an\s+)?(?:(?!by\b|after\b|when\b|during\b|in\b|on\b|at\b|near\b)[a-z\-]+\s+){0,3}?"
    r"(?:control|towns?|city|cities|villages?|territor(?:y|ies)|districts?|bases?|positions?|hills?|"
    r"airport|airbase|region|province|areas?|outposts?|checkpoints?|neighbou?rhoods?|camp|capital|"
    r"headquarters|palace|presidential palace|compound|barracks|port|bridge|police stations?|stations?|posts?|[A-Z][\w'’\-]+(?!\s+(?:and|who|after)\b))")


# The weapon decides the sub-type, most specific first (a suicide car bomb is a suicide bomb).
_WEAPONS = (
    ("chemical", "Chemical weapon", 0.9),
    ("suicide", "Suicide bomb", 0.9),
    ("air", "Air/drone strike", 0.85),
    ("shelling", "Shelling/artillery/missile attack", 0.8),
    ("grenade", "Grenade", 0.8),
)
_WEAPON_FAMILIES = {f for f, _, _ in _WEAPONS} | {"explosive"}


@dataclass
class Typing:
    event_type: str
    sub_event_type: str
    trigger: Cue
    strength: float  # how sure the wording is, 0-1


def _first(cues: list[Cue], *fams: str) -> Cue | None:
    """The first cue of the first family (in the order given) that the sentence has."""
    for fam in fams:
        for c in cues:
            if c.family == fam:
                return c
    return None


def _armed_target(sentence: str, lex: Lexicon) -> bool:
    """Soldiers, police, a base... named in the sentence other than as who speaks."""
    for m in lex.armed_targets.finditer(sentence):
        if SAYS_AFTER.match(sentence[m.end():m.end() + 40]) or _ACCORDING_TO.search(sentence, max(0, m.start() - 20), m.start()):
            continue
        if NOT_AN_AGENT_AFTER.match(sentence, m.end()):
            continue  # "a military parade" is no armed target
        if re.search(r"\bby\s+(?:the\s+)?$", sentence[max(0, m.start() - 8):m.start()]):
            continue  # "shot dead by police": the force acts
        return True
    return False


def _alleged(sentence: str, c: Cue) -> bool:
    """"imposed sanctions ..., accusing them of leading attacks on civilians": an allegation, no event
    (but "was accused of killing hundreds in El Geneina" in April tells of a killing)."""
    return bool(re.fullmatch(r"(?i)\w+s", c.text)) and not c.text.lower().endswith("ss") \
        and _ACCUSED_OF.search(sentence, max(0, c.start - 70), c.start) is not None


def _named_in_passing(sentence: str, c: Cue) -> bool:
    """"a technique used by protestors": protesters named in passing are no protest."""
    return c.family == "protest" and re.fullmatch(r"(?i)protest(?:ers|ors)|demonstrators", c.text) is not None \
        and _BY_WHOM.search(sentence, max(0, c.start - 16), c.start) is not None


def classify(sentence: str, cues: list[Cue], actors: list[ActorMention], lex: Lexicon,
             speakers: set[int] | frozenset[int] = frozenset()) -> Typing | None:
    """ACLED's type and sub-type for a sentence's cues and actors, or None if it holds no event.
    ``speakers`` (ids of actors who only speak: "authorities said") take no side in a fight."""
    cues = [c for c in cues if not _alleged(sentence, c) and not _named_in_passing(sentence, c)]
    if not cues:
        return None
    # Forces that only speak ("police said") neither shoot nor are fought.
    acting = [a for a in actors if id(a) not in speakers]
    force = {a.kind for a in acting} & {STATE, POLICE}
    non_state = {a.kind for a in acting} & {GROUP, UNIDENTIFIED}
    # "an attack at a rally", "a bomb during a march": the gathering is the venue, not the action
    # (but police or troops who shoot "during a protest" act on the protesters).
    if any(c.family not in ("protest", "intervention") and c.family in EVENT_CUES for c in cues) and not force:
        cues = [c for c in cues if not (c.family == "protest" and _VENUE.search(sentence, max(0, c.start - 25), c.start))]
    if any(c.family == "protest" for c in cues):
        # "marched to demand justice for a blogger who died in police custody": the death is the
        # protest's cause, told in a relative clause, not its outcome.
        cues = [c for c in cues if not (c.family in ("kill", "arrest", "intervention")
                                        and _WHO_BEFORE.search(sentence, max(0, c.start - 40), c.start))]
        # "blocked a highway to protest the incessant attacks": what they protest is no action here.
        cues = [c for c in cues if c.family in ("protest", "intervention", "excessive", "riot")
                or not _PROTEST_OBJECT.search(sentence, max(0, c.start - 45), c.start)]
    if any(c.family in ("attack", "clash", "capture", "riot") for c in cues):
        # "militants armed with rifles and rocket-propelled grenades stormed a police post": the means
        cues = [c for c in cues if not (c.family in ("shelling", "air") and _ARMED_WITH.search(sentence, max(0, c.start - 60), c.start))]
    # "shot down 20 kamikaze drones": the drones named inside an interception are no strike
    downed = [c for c in cues if c.family == "defuse"]
    cues = [c for c in cues if not (c.family in _WEAPON_FAMILIES and any(
        d.start <= c.start and c.start - d.end <= 40 and not re.search(r"[,;]|\band\b", sentence[d.end:c.start])
        for d in downed))]
    if not any(c.family == "protest" for c in cues) and PROTESTERS not in {a.kind for a in actors}:
        # "opened fire on crowds waiting for aid trucks": a crowd is no demonstration by itself
        crowd = [c for c in cues if c.family == "excessive" and re.search(r"(?i)crowd", c.text)]
        if crowd and force and not non_state:
            return Typing("Violence against civilians", "Attack", crowd[0], 0.65)
        cues = [dataclasses.replace(c, family="kill") if c in crowd else c for c in cues]
    if _FREED.search(sentence):
        # "11 of the kidnapped victims were rescued": those taken before, freed now; no new abduction
        cues = [c for c in cues if not (c.family == "abduct" and _CAPTIVES_AFTER.match(sentence, c.end))]
    if any(c.family == "explosive" and _CRUDE.search(sentence, max(0, c.start - 12), c.end + 12) for c in cues) \
            and not force and not any(a.kind == GROUP and not a.generic for a in acting) and _PARTISANS.search(sentence):
        # "supporters of two rival factions clashed, hurling crude bombs": the bombs are a riot's
        # weapons (ACLED: mob violence), not a bombing.
        cues = [dataclasses.replace(c, family="riot") if c.family == "explosive" else c for c in cues]
    fams = {c.family for c in cues}
    kinds = {a.kind for a in actors}
    has = fams.__contains__

    def t(et: str, st: str, *trig: str, strength: float = 0.8) -> Typing:
        cue = _first(cues, *trig) or cues[0]
        return Typing(et, st, cue, strength)

    if non_state and not force and PROTESTERS in kinds and any(
            c.family == "excessive" or (c.family in ("attack", "kill") and _ON_PROTESTERS.match(sentence, c.end))
            for c in cues):
        # Gunmen or a militia who fire on or attack marchers: ACLED codes violence against civilians
        # (the protesters are its victims); only state forces use "excessive force".
        return t("Violence against civilians", "Attack", "excessive", "attack", "kill", strength=0.7)
    if has("clash") and PROTESTERS in kinds and force and not non_state and not has("excessive") \
            and not any(c.family in _WEAPON_FAMILIES for c in cues):
        # "AL activists, police clash in Gopalganj": demonstrators who fight the police riot.
        return t("Riots", "Violent demonstration", "clash", strength=0.65)
    protesters = PROTESTERS in kinds or has("protest") or has("excessive")
    if has("excessive") or (has("protest") and (PROTESTERS in kinds or _first(cues, "protest") is not None)) or (
            PROTESTERS in kinds and any(c.family == "intervention" and not DETENTION.match(c.text) for c in cues)):
        # "police raid the camp, beating protesters" (arresting activists alone is no protest)
        # (deaths, not injuries from batons or gas: "35 injured when police fired tear gas")
        dead = any(c.family == "kill" and not re.match(r"(?i)injur|wound", c.text) for c in cues)
        if has("excessive") or (dead and protesters and force and not has("riot")):
            return t("Protests", "Excessive force against protesters", "excessive", "protest", strength=0.75)
        if has("riot") or RIOTERS in kinds or (has("clash") and not non_state and not force) or (
                has("kill") and not force) or ((has("attack") or has("looting")) and not non_state and not force
                                               and PROTESTERS in kinds):
            # (protesters who attack embassies and loot them: a violent demonstration)
            # Protesters fighting rivals with sticks and stones, or deaths in their clashes with
            # other civilians: a violent demonstration.
            return t("Riots", "Violent demonstration", "riot", "clash", "protest", strength=0.7)
        if has("intervention") or (has("arrest") and (POLICE in kinds or STATE in kinds)):
            return t("Protests", "Protest with intervention", "intervention", "protest", strength=0.75)
        if not (has("kill") or has("explosive") or has("air") or has("shelling") or has("clash")):
            return t("Protests", "Peaceful protest", "protest", strength=0.7)
    if has("mob") and (has("kill") or has("attack") or has("riot") or any(
            c.family == "mob" and re.search(r"(?i)lynch|surrounded|besieged|attacked|stormed|torched|ransacked|beat", c.text)
            for c in cues)):  # ("a crowd of several hundred surrounded the house of a student accused of blasphemy")
        return t("Riots", "Mob violence", "mob", strength=0.7)
    agents = {a.kind for a in actors if a.kind in ARMED_KINDS} - {POLICE, STATE, "country"}
    if has("riot") and (RIOTERS in kinds or re.search(r"\briot(?!\s+police)", sentence, re.I)
                        or (not agents and not any(c.family == "kill" and _KILLING.search(c.text) for c in cues))):
        # (men shot dead or hacked to death and houses set ablaze, no one named: armed attackers, not a riot)
        # Torching, stone-throwing, firebombs by people who are no armed group: a riot.
        return t("Riots", "Violent demonstration", "riot", strength=0.65)
    if has("riot") and agents and not (has("kill") or has("attack") or has("clash") or has("abduct")
                                       or has("explosive") or any(has(f) for f, _, _ in _WEAPONS)):
        # An armed group burning a mast or houses, no one hurt: property destruction.
        return t("Strategic developments", "Looting/property destruction", "riot", strength=0.6)
    arr = _first(cues, "arrest")
    if arr is not None and kinds & {POLICE, STATE}:
        later = [c for c in cues if c.family in ("attack", "kill", "explosive", "suicide", "air", "shelling")]
        if later and all(c.start > arr.end for c in later) and \
                _ARRESTED_FOR.search(sentence, arr.end, min(c.start for c in later)):
            return t("Strategic developments", "Arrests", "arrest", strength=0.65)
    weapons = [c for c in cues if c.family in _WEAPON_FAMILIES]
    cap0 = _first(cues, "capture")
    means_only = bool(weapons) and cap0 is not None and not has("withdraw") and _armed_target(sentence, lex) and all(
        c.start > cap0.start and _MEANS_BEFORE.search(sentence, max(0, c.start - 30), c.start) for c in weapons)
    # "fighters overran a military base after a car bomb blast at its gate": the base was taken;
    # the bomb was the means, so the capture is the event (typed below).
    for family, sub_type, strength in ([] if means_only else _WEAPONS):
        if has(family):
            return t("Explosions/Remote violence", sub_type, family, strength=strength)
    if has("defuse") and has("explosive"):
        return t("Strategic developments", "Disrupted weapons use", "defuse", strength=0.75)
    if has("explosive") and has("clash") and _armed_target(sentence, lex) and not means_only:
        # A convoy "hit by explosives ... then came under fire": an ambush, fought.
        return t("Battles", "Armed clash", "clash", "explosive", strength=0.65)
    if has("explosive") and not means_only:
        return t("Explosions/Remote violence", "Remote explosive/landmine/IED", "explosive", strength=0.75)
    if has("recapture"):
        return t("Battles", "Government regains territory", "recapture", strength=0.8)
    cap = _first(cues, "capture")
    if cap is not None and re.match(r"\s+(?:power|office)\b", sentence[cap.end:cap.end + 8]):
        cues = [c for c in cues if c is not cap]  # "the junta that seized power": no territory taken
        if not any(c.family in EVENT_CUES for c in cues):
            return None
        fams = {c.family for c in cues}
        has = fams.__contains__
        cap = _first(cues, "capture")
    # Whether the first armed actor named is the state's: who takes a place or a person.
    state_first = next((a.kind for a in actors if a.kind in ARMED_KINDS), None) in (STATE, POLICE)
    if cap is not None and not has("withdraw") and not _TERRITORY_AFTER.match(sentence[cap.end:cap.end + 80]) \
            and not re.match(r"(?i)overr[au]n|.* out of ", cap.text) \
            and not _TERRITORY_BEFORE.search(sentence, max(0, cap.start - 40), cap.start):
        # (a town "was overrun", troops "pushed out of the village", "when the village was captured":
        # people are not)
        # "He was captured after a manhunt": a person taken, not territory.
        if has("kill") and _armed_target(sentence, lex):
            return t("Battles", "Armed clash", "clash", "kill", "capture", strength=0.55)  # prisoners of a battle
        if state_first or re.search(r"\b(?:was|were|been)\s+captured\b", sentence, re.I):
            return t("Strategic developments", "Arrests", "capture", strength=0.6)
        return t("Violence against civilians", "Abduction/forced disappearance", "capture", strength=0.6)
    if has("capture") and re.search(r"\bwithout (?:a |any )?(?:fight|fighting|resistance|a shot being fired|a shot)\b",
                                    sentence, re.I):
        return t("Strategic developments", "Non-violent transfer of territory", "capture", strength=0.65)
    if has("capture") and not has("withdraw"):
        if state_first:
            return t("Battles", "Government regains territory", "capture", strength=0.7)
        return t("Battles", "Non-state actor overtakes territory", "capture", strength=0.7)
    if has("abduct"):
        return t("Violence against civilians", "Abduction/forced disappearance", "abduct", strength=0.8)
    if has("sexual"):
        return t("Violence against civilians", "Sexual violence", "sexual", strength=0.8)
    if has("clash") and not {a.kind for a in acting} & ARMED_KINDS \
            and _COMMUNITIES.search(sentence) and _HURT.search(sentence):
        # Party supporters, or Hindus and Muslims, who clash with no armed group among them: a riot.
        return t("Riots", "Mob violence", "clash", strength=0.55)
    stormed_only = all(c.text.lower() == "stormed" for c in cues if c.family == "clash")
    armed = [a for a in acting if a.kind in ARMED_KINDS]
    sides = {(a.kind, a.country, a.template) for a in armed}
    if has("clash") and not (stormed_only and (CIVILIANS in kinds or len(sides) < 2) and not _armed_target(sentence, lex)):
        # (Gunmen who "stormed a village, killing eight villagers" fought no one: an attack.)
        return t("Battles", "Armed clash", "clash", strength=0.75)
    atk = _first(cues, "attack")
    crowd = _CROWD.search(sentence, 0, atk.start) if atk is not None else None
    if atk is not None and not any(a.kind in ARMED_KINDS for a in actors) and crowd:
        # Supporters, villagers or a crowd with sticks and stones: mob violence, not an armed group.
        return t("Riots", "Mob violence", "attack", strength=0.55)
    raids_only = atk is not None and all(re.match(r"raid|storm", c.text, re.I) for c in cues if c.family == "attack")
    if raids_only and not has("kill") and {a.kind for a in actors if a.kind in ARMED_KINDS} <= {POLICE, STATE}:
        # Police raids: an arrest when someone is taken, else no event of their own.
        if has("arrest") or has("capture"):
            return t("Strategic developments", "Arrests", "arrest", "capture", strength=0.6)
        return None
    if raids_only and not has("kill") and has("arrest") and kinds & {POLICE, STATE}:
        # "police detained 40 people in raids targeting suspected Islamic State members"
        return t("Strategic developments", "Arrests", "arrest", strength=0.6)
    if has("attack") or has("kill"):
        armed_target = _armed_target(sentence, lex)
        victims = CIVILIANS in kinds
        if not has("attack") and all(_INJURY_ONLY.match(c.text) for c in cues if c.family == "kill"):
            return None  # "50 people were injured": a toll told about an action told elsewhere
        if (len(sides) >= 2 or armed_target) and not victims:
            return t("Battles", "Armed clash", "attack", "kill", strength=0.6)
        if has("kill") and not has("attack") and not armed and not victims and not (
                any(_KILLED_BY_SOMEONE.fullmatch(c.text) for c in cues if c.family == "kill")
                and _POLITICAL_VICTIM.search(sentence)):
            # A bare death ("he died") is no political event by itself; a candidate or a
            # journalist shot dead is one, though no one is named.
            return None
        return t("Violence against civilians", "Attack", "attack", "kill", strength=0.6)
    if has("withdraw") and kinds & ARMED_KINDS:
        return t("Strategic developments", "Non-violent transfer of territory", "withdraw", strength=0.7)
    if has("looting"):
        return t("Strategic developments", "Looting/property destruction", "looting", strength=0.65)
    if has("arrest") and kinds & {POLICE, STATE, GROUP}:
        return t("Strategic developments", "Arrests", "arrest", strength=0.65)
    if has("arrest") and _PASSIVE_ARREST.search(sentence):
        # "Yusufu was arrested Sept. 1", "a number of people had been detained": by the police.
        return t("Strategic developments", "Arrests", "arrest", strength=0.55)
    if has("agreement") and kinds & ARMED_KINDS:
        return t("Strategic developments", "Agreement", "agreement", strength=0.6)
    if has("defuse"):
        return t("Strategic developments", "Disrupted weapons use", "defuse", strength=0.6)
    if has("base") and kinds & ARMED_KINDS:
        return t("Strategic developments", "Headquarters or base established", "base", strength=0.6)
    if has("change") and GROUP in kinds:
        return t("Strategic developments", "Change to group/activity", "change", strength=0.5)
    if has("deploy") and kinds & {STATE, GROUP, "country"}:
        # A deployment is a strategic development when it moves forces across a border or
        # brings armour or a convoy; routine troops sent "to support police" are not coded.
        cue = _first(cues, "deploy")
        foreign = any(a.kind in (STATE, "country") and a.country for a in actors)
        if foreign or (cue and re.search(r"convoy|tanks|armou?r|reinforcements", sentence, re.I)):
            return t("Strategic developments", "Other", "deploy", strength=0.5)
    return None


# -- modality and negation on the dependency parse ---------------------------------------------

_NEG_WORDS = {"not", "n't", "never", "no", "without", "neither", "nor"}
_FUTURE_MARK = {"if", "unless", "whether"}


def is_asserted(span: Any, trig_start: int, trig_end: int, lex: Lexicon) -> bool:
    """False when the trigger at char offsets (relative to ``span``) is negated, hypothetical,
    planned or threatened: "did not attack", "would not let ... fall", "plans to attack",
    "threatened to kill", "if they attack". ``span`` is a spaCy Span/Doc of the sentence."""
    base = getattr(span, "start_char", 0)  # a Doc of the sentence alone starts at 0
    doc = getattr(span, "doc", span)
    found = doc.char_span(base + trig_start, base + trig_end, alignment_mode="expand")
    toks = list(found) if found is not None else []
    if not toks:
        return True
    tok = toks[-1] if toks[-1].tag_[:2] in ("VB", "NN") else toks[0]
    # Walk up from the trigger through its governing verbs (at most 3 steps).
    node = tok
    for _ in range(4):
        for ch in node.children:
            if ch.dep_ == "neg" or (ch.lower_ in _NEG_WORDS and ch.lower_ != "without"
                                    and ch.dep_ in ("neg", "det", "advmod", "prep")):
                return False  # "without a fight" negates the fight, not the withdrawal
            if ch.dep_ == "aux" and ch.lower_ in lex.modal_heads and ch.lower_ not in ("has", "have", "had"):
                return False
            if ch.dep_ == "mark" and ch.lower_ in _FUTURE_MARK:
                return False
        if node.dep_ in ("pcomp", "pobj") and node.head.lower_ == "without":
            return False  # "left without firing a shot"
        if node == tok and tok.dep_ in ("acl", "amod") and tok.tag_ in ("VBG", "VBN") and tok.head.tag_[:2] == "NN":
            return False  # "forces fighting on behalf of": describes the forces, tells no action
        if node.lower_ in lex.modal_heads and node != tok:
            return False
        if node.dep_ in ("xcomp",) and node.head.lower_ in lex.modal_heads:
            return False
        if node.head == node:
            break
        if node.dep_ in ("relcl", "acl", "advcl", "ccomp"):
            break  # a clause of its own: the governing clause's "would" is not this action's
        node = node.head
    return True
