"""Output of event records: a terminal table, JSON Lines, CSV and GeoJSON.

Every writer takes contract records (:meth:`sitrep.model.Event.to_record`) one at a time and
streams them to ``out``, so that a large export never holds all its events in memory.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import textwrap
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TextIO

from .model import FIELDS

FORMATS: tuple[str, ...] = ("table", "jsonl", "csv", "geojson")

Record = Mapping[str, Any]


def write_events(
    records: Iterable[Record], fmt: str, out: TextIO, *, color: bool | None = None
) -> int:
    """Write ``records`` to ``out`` in ``fmt`` (one of :data:`FORMATS`); the number written.

    ``color`` applies to the table only: None colours when ``out`` is a terminal and
    ``NO_COLOR`` is not set.
    """
    writers: dict[str, Callable[[Iterable[Record], TextIO], int]] = {
        "jsonl": _write_jsonl,
        "csv": _write_csv,
        "geojson": _write_geojson,
    }
    if fmt == "table":
        return _write_table(records, out, _use_color(out) if color is None else color)
    if fmt not in writers:
        raise ValueError(f"unknown output format {fmt!r} (one of {', '.join(FORMATS)})")
    return writers[fmt](records, out)


def _ordered(rec: Record) -> dict[str, Any]:
    """The record with every contract key, in contract order, then any extra keys."""
    d = {k: rec.get(k) for k in FIELDS}
    d.update((k, v) for k, v in rec.items() if k not in d)
    return d


def _dumps(obj: Any) -> str:
    # default=str: dates and other scalars a store may hand back serialise as text.
    return json.dumps(obj, ensure_ascii=False, default=str)


def _write_jsonl(records: Iterable[Record], out: TextIO) -> int:
    n = 0
    for rec in records:
        out.write(_dumps(_ordered(rec)) + "\n")
        n += 1
    return n


def _write_csv(records: Iterable[Record], out: TextIO) -> int:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(FIELDS)
    n = 0
    for rec in records:
        w.writerow(["" if rec.get(k) is None else rec.get(k) for k in FIELDS])
        n += 1
    return n


def _point(rec: Record) -> dict[str, Any] | None:
    lat, lon = rec.get("latitude"), rec.get("longitude")
    if lat is None or lon is None or lat == "" or lon == "":
        return None
    try:
        return {"type": "Point", "coordinates": [float(lon), float(lat)]}
    except (TypeError, ValueError):
        return None


def _write_geojson(records: Iterable[Record], out: TextIO) -> int:
    out.write('{"type": "FeatureCollection", "features": [')
    n = 0
    for rec in records:
        feature = {"type": "Feature", "geometry": _point(rec), "properties": _ordered(rec)}
        out.write(("\n" if n == 0 else ",\n") + _dumps(feature))
        n += 1
    out.write("\n]}\n")
    return n


# --- table ------------------------------------------------------------------------------------

_PRECISION_MARK = {1: "", 2: " ~week", 3: " ~month"}
_EVIDENCE_LINES = 3  # the evidence sentence is cut to this many lines


def _use_color(out: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    try:
        return out.isatty()
    except (AttributeError, ValueError):
        return False


def _can_encode(out: TextIO, s: str) -> bool:
    enc = getattr(out, "encoding", None)
    if not enc:
        return True
    try:
        s.encode(enc)
        return True
    except (UnicodeEncodeError, LookupError):
        return False


def _fmt_num(v: Any, digits: int = 4) -> str:
    try:
        return f"{float(v):.{digits}f}"
    except (TypeError, ValueError):
        return str(v)


def _int(v: Any) -> int | None:
    try:
        return int(v)
    except (TypeError, ValueError):
        return None


def _table_block(rec: Record, width: int, glyphs: dict[str, str], style: Callable[[str, str], str]) -> list[str]:
    """The lines of one event in the table view."""
    date = str(rec.get("event_date") or "????-??-??")
    prec = _int(rec.get("time_precision"))
    mark = _PRECISION_MARK.get(prec, f" p{prec}" if prec is not None else "")
    if prec and prec > 1 and rec.get("date_start") and rec.get("date_end"):
        mark += f" ({rec['date_start']}..{rec['date_end']})"
    kind = " / ".join(str(x) for x in (rec.get("event_type"), rec.get("sub_event_type")) if x)
    head = f"{style(date, 'bold')}{style(mark, 'dim')}  {style(kind or '(untyped)', 'cyan')}"

    actors = str(rec.get("actor1") or "?")
    if rec.get("assoc_actor_1"):
        actors += f" (with {rec['assoc_actor_1']})"
    if rec.get("actor2"):
        actors += f" {glyphs['arrow']} {rec['actor2']}"
        if rec.get("assoc_actor_2"):
            actors += f" (with {rec['assoc_actor_2']})"

    where = ", ".join(
        str(rec[k]) for k in ("location", "admin1", "country") if rec.get(k) and (k != "admin1" or rec[k] != rec.get("location"))
    ) or "(no place)"
    if rec.get("latitude") is not None and rec.get("longitude") is not None:
        where += f"  ({_fmt_num(rec['latitude'])}, {_fmt_num(rec['longitude'])}"
        where += f", precision {rec.get('geo_precision')})" if rec.get("geo_precision") is not None else ")"
    elif rec.get("geo_precision") is not None:
        where += f"  (no coordinates, precision {rec['geo_precision']})"

    toll = [f"fatalities {rec.get('fatalities') if rec.get('fatalities') is not None else 0}"]
    toll += [f"{k} {rec[k]}" for k in ("injured", "displaced") if rec.get(k) is not None]
    if rec.get("civilian_targeting"):
        toll.append("civilian targeting")
    if rec.get("confidence") is not None:
        toll.append(f"confidence {rec['confidence']}")

    indent = "    "
    lines = textwrap.wrap(head, width=width + _invisible(head), subsequent_indent=indent) or [head]
    for text in (actors, where, glyphs["sep"].join(toll)):
        lines += textwrap.wrap(text, width=width, initial_indent=indent, subsequent_indent=indent)
    evidence = " ".join(str(rec.get("evidence") or "").split())
    if evidence:
        wrapped = textwrap.wrap(f'"{evidence}"', width=width, initial_indent=indent, subsequent_indent=indent)
        if len(wrapped) > _EVIDENCE_LINES:
            # Truncated: the last kept line ends with an ellipsis (still within the width).
            wrapped = wrapped[:_EVIDENCE_LINES]
            tail = glyphs["ellipsis"] + '"'
            last = wrapped[-1]
            if len(last) + 1 + len(tail) > width:
                cut = last[: width - 1 - len(tail)]
                last = cut.rsplit(" ", 1)[0] if " " in cut.strip() else cut
            wrapped[-1] = f"{last} {tail}"
        lines += [style(x, "dim") for x in wrapped]
    return lines


def _invisible(s: str) -> int:
    """How many characters of ``s`` are ANSI escapes (which take no room on the terminal)."""
    n, i = 0, 0
    while (j := s.find("\x1b[", i)) >= 0:
        k = s.find("m", j)
        if k < 0:
            break
        n += k - j + 1
        i = k + 1
    return n


_ANSI = {"bold": "1", "dim": "2", "cyan": "36"}
_UNICODE = {"arrow": "→", "ellipsis": "…", "sep": " · "}
_ASCII = {"arrow": "->", "ellipsis": "...", "sep": ", "}


def _write_table(records: Iterable[Record], out: TextIO, color: bool) -> int:
    width = max(40, shutil.get_terminal_size((100, 24)).columns - 1)
    glyphs = _UNICODE if _can_encode(out, "".join(_UNICODE.values())) else _ASCII

    def style(s: str, what: str) -> str:
        return f"\x1b[{_ANSI[what]}m{s}\x1b[0m" if color and s else s

    n = 0
    for rec in records:
        if n:
            out.write("\n")
        out.write("\n".join(_table_block(rec, width, glyphs, style)) + "\n")
        n += 1
    if n == 0:
        out.write("no events\n")
    else:
        out.write("\n" + style(f"{n} event{'s' if n != 1 else ''}", "dim") + "\n")
    return n
