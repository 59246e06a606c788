"""Where an event happened: which place names in a report are used as places, the report's
salient town, and whether two mentions' places can be one event's."""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from typing import Any

from .model import Place
from .places import ACTOR_NOUN_AFTER

_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|near|outside|from|of|into|across|around|through|toward|towards|on|inside|to|"
    r"between|and|or|nearby|north|south|east|west|outskirts|province|district|city|town|village|"
    r"region|state|capital|neighbouring|neighboring|via|along|over|within|throughout|off|"
    r"northern|southern|eastern|western|central|downtown|rural|—|–|-|"
    # the object of an action on a place: "shelled Ariha", "retook Debre Tabor", "left Djibo"
    r"shelled|bombed|struck|hit|attacked|raided|stormed|captured|seized|retook|retaken|retake|recaptured|"
    r"liberated|took|entered|left|leaving|fled|reached|overran|overrun|besieged|surrounded|targeted|"
    r"shelling|bombing|pounded|ambushed|occupied|evacuated|control of)\s*,?\s*(?:the\s+)?$", re.I)
# "the mother of X", "spokesman of X": a person's relation, not a place.
_PERSON_OF = re.compile(
    r"\b(?:mother|father|son|daughter|wife|husband|brother|sister|widow|friend|family|uncle|aunt|"
    r"cousin|nephew|niece|grandson|granddaughter|relative|lawyer|attorney)\s+of\s+$", re.I)
_DESTINATION = re.compile(r"\b(?:fled|flee|fleeing|displaced|taken|evacuated|transferred|moved|airlifted|retreat|"
                          r"retreated|retreating|withdrew|withdraw|withdrawing|pulled back|fall back|fell back|"
                          r"transported|rushed|relocated)\s+(?:\w+\s+){0,3}?(?:to|towards)\s+(?:the\s+)?"
                          r"(?:(?:town|city|village|camp|hospitals?)\s+(?:of|in)\s+)?$"
                          # "one of the wounded died at a hospital in Cotabato City": where he was treated
                          r"|\b(?:died|succumbed|treated|admitted|recovering|hospitali[sz]ed)\s+(?:[\w-]+\s+){0,4}?"
                          r"(?:at|in)\s+(?:a|the)\s+(?:[\w-]+\s+)?(?:hospital|clinic|medical cent(?:er|re))\s+(?:in|of)\s+$", re.I)
_ORIGIN = re.compile(r"\b(?:labou?rers?|workers?|migrants?|natives?|man|woman|men|women|nationals?|pilgrims?|"
                     r"tourists?|traders?|non-locals?|families|family|students?|youths?|boys?|girls?|"
                     r"visitors?|truckers?|drivers?|engineers?|(?:he|she|they|who)\s+(?:was|were|is|are|came))\s+"
                     r"(?:(?:hailing|originally)\s+)?from\s+(?:the\s+)?$"
                     # "all residents of different districts of Punjab"; "reinforcements arrived from the
                     # nearby town of Sarai Naurang": where people live or come from, not where it happened
                     r"|\b(?:residents?|natives?|citizens?|inhabitants?)\s+of\s+(?:different|various|several|other)\s+"
                     r"(?:(?:districts?|provinces?|parts?|areas?|villages?|towns?|regions?)\s+of\s+)(?:the\s+)?$"
                     r"|\b(?:arrived|arriving|rushed|dispatched|sent)\s+"
                     r"from\s+(?:the\s+)?(?:(?:nearby|neighbou?ring|provincial|regional)\s+)?(?:(?:town|city|capital|village)\s+of\s+)?$",
                     re.I)
