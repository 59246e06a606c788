"""Turning raw bytes into text, refusing what is not text."""

from __future__ import annotations

from ..errors import InputError

# Reports larger than this are refused rather than read (configurable by callers).
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KiB mean it is not a text report."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    if not head:
        return False
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return control / len(head) > 0.05


def decode_bytes(data: bytes, source: str, max_bytes: int | None = DEFAULT_MAX_BYTES) -> str:
    """UTF-8 (with or without BOM), then cp1252; anything else is an InputError naming ``source``."""
    if max_bytes is not None and len(data) > max_bytes:
        raise InputError(source, f"too large ({len(data):,} bytes > limit {max_bytes:,})")
    if not data.strip():
        raise InputError(source, "empty input")
    if looks_binary(data):
        raise InputError(source, "binary data, not a text report")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InputError(source, f"not UTF-8 and not cp1252 text ({exc.reason} at byte {exc.start})") from None
    return text
