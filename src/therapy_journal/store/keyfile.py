"""The vault's key file: the data key, wrapped twice.

The database is encrypted with a random 256-bit *data key*. This module keeps
that key in a small JSON file, wrapped (AES-256-GCM) under two *key-encryption
keys*:

* the **passphrase slot**: a key derived from the passphrase with Argon2id;
* the **recovery slot**: a key derived with HKDF from a random 160-bit recovery
  key that is shown to the person once, when the vault is created.

Changing the passphrase rewrites only this file (atomically); the database is
never re-encrypted. The KDF parameters are stored in the file so they can be
raised later without breaking older vaults.

Each part of the file carries a SHA-256 check, so a damaged file is told apart
from a wrong passphrase. The authenticated data of each wrap binds it to the
vault id and its own KDF parameters, so parameters edited in the file do not
unwrap anything.

This object is given passphrases; it never asks for them.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
import secrets
import unicodedata
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from therapy_journal.store.atomic import describe_os_error, write_atomic
from therapy_journal.store.buffers import wipe
from therapy_journal.store.errors import (
    StorageError,
    VaultDamaged,
    VaultNotFound,
    WrongPassphrase,
    WrongRecoveryKey,
)

FORMAT = "therapy-journal-key"
VERSION = 1
DATA_KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12
WRAPPED_KEY_BYTES = DATA_KEY_BYTES + 16  # AES-GCM appends a 16-byte tag
CIPHER = "aes-256-gcm"
SQLCIPHER_COMPATIBILITY = 4
RECOVERY_BYTES = 20  # 160 bits: out of reach of guessing, short enough to type
RECOVERY_CHECK_CHARS = 4
RECOVERY_GROUP = 4
_BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
# Characters people read or type in place of base32 letters.
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost parameters.

    The defaults follow RFC 9106's second recommended option (64 MiB of memory,
    4 lanes) with more passes: on a 2-core laptop of 2026 one derivation takes
    about 0.3 s, a delay a person barely notices at unlock, while every guess of
    an attacker costs the same 64 MiB and 0.3 s of a core. Memory stays at 64 MiB
    so that a one-shot command (``therapy-journal search``) peaks well under
    150 MB. The parameters are stored per vault; a passphrase change upgrades a
    vault to at least these defaults.
    """

    memory_kib: int = 64 * 1024
    iterations: int = 8
    lanes: int = 4

    def within_bounds(self) -> bool:
        """Whether these are costs a key file may ask for (see :data:`KDF_GROWTH`)."""
        values = (self.memory_kib, self.iterations, self.lanes)
        return (
            all(type(value) is int for value in values)
            and 1 <= self.lanes <= MAX_LANES
            and 8 * self.lanes <= self.memory_kib <= MAX_MEMORY_KIB  # Argon2's own minimum
            and 1 <= self.iterations <= MAX_ITERATIONS
            and self.memory_kib * self.iterations <= MAX_WORK
        )

    def at_least(self, other: KdfParams) -> KdfParams:
        """The stronger of the two, parameter by parameter."""
        return KdfParams(
            memory_kib=max(self.memory_kib, other.memory_kib),
            iterations=max(self.iterations, other.iterations),
            lanes=max(self.lanes, other.lanes),
        )

    def derive(self, passphrase: str, salt: bytes) -> bytearray:
        """The key-encryption key, in a buffer for the caller to wipe."""
        if not self.within_bounds():
            # Files are checked when read and the app never writes such costs,
            # so this is a bug, refused before it can eat minutes or memory.
            raise ValueError(f"Argon2id parameters out of bounds: {self}")
        kdf = Argon2id(
            salt=salt,
            length=DATA_KEY_BYTES,
            iterations=self.iterations,
            lanes=self.lanes,
            memory_cost=self.memory_kib,
        )
        secret = normalize_passphrase(passphrase)
        kek = bytearray(DATA_KEY_BYTES)
        try:
            # Any buffer works (its stub says bytes); a bytes copy could not be wiped.
            kdf.derive_into(secret, kek)  # type: ignore[arg-type]
        finally:
            wipe(secret)
        return kek


# How far a key file's Argon2id costs may go beyond this app's defaults: four
# times in memory, in passes, in lanes, and in memory times passes (the time
# one derivation takes). That leaves later versions room to raise the
# defaults (a passphrase change upgrades a vault) while this one still opens
# the vault, and stops a crafted or damaged file from making unlock take
# minutes or all the memory: at the bounds one derivation needs 256 MiB and
# about 1.1 s on a 2-core machine of 2026, where the defaults take 0.3 s.
# Issue 14: 4 GiB was accepted, and took 59.5 s and 4.24 GB.
KDF_GROWTH = 4
_DEFAULT_KDF = KdfParams()
MAX_MEMORY_KIB = KDF_GROWTH * _DEFAULT_KDF.memory_kib
MAX_ITERATIONS = KDF_GROWTH * _DEFAULT_KDF.iterations
MAX_LANES = KDF_GROWTH * _DEFAULT_KDF.lanes
MAX_WORK = KDF_GROWTH * _DEFAULT_KDF.memory_kib * _DEFAULT_KDF.iterations  # KiB x passes


