"""Reading a vault's database page by page, without SQLite: the last resort of salvage.

SQLite reaches a row through the b-tree pages above it; when one of those is
damaged (the root of the entries table, or page 1, which holds the schema),
every row below it is out of SQLite's reach although the pages that hold the
rows are sound. SQLCipher 4 encrypts and authenticates every page on its own
(AES-256-CBC, then an HMAC-SHA512 over the ciphertext, its IV and the page
number), so each page can be checked and decrypted alone, here, and the rows
of every table leaf read straight from it: :func:`table_rows`.

Pages still in the write-ahead log are read from there (the last committed
frame of each page), as SQLite would. A page whose HMAC does not match is not
used at all: its contents cannot be trusted. Nothing is written anywhere.

Only SQLCipher 4's defaults are understood (4096-byte pages, 80 reserved bytes
per page, PBKDF2-HMAC-SHA512 with 2 iterations for the HMAC key), which is
what every vault of this app uses.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from therapy_journal.store.buffers import wipe

log = logging.getLogger(__name__)

PAGE_SIZE = 4096
SALT_SIZE = 16
IV_SIZE = 16
HMAC_SIZE = 64
RESERVE = 80  # IV and HMAC, rounded to the cipher's block size
USABLE = PAGE_SIZE - RESERVE
HMAC_SALT_MASK = 0x3A
HMAC_KDF_ITERATIONS = 2
SQLITE_HEADER = b"SQLite format 3\0"

_WAL_MAGIC = (0x377F0682, 0x377F0683)
_WAL_HEADER = struct.Struct(">IIIIIIII")  # magic, version, page size, seq, salts, checksums
_FRAME_HEADER = struct.Struct(">IIII8x")  # page, size after commit, salts; checksums

TABLE_LEAF = 0x0D
TABLE_INTERIOR = 0x05

Value = int | float | str | bytes | None


class NotReadable(Exception):
    """The file is not an SQLCipher 4 database this key opens."""


@dataclass(frozen=True)
class RawRow:
    """One row of a table as found on a leaf page."""

    page: int
    rowid: int
    values: tuple[Value, ...]
    complete: bool  # False when part of the row (in overflow pages) could not be read


class PageFile:
    """The pages of one SQLCipher database file (and its write-ahead log)."""

    def __init__(self, path: Path, key: bytearray) -> None:
        """``key`` becomes this object's: it is wiped when the file is closed."""
        self.path = Path(path)
        self._file: BinaryIO = self.path.open("rb")
        try:
            size = self._file.seek(0, 2)
            self.page_count = size // PAGE_SIZE
            self._file.seek(0)
            salt = self._file.read(SALT_SIZE)
            if len(salt) != SALT_SIZE or salt == SQLITE_HEADER:
                raise NotReadable(f"{self.path} is not an encrypted database")
            self._key = key
            self._hmac_key = hashlib.pbkdf2_hmac(
                "sha512",
                self._key,
                bytes(b ^ HMAC_SALT_MASK for b in salt),
                HMAC_KDF_ITERATIONS,
                len(self._key),
            )
            # Keyed once and copied per page: keying costs as much as the HMAC.
            self._mac = hmac.new(self._hmac_key, digestmod=hashlib.sha512)
            self._wal_frames = self._read_wal_index()
            self.page_count = max(self.page_count, *self._wal_frames, 0)
        except BaseException:
            self._file.close()
            wipe(key)
            raise

    def close(self) -> None:
        self._file.close()
        wipe(self._key)

    def __enter__(self) -> PageFile:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- pages ---------------------------------------------------------------------

    def page(self, number: int) -> bytes | None:
        """Page ``number`` (1-based), decrypted: :data:`USABLE` bytes, the first
        16 of page 1 being SQLite's header string. None when it is missing or
        fails its HMAC."""
        if not 1 <= number <= self.page_count:
            return None
        raw = self._raw(number)
        if len(raw) != PAGE_SIZE:
            return None
        start = SALT_SIZE if number == 1 else 0
        ciphertext = raw[start:USABLE]
        iv = raw[USABLE : USABLE + IV_SIZE]
        mac = raw[USABLE + IV_SIZE : USABLE + IV_SIZE + HMAC_SIZE]
        check = self._mac.copy()
        check.update(ciphertext)
        check.update(iv)
        check.update(number.to_bytes(4, "little"))
        if not hmac.compare_digest(mac, check.digest()):
            return None
        decryptor = Cipher(algorithms.AES(self._key), modes.CBC(iv)).decryptor()
        plain = decryptor.update(ciphertext) + decryptor.finalize()
        return SQLITE_HEADER + plain if number == 1 else plain

    def kind(self, number: int) -> int | None:
        """The first byte of page ``number``'s b-tree header (0x0D for a table
        leaf), from its first cipher block alone, without checking the HMAC:
        a cheap look before :meth:`page` checks and decrypts the whole page."""
        if not 1 <= number <= self.page_count:
            return None
        raw = self._raw(number)
        if len(raw) != PAGE_SIZE:
            return None
        # Page 1's header is at 100: in its 6th block (the salt stands in for the first).
        start = 96 if number == 1 else 0
        previous = raw[start - IV_SIZE : start] if number == 1 else raw[USABLE : USABLE + IV_SIZE]
        block = raw[start : start + IV_SIZE]
        decryptor = Cipher(algorithms.AES(self._key), modes.CBC(previous)).decryptor()
        plain = decryptor.update(block) + decryptor.finalize()
        return plain[4 if number == 1 else 0]

    def _raw(self, number: int) -> bytes:
        frame = self._wal_frames.get(number)
        if frame is not None:
            with self.path.with_name(self.path.name + "-wal").open("rb") as wal:
                wal.seek(frame)
                return wal.read(PAGE_SIZE)
        self._file.seek((number - 1) * PAGE_SIZE)
        return self._file.read(PAGE_SIZE)

    def _read_wal_index(self) -> dict[int, int]:
        """Where the last committed frame of each page in the write-ahead log starts."""
        wal = self.path.with_name(self.path.name + "-wal")
        try:
            data = wal.read_bytes()
        except FileNotFoundError:
            return {}
        if len(data) < _WAL_HEADER.size:
            return {}
        magic, _, page_size, _, salt1, salt2, _, _ = _WAL_HEADER.unpack_from(data)
        if magic not in _WAL_MAGIC or page_size != PAGE_SIZE:
            return {}
        committed: dict[int, int] = {}
        pending: dict[int, int] = {}
        offset = _WAL_HEADER.size
        frame_size = _FRAME_HEADER.size + PAGE_SIZE
        while offset + frame_size <= len(data):
            number, commit, frame_salt1, frame_salt2 = _FRAME_HEADER.unpack_from(data, offset)
            if (frame_salt1, frame_salt2) != (salt1, salt2) or number == 0:
                break  # frames of an earlier generation of the log
            pending[number] = offset + _FRAME_HEADER.size
            if commit:
                committed.update(pending)
                pending.clear()
            offset += frame_size
        return committed


