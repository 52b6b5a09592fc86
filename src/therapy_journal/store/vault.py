"""The vault: a folder holding the encrypted database and its key file.

Life cycle: :meth:`Vault.create` (or :meth:`Vault.unlock`,
:meth:`Vault.unlock_with_recovery`) gives an unlocked vault whose
:attr:`Vault.db` is open; :meth:`Vault.lock` closes the database and drops the
key. :meth:`Vault.change_passphrase` rewrites only the key file;
:meth:`Vault.rekey` replaces the data key itself (see :mod:`key_rotation`).

:meth:`Vault.snapshot` copies the database, still encrypted, while it is in use.

Nothing here writes to the vault before the passphrase or recovery key has
been checked against the key file, so a wrong one changes no file.
"""

from __future__ import annotations

import hmac
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from therapy_journal.store import key_rotation, migrations
from therapy_journal.store.atomic import describe_os_error, remove_stale_temps, remove_temporaries
from therapy_journal.store.buffers import wipe
from therapy_journal.store.db import Database
from therapy_journal.store.entries import EntryRepository
from therapy_journal.store.errors import (
    StorageError,
    VaultDamaged,
    VaultExists,
    VaultLocked,
    VaultNotFound,
    VaultReadOnly,
    WeakPassphrase,
)
from therapy_journal.store.keyfile import KdfParams, KeyFile, RecoveryKey, new_data_key
from therapy_journal.store.pagefile import PageFile

log = logging.getLogger(__name__)

DB_NAME = "journal.db"
KEY_NAME = "vault.key"
MIN_PASSPHRASE_CHARS = 8


def check_new_passphrase(passphrase: str) -> None:
    """Refuse passphrases too short to protect anything."""
    if len(passphrase) < MIN_PASSPHRASE_CHARS:
        raise WeakPassphrase(
            f"A passphrase needs at least {MIN_PASSPHRASE_CHARS} characters; "
            "a few unrelated words work well."
        )


@dataclass(frozen=True)
class Snapshot:
    """A copy of the vault's database as of one moment, in a file of its own,
    encrypted with the same data key."""

    path: Path
    schema_version: int
    entries: int  # outside the trash


# The snapshot's own connection reads every page once: a big cache would only
# grow the app's memory for the length of a backup.
_SNAPSHOT_CACHE_KIB = 2048


