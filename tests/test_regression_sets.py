"""Floors on the team's gold sets, so a change that costs events shows up in CI.
The numbers themselves are reported by benchmarks/measure_events.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.evaluate import load_gold, score
from sitrep.model import Article
from sitrep.readers import read_inputs

EVAL = Path(__file__).resolve().parents[1] / "eval"


@pytest.mark.parametrize("gold,reports,min_f1,min_subtype", [
    ("dev_gold.jsonl", "reports_dev.jsonl", 0.40, 0.70),
    ("styles_gold.jsonl", "styles_reports.jsonl", 0.65, 0.80),
    ("fresh_gold.jsonl", "fresh_reports.jsonl", 0.55, 0.75),
    ("fresh2_gold.jsonl", "fresh2_reports.jsonl", 0.55, 0.75),
])
def test_gold_set_floor(pipeline, gold, reports, min_f1, min_subtype):
    preds = [e.to_record() for a in read_inputs([str(EVAL / reports)]) if isinstance(a, Article)
             for e in pipeline.extract(a)]
    rep = score(load_gold(EVAL / gold), preds)
    assert rep.f1 >= min_f1
    assert rep.sub_event_type_acc[0] >= min_subtype
