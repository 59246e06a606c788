from __future__ import annotations

import datetime as dt

import pytest

from sitrep.model import EventDate
from sitrep.timex import date_for_sentence, resolve_times

D = dt.date
TUE = D(2019, 8, 20)  # Tuesday (the seed's publication day)
SAT = D(2020, 3, 14)  # Saturday
MON = D(2021, 5, 3)  # Monday
JAN = D(2020, 1, 2)  # Thursday, early January (year boundaries)

# (sentence, publication date, event_date, precision, date_start, date_end); None = same as event_date
CASES: list[tuple[str, dt.date, dt.date, int, dt.date | None, dt.date | None]] = [
    # --- weekdays relative to a Tuesday: every relation, same day when published on it ---
    ("Gunmen attacked the village on Monday.", TUE, D(2019, 8, 19), 1, None, None),
    ("An HTS statement on Tuesday said the group withdrew.", TUE, TUE, 1, None, None),
    ("Troops shelled the town on Wednesday.", TUE, D(2019, 8, 14), 1, None, None),
    ("Clashes erupted on Thursday.", TUE, D(2019, 8, 15), 1, None, None),
    ("A bomb exploded on Friday.", TUE, D(2019, 8, 16), 1, None, None),
    ("Protesters gathered on Saturday.", TUE, D(2019, 8, 17), 1, None, None),
    ("Police fired tear gas on Sunday.", TUE, D(2019, 8, 18), 1, None, None),
    # relative to a Saturday
    ("Rebels ambushed a convoy on Saturday.", SAT, SAT, 1, None, None),
    ("Rebels ambushed a convoy on Friday.", SAT, D(2020, 3, 13), 1, None, None),
    ("Rebels ambushed a convoy on Sunday.", SAT, D(2020, 3, 8), 1, None, None),
    ("Rebels ambushed a convoy on Monday.", SAT, D(2020, 3, 9), 1, None, None),
    ("Rebels ambushed a convoy on Tuesday.", SAT, D(2020, 3, 10), 1, None, None),
    ("Rebels ambushed a convoy on Wednesday.", SAT, D(2020, 3, 11), 1, None, None),
    ("Rebels ambushed a convoy on Thursday.", SAT, D(2020, 3, 12), 1, None, None),
    # relative to a Monday
    ("The army said on Monday it had retaken the town.", MON, MON, 1, None, None),
    ("Militants stormed a base on Sunday.", MON, D(2021, 5, 2), 1, None, None),
    ("Militants stormed a base on Tuesday.", MON, D(2021, 4, 27), 1, None, None),
    ("Militants stormed a base last Monday.", MON, D(2021, 4, 26), 1, None, None),
    ("Militants stormed a base last Friday.", MON, D(2021, 4, 30), 1, None, None),
    ("Talks will resume next Monday.", MON, D(2021, 5, 10), 1, None, None),
    # parts of days
    ("Fighting broke out early on Monday.", TUE, D(2019, 8, 19), 1, None, None),
    ("Fighting broke out late on Sunday.", TUE, D(2019, 8, 18), 1, None, None),
    ("Shelling hit the market on Saturday night.", TUE, D(2019, 8, 17), 1, D(2019, 8, 17), D(2019, 8, 18)),
    ("The raid began on Tuesday morning.", TUE, TUE, 1, None, None),
    ("A drone struck on Friday evening.", TUE, D(2019, 8, 16), 1, None, None),
    ("Officials said Monday's attack killed five.", TUE, D(2019, 8, 19), 1, None, None),
    ("Earlier on Tuesday, troops entered the town.", TUE, TUE, 1, None, None),
    # relative days
    ("Two soldiers were killed yesterday.", TUE, D(2019, 8, 19), 1, None, None),
    ("Two soldiers were killed yesterday morning.", TUE, D(2019, 8, 19), 1, None, None),
    ("The town was shelled today.", TUE, TUE, 1, None, None),
    ("The town was shelled this morning.", TUE, TUE, 1, None, None),
    ("Protests are planned tonight.", TUE, TUE, 1, None, None),
    ("Airstrikes hit the city overnight.", TUE, TUE, 1, D(2019, 8, 19), TUE),
    ("Airstrikes hit the city last night.", TUE, D(2019, 8, 19), 1, D(2019, 8, 19), TUE),
    ("Airstrikes hit the city late last night.", D(2019, 8, 21), TUE, 1, TUE, D(2019, 8, 21)),
    ("Four people died the day before yesterday.", TUE, D(2019, 8, 18), 1, None, None),
    ("The attack took place two days ago.", TUE, D(2019, 8, 18), 1, None, None),
    ("The attack took place 3 days ago.", TUE, D(2019, 8, 17), 1, None, None),
    ("The attack took place a day ago.", TUE, D(2019, 8, 19), 1, None, None),
    ("The village was burned a week ago.", TUE, D(2019, 8, 13), 2, D(2019, 8, 10), D(2019, 8, 16)),
    ("The village was burned two weeks ago.", TUE, D(2019, 8, 6), 2, D(2019, 8, 3), D(2019, 8, 9)),
    ("The village was burned a few days ago.", TUE, D(2019, 8, 17), 2, D(2019, 8, 15), D(2019, 8, 19)),
    ("The village was burned a month ago.", TUE, D(2019, 7, 21), 3, D(2019, 7, 6), D(2019, 8, 5)),
    # weeks, weekends
    ("Fighting intensified last week.", TUE, D(2019, 8, 15), 2, D(2019, 8, 12), D(2019, 8, 18)),
    ("Fighting intensified earlier this week.", TUE, D(2019, 8, 19), 2, D(2019, 8, 19), TUE),
    ("Fighting intensified this week.", D(2019, 8, 23), D(2019, 8, 21), 2, D(2019, 8, 19), D(2019, 8, 23)),
    ("Fighting intensified over the past week.", TUE, D(2019, 8, 16), 2, D(2019, 8, 13), TUE),
    ("Clashes erupted over the weekend.", TUE, D(2019, 8, 17), 2, D(2019, 8, 17), D(2019, 8, 18)),
    ("Clashes erupted last weekend.", TUE, D(2019, 8, 17), 2, D(2019, 8, 17), D(2019, 8, 18)),
    ("In recent days hundreds of civilians fled.", TUE, D(2019, 8, 17), 2, D(2019, 8, 14), TUE),
    ("Over the past few days the army advanced.", TUE, D(2019, 8, 17), 2, D(2019, 8, 14), TUE),
    ("In recent weeks the army advanced.", TUE, D(2019, 8, 6), 3, D(2019, 7, 23), TUE),
    # months and parts of months
    ("Fighting intensified earlier this month.", TUE, D(2019, 8, 10), 3, D(2019, 8, 1), TUE),
    ("Fighting intensified earlier this month.", D(2019, 8, 5), D(2019, 8, 3), 2, D(2019, 8, 1), D(2019, 8, 5)),
    ("Fighting intensified last month.", TUE, D(2019, 7, 16), 3, D(2019, 7, 1), D(2019, 7, 31)),
    ("Fighting intensified last month.", JAN, D(2019, 12, 16), 3, D(2019, 12, 1), D(2019, 12, 31)),
    ("The campaign was launched in late April.", TUE, D(2019, 4, 25), 3, D(2019, 4, 21), D(2019, 4, 30)),
    ("The offensive began in mid-March.", TUE, D(2019, 3, 15), 3, D(2019, 3, 11), D(2019, 3, 20)),
    ("The offensive began in early June.", TUE, D(2019, 6, 5), 3, D(2019, 6, 1), D(2019, 6, 10)),
    ("The offensive began at the end of May.", TUE, D(2019, 5, 26), 3, D(2019, 5, 21), D(2019, 5, 31)),
    ("The offensive began in late December.", JAN, D(2019, 12, 26), 3, D(2019, 12, 21), D(2019, 12, 31)),
    ("The offensive began in April.", TUE, D(2019, 4, 15), 3, D(2019, 4, 1), D(2019, 4, 30)),
    ("The offensive began in August.", TUE, D(2019, 8, 10), 3, D(2019, 8, 1), TUE),
    ("The offensive began in September.", TUE, D(2018, 9, 15), 3, D(2018, 9, 1), D(2018, 9, 30)),
    ("The offensive began during the first week of May.", TUE, D(2019, 5, 4), 2, D(2019, 5, 1), D(2019, 5, 7)),
    ("In April 2017, a sarin attack struck the town, killing 92.", TUE, D(2017, 4, 15), 3, D(2017, 4, 1),
     D(2017, 4, 30)),
    ("Shelling resumed in February 2016.", TUE, D(2016, 2, 15), 3, D(2016, 2, 1), D(2016, 2, 29)),
    ("Shelling resumed in late February 2016.", TUE, D(2016, 2, 25), 3, D(2016, 2, 21), D(2016, 2, 29)),
    # explicit days
    ("The attack took place on May 5.", TUE, D(2019, 5, 5), 1, None, None),
    ("The attack took place on 5 May.", TUE, D(2019, 5, 5), 1, None, None),
    ("The attack took place on the 5th of May.", TUE, D(2019, 5, 5), 1, None, None),
    ("The attack took place on December 30.", JAN, D(2019, 12, 30), 1, None, None),
    ("The attack took place on 20 August.", TUE, TUE, 1, None, None),
    ("The attack took place on 21 August.", TUE, D(2018, 8, 21), 1, None, None),
    ("The attack took place on May 5, 2017.", TUE, D(2017, 5, 5), 1, None, None),
    ("The attack took place on 5 May 2017.", TUE, D(2017, 5, 5), 1, None, None),
    ("The attack took place on Friday, 5 May 2017.", TUE, D(2017, 5, 5), 1, None, None),
    ("The attack took place on Oct. 13, 2020.", TUE, D(2020, 10, 13), 1, None, None),
    ("More than 250 Syrians were killed today (Thursday 19/7/2012)", D(2012, 7, 19), D(2012, 7, 19), 1, None,
     None),
    ("VDC report 2014-05-13 on the bombing", D(2014, 5, 14), D(2014, 5, 13), 1, None, None),
    ("More than 210 Syrians were killed yesterday, Wednesday October 25, 2012", D(2012, 10, 25),
     D(2012, 10, 24), 1, None, None),
    # ranges
    ("Clashes took place between 1 and 3 May.", TUE, D(2019, 5, 2), 2, D(2019, 5, 1), D(2019, 5, 3)),
    ("Clashes took place on 1-3 May 2018.", TUE, D(2018, 5, 2), 2, D(2018, 5, 1), D(2018, 5, 3)),
    ("Clashes took place from May 10 to 20.", TUE, D(2019, 5, 15), 3, D(2019, 5, 10), D(2019, 5, 20)),
    ("Clashes took place between Monday and Wednesday.", D(2019, 8, 23), D(2019, 8, 20), 2, D(2019, 8, 19),
     D(2019, 8, 21)),
    ("Clashes took place from 3 May to 5 May.", TUE, D(2019, 5, 4), 2, D(2019, 5, 3), D(2019, 5, 5)),
    # since ...
    ("Fighting has raged since late April.", TUE, D(2019, 6, 20), 3, D(2019, 4, 21), TUE),
    ("Fighting has raged since Sunday.", TUE, D(2019, 8, 19), 2, D(2019, 8, 18), TUE),
    ("Fighting has raged since 2011.", TUE, D(2015, 4, 26), 3, D(2011, 1, 1), TUE),
    # years
    ("Idlib rose up during the Arab revolts of 2011.", TUE, D(2011, 7, 2), 3, D(2011, 1, 1), D(2011, 12, 31)),
    ("The group was founded in 2012.", TUE, D(2012, 7, 1), 3, D(2012, 1, 1), D(2012, 12, 31)),
    ("The town fell in early 2016.", TUE, D(2016, 3, 1), 3, D(2016, 1, 1), D(2016, 4, 30)),
    ("The town fell in late 2016.", TUE, D(2016, 10, 31), 3, D(2016, 9, 1), D(2016, 12, 31)),
    ("The town fell last year.", TUE, D(2018, 7, 2), 3, D(2018, 1, 1), D(2018, 12, 31)),
    ("The town fell earlier this year.", TUE, D(2019, 4, 26), 3, D(2019, 1, 1), TUE),
    # anaphora
    ("Rebels attacked on 5 May 2019. The army retaliated the following day.", TUE, D(2019, 5, 6), 1, None, None),
    # no expression: the publication day (news convention)
    ("Insurgent groups have withdrawn from Khan Sheikhun.", TUE, TUE, 1, None, None),
]


