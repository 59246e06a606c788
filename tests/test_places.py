"""Place mentions and per-event places, on the seed report and small cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.places import locate, resolve

SEED = Path(__file__).resolve().parents[2] / "shared" / "data" / "seed" / "000_ac7b9c183c30a6de.txt"


def near(p, lat, lon, tol=0.02):
    return p.latitude is not None and abs(p.latitude - lat) < tol and abs(p.longitude - lon) < tol


@pytest.fixture(scope="module")
def seed():
    if not SEED.exists():
        pytest.skip("shared seed report not available")
    text = SEED.read_text(encoding="utf-8")
    return text, locate(text, title="Rebels withdraw from key Syrian town as pro-Assad troops advance")


def mention(ap, text, nth=0):
    return [m for m in ap.mentions if m.text == text][nth]


def test_seed_places(seed):
    text, ap = seed
    assert ap.focus_iso3 == "SYR"
    k = mention(ap, "Khan Sheikhun")
    assert k.kind == "town" and k.place.iso3 == "SYR" and k.place.admin1 == "Idlib"
    assert near(k.place, 35.442, 36.651) and k.place.geo_precision == 1
    assert near(mention(ap, "Maaret al-Numan").place, 35.648, 36.677)
    assert mention(ap, "Istanbul").place.iso3 == "TUR"
    hama = mention(ap, "Hama").place
    assert hama.iso3 == "SYR"
    for c, iso in (("Iran", "IRN"), ("Russia", "RUS"), ("Turkey", "TUR")):
        m = mention(ap, c)
        assert m.kind == "country" and m.place.iso3 == iso
    texts = {m.text for m in ap.mentions}
    assert not any("Assad" in t or "Trump" in t or "Donald" in t for t in texts)


def test_seed_regions(seed):
    text, ap = seed
    i = text.index("southern Idlib")
    p = ap.for_span(i, i + len("southern Idlib"))
    assert p.geo_precision == 3 and p.admin1 == "Idlib" and p.iso3 == "SYR"
    i = text.index("Idlib province")
    assert ap.for_span(i, i + 14).geo_precision == 3
    i = text.index("Idlib city")
    p = ap.for_span(i, i + 10)
    assert p.geo_precision == 1 and p.geonameid is not None
    nw = [m for m in ap.mentions if m.kind == "region"]
    assert nw and nw[0].place.iso3 == "SYR"


def test_seed_for_span(seed):
    text, ap = seed
    s = text.index("Insurgent groups have withdrawn")
    e = text.index(".", s)
    assert ap.for_span(s, e).location == "Khan Shaykhun"
    s = text.index("Turkish authorities have been rounding up")
    e = text.index(".", s)
    assert ap.for_span(s, e).iso3 == "TUR"
    s = text.index("Donald Trump ordered")
    p = ap.for_span(s, s + 40)  # no place in the sentence: nearest context, never invented
    assert p.iso3 == "SYR"


def test_persons_and_person_tagged_towns():
    from sitrep.nlp import get_nlp

    text = ("Syrian government forces shelled Khan Sheikhun on Monday, said Bashar al-Assad's office. "
            "Donald Trump condemned the attack in Idlib province.")
    doc = get_nlp()(text)
    ap = locate(text, doc=doc)
    texts = [m.text for m in ap.mentions]
    assert "Khan Sheikhun" in texts
    assert not any("Assad" in t or "Trump" in t for t in texts)


def test_disambiguation_by_focus():
    assert resolve("Hama").iso3 == "SYR"
    assert resolve("Turkey").iso3 == "TUR"
    assert resolve("Jordan").iso3 == "JOR"
    ap = locate("Gunmen attacked a village near Maiduguri in Borno state, Nigeria, on Sunday.")
    m = {x.text: x for x in ap.mentions}
    assert ap.focus_iso3 == "NGA"
    assert m["Maiduguri"].place.geo_precision == 2 and m["Maiduguri"].place.iso3 == "NGA"
    assert m["Borno"].kind == "admin1"


def test_relative_places_and_dateline():
    text = ("NAIROBI (Reuters) - Al Shabaab fighters attacked a base 20km north of Mogadishu, Somalia's "
            "capital, killing four soldiers.")
    ap = locate(text)
    s = text.index("Al Shabaab")
    p = ap.for_span(s, len(text))
    assert p.location == "Mogadishu" and p.geo_precision == 2 and p.iso3 == "SOM"
    assert any(m.dateline for m in ap.mentions)


def test_transliterations_resolve_to_one_place():
    for names in (["Khan Sheikhun", "Khan Shaykhun", "Khan Shaykhoun"],
                  ["Maaret al-Numan", "Ma'arrat al-Nu'man", "Maarat al-Nouman"],
                  ["Idleb", "Idlib"], ["Hama", "Hamah"], ["Deir ez-Zor", "Dayr az Zawr"]):
        ids = {resolve(n, "SYR").geonameid for n in names}
        assert len(ids) == 1, names


def test_nothing_resolves():
    ap = locate("The talks ended without agreement.")
    assert ap.mentions == [] and ap.for_span(0, 10).latitude is None


def test_supplementary_and_districts():
    ap = locate("A suicide bomber struck the gate of Bagram Airfield in Parwan province, Afghanistan.")
    m = [m for m in ap.mentions if "Bagram" in m.text][0]
    assert m.place.iso3 == "AFG" and near(m.place, 34.946, 69.265, 0.05)
    ap = locate("The bomb exploded in a pub in Caterham, Surrey, England, injuring 33 people.")
    assert [m for m in ap.mentions if m.text == "Surrey"][0].place.iso3 == "GBR"


def test_us_state_abbreviations_and_focus():
    ap = locate("He rented the truck in Junction City, Kan., and showed a licence from Redfield, S.D.")
    kinds = {m.text: (m.kind, m.place.iso3) for m in ap.mentions}
    assert kinds["Kan."] == ("admin1", "USA") and kinds["S.D."] == ("admin1", "USA")
    text = ("Conway said the IRA men made it back to Dublin after the Birmingham pub bombings. "
            "Elliott, Adams and Martin spoke in Belfast, Northern Ireland, and in England.")
    ap = locate(text)
    assert ap.focus_iso3 == "GBR"
    assert [m for m in ap.mentions if m.text == "Dublin"][0].place.iso3 == "IRL"


def test_container_prefers_places_inside():
    ap = locate("Government forces shelled Maaret al-Numan in Idlib, Syria, on Monday.")
    m = [m for m in ap.mentions if m.text == "Maaret al-Numan"][0]
    assert near(m.place, 35.648, 36.677)


import pytest  # noqa: E402


@pytest.mark.parametrize("text,dateline,event_place", [
    ("DHAKA, July 17 (Reuters) - Two students were killed in the northern city of Rangpur.", "Dhaka", "Rangpur"),
    ("MOGADISHU, Somalia (AP) — Gunmen attacked a hotel in Kismayo.", "Mogadishu", "Kismayo"),
    ("Bamako (AFP) Oct 13, 2020 - Gunmen attacked Gao.", "Bamako", "Gao"),
    ("PESHAWAR: Three policemen were killed in Bannu.", "Peshawar", "Bannu"),
])
def test_datelines_are_not_event_places(text, dateline, event_place):
    from sitrep.places import locate

    pl = locate(text)
    assert any(m.dateline and m.place.location == dateline for m in pl.mentions)
    assert pl.for_span(0, len(text)).location == event_place


def test_ezafe_names_and_foreign_lookalikes():
    from sitrep.places import locate

    pl = locate("A suicide bomber struck a mosque in the northern Afghan city of Mazar-i-Sharif.")
    assert [m.place.location for m in pl.mentions if m.kind == "town"] == ["Mazar-e Sharif"]
    pl = locate("The convoy was hit on the road between Douentza and Boni in central Mali.")
    assert all(m.place.iso3 == "MLI" for m in pl.mentions)


def test_arabic_final_h_is_optional():
    from sitrep.places import locate

    t = "Militants attacked an army post in the Hawija area west of Kirkuk on Tuesday."
    assert locate(t).for_span(0, len(t)).location == "Al Hawijah"


def _places(text: str) -> list[tuple[str, str, str | None]]:
    return [(m.text, m.kind, m.place.location) for m in locate(text).mentions]


def test_country_names_with_and_and_lists_joined_by_and():
    assert _places("Elections in Bosnia and Herzegovina.")[0][2] == "Bosnia and Herzegovina"
    assert locate("Unrest in Bosnia-Herzegovina.").mentions[0].place.iso3 == "BIH"
    assert [p[2] for p in _places("Air strikes hit Aleppo and Idlib.")] == ["Aleppo", "Idlib"]


def test_common_english_names_of_first_level_divisions():
    for text, want in (("Drone strikes hit villages in Oromia.", ("Oromia", "admin1", "ETH")),
                       ("Fighting spread across Karen State.", ("Karen State", "admin1", "MMR")),
                       ("Boko Haram attacked a post in the Extreme North.", ("Extreme North", "admin1", "CMR"))):
        assert [(m.text, m.kind, m.place.iso3) for m in locate(text).mentions] == [want]


def test_a_direction_of_a_country_is_placed_that_way():
    whole = locate("Soldiers were killed in Cameroon.").mentions[0].place
    north = locate("Soldiers were killed in north Cameroon.").mentions[0].place
    south = locate("Soldiers were killed in southern Cameroon.").mentions[0].place
    assert north.geo_precision == south.geo_precision == 3
    assert north.latitude > whole.latitude + 3 and south.latitude < whole.latitude
    assert north.geonameid is None  # no longer the country's own point


def test_quarters_of_a_town_take_the_town():
    ap = locate("Bab-Sinjar neighbourhood, Old Mosul, Nineveh province, Iraq")
    assert ap.for_span(0, 60).location == "Mosul"
    ap = locate("Two men are killed in the Mariano Escobedo in Morelia")
    assert {m.place.location for m in ap.mentions} == {"Morelia"}


def test_a_great_city_beats_a_small_namesake_in_a_state_the_report_names():
    ap = locate("A bomb exploded in Manhattan, New York, on Saturday. Pressure cookers were used in the two bombs "
                "detonated at the Boston Marathon in 2013.")
    boston = [m for m in ap.mentions if m.text == "Boston"]
    assert boston and boston[0].place.admin1 == "Massachusetts"


def test_a_street_is_not_the_town_it_is_named_after():
    from sitrep.event_place import locative

    for text in ("At Oxford St, the busiest bus station in Belfast, six people were killed.",
                 "A bomb went off on Oxford St. in Belfast."):
        oxford = [m for m in locate(text).mentions if m.text == "Oxford"]
        assert len(oxford) == 1 and not locative(text, oxford[0])


def test_over_a_bundle_of_headlines_the_town_named_most_is_the_place():
    text = ("Aleppo: strikes on Manbij;Air strikes kill 12 in Manbij;Manbij residents flee after air raids")
    assert locate(text).for_span(0, len(text)).location == "Manbij"


def test_a_race_named_after_its_city_is_no_second_place():
    assert [m.place.location for m in locate("Two bombs exploded at the Boston Marathon.").mentions] == ["Boston"]


def test_central_great_city_is_the_city_central_province_is_the_province():
    assert _places("Thousands marched in central Lima on Thursday.") == [("Lima", "town", "Lima")]
    assert _places("Air strikes hit central Idlib.")[0][1] == "admin1"


def test_a_town_beats_the_district_of_its_name_in_a_state_the_report_names():
    text = ("A candidate was shot dead in Michoacan on Tuesday. In nearby Aguililla, residents said drones "
            "dropped explosives on several homes.")
    agu = [m for m in locate(text).mentions if m.text == "Aguililla"]
    assert agu and (agu[0].kind, agu[0].place.geo_precision) == ("town", 1)


def test_continents_and_world_regions_are_no_place_in_one_country():
    for text in ("Protests spread across South America.", "Attacks in West Africa and the Middle East.",
                 "Migrants crossed from North Africa to Europe."):
        assert locate(text).mentions == [], text


def test_a_demonym_says_who_acts_not_where():
    for text, town, iso in (("An Israeli air strike on a school in Gaza City killed 15 people.", "Gaza", "PSE"),
                            ("Israeli troops raided Jenin before dawn.", "Janin", "PSE"),
                            ("Turkish drones hit Qamishli on Monday.", "Al Qamishli", "SYR")):
        ap = locate(text)
        assert [(m.place.location, m.place.iso3) for m in ap.mentions] == [(town, iso)], text
        assert ap.focus_iso3 == iso


def test_french_connectors_keep_a_hyphenated_name_whole():
    ap = locate("Gang members killed at least 20 people in the Cite Soleil neighbourhood of Port-au-Prince on Sunday.")
    assert [m.text for m in ap.mentions if m.kind == "town"] == ["Port-au-Prince"]
    assert ap.for_span(0, 60).location == "Port-au-Prince"


def test_a_surname_alone_is_still_the_person():
    text = ("The witness was questioned by defense attorney Edward Hayden on Monday in Boston.\n\n"
            "Hayden asked whether the defendant had known of the plan.")
    ap = locate(text)
    assert "Hayden" not in [m.text for m in ap.mentions]


def test_by_before_a_country_is_no_byline():
    ap = locate("Their presence has been used as a pretext by Russia and Syria to recapture it.")
    assert [m.text for m in ap.mentions] == ["Russia", "Syria"]


def test_a_namesake_far_from_the_town_it_is_said_to_be_near():
    text = "The strikes hit a farm in Sahar district, near the city of Saada, killing two civilians."
    ap = locate(text)
    sahar = [m for m in ap.mentions if m.text == "Sahar"]
    assert sahar and sahar[0].place.location == "Sa'dah" and sahar[0].place.geo_precision == 2


def test_a_capitalised_near_opening_a_bullet_is_no_part_of_the_name():
    text = "NIGER\n- Near Tera (Tillaberi region), 16 October: ISSP fighters attacked an army position."
    ap = locate(text)
    assert [(m.text, m.place.iso3) for m in ap.mentions if m.kind == "town"] == [("Tera", "NER")]


def test_the_town_of_x_is_no_foreign_city():
    # "the village of Lyon" in a Burkina Faso report is no French city the report never names.
    text = ("OUAGADOUGOU, Burkina Faso - Gunmen killed 12 people in Burkina Faso's north on Monday. The attackers "
            "stormed the village of Lyon before dawn.")
    ap = locate(text)
    assert all(m.place.iso3 == "BFA" for m in ap.mentions)


def test_a_section_header_gives_its_country_to_the_paragraphs_below():
    text = ("AFRICA SECURITY WRAP\n\nBURUNDI\n\nBUJUMBURA - Gunmen killed two traders in Bujumbura on Friday. In "
            "Gitega, police arrested four activists.\n\nCHAD\n\nPolice fired tear gas on Monday to disperse several "
            "hundred supporters of the opposition.")
    ap = locate(text)
    assert ap.for_span(text.index("Police fired"), len(text)).iso3 == "TCD"


def test_a_neighbour_named_by_a_border_is_not_where_it_happened():
    text = "Fighting raged around Goma. Rebels seized Bunagana on the border with Uganda in 2022."
    ap = locate(text)
    i = text.index("Rebels")
    assert ap.for_span(i, len(text)).location == "Goma"
