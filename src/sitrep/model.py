"""The data model: what a report is, and what an event is made of.

An :class:`Event` is composed of parts (actors, place, date, casualties, evidence) so that each
stage of the pipeline fills in one part; :meth:`Event.to_record` flattens it into the output
contract (``shared/docs/events.md``), in ACLED's column order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from dataclasses import dataclass, field
from typing import Any

# The contract's columns, in CSV order (ACLED's order, then sitrep's extensions).
FIELDS: tuple[str, ...] = (
    "event_id", "event_date", "year", "time_precision", "date_start", "date_end",
    "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "country", "iso3", "admin1", "admin2", "admin3", "location",
    "latitude", "longitude", "geo_precision", "geonameid", "source", "source_url", "notes",
    "fatalities", "injured", "displaced", "article_id", "evidence", "evidence_start",
    "evidence_end", "confidence", "timestamp",
)


@dataclass
class Article:
    """One report, as read from any input format."""

    id: str
    text: str
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    source: str | None = None
    # Where the report came from (path, path:line), for error messages and the store.
    origin: str | None = None
    # How `published` was found: "input", "override", "text", "dateline", "url", "html", "feed".
    published_basis: str | None = None

    @property
    def content_hash(self) -> str:
        h = hashlib.sha256()
        for part in (self.title or "", self.text, str(self.published or ""), self.url or ""):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
        return h.hexdigest()[:32]


@dataclass
class Actor:
    """A normalized actor: canonical name and ACLED inter code (1-8)."""

    name: str
    inter: int
    # The text that named it in the report, and its offsets, when there is one.
    mention: str | None = None
    start: int | None = None
    end: int | None = None
    country: str | None = None  # ISO3 the actor belongs to, if known


@dataclass
class Place:
    """A resolved place. ``latitude``/``longitude`` are None only when nothing resolves."""

    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int = 3
    country: str | None = None
    iso3: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    geonameid: int | None = None


@dataclass
class EventDate:
    """The event's date by ACLED's convention plus the UCDP-style possible range."""

    date: dt.date
    precision: int  # 1 day, 2 a few days/a week, 3 a month or coarser
    start: dt.date
    end: dt.date

    @classmethod
    def day(cls, d: dt.date) -> EventDate:
        return cls(d, 1, d, d)

    @classmethod
    def span(cls, start: dt.date, end: dt.date) -> EventDate:
        """A period, coded at its middle with the precision its length implies."""
        days = (end - start).days
        mid = start + dt.timedelta(days=days // 2)
        precision = 1 if days == 0 else 2 if days <= 7 else 3
        return cls(mid, precision, start, end)


@dataclass
class Casualties:
    fatalities: int = 0
    injured: int | None = None
    displaced: int | None = None


@dataclass
class Evidence:
    """The sentence(s) that support an event, with offsets into ``Article.text``."""

    text: str
    start: int
    end: int


@dataclass
class Event:
    article_id: str
    event_type: str
    sub_event_type: str
    disorder_type: str
    actor1: Actor
    date: EventDate
    place: Place
    evidence: Evidence
    actor2: Actor | None = None
    assoc_actor_1: list[Actor] = field(default_factory=list)
    assoc_actor_2: list[Actor] = field(default_factory=list)
    casualties: Casualties = field(default_factory=Casualties)
    civilian_targeting: bool = False
    notes: str = ""
    confidence: float = 0.5
    source: str | None = None
    source_url: str | None = None
    event_id: str = ""
    timestamp: int = field(default_factory=lambda: int(time.time()))

    def __post_init__(self) -> None:
        if not self.event_id:
            self.event_id = self.make_id()

    def make_id(self) -> str:
        """A stable id from what makes the event distinct: report, type, place, day, evidence."""
        key = "|".join(
            str(x)
            for x in (
                self.article_id, self.event_type, self.sub_event_type,
                self.place.geonameid or self.place.location, self.date.date.isoformat(),
                self.evidence.start,
            )
        )
        return "sr-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    @property
    def interaction(self) -> int:
        a = self.actor1.inter
        b = self.actor2.inter if self.actor2 else 0
        lo, hi = sorted((a, b))
        return a * 10 if b == 0 else lo * 10 + hi

    def to_record(self) -> dict[str, Any]:
        """The flat contract record (keys in CSV order; empty values are None)."""
        p, d, c = self.place, self.date, self.casualties
        rec: dict[str, Any] = {
            "event_id": self.event_id,
            "event_date": d.date.isoformat(),
            "year": d.date.year,
            "time_precision": d.precision,
            "date_start": d.start.isoformat(),
            "date_end": d.end.isoformat(),
            "disorder_type": self.disorder_type,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "actor1": self.actor1.name,
            "assoc_actor_1": "; ".join(a.name for a in self.assoc_actor_1) or None,
            "inter1": self.actor1.inter,
            "actor2": self.actor2.name if self.actor2 else None,
            "assoc_actor_2": "; ".join(a.name for a in self.assoc_actor_2) or None,
            "inter2": self.actor2.inter if self.actor2 else 0,
            "interaction": self.interaction,
            "civilian_targeting": "Civilian targeting" if self.civilian_targeting else None,
            "country": p.country,
            "iso3": p.iso3,
            "admin1": p.admin1,
            "admin2": p.admin2,
            "admin3": p.admin3,
            "location": p.location,
            "latitude": p.latitude,
            "longitude": p.longitude,
            "geo_precision": p.geo_precision,
            "geonameid": p.geonameid,
            "source": self.source,
            "source_url": self.source_url,
            "notes": self.notes,
            "fatalities": c.fatalities,
            "injured": c.injured,
            "displaced": c.displaced,
            "article_id": self.article_id,
            "evidence": self.evidence.text,
            "evidence_start": self.evidence.start,
            "evidence_end": self.evidence.end,
            "confidence": round(self.confidence, 3),
            "timestamp": self.timestamp,
        }
        return {k: (None if rec[k] == "" else rec[k]) for k in FIELDS}

    @classmethod
    def from_record(cls, rec: dict[str, Any]) -> Event:
        """Rebuild an event from a contract record (e.g. read back from the store)."""

        def date(s: Any) -> dt.date:
            return s if isinstance(s, dt.date) else dt.date.fromisoformat(str(s))

        def actors(joined: str | None, inter: int) -> list[Actor]:
            return [Actor(n.strip(), inter) for n in (joined or "").split(";") if n.strip()]

        a2 = rec.get("actor2")
        return cls(
            article_id=rec.get("article_id") or "",
            event_type=rec["event_type"],
            sub_event_type=rec["sub_event_type"],
            disorder_type=rec.get("disorder_type") or "",
            actor1=Actor(rec.get("actor1") or "", int(rec.get("inter1") or 0)),
            actor2=Actor(a2, int(rec.get("inter2") or 0)) if a2 else None,
            assoc_actor_1=actors(rec.get("assoc_actor_1"), int(rec.get("inter1") or 0)),
            assoc_actor_2=actors(rec.get("assoc_actor_2"), int(rec.get("inter2") or 0)),
            date=EventDate(
                date(rec["event_date"]),
                int(rec.get("time_precision") or 1),
                date(rec.get("date_start") or rec["event_date"]),
                date(rec.get("date_end") or rec["event_date"]),
            ),
            place=Place(
                location=rec.get("location"),
                latitude=rec.get("latitude"),
                longitude=rec.get("longitude"),
                geo_precision=int(rec.get("geo_precision") or 3),
                country=rec.get("country"),
                iso3=rec.get("iso3"),
                admin1=rec.get("admin1"),
                admin2=rec.get("admin2"),
                admin3=rec.get("admin3"),
                geonameid=rec.get("geonameid"),
            ),
            evidence=Evidence(
                rec.get("evidence") or "",
                int(rec.get("evidence_start") or 0),
                int(rec.get("evidence_end") or 0),
            ),
            casualties=Casualties(
                int(rec.get("fatalities") or 0), rec.get("injured"), rec.get("displaced")
            ),
            civilian_targeting=bool(rec.get("civilian_targeting")),
            notes=rec.get("notes") or "",
            confidence=float(rec.get("confidence") or 0.0),
            source=rec.get("source"),
            source_url=rec.get("source_url"),
            event_id=rec.get("event_id") or "",
            timestamp=int(rec.get("timestamp") or time.time()),
        )
