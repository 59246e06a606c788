from __future__ import annotations

from sitrep.event_place import km, locative, places_compatible
from sitrep.model import Place
from sitrep.places import locate


def loc(text: str, name: str) -> bool:
    pl = locate(text)
    ends = {m.end for m in pl.mentions}
    (m,) = [m for m in pl.mentions if m.text == name]
    return locative(text, m, ends)


def test_names_used_as_places():
    assert loc("Gunmen attacked a village in Kaduna on Monday.", "Kaduna")
    assert loc("Government forces shelled Ariha in Idlib on Sunday.", "Ariha")
    assert loc("The Kabul bombing killed 12.", "Kabul")


def test_names_not_used_as_places():
    assert not loc("A senior official in the defence ministry in Kabul said the attack killed 12 in Ghazni.", "Kabul")
    assert not loc("Rebekah Gregory, a Texas woman who lost a leg, spoke.", "Texas")


def test_places_compatible():
    kabul = Place("Kabul", 34.528, 69.172, 1, "Afghanistan", "AFG", "Kabul")
    bagram = Place("Bagram", 34.95, 69.27, 1, "Afghanistan", "AFG", "Parwan")
    kabul_prov = Place("Kabul", 34.5, 69.2, 3, "Afghanistan", "AFG", "Kabul")
    country = Place("Afghanistan", 33.0, 65.0, 3, "Afghanistan", "AFG", None)
    assert 40 < km(kabul, bagram) < 60
    assert not places_compatible(kabul, bagram)
    assert places_compatible(kabul, kabul_prov)
    assert places_compatible(bagram, country)
    assert not places_compatible(bagram, kabul_prov)


def test_where_a_named_person_is_from_is_not_the_event_place():
    from sitrep.event_place import locative
    from sitrep.places import locate

    text = "When Keith Salomon of Delaware felt the explosion, he was having dinner nearby."
    ap = locate(text)
    ends = {m.end for m in ap.mentions}
    assert [m.text for m in ap.mentions if locative(text, m, ends)] == []
    text = "Fighting continued in the Democratic Republic of Congo on Monday."
    ap = locate(text)
    assert [m.text for m in ap.mentions if locative(text, m, {m.end for m in ap.mentions})] == ["Congo"]


def test_where_the_wounded_died_is_not_where_it_happened():
    from sitrep.event_place import locative

    text = "The toll rose to four on Monday after one of the wounded gunmen died at a hospital in Cotabato City."

    class M:  # a town mention of "Cotabato City"
        start = text.index("Cotabato")
        end = start + len("Cotabato City")
        kind = "town"
        rec = None
    assert not locative(text, M())
