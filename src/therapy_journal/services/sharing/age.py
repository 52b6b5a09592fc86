"""age encryption of bundles: to public keys or with a passphrase, and back.

Encryption and decryption are pyrage's (the rage implementation), never done
by hand. Before pyrage sees a received file, :mod:`age_header` has bounded and
read its header. Every failure becomes a :class:`BundleError` with one plain
sentence: :class:`BundleWrongKey` when no key or passphrase given opens the
file, :class:`BundleDamaged` for anything else wrong with it.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import pyrage
from pyrage import passphrase as age_passphrase
from pyrage import x25519

from therapy_journal.services.sharing.age_header import (
    MAX_RECIPIENTS,
    MAX_SCRYPT_WORK_FACTOR,
    read_header,
    scrypt_work_factor,
)
from therapy_journal.services.sharing.errors import BundleDamaged, BundleError, BundleWrongKey
from therapy_journal.store.atomic import Writer

log = logging.getLogger(__name__)

ENCRYPT_TRIES = 3  # for age to pick a scrypt work factor this app will open


# -- encrypting ----------------------------------------------------------------------------


def recipient_keys(recipients: Sequence[str]) -> list[Any]:
    """age X25519 recipients from ``age1…`` strings; a plain error for anything else."""
    keys: list[Any] = []
    for text in dict.fromkeys(r.strip() for r in recipients if r.strip()):
        if text.upper().startswith("AGE-SECRET-KEY-"):
            raise BundleError(
                "That is a secret key; give the public key instead, which starts with age1."
            )
        try:
            keys.append(x25519.Recipient.from_str(text))
        except Exception:  # pyrage.RecipientError, or anything else it dislikes
            shown = text if len(text) <= 70 else text[:67] + "…"
            raise BundleError(f"'{shown}' is not an age public key (age1…).") from None
    if not keys:
        raise BundleError("Give at least one age public key (age1…) to encrypt the bundle to.")
    if len(keys) > MAX_RECIPIENTS:
        raise BundleError(
            f"A bundle can be encrypted to at most {MAX_RECIPIENTS} keys; {len(keys)} were given."
        )
    return keys


def encrypt_to_recipients(
    data: bytes, recipients: Sequence[str], *, armored: bool = False
) -> bytes:
    """``data`` as an age file that any of the ``age1…`` public keys opens, in
    ASCII armor if ``armored``."""
    keys = recipient_keys(recipients)
    try:
        return bytes(pyrage.encrypt(data, keys, armored=armored))
    except pyrage.EncryptError as error:
        raise BundleError(f"The bundle could not be encrypted ({error}).") from error


class _Chunks(io.RawIOBase):
    """``chunks`` as a stream pyrage reads what it encrypts from. An error
    raised while a chunk is made (a cancel, a failure) is kept in
    :attr:`error`: pyrage only says that reading failed."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        super().__init__()
        self._chunks: Iterator[bytes] = iter(chunks)
        self._pending = memoryview(b"")
        self.error: BaseException | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            try:
                self._pending = memoryview(next(self._chunks))
            except StopIteration:
                return 0
            except BaseException as error:
                self.error = error
                raise
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


class _Into(io.RawIOBase):
    """``out`` as pyrage writes the age file into it; its error kept in :attr:`error`."""

    def __init__(self, out: Writer) -> None:
        super().__init__()
        self._out = out
        self.error: BaseException | None = None

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        try:
            self._out.write(data)
        except BaseException as error:
            self.error = error
            raise
        return len(data)


def stream_to_recipients(
    chunks: Iterable[bytes], out: Writer, recipients: Sequence[str], *, armored: bool = False
) -> None:
    """Encrypt the bytes of ``chunks`` to the ``age1…`` public keys as they
    come, writing the age file (in ASCII armor if ``armored``) into ``out``:
    age's payload is sealed in 64 KiB chunks, so no more than a chunk or two
    of plaintext is held here. What stopped ``chunks`` or ``out`` is raised again."""
    keys = recipient_keys(recipients)
    source, sink = _Chunks(chunks), _Into(out)
    try:
        pyrage.encrypt_io(source, sink, keys, armored=armored)
    except pyrage.EncryptError as error:
        for cause in (source.error, sink.error):
            if cause is not None:
                raise cause from None
        raise BundleError(f"The bundle could not be encrypted ({error}).") from error
    for cause in (source.error, sink.error):  # swallowed on the way, if ever
        if cause is not None:
            raise cause


def encrypt_with_passphrase(data: bytes, passphrase: str) -> bytes:
    """``data`` as an age file that ``passphrase`` opens (age's scrypt recipient).

    age picks the scrypt work factor by timing this computer (about a second
    of work; 19 or 20 on a modest laptop). A factor above
    :data:`MAX_SCRYPT_WORK_FACTOR` would make a file this app refuses to open,
    so it is never returned: the timing is noisy, so age gets a few tries.
    """
    check_passphrase(passphrase)
    if not passphrase.strip():
        raise BundleError("The passphrase is empty; choose or generate one.")
    factor: int | None = None
    for _ in range(ENCRYPT_TRIES):
        try:
            encrypted = bytes(age_passphrase.encrypt(data, passphrase))
        except pyrage.EncryptError as error:
            raise BundleError(f"The bundle could not be encrypted ({error}).") from error
        factor = scrypt_work_factor(encrypted)
        if factor is None or factor <= MAX_SCRYPT_WORK_FACTOR:
            return encrypted
        log.warning("age chose scrypt work factor %d; trying again", factor)
    raise BundleError(
        f"age chose more passphrase work ({factor}) than bundles may ask for "
        f"({MAX_SCRYPT_WORK_FACTOR}); share with a key instead."
    )