_NAME_OF = re.compile(r"(?<![\w-])([A-Z][a-z]+)\s+([A-Z][a-z]+)\s+of\s+$")
_NOT_A_SURNAME = frozenset(
    "The Republic Kingdom States Emirates Province City Gulf Bank University College Sea Bay Isle Port Strait "
    "Council Ministry Department Governor Mayor Bishop Archbishop Duke Prince King Queen Sultan Emir President "
    "Minister Court Church Diocese Army Forces Front Movement Party Union Federation Islands Coast Region District "
    "County State Town Village Municipality Commune Governorate Prefecture Oblast Territory Area Zone Centre Center "
    "Museum Institute School Hospital Airport Station Mosque Temple Shrine Camp Base Battle Siege Sack Fall "
    "Liberation People Peoples Outskirts Suburbs North South East West Northern Southern Eastern Western Central "
    "Old New Great Greater Upper Lower Bishopric Emirate Caliphate Sheikh Chief Commander General Colonel".split())
# Where the speaker is, not the event: "an official in Kabul said", "told reporters in Geneva".
_SPEAKER_IN = re.compile(
    r"\b(?:officials?|ministry|minister|spokesm[ae]n|spokeswoman|spokesperson|sources?|statement|"
    r"embassy|court|judge|prosecutors?|analysts?|diplomats?|agency|"
    r"correspondent|told\s+\w+|speaking|said|says|headquartered|based|hospitals?)\s+(?:\w+\s+){0,2}in\s+$", re.I)
# "near the US embassy in Kabul", "outside a hospital in Gaza": the building is where it happened.
_SITE_BEFORE = re.compile(r"\b(?:near|at|outside|inside|into|on|targeting|targeted|attacked|hit|struck|stormed|"
                          r"shelled|bombed|raided|looted|burned|torched|besieged|shelling|bombing)\s+"
                          r"(?:the\s+|a\s+|an\s+)?(?:[\w.\-]+\s+)?$", re.I)
_LOCATIVE_AFTER = re.compile(
    r"^(?:['’]s)?\s*(?:\(|province|district|city|town|village|governorate|state|region|"
    r"county|area|camp|refugee camp|airport|base|market|marathon|shrine|bombing|attack|blast|explosion|"
    r"(?:has|have|had|was|were) (?:\w+ )?(?:been )?(?:hit|attacked|shelled|bombed|struck|targeted|overrun|captured)|"
    r"bombings|attacks|massacre|siege|offensive|front|border|highway|road|street|square)\b", re.I)
# "Boylston Street", "the Erawan Shrine": a landmark's own name, not the town it shares a word with.
_LANDMARK_AFTER = re.compile(r"^\s+(?:Street|St|Road|Rd|Avenue|Ave|Boulevard|Blvd|Square|Sq|Shrine|Bridge|Hotel|"
                             r"Mosque|Church|Cathedral|Temple|Stadium|University|College|Hospital|Station|Prison|"
                             r"Park|Mall|Tower|Towers|Palace|Street's)\b")
# "a Texas woman", "the Kenya Medical Association": the name describes, it does not place.
_DESCRIBES_AFTER = re.compile(r"^\s+(?:woman|man|native|resident|teenager|student|lawmaker|senator|"
                              r"congressman|businessman|company|firm|citizen|national|team|fans?)\b")
_INSTITUTION_OF = re.compile(r"\b(?-i:University|College|Bank|Museum|Archbishop|Bishop|Diocese|Duke|Prince|Emir|Sultan)"
                             r"\s+of\s+(?:the\s+)?$")
# (a bullet's marker: a dateline or a section's "Arauca:" at a line's start is where it was filed)
_LINE_HEAD = re.compile(r"(?:^|\n)[ \t]*(?:[•\-*–—▪►·]|\d{1,2}[.)])[ \t]*$")
_HEAD_DASH = re.compile(r"^(?:\s+(?:district|region|oblast|city|town|village|province|area))?\s+[-–—|]\s")
_COMMA_PLACE_AFTER = re.compile(r"^\s*,\s*[A-Z]")  # "Caterham, Surrey" (case-sensitive)


