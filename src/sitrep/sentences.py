"""Sentence boundaries with character offsets, fast and tolerant of scraped text.

Scraped reports glue sentences ("in 2013.The bomb squad", "said.\"We have") and headings
("bombing.==Background==In February"); spaCy's sentencizer keeps those together, and the whole
pipeline depends on one sentence holding one action, so the rules are explicit here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


@dataclass
class Sentence:
    """A sentence of a report, with offsets into the report's text."""

    start: int
    end: int
    text: str
    para: int
    cues: list[Any] | None = None  # event cues, found once and used by the pre-filter and the coder
    cue_hit: bool | None = None  # whether any event cue word occurs (None: not looked yet)
    time_from: int | None = None  # a clause split off a sentence: where the sentence (and its time) began

# Abbreviations that end with a period but rarely end a sentence.
_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "cpl", "pvt",
    "adm", "gov", "sen", "rep", "rev", "st", "mt", "ft", "no", "nos", "vs", "etc", "inc", "ltd",
    "co", "corp", "jr", "sr", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "approx", "est", "dept", "univ", "u.s", "u.n", "u.k", "e.g", "i.e", "a.m", "p.m",
    "mass", "calif", "kan", "ariz", "conn", "fla", "ga", "ill", "ind", "ky", "la", "md", "mich",
    "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa", "tenn", "tex", "va", "vt",
    "wash", "wis", "wyo", "n.j", "n.y", "d.c", "s.d", "n.d", "n.c", "s.c", "n.h", "n.m", "r.i",
}
# A candidate boundary: terminal punctuation, optional closing quotes/brackets, then either
# whitespace or a glued capital / opening quote.
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s|[A-Z\"“‘(]|$)")
_HEADING = re.compile(r"={2,}[^=\n]{1,80}={2,}")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) offsets of the sentences of ``text[start:end]``; a line break always ends one."""
    end = len(text) if end is None else end
    for line in re.finditer(r"[^\n]+", text[start:end]):
        ls, le = start + line.start(), start + line.end()
        yield from _split_line(text, ls, le)


def _split_line(text: str, ls: int, le: int) -> Iterator[tuple[int, int]]:
    cuts: list[tuple[int, int]] = []  # (end of one sentence, start of the next)
    for h in _HEADING.finditer(text, ls, le):
        cuts.append((h.start(), h.end()))
    for m in _END.finditer(text, ls, le):
        if m.end() >= le:
            continue
        head = _WORD_BEFORE.search(text, max(ls, m.start() - 30), m.start())
        word = head.group(1).lower().rstrip(".") if head else ""
        nxt = text[m.end():m.end() + 2]
        if m.group(0) == "." and (word in _ABBREV or (len(word) == 1 and word.isalpha())) and not (
                word in ("a.m", "p.m", "etc") and nxt[:1].isupper()):
            continue  # "Gen. Smith", "J. Smith"; but "at 4:30 p.m.The building" ends one
        nxt = text[m.end():m.end() + 2]
        glued = not nxt[:1].isspace()
        if glued and m.group(0).startswith(".") and word.replace(".", "").isdigit() and nxt[:1].isdigit():
            continue  # "3.5"
        if not glued:
            rest = text[m.end():le].lstrip()
            if rest[:1].islower():
                continue  # "... at 9 a.m. on Monday"
        cuts.append((m.end(), m.end()))
    cuts.sort()
    pos = ls
    for c_end, c_next in cuts:
        if c_end < pos:
            continue
        s, e = _trim(text, pos, c_end)
        if e - s > 1:
            yield s, e
        pos = c_next
    s, e = _trim(text, pos, le)
    if e - s > 1:
        yield s, e


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e
