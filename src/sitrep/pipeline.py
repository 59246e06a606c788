"""The extraction pipeline: Article → annotated text → events.

Stages, each its own module: sentences (spaCy sentencizer), places (gazetteer), times, actors,
event cues; then only the sentences that can hold an event go through the full spaCy parse
(the expensive part), which checks negation and modality. Candidates become events; mentions of
the same action, place and day within the report are merged into one event.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from . import casualties as cas
from .actors import (
    ARMED_KINDS,
    CIVILIANS,
    COUNTRY,
    GROUP,
    POLICE,
    PROTESTERS,
    RIOTERS,
    STATE,
    UNIDENTIFIED,
    ActorDictionary,
    ActorMention,
    fill_country,
    get_actor_dictionary,
)
from .event_place import km, locative, places_compatible, salient_town
from .events import (
    DETENTION,
    EVENT_CUES,
    SAYS_AFTER,
    Cue,
    Lexicon,
    Typing,
    classify,
    get_lexicon,
    is_asserted,
)
from .model import Actor, Article, Casualties, Event, EventDate, Evidence, Place
from .nlp import get_nlp
from .roles import (
    NEEDS_PARSE,
    OWN_ACTION_AFTER,
    SPEAKS_AFTER,
    surface_roles,
    syntactic_roles,
    tokens_in,
)
from .sentences import _HEADING, Sentence, split_sentences
from .taxonomy import get_taxonomy
from .timex import WHEN_AFTER, own_time, resolve_times

# Families whose cue names a specific kind of action; the rest (attack, kill) are generic and
# usually refer back to an action the report already told.
_GENERIC = {"attack", "kill"}
# A time that lies ahead of what the sentence tells: "sentencing is scheduled for October 16".
_FUTURE_TIME = re.compile(r"\b(?:scheduled|due|set|expected|planned|will|until|next|postponed|adjourned)\b(?:\s+\w+){0,2}\s*$", re.I)
# Devices planted or carried by attackers whom reports rarely name at first.
_PLANTED = {"Remote explosive/landmine/IED", "Suicide bomb", "Grenade"}
_BACKGROUND_CUE = re.compile(
    r"(?:\b(?:after|before|since|following|in the wake of|ahead of|prior to|weeks after|days after)\s+(?:the|this|that|last\s+\w+'s)"
    r"|\b(?:over|in connection with|linked to|suspected of|accused of)\s+(?:the|this|that|last\s+\w+'s|an?))\s+"
    r"(?:[\w\-]+\s+){0,2}$", re.I)
_BOMBER_DIED = re.compile(r"\bblew (?:himself|herself) up|detonated (?:his|her) (?:vest|explosives?|suicide)|"
                          r"self-detonated", re.I)
_PAST_HOURS = re.compile(r"\b(?:over|in|during) the (?:past|last) (?:24|36|48|twenty-four|few) hours\b", re.I)
_STATE_BEFORE = re.compile(r"\b(?:government|regime|army|military|pro-government|state)\s+$", re.I)
_ALLIED = re.compile(r"\s*(?:and|,|, and|together with|alongside|with the support of|backed by|supported by|"
                     r"aided by|, backed by|, supported by|, alongside)\s*(?:the\s+|local\s+)*"
                     # "Mali's army and its Russian allies from the Wagner group"
                     r"(?:(?:its|their)\s+(?:[\w-]+\s+)?(?:allies|partners|auxiliaries)\s+(?:from|of)\s+(?:the\s+)?)?", re.I)
_CLAUSE_JOINT = re.compile(r",?\s+(?:and|but|until|before|after|then|while|whereas)\s+|;\s+", re.I)
# Unrest told night by night: each night is an event of its own.
_EPISODE = re.compile(r"\b(?:(?:for )?an?|the) (?:second|third|fourth|fifth|sixth|another) (?:straight |consecutive )?"
                      r"(?:night|day)\b|\bfirst (?:broke out|erupted|flared)\b", re.I)
_SPEAKER_OF = re.compile(r"\b(?:said|says|told\s+\w+)\s+(?:[A-Z][\w.'’-]*\s+){1,4}?[A-Z][\w.'’-]*,\s+(?:an?|the)\s+"
                         r"(?:[\w-]+\s+){0,3}?(?:of|for|with|in)\s+(?:the\s+)?$")
_PLACE_PREP = re.compile(r"\b(?:in|into|from|to|near|across|towards?|border with|borders? of|outside|inside|via)\s+"
                         r"(?:the\s+)?(?:neighbou?ring\s+)?$", re.I)
_CIVILIAN_SITE = re.compile(r"\b(?:homes?|houses?|market(?:place)?|school|mosque|church|hospital|clinic|village|"
                            r"hamlet|displacement camp|camp for|shelter(?:ing)?|wedding|funeral|bus|residential|"
                            r"neighbou?rhoods?|civilians?)\b", re.I)
_ATTACK_VERB_AFTER = re.compile(r"\s+(?:(?:also|then|reportedly|allegedly)\s+)?(?:attacked|raided|stormed|ambushed|"
                                r"bombed|struck|hit|targeted|shelled|fired on|opened fire|overran|overrun|seized)\b")
_UNCLAIMED = re.compile(r"\bno (?:one|group|organi[sz]ation)\s+(?:has\s+|had\s+|immediately\s+)?claimed\b|"
                        r"\bno (?:immediate )?claim of responsibility\b", re.I)
_DATELINE_COUNTRY = re.compile(r"\s*(?:,\s*\w+\.?\s+\d{1,2}\s*)?(?:\((?:AP|AFP|Reuters|Xinhua|dpa|ANI|IANS|PTI|UPI|"
                               r"Anadolu|IRNA|SANA)\)\s*)?[—–-]{1,2}\s")
_TITLE_SAYS_AFTER = re.compile(r"\s+(?:leaders?|commanders?|chiefs?|spokes(?:man|woman|person)|officials?|sources?|"
                               r"members?)\b[^.;:,]{0,40}?\b(?:said|says|told|condemned|denounced)\b")  # (a comma: another speaker)
_KILLED_IN_CLASH_WITH = re.compile(
    r"\b(?:were|was|been|are|got)\s+(?:killed|injured|wounded|captured|arrested)\s+(?:\w+\s+){0,3}?in\s+(?:an?|the)\s+"
    r"(?:\w+\s+)?(?:encounter|clash|clashes|firefight|gunfight|gun battle|gunbattle|shootout|exchange of fire|"
    r"operation|raid|ambush)\s+(?:\w+\s+){0,2}?(?:with|by)\s+(?:the\s+)?", re.I)
_LATER_TOLL = re.compile(r"\W*(?:later|late (?:on )?\w+|by (?:\w+ )?(?:morning|afternoon|evening|night|\w+day))\b", re.I)
_INITIAL_TOLL = re.compile(r"\binitially\b|\bfirst reported\b|\bearlier (?:said|reported|put)\b", re.I)
# Nouns that name one action told elsewhere in the report ("two days after the bombing").
_ACTION_NOUN = r"bombings?|attacks?|blasts?|explosions?|shooting|massacre|raid|assault|strike"
_ORDINAL_RETELLING = re.compile(rf"\bthe (first|second|third|fourth) (?:\w+ )?(?:{_ACTION_NOUN}|clash|incident)\b",
                                re.I)
_ORDINALS = {"first": 0, "second": 1, "third": 2, "fourth": 3}
_FROM_AFTER = re.compile(r"(?:\s+(?:fire|shells?|shelling|rounds|strikes?))?\s+from\s+(?:the\s+)?(?:[\w-]+\s+){0,2}"
                         r"(?:forces|troops|army|guards|soldiers|militants|fighters|police|positions)\b", re.I)
# Stems one of which any match report's opening holds: a cheap gate before the sport vocabulary.
_SPORT_STEMS = ("wicket", "innings", "goal", "penalty", "whistle", "referee", "midfield", "league", "trophy", "cup ",
                "chess", "grandmaster", "checkmate", "touchdown", "quarterback", "hat-trick", "coach", "toss",
                "batsm", "bowler", "powerplay", "kick-off", "half-time", "equalis", "equaliz", "semi-final",
                "quarter-final", "matchday", "test match", "overs", "balls", "sixes", "pawn", "arbiter", "blitz")
_DISPERSE_THEM = re.compile(r"(?i)\b(?:tear ?gas|water cannons?|batons?|rubber bullets|stun grenades)\b[^.;]{0,40}?"
                            r"\bdispers(?:e|ed|ing)\s+(them|the (?:crowds?|marchers|gathering|rally|march|sit-in))\b")
_NAMED_DAY = re.compile(r"\b(?:on|last|late|early)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
                        r"|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\s+(?:night|evening|morning)\b")
_ARREST_ELSEWHERE = re.compile(r"(?i)\bat (?:his|her|their) homes?\b|\braids?\b|\bdrives?\b|\bcrackdown\b|\bmanhunt\b")
_LOYAL_TO = re.compile(r"\s+(?:loyal|affiliated|aligned|allied|belonging)\s+(?:to|with)\s+(?:the\s+)?(?-i:[A-Z])", re.I)
_REPEL = r"repel\w*|repuls\w*|fought off|beat back|beaten back"
_REPELLED = re.compile(rf"\b(?:{_REPEL}|thwarted|foiled)\s+(?:[\w-]+\s+){{0,3}}$", re.I)
_SINCE_BEFORE = re.compile(r"\bsince\s+(?:the\s+)?$", re.I)
_SINCE_LEAD = re.compile(r"(?:ever\s+)?since\s+(?:the\s+)?", re.I)
_PLACE_JOINT = re.compile(r",\s+(?:while|whereas|(?:(?:a|one|two|three|a\s+few)\s+(?:days?|weeks?|hours?)\s+)?after)\s+"
                          r"|;\s+(?:and\s+|meanwhile,?\s+)?", re.I)
_VERB_AFTER = re.compile(r"(?:(?:the|a|an|its|their|his|her|[A-Z][\w\-]*)\s+){0,3}[a-z]+(?:ed|ook|ew|ought|ent|eld|ot|ave|ame)\b")
_DEMONSTRATION = {"Protests", "Riots"}
_SEVERITY = {"Peaceful protest": 0, "Protest with intervention": 1, "Excessive force against protesters": 2,
             "Violent demonstration": 3, "Mob violence": 3}
_VERB_JUST_BEFORE = re.compile(r"\b(?:fired|used|threw|hurled|lobbed|launched|dropped|carried out|detonated|"
                               r"planted|set off|staged|held|mounted|opened)\s+(?:\w+\s+){0,2}$", re.I)
_TOLL_WORDS = re.compile(r"\btoll\b|\bnumber of (?:dead|deaths)\b", re.I)
_TERRITORIAL = {"Government regains territory", "Non-state actor overtakes territory",
                "Non-violent transfer of territory"}
# Words for attackers whom no one has named: they refer to a report's one named group only if it
# claimed the attack ("Gunmen killed a candidate" in a report that names a cartel elsewhere).
_ANONYMOUS = re.compile(r"\b(?:gunm[ae]n|armed men|masked men|hitmen|unknown|unidentified|kidnappers|"
                        r"bandits|robbers)\b", re.I)
_WITH_AFTER = re.compile(r"\s+(?:\w+\s+){0,3}?(?:with|against)\s", re.I)
_ANOTHER = re.compile(r"\W*(?:another|a second|a third|the second|the third|the other)(?:\s+one)?\s+(?:\w+\s+)?"
                      r"(?:hit|struck|killed|landed|exploded|targeted|slammed|destroyed|damaged)\b", re.I)
_NAMED_SETTLEMENT = re.compile(r"\b(?:town|village|city|district|base|locality|settlement)s? of (?:[A-Z][\w'’-]+)|"
                               r"\b[A-Z][\w'’-]+ (?:town|village|district)\b")
_SPREAD = re.compile(r"\b(?:across|throughout|in several parts of|in various parts of|around) (?:the )?"
                     r"(?:[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?|country|region|province|territory|enclave|city)\b")
_COUNTED_EVENTS = re.compile(r"\b(?:in|during)\s+(two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:separate\s+|"
                             r"different\s+|accidental\s+|coordinated\s+|simultaneous\s+)?(?:attacks|explosions|blasts|"
                             r"bombings|incidents|strikes|raids|ambushes|clashes)\b", re.I)
# A place told but not named ("near the Thai-Cambodia border"): no town borrowed from elsewhere.
_UNNAMED_SITE = re.compile(r"\b(?:near|along|on|at|across) the (?:[\w-]+ )?(?:border|frontier|coast)\b", re.I)
_IRREGULAR_PAST = frozenset({"set", "threw", "beat", "cut", "put", "burnt", "hit", "shot", "fought", "struck", "stormed",
                             "took", "seized", "overran", "blew", "fled", "stole", "broke", "drove", "hurled"})
_MEANS_USED = re.compile(r"\b(?:used|using|armed with|equipped with)\b", re.I)
_DENIAL = re.compile(r"\b(?:denied|denies|deny|denying|rejected (?:the |any )?(?:accusation|claim)s?)\b", re.I)
_NEW_ONE = re.compile(r"\b(?:a|another) (?:second|third|fresh|new|separate|further) (?:\w+ )?(?:attack|assault|raid|"
                      r"bombing|strike|clash|ambush|explosion|blast)\b", re.I)
_IN_RESPONSE = re.compile(r"\b(?:in response|in retaliation|retaliated|responded)\b|\b(?:later|subsequently)\s+"
                          r"(?:\w+\s+)?(?:bombed|struck|shelled|attacked|launched|carried out|fired|raided|hit|pounded)\b",
                          re.I)
_THWARTED_TOLD = re.compile(r"\b(?:thwarted|foiled|repelled|intercepted|prevented|neutrali[sz]ed) the (?:\w+ )?"
                            r"(?:attack|assault|strike|bombing|attempt)\b", re.I)
_SEPARATELY = re.compile(r"\W*(?:separately|elsewhere|in (?:a |another )?(?:separate|other|another|unrelated) "
                         r"(?:incident|attack|development|violence)s?|in another (?:attack|incident)|"
                         r"also on \w+day|meanwhile, in|(?:two|three|four|five|several|\d+) other (?:attacks|bombings|"
                         r"explosions|blasts|incidents|strikes|raids))\b", re.I)
_SEAT_OF_POWER = re.compile(r"\b(?:the )?(?:parliament|national assembly|presidential palace|state house|"
                            r"presidency|prime minister's office|secretariat)\b(?! (?:of|in) )", re.I)
_CAPITAL = re.compile(r"\b(?:in|of|across|around|outside|near) the (?:[A-Z][\w'’-]+ )?(?:capital|city)\b(?!\s+of\b)", re.I)
_ANAPHOR = re.compile(r"\bthe (?:(?-i:[a-z\-]+) )?(?:town|city|village|area|district|camp|base|neighbou?rhood|settlement)\b"
                      r"(?! of [A-Z])|"  # "the town of Tepalcatepec" names its town
                      r"\b(?:recaptured|captured|retook|retaken|seized|took|overran|liberated|entered|shelled|"
                      r"bombed|attacked|held) it\b", re.I)
_DEFINITE_NP = re.compile(r"\b(?:the|this|that|these|those|both|last|latest|(?:its|their)(?: latest)?|"
                          r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|yesterday|today|tonight|weekend)['’]s)"
                          r"\s+(?:[\w\-]+\s+){0,2}$", re.I)
_THE_ATTACKERS = re.compile(r"\bthe (?:attackers|assailants|gunmen|bombers|militants|raiders)\b", re.I)
_DEFINITE = re.compile(r"\b(?:the|this|that|these|those|its|their|his|her)\s+(?:\w+\s+){0,2}$", re.I)


@dataclass
class Candidate:
    typing: Typing
    sent: Sentence
    actor1: ActorMention | Actor | None
    actor2: ActorMention | Actor | None
    place: Place
    place_mention_start: int | None
    date: EventDate
    explicit_date: bool
    deaths: list[cas.Figure] = field(default_factory=list)
    injured: list[cas.Figure] = field(default_factory=list)
    displaced: list[cas.Figure] = field(default_factory=list)
    assoc1: list[ActorMention] = field(default_factory=list)
    mentions: int = 1
    own_place: bool = True  # the place is named in the event's own sentence
    reference: bool = False  # told as known: "the bombing", "the attack"
    separate: bool = False  # announced as another incident: "Separately, ...", "In another attack"
    group: int | None = None  # candidates split from one sentence's list of towns
    texts: list[str] = field(default_factory=list)  # every sentence merged into the event
    place_pop: int = 0  # the gazetteer's population of the place: a city can hold a named quarter
    dated_from: Candidate | None = None  # "a day after the killing": another event, never merged with it
    headline: bool = False  # a title line ("Houses torched in Jiribam"): the body tells it again
    timeless: bool = False  # its sentence names no time at all: the date is the context's


@lru_cache(maxsize=1)
def _notes_templates() -> dict[str, str]:
    raw = yaml.safe_load(resources.files("sitrep.data").joinpath("triggers.yaml").read_text("utf-8"))
    return raw.get("notes", {})


@lru_cache(maxsize=1)
def _extra_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    raw = yaml.safe_load(resources.files("sitrep.data").joinpath("triggers.yaml").read_text("utf-8"))

    def rx(fr: list[str]) -> re.Pattern[str]:
        return re.compile(r"(?<![\w-])(?:" + "|".join(f"(?:{f})" for f in fr) + r")(?![\w-])", re.I)

    return rx(raw["campaign"]), rx(raw["attribution"]), rx(raw["umbrella"])


class Pipeline:
    """Extracts events from Articles. One instance per process; models load once."""

    def __init__(self) -> None:
        # Tagger and parser only: places come from the gazetteer, and cue words are surface forms.
        self.nlp = get_nlp(disable=("ner", "attribute_ruler", "lemmatizer"))
        self.lex: Lexicon = get_lexicon()
        self.actors: ActorDictionary = get_actor_dictionary()
        self.taxonomy = get_taxonomy()
        self.campaign_rx, self.attribution_rx, self.umbrella_rx = _extra_patterns()

    # -- annotation ----------------------------------------------------------------------
    def sentences(self, text: str) -> list[Sentence]:
        """Sentences with offsets; a line break always ends one (captions, headings)."""
        out: list[Sentence] = []
        for p_i, line in enumerate(re.finditer(r"[^\n]+", text)):
            heads = [h.start() for h in _HEADING.finditer(text, line.start(), line.end())]
            for st, en in split_sentences(text, line.start(), line.end()):
                if en - st > 2:
                    # "==The bombing==" in scraped wiki text starts a section, as a line break would
                    sub = sum(1 for h in heads if h < st)
                    out.append(Sentence(st, en, text[st:en], p_i * 1000 + sub))
        return out

    def extract(self, article: Article) -> list[Event]:
        from .places import locate

        text = article.text
        if not text or not text.strip():
            return []
        sents = self.sentences(text)
        places = locate(text, None, article.title)
        # Only names used as places count, anywhere in the report: "in Caterham", "the Chelsea
        # explosion", "X, Syria" — not "Rebekah Gregory, a Texas woman" or "O'Neill said".
        ends = {m.end for m in places.mentions}
        places = dataclasses.replace(places, mentions=[m for m in places.mentions if locative(text, m, ends)])
        times = resolve_times(text, article.published)
        for sent in sents:
            sent.cue_hit = bool(self.lex.any_cue.search(sent.text.lower()))
        sents = [c for sent in sents for c in (self._clauses(sent, times) if sent.cue_hit else (sent,))]
        sents = [c for sent in sents for c in (self._place_clauses(sent, places, times) if sent.cue_hit else (sent,))]
        all_actors = self.actors.find(text)
        all_actors = self._dispersed_crowds(sents, all_actors)
        all_actors = _its_fighters(text, all_actors)
        all_actors = _issuers_fighters(text, all_actors)
        focus = places.focus_iso3
        # "by our Air Force", "our base areas" in a ministry's release: the issuing state's forces
        # (the country its heading or first lines name).
        ours = [a for a in all_actors if a.kind in (STATE, POLICE) and a.generic and a.country is None
                and _OUR_BEFORE.search(text, max(0, a.start - 8), a.start)]
        if ours:
            issuer = next((m.place.iso3 for m in places.mentions if m.start < 400 and m.place.iso3), None)
            for a in ours:
                a.country = issuer

        # Parsing is the expensive step: only sentences whose words could make an event at all
        # (a cue, not a non-event frame, and a type by the cues and actors alone) are parsed.
        cand_sents = [s for s in sents if self._could_be_event(s, all_actors)]
        # The parse decides negation, modality and who did what to whom; a sentence with none of
        # those questions (no negation or modal word, at most one armed actor, no bare country
        # name) is coded from its words alone, which keeps throughput near the spaCy-free parts.
        to_parse = [s for s in cand_sents if self._needs_parse(s, all_actors)]
        docs = list(self.nlp.pipe([s.text for s in to_parse], batch_size=64)) if to_parse else []
        parsed = {s.start: d for s, d in zip(to_parse, docs, strict=True)}
        by_start = {s.start: (s, parsed.get(s.start)) for s in cand_sents}

        candidates: list[Candidate] = []
        for i, sent in enumerate(sents):
            if sent.start not in by_start:
                continue
            _, doc = by_start[sent.start]
            cands = self._sentence_events(article, sent, doc, sents, i, places, times, all_actors)
            candidates.extend(cands)

        candidates = self._drop_off_genre(candidates, sents, article)
        pops = {m.place.geonameid: m.rec.pop for m in places.mentions if m.rec is not None}
        for c in candidates:
            c.place_pop = pops.get(c.place.geonameid, 0)
        _attach_revised_tolls(candidates, sents)
        self._attach_following_tolls(candidates, sents, times)
        _date_relative_to_events(candidates, places)
        _retype_bare_strikes(candidates)
        _follow_another(candidates)
        _inherit_air_force(candidates)
        candidates = _drop_summaries(candidates)
        merged = self._merge(candidates)
        # The group a report is about; in a roundup of stories under sub-titles ("Houses torched in
        # Jiribam"), the group one story is about is no suspect in the next.
        bounds = [0, *(x.start for x in sents[1:] if x.start > 0 and _is_title_line(text, x)), len(text)]
        stories: dict[int, tuple[str, int] | None] = {}

        def dominant(pos: int) -> tuple[str, int] | None:
            k = bisect.bisect_right(bounds, pos) - 1
            if k not in stories:
                lo, hi = bounds[k], bounds[k + 1]
                stories[k] = self._dominant_group([a for a in all_actors if lo <= a.start < hi], text[:hi])
            return stories[k]
        events = [self._finish(article, c, focus, dominant(c.sent.start)) for c in merged]
        return [e for e in events if e is not None]

    def _drop_off_genre(self, candidates: list[Candidate], sents: list[Sentence], article: Article) -> list[Candidate]:
        """Reports of another kind told in war words: accidents, common crime, games."""
        text = article.text
        lead = [x for x in sents[:4] if getattr(x, "cue_hit", False)][:2]
        if lead and self.lex.disaster.search(lead[0].text) and not any(
                _POLITICAL_HARM.search(_RULED_OUT.sub("", t)) for t in [*(x.text for x in lead), article.title or ""]):
            # "A gas cylinder exploded in a restaurant ... The blast tore through the ground floor":
            # a report that leads with an accident tells of it after; only a named side acts.
            # (Protests and riots over an accident, "a teenager died in a crash", stay; an arrest in
            # it, "a man was detained for questioning", is a police matter.)
            candidates = [c for c in candidates if c.typing.event_type in _DEMONSTRATION or not (
                c.actor1 is None or _is_generic(c.actor1) or getattr(c.actor1, "kind", None) == CIVILIANS
                or (c.typing.sub_event_type == "Arrests" and not any(
                    getattr(a, "kind", None) == GROUP for a in (c.actor1, c.actor2))))]
        if candidates and any(self.lex.crime.search(x.text) for x in sents[:3]):
            # A common-crime lead ("armed robbers held 11 hostages in a bank"): police work, not
            # political violence, unless a named armed group or a crowd acts.
            candidates = [c for c in candidates if c.typing.event_type in _DEMONSTRATION
                          or any(_named_group(a) for a in (c.actor1, c.actor2))]
        if candidates and any(w in text[:2500].lower() for w in _SPORT_STEMS) \
                and len({m.group(0).lower() for m in self.lex.sport.finditer(text, 0, 2500)}) >= 4:
            # A match report in war words (told so from its start): only fans, police, rioters or a
            # named group act in it.
            candidates = [c for c in candidates if any(
                getattr(a, "kind", None) in (POLICE, RIOTERS, PROTESTERS) or _named_group(a) for a in (c.actor1, c.actor2))]
        return candidates

    def _dispersed_crowds(self, sents: list[Sentence], actors: list[ActorMention]) -> list[ActorMention]:
        """"... marched to the governor's office. Police fired tear gas to disperse them": the crowd
        dispersed is the marchers just told of, so the tear gas is an intervention on protesters."""
        added: list[ActorMention] = []
        for prev, sent in zip(sents, sents[1:], strict=False):
            m = _DISPERSE_THEM.search(sent.text) if "ispers" in sent.text else None
            if m is None or prev.para != sent.para or not self.lex.cues["protest"].search(prev.text):
                continue
            if any(a.kind == PROTESTERS and sent.start <= a.start < sent.end for a in actors):
                continue
            st = sent.start + m.start(1)
            added.append(ActorMention(m.group(1), st, st + len(m.group(1)), "Protesters ({country})", 6, PROTESTERS,
                                      generic=True))
        return sorted([*actors, *added], key=lambda a: a.start) if added else actors

    def _clauses(self, sent: Sentence, times: Any) -> list[Sentence]:
        """A sentence that tells two dated actions is two: "The militants captured the town in
        August 2020 and held it until Rwandan troops recaptured it in August 2021." Split where a
        connective lies between two time expressions that each stand by an event cue."""
        stamps = [m for m in times.mentions if sent.start <= m.start < sent.end and m.kind != "dateline"]
        for m in stamps:
            # "the deadliest on police since February, when militants attacked a police station":
            # a comparison, then an earlier action with its own time; the time opens its clause.
            lead = _SINCE_LEAD.match(m.text)
            if (lead or _SINCE_BEFORE.search(sent.text, 0, m.start - sent.start)) and m.start > sent.start \
                    and WHEN_AFTER.match(sent.text, m.end - sent.start):
                cut = m.start - sent.start  # (the time, "since" and all, opens the earlier action's clause)
                return [Sentence(sent.start, sent.start + cut, sent.text[:cut].rstrip(), sent.para),
                        *self._clauses(Sentence(sent.start + cut, sent.end, sent.text[cut:], sent.para), times)]
        if len(stamps) < 2:
            return [sent]
        sent.cues = self.lex.find(sent.text)
        cues = [c for c in sent.cues if c.family in EVENT_CUES]
        if len({c.family for c in cues}) < 2:
            return [sent]
        cuts: list[int] = []
        for a, b in zip(stamps, stamps[1:], strict=False):
            if a.date.date == b.date.date:
                continue
            lo, hi = a.end - sent.start, b.start - sent.start
            joints = [m for m in _CLAUSE_JOINT.finditer(sent.text, lo, hi)]
            if not joints:
                continue
            # "until", "before", ";" join clauses; "and" may join two nouns ("troops and the army").
            strong = [j for j in joints if not re.fullmatch(r",?\s+and\s+", j.group(0), re.I)]
            if not strong:
                # "and" joins clauses only when a verb follows it ("... and held it"), not nouns
                # ("bomb and gun attacks").
                joints = [j for j in joints if _VERB_AFTER.match(sent.text, j.end())]
                if not joints:
                    continue
            cut = (strong or joints)[0].start()
            left = [c for c in cues if c.end <= cut and (not cuts or c.start >= cuts[-1])]
            right = [c for c in cues if c.start >= cut and c.end <= hi + (b.end - b.start) + 80]
            if left and right and {c.family for c in left} != {c.family for c in right}:
                cuts.append(cut)
        if not cuts:
            return [sent]
        out, prev = [], 0
        for cut in [*cuts, len(sent.text)]:
            st, en = sent.start + prev, sent.start + cut
            chunk = self_text = sent.text[prev:cut]
            lead = len(chunk) - len(chunk.lstrip(" ,;"))
            st += lead
            en = st + len(self_text.strip(" ,;"))
            out.append(Sentence(st, en, sent.text[st - sent.start: en - sent.start], sent.para))
            prev = cut
        return out

    def _attach_following_tolls(self, cands: list[Candidate], sents: list[Sentence], times: Any) -> None:
        """"... seized the town after a day of fighting. A doctor said the hospital had received
        the bodies of dozens of fighters": a toll told in the next sentence of the same paragraph,
        with no action of its own, is the toll of the action just told (if it had none)."""
        by_start = {c.sent.start: c for c in cands}
        for prev, s in zip(sents, sents[1:], strict=False):
            c = by_start.get(prev.start)
            if c is None or s.start in by_start or s.para != prev.para or c.deaths or c.reference:
                continue
            if self.lex.is_not_event(s.text):
                continue
            cues = s.cues if s.cues is not None else self.lex.find(s.text)
            if any(cue.family in EVENT_CUES and cue.family != "kill" for cue in cues):
                continue  # an action of its own ("three suicide bombers killed 30"), kept or not
            if any(s.start <= m.start < s.end and not (m.date.start <= c.date.date <= m.date.end)
                   for m in times.mentions):
                continue  # another time ("In June 2019, ...")
            c.deaths.extend(cas.deaths(s.text, s.start))

    def _place_clauses(self, sent: Sentence, places: Any, times: Any) -> list[Sentence]:
        """"Two explosions in Yarmouk killed four, while a car bomb in Tarmiyah hurt nine": two
        actions in two towns, joined by "while" or a semicolon, are two."""
        joint = _PLACE_JOINT.search(sent.text)
        if joint is None:
            return [sent]
        cut = joint.start()
        towns = [m for m in places.mentions if sent.start <= m.start < sent.end and m.kind == "town"]
        left = {m.place.geonameid or m.place.location for m in towns if m.end <= sent.start + cut}
        right = {m.place.geonameid or m.place.location for m in towns if m.start >= sent.start + joint.end()}
        if not (left - right) or not (right - left):
            return [sent]  # one town told twice
        cues = sent.cues if sent.cues is not None else self.lex.find(sent.text)
        if not (any(c.family in EVENT_CUES and c.end <= cut for c in cues)
                and any(c.family in EVENT_CUES and c.start >= joint.end() for c in cues)):
            return [sent]
        if "after" in joint.group(0).lower() and not any(
                sent.start <= m.start < sent.start + cut and m.kind != "dateline" for m in times.mentions):
            # "X, after Y" splits only a dated action ("Israel first struck Hodeidah in July 2024,
            # after a Houthi drone killed a man in Tel Aviv"); "asked Cuba to hand over the rebels,
            # after a car bombing in Bogota" is one story of the bombing.
            return [sent]
        st2 = sent.start + joint.end()
        right = Sentence(st2, sent.end, sent.text[joint.end():], sent.para)
        right.time_from = sent.time_from if sent.time_from is not None else sent.start
        return [Sentence(sent.start, sent.start + cut, sent.text[:cut], sent.para, time_from=sent.time_from),
                *self._place_clauses(right, places, times)]

    def _needs_parse(self, sent: Sentence, all_actors: list[ActorMention]) -> bool:
        if NEEDS_PARSE.search(sent.text):
            return True
        actors = [a for a in all_actors if sent.start <= a.start and a.end <= sent.end]
        if any(a.kind == COUNTRY for a in actors):
            return True
        return len({(a.template, a.country) for a in actors if a.kind in ARMED_KINDS}) >= 2

    def _could_be_event(self, sent: Sentence, all_actors: list[ActorMention]) -> bool:
        if sent.cue_hit is None:
            sent.cue_hit = bool(self.lex.any_cue.search(sent.text.lower()))
        if not sent.cue_hit or self.lex.is_not_event(sent.text):
            return False
        sent.cues = _outside_names(sent.cues if sent.cues is not None else self.lex.find(sent.text), sent, all_actors)
        actors = [a for a in all_actors if sent.start <= a.start and a.end <= sent.end]
        return classify(sent.text, sent.cues, actors, self.lex) is not None

    # -- per sentence --------------------------------------------------------------------
    def _sentence_events(self, article: Article, sent: Sentence, doc: Any, sents: list[Sentence],
                         idx: int, places: Any, times: Any, all_actors: list[ActorMention]) -> list[Candidate]:
        lex = self.lex  # (non-event wording was already ruled out by _could_be_event)
        cues = sent.cues if sent.cues is not None else lex.find(sent.text)
        cues = _outside_names(cues, sent, all_actors)
        # Drop event cues that are negated, hypothetical, planned or threatened.
        kept: list[Cue] = []
        for c in cues:
            if (c.family in EVENT_CUES or c.family in ("intervention", "excessive")) and doc is not None \
                    and not is_asserted(doc, c.start, c.end, lex):
                continue  # ("police did not intervene")
            kept.append(c)
        # "police raid the camp, beating protesters": an intervention on protesters is the event.
        on_protesters = any(c.family == "intervention" and not DETENTION.match(c.text)
                            for c in kept) and any(
            a.kind == PROTESTERS and sent.start <= a.start < sent.end for a in all_actors)
        if not any(c.family in EVENT_CUES for c in kept) and not on_protesters:
            return []
        # "a shootout with police two days after the bombing": the bombing is told as known; the
        # sentence's own action is the other cue.
        own = [c for c in kept if not (c.family in EVENT_CUES and _BACKGROUND_CUE.search(sent.text[: c.start]))]
        if any(c.family in EVENT_CUES for c in own):
            kept = own
        s_actors = [a for a in all_actors if sent.start <= a.start and a.end <= sent.end]
        s_actors = self._actors_in_role(s_actors, doc, sent)
        # "..., said Babakura Kolo, a leader of the Civilian Joint Task Force": who the speaker is.
        # "a local militia leader and a medical source said": the militia's spokesman speaks.
        s_actors = [a for a in s_actors if not _SPEAKER_OF.search(sent.text, 0, a.start - sent.start)
                    # "security forces loyal to the Southern Transitional Council": the council's
                    and not (a.generic and a.kind in (STATE, POLICE) and _LOYAL_TO.match(sent.text, a.end - sent.start))
                    and not _TITLE_SAYS_AFTER.match(sent.text, a.end - sent.start)
                    # "near the border with Burkina Faso": a country named as a place acts not.
                    and not (a.kind == COUNTRY and _PLACE_PREP.search(sent.text, 0, a.start - sent.start))
                    # "ABUJA, Nigeria (AP) —": the dateline's country
                    and not (a.kind == COUNTRY and _DATELINE_COUNTRY.match(sent.text, a.end - sent.start))]
        # Who speaks ("authorities said") takes no part in the action being typed.
        speakers = {id(a) for a in s_actors if a.kind in ARMED_KINDS and _speaks(sent, a)}
        typing = classify(sent.text, kept, s_actors, lex, speakers)
        if typing is None:
            return []
        # An attribution sentence ("X blamed a jet for the strike") tells who, not a new action.
        if typing.trigger.family in _GENERIC | {"air", "explosive", "shelling"} and self.attribution_rx.search(sent.text) \
                and _DEFINITE.search(sent.text[: typing.trigger.start]):
            return []
        # Residents or activists who tell of it are no party to it ("residents said"); forces that
        # speak may announce their own action ("the army said it had retaken ..."), so they stay.
        in_role = [a for a in s_actors if not (a.kind in (CIVILIANS, PROTESTERS) and _speaks(sent, a))
                   # "attacked the district with artillery and FPV drones": the means, not a side
                   and not (_bare_force(a) and _WEAPON.search(a.text)
                            and (_INSTRUMENT_BEFORE.search(sent.text, 0, a.start - sent.start)
                                 # "artillery fire from Saudi border guards": whose it is, told after
                                 or _FROM_AFTER.match(sent.text, a.end - sent.start)))]
        a1, a2, assoc = self._roles(typing, in_role, sent, doc)
        if typing.sub_event_type == "Government regains territory" and a1 is not None and a1.kind in (STATE, COUNTRY) \
                and a1.country and places.focus_iso3 and a1.country != places.focus_iso3 \
                and not any(x.kind == STATE and (x.country or places.focus_iso3) == places.focus_iso3 for x in assoc):
            # A foreign army taking a town is no government regaining its own territory.
            typing = dataclasses.replace(typing, event_type="Battles", sub_event_type="Armed clash")
        if typing.sub_event_type == "Other" and typing.trigger.family == "deploy" and a1 is not None \
                and a1.country and a1.country == (places.focus_iso3 or a1.country) \
                and not re.search(r"convoy|tanks|armou?r", sent.text, re.I):
            return []  # a state moving its own troops at home is routine, not a strategic development
        if a1 is None:
            # "Russian-led airstrikes", or the cue's own first word: "an Israeli strike"
            first = typing.trigger.text.split()[0] if typing.trigger.text.strip() else ""
            iso = self.actors.country_modifier(sent.text, typing.trigger.start) or (
                self.actors.iso_of(first) if first[:1].isupper() and len(first) > 3 else None)  # (not "car")
            if iso:
                a1 = Actor(f"Military Forces of {self.actors.countries[iso]['name']}", 1, country=iso)
            elif _STATE_BEFORE.search(sent.text[: typing.trigger.start]) and places.focus_iso3 in self.actors.countries:
                # "government shelling", "regime airstrikes": the state of the country reported on.
                iso = places.focus_iso3
                a1 = Actor(_country_name(self.actors, iso, "Military Forces of {country}"), 1, country=iso)
        if a1 is not None and a2 is not None and typing.event_type == "Battles" \
                and getattr(a1, "start", -1) < sent.start + typing.trigger.start < getattr(a2, "start", -1) \
                and (_REPELLED.search(sent.text, 0, typing.trigger.start)
                     or re.match(rf"(?i){_REPEL}", typing.trigger.text)):
            a1, a2 = a2, a1  # "the army repelled an attack by JNIM", "repelled JNIM fighters": JNIM attacked
        if a2 is None and a1 is not None and typing.event_type == "Battles":
            # "its forces repelled 26 Russian attacks": the other side named only by an adjective
            for cue in kept:
                iso = self.actors.country_modifier(sent.text, cue.start) if cue.family in (
                    "attack", "clash", "shelling", "air") else None
                if iso and iso != (a1.country or places.focus_iso3) and iso in self.actors.countries:
                    a2 = Actor(f"Military Forces of {self.actors.countries[iso]['name']}", 1, country=iso)
                    if _REPELLED.search(sent.text, 0, cue.start):
                        a1, a2 = a2, a1  # "repelled 11 Russian assaults": who attacked comes first
                    break
        if a1 is None:
            a1 = self._attributed(sents, idx, all_actors)
        elif isinstance(a1, ActorMention) and a1.kind == UNIDENTIFIED:
            # "a suicide bomber blew herself up ... officials blamed Boko Haram"
            a1 = self._attributed(sents, idx, all_actors) or a1
        elif isinstance(a1, ActorMention) and a1.generic and a1.kind == STATE and a1.country is None:
            # "drones dropped explosives" ... "the attacks were attributed to the Jalisco cartel":
            # a weapon that only suggests a state yields to whom the report blames.
            blamed = self._attributed(sents, idx, all_actors)
            if blamed is not None and blamed.kind == GROUP:
                a1 = blamed

        date = times.for_span(sent.start, sent.end)
        inside = [m for m in times.mentions if sent.start <= m.start < sent.end and m.kind != "dateline"
                  and m.date.precision == 1 and m.kind != "anaphoric"]
        explicit = any(sent.start <= m.start < sent.end for m in times.mentions)
        if not explicit and sent.time_from is not None and any(
                sent.time_from <= m.start < sent.start and m.kind != "dateline" and not m.since for m in times.mentions):
            # "Israel first struck Hodeidah in July 2024, after a Houthi drone killed a man in Tel
            # Aviv": the clause's time is its sentence's.
            date, explicit = times.for_span(sent.time_from, sent.end), True
        told = [m for m in times.mentions if sent.start <= m.start < sent.end and (
            _speech_time(article.text, m)
            # "... killed in clashes near the dam, where fighting has continued since December 2024"
            or (m.since and m.start > sent.start + typing.trigger.end))]
        if told and all(m in told for m in times.mentions if sent.start <= m.start < sent.end):
            # "officials said Saturday", "On Sunday, Cuomo said": when it was told, not done.
            date, explicit, inside = times.for_span(sent.start, sent.start), False, []
        elif told:
            # "... killed 30 over the weekend, witnesses said Tuesday": the other time is the action's.
            done = [m for m in times.mentions if sent.start <= m.start < sent.end and m not in told
                    and m.kind != "dateline"]
            if done:
                date = min(done, key=lambda m: (m.date.precision != 1, m.kind == "anaphoric", m.start)).date
            inside = [m for m in inside if m not in told]
        trig = sent.start + typing.trigger.start
        if len(inside) > 1:
            # Several days in one sentence ("ended on Tuesday a siege that began late Monday"):
            # the one told with the action's own words.
            date = min(inside, key=lambda m: min(abs(m.start - trig), abs(m.end - trig))).date
        elif not inside and explicit:
            # "resurfaced in late 2021 ... and captured the town in June 2022": the nearest.
            coarse = [m for m in times.mentions if sent.start <= m.start < sent.end and m.kind != "dateline"
                      and not _speech_time(article.text, m)]
            if len(coarse) > 1:
                t_end = sent.start + typing.trigger.end

                def gap(m: Any) -> int:
                    between = article.text[t_end:m.start] if m.start >= t_end else article.text[m.end:trig]
                    aside = between.count("(") != between.count(")")  # inside a parenthesis of its own
                    return len(between) + (1000 if _CLAUSE_JOINT.search(between) or aside else 0)
                # Another clause's time ("resurfaced in late 2021 ... and captured", "(due to the
                # December 1975 siege) had been carrying out") counts last.
                date = min(coarse, key=gap).date
        if not explicit and times.published is not None and _PAST_HOURS.search(sent.text):
            pub = times.published  # "over the past 24 hours": the day of the report
            date, explicit = EventDate(pub, 1, pub - dt.timedelta(days=1), pub), True
        if date is None:
            return []
        if not explicit:
            # Inherited, so still not the sentence's own: it never keeps mentions apart in merging.
            inherited = self._paragraph_time(times, sents, idx)
            if inherited is not None:
                date = inherited
        # An overview of many actions ("a wave of attacks across Iraq killed 107", "27 attacks in
        # 18 cities"): its parts are the events, told in the sentences that follow.
        umbrella = self.umbrella_rx.search(sent.text)
        if umbrella and _LATEST_OF.search(sent.text, max(0, umbrella.start() - 30), umbrella.start()):
            umbrella = None  # "..., in the latest of a series of attacks": one of them, told here
        if umbrella and not any(
                m.kind not in ("country",) for m in places.mentions if sent.start <= m.start < sent.end
                and m.place.geo_precision == 1 and locative(article.text, m)):
            return []
        # A campaign, not a strike: plural trigger, no day of its own, campaign wording.
        trig = typing.trigger.text.lower()
        plural = trig.endswith("s") and not trig.endswith(("ss", "us"))
        if (plural and not (explicit and date.precision == 1) and self.campaign_rx.search(sent.text)
                and typing.event_type == "Explosions/Remote violence"):
            return []
        if not (explicit and date.precision == 1) and typing.event_type in _POLITICAL_VIOLENCE \
                and _REPEATED_BEFORE.search(sent.text, 0, typing.trigger.start):
            return []  # "after repeated shelling in June and July", "sporadic attacks": many, untold
        # A count of many actions over a long period ("the 54 strikes in 2009"): a statistic.
        many = re.search(r"\b((?:\d{1,3}(?:,\d{3})+|\d+)(?![\d,])|several|dozens of|hundreds of|scores of|numerous|many|"
                         r"multiple)\s+(?:\w+\s+)?"
                         + re.escape(trig), sent.text, re.I)
        if plural and many and date.precision == 3 and (not many.group(1)[0].isdigit()
                                                        or int(many.group(1).replace(",", "")) > 2):
            return []
        # Attacks in general ("carrying out several shootings", "attacks remain common"): a plural
        # generic cue with neither a day nor a town of its own tells of no one action.
        if plural and typing.trigger.family in _GENERIC | {"explosive"} and not (explicit and date.precision == 1) \
                and not re.search(r"\b(?:two|three|four|five|six|seven|eight|nine|ten|twin|\d+)\s+(?:\w+\s+)?" + re.escape(trig),
                                  sent.text, re.I) \
                and not any(m.place.geo_precision < 3 and m.kind != "country" and locative(article.text, m)
                            for m in places.mentions if sent.start <= m.start < sent.end):
            return []

        deaths = cas.deaths(sent.text, sent.start)
        if typing.event_type in _DEMONSTRATION:
            # "justice for a blogger who died in custody": the cause of the protest, not its toll.
            deaths = [f for f in deaths if not re.search(r"\bwho(?:se)?\b", article.text[f.start:f.end], re.I)]
        if any(f.value >= 10000 or (f.value >= 500 and date.precision == 3) for f in deaths):
            return []  # "killed hundreds of thousands", "1,000 killed this year": a war's toll
        if all(c.family == "kill" for c in kept if c.family in EVENT_CUES) and any(f.value >= 50 for f in deaths) \
                and not any(m.kind != "country" and locative(article.text, m)
                            for m in places.mentions if sent.start <= m.start < sent.end):
            return []  # "184 died yesterday, including 65 soldiers": a day's count, no one action
        if times.published is not None and date.start > times.published:
            return []  # dated after the report: a plan or an announcement, not an event
        injured = cas.injuries(sent.text, sent.start, deaths)
        displaced = cas.displacements(sent.text, sent.start)

        text = article.text
        # A place name inside an actor's name ("Jalisco New Generation Cartel") is not a place.
        # ("the Rwanda Defence Force said": a country inside a force's name is not where.)
        in_names = [(a.start, a.end) for a in all_actors if sent.start <= a.start < sent.end
                    and (a.kind == GROUP or a.kind in (STATE, POLICE) and not a.generic)]
        mentions = [m for m in places.mentions if sent.start <= m.start < sent.end
                    and not any(s0 <= m.start and m.end <= e0 and e0 - s0 > m.end - m.start for s0, e0 in in_names)]
        if len(mentions) != sum(1 for m in places.mentions if sent.start <= m.start < sent.end):
            keep = {id(m) for m in mentions}
            places = dataclasses.replace(places, mentions=[
                m for m in places.mentions if id(m) in keep or not (sent.start <= m.start < sent.end)])
        groups = self._coordinated(mentions, article.text)
        out: list[Candidate] = []
        if len(groups) > 1:
            for m in groups:
                c = Candidate(typing, sent, a1, a2, m.place, m.start, date, explicit,
                              [], injured, displaced, assoc)
                c.group = sent.start
                out.append(c)
            # A toll given for several places is not split unless the report splits it.
            return out
        own = [m for m in mentions if m.place.latitude is not None and not getattr(m, "dateline", False)]
        place = places.for_span(sent.start, sent.end)
        if not any(m.place.geo_precision == 1 for m in own):
            # "a hotel in the capital" under a "MOGADISHU, Somalia (AP) —" dateline: the text says so;
            # "protesters stormed parliament" under a "NAIROBI, Kenya —" dateline: in the capital.
            dl: list[Any] = []
            if _CAPITAL.search(sent.text):
                dl = [m for m in _dateline_towns(places) if not place.iso3 or m.place.iso3 == place.iso3]
                if not dl and re.search(r"(?i)\bthe (?:\w+ )?capital\b", sent.text) \
                        and not any(_is_capital(m.place) for m in _dateline_towns(places)):
                    # "BOGURA - ... In the capital, three crude bombs ...": the country's capital
                    capital = _capital_of(place.iso3 or places.focus_iso3)
                    if capital is not None:
                        place, own = capital, [None]
            elif _SEAT_OF_POWER.search(sent.text) and typing.event_type in _DEMONSTRATION:
                dl = [m for m in _dateline_towns(places) if _is_capital(m.place)]
                if not dl and not own and not _dateline_towns(places):
                    # "students tried to march towards the Secretariat", no town named: the capital
                    capital = _capital_of(place.iso3 or places.focus_iso3)
                    if capital is not None:
                        place, own = capital, [None]
            if dl:
                place, own = dataclasses.replace(dl[0].place), [None]
        if not any(m is None or m.place.geo_precision == 1 for m in own) and _ANAPHOR.search(sent.text):
            # "struck the centre of the town": the town the report is about, told before.
            salient = salient_town(places.mentions, sent.start)
            if salient is not None:
                place, own = salient, [None]
        elif not own and place.geo_precision == 3 and not place.admin1 and not _SEPARATELY.match(sent.text) \
                and not _UNNAMED_SITE.search(sent.text):
            # No place at all, only the country: the town the report is about so far, if any
            # (not for "Separately, ...", which tells of somewhere else).
            salient = salient_town(places.mentions, sent.start, article.text, place.iso3 or places.focus_iso3)
            if salient is not None:
                place = salient
        if typing.event_type == "Battles" and not any(a.kind in ARMED_KINDS and id(a) not in speakers for a in s_actors):
            return []  # "displaced by fighting in other parts of the country": no one fights
        if typing.sub_event_type in _TERRITORIAL and not any(m is None or m.kind != "country" for m in own) \
                and not _NAMED_SETTLEMENT.search(sent.text):
            # A territorial change needs the territory ("clawed back early losses"); a town the
            # gazetteer lacks but the text names ("the town of Adan Yabaal") is one.
            return []
        pm = next((m.start for m in mentions if m.place.geonameid == place.geonameid and place.geonameid), None)
        c = Candidate(typing, sent, a1, a2, place, pm, date, explicit, deaths, injured, displaced, assoc)
        c.own_place = bool(own)
        c.separate = bool(_SEPARATELY.match(sent.text))
        c.headline = _is_title_line(article.text, sent)
        c.timeless = not any(sent.start <= m.start < sent.end for m in times.mentions)
        # A retelling names the action as a known thing ("the bombing", "the attack"); a verb
        # after a subject ("The Taliban killed ...") tells it anew.
        trig_word = typing.trigger.text.lower()
        nominal = not trig_word.endswith(("ed", "ew", "ook", "uck", "ot")) or trig_word in ("raid", "shed")
        c.reference = nominal and bool(_DEFINITE_NP.search(sent.text[: typing.trigger.start]))
        if c.reference:
            # (a town named later counts only for the lead, which often names it after the action;
            # deeper in, "Police then chased the protesters" is not about a town told further on)
            ahead = len(article.text) + 1 if sent.para <= 1 or sent.start < 600 else sent.start
            # A retelling ("police issued warrants following the bombing") carries the sentence's
            # times and places of other things: only those right by the trigger are the event's
            # ("the August 17 blast at the Erawan Shrine", "the Boston Marathon bombing").
            t0, t1 = sent.start + typing.trigger.start, sent.start + typing.trigger.end
            near_time = [m for m in times.mentions if sent.start <= m.start < sent.end
                         and (t0 - 30 <= m.end <= t0 + 1 or t1 - 1 <= m.start <= t1 + 30
                              # "the two bombs detonated at the Boston Marathon in 2013": a time
                              # long before the report, told after the retold action, is its time.
                              or (t1 <= m.start <= t1 + 80 and times.published is not None
                                  and m.date.end < times.published - dt.timedelta(days=180)))]
            if not near_time:
                c.explicit_date = False
            near_place = [m for m in own if m is not None and (t0 - 45 <= m.end <= t0 + 1 or t1 - 1 <= m.start <= t1 + 45)]
            if own and not near_place and None not in own:
                c.own_place = False
                salient = salient_town(places.mentions, sent.start, text, c.place.iso3 or places.focus_iso3) or \
                    salient_town(places.mentions, ahead, text, c.place.iso3 or places.focus_iso3)
                if salient is not None:
                    c.place = salient
            elif not own and c.place.geo_precision == 3:
                # "killed in the attack", no place at all: the town the report is about.
                salient = salient_town(places.mentions, sent.start, text, c.place.iso3 or places.focus_iso3) or \
                    salient_town(places.mentions, ahead, text, c.place.iso3 or places.focus_iso3)
                if salient is not None:
                    c.place = salient
        if not self._anchored(c, doc, own):
            return []
        return [c]

    def _anchored(self, c: Candidate, doc: Any, own: list[Any]) -> bool:
        """An event is something that happened somewhere, some time, to someone: a sentence that
        only talks about a weapon or a kind of attack ("IEDs pack a smaller punch") is not one."""
        if doc is not None:
            trig_tok = tokens_in(doc, c.typing.trigger.start, c.typing.trigger.start + 1)
            verbal = bool(trig_tok) and trig_tok[0].tag_.startswith("VB") and trig_tok[0].tag_ != "VBG"
        else:
            first = c.typing.trigger.text.lower().split()[0] if c.typing.trigger.text.strip() else ""
            verbal = first.endswith(("ed", "ook", "uck", "ew", "ot", "ught", "it")) or first in _IRREGULAR_PAST
        has_place = any(m is None or m.kind != "country" for m in own)
        has_toll = bool(c.deaths or c.injured)
        has_actor = c.actor1 is not None
        if not verbal:
            # "Police fired tear gas": the verb governs the cue's noun.
            verbal = bool(_VERB_JUST_BEFORE.search(c.sent.text[max(0, c.typing.trigger.start - 30):c.typing.trigger.start]))
        score = has_place + c.explicit_date + has_toll + (verbal and has_actor) + c.reference
        return score >= 1

    def _actors_in_role(self, actors: list[ActorMention], doc: Any, sent: Sentence) -> list[ActorMention]:
        """A bare country name is an actor only as the subject of a verb ("Turkey deployed")."""
        out = []
        for a in actors:
            if a.kind != COUNTRY:
                out.append(a)
                continue
            if doc is None:
                continue
            rel_s, rel_e = a.start - sent.start, a.end - sent.start
            toks = tokens_in(doc, rel_s, rel_e)
            if toks and toks[-1].dep_ in ("nsubj", "nsubjpass", "poss") and toks[-1].head.tag_[:2] in ("VB", "NN", "MD"):
                if toks[-1].dep_ != "poss" or toks[-1].head.lower_ in ("forces", "army", "military", "troops", "offensive"):
                    out.append(a)
        return out

    def _roles(self, typing: Typing, actors: list[ActorMention], sent: Sentence, doc: Any
               ) -> tuple[ActorMention | None, ActorMention | None, list[ActorMention]]:
        et, st = typing.event_type, typing.sub_event_type
        trig_pos = sent.start + typing.trigger.start
        armed = [a for a in actors if a.kind in ARMED_KINDS]
        civ = [a for a in actors if a.kind == CIVILIANS]
        prot = [a for a in actors if a.kind == PROTESTERS]
        riot = [a for a in actors if a.kind == RIOTERS]
        police = [a for a in actors if a.kind in (POLICE, STATE)]

        roles = surface_roles(sent, actors)
        if doc is not None:
            # The parse decides where it sees a role; the words around a mention fill in a victim
            # where it does not ("..., killing six NATO service members" hangs off another verb).
            roles = {k: v for k, v in roles.items() if v == "patient"} | syntactic_roles(doc, sent, typing, actors)

        def agent_first(cands: list[ActorMention]) -> list[ActorMention]:
            # The parse decides first: the agent of the trigger ("X attacked", "attacked by X",
            # "the X bombing", "X carried out a strike"); a subject of an unrelated verb
            # ("police issued warrants after the bombing") is no agent. Then "by X", then order.
            def key(a: ActorMention) -> tuple[int, int, int]:
                role = roles.get(id(a))
                before = sent.text[max(0, a.start - sent.start - 4): a.start - sent.start].lower()
                r = 0 if role == "agent" else 3 if role in ("patient", "other-subject") else 1
                # Among those hit, the first named ("Two soldiers and three rebels were killed").
                return (r, 0 if before.endswith("by ") else 1 if a.start < trig_pos else 2,
                        a.start if r == 3 else abs(a.start - trig_pos))
            out = sorted(cands, key=key)
            if len(out) > 1 and key(out[0])[:2] == key(out[1])[:2] and out[1].end <= out[0].start \
                    and re.fullmatch(r"\s*(?:and|,|, and)\s*(?:the\s+)?", sent.text[out[1].end - sent.start: out[0].start - sent.start]):
                out[0], out[1] = out[1], out[0]  # "Rwandan and Mozambican forces": the first named leads
            return out

        def distinct(a: ActorMention, b: ActorMention) -> bool:
            return (a.template, a.country, a.kind) != (b.template, b.country, b.kind)

        if et == "Protests":
            a1 = prot[0] if prot else None
            # Who intervened: police or troops, else the armed group that rules there ("Taliban
            # security forces detained women who protested").
            forces = police or [a for a in armed if a.kind == GROUP]
            a2 = forces[0] if forces and st != "Peaceful protest" else None
            return a1, a2, []
        if et == "Riots":
            a1 = riot[0] if riot else (prot[0] if prot else None)
            others = [a for a in police + civ if a is not a1 and not _speaks(sent, a)]  # not "police said"
            return a1, (others[0] if others else None), []
        for a in armed:
            if roles.get(id(a)) == "other-subject" and _ATTACK_VERB_AFTER.match(sent.text, a.end - sent.start):
                roles[id(a)] = "agent"  # "X attacked a police station with explosives": X did it
        ordered = agent_first(armed)
        if et == "Battles" and len(ordered) > 1:
            # "two militants were killed in an encounter with security forces": the party the
            # others met ("with Y") led the operation.
            led = _KILLED_IN_CLASH_WITH.search(sent.text)
            if led:
                lead = [a for a in ordered if a.start - sent.start >= led.end() - 1
                        and a.start - sent.start <= led.end() + 4]
                if lead:
                    ordered = lead[:1] + [a for a in ordered if a is not lead[0]]
        a1 = ordered[0] if ordered else None
        if a1 is not None and roles.get(id(a1)) in ("patient", "other-subject") and et != "Battles" \
                and st != "Arrests":  # police who announce detentions are the ones who made them
            # Only a target or a bystander is named ("police said the bomb ..."): the attacker is
            # unknown here; attribution or "Unidentified Armed Group" decides later.
            patients = [a for a in ordered if roles.get(id(a)) == "patient"]
            a1, ordered = None, patients
        if (a1 is not None and (a1.kind in (STATE, POLICE) or a1.inter == 1) and st in _PLANTED
                and roles.get(id(a1)) != "agent"):
            # "an IED detonated under a convoy of Russian soldiers": state forces named after a
            # planted device are its target; the bomber is unknown.
            ordered = [a1] + [a for a in ordered if a is not a1]
            a1 = None
        a2: ActorMention | None = None
        hit = [a for a in armed if a is not a1 and roles.get(id(a)) == "patient" and distinct(a, a1)] \
            if a1 is not None else []
        if et == "Explosions/Remote violence" and civ and hit:
            a2 = hit[0]  # "air strikes on RSF positions, killing 20 people": the force targeted
        elif et == "Violence against civilians" or (et == "Explosions/Remote violence" and civ):
            a2 = civ[0] if civ else None
            if a2 is None and et == "Violence against civilians" and prot:
                a2 = prot[0]  # marchers fired on by gunmen: ACLED names them as protesters
            if a2 is None and et == "Violence against civilians":
                a2 = ActorMention("", 0, 0, "Civilians ({country})", 7, CIVILIANS, generic=True)
        elif et == "Explosions/Remote violence" and not any(a.kind in ARMED_KINDS and a is not a1 for a in ordered) \
                and _CIVILIAN_SITE.search(sent.text):
            # Drones dropping explosives on homes, a shell on a displacement camp: civilians hit.
            a2 = ActorMention("", 0, 0, "Civilians ({country})", 7, CIVILIANS, generic=True)
        elif et == "Strategic developments" and st == "Arrests":
            cops = [a for a in ordered if a.kind in (POLICE, STATE)]
            a1 = cops[0] if cops else a1
            rest = [a for a in actors if a is not a1 and a.kind != COUNTRY]
            # Those arrested: the trigger's object first, then whoever follows the trigger.
            rest.sort(key=lambda a: (roles.get(id(a)) != "patient", a.start < trig_pos, abs(a.start - trig_pos)))
            a2 = rest[0] if rest else None
        # Allies named with the actor: "Rwandan and Mozambican forces", "troops backed by militias".
        assoc: list[ActorMention] = []
        if a1 is not None:
            for a in armed:
                if a is a1 or a is a2 or not distinct(a, a1) or roles.get(id(a)) == "patient":
                    continue
                lo, hi = sorted((a1, a), key=lambda x: x.start)
                joint = sent.text[lo.end - sent.start: hi.start - sent.start]
                if _ALLIED.fullmatch(joint) and not (
                        typing.trigger.family in ("clash", "agreement") and re.fullmatch(r"\s*(?:and|,)\s*(?:the\s+)?", joint)
                        and not _WITH_AFTER.search(sent.text, hi.end - sent.start)):
                    assoc.append(a)  # ("M23 rebels and Congolese troops clashed": opponents, not allies)
        if a2 is None and not (et == "Strategic developments" and st == "Arrests"):
            rest = [a for a in ordered if (a1 is None or (a is not a1 and distinct(a, a1))) and a not in assoc
                    and not (roles.get(id(a)) == "other-subject" and _speaks(sent, a))]  # "police said"
            a2 = rest[0] if rest else None
        return a1, a2, assoc

    def _attributed(self, sents: list[Sentence], idx: int, all_actors: list[ActorMention]) -> ActorMention | None:
        """Who a report blames: 'X claimed responsibility', 'blamed a Syrian regime jet for ...'
        in this or the next two sentences."""
        for s in sents[idx: idx + 3]:
            m = self.attribution_rx.search(s.text)
            if not m:
                continue
            # Investigators are not suspects: police "searching for a man believed to be
            # responsible" do not claim the attack.
            inside = [a for a in all_actors if s.start <= a.start < s.end and a.kind in ARMED_KINDS
                      and not (a.kind == POLICE and SPEAKS_AFTER.search(s.text[a.end - s.start:a.end - s.start + 60]))]
            if not inside:
                continue
            pos = s.start + m.start()
            verb = m.group(0).lower()
            # "blamed X" / "attributed to X" / "carried out by X": the actor follows;
            # "X claimed responsibility": it precedes.
            after = [a for a in inside if a.start >= pos]
            before = [a for a in inside if a.start < pos]
            if verb.startswith(("blam", "attributed", "carried", "accused")) and after:
                return after[0]
            if before and pos - before[-1].end <= 40:
                return before[-1]
        return None

    def _paragraph_time(self, times: Any, sents: list[Sentence], idx: int) -> EventDate | None:
        """A background paragraph ("In April 2017, a sarin attack ...") dates the sentences that
        follow it in the same paragraph."""
        para = sents[idx].para
        j = idx - 1
        while j >= 0 and sents[j].para == para:
            s = sents[j]
            inside = [m for m in times.mentions if s.start <= m.start < s.end
                      and not _FUTURE_TIME.search(s.text[: m.start - s.start])
                      # ("fighting has continued almost daily since December 2024": no date for what follows)
                      and not m.since]
            if inside:
                d = own_time(inside).date
                if times.published is None or d.end < times.published - dt.timedelta(days=14):
                    return d
                return None
            j -= 1
        return None

    @staticmethod
    def _coordinated(mentions: list[Any], text: str) -> list[Any]:
        """Towns listed together ("attacked X and Y", "X, Y and Z") are separate events."""
        towns = [m for m in mentions if m.place.geo_precision == 1 and m.kind == "town"]
        if len(towns) < 2:
            return towns[:1]
        # The first run of towns joined as a list ("the Baghdad neighbourhoods of X and Y": X, Y).
        run = [towns[0]]
        from .places import ascii_name

        for prev, cur in zip(towns, towns[1:], strict=False):
            if re.fullmatch(r",\s*", text[prev.end:cur.start]) and prev.place.admin1 and \
                    ascii_name(cur.text).lower() == ascii_name(prev.place.admin1).lower():
                continue  # "ACÁMBARO, Guanajuato": the town and its state, not two towns
            if _LIST_JOIN.fullmatch(text[prev.end:cur.start]):
                run.append(cur)
            elif len(run) > 1:
                break
            else:
                run = [cur]
        if len(run) > 1 and re.search(r"\bbetween\s+(?:the\s+)?(?:\w+\s+)?(?:of\s+)?$", text[max(0, run[0].start - 30):run[0].start]):
            return run[:1]  # "the road between Konduga and Bama": one stretch of road, not two places
        return run if len(run) > 1 else towns[:1]

    # -- merging mentions of one action ----------------------------------------------------
    def _merge(self, cands: list[Candidate]) -> list[Candidate]:
        out: list[Candidate] = []
        for c in cands:
            target = None
            nth = _ORDINAL_RETELLING.search(c.sent.text) if c.reference else None
            if nth is not None:
                # "The first attack occurred at a rally", "the second bombing": the report's first
                # or second told event of that kind.
                kin = [e for e in out if not e.reference and self._same_event(e, c)]
                k = _ORDINALS[nth.group(1).lower()]
                target = kin[k] if k < len(kin) else None
            if target is None:
                matches = [e for e in reversed(out) if self._same_event(e, c)]
                # An event named at this very town wins over a later one that only borrowed a place.
                here = [e for e in matches if c.own_place and e.own_place and c.place.geonameid
                        and e.place.geonameid == c.place.geonameid]
                target = (here or matches or [None])[0]
            if target is None:
                out.append(c)
                continue
            self._absorb(target, c)
        return self._fold_retellings(out)

    def _fold_retellings(self, events: list[Candidate]) -> list[Candidate]:
        """An event told only as known ("the bombing", "the attack"), never anew, is one the
        report tells elsewhere: it folds into the report's told event of the same kind, or into
        the first retelling, unless its own place is clearly another town."""
        out: list[Candidate] = []
        for e in events:
            home = None
            if e.reference:
                kin = [o for o in out if (o.typing.event_type == e.typing.event_type
                                          or e.typing.trigger.family in _GENERIC)
                       and not (o.place.iso3 and e.place.iso3 and o.place.iso3 != e.place.iso3)
                       and not (o.own_place and e.own_place and km(o.place, e.place) > 50
                                and min(o.place.geo_precision, e.place.geo_precision) < 3)
                       # "On 31 January police raided Kenscoff ... six were killed during the clashes":
                       # the clashes told just before, at another town on another day
                       and not (e.timeless and not e.own_place and max(o.place.geo_precision, e.place.geo_precision) < 3
                                and km(o.place, e.place) > 50 and abs((o.date.date - e.date.date).days) > 1)]
                told = [o for o in kin if not o.reference]
                home = (told or kin or [None])[0]
            if home is None:
                out.append(e)
            else:
                self._absorb(home, e)
        return out

    def _absorb(self, target: Candidate, c: Candidate) -> None:
        """Merge the mention ``c`` into the event ``target``."""
        keep = None
        if _arrests_at_demonstration(target, c):
            demo, arrest = (target, c) if target.typing.event_type in _DEMONSTRATION else (c, target)
            keep = (demo.typing, demo.sent, demo.actor1, demo.actor2, arrest.actor1)
        if target.headline and not c.headline:
            # The body's account is the event: its type, sentence, actors and place lead.
            target.headline = False
            if c.deaths or c.typing.sub_event_type != target.typing.sub_event_type:
                # a title's figures may be another clause's ("strike kills seven; Hezbollah fires rockets")
                target.deaths, target.injured, target.displaced = [], [], []
            target.typing, target.sent = c.typing, c.sent
            target.actor1, target.actor2 = c.actor1 or target.actor1, c.actor2 or target.actor2
            target.own_place, target.place, target.place_mention_start = c.own_place, c.place, c.place_mention_start
            target.place_pop = c.place_pop
            if c.explicit_date or not target.explicit_date:
                target.date, target.explicit_date = c.date, c.explicit_date
        target.mentions += 1
        target.reference = target.reference and c.reference
        target.texts.append(c.sent.text)
        if _place_rank(c) < _place_rank(target) and (c.own_place or not target.own_place):
            # (a place borrowed from context never displaces the event's own: "in Gezira province")
            target.own_place = target.own_place or c.own_place
            target.place, target.place_mention_start = c.place, c.place_mention_start
            target.place_pop = c.place_pop
        if target.actor1 is None and c.actor1 is not None:
            target.actor1 = c.actor1
        if target.actor2 is None and c.actor2 is not None:
            target.actor2 = c.actor2
        if c.explicit_date and not target.explicit_date and (
                c.date.precision <= target.date.precision or target.reference):
            target.date, target.explicit_date = c.date, True
        elif c.explicit_date and c.date.precision < target.date.precision and \
                target.date.start <= c.date.start and c.date.end <= target.date.end:
            # A summary ("between 14 and 18 February") told again day by day: the day is the event's.
            target.date = c.date
        target.deaths += c.deaths
        target.injured += c.injured
        target.displaced += c.displaced
        if keep is not None:
            # Arrests at a peaceful protest make it one with intervention; the protest is the event.
            typing, sent, a1, a2, police = keep
            if typing.sub_event_type == "Peaceful protest":
                typing = dataclasses.replace(typing, sub_event_type="Protest with intervention")
            target.typing, target.sent, target.actor1, target.actor2 = typing, sent, a1, a2 or police
            return
        # A demonstration is coded by its gravest moment: tear gas, live fire, rioting.
        if {target.typing.event_type, c.typing.event_type} <= _DEMONSTRATION and not c.reference and \
                _SEVERITY.get(c.typing.sub_event_type, 0) > _SEVERITY.get(target.typing.sub_event_type, 0):
            target.typing = c.typing
        # A specific cue refines a generic one ("the attack" ... "a suicide bomber"), and a suicide
        # bombing is the specific kind of a bombing ("the concert bombing" ... "the suicide bomber").
        if (target.typing.trigger.family in _GENERIC and c.typing.trigger.family not in _GENERIC
                and (not c.reference or target.reference)
                # ("The RSF said it had clashed with the army and denied targeting civilians": a plea)
                and not _DENIAL.search(c.sent.text)
                # ("The militants used sniper rifles and RPGs in the assault": the means of a battle)
                and not (target.typing.event_type == "Battles" and _MEANS_USED.search(c.sent.text))) or (
                target.typing.trigger.family == "explosive" and c.typing.trigger.family == "suicide"):
            target.typing = c.typing

    def _same_event(self, e: Candidate, c: Candidate) -> bool:
        if e.headline and not c.headline and not c.reference and c.own_place and e.place.iso3 == c.place.iso3 and (
                c.date.end <= e.date.end and (e.date.start - c.date.start).days <= 7) and (
                (e.place.geonameid and e.place.geonameid == c.place.geonameid)
                or (e.place.geo_precision > c.place.geo_precision and (not e.place.admin1 or e.place.admin1 == c.place.admin1))):
            return True  # a title and the first account of it in the body below: one event
        if c.dated_from is e or e.dated_from is c or c.separate or (
                _NEW_ONE.search(c.sent.text) and not c.reference and e.group is None):
            # ("repelled a second attack on their base": a new one; but "two bombings in Charikar and
            # Kabul ... a second bombing in Kabul" tells the second of the two again)
            return False
        if _IN_RESPONSE.search(c.sent.text) and c.typing.event_type != e.typing.event_type:
            return False  # "jets later bombed the insurgents' positions": a reply, an event of its own
        if c.typing.sub_event_type == "Disrupted weapons use" and _THWARTED_TOLD.search(c.sent.text) \
                and e.typing.event_type in _POLITICAL_VIOLENCE and not e.reference \
                and not (c.explicit_date and c.date.date != e.date.date):
            return True  # "the government thwarted the attack": how the told attack ended
        if c.typing.event_type == "Battles" and not c.own_place and _THE_ATTACKERS.search(c.sent.text) \
                and e.typing.event_type in _POLITICAL_VIOLENCE and not e.reference \
                and abs((c.date.date - e.date.date).days) <= 1:
            return True  # "security forces fought the attackers": the fight is part of the attack told
        if _arrests_at_demonstration(e, c):
            return True  # "Six students were detained from the spot": the protest's intervention
        same_type = e.typing.event_type == c.typing.event_type or (
            {e.typing.event_type, c.typing.event_type} <= _DEMONSTRATION)  # one demonstration, peaceful then violent
        generic = c.typing.trigger.family in _GENERIC or e.typing.trigger.family in _GENERIC
        violent = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots", "Protests"}
        if not same_type and not (generic and {e.typing.event_type, c.typing.event_type} <= violent):
            return False
        if c.explicit_date and e.explicit_date and c.date.date != e.date.date and (
                _EPISODE.search(c.sent.text) or _EPISODE.search(e.sent.text)):
            return False  # "for a second night on Monday" ... "unrest first broke out on Sunday"
        # A later mention with no time of its own ("the bombing") inherits, so dates don't split it.
        # A headline or highlight with no time of its own ("Shelling on Abu Shouk camp kills 10")
        # tells, ahead, the same action in the same town that the body then dates.
        ahead = not e.explicit_date and not e.reference and _HEADLINE.search(e.sent.text) and e.own_place and c.own_place \
            and e.typing.sub_event_type == c.typing.sub_event_type and e.place.geonameid \
            and e.place.geonameid == c.place.geonameid and c.date.end <= e.date.end \
            and (e.date.start - c.date.end).days <= 7
        if c.explicit_date and e.explicit_date and min(c.date.precision, e.date.precision) > 1 and (
                c.date.start > e.date.end or e.date.start > c.date.end):
            return False  # November and December: a day's slack is for days, not months
        # A day's slack for a night across midnight or a date told loosely; two demonstrations told
        # on two named days ("On Friday night, police cleared ..." and Saturday's) are two.
        slack = dt.timedelta(days=0 if (
            {e.typing.event_type, c.typing.event_type} <= _DEMONSTRATION and e.explicit_date
            and e.date.precision == c.date.precision == 1 and _NAMED_DAY.search(c.sent.text)) else 1)
        if c.explicit_date and (e.explicit_date or not e.reference) and not ahead and (
                c.date.start > e.date.end + slack or e.date.start > c.date.end + slack
                or (not slack and c.date.date != e.date.date)):
            return False
        if c.reference and c.timeless and not c.own_place and max(e.place.geo_precision, c.place.geo_precision) < 3 \
                and km(e.place, c.place) > 50 \
                and abs((c.date.date - e.date.date).days) > 1 and not _within_region(e.place, c.place):
            return False  # "during the clashes": those told just before, at another town on another day
        if c.reference and not (c.own_place and e.own_place and km(e.place, c.place) > 50
                                and min(e.place.geo_precision, c.place.geo_precision) < 3
                                and not _within_region(e.place, c.place)):
            # A retelling ("the bombing", "the attack") names a street, a hospital, where a
            # speaker is: only a clearly different town keeps it apart.
            return same_type or generic
        pe, pc = e.place, c.place
        if pe.iso3 and pc.iso3 and pe.iso3 != pc.iso3:
            return False
        if not (e.own_place and c.own_place):
            # A place borrowed from context says little: the same country is enough, but only for
            # the same kind of action told without a place of its own, or a retelling ("the
            # attack"), lest one borrowed place swallow the report's other events.
            borrowed = c if not c.own_place else e
            kin = c.reference or (borrowed is c and (
                generic or e.typing.sub_event_type == c.typing.sub_event_type
                or {e.typing.event_type, c.typing.event_type} <= _DEMONSTRATION))
            same_here = (e.typing.sub_event_type == c.typing.sub_event_type and e.place.geonameid
                         and e.place.geonameid == c.place.geonameid and e.date.precision == c.date.precision == 1
                         and e.date.date == c.date.date)
            if same_here:
                return self._actors_compatible(e, c)  # one kind of action, one town, one day
            if not kin or (borrowed is e and e.own_place is False and c.own_place and not c.reference):
                return False
            return self._actors_compatible(e, c)
        if c.group is not None and c.group == e.group:
            return False  # towns listed together in one sentence are separate events
        if not places_compatible(pe, pc):
            return False
        if pe.geo_precision == pc.geo_precision == 1 and pe.geonameid != pc.geonameid \
                and max(e.place_pop, c.place_pop) < _CITY_WITH_QUARTERS:
            return False  # neighbouring towns, each named as itself, are each their own event
        if e.typing.sub_event_type == c.typing.sub_event_type and pe.geonameid and pe.geonameid == pc.geonameid \
                and c.date.date == e.date.date and c.date.precision == e.date.precision == 1:
            return True  # one kind of action, one town, one day: one event, whoever each sentence blames
        return self._actors_compatible(e, c)

    @staticmethod
    def _actors_compatible(e: Candidate, c: Candidate) -> bool:
        """Same attacker, or one unknown, or the two share a side (one sentence names the
        attacker, another only the victims: "126 soldiers were killed in the explosion")."""
        n1, n2 = _actor_key(e.actor1), _actor_key(c.actor1)
        if not (n1 and n2) or n1 == n2 or _is_generic(e.actor1) or _is_generic(c.actor1):
            return True
        t1, _, k1 = n1.partition("|")
        t2, _, k2 = n2.partition("|")
        if t1 == t2 and not (k1 and k2):
            return True  # "aircraft" (some state's) and "Myanmar's military": one side
        if c.typing.trigger.family == "kill" and not c.own_place:
            return True  # a toll told after the action ("three HTS fighters were killed")
        if c.reference or c.typing.trigger.family in _GENERIC or e.typing.trigger.family in _GENERIC:
            sides_e = {k for k in (n1, _actor_key(e.actor2)) if k}
            sides_c = {k for k in (n2, _actor_key(c.actor2)) if k}
            return bool(sides_e & sides_c)
        return False

    # -- final event ---------------------------------------------------------------------------
    def _dominant_group(self, actors: list[ActorMention], text: str) -> tuple[str, int] | None:
        """The named armed group a report is about: generic 'insurgents' or 'militants' refer to
        it when it is the only named non-state group; when it claimed the attack, so do 'gunmen'
        (the start is -1 then)."""
        # (a group that only speaks, "Taliban spokesman Zabihullah Mujahid condemned the attack", is no suspect)
        named = [a for a in actors if a.kind == GROUP and a.inter in (2, 3, 4)
                 and not _TITLE_SAYS_AFTER.match(text, a.end) and not SAYS_AFTER.match(text[a.end:a.end + 40])]
        claimed = re.search(r"claimed responsibility|claims responsibility|claiming responsibility", text, re.I)
        if claimed:
            before = [a for a in actors if a.kind == GROUP and a.start < claimed.start()
                      and claimed.start() - a.end < 120]
            if before:
                return before[-1].template, -1
        if _UNCLAIMED.search(text):
            return None  # "No group claimed responsibility, but the Pakistani Taliban have ...": unknown
        if len({a.template for a in named}) == 1:
            return named[0].template, named[0].start
        return None

    def _resolve(self, a: ActorMention | Actor | None, iso3: str | None, dominant: tuple[str, int] | None) -> Actor | None:
        if a is None:
            return None
        if isinstance(a, Actor):
            if a.country and iso3 and a.country != iso3 and a.inter == 1:
                return dataclasses.replace(a, inter=8)
            return a
        if a.kind == UNIDENTIFIED and dominant and (dominant[1] < 0 or not _ANONYMOUS.search(a.text)):
            g = self.actors.group_named(dominant[0].split(" ({")[0]) or {}
            a = ActorMention(a.text, a.start, a.end, dominant[0], int(g.get("inter", 2)), GROUP, generic=True)
        return a.resolve(iso3, self.actors.countries)

    def _finish(self, article: Article, c: Candidate, focus: str | None, dominant: tuple[str, int] | None) -> Event | None:
        tax = self.taxonomy
        place = c.place
        iso3 = place.iso3 or focus
        et, st = c.typing.event_type, c.typing.sub_event_type
        # "a drone attack": whose drone, the default below decides
        drone = _bare_force(c.actor1) and not getattr(c.actor1, "country", None) and re.fullmatch(r"(?i)(?:an?\s+|the\s+)?(?:FPV\s+)?drones?", c.actor1.text)
        a1 = None if drone else self._resolve(c.actor1, iso3, dominant)
        a2 = self._resolve(c.actor2, iso3, dominant)
        if a1 is None:
            if et in ("Protests",):
                a1 = Actor(_country_name(self.actors, iso3, "Protesters ({country})"), 6, country=iso3)
            elif et == "Riots":
                a1 = Actor(_country_name(self.actors, iso3, "Rioters ({country})"), 5, country=iso3)
            elif st == "Air/drone strike" and iso3 and _DRONE_ONLY.search(c.typing.trigger.text) \
                    and not any(_AIRCRAFT.search(t) for t in [c.sent.text, *c.texts]):
                # "a drone attack struck the oilfield": armed groups fly drones too; only aircraft
                # name a state
                a1 = Actor(_country_name(self.actors, iso3, "Unidentified Armed Group ({country})"), 3, country=iso3)
            elif st == "Air/drone strike" and iso3:
                a1 = Actor(_country_name(self.actors, iso3, "Military Forces of {country}"), 1, country=iso3)
            elif st == "Arrests" and iso3:
                a1 = Actor(_country_name(self.actors, iso3, "Police Forces of {country}"), 1, country=iso3)
            else:
                a1 = Actor(_country_name(self.actors, iso3, "Unidentified Armed Group ({country})"), 3, country=iso3)
        if et == "Protests" and a1.inter != 6:
            # Protesters are always the first side of a protest; the police who broke it up the other.
            a1, a2 = Actor(_country_name(self.actors, iso3, "Protesters ({country})"), 6, country=iso3), (
                a2 if a2 is not None and a1.inter in (6, 7) else a1 if a1.inter in (1, 2, 3, 8) else a2)
        if et == "Riots" and a1.inter == 6:
            # Demonstrators who turn violent are coded as rioters (ACLED).
            a1 = Actor(_country_name(self.actors, iso3, "Rioters ({country})"), 5, mention=a1.mention,
                       start=a1.start, end=a1.end, country=iso3)
        if a2 is not None and a2.name == a1.name:
            a2 = None
        fatalities = cas.combine(c.deaths)
        if st == "Suicide bomb" and fatalities is not None and any(
                _BOMBER_DIED.search(t) for t in [c.sent.text, *c.texts]) and not any(
                re.search(r"bomber|attacker", t[f.start - c.sent.start:f.end - c.sent.start], re.I)
                for f in c.deaths for t in [c.sent.text] if 0 <= f.start - c.sent.start < len(t)):
            fatalities += 1  # ACLED counts the bomber, whom "killed 26 people" leaves out
        injured = cas.combine(c.injured)
        displaced = cas.combine(c.displaced)
        if fatalities is None:
            fatalities = 0
        armed_group = a1.inter in (2, 3, 4, 8) or (a2 is not None and a2.inter in (2, 3, 4))
        disorder = tax.disorder_type(et, armed_group=armed_group and et == "Riots")
        civ_target = (a2 is not None and a2.inter == 7 and et in ("Violence against civilians", "Explosions/Remote violence"))
        assoc1 = [x for x in (self._resolve(m, iso3, dominant) for m in c.assoc1) if x and x.name != a1.name]
        ev = Event(
            article_id=article.id,
            event_type=et,
            sub_event_type=st,
            disorder_type=disorder,
            actor1=a1,
            actor2=a2,
            assoc_actor_1=list({x.name: x for x in assoc1}.values()),
            date=c.date,
            place=place,
            evidence=Evidence(c.sent.text, c.sent.start, c.sent.end),
            casualties=Casualties(fatalities, injured, displaced),
            civilian_targeting=civ_target,
            source=article.source,
            source_url=article.url,
        )
        ev.confidence = _confidence(c, a1)
        ev.notes = _notes(ev)
        return ev


_RELATIVE = re.compile(
    r"\b(?P<n>\d+|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?P<unit>days?|weeks?)\s+"
    r"(?P<rel>after|before)\s+(?:the|this|that)\s+(?:[\w\-]+\s+){0,2}?"
    rf"(?P<noun>{_ACTION_NOUN})\b", re.I)
# "X and Y", "X, Y and Z", "the city of X and the nearby town of Y", "X city and the province's
# towns of Y and Z": places listed as one.
_LIST_JOIN = re.compile(
    r"(?:\s+(?:city|town|province))?\s*(?:,|and|, and|&|as well as)\s*"
    r"(?:(?:the\s+)?(?:nearby\s+|neighbou?ring\s+|eponymous\s+|\w+(?:'s|’s)\s+)?"
    r"(?:province's\s+|province’s\s+)?(?:towns?|cit(?:y|ies)|villages?|districts?)\s+of\s+)?", re.I)
_CAME_AFTER = re.compile(
    r"\W*(?:the|this|that)\s+(?:[\w\-]+\s+){0,2}?"
    rf"(?P<noun>{_ACTION_NOUN}|violence|killings?|murder|assassination|ambush)"
    # ("the blast at New Kabul Bank came a week after ...")
    r"(?:\s+(?:at|in|on|near|outside)\s+(?:the\s+)?(?:[\w\-'’]+\s+){0,3}?[\w\-'’]+)?"
    r"\s+(?:came|happened|occurred|took place|followed)\s+(?:just\s+|only\s+)?"
    r"(?P<n>\d+|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?P<unit>days?|weeks?)\s+(?P<rel>after)\b",
    re.I)
_SMALL = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10}


def _attach_revised_tolls(cands: list[Candidate], sents: list[Sentence]) -> None:
    """"Later, a rights group said the death toll had risen to 11": a sentence that only revises
    a toll belongs to the action told before it."""
    told = {c.sent.start for c in cands}
    for s in sents:
        if s.start in told or not (_TOLL_WORDS.search(s.text) or _LATER_TOLL.match(s.text)):
            continue
        figures = cas.deaths(s.text, s.start)
        revised = [f for f in figures if f.revised]
        before = [c for c in cands if c.sent.start < s.start]
        if not revised and figures and before and (
                _LATER_TOLL.match(s.text) or _INITIAL_TOLL.search(max(before, key=lambda c: c.sent.start).sent.text)):
            # "Health officials initially said five ..." / "Late on Tuesday, doctors said 13 had
            # been killed": the later figure revises the first.
            revised = [dataclasses.replace(f, revised=True) for f in figures]
        if not revised:
            continue
        if before:
            max(before, key=lambda c: c.sent.start).deaths.extend(revised)


def _date_relative_to_events(cands: list[Candidate], places: Any = None) -> None:
    """"two days after the bombing": a date counted from another event of the same report."""
    for c in cands:
        if c.explicit_date:
            continue
        m = _RELATIVE.search(c.sent.text)
        # "The attack came a week after ... an airstrike": the anchor is the sentence's subject
        # and its own action lies that long before it.
        turned = m is None and (m := _CAME_AFTER.match(c.sent.text)) is not None
        if not m:
            continue
        n = int(m.group("n")) if m.group("n").isdigit() else _SMALL[m.group("n").lower()]
        days = n * (7 if m.group("unit").lower().startswith("week") else 1)
        if turned:
            days = -days
        noun = m.group("noun").lower()
        fams = {"explosive", "suicide", "air", "shelling"} if noun.startswith(("bomb", "blast", "explos")) else None
        anchors = [a for a in cands if a is not c and a.explicit_date and a.date.precision == 1
                   and (fams is None or a.typing.trigger.family in fams or a.typing.event_type == "Explosions/Remote violence")]
        if not anchors:
            continue
        base = anchors[0].date.date
        c.dated_from = anchors[0]
        d = base + dt.timedelta(days=days if m.group("rel").lower() == "after" else -days)
        if m.group("unit").lower().startswith("day"):
            c.date = EventDate(d, 1, d, d)
        else:  # "a week after": within a few days of that
            c.date = EventDate(d, 2, d - dt.timedelta(days=3), d + dt.timedelta(days=3))
        c.explicit_date = True
        if turned and places is not None:
            # The other event is told anew ("a bombing at a mosque in Baghlan"), at its own place.
            c.reference = False
            rest = c.sent.start + m.end()
            own = [pm for pm in places.mentions if rest <= pm.start < c.sent.end]
            if own and not c.own_place:
                c.place, c.own_place = places.for_span(rest, c.sent.end), True


# Above this population a nearby named place may be one of the city's quarters (Chelsea in
# New York, Karrada in Baghdad) rather than a town of its own.
_CITY_WITH_QUARTERS = 500_000
_POLITICAL_VIOLENCE = {"Battles", "Explosions/Remote violence", "Violence against civilians"}


_SAID_BEFORE = re.compile(r"\b(?:said|says|told|announced|confirmed|reported|added|stated|tweeted|wrote)\s+"
                          r"(?:in\s+an?\s+(?:statement|communiqu[eé]|interview|press conference|video)\s+)?"
                          r"(?:on\s+|late\s+|early\s+|earlier\s+|later\s+)?$", re.I)
_CLAIMED_BEFORE = re.compile(r"\b(?:claimed|denied)\s+(?:responsibility\s+for\s+)?(?:the|this|that)\s+"
                             r"(?:[\w-]+\s+){0,3}(?:on\s+|late\s+|early\s+)?$", re.I)
_SAID_AFTER = re.compile(r",?\s+(?:[A-Z][\w.’'-]*\s+){1,4}(?:said|told|announced|confirmed|tweeted|wrote)\b")


_ITS_BEFORE = re.compile(r"(?i)\b(?:its|the group's|the movement's|the militia's)\s+$")


def _named_group(a: ActorMention | Actor | None) -> bool:
    """A non-state group the dictionary names (not "gunmen", not "rebels")."""
    return getattr(a, "kind", None) == GROUP and not getattr(a, "generic", True)


def _as_group(a: ActorMention, group: ActorMention) -> ActorMention:
    """A generic mention ("its fighters", "the mujahideen") that is this named group."""
    return dataclasses.replace(a, template=group.template, inter=group.inter, kind=GROUP, generic=False)


def _its_fighters(text: str, actors: list[ActorMention]) -> list[ActorMention]:
    """"ISWAP ... In March, its fighters overran a base": fighters that are "its" are the named
    group told just before (within a few sentences)."""
    out = []
    for i, a in enumerate(actors):
        if a.kind == UNIDENTIFIED and _ITS_BEFORE.search(text, max(0, a.start - 20), a.start):
            prev = next((b for b in reversed(actors[:i]) if _named_group(b) and a.start - b.end < 400), None)
            if prev is not None:
                a = _as_group(a, prev)
        out.append(a)
    return out


_STATEMENT = re.compile(r"(?i)\b(?:statement|communiqu[eé]|claim(?:ed|s)? responsibility|announces)\b")
_OWN_FIGHTERS = re.compile(r"(?i)^(?:the\s+)?(?:mujahideen|mujahidin)$")


def _issuers_fighters(text: str, actors: list[ActorMention]) -> list[ActorMention]:
    """"A statement released by ... JNIM ... the mujahideen stormed the camp": in an armed group's
    own statement, its holy warriors are that group."""
    lead = text[:500]
    if not _STATEMENT.search(lead):
        return actors
    issuer = next((a for a in actors if a.start < 500 and _named_group(a) and a.inter in (2, 3)), None)
    if issuer is None:
        return actors
    return [_as_group(a, issuer) if a.kind == UNIDENTIFIED and _OWN_FIGHTERS.match(a.text) else a for a in actors]


def _arrests_at_demonstration(e: Candidate, c: Candidate) -> bool:
    """Police arrests on the day of a protest, where it was (or with no place of their own)."""
    kinds = {e.typing.sub_event_type, c.typing.sub_event_type}
    if "Arrests" not in kinds or not {e.typing.event_type, c.typing.event_type} & _DEMONSTRATION:
        return False
    arrest = e if e.typing.sub_event_type == "Arrests" else c
    demo = c if arrest is e else e
    if any(getattr(a, "kind", None) == GROUP for a in (arrest.actor1, arrest.actor2)):
        return False  # ("police arrested 23 leaders of the banned Awami League"): a crackdown of its own
    if arrest.date.date != demo.date.date or arrest.place.iso3 != demo.place.iso3 or \
            getattr(arrest.actor1, "kind", POLICE) != POLICE or _ARREST_ELSEWHERE.search(arrest.sent.text):
        return False  # (soldiers' arrests, or "at his home", "in raids": an operation of its own)
    return bool(arrest.place.geonameid and arrest.place.geonameid == demo.place.geonameid) or (
        not arrest.own_place and arrest.place.geo_precision == 3)  # ("detained from the spot": no town at all)


def _speaks(sent: Sentence, a: ActorMention) -> bool:
    """Is the actor the one who says it ("police said", "residents told AFP")?"""
    after = sent.text[a.end - sent.start: a.end - sent.start + 90]
    return bool(SAYS_AFTER.match(after)) and not OWN_ACTION_AFTER.search(after)


def _speech_time(text: str, m: Any) -> bool:
    """Is this time when something was said ("officials said Saturday", "On Sunday, Cuomo said")?"""
    if _SAID_BEFORE.search(text, max(0, m.start - 30), m.start) or _CLAIMED_BEFORE.search(text, max(0, m.start - 70), m.start):
        return True  # (also "Amaq claimed the attack on Saturday": when it was claimed)
    return bool(_SAID_AFTER.match(text, m.end))


def _within_region(a: Place, b: Place) -> bool:
    """Is one a region (precision 3, a first-level division) that holds the other?"""
    region, inner = (a, b) if a.geo_precision == 3 else (b, a)
    return region.geo_precision == 3 and bool(region.admin1) and region.admin1 == inner.admin1 \
        and region.iso3 == inner.iso3


_WEAPON = re.compile(r"(?i)\b(?:artillery|drones?|jets?|warplanes?|aircraft|helicopters?|gunships?|tanks|armou?r(?:ed \w+)?)$")
_INSTRUMENT_BEFORE = re.compile(r"(?i)\b(?:with|using)\s+(?:[\w-]+\s+){0,3}(?:and\s+(?:[\w-]+\s+)?)?$")
_RULED_OUT = re.compile(r"(?i)\b(?:rul\w* out|no (?:sign|evidence|indication|suspicion) of|not an?|rather than an?)\s+"
                        r"(?:an?\s+|the\s+|any\s+)?(?:\w+\s+)?(?:attack|terror\w*|bomb\w*|sabotage|foul play)")
_POLITICAL_HARM = re.compile(r"(?i)\b(?<!like a )(?<!like an )(?:bomb(?:er|ers|ing|ings)?(?![-‑]like)|IEDs?|suicide|air ?strikes?|drones?|shell(?:ing|ed|s)|missiles?|"
                             r"rockets?|mortars?|gunm[ae]n|militants?|insurgents?|rebels?|jihadists?|terror\w*|"
                             r"attack(?:ed|ers?)?|arson)\b")
_OUR_BEFORE = re.compile(r"(?i)\bour\s+$")
_DRONE_ONLY = re.compile(r"(?i)\b(?:drones?|UAVs?|quadcopters?|FPV)\b")
_AIRCRAFT = re.compile(r"(?i)\b(?:air ?strikes?|air raids?|warplanes?|(?:fighter )?jets?|aircraft|helicopters?|gunships?|"
                       r"barrel bombs?|air force|bombers?|aerial bombardment)\b")
_LATEST_OF = re.compile(r"(?i)\b(?:latest|most recent|newest|last)\s+(?:in|of)\s+(?:an?\s+|the\s+)?$")
_REPEATED_BEFORE = re.compile(r"(?i)\b(?:repeated|sporadic|daily|nightly|constant|incessant|frequent|regular|relentless|"
                              r"intermittent|occasional|persistent|recurrent|near-daily)\s+(?:[\w-]+\s+)?$")
# Headline style: no closing stop, or the present tense of news headlines ("Shelling kills 10").
_HEADLINE = re.compile(r"[^.!?\"”'’)\s]\s*$|\b(?:kills|hits|strikes|leaves|wounds|injures|targets|rocks)\b")


def _is_title_line(text: str, sent: Any) -> bool:
    """A line of its own without a closing stop, short: a title or a sub-title over a story."""
    line_start = sent.start == 0 or text[sent.start - 1] == "\n"
    line_end = sent.end >= len(text.rstrip()) or text[sent.end:sent.end + 1] == "\n"
    body = sent.text.strip()
    return line_start and line_end and bool(body) and body[-1] not in ".!?\"”’')" and len(body.split()) <= 30


def _dateline_towns(places: Any) -> list[Any]:
    return [m for m in places.mentions if getattr(m, "dateline", False) and m.kind == "town"]


def _is_capital(p: Place) -> bool:
    """Is this town its country's capital (by the gazetteer's country table)?"""
    from .gazetteer import get_gazetteer
    from .places import ascii_name

    country = get_gazetteer().by_iso3.get(p.iso3 or "")
    return country is not None and ascii_name(country.capital).lower() == ascii_name(p.location or "").lower()


def _capital_of(iso3: str | None) -> Place | None:
    """The capital of a country, by the gazetteer's country table, as a place."""
    from .gazetteer import get_gazetteer
    from .places import resolve

    country = get_gazetteer().by_iso3.get(iso3 or "")
    p = resolve(country.capital, iso3) if country is not None and country.capital else None
    return p if p is not None and p.iso3 == iso3 and p.geo_precision == 1 else None


