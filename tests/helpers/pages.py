"""Which page of an encrypted vault database holds what, and damaging one page.

Tests that damage "a page in the middle of the entries table" or "a page freed
by a purged entry" need to know which pages those are. SQLCipher 4 encrypts
each page on its own (AES-256-CBC, with the page's IV and HMAC in its last 80
bytes), so the test decrypts the pages with the vault's data key, in memory,
hands the plaintext image to the standard library's SQLite (which has the
``dbstat`` table that SQLCipher's build lacks) and asks it. Nothing plaintext
is written to disk.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from therapy_journal.store.keyfile import KeyFile
from therapy_journal.store.vault import DB_NAME, KEY_NAME

PAGE_SIZE = 4096
RESERVE = 80  # IV (16) and HMAC-SHA512 (64) at the end of every page
SALT = 16  # page 1 starts with the file's salt instead of SQLite's magic string
FREE = "(free)"


def data_key(folder: Path, passphrase: str) -> bytearray:
    """The vault's data key, unwrapped from its key file."""
    return KeyFile.load(folder / KEY_NAME).unwrap_with_passphrase(passphrase)


def _decrypt_page(number: int, page: bytes, key: bytearray) -> bytes:
    start = SALT if number == 1 else 0
    iv = page[PAGE_SIZE - RESERVE : PAGE_SIZE - RESERVE + 16]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    plain = decryptor.update(page[start : PAGE_SIZE - RESERVE]) + decryptor.finalize()
    if number == 1:
        plain = b"SQLite format 3\0" + plain
    return plain + bytes(RESERVE)


@dataclass(frozen=True)
class Owner:
    """What a page is: its table or index (:data:`FREE` on the free list) and
    SQLite's kind of page ('leaf', 'internal', 'overflow', or 'free')."""

    name: str
    kind: str


def page_owners(folder: Path, passphrase: str) -> dict[int, Owner]:
    """Every page number of the vault's ``journal.db`` and what it holds. The
    write-ahead log must be checkpointed first."""
    key = data_key(folder, passphrase)
    raw = (folder / DB_NAME).read_bytes()
    image = bytearray()
    for number in range(1, len(raw) // PAGE_SIZE + 1):
        image += _decrypt_page(number, raw[(number - 1) * PAGE_SIZE : number * PAGE_SIZE], key)
    image[18] = image[19] = 1  # a rollback-journal image: no write-ahead log to look for
    plain = sqlite3.connect(":memory:")
    try:
        plain.deserialize(bytes(image))
        owners = dict.fromkeys(range(1, len(raw) // PAGE_SIZE + 1), Owner(FREE, "free"))
        for name, page, kind in plain.execute("SELECT name, pageno, pagetype FROM dbstat"):
            owners[int(page)] = Owner(str(name), str(kind))
    finally:
        plain.close()
    return owners


def pages_of(owners: dict[int, Owner], kind: str | None = None) -> dict[str, list[int]]:
    """The pages of each table or index (of one ``kind`` if given), in order."""
    by_name: dict[str, list[int]] = defaultdict(list)
    for page, owner in sorted(owners.items()):
        if kind is None or owner.kind == kind:
            by_name[owner.name].append(page)
    return dict(by_name)


def flip_page(db: Path, page: int, offset: int = 2000) -> None:
    """Flip one bit of ``page`` (1-based) of the database file in place: its
    HMAC no longer matches, so SQLCipher refuses the whole page."""
    with db.open("r+b") as handle:
        handle.seek((page - 1) * PAGE_SIZE + offset)
        byte = handle.read(1)[0]
        handle.seek((page - 1) * PAGE_SIZE + offset)
        handle.write(bytes([byte ^ 0x01]))
