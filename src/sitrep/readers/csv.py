"""CSV dumps: a header row naming the columns (text, id, title, published, url, source)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from ..errors import InputError
from ..model import Article
from . import register
from .decode import decode_bytes
from .jsonl import article_from_dict

csv.field_size_limit(64 * 1024 * 1024)


@register("csv", ".csv", ".tsv")
def read_csv(data: bytes, source: str, stem: str) -> Iterator[Article | InputError]:
    try:
        text = decode_bytes(data, source, max_bytes=None)
    except InputError as err:
        yield err
        return
    delimiter = "\t" if source.lower().endswith(".tsv") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except (StopIteration, csv.Error) as exc:
        yield InputError(source, f"not a CSV file with a header row ({exc or 'empty'})", 1)
        return
    if not {"text", "body", "content"} & set(header):
        yield InputError(source, f"no 'text' column in the header ({', '.join(header)[:200]})", 1)
        return
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield InputError(source, f"malformed CSV row ({exc})", reader.line_num)
            return
        line = reader.line_num
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            yield InputError(source, f"{len(row)} fields where the header has {len(header)}", line)
            continue
        obj = {k: (v if v.strip() else None) for k, v in zip(header, row, strict=True)}
        try:
            yield article_from_dict(obj, source, line, f"{stem}-{line}")
        except InputError as err:
            yield err
