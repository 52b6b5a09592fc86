"""age files locked with a passphrase at a scrypt work factor this app chooses,
and age's ASCII armor.

Why this exists: the reference implementations pick the work factor
themselves (rage, and so pyrage, by timing the computer: 19 or 20 on a modest
laptop; Go's age and typage use 18), and pyrage gives no way to set it. A page
that opens in a browser must ask for less work than rage picks (see
:mod:`html_page`), so this module writes the age format
(age-encryption.org/v1, the scrypt recipient and the STREAM payload) itself,
from `cryptography`'s primitives only: scrypt, HKDF-SHA-256, HMAC-SHA-256 and
ChaCha20-Poly1305. Nothing here is a new construction; every step is the one
the specification names, and the tests open what it writes with pyrage, with
the reference ``age`` tool and with typage in a real browser. Reading is
always pyrage's (:mod:`age`).
"""

from __future__ import annotations

import base64
import io
import os
from collections.abc import Iterable

from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from therapy_journal.services.sharing.age_header import AGE_MAGIC, MAX_SCRYPT_WORK_FACTOR
from therapy_journal.store.atomic import Writer

ARMOR_BEGIN = b"-----BEGIN AGE ENCRYPTED FILE-----"
ARMOR_END = b"-----END AGE ENCRYPTED FILE-----"
_ARMOR_COLUMNS = 64  # age's armor: standard base64, 64 characters a line, padded

_SCRYPT_LABEL = b"age-encryption.org/v1/scrypt"
_CHUNK = 64 * 1024  # STREAM's plaintext chunk
_FILE_KEY_BYTES = 16
MIN_WORK_FACTOR = 10


def _b64(data: bytes) -> bytes:
    """age's header encoding: standard base64 without padding."""
    return base64.b64encode(data).rstrip(b"=")


def _hkdf(key: bytes, salt: bytes | None, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(key)


def _scrypt_stanza(file_key: bytes, passphrase: bytes, work_factor: int) -> bytes:
    """``-> scrypt SALT LOGN`` and the file key wrapped under the passphrase."""
    salt = os.urandom(16)
    wrap_key = Scrypt(salt=_SCRYPT_LABEL + salt, length=32, n=2**work_factor, r=8, p=1).derive(
        passphrase
    )
    body = ChaCha20Poly1305(wrap_key).encrypt(bytes(12), file_key, None)
    # The wrapped key is 32 bytes, 43 characters: one body line, shorter than 64.
    return b"-> scrypt " + _b64(salt) + b" " + str(work_factor).encode() + b"\n" + _b64(body)


def _stream(key: bytes, chunks: Iterable[bytes], out: Writer) -> None:
    """age's STREAM: 64 KiB chunks, each sealed with its counter and, on the
    last one, the final flag. An empty plaintext is one empty final chunk.
    The plaintext comes in ``chunks`` of any size; a chunk is sealed once the
    next byte after it has come, so the last one is known."""
    aead = ChaCha20Poly1305(key)
    number = 0
    pending = bytearray()
    for chunk in chunks:
        pending += chunk
        while len(pending) > _CHUNK:
            out.write(aead.encrypt(_nonce(number, last=False), bytes(pending[:_CHUNK]), None))
            del pending[:_CHUNK]
            number += 1
    out.write(aead.encrypt(_nonce(number, last=True), bytes(pending), None))


def _nonce(number: int, *, last: bool) -> bytes:
    return number.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def encrypt_with_passphrase(data: bytes, passphrase: str, work_factor: int) -> bytes:
    """``data`` as a binary age file that ``passphrase`` opens, asking for scrypt
    with N = 2**``work_factor`` (r = 8, p = 1)."""
    out = io.BytesIO()
    stream_with_passphrase([data], out, passphrase, work_factor)
    return out.getvalue()


def stream_with_passphrase(
    chunks: Iterable[bytes],
    out: Writer,
    passphrase: str,
    work_factor: int,
    *,
    armored: bool = False,
) -> None:
    """Write into ``out`` the age file of the bytes of ``chunks`` (as
    :func:`encrypt_with_passphrase` makes it, in armor if ``armored``), as
    they come: the header (and scrypt's work) first, then each payload chunk."""
    if not MIN_WORK_FACTOR <= work_factor <= MAX_SCRYPT_WORK_FACTOR:
        raise ValueError(f"scrypt work factor {work_factor} is outside the accepted range")
    file_key = os.urandom(_FILE_KEY_BYTES)
    header = (
        AGE_MAGIC + _scrypt_stanza(file_key, passphrase.encode("utf-8"), work_factor) + b"\n---"
    )
    mac = hmac.HMAC(_hkdf(file_key, None, b"header"), hashes.SHA256())
    mac.update(header)
    nonce = os.urandom(16)
    payload_key = _hkdf(file_key, nonce, b"payload")
    sink = _Armor(out) if armored else out
    sink.write(header + b" " + _b64(mac.finalize()) + b"\n" + nonce)
    _stream(payload_key, chunks, sink)
    if isinstance(sink, _Armor):
        sink.close()


class _Armor:
    """age's ASCII armor of what is written, line by line as it comes:
    standard base64, 64 characters a line, padded, between its markers."""

    _LINE_BYTES = _ARMOR_COLUMNS // 4 * 3  # 48 bytes make one full line

    def __init__(self, out: Writer) -> None:
        self._out = out
        self._pending = bytearray()
        out.write(ARMOR_BEGIN + b"\n")

    def write(self, data: bytes, /) -> int:
        self._pending += data
        whole = len(self._pending) // self._LINE_BYTES * self._LINE_BYTES
        if whole:
            self._lines(bytes(self._pending[:whole]))
            del self._pending[:whole]
        return len(data)

    def _lines(self, data: bytes) -> None:
        encoded = base64.b64encode(data)
        self._out.write(
            b"".join(
                encoded[i : i + _ARMOR_COLUMNS] + b"\n"
                for i in range(0, len(encoded), _ARMOR_COLUMNS)
            )
        )

    def close(self) -> None:
        if self._pending:
            self._lines(bytes(self._pending))
            self._pending.clear()
        self._out.write(ARMOR_END + b"\n")


def armor(age_file: bytes) -> bytes:
    """A binary age file in age's ASCII armor (what ``age -a`` writes)."""
    out = io.BytesIO()
    sink = _Armor(out)
    sink.write(age_file)
    sink.close()
    return out.getvalue()
