from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "data" / "seed" / "000_ac7b9c183c30a6de.txt"
SEED_GOLD = SHARED / "data" / "gold" / "seed.jsonl"
BUNDLED_SEED = ROOT / "src" / "sitrep" / "samples" / "guardian_khan_sheikhun_2019-08-20.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    # The seed ships with the package as the demo sample, so tests never depend on ../shared.
    return SEED if SEED.exists() else BUNDLED_SEED


@pytest.fixture(scope="session")
def pipeline():
    from sitrep.pipeline import get_pipeline

    return get_pipeline()
