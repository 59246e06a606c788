"""Actor mentions: text → canonical ACLED-style actor names with inter codes.

The vocabulary is data (``data/actors.yaml``, ``data/countries.yaml``); this module compiles it
into a few regular expressions and resolves each mention against the event's country.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from .model import Actor

# Kinds of actor, by the generic template they come from.
STATE, POLICE, PROTESTERS, RIOTERS, CIVILIANS, UNIDENTIFIED, GROUP, COUNTRY = (
    "state", "police", "protesters", "rioters", "civilians", "unidentified", "group", "country",
)
_KIND_BY_TEMPLATE = {
    "Military Forces of": STATE,
    "Police Forces of": POLICE,
    "Protesters": PROTESTERS,
    "Rioters": RIOTERS,
    "Civilians": CIVILIANS,
    "Unidentified Armed Group": UNIDENTIFIED,
}
ARMED_KINDS = {STATE, POLICE, UNIDENTIFIED, GROUP, COUNTRY}
# Words allowed between a country modifier and the actor word ("Syrian regime jet").
_FILLERS = ["regime", "government", "army", "military", "security", "special", "armed", "elite",
            "pro-government", "federal", "national", "air", "naval", "riot", "fighter", "war",
            "state", "backed", "led", "allied", "border", "opposition", "rebel"]


@dataclass
class ActorMention:
    text: str
    start: int
    end: int
    template: str  # canonical name, possibly with a {country} slot
    inter: int
    kind: str
    country: str | None = None  # ISO3 named by an adjective, possessive or leader
    generic: bool = False

    def resolve(self, event_iso3: str | None, countries: dict[str, dict[str, Any]]) -> Actor:
        iso = self.country or event_iso3
        name = fill_country(self.template, iso, countries)
        inter = self.inter
        # ACLED: state forces acting outside their own country are External/Other forces.
        if self.kind in (STATE, POLICE, COUNTRY) and self.country and event_iso3 and self.country != event_iso3:
            inter = 8
        return Actor(name=name, inter=inter, mention=self.text, start=self.start, end=self.end, country=iso)


def fill_country(template: str, iso3: str | None, countries: dict[str, dict[str, Any]]) -> str:
    """'Military Forces of {country}' for a country: "of the United Kingdom" where the name takes
    an article (`the: true` in countries.yaml), "Civilians (United Kingdom)"; no country, no slot."""
    if "{country}" not in template:
        return template
    entry = countries.get(iso3 or "", {}) if iso3 else {}
    name = entry.get("name")
    if not name:
        return template.replace(" ({country})", "").replace(" of {country}", "")
    if entry.get("the"):
        template = template.replace(" of {country}", " of the {country}")
    return template.replace("{country}", name)


# An armed group the dictionary does not know keeps the name the text gives it: "a Raia Mutomboki
# armed group", "the Viv Ansanm gang coalition", "the 400 Mawozo gang".
_NAMED_GROUP = re.compile(
    r"(?P<name>(?:[A-Z0-9][\w'’\-]*\s+){1,4}?)(?P<kind>armed group|gang coalition|militias?|gangs?|"
    r"rebel group|rebels|militant group|movement|brigades?|coalition|cartel|faction|militants|fighters)\b")
_GROUP_WORD = {"armed group": "Armed Group", "militia": "Militia", "militias": "Militia", "gang": "Gang",
               "gangs": "Gang", "gang coalition": "Gang Coalition", "rebels": "Rebels",
               "rebel group": "Rebels", "militant group": "Group", "brigade": "Brigade",
               "brigades": "Brigades", "cartel": "Cartel", "faction": "Faction", "militants": "",
               "fighters": ""}
_NOT_NAMES = {"the", "a", "an", "local", "armed", "rival", "allied", "several", "two", "three", "one",
              "many", "some", "other", "pro-government", "government", "islamist", "jihadist",
              "ethnic", "tribal", "clan", "criminal", "this", "that", "these", "those", "his", "her",
              "their", "its", "on", "in", "at", "by", "of", "and", "but", "for", "from", "with",
              "after", "when", "as", "while", "militia", "new", "main", "largest", "powerful"}


def _alt(words: list[str], ci: bool = True) -> str:
    """A regex alternation of literal phrases, longest first, tolerant of spacing and dashes.

    Phrases are grouped by their first letter (``S(?:udan…|omali…)|A(?:…)``): Python's ``re``
    tries the alternatives of a flat alternation one by one at every position, a grouped one
    only those that start with the letter there. Same matches (phrases with different first
    letters never match at the same position), ~4x faster on long lists."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for w in sorted(set(words), key=len, reverse=True):
        esc = re.escape(w[1:]).replace(r"\-", "\x00").replace(r"\ ", r"[\s\-]+")
        esc = esc.replace("\x00", r"[\s\-]?").replace("'", "['’]?")
        if not w[:1].isalnum():
            return _alt_flat(words)
        groups.setdefault(w[0].lower() if ci else w[0], []).append((w[0], esc))
    return "|".join(re.escape(v[0][0]) + "(?:" + "|".join(e for _, e in v) + ")" for v in groups.values())