def locative(text: str, m: Any, ends: set[int] | None = None) -> bool:
    """Is this place name used as a place ("in X", "X province", "the X bombing", "X, Syria"),
    and the event's rather than the speaker's ("an official in Kabul said")?"""
    before = text[max(0, m.start - 40):m.start]
    after = text[m.end:m.end + 20]
    sp = _SPEAKER_IN.search(before)
    if sp and not _SITE_BEFORE.search(before[:sp.start()]):
        return False
    if _DESCRIBES_AFTER.match(after):
        return False
    if _INSTITUTION_OF.search(before):
        return False  # "the University of Minnesota campus in Minneapolis": a name, not the place
    rec = getattr(m, "rec", None)
    if _LANDMARK_AFTER.match(after) and (rec is None or rec.pop < 200_000):
        return False  # "Boylston Street" is not Boylston; "Dhaka University" is in Dhaka
    if m.kind == "country" and re.match(r"[\w.]+[-–]$", before[-14:].split(" ")[-1]) and re.match(r"\s+border", after):
        return False  # "near the Thai-Cambodia border": which side is the report's country, not this name
    if m.kind == "country" and ACTOR_NOUN_AFTER.match(after):
        return False  # "the U.S. military said", "Iraq's government": who acts or speaks, not where
    if ("from" in before or " of " in before) and _ORIGIN.search(before):
        return False  # "a non-local labourer from Bihar was shot in Pulwama": where he comes from
    if m.kind in ("country", "admin1", "region"):
        return True
    if _PERSON_OF.search(before):
        return False
    if _DESTINATION.search(before):
        return False  # "200 families fled to Mocimboa da Praia", "taken to hospitals in Kabul": elsewhere
    named = _NAME_OF.search(before)
    if named and named.group(2) not in _NOT_A_SURNAME and named.group(1) not in _NOT_A_SURNAME:
        return False  # "Keith Salomon of Delaware felt the explosion": where a person is from
    if _LOCATIVE_BEFORE.search(before) or _LOCATIVE_AFTER.search(after):
        return True
    if _LINE_HEAD.search(before) and _HEAD_DASH.match(after):
        return True  # "• Chuhuiv - yesterday evening a guided bomb struck ...": a bullet's own dateline
    # "Caterham, Surrey": a name followed by another place, or following one after a comma.
    if _COMMA_PLACE_AFTER.search(after) and ends is not None:
        nxt = m.end + len(after) - len(after.lstrip(" ,"))
        return any(abs(e - nxt) < 40 for e in ends) and bool(re.match(r"\s*,", after))
    prev = before.rstrip()
    return bool(ends) and prev.endswith(",") and any(abs(e - (m.start - len(before) + len(prev) - 1)) <= 1
                                                    for e in ends)


def salient_town(mentions: list[Any], before: int, text: str | None = None,
                  iso3: str | None = None) -> Place | None:
    """The town-level place most often named (as a place) before ``before`` (ties: the latest)."""
    towns = [m for m in mentions if m.kind == "town" and m.place.geo_precision == 1 and m.start < before
             and not getattr(m, "dateline", False) and (iso3 is None or m.place.iso3 == iso3)
             and (text is None or locative(text, m))]
    if not towns:
        return None
    # A city named like its province ("Idlib") is too ambiguous to be "the town".
    towns = [m for m in towns if m.place.location != m.place.admin1] or towns
    counts = Counter(m.place.geonameid for m in mentions if m.kind == "town")
    best = max(towns, key=lambda m: (counts[m.place.geonameid], m.start))
    return dataclasses.replace(best.place)


def places_compatible(a: Place, b: Place) -> bool:
    """Could two mentions' places be the same event's? Towns within 10 km; a town and the region
    that contains it; two regions of one first-level division; anything and its whole country."""
    if a.latitude is None or b.latitude is None:
        return True
    fine_a, fine_b = a.geo_precision < 3, b.geo_precision < 3
    if fine_a and fine_b:
        return km(a, b) <= 10
    country_a = a.geo_precision == 3 and not a.admin1
    country_b = b.geo_precision == 3 and not b.admin1
    if country_a or country_b:
        return True
    return bool(a.admin1 and b.admin1 and a.admin1 == b.admin1)


def km(a: Place, b: Place) -> float:
    if a.latitude is None or b.latitude is None or a.longitude is None or b.longitude is None:
        return float("inf")
    la1, lo1, la2, lo2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742.0 * math.asin(math.sqrt(h))