class Vault:
    """One vault folder. Locked until unlocked; holds the data key only while unlocked."""

    def __init__(self, folder: Path, *, kdf: KdfParams | None = None) -> None:
        self.folder = Path(folder)
        # The cost used when this object writes a passphrase slot; tests pass
        # a cheap one, the app uses the defaults.
        self.kdf = kdf or KdfParams()
        self._db: Database | None = None
        self._key: bytearray | None = None
        self._keyfile: KeyFile | None = None

    @property
    def db_path(self) -> Path:
        return self.folder / DB_NAME

    @property
    def key_path(self) -> Path:
        return self.folder / KEY_NAME

    def exists(self) -> bool:
        return self.key_path.exists() or self.db_path.exists()

    @property
    def is_unlocked(self) -> bool:
        return self._db is not None

    @property
    def db(self) -> Database:
        if self._db is None:
            raise VaultLocked()
        return self._db

    @property
    def read_only(self) -> bool:
        """Unlocked from a disk or folder this process cannot write: readable, not changeable."""
        return self._db is not None and self._db.read_only

    @property
    def vault_id(self) -> str:
        if self._keyfile is None:
            raise VaultLocked()
        return self._keyfile.vault_id

    # -- life cycle ------------------------------------------------------------

    def create(self, passphrase: str) -> str:
        """Make a new vault and leave it unlocked; return the recovery key, formatted.

        The database is written first and the key file last, so an interrupted
        create never leaves a key file that points at nothing.
        """
        check_new_passphrase(passphrase)
        if self.exists():
            raise VaultExists(self.folder)
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(self.folder, 0o700)  # also when the person made the folder beforehand
        key = new_data_key()
        recovery = RecoveryKey.generate()
        keyfile = KeyFile.new(self.key_path, key, passphrase, recovery, self.kdf)
        db = Database.open(self.db_path, key, create=True)
        try:
            os.chmod(self.db_path, 0o600)
            migrations.apply(db, new=True)
            with db.transaction():
                db.execute(
                    "INSERT INTO meta (key, value) VALUES ('vault_id', ?)", (keyfile.vault_id,)
                )
            keyfile.save()
        except BaseException:
            db.close()
            for leftover in self.folder.glob(DB_NAME + "*"):
                leftover.unlink(missing_ok=True)
            raise
        self._opened(db, key, keyfile)
        log.info("created a vault in %s", self.folder)
        return recovery.formatted()

    def unlock(self, passphrase: str) -> None:
        keyfile, key = self._unwrapped(lambda kf: kf.unwrap_with_passphrase(passphrase))
        self._open_database(keyfile, key)

    def key_copy(self) -> bytearray:
        """A copy of the open vault's data key, in a buffer for the caller to wipe."""
        if self._key is None:
            raise VaultLocked()
        return bytearray(self._key)

    def unlock_with_key(self, key: bytearray) -> None:
        """Open with the data key itself (from the unlock cache), skipping the
        KDF. Takes ``key`` (wiped here on failure, kept while unlocked). A key
        that does not open the database is :class:`VaultDamaged` for it."""
        try:
            keyfile = self._load_keyfile()
        except BaseException:
            wipe(key)
            raise
        self._open_database(keyfile, key)

    def unlock_with_recovery(self, recovery_key: str, new_passphrase: str) -> None:
        """Open with the recovery key and set ``new_passphrase`` in the same step."""
        check_new_passphrase(new_passphrase)
        recovery = RecoveryKey.parse(recovery_key)
        self._check_database_exists()
        keyfile, key = self._unwrapped(lambda kf: kf.unwrap_with_recovery(recovery))
        keyfile = self._rewrapped(keyfile, key, new_passphrase)
        self._open_database(keyfile, key)
        log.info("the passphrase was reset with the recovery key")

    def change_passphrase(self, current: str, new: str) -> None:
        """Replace the passphrase. Only the key file is rewritten, atomically.

        Works on a locked vault too: ``current`` is checked against the key
        file, and the database is not opened.
        """
        check_new_passphrase(new)
        keyfile, key = self._unwrapped(lambda kf: kf.unwrap_with_passphrase(current))
        try:
            keyfile = self._rewrapped(keyfile, key, new)
        finally:
            wipe(key)
        if self._keyfile is not None:
            self._keyfile = keyfile
        log.info("the passphrase was changed")

    def rekey(
        self,
        passphrase: str,
        recovery_key: str,
        *,
        new_passphrase: str | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        """Replace the data key with a new random one, after a suspected leak:
        every page of the database is encrypted again under it, and the key
        file is written for it under the passphrase (``new_passphrase`` if
        given) and the same recovery key. ``progress(pages_copied, pages)``.

        The recovery key is asked for because its part of the key file wraps
        the data key under a key derived from the recovery key itself, which
        is never stored: a new data key can be wrapped for it only with it.
        It stays the same. The vault must be locked here and closed in every
        other program (:class:`VaultOpenElsewhere`). A kill at any moment
        leaves a vault that opens with the passphrase and the recovery key.
        """
        if self.is_unlocked:
            raise RuntimeError("lock the vault before replacing its data key")
        if new_passphrase is not None:
            check_new_passphrase(new_passphrase)
        recovery = RecoveryKey.parse(recovery_key)
        self._check_database_exists()
        keyfile, key = self._unwrapped(lambda kf: kf.unwrap_with_passphrase(passphrase))
        try:
            check = keyfile.unwrap_with_recovery(recovery)
            same = hmac.compare_digest(check, key)
            wipe(check)
            if not same:  # two slots holding different keys: a damaged file
                raise VaultDamaged(self.key_path, "its two parts hold different keys")
            kdf = self.kdf.at_least(keyfile.passphrase_kdf)
            _, new_key = key_rotation.rotate(
                self.db_path,
                keyfile,
                key,
                recovery=recovery,
                passphrase=new_passphrase or passphrase,
                kdf=kdf,
                progress=progress,
            )
            wipe(new_key)
        finally:
            wipe(key)

    def lock(self) -> None:
        """Close the database and drop the key."""
        if self._db is not None:
            self._db.close()
        self._db = None
        if self._key is not None:
            wipe(self._key)
        self._key = None
        self._keyfile = None

    # -- copies ----------------------------------------------------------------

    def snapshot(
        self, target: Path, progress: Callable[[int, int], None] | None = None
    ) -> Snapshot:
        """Copy the database as it is now into the new file ``target`` (mode 0600).

        The copy is read through a connection of its own, inside one read
        transaction, with SQLite's online backup API: it includes what still
        sits in the write-ahead log, other processes (and this vault's own
        connection) go on writing meanwhile, and the app's connection and its
        lock stay free for other threads. ``progress(pages_copied, pages)``
        may raise to stop the copy.
        """
        key, keyfile = self._secrets()
        try:
            return self._snapshot(key, keyfile, target, progress)
        finally:
            wipe(key)

    def _snapshot(
        self,
        key: bytearray,
        keyfile: KeyFile,
        target: Path,
        progress: Callable[[int, int], None] | None,
    ) -> Snapshot:
        try:
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except OSError as error:
            raise StorageError(
                f"Could not write in {target.parent}: {describe_os_error(error)}."
            ) from error
        source = Database.open(
            self.db_path, key, create=False, compatibility=keyfile.sqlcipher_compatibility
        )
        try:
            source.execute(f"PRAGMA cache_size = -{_SNAPSHOT_CACHE_KIB}")
            with source.read_snapshot():
                snapshot = Snapshot(
                    target, migrations.schema_version(source), EntryRepository(source).count()
                )
                source.copy_to(
                    target,
                    key,
                    compatibility=keyfile.sqlcipher_compatibility,
                    progress=progress,
                )
        finally:
            source.close()
        return snapshot

    def open_copy(self, path: Path) -> Database:
        """Open a database file written with this vault's data key (a snapshot,
        or the database of a backup being checked)."""
        key, keyfile = self._secrets()
        try:
            return Database.open(
                path, key, create=False, compatibility=keyfile.sqlcipher_compatibility
            )
        finally:
            wipe(key)

    def open_pages(self) -> PageFile:
        """The database's pages, read without SQLite: what salvage falls back on
        when damage keeps SQLite from reaching rows (see :mod:`pagefile`)."""
        key, _ = self._secrets()
        return PageFile(self.db_path, key)

    # -- helpers ---------------------------------------------------------------

    def _secrets(self) -> tuple[bytearray, KeyFile]:
        """A copy of the key for the caller to wipe (the work may run on while
        the vault locks and wipes its own), and the key file."""
        if self._key is None or self._keyfile is None:
            raise VaultLocked()
        return bytearray(self._key), self._keyfile

    def _unwrapped(self, unwrap: key_rotation.Unwrap) -> tuple[KeyFile, bytearray]:
        """The key file and the data key it holds; after a key rotation that
        was cut short, whichever of the two key files opens the database."""
        return key_rotation.settle(self.db_path, self._load_keyfile(), unwrap)

    def _load_keyfile(self) -> KeyFile:
        if not self.key_path.exists():
            if self.db_path.exists():
                raise VaultDamaged(self.key_path, "the key file is missing")
            raise VaultNotFound(self.folder)
        return KeyFile.load(self.key_path)

    def _check_database_exists(self) -> None:
        if not self.db_path.is_file():
            raise VaultDamaged(self.db_path, "the journal database is missing")

    def _rewrapped(self, keyfile: KeyFile, key: bytearray, passphrase: str) -> KeyFile:
        # Never lower a vault's KDF cost; raise it to this app's when it is higher.
        kdf = self.kdf.at_least(keyfile.passphrase_kdf)
        rewrapped = keyfile.with_passphrase(key, passphrase, kdf)
        rewrapped.save()
        return rewrapped

    def _open_database(self, keyfile: KeyFile, key: bytearray) -> None:
        try:
            db = Database.open(
                self.db_path,
                key,
                create=False,
                compatibility=keyfile.sqlcipher_compatibility,
            )
        except BaseException:
            wipe(key)
            raise
        try:
            if db.read_only and 0 < migrations.schema_version(db) < migrations.LATEST:
                raise VaultReadOnly(
                    self.folder,
                    "and it must first be updated for this version of the app; copy the "
                    "vault folder to a writable disk and open the copy",
                )
            migrations.apply(db)
        except BaseException:
            db.close()
            wipe(key)
            raise
        self._opened(db, key, keyfile)
        if not db.read_only:
            remove_stale_temps(self.key_path)
            # A copy of the database a key rotation was writing when it was cut short.
            remove_temporaries(self.folder.glob(f".{DB_NAME}.*.tmp"))

    def _opened(self, db: Database, key: bytearray, keyfile: KeyFile) -> None:
        self.lock()
        self._db, self._key, self._keyfile = db, key, keyfile
