"""ZIP archives from outside: what :mod:`zipfile` may raise on a damaged or
hostile one, and the size of its index, read before zipfile parses it.

Bundles and backups both read ZIP files from outside; each turns these errors
into its own one-sentence error. Besides ``BadZipFile``: ``OSError`` from a
seek to an offset a damaged header gives, ``zlib.error`` from a broken deflate
stream, and the lookup and arithmetic errors a crafted directory can cause.

zipfile builds an object for every entry its index lists before anyone can
count them (five million entries cost it 50 s and 2.3 GB), so
:func:`zip_index` reads what the end records claim first.
"""

from __future__ import annotations

import os
import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any, BinaryIO

ZIP_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    KeyError,
    IndexError,
    OverflowError,
    struct.error,
    zlib.error,
)


# -- the index, read before zipfile parses it ------------------------------------------------

_EOCD = b"PK\x05\x06"
_EOCD_SIZE = 22
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_LOCATOR_SIZE = 20
_ZIP64_EOCD = b"PK\x06\x06"
_ZIP64_EOCD_SIZE = 56
_MAX_COMMENT = 0xFFFF


@dataclass(frozen=True)
class ZipIndex:
    """What an archive's end-of-central-directory records claim about its
    index (the central directory): the most entries and the largest size that
    any of them claims, so a bound on these holds whichever record a reader
    believes."""

    entries: int
    size: int


def zip_index(data: bytes, base: int = 0) -> ZipIndex | None:
    """The claims of the end-of-central-directory record of ``data``, found the
    way :mod:`zipfile` finds it, and of a ZIP64 record beside it (both the one
    just before its locator, where zipfile looks, and the one the locator
    points at). None when there is no end record: zipfile refuses that at once.

    Reads a few fixed-size records and nothing else, so it costs the same for
    an index of five entries or five million. ``data`` may be only the end of
    a file, starting ``base`` bytes into it (see :func:`file_zip_index`).
    """
    eocd = _find_eocd(data)
    if eocd is None:
        return None
    _sig, _disk, _start, here, total, size, _offset, _comment = struct.unpack_from(
        "<4s4H2LH", data, eocd
    )
    records = _zip64_records(data, eocd, base)
    # 0xFFFF and 0xFFFFFFFF say "see the ZIP64 record" when there is one.
    counts = [n for n in (here, total) if not (records and n == 0xFFFF)]
    sizes = [size] if not (records and size == 0xFFFFFFFF) else []
    for record in records:
        counts += [record[6], record[7]]
        sizes.append(record[8])
    return ZipIndex(max(counts, default=0), max(sizes, default=0))


def _zip64_records(data: bytes, eocd: int, base: int) -> list[tuple[Any, ...]]:
    locator = eocd - _ZIP64_LOCATOR_SIZE
    if locator < 0 or data[locator : locator + 4] != _ZIP64_LOCATOR:
        return []
    _sig, _disk, pointed, _disks = struct.unpack_from("<4sLQL", data, locator)
    return [
        struct.unpack_from("<4sQ2H2L4Q", data, at)
        for at in sorted({locator - _ZIP64_EOCD_SIZE, pointed - base})
        if 0 <= at <= len(data) - _ZIP64_EOCD_SIZE and data[at : at + 4] == _ZIP64_EOCD
    ]


# The most of a file's end that can hold its end records: the end record with
# the longest comment, the ZIP64 locator and the ZIP64 end record before it.
TAIL_SIZE = _EOCD_SIZE + _MAX_COMMENT + _ZIP64_LOCATOR_SIZE + _ZIP64_EOCD_SIZE


def file_zip_index(fp: BinaryIO) -> ZipIndex | None:
    """:func:`zip_index` of an open file, reading only its last bytes (a ZIP64
    record that a locator places earlier in the file is not looked at; zipfile
    itself uses the one just before the locator)."""
    size = fp.seek(0, os.SEEK_END)
    base = max(size - TAIL_SIZE, 0)
    fp.seek(base)
    return zip_index(fp.read(size - base), base)


def _find_eocd(data: bytes) -> int | None:
    end = len(data) - _EOCD_SIZE
    if end >= 0 and data[end : end + 4] == _EOCD and data[-2:] == b"\0\0":
        return end
    found = data.rfind(_EOCD, max(end - _MAX_COMMENT, 0))
    if found < 0 or found > end:
        return None
    return found
