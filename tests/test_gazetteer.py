"""The gazetteer: name keys, the index, the CLI hook."""

from __future__ import annotations

import argparse

import pytest

from sitrep.gazetteer import add_cli, get_gazetteer, norm_key, skel_key

GROUPS = [
    ["Khan Sheikhun", "Khan Shaykhun", "Khan Shaykhoun"],
    ["Maaret al-Numan", "Ma'arrat al-Nu'man", "Maarat al-Nouman", "Ma‘arrat an Nu‘mān"],
    ["Idleb", "Idlib"],
    ["Hama", "Hamah", "Ḩamāh"],
    ["Deir ez-Zor", "Dayr az Zawr", "Deir Ezzor"],
]


@pytest.mark.parametrize("group", GROUPS)
def test_skeleton_groups(group):
    assert len({skel_key(n) for n in group}) == 1


def test_norm_key():
    assert norm_key("Ma‘arrat an-Nu‘mān") == "maarrat an numan"
    assert norm_key("  Deir ez-Zor ") == "deir ez zor"
    assert skel_key("al") == ""  # too short to be safe


def test_index_loads_and_finds():
    g = get_gazetteer()
    assert g.countries["SY"].iso3 == "SYR"
    hits = g.lookup(["khan shaykhun", "~" + skel_key("Khan Sheikhun"), "no such place here"])
    assert "khan shaykhun" in hits and "no such place here" not in hits
    rec = g.records(hits["khan shaykhun"])[0]
    assert rec.cc == "SY" and abs(rec.lat - 35.442) < 0.01
    assert g.admin1_name("SY", "12") == "Idlib"


def test_cli_registers_build():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd")
    add_cli(sub)
    args = ap.parse_args(["gazetteer", "build", "--output", "/tmp/x.sqlite"])
    assert args.output == "/tmp/x.sqlite" and callable(args.func)


def test_cached_index_follows_the_vocabulary_files(tmp_path, monkeypatch):
    from sitrep import gazetteer as g

    monkeypatch.delenv("SITREP_GAZETTEER", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(g, "DATA_DIR", tmp_path / "no-shipped-index")
    first = g.default_path()
    assert first.parent == tmp_path / "sitrep"
    extra = tmp_path / "extra.tsv"
    extra.write_text(g.EXTRA_TSV.read_text("utf-8") + "Newplace\t\t1.0\t2.0\tSY\t\ttown\t0\t\tcoder\n", "utf-8")
    monkeypatch.setattr(g, "EXTRA_TSV", extra)
    g._sources_digest.cache_clear()
    try:
        assert g.default_path() != first  # an edited vocabulary gets its own index
    finally:
        g._sources_digest.cache_clear()