@pytest.mark.parametrize("sentence,pub,date,precision,start,end", CASES)
def test_expression(sentence, pub, date, precision, start, end):
    times = resolve_times(sentence, pub)
    got = times.for_span(0, len(sentence)) if "following day" not in sentence else times.mentions[-1].date
    want = EventDate(date, precision, start or date, end or date)
    assert got == want, (sentence, [m.text for m in times.mentions])


def test_table_is_large():
    assert len(CASES) >= 80
    precisions = {c[3] for c in CASES}
    assert precisions == {1, 2, 3}


@pytest.mark.parametrize("sentence", [
    "A sarin attack struck the centre of the town, killing 92](#) and maiming 200.",
    "Fighters killed 92 people near the border.",
    "It led up to 500,000 people to flee their homes.",
    "About 2000 people fled the town.",
    "Some 1,998 households were displaced.",
    "The UN said 2015 civilians had been killed.",
    "Residents may march to the capital.",
    "Theresa may act.",
])
def test_not_dates(sentence):
    assert resolve_times(sentence, TUE).mentions == []


def test_markup_number_is_not_a_year():
    text = "In April 2017, a [sarin attack struck the centre of the town, killing 92](#) and maiming 200."
    times = resolve_times(text, TUE)
    assert [m.text for m in times.mentions] == ["April 2017"]