def _alt_flat(words: list[str]) -> str:
    parts = []
    for w in sorted(set(words), key=len, reverse=True):
        esc = re.escape(w).replace(r"\-", "\x00").replace(r"\ ", r"[\s\-]+")
        esc = esc.replace("\x00", r"[\s\-]?").replace("'", "['’]?")
        parts.append(esc)
    return "|".join(parts)


class ActorDictionary:
    """Compiled actor vocabulary. Build with :func:`get_actor_dictionary`."""

    def __init__(self, groups: list[dict[str, Any]], generic: list[dict[str, Any]],
                 countries: dict[str, dict[str, Any]]) -> None:
        self.countries = countries
        self._group_by_alias: dict[str, dict[str, Any]] = {}
        ci_aliases: list[str] = []
        cs_aliases: list[str] = []
        for g in groups:
            for a in g.get("aliases", []) or []:
                self._group_by_alias[a.lower()] = g
                ci_aliases.append(a)
            for a in g.get("case_sensitive", []) or []:
                self._group_by_alias[a] = g
                cs_aliases.append(a)
        self._groups_ci = re.compile(rf"(?<![\w-])(?:{_alt(ci_aliases)})(?![\w-])", re.I)
        self._groups_cs = (
            re.compile(rf"(?<![\w-])(?:{_alt(cs_aliases, ci=False)})(?![\w-])") if cs_aliases else None
        )
        self._generic_by_word: dict[str, dict[str, Any]] = {}
        words: list[str] = []
        for g in generic:
            for w in g["words"]:
                self._generic_by_word[w.lower()] = g
                words.append(w)
        self._generic = re.compile(rf"(?<![\w-])(?:{_alt(words)})(?![\w-])", re.I)
        # Country references: demonyms, names, aliases, leaders.
        self._iso_by_word: dict[str, str] = {}
        self._iso_by_leader: dict[str, str] = {}
        names: list[str] = []
        for iso, c in countries.items():
            for w in [c["name"], *(c.get("aliases") or [])]:
                self._iso_by_word[w.lower()] = iso
                names.append(w)
            for w in c.get("demonyms") or []:
                self._iso_by_word[w.lower()] = iso
            for w in c.get("leaders") or []:
                self._iso_by_leader[w.lower()] = iso
        dem = [w for c in countries.values() for w in (c.get("demonyms") or [])]
        lead = [w for c in countries.values() for w in (c.get("leaders") or [])]
        # A modifier directly in front of a generic word: "Syrian", "Turkish-backed",
        # "Syria's", "pro-Assad", "Assad's", "pro-government".
        mod = rf"(?:pro-)?(?P<mod>{_alt(dem + names + lead)})(?:['’]s|-(?:led|backed|allied|aligned))?"
        # (a model's name between: "Russian Shahed drones", "Israeli F-35 jets")
        self._modifier = re.compile(rf"(?<![\w-]){mod}\s+(?:(?:{_alt(_FILLERS)}|(?-i:[A-Z][a-z]+|[A-Z]{{1,3}}-\d+[A-Z]?))\s+){{0,2}}$", re.I)
        self._country_names = re.compile(rf"(?<![\w-])(?:{_alt(names, ci=False)})(?![\w-])")
        self._country_ref = re.compile(rf"(?<![\w-])(?:{_alt(names + dem, ci=False)})(?:['’]s)?(?![\w-])")
        self._demonym = re.compile(rf"(?<![\w-])(?:{_alt(dem, ci=False)})(?:-(?:led|backed))?(?![\w-])")
        self._leader = re.compile(rf"(?<![\w-])(?:pro-)?(?:{_alt(lead, ci=False)})(?![\w-])") if lead else None

    # -- lookups -------------------------------------------------------------------------
    def iso_of(self, word: str) -> str | None:
        w = word.lower().strip()
        w = re.sub(r"['’]s$|-(?:led|backed|allied|aligned)$", "", w)
        w = w.removeprefix("pro-")
        return self._iso_by_word.get(w) or self._iso_by_leader.get(w)

    def group_named(self, name: str) -> dict[str, Any] | None:
        return self._group_by_alias.get(name) or self._group_by_alias.get(name.lower())

    # -- scanning ------------------------------------------------------------------------
    def find(self, text: str, offset: int = 0) -> list[ActorMention]:
        """All actor mentions in ``text`` (offsets shifted by ``offset``), longest first wins."""
        found: list[ActorMention] = []
        for rx in (self._groups_ci, self._groups_cs):
            if rx is None:
                continue
            for m in rx.finditer(text):
                g = self.group_named(m.group(0)) or self.group_named(re.sub(r"[\s\-]+", " ", m.group(0)))
                if g is None:
                    g = self._fuzzy_group(m.group(0))
                if g is None:
                    continue
                longer = self._longer_name(text, m.start())
                if longer is not None and " " in m.group(0).strip():
                    # "Ta'ang National Liberation Army" is not the "National Liberation Army" (ELN):
                    # a proper name that goes on before the alias is another group's.
                    name = text[longer:m.end()]
                    inter = 2 if re.search(r"(?:Army|Front|Movement|Forces)$", name) else 3
                    found.append(ActorMention(name, longer + offset, m.end() + offset, name, inter, GROUP))
                    continue
                # A state's own forces by their name ("SSPDF", "FAMa"): the state, not a group.
                kind = next((k for p, k in _KIND_BY_TEMPLATE.items() if g["name"].startswith(p)), GROUP) \
                    if g.get("country") else GROUP
                found.append(ActorMention(m.group(0), m.start() + offset, m.end() + offset,
                                          g["name"], int(g["inter"]), kind, g.get("country")))
        for m in self._generic.finditer(text):
            word = m.group(0)
            g = self._generic_by_word.get(word.lower()) or self._generic_by_word.get(
                re.sub(r"[\s\-]+", " ", word.lower()))
            if g is None:
                continue
            tmpl = g["name"]
            kind = next((k for p, k in _KIND_BY_TEMPLATE.items() if tmpl.startswith(p)), GROUP)
            if kind in (STATE, POLICE) and NOT_AN_AGENT_AFTER.match(text, m.end()):
                continue  # "a military parade", "a military court": an occasion, not the force
            iso = None
            start = m.start()
            pre = self._modifier.search(text, max(0, m.start() - 60), m.start())
            if pre:
                iso = self.iso_of(pre.group("mod"))
                start = pre.start()
                # "Rwandan and Mozambican forces": each adjective names a force of its own.
                also = _AND_BEFORE.search(text, max(0, start - 40), start)
                if also and self.iso_of(also.group(1)) not in (None, iso):
                    found.append(ActorMention(also.group(1), also.start(1) + offset, also.end(1) + offset,
                                              tmpl, int(g["inter"]), kind, self.iso_of(also.group(1)),
                                              generic=True))
            elif re.search(r"\b(?:its|their)\s+(?:own\s+)?$", text[max(0, m.start() - 12):m.start()], re.I):
                # "Russia's defence ministry said its troops ...": the country named just before.
                back = list(self._country_ref.finditer(text, max(0, m.start() - 120), m.start()))
                if back:
                    iso = self.iso_of(back[-1].group(0))
            found.append(ActorMention(text[start:m.end()], start + offset, m.end() + offset, tmpl,
                                      int(g["inter"]), kind, iso, generic=True))
        known = [(a.start - offset, a.end - offset) for a in found if a.kind == GROUP]
        for m in _NAMED_GROUP.finditer(text):
            name, kind_word = m.group("name").strip(), m.group("kind").lower()
            if any(a < m.end() and m.start() < b for a, b in known):
                continue
            first = name.split()[0]
            if self.iso_of(first) or first.lower() in _NOT_NAMES or self.iso_of(name):
                continue  # "Syrian rebels", "The militia": no proper name
            if kind_word in ("militants", "fighters") and len(name.split()) < 2:
                continue  # "Islamist militants": a description, not a name
            inter = 2 if kind_word.startswith(("rebel", "movement", "front", "army", "liberation")) else 3
            label = f"{name} {_GROUP_WORD.get(kind_word, kind_word.title())}".strip()
            found.append(ActorMention(m.group(0), m.start() + offset, m.end() + offset, label, inter, GROUP))
        for m in self._country_names.finditer(text):
            iso = self.iso_of(m.group(0))
            found.append(ActorMention(m.group(0), m.start() + offset, m.end() + offset,
                                      "Military Forces of {country}", 1, COUNTRY, iso, generic=True))
        out = _drop_overlaps(found)
        # "the Popular Mobilisation Forces (PMF)": the acronym restates the name, it is no second actor.
        return [m for i, m in enumerate(out) if not (
            i and out[i - 1].template == m.template and out[i - 1].kind == m.kind
            and re.fullmatch(r"\s*\(", text[out[i - 1].end - offset:m.start - offset]))]

    def _longer_name(self, text: str, start: int) -> int | None:
        """Where a proper name that runs on into position ``start`` begins, if it does: capitalised
        words right before it that are neither a country's nor a function word."""
        m = _CAPS_BEFORE.search(text, max(0, start - 40), start)
        # Only mid-sentence ("the Ta'ang National ..."), where a capital marks a name, not a
        # sentence's first word ("Suspected Boko Haram ...").
        if m is None or not re.search(r"\b(?:the|[a-z]+)\s$", text[max(0, m.start() - 12):m.start()]):
            return None
        words = m.group(0).split()
        if any(self.iso_of(w) or w.lower() in _NOT_NAMES or w.lower() in _CALENDAR for w in words):
            return None
        return start - len(" ".join(words)) - 1

    def _fuzzy_group(self, s: str) -> dict[str, Any] | None:
        key = re.sub(r"[\s\-'’]+", "", s.lower())
        for alias, g in self._group_by_alias.items():
            if re.sub(r"[\s\-'’]+", "", alias.lower()) == key:
                return g
        return None

    def country_modifier(self, text: str, start: int) -> str | None:
        """ISO3 of a country adjective/name right before position ``start`` ("Russian-led airstrikes")."""
        m = self._modifier.search(text, max(0, start - 60), start)
        return self.iso_of(m.group("mod")) if m else None


