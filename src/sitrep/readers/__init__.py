"""Readers turn inputs (paths, folders, globs, stdin) into :class:`~sitrep.model.Article` s.

Each format registers a function ``(data: bytes, source: str, stem: str) -> Iterator[Article |
InputError]``. A bad report yields an :class:`InputError` in place of its Article, so one bad
report never costs the others of a batch.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from ..model import Article
from .decode import DEFAULT_MAX_BYTES, decode_bytes
from .jsonl import iter_jsonl
from .text import parse_text

ReadFn = Callable[[bytes, str, str], Iterator[Article | InputError]]

READERS: dict[str, ReadFn] = {}
# File extension (lower case, with the dot) -> format name.
EXTENSIONS: dict[str, str] = {}


def register(name: str, *extensions: str) -> Callable[[ReadFn], ReadFn]:
    def deco(fn: ReadFn) -> ReadFn:
        READERS[name] = fn
        for ext in extensions:
            EXTENSIONS[ext] = name
        return fn

    return deco


@register("text", ".txt", ".text", ".md")
def read_text(data: bytes, source: str, stem: str) -> Iterator[Article | InputError]:
    try:
        yield parse_text(decode_bytes(data, source), stem, origin=source)
    except InputError as err:
        yield err


@register("jsonl", ".jsonl", ".ndjson")
def read_jsonl(data: bytes, source: str, stem: str) -> Iterator[Article | InputError]:
    try:
        text = decode_bytes(data, source, max_bytes=None)
    except InputError as err:
        yield err
        return
    yield from iter_jsonl(text, source, stem)


def sniff_format(data: bytes, path: str | None) -> str:
    """The format of an input: by extension first, then by its first bytes."""
    if path:
        p = path.lower()
        for ext in sorted(EXTENSIONS, key=len, reverse=True):
            if p.endswith(ext):
                return EXTENSIONS[ext]
    head = data[:2048].lstrip()
    if head[:2] == b"\x1f\x8b" or head.startswith(b"WARC/"):
        if "warc" in READERS:
            return "warc"
    low = head.lower()
    if (low.startswith(b"<?xml") or low.startswith(b"<rss") or low.startswith(b"<feed")) and (
        b"<rss" in low or b"<feed" in low or b"<rdf" in low
    ) and "feed" in READERS:
        return "feed"
    if (low.startswith(b"<!doctype html") or low.startswith(b"<html")) and "html" in READERS:
        return "html"
    if head.startswith(b"{"):
        return "jsonl"
    return "text"


def _stem(path: str) -> str:
    name = os.path.basename(path.rstrip("/"))
    for ext in sorted(EXTENSIONS, key=len, reverse=True):
        if name.lower().endswith(ext):
            return name[: -len(ext)]
    return os.path.splitext(name)[0] or name


def expand_paths(paths: Iterable[str]) -> Iterator[str | InputError]:
    """Files as given; folders recursively (sorted); globs; ``-`` for stdin."""
    for p in paths:
        if p == "-":
            yield p
        elif os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if not f.startswith("."):
                        yield os.path.join(root, f)
        elif os.path.exists(p):
            yield p
        elif any(c in p for c in "*?["):
            matches = sorted(glob.glob(p, recursive=True))
            if not matches:
                yield InputError(p, "no file matches this pattern")
            for m in matches:
                if os.path.isfile(m):
                    yield m
        else:
            yield InputError(p, "no such file or directory")


def read_bytes(data: bytes, source: str, stem: str, fmt: str | None = None) -> Iterator[Article | InputError]:
    fmt = fmt or sniff_format(data, source)
    try:
        yield from READERS[fmt](data, source, stem)
    except InputError as err:
        yield err
    except Exception as exc:  # a reader bug must not cost the rest of the batch
        yield InputError(source, f"could not read as {fmt}: {type(exc).__name__}: {exc}")


def read_inputs(
    paths: Iterable[str],
    published: dt.date | None = None,
    fmt: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> Iterator[Article | InputError]:
    """Every Article (or InputError) from ``paths``. ``published`` overrides found dates."""
    from ..pubdate import fill_published

    for item in expand_paths(paths):
        if isinstance(item, InputError):
            yield item
            continue
        if item == "-":
            data, source, stem = sys.stdin.buffer.read(), "<stdin>", "stdin"
        else:
            source, stem = item, _stem(item)
            try:
                if max_bytes is not None and os.path.getsize(item) > max_bytes:
                    yield InputError(source, f"too large ({os.path.getsize(item):,} bytes > limit {max_bytes:,})")
                    continue
                data = Path(item).read_bytes()
            except OSError as exc:
                yield InputError(source, f"cannot read: {exc.strerror or exc}")
                continue
        for art in read_bytes(data, source, stem, fmt):
            if isinstance(art, Article):
                if published is not None:
                    art.published, art.published_basis = published, "override"
                else:
                    fill_published(art)
            yield art


from . import csv, feed, html, warc  # noqa: E402,F401  (more formats; they register themselves)