def _inherit_air_force(events: list[Candidate]) -> None:
    """'Israeli air strikes killed 27 ... A strike on a house in Nuseirat killed nine': a strike told
    without its author is by the air force the report has named, not the local state's."""
    known = None
    for e in events:
        # "a drone hit an energy facility": a weapon that names no country is no author.
        weapon = _bare_force(e.actor1)
        if e.typing.sub_event_type == "Shelling/artillery/missile attack" and (e.actor1 is None or weapon) \
                and known is not None and getattr(known, "country", None) not in (None, e.place.iso3):
            e.actor1 = known  # "Kupiansk - artillery shelling throughout the morning", in a foreign force's war
            continue
        if e.typing.sub_event_type != "Air/drone strike":
            # "A Russian missile struck Kharkiv ... a drone hit Dnipro": one side's remote war.
            if e.typing.event_type == "Explosions/Remote violence" and e.actor1 is not None \
                    and not weapon and getattr(e.actor1, "country", None) \
                    and getattr(e.actor1, "kind", STATE) in (STATE, COUNTRY) and e.actor1.inter == 1:
                known = e.actor1
            continue
        if e.actor1 is not None and not _is_generic(e.actor1) and not weapon:
            known = e.actor1
        elif e.actor1 is None and known is not None:
            e.actor1 = known
        elif weapon and known is not None and getattr(known, "country", None) not in (None, e.place.iso3):
            e.actor1 = known  # a foreign force's strike, not the attacked state's own


