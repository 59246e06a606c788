"""Who did what to whom: each actor mention's role towards an event's trigger, from the
dependency parse when the sentence was parsed, else from the words around the mention."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .actors import ActorMention
from .events import Typing

if TYPE_CHECKING:
    from .sentences import Sentence

_AGENTIVE = {"carried", "carry", "carries", "carrying", "launched", "launch", "launches", "conducted",
             "conduct", "staged", "stage", "mounted", "mount", "detonated", "detonate", "planted",
             "plant", "claimed", "claim", "claims", "set", "fired", "fire", "dropped", "drop",
             "executed", "perpetrated", "committed", "led", "used", "deployed", "made", "began",
             "started", "ordered", "unleashed", "killed", "kill", "kills", "hit", "struck", "targeted",
             "neutralised", "neutralized", "eliminated", "repelled", "repulsed", "ambushed", "attacked", "raided",
             "stormed", "engaged", "clashed", "fought", "shelled", "bombed", "captured", "seized", "overran"}


# Words that make a sentence's meaning depend on its parse (negation, modality, conditions).
NEEDS_PARSE = re.compile(
    r"\b(?:not|n't|never|no|without|neither|nor|would|could|might|(?-i:may)|should|will|shall|must|"
    r"if|unless|whether|plans?|planned|planning|threat\w*|vow\w*|pledg\w*|promis\w*|prepar\w*|"
    r"intend\w*|aim\w*|seek\w*|sought|want\w*|warn\w*|fear\w*|urg\w*|demand\w*|propos\w*|"
    r"consider\w*|den(?:y|ied|ies)|prevent\w*|avoid\w*|refus\w*|fail\w*|hop(?:e|ed|es|ing)|"
    r"expect\w*|plot\w*|tr(?:y|ied|ies|ying)|attempt\w*|ready|fighting|call(?:s|ed|ing)?|due|"
    r"scheduled|set to|going to)\b", re.I)
SPEAKS_AFTER = re.compile(
    r"^\W{0,3}(?:[\w,]+\s+){0,6}?(?:said|say|says|told|reported|announced|confirmed|added|stated|"
    r"believe[sd]?|suspect(?:s|ed)?|arrested|detained|issued|investigat\w+|search\w*|hunt\w*|"
    r"urged|released|found|discovered|cordoned|evacuated|responded|rushed|arrived)\b", re.I)

# "The Arakan Army said on Sunday it had captured ...": a speaker that tells of its own action.
OWN_ACTION_AFTER = re.compile(
    r"^\W{0,3}(?:\([^)]{1,20}\)\s*,?\s*)?(?:[\w-]+\s+){0,2}?(?:said|say|says|announced|claimed|claim|claims|confirmed|reported|stated)\s+"
    r"(?:(?:on|late|early|late on|early on)\s+\w+\s+|\w+day\s+|in a statement\s+)?(?:that\s+)?"
    r"(?:it|they|its (?:forces|troops|fighters|units|soldiers)|their (?:forces|fighters))\s+"
    r"(?:had\s+|has\s+|have\s+)?(?:\w+ly\s+)?(?!been\b|not\b)\w+(?:ed|ck|ot|ok|ew|ove|ught|ung|en|un)\b", re.I)


_VICTIM_AFTER = re.compile(
    r"^\W{0,3}(?:[\w()]+\s+){0,3}?(?:(?:were|was|have been|had been|are|being)\s+(?:\w+\s+)?"
    r"(?:killed|injured|wounded|hurt|targeted|hit|shot|attacked|ambushed)|"
    # bare "killed" is passive only without an object after it ("ADF killed 18 civilians" is active)
    r"(?:killed|injured|wounded)(?!\s+(?:at least|more than|over|nearly|some|about|up to|\d|an? |the |two|three|"
    r"four|five|six|seven|eight|nine|ten|dozens|scores|hundreds|several|many|civilians|people|villagers))|dead|died|"
    r"lost (?:their|his|her)|among the (?:dead|victims|casualties))\b", re.I)
_VICTIM_BEFORE = re.compile(
    r"\b(?:killing|killed|injuring|injured|wounding|wounded|abducting|abducted|kidnapping|kidnapped|targeting|targeted|against|hitting|struck|ambushed|"
    r"attacked|attack on|attacks on|under)\s+(?:(?:a|an|the|\d+|[a-z]+),?\s+){0,5}$|"
    r"\b(?:killed|dead|died|wounded|injured)\b[^.;]{0,40}\bincluding\s+(?:(?:a|an|the|\d+|[a-z]+)\s+){0,2}$", re.I)


_FIRE_NOUNS = frozenset({"fire", "gunfire", "shelling", "shells", "rockets", "missiles", "mortars", "bombardment"})


def surface_roles(sent: Sentence, actors: list[ActorMention]) -> dict[int, str]:
    """Roles without a parse: an armed actor that speaks or investigates is no agent, nor one
    that is killed, wounded or targeted ("killing six NATO service members")."""
    roles: dict[int, str] = {}
    for a in actors:
        rs, re_ = a.start - sent.start, a.end - sent.start
        after = sent.text[re_: re_ + 40]
        # "killing six NATO service members, officials said": the victim before the speaker.
        if _VICTIM_BEFORE.search(sent.text[max(0, rs - 40): rs]):
            roles[id(a)] = "patient"
        elif OWN_ACTION_AFTER.search(sent.text[re_: re_ + 90]):
            roles[id(a)] = "agent"
        elif SPEAKS_AFTER.search(after):
            roles[id(a)] = "other-subject"
        elif _VICTIM_AFTER.search(after):
            roles[id(a)] = "patient"
    return roles


def tokens_in(doc: Any, start: int, end: int) -> list[Any]:
    """The tokens overlapping doc.text[start:end] (a span lookup, not a walk over the doc)."""
    span = doc.char_span(max(0, start), min(len(doc.text), max(end, start + 1)), alignment_mode="expand")
    return list(span) if span is not None else []


def syntactic_roles(doc: Any, sent: Sentence, typing: Typing, actors: list[ActorMention]) -> dict[int, str]:
    """Each actor mention's role towards the trigger: agent, patient or other-subject."""
    t0, t1 = typing.trigger.start, typing.trigger.end
    trig = tokens_in(doc, t0, t1)
    if not trig:
        return {}
    # The trigger phrase's head ("strikes" in "air strikes", "bomber" in "suicide bomber").
    tok = next((t for t in trig if not (t0 <= t.head.idx < t1) or t.head == t), trig[0])
    # The verb that governs a nominal trigger ("X carried out an attack", "the attack killed").
    verb = tok if tok.tag_.startswith("VB") else (tok.head if tok.dep_ in ("dobj", "nsubj", "pobj", "nsubjpass") else None)
    if verb is None and tok.dep_ == "prep" and tok.head.tag_.startswith("VB"):
        verb = tok.head  # "neutralised 12 bandits in an encounter": the verb the phrase tells of
    if verb is not None and tok.dep_ == "pobj" and verb.dep_ == "prep":
        verb = verb.head
    roles: dict[int, str] = {}
    for a in actors:
        rs, re_ = a.start - sent.start, a.end - sent.start
        toks = tokens_in(doc, rs, re_)
        if not toks:
            continue
        if rs <= t0 < re_:
            roles[id(a)] = "agent"  # the trigger names its author: "a suicide bomber", "gunmen"
            continue
        head = next((t for t in toks if not (rs <= t.head.idx < re_) or t.head == t), toks[-1])
        while head.dep_ == "conj" and head.head != head:
            head = head.head  # "Two soldiers and three rebels were killed": conjuncts share a role
        # A modifier of the trigger noun: "the Taliban bombing", "Russian-led airstrikes", "IS attack".
        if (head.head == tok or head.head in trig) and head.dep_ in ("compound", "amod", "poss", "nmod", "npadvmod"):
            roles[id(a)] = "agent"
            continue
        if head.dep_ == "pobj" and (head.head.lower_ == "by" and head.head.head in (tok, verb) or (
                # "artillery fire from Saudi border guards": whose fire
                head.head.lower_ == "from" and head.head.head == tok and tok.lower_ in _FIRE_NOUNS)):
            roles[id(a)] = "agent"
            continue
        if verb is not None and verb.dep_ == "conj" and head.head == verb.head and head.dep_ == "nsubj":
            roles[id(a)] = "agent"  # "authorities have been rounding up and deporting"
            continue
        if verb is not None and head.head == verb:
            if head.dep_ in ("nsubj",):
                # "X attacked", "X carried out a strike", "a Turkish drone struck": the subject acts.
                agentive = verb == tok or verb.lower_ in _AGENTIVE or head == tok
                roles[id(a)] = "agent" if agentive else "other-subject"
                continue
            if head.dep_ in ("dobj", "nsubjpass", "attr"):
                roles[id(a)] = "patient"
                continue
        np = head  # "strikes on RSF positions": the noun the name modifies
        while np.dep_ in ("compound", "amod", "poss", "nmod") and np.head != np and np.head.tag_.startswith("NN"):
            np = np.head
        if np.dep_ == "pobj" and np.head.lower_ in ("on", "against", "at", "targeting", "near") and \
                np.head.head in (tok, verb):
            roles[id(a)] = "patient"
            continue
        if head.dep_ == "nsubj" and head.head != verb and head.head.tag_.startswith("VB"):
            # Subject of another clause's verb ("police said", "officials issued warrants").
            if OWN_ACTION_AFTER.search(sent.text[re_: re_ + 90]):
                roles[id(a)] = "agent"
            elif head.head.lower_ not in _AGENTIVE:
                roles[id(a)] = "other-subject"
    return roles
