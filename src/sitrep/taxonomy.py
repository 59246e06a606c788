"""The ACLED taxonomy, loaded from ``data/taxonomy.yaml`` (the one place it is defined)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class Taxonomy:
    # event_type -> ordered sub-types
    sub_types: dict[str, tuple[str, ...]]
    # event_type -> disorder_type
    disorder: dict[str, str]
    # event_type -> disorder_type when an organised armed group takes part (Riots)
    disorder_armed: dict[str, str]
    inter_codes: dict[int, str]

    @property
    def event_types(self) -> tuple[str, ...]:
        return tuple(self.sub_types)

    def event_type_of(self, sub_event_type: str) -> str:
        for et, subs in self.sub_types.items():
            if sub_event_type in subs:
                return et
        raise KeyError(f"unknown sub_event_type: {sub_event_type!r}")

    def disorder_type(self, event_type: str, armed_group: bool = False) -> str:
        if armed_group and event_type in self.disorder_armed:
            return self.disorder_armed[event_type]
        return self.disorder[event_type]

    def validate(self, event_type: str, sub_event_type: str) -> None:
        if sub_event_type not in self.sub_types.get(event_type, ()):
            raise ValueError(f"{sub_event_type!r} is not a sub-type of {event_type!r}")


@lru_cache(maxsize=1)
def get_taxonomy() -> Taxonomy:
    raw = yaml.safe_load(resources.files("sitrep.data").joinpath("taxonomy.yaml").read_text("utf-8"))
    types = raw["event_types"]
    return Taxonomy(
        sub_types={k: tuple(v["sub_event_types"]) for k, v in types.items()},
        disorder={k: v["disorder"] for k, v in types.items()},
        disorder_armed={
            k: v["disorder_with_armed_group"] for k, v in types.items()
            if "disorder_with_armed_group" in v
        },
        inter_codes={int(k): v for k, v in raw["inter_codes"].items()},
    )