def test_no_publication_date():
    # relative expressions without any anchor are dropped; for_span returns None
    t = resolve_times("Gunmen attacked the village on Monday.", None)
    assert t.mentions == [] and t.for_span(0, 10) is None
    # absolute dates still resolve at their own precision
    assert date_for_sentence("The attack took place on 5 May 2017.", None) == EventDate.day(D(2017, 5, 5))
    # relative ones, anchored on the text's own latest absolute date, are coarse
    text = "On 5 May 2017 the UN met. Gunmen attacked the village on Wednesday."
    t = resolve_times(text, None)
    e = t.for_span(text.index("Gunmen"), len(text))
    assert e.precision == 3 and e.date == D(2017, 5, 3)


def test_seed_expectations():
    text = open_seed()
    pub = D(2019, 8, 20)
    t = resolve_times(text, pub)

    def sent(fragment: str):
        s = text.index(fragment)
        e = text.index(".", s) + 1
        return t.for_span(s, e)

    assert sent("Insurgent groups have withdrawn") == EventDate.day(pub)
    assert sent("According to an HTS statement") == EventDate.day(pub)
    assert sent("In April 2017") == EventDate(D(2017, 4, 15), 3, D(2017, 4, 1), D(2017, 4, 30))
    assert sent("Donald Trump ordered").date.strftime("%Y-%m") == "2017-04"
    assert sent("Khan Sheikhun has been a key target").date.strftime("%Y-%m") == "2019-04"
    assert sent("In recent days hundreds").precision == 2
    assert sent("Idlib has become the last redoubt").date.year == 2011
    assert sent("Turkey has insisted") == EventDate.day(pub)


