"""How an entry's body is stored: zlib-compressed when that makes it smaller.

A body is stored as a BLOB holding its UTF-8 text compressed with zlib, or as
TEXT when compressing would not make it smaller (a short body) and in rows
written before bodies were compressed (schema 10 and older, until their
migration packs them). The storage class is the marker: SQLite keeps a BLOB a
BLOB in a TEXT column, so a reader tells the two apart by the value's type
alone. Journal text compresses to about 0.44 of its size at zlib's default
level (levels 6 and 9 gave the same size on the benchmark corpus; level 1
gave 0.46).

SQL reaches the text through two functions every connection of the app has
(:func:`register`): ``entry_text(body)`` reads a stored body as text (the
search index's content view and triggers use it) and ``entry_pack(text)``
stores one (the migration that packs old rows uses it).
"""

from __future__ import annotations

import zlib
from typing import Any

LEVEL = 6

# A body stored in more bytes than this may not fit in its row's page and
# spill into overflow pages: its entry keeps the start of its text as an
# excerpt beside it, which lists read without reaching the overflow pages and
# salvage keeps when an overflow page is damaged. A shorter body is in the
# row itself, and its excerpt is made from it when read (most journal
# entries: the benchmark corpus's longest packs into 1,122 bytes). A
# SQLCipher page holds 4,016 bytes of a row; this leaves room for the rest.
EXCERPT_ABOVE_BYTES = 2000


class DamagedText(ValueError):
    """A stored body that does not decompress (a damaged page)."""


def pack(text: str) -> str | bytes:
    """What to store for ``text``: its compressed bytes, or itself when that is no smaller."""
    encoded = text.encode("utf-8")
    packed = zlib.compress(encoded, LEVEL)
    return packed if len(packed) < len(encoded) else text


def stored_size(value: str | bytes) -> int:
    """The bytes a stored body takes (what :func:`pack` returned)."""
    return len(value) if isinstance(value, bytes) else len(value.encode("utf-8"))


def unpack(value: object) -> str:
    """The text of a stored body (compressed or not); '' for NULL."""
    if value is None:
        return ""
    if isinstance(value, bytes | bytearray | memoryview):
        try:
            return zlib.decompress(value).decode("utf-8")
        except (zlib.error, UnicodeDecodeError) as error:
            raise DamagedText("a stored entry's text does not decompress") from error
    return str(value)


def unpack_head(value: object, chars: int) -> str:
    """About the first ``chars`` characters of a stored body (at least that
    many when there are), decompressing no more than needed."""
    if not isinstance(value, bytes | bytearray | memoryview):
        return "" if value is None else str(value)[:chars]
    try:
        head = zlib.decompressobj().decompress(value, chars * 4)
    except zlib.error as error:
        raise DamagedText("a stored entry's text does not decompress") from error
    return head.decode("utf-8", errors="ignore")[:chars]


def register(conn: Any) -> None:
    """Give the connection ``entry_text`` and ``entry_pack``."""
    conn.create_function("entry_text", 1, _sql_text, deterministic=True)
    conn.create_function("entry_pack", 1, _sql_pack, deterministic=True)


def _sql_text(value: Any) -> str | None:
    # A body that does not decompress (its page was damaged in a way the HMAC
    # did not catch: a lost last overflow page reads back as zeros) reads as
    # NULL in SQL, so the check reports the search index out of step with it
    # instead of stopping; Python reads raise DamagedText (see entries).
    try:
        return None if value is None else unpack(value)
    except DamagedText:
        return None


def _sql_pack(value: Any) -> Any:
    return pack(value) if isinstance(value, str) else value