def _follow_another(cands: list[Candidate]) -> None:
    """'One strike hit a minibus ... Another hit a market': the same kind of action, by the same hand."""
    for prev, c in zip(cands, cands[1:], strict=False):
        if _ANOTHER.match(c.sent.text) and c.typing.trigger.family in _GENERIC | {"attack", "kill"}:
            c.typing = dataclasses.replace(prev.typing, trigger=c.typing.trigger)
            if c.actor1 is None or _is_generic(c.actor1):
                c.actor1 = prev.actor1


def _retype_bare_strikes(cands: list[Candidate]) -> None:
    """In a report about air or drone strikes, a bare "the strikes" is those strikes."""
    air = next((c for c in cands if c.typing.trigger.family == "air"), None)
    if air is None:
        return
    for c in cands:
        if c.typing.trigger.family == "attack" and re.fullmatch(r"(?i)strikes?", c.typing.trigger.text):
            c.typing = dataclasses.replace(c.typing, event_type=air.typing.event_type,
                                           sub_event_type=air.typing.sub_event_type)


def _drop_summaries(cands: list[Candidate]) -> list[Candidate]:
    """A summary over a span of days ("attacked localities between 14 and 18 February, killing
    at least 25") that the report then tells day by day is not an event of its own: coders code
    the days, and its toll would count the same dead twice."""
    out = []
    for c in cands:
        if c.explicit_date and c.date.precision > 1 and not c.reference:
            days = {o.date.date for o in cands if o is not c and o.explicit_date and o.date.precision == 1
                    and (o.typing.event_type == c.typing.event_type
                         or {o.typing.event_type, c.typing.event_type} <= _POLITICAL_VIOLENCE)
                    and c.date.start <= o.date.date <= c.date.end}
            if len(days) >= 2:
                continue
        n = _COUNTED_EVENTS.search(c.sent.text)
        if n and not c.reference and c.typing.event_type in _POLITICAL_VIOLENCE:
            # "killed in two explosions in Kandahar province" ... then each told on its own: the
            # count is a summary of events told after it, in places within its own.
            k = cas.parse_number(n.group(1)) or 0
            told = [o for o in cands if o is not c and o.sent.start > c.sent.end
                    and o.typing.event_type in _POLITICAL_VIOLENCE and o.date.date == c.date.date
                    and (o.place.geonameid != c.place.geonameid or o.place.geo_precision < c.place.geo_precision)
                    and _within_region(o.place, c.place)]
            if k >= 2 and len({o.sent.start for o in told}) >= k:
                continue
        if _SPREAD.search(c.sent.text) and not c.reference and c.typing.event_type in _POLITICAL_VIOLENCE and c.deaths:
            # "Israeli air strikes killed 27 across the Gaza Strip" ... then strike by strike: a tally.
            told = [o for o in cands if o is not c and o.sent.start > c.sent.end
                    and o.typing.sub_event_type == c.typing.sub_event_type and o.date.date == c.date.date]
            if len({o.sent.start for o in told}) >= 2:
                continue
        out.append(c)
    return out