# --- records ------------------------------------------------------------------------


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    """SQLite's variable-length integer at ``pos``: (value, position after it)."""
    value = 0
    for index in range(8):
        if pos + index >= len(data):
            raise ValueError("a varint runs off the page")
        byte = data[pos + index]
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, pos + index + 1
    if pos + 8 >= len(data):
        raise ValueError("a varint runs off the page")
    return (value << 8) | data[pos + 8], pos + 9


def _signed(value: int, bits: int) -> int:
    return value - (1 << bits) if value >= 1 << (bits - 1) else value


_INT_SIZES = {1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 8}


def _size(serial: int) -> int:
    """How many bytes a value of SQLite's serial type ``serial`` takes."""
    if serial in _INT_SIZES:
        return _INT_SIZES[serial]
    if serial == 7:
        return 8
    if serial >= 12:
        return (serial - 12) // 2
    if serial in (0, 8, 9):
        return 0
    raise ValueError("a reserved serial type")


def _value(serial: int, chunk: bytes) -> Value:
    if serial in (0, 8, 9):
        return None if serial == 0 else serial - 8
    if serial in _INT_SIZES:
        return _signed(int.from_bytes(chunk, "big"), len(chunk) * 8)
    if serial == 7:
        return float(struct.unpack(">d", chunk)[0])
    if serial % 2 == 0:
        return bytes(chunk)
    return chunk.decode("utf-8")  # UnicodeDecodeError is a ValueError