def normalize_passphrase(passphrase: str) -> bytearray:
    """NFC-normalize, so a passphrase typed composed or decomposed is the same.
    In a buffer the caller wipes; the ``str`` it came from cannot be."""
    return bytearray(unicodedata.normalize("NFC", passphrase).encode("utf-8"))


# --- recovery key -----------------------------------------------------------


@dataclass(frozen=True)
class RecoveryKey:
    """A random recovery key and its human-typable form.

    The form is 36 base32 characters in groups of four: 32 carry the 160
    random bits, 4 are a check that catches typing mistakes before any
    decryption is tried.
    """

    raw: bytes = field(repr=False)

    @classmethod
    def generate(cls) -> RecoveryKey:
        return cls(secrets.token_bytes(RECOVERY_BYTES))

    @classmethod
    def parse(cls, text: str) -> RecoveryKey:
        """Read a typed recovery key; forgiving about case, spaces, dashes, 0/O, 1/I."""
        compact = "".join(ch for ch in text.upper() if ch not in " -\t\r\n").translate(_LOOKALIKES)
        body_len = RECOVERY_BYTES * 8 // 5
        if len(compact) != body_len + RECOVERY_CHECK_CHARS or any(
            c not in _BASE32 for c in compact
        ):
            raise WrongRecoveryKey(
                "That is not a recovery key: it should be 36 letters and digits in groups of four."
            )
        raw = base64.b32decode(compact[:body_len])
        if _check_chars(raw) != compact[body_len:]:
            raise WrongRecoveryKey("That recovery key has a typo; please check each group again.")
        return cls(raw)

    def formatted(self) -> str:
        text = base64.b32encode(self.raw).decode("ascii") + _check_chars(self.raw)
        return "-".join(text[i : i + RECOVERY_GROUP] for i in range(0, len(text), RECOVERY_GROUP))


def _check_chars(raw: bytes) -> str:
    return base64.b32encode(hashlib.sha256(b"recovery-check" + raw).digest()[:5]).decode()[
        :RECOVERY_CHECK_CHARS
    ]


# --- the file ---------------------------------------------------------------


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def _check_of(part: dict[str, Any]) -> str:
    body = {k: v for k, v in part.items() if k != "check"}
    return hashlib.sha256(_canonical(body)).hexdigest()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise TypeError("base64 text expected")
    return base64.b64decode(text.encode("ascii"), validate=True)