def _outside_names(cues: list[Cue], sent: Sentence, actors: list[ActorMention]) -> list[Cue]:
    """Cues inside an armed group's name are no action: the "Liberation" of the National
    Liberation Army, the "Protection" of the People's Protection Units."""
    names = [(a.start - sent.start, a.end - sent.start) for a in actors
             if a.kind == GROUP and sent.start <= a.start < sent.end]
    if not names:
        return cues
    return [c for c in cues if not any(s0 <= c.start and c.end <= e0 for s0, e0 in names)]


def _country_name(d: ActorDictionary, iso3: str | None, template: str) -> str:
    return fill_country(template, iso3, d.countries)


def _actor_key(a: ActorMention | Actor | None) -> str | None:
    if a is None:
        return None
    if isinstance(a, Actor):
        return a.name
    return f"{a.template}|{a.country or ''}"


def _bare_force(a: ActorMention | Actor | None) -> bool:
    """A state's word that names no state ("a drone", "artillery", "jets")."""
    return isinstance(a, ActorMention) and a.kind == STATE and a.generic and a.country is None


def _is_generic(a: ActorMention | Actor | None) -> bool:
    return isinstance(a, ActorMention) and a.kind == UNIDENTIFIED


# Verbs whose subject carries out the action named by their object ("X carried out a strike").
def _place_rank(c: Candidate) -> tuple[int, int]:
    """Which of an event's mentions names its place best: a town named in its own sentence, then
    a town borrowed from context ("the bombing" in a report about Boston), then a province named,
    then a country named, then anything borrowed."""
    p = c.place
    if p.latitude is None:
        return (9, 9)
    fine = p.geo_precision < 3
    country = p.geo_precision == 3 and not p.admin1
    tier = (0 if fine else 2 if not country else 3) if c.own_place else (1 if fine else 4)
    return (tier, p.geo_precision)