def decode_record(payload: bytes) -> tuple[list[Value], bool]:
    """The values of a record, as far as ``payload`` holds them, and whether
    it held them all. Raises ValueError for bytes that are not a record."""
    header_size, pos = _varint(payload, 0)
    if not 1 <= header_size <= len(payload):
        raise ValueError("a record header larger than the record")
    types = []
    while pos < header_size:
        serial, pos = _varint(payload, pos)
        types.append(serial)
    if pos != header_size:
        raise ValueError("a record header that does not end where it says")
    values: list[Value] = []
    body = header_size
    for serial in types:
        size = _size(serial)
        if body + size > len(payload):
            return values, False
        values.append(_value(serial, payload[body : body + size]))
        body += size
    return values, True


def _local_size(payload: int) -> int:
    """How much of a table leaf cell's payload is on the leaf page itself."""
    most = USABLE - 35
    if payload <= most:
        return payload
    least = (USABLE - 12) * 32 // 255 - 23
    local = least + (payload - least) % (USABLE - 4)
    return local if local <= most else least


def _payload(pages: PageFile, page: bytes, cell: int, size: int) -> tuple[bytes, bool]:
    """A cell's payload starting at ``cell``: its bytes (following overflow
    pages) and whether all of them could be read."""
    local = _local_size(size)
    if cell + local > USABLE:
        raise ValueError("a cell that runs off its page")
    data = bytearray(page[cell : cell + local])
    if local == size:
        return bytes(data), True
    if cell + local + 4 > USABLE:
        raise ValueError("a cell that runs off its page")
    following = int.from_bytes(page[cell + local : cell + local + 4], "big")
    seen = set()
    while len(data) < size and following and following not in seen:
        seen.add(following)
        overflow = pages.page(following)
        if overflow is None:
            return bytes(data), False
        following = int.from_bytes(overflow[:4], "big")
        data += overflow[4 : 4 + min(USABLE - 4, size - len(data))]
    return bytes(data), len(data) == size


def leaf_rows(
    pages: PageFile, number: int, page: bytes, want: Callable[[int], bool] | None = None
) -> Iterator[RawRow]:
    """The rows on one table leaf page (whatever its table); with ``want``,
    only those whose rowid it accepts (the others are not decoded)."""
    head = 100 if number == 1 else 0
    if page[head] != TABLE_LEAF:
        return
    cells = int.from_bytes(page[head + 3 : head + 5], "big")
    pointers = head + 8
    for index in range(cells):
        at = pointers + 2 * index
        if at + 2 > USABLE:
            return
        cell = int.from_bytes(page[at : at + 2], "big")
        try:
            size, pos = _varint(page, cell)
            rowid, pos = _varint(page, pos)
            if want is not None and not want(_signed(rowid, 64)):
                continue
            payload, whole = _payload(pages, page, pos, size)
            values, all_there = decode_record(payload)
        except ValueError:
            log.debug("page %d: a cell that is not a row", number)
            continue
        yield RawRow(number, _signed(rowid, 64), tuple(values), whole and all_there)


def _columns(page: bytes, head: int) -> int | None:
    """How many columns the first row on a table leaf page has (None if unclear)."""
    try:
        cell = int.from_bytes(page[head + 8 : head + 10], "big")
        _, pos = _varint(page, cell)  # payload size
        _, pos = _varint(page, pos)  # rowid
        header_size, at = _varint(page, pos)
        end, count = pos + header_size, 0
        while at < min(end, USABLE):
            _, at = _varint(page, at)
            count += 1
    except ValueError:
        return None
    return count


def table_rows(
    pages: PageFile,
    min_columns: int = 0,
    want: Callable[[int], bool] | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> Iterator[RawRow]:
    """Every row on every sound table leaf page of the file, in page order;
    with ``min_columns``, only pages whose first row has at least that many
    columns (rows of one table, without decoding the others' rows); with
    ``want``, only rows whose rowid it accepts. ``progress(pages read, pages)``
    is called as it goes."""
    for number in range(1, pages.page_count + 1):
        if progress is not None and number % 1024 == 0:
            progress(number, pages.page_count)
        if pages.kind(number) != TABLE_LEAF:
            continue  # interior, index, overflow and free pages, or garbage
        page = pages.page(number)
        if page is None:
            continue
        head = 100 if number == 1 else 0
        cells = int.from_bytes(page[head + 3 : head + 5], "big")
        if min_columns and cells:
            columns = _columns(page, head)
            if columns is not None and columns < min_columns:
                continue
        yield from leaf_rows(pages, number, page, want)