@dataclass(frozen=True)
class KeyFile:
    """The parsed key file. Immutable: changes return a new object to save."""

    path: Path
    header: dict[str, Any]
    slots: dict[str, dict[str, Any]]

    @property
    def vault_id(self) -> str:
        return str(self.header["vault_id"])

    @property
    def sqlcipher_compatibility(self) -> int:
        return int(self.header["sqlcipher_compatibility"])

    @property
    def passphrase_kdf(self) -> KdfParams:
        slot = self.slots["passphrase"]
        return KdfParams(slot["memory_kib"], slot["iterations"], slot["lanes"])

    # -- creating ------------------------------------------------------------

    @classmethod
    def new(
        cls,
        path: Path,
        data_key: bytes | bytearray,
        passphrase: str,
        recovery: RecoveryKey,
        kdf: KdfParams,
    ) -> KeyFile:
        header = {
            "format": FORMAT,
            "version": VERSION,
            "vault_id": uuid.uuid4().hex,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "cipher": CIPHER,
            "sqlcipher_compatibility": SQLCIPHER_COMPATIBILITY,
        }
        blank = cls(path, header, {})
        return blank.with_passphrase(data_key, passphrase, kdf).with_recovery(data_key, recovery)

    def with_passphrase(
        self, data_key: bytes | bytearray, passphrase: str, kdf: KdfParams
    ) -> KeyFile:
        salt = os.urandom(SALT_BYTES)
        params = {
            "kdf": "argon2id",
            "salt": _b64(salt),
            "memory_kib": kdf.memory_kib,
            "iterations": kdf.iterations,
            "lanes": kdf.lanes,
        }
        return self._with_slot("passphrase", params, kdf.derive(passphrase, salt), data_key)

    def with_recovery(self, data_key: bytes | bytearray, recovery: RecoveryKey) -> KeyFile:
        salt = os.urandom(SALT_BYTES)
        params = {"kdf": "hkdf-sha256", "salt": _b64(salt)}
        return self._with_slot("recovery", params, _recovery_kek(recovery, salt), data_key)

    def _with_slot(
        self, name: str, params: dict[str, Any], kek: bytearray, data_key: bytes | bytearray
    ) -> KeyFile:
        nonce = os.urandom(NONCE_BYTES)
        try:
            wrapped = AESGCM(kek).encrypt(nonce, data_key, self._aad(name, params))
        finally:
            wipe(kek)  # AESGCM keeps a copy of its own, freed with it
        slot = {**params, "nonce": _b64(nonce), "wrapped_key": _b64(wrapped)}
        slot["check"] = _check_of(slot)
        return replace(self, slots={**self.slots, name: slot})

    # -- unwrapping ----------------------------------------------------------

    def unwrap_with_passphrase(self, passphrase: str) -> bytearray:
        slot = self.slots["passphrase"]
        kek = self.passphrase_kdf.derive(passphrase, _unb64(slot["salt"]))
        key = self._unwrap("passphrase", kek)
        if key is None:
            raise WrongPassphrase()
        return key

    def unwrap_with_recovery(self, recovery: RecoveryKey) -> bytearray:
        slot = self.slots["recovery"]
        key = self._unwrap("recovery", _recovery_kek(recovery, _unb64(slot["salt"])))
        if key is None:
            raise WrongRecoveryKey("That recovery key does not open this vault.")
        return key

    def _unwrap(self, name: str, kek: bytearray) -> bytearray | None:
        slot = self.slots[name]
        params = {k: v for k, v in slot.items() if k not in ("nonce", "wrapped_key", "check")}
        wrapped = _unb64(slot["wrapped_key"])
        # Decrypted straight into a buffer that can be wiped, never into bytes
        # (the parser checked the wrapped key's size).
        key = bytearray(DATA_KEY_BYTES)
        try:
            AESGCM(kek).decrypt_into(_unb64(slot["nonce"]), wrapped, self._aad(name, params), key)
        except InvalidTag:
            wipe(key)
            return None
        finally:
            wipe(kek)
        return key

    def _aad(self, slot_name: str, params: dict[str, Any]) -> bytes:
        bound = {
            "format": self.header["format"],
            "version": self.header["version"],
            "vault_id": self.header["vault_id"],
            "slot": slot_name,
            "params": params,
        }
        return _canonical(bound)

    # -- file I/O ------------------------------------------------------------

    def to_bytes(self) -> bytes:
        header = {**self.header}
        header["check"] = _check_of(header)
        document = {"header": header, "slots": self.slots}
        return json.dumps(document, indent=2, sort_keys=True).encode("ascii") + b"\n"

    def save(self) -> None:
        """Replace the file on disk atomically; the old one stays on any failure."""
        write_atomic(self.path, self.to_bytes(), what="key file")

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        try:
            with path.open("rb") as handle:
                raw = handle.read(MAX_KEY_FILE_BYTES + 1)
        except FileNotFoundError:
            raise VaultNotFound(path.parent) from None
        except IsADirectoryError:
            raise VaultDamaged(path, "it is a folder, not a file") from None
        except OSError as error:
            raise StorageError(f"Could not read {path}: {describe_os_error(error)}.") from error
        return cls.parse(path, raw)

    @classmethod
    def parse(cls, path: Path, raw: bytes) -> KeyFile:
        """Read ``raw`` and check every field of it.

        Anything this app would not have written (a field missing, of another
        type or size, costs beyond the bounds) is :class:`VaultDamaged`, before
        any key is derived, so nothing read from the file reaches the KDF or
        the cipher unchecked.
        """
        try:
            header, slots = _read_document(raw)
            _check_header(header)
            if set(slots) != set(_SLOT_FIELDS):
                raise _Invalid("its parts are not the passphrase and recovery parts")
            for name in _SLOT_FIELDS:
                _check_slot(name, slots[name])
        except _Invalid as error:
            raise VaultDamaged(path, str(error)) from None
        header = {k: v for k, v in header.items() if k != "check"}
        return cls(path, header, slots)


# --- checking a file that was read --------------------------------------------