def _confidence(c: Candidate, a1: Actor) -> float:
    score = c.typing.strength
    score *= 0.75 + 0.1 * (c.place.geo_precision == 1) + 0.05 * c.explicit_date + 0.05 * (a1.inter != 3)
    score += 0.03 * min(c.mentions - 1, 3)
    return max(0.05, min(0.99, score))


def _notes(ev: Event) -> str:
    tmpl = _notes_templates().get(ev.sub_event_type, "was involved in an event")
    a2 = ev.actor2.name if ev.actor2 else None
    phrase = tmpl.format(
        actor2=a2 or "another party",
        a2=f" against {a2}" if a2 else "",
        with2=f" with {a2}" if a2 else "",
    )
    d = ev.date
    when = (f"On {d.date.day} {d.date:%B %Y}" if d.precision == 1
            else f"Around {d.date.day} {d.date:%B %Y}" if d.precision == 2 else f"In {d.date:%B %Y}")
    p = ev.place
    where = ""
    if p.location:
        parts = [x for x in (p.admin1, p.country) if x and x != p.location]
        near = "near " if p.geo_precision == 2 else "in "
        where = f" {near}{p.location}" + (f" ({', '.join(parts)})" if parts else "")
    toll = ev.casualties.fatalities
    tail = f" {toll} {'fatality' if toll == 1 else 'fatalities'}." if toll else ""
    return f"{when}, {ev.actor1.name} {phrase}{where}.{tail}"


_PIPELINE: Pipeline | None = None


def get_pipeline() -> Pipeline:
    """The process-wide pipeline (models and vocabularies load once per worker)."""
    global _PIPELINE
    if _PIPELINE is None:
        _PIPELINE = Pipeline()
    return _PIPELINE
