"""Reading an age file's header before anything else touches the file.

Just enough to know how the file is locked (a passphrase, and the scrypt work
it asks for, or keys), checked before any key derivation runs. The full parse
and the decryption are pyrage's.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from therapy_journal.services.sharing.errors import BundleDamaged
from therapy_journal.services.sharing.layout import MAX_BUNDLE_BYTES

MAX_SCRYPT_WORK_FACTOR = 20  # log2(N): 2**20 * 1 KiB = 1 GiB of memory to unlock

# Bounds on the header, checked by counting before pyrage parses anything. The
# reference age implementation refuses headers over 16 MiB (and stanzas over
# 1 MiB), but pyrage's parser takes time that grows with the square of the
# header: 2,000 recipient stanzas (190 KB) take most of a minute. These bounds
# keep its worst case under a second, and are still generous: a bundle to 64
# people, or to 10 post-quantum keys (about 1.6 KB each), fits.
MAX_HEADER_BYTES = 16 * 1024
MAX_HEADER_LINES = 512
MAX_RECIPIENTS = 64
MAX_STANZAS = MAX_RECIPIENTS + 1  # rage adds a "grease" stanza to every file
MAX_STANZA_ARGS = 16  # X25519 has 1, scrypt 2, ssh-rsa 1

AGE_MAGIC = b"age-encryption.org/v1\n"
_ARMOR_BEGIN = b"-----BEGIN AGE ENCRYPTED FILE-----"
_ARMOR_END = b"-----END AGE ENCRYPTED FILE-----"
# Enough armor to hold the largest header accepted, with its line breaks.
_ARMOR_HEADER_CHARS = (MAX_HEADER_BYTES + 3) // 3 * 4 * 66 // 64 + 256
_SCRYPT_STANZA = re.compile(rb"-> scrypt ([A-Za-z0-9+/]{22}) ([1-9][0-9]*)")
_TOO_LARGE = "The bundle's header is far larger than any bundle's, so it was not opened."


@dataclass(frozen=True)
class Header:
    stanza_types: tuple[bytes, ...]
    work_factor: int | None
    armored: bool


def _binary_age(data: bytes) -> tuple[bytes, bool]:
    """The start of the binary age file (enough to hold any header this module
    accepts: an armored file is de-armored just that far), and whether ``data``
    was armored."""
    if data.startswith(AGE_MAGIC):
        return data[: MAX_HEADER_BYTES + 1], False
    stripped = data.lstrip()
    if stripped.startswith(_ARMOR_BEGIN):
        text = stripped[len(_ARMOR_BEGIN) : len(_ARMOR_BEGIN) + _ARMOR_HEADER_CHARS]
        end = text.find(_ARMOR_END)
        encoded = b"".join((text if end < 0 else text[:end]).split())
        try:
            decoded = base64.b64decode(encoded[: len(encoded) // 4 * 4], validate=True)
        except (binascii.Error, ValueError):
            raise BundleDamaged("The armored bundle is damaged and cannot be read.") from None
        if not decoded.startswith(AGE_MAGIC):
            raise BundleDamaged("The armored file is not an age-encrypted bundle.")
        return decoded[: MAX_HEADER_BYTES + 1], True
    if not data:
        raise BundleDamaged("The file is empty, so it is not a bundle.")
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        raise BundleDamaged("This is an unencrypted ZIP archive, not an encrypted bundle.")
    raise BundleDamaged("This file is not a bundle: it is not age-encrypted.")


def read_header(data: bytes) -> Header:
    """Just enough of the age header to know how it is locked, checked before
    any key derivation runs, and bounded before pyrage parses it: at most
    :data:`MAX_HEADER_BYTES`, :data:`MAX_HEADER_LINES` lines and
    :data:`MAX_STANZAS` stanzas of :data:`MAX_STANZA_ARGS` arguments. The
    full parse is pyrage's."""
    if len(data) > MAX_BUNDLE_BYTES:
        raise BundleDamaged("The file is far larger than any bundle can be.")
    start, armored = _binary_age(data)
    types: list[bytes] = []
    factor: int | None = None
    position = len(AGE_MAGIC)
    for _ in range(MAX_HEADER_LINES):
        end = start.find(b"\n", position, MAX_HEADER_BYTES)
        if end < 0:
            if len(start) > MAX_HEADER_BYTES:
                raise BundleDamaged(_TOO_LARGE)
            raise BundleDamaged("The bundle is incomplete: the file ends inside its header.")
        line = start[position:end]
        position = end + 1
        if line.startswith(b"---"):
            break
        if not line.startswith(b"->"):
            continue  # a stanza's body line
        words = line[2:].split()
        if len(types) == MAX_STANZAS or len(words) > 1 + MAX_STANZA_ARGS:
            raise BundleDamaged(_TOO_LARGE)
        types.append(words[0] if words else b"")
        if words[:1] == [b"scrypt"]:
            found = _SCRYPT_STANZA.fullmatch(line)
            if found is None:
                raise BundleDamaged("The bundle's passphrase header is malformed.")
            factor = int(found[2])
    else:
        raise BundleDamaged(_TOO_LARGE)
    if factor is not None and len(types) != 1:
        raise BundleDamaged("The bundle's header mixes a passphrase with other locks.")
    return Header(tuple(types), factor, armored)


def scrypt_work_factor(data: bytes) -> int | None:
    """The scrypt work factor (log2 N) a passphrase bundle asks for, from its
    header; None for a bundle encrypted to keys. Runs no key derivation.

    A malformed header raises :class:`BundleDamaged`; a factor above the limit
    is returned as it is (:func:`decrypt` refuses it).
    """
    return read_header(data).work_factor