def open_seed() -> str:
    from pathlib import Path

    from sitrep.readers.text import parse_text

    p = Path(__file__).resolve().parents[2] / "shared/data/seed/000_ac7b9c183c30a6de.txt"
    if not p.exists():
        pytest.skip("seed report not available")
    return parse_text(p.read_text(encoding="utf-8"), "seed").text


def test_inherits_from_preceding_sentence_in_paragraph():
    text = "Militants stormed the base on Sunday. They killed five soldiers.\n\nThe war began in 2011."
    t = resolve_times(text, TUE)
    assert t.for_span(text.index("They"), text.index("soldiers.") + 9) == EventDate.day(D(2019, 8, 18))


def test_main_event_of_the_lead():
    text = ("The Taliban killed 100 members of the security forces on Monday, an official said. " * 2
            + "x" * 300 + "\n\nTwo gunmen entered the campus after the explosion.")
    t = resolve_times(text, TUE)
    s = text.index("Two gunmen")
    assert t.for_span(s, len(text)) == EventDate.day(D(2019, 8, 19))


def test_dateline_is_not_the_event_date():
    text = "NAIROBI, Aug 20 (Reuters) - Gunmen attacked a bus on Monday, police said."
    t = resolve_times(text, TUE)
    assert t.for_span(0, len(text)) == EventDate.day(D(2019, 8, 19))


