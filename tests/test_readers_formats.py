from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.model import Article
from sitrep.readers import EXTENSIONS, READERS, read_inputs, sniff_format

DATA = Path(__file__).parent / "data"


def split(items):
    arts = [x for x in items if isinstance(x, Article)]
    errs = [x for x in items if isinstance(x, InputError)]
    return arts, errs


def test_registered():
    for name in ("html", "feed", "warc", "csv"):
        assert name in READERS
    assert EXTENSIONS[".htm"] == "html" and EXTENSIONS[".warc.gz"] == "warc"
    assert sniff_format(b"<!DOCTYPE html><html>", None) == "html"
    assert sniff_format(b'<?xml version="1.0"?><rss version="2.0">', None) == "feed"
    assert sniff_format(b"WARC/1.0\r\n", None) == "warc"


def test_html_page():
    arts, errs = split(list(read_inputs([str(DATA / "report.html")])))
    assert not errs and len(arts) == 1
    a = arts[0]
    assert a.id == "report"
    assert a.title and "Air strikes kill five" in a.title
    assert a.text.startswith("KHAN SHEIKHUN") and "Home" not in a.text and "Copyright" not in a.text
    assert a.published == dt.date(2019, 8, 20)
    assert a.url == "https://news.example.org/2019/08/20/idlib-strikes"


def test_malformed_html_named(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text("<html><body><div></div></body></html>")
    good = tmp_path / "good.txt"
    good.write_text("Gunmen attacked a village in Borno on Monday.")
    arts, errs = split(list(read_inputs([str(bad), str(good)])))
    assert len(arts) == 1 and len(errs) == 1
    assert "bad.html" in str(errs[0])


def test_rss_and_atom():
    arts, errs = split(list(read_inputs([str(DATA / "feed.rss")])))
    assert len(arts) == 2 and len(errs) == 1 and "entry 3" in errs[0].reason
    assert arts[0].title == "Clashes in Mogadishu"
    assert arts[0].text.startswith("Al Shabaab fighters clashed") and "<p>" not in arts[0].text
    assert arts[0].published == dt.date(2019, 3, 2) and arts[0].source == "Example Wire"
    assert arts[0].id != arts[1].id
    arts, errs = split(list(read_inputs([str(DATA / "feed.atom")])))
    assert len(arts) == 2 and not errs
    assert "wounding seven" in arts[0].text  # content wins over the shorter summary
    assert arts[0].published == dt.date(2019, 8, 21)
    assert arts[1].text.startswith("Gunmen abducted")  # summary only
    assert arts[1].published == dt.date(2019, 8, 22)  # updated when no published


def test_csv_rows_and_errors():
    arts, errs = split(list(read_inputs([str(DATA / "reports.csv")])))
    assert [a.id for a in arts] == ["csv-1", "csv-2"]
    assert arts[1].title == "Protest, Lagos" and arts[0].published == dt.date(2019, 9, 2)
    assert {e.line for e in errs} == {4, 5}
    assert all("reports.csv" in str(e) for e in errs)


def test_csv_without_text_column(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("a,b\n1,2\n")
    _, errs = split(list(read_inputs([str(p)])))
    assert len(errs) == 1 and "text" in errs[0].reason


def make_warc(path: Path, gz: bool = True) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    html = (DATA / "report.html").read_bytes()
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=gz)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("https://news.example.org/a", "response",
                                            payload=io.BytesIO(html), http_headers=http))
        img = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("https://news.example.org/a.png", "response",
                                            payload=io.BytesIO(b"\x89PNG..."), http_headers=img))
        w.write_record(w.create_warc_record(
            "https://news.example.org/b.txt", "resource",
            payload=io.BytesIO(b"Police arrested ten protesters in Harare on Friday."),
            warc_content_type="text/plain"))
        bad = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("https://news.example.org/empty", "response",
                                            payload=io.BytesIO(b"<html><body></body></html>"),
                                            http_headers=bad))


@pytest.mark.parametrize("gz", [True, False])
def test_warc(tmp_path, gz):
    p = tmp_path / ("a.warc.gz" if gz else "a.warc")
    make_warc(p, gz)
    arts, errs = split(list(read_inputs([str(p)])))
    assert len(arts) == 2 and len(errs) == 1
    assert arts[0].id.startswith("warc-") and arts[0].text.startswith("KHAN SHEIKHUN")
    assert arts[1].text.startswith("Police arrested") and arts[1].url == "https://news.example.org/b.txt"
    assert "empty" in str(errs[0])
    # ids are stable across reads
    again, _ = split(list(read_inputs([str(p)])))
    assert [a.id for a in again] == [a.id for a in arts]


def test_not_a_warc(tmp_path):
    p = tmp_path / "x.warc.gz"
    p.write_bytes(b"\x1f\x8b garbage")
    _, errs = split(list(read_inputs([str(p)])))
    assert errs and "x.warc.gz" in str(errs[0])


def test_dates_kept_under_other_names_and_in_metadata(tmp_path):
    from sitrep.readers import read_inputs

    p = tmp_path / "dump.jsonl"
    p.write_text('{"id": "a", "text": "Gunmen attacked Gao on Monday.", "meta": {"source_date": "2014-10-06;2014-10-07"}}\n'
                 '{"id": "b", "text": "Gunmen attacked Gao on Monday.", "pub_date": "2020-03-05"}\n', "utf-8")
    got = {a.id: a.published.isoformat() for a in read_inputs([str(p)])}
    assert got == {"a": "2014-10-06", "b": "2020-03-05"}
    c = tmp_path / "dump.csv"
    c.write_text("id,publication_date,text\nc,2021-01-02,Gunmen attacked Gao on Monday.\n", "utf-8")
    assert [a.published.isoformat() for a in read_inputs([str(c)])] == ["2021-01-02"]
