"""Rotating a vault's data key, so that a kill at any moment leaves a vault
that opens with the passphrase and with the recovery key.

Why a copy rather than SQLCipher's ``PRAGMA rekey`` in place: ``PRAGMA rekey``
rewrites every page in one call that reports no progress, and it rewrites the
live file. Here every page is copied through SQLite's online backup API into a
new file encrypted under the new key (with progress), checked, and renamed over
the old one: the database the key file opens is never half re-encrypted.

The order of writes:

1. ``.journal.db.<random>.tmp``: every page, encrypted under the new key
   (read through a connection that holds the database to itself, after the
   write-ahead log was merged into it), flushed, opened with the new key,
   switched to WAL mode and checked page by page.
2. ``vault.key.rekey``: the new key file (the new key under the passphrase and
   under the same recovery key), written atomically.
3. The new database renamed over ``journal.db``.
4. ``vault.key.rekey`` renamed over ``vault.key``.

Until step 3, ``vault.key`` opens ``journal.db`` and whatever else is there is
a leftover. Between 3 and 4, ``journal.db`` opens only with the key in
``vault.key.rekey``: :func:`settle` (run by every unlock, with the passphrase
or the recovery key, and before a passphrase change) finds which key file
opens the database and finishes step 4, or removes the leftovers.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from therapy_journal.store.atomic import (
    describe_os_error,
    fsync_folder,
    remove_temporaries,
    temp_name_for,
    unfinished,
)
from therapy_journal.store.buffers import wipe
from therapy_journal.store.db import Database
from therapy_journal.store.entries import EntryRepository
from therapy_journal.store.errors import (
    StorageError,
    VaultDamaged,
    VaultOpenElsewhere,
    VaultReadOnly,
    WrongPassphrase,
    WrongRecoveryKey,
)
from therapy_journal.store.keyfile import KdfParams, KeyFile, RecoveryKey, new_data_key
from therapy_journal.store.locks import open_elsewhere

log = logging.getLogger(__name__)

PENDING_SUFFIX = ".rekey"

Unwrap = Callable[[KeyFile], bytearray]
Progress = Callable[[int, int], None]


def pending_path(key_path: Path) -> Path:
    """Where the key file of a rotation not finished yet is kept."""
    return key_path.with_name(key_path.name + PENDING_SUFFIX)


def rotate(
    db_path: Path,
    keyfile: KeyFile,
    key: bytearray,
    *,
    recovery: RecoveryKey,
    passphrase: str,
    kdf: KdfParams,
    progress: Progress | None = None,
) -> tuple[KeyFile, bytearray]:
    """Re-encrypt the database at ``db_path`` under a new random data key and
    write the key file for it; return that key file and the new key.

    ``keyfile`` is the current key file and ``key`` the key it holds (already
    checked against ``recovery`` by the caller); ``passphrase`` is the one the
    new key file is written for. ``progress(pages_copied, pages)``.
    """
    folder = db_path.parent
    if not os.access(folder, os.W_OK):
        raise VaultReadOnly(folder, "so its key could not be changed")
    if open_elsewhere(db_path):
        raise VaultOpenElsewhere(folder)
    new_key = new_data_key()
    try:
        new_file = replace(
            keyfile.with_passphrase(new_key, passphrase, kdf).with_recovery(new_key, recovery),
            path=pending_path(keyfile.path),
        )
        source = Database.open(
            db_path,
            key,
            create=False,
            compatibility=keyfile.sqlcipher_compatibility,
            exclusive=True,
        )
        try:
            source.checkpoint()  # everything in the database file itself
            copy = temp_name_for(db_path)
            with unfinished(copy):
                try:
                    _copy(source, copy, new_key, keyfile.sqlcipher_compatibility, progress)
                    new_file.save()  # step 2
                    _drop_empty_log(db_path)
                    _rename(copy, db_path)  # step 3
                finally:
                    remove_temporaries([copy])
        finally:
            source.close()  # its empty log goes with it
        _rename(new_file.path, keyfile.path)  # step 4
    except BaseException:
        wipe(new_key)
        raise
    log.info("the data key was rotated and every page encrypted again")
    return replace(new_file, path=keyfile.path), new_key


def _copy(
    source: Database, target: Path, key: bytearray, compatibility: int, progress: Progress | None
) -> None:
    """Step 1: every page into the new file ``target``, checked."""
    try:
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as error:
        raise StorageError(
            f"Could not write in {target.parent}: {describe_os_error(error)}; nothing was changed."
        ) from error
    entries = EntryRepository(source).count()
    source.copy_to(target, key, compatibility=compatibility, progress=progress)
    _fsync(target)
    copy = Database.open(target, key, create=False, compatibility=compatibility)
    try:
        copy.execute("PRAGMA journal_mode = WAL").fetchone()
        problems = copy.cipher_problems()
        if problems or EntryRepository(copy).count() != entries:
            raise StorageError(
                "The vault's pages could not be copied under the new key faithfully "
                f"({problems[0] if problems else 'entries missing'}); nothing was changed."
            )
    finally:
        copy.close()
    _fsync(target)


def _drop_empty_log(db_path: Path) -> None:
    """Remove the old database's write-ahead log, merged and emptied (a
    connection holding the database exclusively leaves it behind), so that no
    log of the old database lies beside the new one. Nothing else can be using
    it: this process holds the old database to itself."""
    log_path = db_path.with_name(db_path.name + "-wal")
    try:
        if log_path.stat().st_size == 0:
            log_path.unlink()
    except FileNotFoundError:
        return


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _rename(source: Path, target: Path) -> None:
    try:
        os.replace(source, target)
    except OSError as error:
        raise StorageError(
            f"Could not put {target.name} in place in {target.parent}: "
            f"{describe_os_error(error)}. The vault still opens with your passphrase."
        ) from error
    try:
        fsync_folder(target.parent)
    except OSError as error:  # the rename happened; only its durability is in doubt
        log.warning("could not flush the vault folder after a rename: %s", error)


# --- after an interrupted rotation ----------------------------------------------------


def settle(db_path: Path, keyfile: KeyFile, unwrap: Unwrap) -> tuple[KeyFile, bytearray]:
    """The key file that opens the database, and its key (unwrapped with ``unwrap``).

    Without a rotation cut short this is ``keyfile`` and its key. Otherwise
    the database is tried with the current key file's key, then with the
    pending one's; the winner becomes ``vault.key`` and the leftovers go.
    """
    pending = pending_path(keyfile.path)
    if not pending.exists():
        return keyfile, unwrap(keyfile)
    refusal: Exception | None = None
    for candidate in (keyfile, _load_pending(pending)):
        if candidate is None:
            continue
        try:
            key = unwrap(candidate)
        except (WrongPassphrase, WrongRecoveryKey) as error:
            refusal = refusal or error
            continue
        if _opens(db_path, candidate, key):
            _finish(db_path, candidate, keyfile.path, pending)
            return replace(candidate, path=keyfile.path), key
        wipe(key)
    if refusal is not None:
        raise refusal
    raise VaultDamaged(db_path, "neither key file's key opens it")


def _load_pending(path: Path) -> KeyFile | None:
    try:
        return KeyFile.load(path)
    except VaultDamaged:  # cut short while being written: it never took effect
        log.warning("the key file of an interrupted key rotation cannot be read; ignoring it")
        return None


def _opens(db_path: Path, keyfile: KeyFile, key: bytearray) -> bool:
    try:
        Database.open(
            db_path, key, create=False, compatibility=keyfile.sqlcipher_compatibility
        ).close()
    except VaultDamaged:
        return False
    return True


def _finish(db_path: Path, winner: KeyFile, key_path: Path, pending: Path) -> None:
    """Step 4 if the pending key file won; else drop it. Leftover copies go."""
    if winner.path == pending:
        _rename(pending, key_path)
        log.info("finished a key rotation that was cut short")
    else:
        pending.unlink(missing_ok=True)
        log.info("removed the leftovers of a key rotation that was cut short")
    remove_temporaries(db_path.parent.glob(f".{db_path.name}.*.tmp"))