MAX_KEY_FILE_BYTES = 64 * 1024  # a key file is about 1 KB
_VAULT_ID = re.compile(r"[0-9a-f]{32}")  # uuid4().hex
_MAX_DATE_CHARS = 40
_HEADER_FIELDS = frozenset(
    {"format", "version", "vault_id", "created", "cipher", "sqlcipher_compatibility", "check"}
)
_SLOT_KDF = {"passphrase": "argon2id", "recovery": "hkdf-sha256"}
_SLOT_FIELDS = {
    "passphrase": frozenset(
        {"kdf", "salt", "memory_kib", "iterations", "lanes", "nonce", "wrapped_key", "check"}
    ),
    "recovery": frozenset({"kdf", "salt", "nonce", "wrapped_key", "check"}),
}
_SIZES = {"salt": SALT_BYTES, "nonce": NONCE_BYTES, "wrapped_key": WRAPPED_KEY_BYTES}


class _Invalid(Exception):
    """A part of the key file is not what this app writes; the text says which."""


def _unique_fields(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # JSON readers differ on which copy of a repeated field wins; this app
    # never writes one.
    document = dict(pairs)
    if len(document) != len(pairs):
        raise _Invalid("a field appears twice")
    return document


def _no_constant(name: str) -> Any:
    raise _Invalid("the key file cannot be read")  # NaN, Infinity: not JSON this app writes


def _read_document(raw: bytes) -> tuple[dict[str, Any], dict[str, Any]]:
    if len(raw) > MAX_KEY_FILE_BYTES:
        raise _Invalid("it is far larger than a key file")
    try:
        document = json.loads(
            raw.decode("utf-8"), object_pairs_hook=_unique_fields, parse_constant=_no_constant
        )
    except (UnicodeDecodeError, ValueError, RecursionError):
        # ValueError covers JSONDecodeError and numbers too long to convert.
        raise _Invalid("the key file cannot be read") from None
    if not (
        isinstance(document, dict)
        and set(document) == {"header", "slots"}
        and isinstance(document["header"], dict)
        and isinstance(document["slots"], dict)
    ):
        raise _Invalid("the key file cannot be read")
    return document["header"], document["slots"]


def _is_int(value: Any) -> bool:
    return type(value) is int  # not bool, which JSON's true becomes


def _check_header(header: dict[str, Any]) -> None:
    if header.get("check") != _check_of(header) or header.get("format") != FORMAT:
        raise _Invalid("the key file's header does not check out")
    if not _is_int(header.get("version")) or header["version"] != VERSION:
        raise _Invalid("its version is not one this app knows")
    if set(header) != _HEADER_FIELDS:
        raise _Invalid("the key file's header has missing or unknown fields")
    vault_id, created = header["vault_id"], header["created"]
    if not (isinstance(vault_id, str) and _VAULT_ID.fullmatch(vault_id)):
        raise _Invalid("the vault id in the key file is not one")
    if not (isinstance(created, str) and len(created) <= _MAX_DATE_CHARS and _is_date(created)):
        raise _Invalid("the creation date in the key file is not a date")
    if header["cipher"] != CIPHER:
        raise _Invalid("the key file names a cipher this app does not use")
    compatibility = header["sqlcipher_compatibility"]
    if not _is_int(compatibility) or compatibility != SQLCIPHER_COMPATIBILITY:
        raise _Invalid("the database format named in the key file is not one this app writes")


def _is_date(text: str) -> bool:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def _check_slot(name: str, slot: Any) -> None:
    if not isinstance(slot, dict) or slot.get("check") != _check_of(slot):
        raise _Invalid(f"the {name} part of the key file does not check out")
    invalid = _Invalid(f"the {name} part of the key file is invalid")
    if set(slot) != _SLOT_FIELDS[name] or slot["kdf"] != _SLOT_KDF[name]:
        raise invalid
    for field_name, size in _SIZES.items():
        try:
            decoded = _unb64(slot[field_name])
        except (TypeError, ValueError, binascii.Error):
            raise invalid from None
        if len(decoded) != size:
            raise invalid
    if name == "passphrase":
        params = KdfParams(slot["memory_kib"], slot["iterations"], slot["lanes"])
        if not params.within_bounds():
            raise _Invalid(
                "the passphrase part of the key file asks for key derivation costs "
                "beyond what this app uses"
            )


def _recovery_kek(recovery: RecoveryKey, salt: bytes) -> bytearray:
    # The recovery key is 160 random bits, so no stretching is needed: HKDF
    # only turns it into a 256-bit AES key bound to this salt.
    hkdf = HKDF(
        algorithm=hashes.SHA256(),
        length=DATA_KEY_BYTES,
        salt=salt,
        info=b"therapy-journal recovery key v1",
    )
    kek = bytearray(DATA_KEY_BYTES)
    hkdf.derive_into(recovery.raw, kek)
    return kek


def new_data_key() -> bytearray:
    return bytearray(secrets.token_bytes(DATA_KEY_BYTES))