# A force's word used as a modifier of an occasion or an institution: "a military parade", "a
# military court" (but "an army post", "a police convoy" are the force, as a target).
NOT_AN_AGENT_AFTER = re.compile(
    r"\s+(?:parades?|ceremon(?:y|ies)|academy|academies|college|school|hospital|court|courts|tribunal|band|"
    r"exercises?|drills?|budget|spending|uniforms?|equipment|hardware|cemetery|museum|parade ground|"
    r"service|chaplain|historians?)\b", re.I)
_CALENDAR = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
             "february", "march", "april", "may", "june", "july", "august", "september", "october",
             "november", "december"}
_CAPS_BEFORE = re.compile(r"(?<![\w'’-])(?:[A-Z][\w'’-]*\s){1,3}$")
_AND_BEFORE = re.compile(r"(?<![\w-])((?:[A-Z]\.){2,}|[A-Z][\w'’\-]+)\s*(?:,|and|,\s*and)\s*$")
_MEMBER_WORDS = ("fighters", "militants", "members", "gunmen", "insurgents", "rebels", "elements", "units")


def _drop_overlaps(ms: list[ActorMention]) -> list[ActorMention]:
    ms.sort(key=lambda m: (m.start, -(m.end - m.start), m.kind == COUNTRY))
    out: list[ActorMention] = []
    for m in ms:
        # "Al Shabaab militants", "IS fighters", "RSF artillery": the generic word belongs to the
        # group before it.
        if (out and out[-1].kind == GROUP and m.kind in (UNIDENTIFIED, STATE) and m.generic
                and 0 <= m.start - out[-1].end <= 2):
            out[-1].end, out[-1].text = m.end, out[-1].text + " " + m.text
            continue
        # "fighters of the Fano", "rebels from the National Liberation Army": the group's.
        if (out and out[-1].kind == UNIDENTIFIED and out[-1].generic and m.kind == GROUP
                and m.start - out[-1].end <= 10 and out[-1].text.lower().endswith(_MEMBER_WORDS)):
            gap = m.start - out[-1].end
            if 0 < gap <= 10:  # " of the ", " from the "
                out[-1] = ActorMention(out[-1].text + " of " + m.text, out[-1].start, m.end, m.template, m.inter,
                                       GROUP, m.country)
                continue
        if out and m.start < out[-1].end:
            prev = out[-1]
            # A country name inside a generic phrase ("Syria's army") is already its modifier.
            if m.end - m.start > prev.end - prev.start and m.kind != COUNTRY:
                out[-1] = m
            continue
        out.append(m)
    return out


def _load_yaml(name: str) -> Any:
    return yaml.safe_load(resources.files("sitrep.data").joinpath(name).read_text("utf-8"))


@lru_cache(maxsize=1)
def load_countries() -> dict[str, dict[str, Any]]:
    return {k: v for k, v in _load_yaml("countries.yaml").items()}


@lru_cache(maxsize=1)
def get_actor_dictionary() -> ActorDictionary:
    """The packaged dictionary, extended by the YAML file named in ``SITREP_ACTORS`` if set."""
    data = _load_yaml("actors.yaml")
    groups, generic = list(data["groups"]), list(data["generic"])
    extra = os.environ.get("SITREP_ACTORS")
    if extra:
        with open(extra, encoding="utf-8") as fh:
            more = yaml.safe_load(fh) or {}
        groups = list(more.get("groups", [])) + groups  # user entries win
        generic = list(more.get("generic", [])) + generic
    return ActorDictionary(groups, generic, load_countries())
