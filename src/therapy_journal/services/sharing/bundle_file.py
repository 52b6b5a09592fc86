"""Writing a bundle's file: its ZIP encrypted with age, as an age file or a
shared page, never in plaintext on disk.

A bundle is written as it is made (:func:`write_sealed`): the ZIP a member at
a time (:func:`pack.zip_chunks`) through age's streaming encryption (pyrage's
for keys, :mod:`age_scrypt` for a page's passphrase) into a temporary file
beside the destination (ciphertext only, readable by its owner), renamed over
it at the end. So memory holds a member and a chunk of age's payload, not the
whole ZIP and its encryption; a cancel or a failure removes the temporary file
and writes nothing. An .age file locked with a passphrase is still encrypted
whole: pyrage offers age's scrypt recipient for bytes only (and scrypt itself
takes far more memory than the bundle).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from therapy_journal.services.destination import exists
from therapy_journal.services.sharing import age_scrypt
from therapy_journal.services.sharing.age import (
    check_passphrase,
    encrypt_to_recipients,
    encrypt_with_passphrase,
    stream_to_recipients,
)
from therapy_journal.services.sharing.age_header import AGE_MAGIC
from therapy_journal.services.sharing.errors import BundleError
from therapy_journal.services.sharing.html_page import (
    PAGE_WORK_FACTOR,
    is_page,
    make_page,
    page_around,
)
from therapy_journal.services.sharing.layout import FORMS
from therapy_journal.store.atomic import Writer, describe_os_error, write_atomic_from
from therapy_journal.store.errors import StorageError


def fingerprint(encrypted: bytes) -> str:
    """The SHA-256 of the encrypted file, in hex: what to compare when it arrives."""
    return hashlib.sha256(encrypted).hexdigest()


def check_form(form: str) -> None:
    if form not in FORMS:
        raise BundleError(f"A bundle is written as {' or '.join(FORMS)}, not {form}.")


def seal(
    data: bytes, *, recipients: Sequence[str], passphrase: str | None, form: str = "age"
) -> bytes:
    """The ZIP ``data`` encrypted, as the bundle file of ``form``: an age file,
    or a shared page carrying one (armored). A page locked with a passphrase
    asks for scrypt at :data:`PAGE_WORK_FACTOR`, so that a browser opens it in
    seconds; an .age file asks for what age picks."""
    check_form(form)
    if form == "age":
        if passphrase is not None:
            return encrypt_with_passphrase(data, passphrase)
        return encrypt_to_recipients(data, recipients)
    if passphrase is not None:
        check_passphrase(passphrase)
        sealed = age_scrypt.encrypt_with_passphrase(data, passphrase, PAGE_WORK_FACTOR)
        return make_page(age_scrypt.armor(sealed))
    return make_page(encrypt_to_recipients(data, recipients, armored=True))


def write_bundle(path: Path, encrypted: bytes) -> str:
    """Write the encrypted bundle (an age file, or a shared page) atomically,
    readable by its owner only; return its fingerprint."""
    if not (encrypted.startswith(AGE_MAGIC) or is_page(encrypted)):
        raise BundleError("Only an encrypted bundle can be written.")
    _save(path, lambda out: out.write(encrypted))
    return fingerprint(encrypted)


class _Hashing:
    """Passes writes on to ``out`` and hashes them: the file's fingerprint."""

    def __init__(self, out: Writer) -> None:
        self._out = out
        self.digest = hashlib.sha256()

    def write(self, data: bytes, /) -> int:
        self.digest.update(data)
        return self._out.write(data)


def write_sealed(
    path: Path,
    chunks: Iterable[bytes],
    *,
    recipients: Sequence[str],
    passphrase: str | None,
    form: str = "age",
) -> str:
    """Encrypt the ZIP that ``chunks`` make, as :func:`seal` does, and write it
    to ``path`` as it is encrypted (see the module); return its fingerprint.
    What stops ``chunks`` (a cancel) is raised again, and nothing is written."""
    check_form(form)
    if passphrase is not None:
        check_passphrase(passphrase)
    hashed: list[_Hashing] = []

    def produce(out: Writer) -> None:
        hashing = _Hashing(out)
        hashed.append(hashing)
        if form == "age":
            if passphrase is not None:
                hashing.write(encrypt_with_passphrase(b"".join(chunks), passphrase))
            else:
                stream_to_recipients(chunks, hashing, recipients)
            return
        before, after = page_around()
        hashing.write(before)
        if passphrase is not None:
            age_scrypt.stream_with_passphrase(
                chunks, hashing, passphrase, PAGE_WORK_FACTOR, armored=True
            )
        else:
            stream_to_recipients(chunks, hashing, recipients, armored=True)
        hashing.write(after)

    _save(path, produce)
    return hashed[-1].digest.hexdigest()


def _save(path: Path, produce: Callable[[Writer], object]) -> None:
    """Write the bundle file at ``path`` with ``produce``, atomically and
    readable by its owner only; a failure to write says so in one sentence."""
    replacing = exists(path)
    try:
        write_atomic_from(path, produce, mode=0o600, what="bundle")
    except StorageError as error:
        if replacing:
            raise BundleError(str(error)) from error
        # Nothing was there before: no "previous bundle" to speak of.
        cause = error.__cause__
        reason = describe_os_error(cause) if isinstance(cause, OSError) else str(error)
        raise BundleError(f"Could not write the bundle {path}: {reason}.") from error
