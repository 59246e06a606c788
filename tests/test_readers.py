from __future__ import annotations

import datetime as dt
import json

from sitrep.errors import InputError
from sitrep.model import Article
from sitrep.readers import read_inputs
from sitrep.readers.text import parse_text


def split(items):
    arts = [i for i in items if isinstance(i, Article)]
    errs = [i for i in items if isinstance(i, InputError)]
    return arts, errs


def test_seed_layout(seed_path):
    (a,), errs = split(list(read_inputs([str(seed_path)])))
    assert not errs
    assert a.title == "Rebels withdraw from key Syrian town as pro-Assad troops advance"
    assert a.published == dt.date(2019, 8, 20) and a.published_basis == "text"
    assert a.id == seed_path.stem
    assert a.text.startswith("Insurgent groups have withdrawn from Khan Sheikhun in north-west Syria,")
    assert "](#)" not in a.text and "[" not in a.text
    i = a.text.index("sarin attack struck")
    assert a.text[i:i + 19] == "sarin attack struck"


def test_link_markup_removed_offsets_consistent():
    a = parse_text("---\n\nT\n\n---\n\n01/02/2020\n\nTurkey [deployed tanks](#) into [Syria](#).", "x")
    assert a.text == "Turkey deployed tanks into Syria."
    assert a.published == dt.date(2020, 2, 1)  # day first


def test_plain_text_without_layout(tmp_path):
    p = tmp_path / "report one.txt"
    p.write_text("Gunmen attacked a village in Mali.", encoding="utf-8")
    (a,), _ = split(list(read_inputs([str(p)])))
    assert a.id == "report one" and a.title is None and a.published is None


def test_published_override(seed_path):
    (a,), _ = split(list(read_inputs([str(seed_path)], published=dt.date(2020, 1, 1))))
    assert a.published == dt.date(2020, 1, 1) and a.published_basis == "override"


def test_jsonl_lines_and_errors_name_the_line(tmp_path):
    p = tmp_path / "dump.jsonl"
    p.write_text("\n".join([
        json.dumps({"id": "a", "text": "One.", "published": "2020-05-01", "title": "T", "url": "http://x/a"}),
        "{not json",
        json.dumps({"id": "c", "text": ""}),
        json.dumps([1, 2]),
        json.dumps({"text": "No id here."}),
    ]), encoding="utf-8")
    arts, errs = split(list(read_inputs([str(p)])))
    assert [a.id for a in arts] == ["a", "dump-5"]
    assert arts[0].published == dt.date(2020, 5, 1) and arts[0].url == "http://x/a"
    assert [e.line for e in errs] == [2, 3, 4]
    assert all(str(p) in str(e) for e in errs)


def test_bad_inputs_each_named_and_batch_goes_on(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02\xff" * 100)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Café bombing in Bamako – police said.".encode("cp1252"))
    good = tmp_path / "good.txt"
    good.write_text("Gunmen attacked a village.", encoding="utf-8")
    missing = tmp_path / "nope.txt"
    arts, errs = split(list(read_inputs([str(empty), str(binary), str(latin), str(missing), str(good)])))
    assert {a.id for a in arts} == {"latin", "good"}
    assert "Café" in [a for a in arts if a.id == "latin"][0].text  # cp1252 fallback
    reasons = {e.source: e.reason for e in errs}
    assert "empty" in reasons[str(empty)]
    assert "binary" in reasons[str(binary)]
    assert "no such file" in reasons[str(missing)]


def test_size_limit(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text("x " * 1000, encoding="utf-8")
    _, errs = split(list(read_inputs([str(p)], max_bytes=100)))
    assert errs and "too large" in errs[0].reason


def test_folders_and_globs(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("A.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("B.", encoding="utf-8")
    arts, _ = split(list(read_inputs([str(tmp_path)])))
    assert sorted(a.id for a in arts) == ["a", "b"]
    arts, _ = split(list(read_inputs([str(tmp_path / "*.txt")])))
    assert [a.id for a in arts] == ["b"]
