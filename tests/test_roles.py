from __future__ import annotations

from sitrep.actors import get_actor_dictionary
from sitrep.events import classify, get_lexicon
from sitrep.nlp import get_nlp
from sitrep.roles import surface_roles, syntactic_roles
from sitrep.sentences import Sentence


def _setup(text: str):
    d, lex = get_actor_dictionary(), get_lexicon()
    sent = Sentence(0, len(text), text, 0)
    actors = d.find(text)
    typing = classify(text, lex.find(text), actors, lex)
    return sent, actors, typing


def by_text(actors, roles):
    return {a.text: roles.get(id(a)) for a in actors}


def test_surface_roles_speakers_and_victims():
    sent, actors, _ = _setup("Police said five soldiers were killed when gunmen attacked the convoy.")
    roles = by_text(actors, surface_roles(sent, actors))
    assert roles["Police"] == "other-subject"
    assert roles["soldiers"] == "patient"


def test_syntactic_roles_agent_of_the_trigger():
    text = "A Turkish drone struck a car near Qamishli, killing two members of the Syrian Democratic Forces."
    sent, actors, typing = _setup(text)
    doc = get_nlp(disable=("ner", "attribute_ruler", "lemmatizer"))(text)
    roles = by_text(actors, syntactic_roles(doc, sent, typing, actors))
    assert roles["Turkish drone"] == "agent"
    assert roles.get("Syrian Democratic Forces") != "agent"


def test_investigators_are_not_agents():
    text = "Police issued 17 arrest warrants following the bombing."
    sent, actors, typing = _setup(text)
    doc = get_nlp(disable=("ner", "attribute_ruler", "lemmatizer"))(text)
    roles = by_text(actors, syntactic_roles(doc, sent, typing, actors))
    assert roles["Police"] != "agent"
