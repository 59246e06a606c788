from __future__ import annotations

import pytest

from sitrep.casualties import combine, deaths, displacements, injuries, parse_number


@pytest.mark.parametrize("s,n", [
    ("12", 12), ("1,200", 1200), ("twenty-one", 21), ("dozens", 12), ("tens", 10), ("hundreds", 100),
    ("thousands", 1000), ("a dozen", 12), ("3 million", 3_000_000), ("several", 3), ("one", 1),
])
def test_parse_number(s, n):
    assert parse_number(s) == n


@pytest.mark.parametrize("text,dead,hurt", [
    ("In April 2017, a sarin attack struck the town, killing 92 and maiming more than 200 people.", [92], [200]),
    ("At least 12 people were killed and 30 wounded when a car bomb exploded.", [12], [30]),
    ("Between 10 and 15 people were killed in the raid.", [10], []),
    ("Gunmen killed 12 to 15 villagers.", [12], []),
    ("Dozens of civilians were killed.", [12], []),
    ("Two soldiers died and five others were injured.", [2], [5]),
    ("A policeman was killed.", [1], []),
    ("A suicide bomber killed at least 12 people at a market.", [12], []),
    ("Militants killed five soldiers on Monday.", [5], []),
    ("The death toll rose to 35 on Tuesday.", [35], []),
    ("In 2014, 300 people died.", [300], []),
    ("A 25-year-old man was shot dead.", [1], []),
    ("The Taliban killed more than 100 members of the security forces.", [100], []),
    ("Nobody was hurt in the attack on the convoy.", [], []),
])
def test_figures(text, dead, hurt):
    assert [f.value for f in deaths(text)] == dead
    assert [f.value for f in injuries(text)] == hurt


def test_years_are_not_counts():
    assert deaths("In 2019 killed in clashes") == []


def test_displaced():
    t = "relentless airstrikes led up to 500,000 people to flee their homes."
    assert [f.value for f in displacements(t)] == [500000]


def test_revised_toll_takes_latest_figure():
    figs = deaths("Officials said 10 people were killed.") + deaths("The death toll later rose to 25.", 100)
    assert combine(figs) == 25
    assert combine(deaths("Officials said 10 people were killed.")) == 10
    assert combine([]) is None


def test_both_sides_deaths_add_up_and_people_include_sides():
    figs = deaths("At least 17 Malian soldiers were killed.") + deaths("Around 30 militants were killed.", 50)
    assert combine(figs) == 47
    assert combine(deaths("At least 12 people were killed, including three soldiers.")) == 12
    assert [f.value for f in deaths("Two soldiers and three suspected NPA rebels were killed.")] == [5]
    assert [f.value for f in deaths("Two militants of the Lashkar-e-Taiba (LeT) were killed.")] == [2]
    assert deaths("leaving more than 100 people injured") == []


def test_quoted_number_words_are_read():
    from sitrep import casualties as cas

    assert [f.value for f in cas.deaths('A spokesman said "dozens" of soldiers had been killed.')] == [12]
    assert [f.value for f in cas.deaths("He said “12” people were killed.")] == [12]


def test_neutralised_is_killed_and_attackers_by_any_name_count():
    from sitrep import casualties as cas

    got = cas.deaths('The army said around 30 "terrorists" had been "neutralised" in the fighting.')
    assert [(f.value, f.side) for f in got] == [(30, "fighters")]
    assert [f.value for f in cas.deaths("Troops neutralised 12 bandits near Gusau.")] == [12]


def test_shot_and_killed_is_a_death_count():
    from sitrep import casualties as cas

    assert [f.value for f in cas.deaths("Two men were shot and killed in Gao on Saturday.")] == [2]


@pytest.mark.parametrize("text,total", [
    ("Local monitors reported three Hayat Tahrir al-Sham (HTS) fighters killed.", 3),
    ("He said at least 14 people, among them three soldiers, had died. All five attackers were killed, he said.", 19),
    ("ADF militants hacked to death 40 villagers with machetes.", 40),
    ("After a while, the device detonated accidentally, killing the three on the spot.", 3),
    # victims told by who they were, and those told with them
    ('The army said the attack was repelled, with five soldiers killed and "about 30 terrorists neutralised".', 35),
    ("Security sources reported 12 soldiers and VDP killed.", 12),
    ("The death toll of the 8 October attack on the Djibo detachment, reported in last week's brief as 25, "
     "has been revised to at least 40 soldiers.", 40),
])
def test_tolls_with_names_asides_and_bare_numbers(text, total):
    assert combine(deaths(text)) == total


def test_a_negation_between_voids_the_count():
    # "a fire but no casualties": the article "a" is no count of the dead
    assert combine(deaths("A drone hit an energy facility, causing a fire but no casualties.")) in (None, 0)
    assert combine(deaths("At least 12 people dead after the strike.")) == 12


@pytest.mark.parametrize("text", ["Gunmen killed Boko Haram fighters.", "The attack killed New York residents."])
def test_a_groups_name_is_no_named_victim(text):
    assert combine(deaths(text)) is None


@pytest.mark.parametrize("text, n", [
    ("Ventura, 51, founder and editor of the online news page Oriente Informa, was shot dead on Tuesday.", 1),
    ("A soldier was killed in the attack.", 1),
    ("No one was killed.", None),
    ("No civilian was killed in the blast.", 0),
    ("Krystle Campbell, 29, who was killed in the attack, was remembered on Monday.", None),
    # "killed or injured" counts no dead; "sent to hell" in a military release counts them
    ("According to the city head, three people were killed or injured.", None),
    ("Eight Indian-sponsored khwarij were sent to hell, the ISPR said.", 8),
])
def test_one_victim_told_by_a_singular_verb(text, n):
    assert combine(deaths(text)) == n
