from __future__ import annotations

import pytest

from sitrep.actors import get_actor_dictionary


def names(text: str, iso3: str = "SYR") -> list[tuple[str, int]]:
    d = get_actor_dictionary()
    out = []
    for m in d.find(text):
        a = m.resolve(iso3, d.countries)
        out.append((a.name, a.inter))
    return out


@pytest.mark.parametrize("text,expected", [
    ("pro-Assad troops advanced", ("Military Forces of Syria", 1)),
    ("regime forces shelled the town", ("Military Forces of Syria", 1)),
    ("the Syrian army said", ("Military Forces of Syria", 1)),
    ("Syria's army said", ("Military Forces of Syria", 1)),
    ("HTS said", ("Hayat Tahrir al-Sham", 2)),
    ("Hay'at Tahrir al-Sham fighters", ("Hayat Tahrir al-Sham", 2)),
    ("Tahrir al-Sham said", ("Hayat Tahrir al-Sham", 2)),
    ("Daesh militants", ("Islamic State (Syria)", 2)),
    ("ISIL claimed it", ("Islamic State (Syria)", 2)),
    ("a convoy of Turkish military vehicles", ("Military Forces of Turkey", 8)),
    ("Turkish authorities detained them", ("Police Forces of Turkey", 8)),
])
def test_aliases_normalise(text, expected):
    assert expected in names(text)


@pytest.mark.parametrize("alias,name", [
    ("Al-Shabaab", "Al Shabaab"), ("Boko Haram", "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad"),
    ("ISWAP", "Islamic State West Africa Province"), ("JNIM", "JNIM: Group for Support of Islam and Muslims"),
    ("the Taliban", "Taliban"), ("the Houthis", "Houthi Movement (Ansar Allah)"), ("Ansar Allah", "Houthi Movement (Ansar Allah)"),
    ("the RSF", "RSF - Rapid Support Forces"), ("M23 rebels", "M23 - March 23 Movement"),
    ("the ADF", "ADF - Allied Democratic Forces"), ("the ELN", "ELN - National Liberation Army"),
    ("FARC dissidents", "FARC Dissidents"), ("the SDF", "SDF - Syrian Democratic Forces"),
    ("the YPG", "YPG - People's Protection Units"), ("the PKK", "PKK - Kurdistan Workers' Party"),
    ("Hamas", "Hamas Movement"), ("Hezbollah", "Hezbollah"), ("Wagner mercenaries", "Wagner Group"),
    ("Africa Corps", "Africa Corps"), ("ISKP", "Islamic State (Afghanistan)"),
])
def test_required_groups(alias, name):
    assert name in [n for n, _ in names(f"Reports said {alias} were involved.")]


def test_generic_actors_of_a_country():
    got = dict(names("Police fired on protesters; rioters burned cars; civilians fled; gunmen escaped.", "KEN"))
    assert got["Police Forces of Kenya"] == 1
    assert got["Protesters (Kenya)"] == 6
    assert got["Rioters (Kenya)"] == 5
    assert got["Civilians (Kenya)"] == 7
    assert got["Unidentified Armed Group (Kenya)"] == 3


def test_boko_haram_is_not_iswap():
    got = [n for n, _ in names("Boko Haram and ISWAP fighters clashed.", "NGA")]
    assert "Islamic State West Africa Province" in got
    assert "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad" in got


def test_user_dictionary_extends(tmp_path, monkeypatch):
    from sitrep import actors

    extra = tmp_path / "mine.yaml"
    extra.write_text("groups:\n  - name: Zama Brigade\n    inter: 3\n    aliases: [Zama Brigade, Zama fighters]\n"
                     "generic: []\n", encoding="utf-8")
    monkeypatch.setenv("SITREP_ACTORS", str(extra))
    actors.get_actor_dictionary.cache_clear()
    try:
        assert ("Zama Brigade", 3) in names("Zama fighters attacked.")
    finally:
        actors.get_actor_dictionary.cache_clear()


@pytest.mark.parametrize("text,name", [
    ("Fighters of a Nyatura Kasongo armed group raped women.", "Nyatura Kasongo Armed Group"),
    ("Members of the Kraze Baryè gang coalition raided the town.", "Kraze Baryè Gang Coalition"),
    ("Dawlah Islamiyah militants planted the device.", "Dawlah Islamiyah"),
])
def test_unknown_groups_keep_the_name_the_text_gives(text, name):
    assert name in [n for n, _ in names(text, "COD")]