def check_passphrase(passphrase: str) -> None:
    try:
        passphrase.encode("utf-8")
    except UnicodeEncodeError:
        raise BundleError("The passphrase holds characters that cannot be used.") from None


# -- decrypting ----------------------------------------------------------------------------

_NO_MATCH = "No matching keys found"  # no identity opens a stanza (or a tag fails)
_SCRYPT_FAILED = "Decryption failed"  # the passphrase does not unwrap the file key


def _identities(texts: Iterable[str]) -> list[Any]:
    """age X25519 identities from strings; each may be a whole identity file."""
    keys: list[Any] = []
    for number, text in enumerate(texts, start=1):
        for raw in text.splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.upper().startswith("AGE-SECRET-KEY-PQ-"):
                raise BundleError(
                    "Post-quantum age keys are not supported yet; use an X25519 key "
                    "(AGE-SECRET-KEY-1…)."
                )
            try:
                keys.append(x25519.Identity.from_str(line))
            except Exception:  # pyrage.IdentityError; the key itself is never shown
                raise BundleError(
                    f"Key {number} is not an age secret key (they start with AGE-SECRET-KEY-1)."
                ) from None
    return keys


def _is_pyrage_panic(error: BaseException) -> bool:
    # A Rust panic inside pyrage arrives as pyo3's PanicException, which
    # derives from BaseException; a hostile file must not crash the app.
    return type(error).__name__ == "PanicException"


def _run_decrypt(run: Callable[[], bytes], *, by_passphrase: bool) -> bytes:
    try:
        return bytes(run())
    except pyrage.DecryptError as error:
        raise _decrypt_failure(str(error).strip(), by_passphrase=by_passphrase) from error
    except Exception as error:  # anything else pyrage raises is about the file
        raise BundleDamaged("The bundle is damaged and cannot be opened.") from error
    except BaseException as error:
        if _is_pyrage_panic(error):
            raise BundleDamaged("The bundle is damaged and cannot be opened.") from error
        raise


# pyrage's other messages, by a word they contain, and what they mean for a person.
_DAMAGE = (
    ("truncated", "The bundle is incomplete; the file was probably cut short."),
    ("fill whole buffer", "The bundle is incomplete; the file was probably cut short."),
    ("mac", "The bundle's header was changed or damaged, so it cannot be trusted."),
    ("armor", "The armored bundle is damaged and cannot be read."),
    ("decodeerror", "The armored bundle is damaged and cannot be read."),
    ("header", "The bundle's header is damaged and cannot be read."),
    ("unknown age format", "The bundle's header is damaged and cannot be read."),
)


def _decrypt_failure(message: str, *, by_passphrase: bool) -> BundleError:
    """Sort pyrage's messages: no key or passphrase matched, or the file is bad."""
    if message == _SCRYPT_FAILED or (message == _NO_MATCH and by_passphrase):
        return BundleWrongKey("That passphrase does not open this bundle.")
    if message == _NO_MATCH:
        return BundleWrongKey(
            "None of the keys given opens this bundle; it was made for a different key."
        )
    lowered = message.lower()
    for word, meaning in _DAMAGE:
        if word in lowered:
            return BundleDamaged(meaning)
    return BundleDamaged("The bundle is damaged: its contents fail the integrity check.")


def decrypt(data: bytes, *, identities: Sequence[str] = (), passphrase: str | None = None) -> bytes:
    """The plaintext of an age file, with a secret key or a passphrase.

    The header is checked first: a passphrase file asking for more than
    :data:`MAX_SCRYPT_WORK_FACTOR` is refused before any key derivation.
    """
    header = read_header(data)
    payload = data.strip() if header.armored else data
    if header.work_factor is not None:
        if header.work_factor > MAX_SCRYPT_WORK_FACTOR:
            raise BundleDamaged(
                f"The bundle asks for far more passphrase work than bundles use "
                f"(scrypt factor {header.work_factor}, at most {MAX_SCRYPT_WORK_FACTOR}), "
                "so it was not opened."
            )
        if passphrase is None:
            raise BundleWrongKey("This bundle is locked with a passphrase; give it to open it.")
        check_passphrase(passphrase)
        secret = passphrase
        return _run_decrypt(lambda: age_passphrase.decrypt(payload, secret), by_passphrase=True)
    keys = _identities(identities)
    if not keys:
        raise BundleWrongKey(
            "This bundle is locked to a key"
            + (", not a passphrase" if passphrase is not None else "")
            + "; give the matching secret key to open it."
        )
    return _run_decrypt(lambda: pyrage.decrypt(payload, keys), by_passphrase=False)