def test_timeline_without_publication_date_runs_forward():
    from sitrep.timex import resolve_times

    t = "March 31, 2022 - Hundreds gather.\n\nApril 9 - A camp is set up.\n\nMay 9 - Supporters attack."
    got = [(m.text, m.date.date.isoformat(), m.date.precision) for m in resolve_times(t, None).mentions]
    assert got == [("March 31, 2022", "2022-03-31", 1), ("April 9", "2022-04-09", 1), ("May 9", "2022-05-09", 1)]


def test_dateline_glued_to_a_headline_is_not_the_event_date():
    import datetime as dt

    from sitrep.timex import resolve_times

    t = ("7 militants killed in blasts in AfghanistanKANDAHAR, Afghanistan, Oct. 3 (Xinhua) -- Seven "
         "militants were killed in two explosions Friday night, police confirmed on Saturday.")
    tm = resolve_times(t, dt.date(2015, 10, 3))
    assert tm.mentions[0].kind == "dateline"
    assert tm.for_span(0, len(t)).date == dt.date(2015, 10, 2)


def test_a_day_after_another_event_is_not_the_next_day():
    import datetime as dt

    from sitrep.timex import resolve_times
    got = [m.text for m in resolve_times("The killing came a day after a gunbattle near the town.",
                                         dt.date(2024, 4, 10)).mentions]
    assert got == []
    got = [(m.text, m.date.date) for m in resolve_times("Police arrested him on Monday. A day later, he was freed.",
                                                        dt.date(2024, 4, 10)).mentions]
    assert got == [("on Monday", dt.date(2024, 4, 8)), ("A day later", dt.date(2024, 4, 9))]


def test_a_wiki_section_heading_resets_what_the_next_day_counts_from():
    text = ("On 27 August 1975 a bomb exploded at a pub in Caterham. Their last previous attack was on "
            "22 December 1974.==The bombing==The bomb exploded at 9:20. The next day, the unit exploded a bomb "
            "in London.")
    tm = resolve_times(text, dt.date(1975, 9, 1))
    nxt = [m for m in tm.mentions if m.text == "The next day"][0]
    assert nxt.date.date == dt.date(1975, 8, 28)
    # and a sentence of the new section takes no date from the paragraph before the heading
    start = text.index("The bomb exploded at 9:20")
    assert tm.for_span(start, start + 26).date != dt.date(1974, 12, 22)


def test_a_month_of_that_year_takes_the_year_told_before():
    text = "Police arrested 400 protesters in November 2024. In December of that year, police dispersed rallies."
    got = [(m.text, m.date.start, m.date.end) for m in resolve_times(text, dt.date(2026, 1, 28)).mentions]
    assert got[-1] == ("In December", dt.date(2024, 12, 1), dt.date(2024, 12, 31))


@pytest.mark.parametrize("text, day", [
    ("Fighters attacked an army position overnight from Saturday to Sunday, the army said on Monday.", dt.date(2025, 5, 18)),
    ("Fighters attacked a base on the night of Saturday to Sunday.", dt.date(2025, 5, 18)),
    ("Gunmen attacked the village overnight Saturday, police said.", dt.date(2025, 5, 17)),
    # an "overnight raid" on a named night is on that night, not the night before the report
    ("Rebels killed 14 civilians in an overnight raid on the village on Saturday night.", dt.date(2025, 5, 17)),
])
def test_a_named_night(text, day):
    assert date_for_sentence(text, dt.date(2025, 5, 20)).date == day


def test_a_month_of_last_year_or_this_year():
    text = "Tense since July last year, when five were killed. In March this year, troops left. In May of last year, too."
    got = [(m.text, m.date.start, m.date.end, m.since) for m in resolve_times(text, dt.date(2026, 3, 19)).mentions]
    assert got == [("since July last year", D(2025, 7, 1), D(2025, 7, 31), False),
                   ("In March this year", D(2026, 3, 1), D(2026, 3, 19), False),
                   ("In May of last year", D(2025, 5, 1), D(2025, 5, 31), False)]