def test_descriptions_are_not_names():
    got = [n for n, _ in names("Syrian rebels and Islamist militants attacked.")]
    assert got and all(n.startswith("Unidentified Armed Group") for n in got)


def test_a_longer_proper_name_is_another_group():
    from sitrep.actors import get_actor_dictionary

    d = get_actor_dictionary()
    got = [(a.text, a.template) for a in d.find("the Arakan Rohingya National Liberation Army seized the town")]
    assert got[0] == ("Arakan Rohingya National Liberation Army", "Arakan Rohingya National Liberation Army")
    got = [a.template for a in d.find("On Monday National Liberation Army rebels attacked a base in Arauca")]
    assert got[0] == "ELN - National Liberation Army"
    assert [a.template for a in d.find("Suspected Boko Haram fighters attacked")][0].startswith("Boko Haram")


def test_rebels_from_a_named_group_are_that_group():
    from sitrep.actors import get_actor_dictionary

    got = [a.template for a in get_actor_dictionary().find(
        "On Thursday, rebels from the National Liberation Army (ELN) ambushed an army patrol")]
    assert got[0] == "ELN - National Liberation Army"


def test_country_names_that_take_an_article_after_of():
    from sitrep.actors import fill_country, load_countries

    c = load_countries()
    assert fill_country("Military Forces of {country}", "GBR", c) == "Military Forces of the United Kingdom"
    assert fill_country("Civilians ({country})", "GBR", c) == "Civilians (United Kingdom)"
    assert fill_country("Military Forces of {country}", "SYR", c) == "Military Forces of Syria"
    assert fill_country("Unidentified Armed Group ({country})", None, c) == "Unidentified Armed Group"


@pytest.mark.parametrize("text, name", [
    ("attacked a barracks of the South Sudan People's Defence Forces (SSPDF)", "Military Forces of {country}"),
    ("Fighters of the Union for Peace in the Central African Republic (UPC) attacked", "UPC"),
    ("3R rebels clashed with troops", "3R - Return, Reclamation, Rehabilitation"),
    ("the Ta'ang National Liberation Army (TNLA) seized the town", "TNLA"),
    ("Maoists killed two police officers", "Communist Party of India (Maoist)"),
    ("members of the Los Lobos gang attacked", "Los Lobos"),
])
def test_regional_groups(text, name):
    found = get_actor_dictionary().find(text)
    assert any(name in m.template for m in found), [(m.text, m.template) for m in found]
    assert len({m.template for m in found}) == len(found)  # "(SSPDF)" restates, adds no actor


def test_aliases_are_no_common_words():
    # A YAML flow list splits on commas: "Return, Reclamation, ..." must be quoted, or "return" is a group.
    for text in ["They began to return home on Monday.", "The national salvation of the economy."]:
        assert get_actor_dictionary().find(text) == []


@pytest.mark.parametrize("text, iso3, expected", [
    ("Fighting between SAF and the RSF", "SDN", ("Military Forces of Sudan", 1)),
    ("FAMa said the attack was repelled", "MLI", ("Military Forces of Mali", 1)),
    ("a CRPF bunker was hit", "IND", ("Police Forces of India", 1)),
    ("Israel Defense Forces struck Rafah", "PSE", ("Military Forces of Israel", 8)),
])
def test_a_states_own_force_names_are_the_state(text, iso3, expected):
    # Named in the dictionary as a country's force: the state (abroad, an external force, inter 8).
    d = get_actor_dictionary()
    (m,) = [m for m in d.find(text) if m.inter == 1]
    assert m.kind in ("state", "police")
    a = m.resolve(iso3, d.countries)
    assert (a.name, a.inter) == expected


@pytest.mark.parametrize("text, name", [
    ("AA fighters attacked army positions near Sittwe.", "Arakan Army"),
    ("Fighters of the Nuer White Army attacked SSPDF positions.", "Nuer Ethnic Militia (South Sudan)"),
    ("PJAK said its fighters ambushed a patrol.", "PJAK - Party of Free Life of Kurdistan"),
    ("Elements of the Azande Ani Kpi Gbe (AAKG) attacked Zemio.", "Azande Ani Kpi Gbe"),
    ("Los Chapitos gunmen killed two men in Culiacan.", "Sinaloa Cartel: Los Chapitos"),
    ("IS Sahel fighters attacked an army post near Ayorou.", "Islamic State Sahel Province"),
])
def test_more_groups_by_their_names_and_acronyms(text, name):
    assert name in [a.template for a in get_actor_dictionary().find(text)]
