from __future__ import annotations

import datetime as dt

import pytest

from sitrep.model import Article
from sitrep.pubdate import (
    date_from_url,
    fill_published,
    parse_date_string,
    published_from_fields,
    published_from_html,
)

D = dt.date


@pytest.mark.parametrize("text,url,date,basis", [
    ("NAIROBI, July 7 (Reuters) - Gunmen killed five.", "https://x.org/world/2016/07/08/a", D(2016, 7, 7),
     "dateline"),
    ("NAIROBI, July 7 (Reuters) - Gunmen killed five.", "https://x.org/world/2016/a", D(2016, 7, 7), "dateline"),
    ("NAIROBI, Dec 31 (Reuters) - Gunmen killed five.", "https://x.org/2017/01/01/a", D(2016, 12, 31), "dateline"),
    ("NAIROBI, July 7 (Reuters) - Gunmen killed five.", None, None, None),
    ("NAIROBI, July 7 (Reuters) - Gunmen killed five on 6 July 2016.", None, D(2016, 7, 7), "dateline"),
    ("Bamako (AFP) Oct 13, 2020 Gunmen killed five.", None, D(2020, 10, 13), "dateline"),
    ("Bamako (AFP) Oct 13, 2020 - Gunmen killed five.", None, D(2020, 10, 13), "dateline"),
    ("KABUL, Afghanistan, Oct. 13, 2020 - Gunmen killed five.", None, D(2020, 10, 13), "dateline"),
    ("MOGADISHU, Somalia (AP) — Gunmen killed five.", None, None, None),
    ("MOGADISHU, Somalia (AP) — Gunmen killed five.", "https://x.org/2016/7/20/a", D(2016, 7, 20), "url"),
    ("date 2020-06-10\nGunmen killed five.", None, D(2020, 6, 10), "header"),
    ("Published: 10 June 2020\nGunmen killed five.", None, D(2020, 6, 10), "header"),
    ("Gunmen killed five.", "https://x.org/news/20160720-attack.html", D(2016, 7, 20), "url"),
    ("Gunmen killed five in 2015.", None, None, None),
])
def test_fill_published(text, url, date, basis):
    a = Article("x", text, url=url)
    fill_published(a)
    assert (a.published, a.published_basis) == (date, basis)


def test_input_date_is_kept():
    a = Article("x", "Bamako (AFP) Oct 13, 2020 - x", published=D(2021, 1, 1), published_basis="input")
    fill_published(a)
    assert a.published == D(2021, 1, 1) and a.published_basis == "input"


@pytest.mark.parametrize("url,date", [
    ("https://a.b/2016/07/20/story", D(2016, 7, 20)),
    ("https://a.b/2016/7/20/story", D(2016, 7, 20)),
    ("https://a.b/2016-07-20/story", D(2016, 7, 20)),
    ("https://a.b/2016/13/40/story", None),
    ("https://a.b/story/12345678", None),
    (None, None),
])
def test_date_from_url(url, date):
    assert date_from_url(url) == date


@pytest.mark.parametrize("s,date", [
    ("2020-06-10", D(2020, 6, 10)),
    ("2020-06-10T23:10:00+02:00", D(2020, 6, 10)),
    ("Wed, 10 Jun 2020 12:00:00 GMT", D(2020, 6, 10)),
    ("June 10, 2020", D(2020, 6, 10)),
    ("10/06/2020", D(2020, 6, 10)),
    ("yesterday", None),
    ("2 hours ago", None),
    ("", None),
])
def test_parse_date_string(s, date):
    assert parse_date_string(s) == date


def test_html_meta():
    html = '<html><head><meta property="article:published_time" content="2020-06-10T10:00:00Z"></head></html>'
    assert published_from_html(html) == D(2020, 6, 10)
    html = '<html><head><script type="application/ld+json">{"datePublished": "2019-08-20"}</script></head></html>'
    assert published_from_html(html) == D(2019, 8, 20)
    html = '<html><body><time datetime="2018-03-12T08:00">12 March</time></body></html>'
    assert published_from_html(html) == D(2018, 3, 12)
    assert published_from_html("<html><head><title>x</title></head><body><p>no date</p></body></html>") is None


def test_fields():
    assert published_from_fields({"seendate": "20200610T120000Z"}) == D(2020, 6, 10)
    assert published_from_fields({"timestamp": 1591790000}) == D(2020, 6, 10)
    assert published_from_fields({"date": "10 June 2020"}) == D(2020, 6, 10)
    assert published_from_fields({"title": "x"}) is None
