"""Backups of the whole vault in one file, their test restore, and restoring them.

A backup is a ZIP archive whose members are stored as they are (an encrypted
database does not compress):

* ``journal.db``: the database as of one moment, copied while the app may be
  writing (:meth:`BackupService._file_snapshot`), still encrypted with the
  vault's data key;
* ``vault.key``: the key file as it was on disk, so a backup opens with the
  passphrase that was current when it was made, or with the recovery key;
* ``backup.json``: the manifest (format, versions, when, vault id, schema
  version, number of entries, size and SHA-256 of the two other members).

The archive's comment is a *seal*: the SHA-256 of every byte before it except
the database member's, whose own SHA-256 the (sealed) manifest holds, so each
byte is hashed once when the backup is written and once when it is read
(format 1 sealed every byte, member included; it is still read). A backup
cut short, or with any byte changed, is refused before anything is restored.
Nothing in the file is readable journal text.

A backup is written beside its target under temporary names: the vault's
files are copied as they are (still encrypted), and the copy gets the full
check (:mod:`therapy_journal.store.integrity`: every page's HMAC, every
table's structure, the schema, the search index's list of entries) while it
is packed. A damaged vault is not backed up (a copy of it would not
restore): :class:`BackupRefused` says what is damaged. Damage only in unused
pages is left behind by copying the tables instead. Then the written file is
read back as a restore reads it (:meth:`BackupService._read_back`) and only
then renamed into place, so one that fails never replaces an earlier backup.
The outcome is recorded in the vault.

Restoring checks the whole backup, then the passphrase (or recovery key),
before it writes anything; it builds the vault in a temporary folder beside
the target, gives it the full check, and swaps it in. A vault it replaces is
moved aside, never deleted.

Threads: :meth:`BackupService.backup` reads the vault through connections of
its own, so it can run on a worker thread while the app's connection serves
the UI; the vault must stay unlocked until it returns.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import logging
import os
import re
import shutil
import struct
import zipfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

from therapy_journal import __version__
from therapy_journal.services import leftovers
from therapy_journal.services.dates import now_local
from therapy_journal.services.zips import ZIP_ERRORS, file_zip_index
from therapy_journal.store import integrity, migrations
from therapy_journal.store.atomic import (
    describe_os_error,
    fsync_folder,
    temp_name_for,
    unfinished,
)
from therapy_journal.store.buffers import wipe
from therapy_journal.store.db import Database
from therapy_journal.store.entries import EntryRepository
from therapy_journal.store.errors import (
    StorageError,
    VaultDamaged,
    VaultError,
    VaultExists,
    VaultTooNew,
    WrongPassphrase,
    WrongRecoveryKey,
)
from therapy_journal.store.keyfile import KeyFile, RecoveryKey
from therapy_journal.store.locks import open_elsewhere
from therapy_journal.store.vault import DB_NAME, KEY_NAME, Snapshot, Vault

log = logging.getLogger(__name__)

FORMAT = "therapy-journal-backup"
VERSION = 2  # 1 sealed every byte; 2 seals all but the database member, hashed on its own
BACKUP_SUFFIX = ".tjbackup"
MANIFEST_NAME = "backup.json"
MEMBERS = frozenset({DB_NAME, KEY_NAME, MANIFEST_NAME})
MAX_SMALL_MEMBER = 64 * 1024  # the key file and the manifest are about 1 KiB
CHUNK = 1024 * 1024
SNAPSHOT_CHUNK = 64 * 1024 * 1024  # bytes copied between two progress reports

SEAL_PREFIX = b"therapy-journal-backup sha256="
SEAL_LEN = len(SEAL_PREFIX) + 64
_SEAL = re.compile(re.escape(SEAL_PREFIX) + rb"([0-9a-f]{64})")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_PLAINTEXT_HEADER = b"SQLite format 3\0"
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature ... file name length, extra length
_LOCAL_SIGNATURE = b"PK\x03\x04"

LAST_VERIFIED_KEY = "backup.last_verified"
LAST_FAILED_KEY = "backup.last_failed"

# Progress callbacks get (done, total) and return False to cancel. Backup and
# restore report thousandths of the whole job: each phase has its share.
Progress = Callable[[int, int], bool | None]
PROGRESS_TOTAL = 1000
_BACKUP_PHASES = {"snapshot": (0, 550), "pack": (550, 880), "verify": (880, 1000)}
_RESTORE_PHASES = {"check": (0, 250), "extract": (250, 550), "open": (550, 1000)}


# --- errors -----------------------------------------------------------------------


class BackupError(VaultError):
    """A backup could not be made, read or restored; the message says why."""


class BackupDamaged(BackupError, ValueError):
    """The file is not a whole, unchanged backup. Found before anything is restored."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(f"{path} cannot be used as a backup: {detail}; nothing was changed.")
        self.path = path
        self.detail = detail


class BackupFailed(BackupError):
    """A new backup did not pass its test restore, so it was not kept."""


class BackupRefused(BackupError):
    """The vault is damaged, so a copy of it would not restore: no backup was written."""

    def __init__(self, health: integrity.Health) -> None:
        super().__init__(
            f"{health.summary()} No backup was written, because a backup of it would not "
            "restore; nothing was changed."
        )
        self.health = health


class BackupCancelled(BackupError):
    def __init__(self, what: str = "backup") -> None:
        super().__init__(f"The {what} was canceled; nothing was left behind.")


class VaultInUse(BackupError):
    """Another program has the vault that a restore would replace open."""


class BackupWrongPassphrase(WrongPassphrase):
    """The passphrase does not open the backup's key file."""

    def __init__(self, created: datetime) -> None:
        VaultError.__init__(
            self,
            "That passphrase does not open this backup: it opens with the passphrase that was "
            f"current when it was made ({_when(created)}), or with the recovery key.",
        )


# --- results ----------------------------------------------------------------------


@dataclass(frozen=True)
class BackupInfo:
    """What a backup holds, read from it once every check has passed."""

    path: Path
    size: int  # bytes of the backup file
    created: datetime
    app_version: str
    vault_id: str
    schema_version: int
    entries: int  # outside the trash


@dataclass(frozen=True)
class BackupResult:
    path: Path
    created: datetime
    size: int
    entries: int
    # Whether the test restore passed. A returned backup always has: one that
    # fails raises BackupFailed and is not kept.
    verified: bool
    # Damage the vault has that the backup does not (pages freed by deletes
    # that fail their HMAC); restoring the backup gives a vault without it.
    vault_damage: integrity.Health | None = None


@dataclass(frozen=True)
class RestoreResult:
    folder: Path
    entries: int
    backup_created: datetime
    replaced: Path | None  # where the vault that was in ``folder`` now is


@dataclass(frozen=True)
class _Checked:
    info: BackupInfo
    manifest: dict[str, Any]
    key_file: bytes


# --- making a backup --------------------------------------------------------------


class BackupService:
    """Backups of one unlocked vault, and the record of the last one that passed its test."""

    def __init__(self, vault: Vault, clock: Callable[[], datetime] = now_local) -> None:
        self.vault = vault
        self.clock = clock

    def backup(self, path: Path, progress: Progress | None = None) -> BackupResult:
        """Write a backup of the whole vault to ``path`` (mode 0600) and test-restore it.

        ``progress(done, total)`` gets thousandths of the work; returning False
        cancels (:class:`BackupCancelled`). A damaged vault is refused
        (:class:`BackupRefused`). Whatever happens, no temporary file is left
        beside ``path``, and an earlier file at ``path`` is replaced only by a
        backup that passed its test.
        """
        target = Path(path)
        self._check_target(target)
        created = self.clock()
        steps = _Steps(progress, _BACKUP_PHASES, "backup")
        snapshot_file, packed = temp_name_for(target), temp_name_for(target)
        # Registered while they exist (a lock that replaces the process removes
        # them), and noted in the vault folder, so that a run killed halfway
        # has them removed by the next one (see leftovers).
        paths = [str(snapshot_file), str(packed)]
        with (
            unfinished(snapshot_file),
            unfinished(packed),
            leftovers.pending(self.vault.folder, "backup", paths=paths),
        ):
            return self._backup(target, created, steps, snapshot_file, packed)

    def _backup(
        self, target: Path, created: datetime, steps: _Steps, snapshot_file: Path, packed: Path
    ) -> BackupResult:
        """Snapshot, check, pack, test and rename into place; the temporary files go."""
        vault_damage: integrity.Health | None = None
        try:
            with ThreadPoolExecutor(1, thread_name_prefix="backup-check") as pool:
                try:
                    snapshot = self._file_snapshot(snapshot_file, steps.phase("snapshot"))
                except VaultDamaged as error:  # the copy does not even open
                    what = integrity.Finding(integrity.Part.STRUCTURE, error.detail)
                    self._refuse(integrity.Health((what,)), target, created)
                health, written = self._pack_and_check(pool, snapshot, packed, created, steps)
                if health.only_unused_pages:
                    # The copy has the vault's pages as they are, damaged ones too; if
                    # only pages that hold nothing are damaged, the tables are copied
                    # instead (that reads only the pages in use): a backup without the
                    # damage, whose restore is a clean vault.
                    vault_damage = self._vault_pages(health)
                    log.info("the vault has damaged unused pages; copying its tables instead")
                    _remove(snapshot_file)
                    _remove(packed)
                    copied = self._table_copy(snapshot_file, steps.phase("snapshot"))
                    if copied is not None:
                        snapshot = copied
                        health, written = self._pack_and_check(
                            pool, snapshot, packed, created, steps
                        )
            if not health.ok:
                self._refuse(health, target, created)
            if written is not None:
                self._record(LAST_FAILED_KEY, created, target, problem=written.detail)
                raise BackupFailed(
                    f"The new backup did not pass its test restore ({written.detail}), so it was "
                    f"not kept; an earlier file at {target}, if any, is unchanged."
                ) from written
            _rename_into_place(packed, target)
        finally:
            _remove(snapshot_file)
            _remove(packed)
        size = target.stat().st_size
        self._record(LAST_VERIFIED_KEY, created, target, entries=snapshot.entries, size=size)
        log.info("wrote a backup of %d entries; its test restore passed", snapshot.entries)
        return BackupResult(
            target, created, size, snapshot.entries, verified=True, vault_damage=vault_damage
        )

    def _pack_and_check(
        self,
        pool: ThreadPoolExecutor,
        snapshot: Snapshot,
        packed: Path,
        created: datetime,
        steps: _Steps,
    ) -> tuple[integrity.Health, BackupDamaged | None]:
        """Pack the snapshot into ``packed`` and read that file back, while the
        snapshot gets the full check on the other core: (its health, what the
        read-back found wrong, if anything)."""
        header = {
            "format": FORMAT,
            "version": VERSION,
            "app_version": __version__,
            "created": created.isoformat(),
            "vault_id": self.vault.vault_id,
            "schema_version": snapshot.schema_version,
            "entries": snapshot.entries,
        }
        checked = pool.submit(self._check_snapshot, snapshot)
        try:
            _pack(
                packed,
                snapshot,
                self._key_file(),
                header,
                created=created,
                progress=steps.phase("pack"),
            )
            written = self._read_back(packed, steps.phase("verify"))
        finally:
            health = checked.result()  # never leave the check running on a removed file
        return health, written

    def last_verified(self) -> datetime | None:
        """When the last backup that passed its test restore was made."""
        return self._recorded(LAST_VERIFIED_KEY)

    def last_failed(self) -> datetime | None:
        """When the last backup that failed its test restore was attempted."""
        return self._recorded(LAST_FAILED_KEY)

    # -- steps ---------------------------------------------------------------------

    def _check_target(self, target: Path) -> None:
        if target.is_dir():
            raise BackupError(
                f"{target} is a folder; give a file name for the backup, "
                f"e.g. {target / ('journal' + BACKUP_SUFFIX)}."
            )
        if not target.parent.is_dir():
            raise BackupError(f"The folder {target.parent} does not exist; nothing was written.")
        if target.resolve().is_relative_to(self.vault.folder.resolve()):
            raise BackupError(
                f"Save the backup outside the vault folder {self.vault.folder}: "
                "a backup kept there is lost with the vault."
            )
        if target.exists() and not _is_sealed(target):
            raise BackupError(
                f"{target} exists and is not a Therapy Journal backup, so it was not "
                "overwritten; choose another name."
            )

    def _key_file(self) -> bytes:
        """The key file's bytes as on disk (the passphrase may have changed since unlock)."""
        path = self.vault.key_path
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise StorageError(f"Could not read {path}: {describe_os_error(error)}.") from error
        if KeyFile.parse(path, raw).vault_id != self.vault.vault_id:
            raise VaultDamaged(path, "it belongs to another vault")
        return raw

    def _file_snapshot(self, target: Path, progress: Callable[[int, int], None]) -> Snapshot:
        """The database as of one moment, in the new file ``target`` (0600).

        Its files are copied as they are on disk (still encrypted), inside a
        read transaction: while it lasts, the write-ahead log cannot start
        over, and a checkpoint may write into the database file only pages
        whose newer copies are in the log, which is copied after it, as far
        as it went when the transaction began (writes made meanwhile come
        after that and are left out). Opened with the vault's key, the copy
        replays its log into itself. Unlike SQLite's page-by-page copy, which
        decrypts and encrypts every page again, this moves bytes; every page
        is then checked on the copy, damaged ones as they are in the vault.
        """
        wal = self.vault.db_path.with_name(DB_NAME + "-wal")
        target_wal = target.with_name(target.name + "-wal")
        source = self._open_vault_copy()
        try:
            with source.read_snapshot():
                log_size = wal.stat().st_size if wal.exists() else 0
                total = self.vault.db_path.stat().st_size + log_size
                copied = _copy_file(self.vault.db_path, target, total, 0, progress)
                if log_size:
                    _copy_file(wal, target_wal, total, copied, progress, limit=log_size)
        except OSError as error:
            raise StorageError(
                f"Could not write a copy of the vault in {target.parent}: "
                f"{describe_os_error(error)}."
            ) from error
        finally:
            source.close()
        copy = self.vault.open_copy(target)  # replays the copied log
        try:
            copy.checkpoint()  # into the copy itself: one file
            return Snapshot(target, migrations.schema_version(copy), EntryRepository(copy).count())
        finally:
            copy.close()

    def _open_vault_copy(self) -> Database:
        return self.vault.open_copy(self.vault.db_path)

    def _vault_pages(self, snapshot: integrity.Health) -> integrity.Health | None:
        """The damaged pages the snapshot found, those the vault's own file has
        too (not damage done to the copy on its way to disk)."""
        reader = integrity.Reader(self._open_vault_copy)
        try:
            found = set(integrity.check_pages(reader))
        except VaultDamaged:
            return None
        finally:
            reader.close()
        confirmed = tuple(f for f in snapshot.of(integrity.Part.PAGES) if f in found)
        return integrity.Health(confirmed) if confirmed else None

    def _check_snapshot(self, snapshot: Snapshot) -> integrity.Health:
        """The full check of the snapshot (quick on the search index; see
        :mod:`integrity`), and that it holds the entries counted as it was taken."""
        health = integrity.check_database(
            lambda: self.vault.open_copy(snapshot.path),
            thorough=False,
            expected_version=snapshot.schema_version,
        )
        if not health.ok:
            return health
        db = self.vault.open_copy(snapshot.path)
        try:
            entries = EntryRepository(db).count()
        finally:
            db.close()
        if entries == snapshot.entries:
            return health
        text = f"it holds {entries} entries where {snapshot.entries} were counted"
        return integrity.Health((integrity.Finding(integrity.Part.STRUCTURE, text),))

    def _refuse(self, snapshot: integrity.Health, target: Path, created: datetime) -> None:
        """The snapshot failed its check: blame the vault if it is damaged too
        (:class:`BackupRefused`), else the copy (:class:`BackupFailed`)."""
        vault = integrity.check_database(self._open_vault_copy, thorough=False)
        if vault.loses_entries:
            self._record(LAST_FAILED_KEY, created, target, problem="the vault is damaged")
            log.info("the vault is damaged; no backup was written")
            raise BackupRefused(vault)
        problem = "its copy of the database is damaged"
        self._record(LAST_FAILED_KEY, created, target, problem=problem)
        log.info("a new backup failed its check: %s", snapshot.details()[:3])
        raise BackupFailed(
            f"The copy of the vault in the new backup did not pass its check "
            f"({snapshot.summary()[len('The vault is damaged: ') :].rstrip('.')}), so it was not "
            f"kept; the vault itself checks out. Try again, perhaps on another disk; an earlier "
            f"file at {target}, if any, is unchanged."
        )

    @staticmethod
    def _read_back(packed: Path, progress: Callable[[int, int], None]) -> BackupDamaged | None:
        """Read the written file back as a restore does, every byte of it; what
        is wrong with it, if anything.

        Its database member is then, by SHA-256, byte for byte the snapshot it
        was packed from, which gets the full check with the vault's key (every
        page's HMAC, every table's structure, the schema version, the entries):
        what a restore would write out and check, without writing it out a
        second time.
        """
        try:
            _check(packed, progress=progress)
        except BackupDamaged as error:
            log.info("a new backup failed its test restore: %s", error.detail)
            return error
        return None

    def _table_copy(self, target: Path, progress: Callable[[int, int], None]) -> Snapshot | None:
        """A copy of the database made table by table (``VACUUM INTO``), still
        encrypted with the vault's key: it reads only the pages in use. None
        when one of those is damaged too."""
        try:
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except OSError as error:
            raise StorageError(
                f"Could not write in {target.parent}: {describe_os_error(error)}."
            ) from error
        source = self._open_vault_copy()
        try:
            source.execute("VACUUM INTO ?", (str(target),))
        except VaultDamaged:  # a page in use is damaged: nothing more to try
            return None
        finally:
            source.close()
        copy = self.vault.open_copy(target)
        try:
            copy.execute("PRAGMA journal_mode = WAL").fetchone()  # as the vault's own
            snapshot = Snapshot(
                target, migrations.schema_version(copy), EntryRepository(copy).count()
            )
        finally:
            copy.close()
        progress(1, 1)
        return snapshot

    # -- the record in the vault ---------------------------------------------------

    def _record(self, key: str, created: datetime, path: Path, **facts: object) -> None:
        if self.vault.read_only:
            log.info("the backup is not recorded in the vault: it can only be read here")
            return
        value = json.dumps({"at": created.isoformat(), "file": path.name, **facts})
        try:
            with self.vault.db.transaction():
                self.vault.db.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value)
                )
        except VaultDamaged:
            if key == LAST_VERIFIED_KEY:
                raise
            log.warning("could not record a failed backup in the damaged vault")

    def _recorded(self, key: str) -> datetime | None:
        raw = self.vault.db.scalar("SELECT value FROM meta WHERE key = ?", (key,))
        if raw is None:
            return None
        try:
            return datetime.fromisoformat(json.loads(raw)["at"])
        except (ValueError, KeyError, TypeError):
            log.warning("the record %s in the vault cannot be read", key)
            return None


# --- reading and checking a backup ------------------------------------------------


def inspect_backup(path: Path) -> BackupInfo:
    """Check the whole file (seal, archive, manifest, hashes, key file, that the
    database is encrypted) without touching any vault; :class:`BackupDamaged`
    says what is wrong."""
    return _check(Path(path)).info


def restore(
    path: Path,
    target_folder: Path,
    *,
    replace: bool = False,
    passphrase: str | None = None,
    recovery_key: str | None = None,
    progress: Progress | None = None,
    clock: Callable[[], datetime] = now_local,
) -> RestoreResult:
    """Restore the backup at ``path`` as the vault in ``target_folder``.

    Give the passphrase that was current when the backup was made, or the
    recovery key. In order: the whole backup is checked, then the secret
    against its key file; a vault already in ``target_folder`` is refused
    unless ``replace`` (and also when another program has it open); only then
    is anything written. The vault is built in a temporary folder beside the
    target, opened and checked, and swapped in; a vault it replaces is moved
    to a ``<folder>.replaced-<time>`` folder beside it. A vault open in *this*
    process must be locked first.
    """
    if (passphrase is None) == (recovery_key is None):
        raise TypeError("restore() takes a passphrase or a recovery key")
    path, target = Path(path), Path(target_folder)
    steps = _Steps(progress, _RESTORE_PHASES, "restore")
    checked = _check(path, progress=steps.phase("check"))
    info = checked.info
    if info.schema_version > migrations.LATEST:
        raise VaultTooNew(info.schema_version, migrations.LATEST)
    if _holds_a_vault(target):
        if not replace:
            raise VaultExists(target)
        _refuse_if_open(target)
    keyfile = KeyFile.parse(path, checked.key_file)
    key = _unwrap(keyfile, info, passphrase, recovery_key)
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        staging = temp_name_for(target)
        with unfinished(staging):
            try:
                _build(staging, path, checked, keyfile=keyfile, key=key, steps=steps)
                replaced = _swap(staging, target, clock)
            finally:
                if staging.exists():
                    shutil.rmtree(staging, ignore_errors=True)
    except _SwapStuck as error:
        raise StorageError(
            f"Restoring into {target} stopped halfway ({describe_os_error(error)}); the next "
            "time the vault is opened it is finished, or the vault put back as it was."
        ) from error
    except (OSError, _WriteFailed) as error:
        cause = error.os_error if isinstance(error, _WriteFailed) else error
        raise StorageError(
            f"Could not restore into {target}: {describe_os_error(cause)}; nothing was changed."
        ) from error
    finally:
        wipe(key)
    log.info("restored a backup of %d entries", info.entries)
    return RestoreResult(target, info.entries, info.created, replaced)


def _check(
    path: Path,
    sink: Callable[[memoryview], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> _Checked:
    """Every check of a backup file; the database member goes to ``sink`` as it is read."""
    try:
        with path.open("rb") as fp:
            return _check_open(path, fp, sink, progress)
    except FileNotFoundError:
        raise BackupError(f"There is no backup file {path}.") from None
    except IsADirectoryError:
        raise BackupError(f"{path} is a folder, not a backup file.") from None
    except OSError as error:
        raise StorageError(f"Could not read {path}: {describe_os_error(error)}.") from error


def _check_open(
    path: Path,
    fp: io.BufferedReader,
    sink: Callable[[memoryview], None] | None,
    progress: Callable[[int, int], None] | None,
) -> _Checked:
    size = os.fstat(fp.fileno()).st_size
    sealed_end = size - SEAL_LEN
    seal = _read_seal(fp, size)
    if seal is None:
        raise BackupDamaged(
            path, "it is not a Therapy Journal backup, or its end is missing (copied only in part?)"
        )
    # Counted before zipfile builds an object for every entry the index lists.
    index = file_zip_index(fp)
    if index is None or index.entries > len(MEMBERS) or index.size > MAX_SMALL_MEMBER:
        raise BackupDamaged(path, "its archive index is not a backup's (too many files)")
    try:
        with zipfile.ZipFile(fp) as archive:
            infos = archive.infolist()
            if sorted(info.filename for info in infos) != sorted(MEMBERS):
                raise BackupDamaged(path, "it does not hold a database, a key file and a manifest")
            if archive.comment != _seal_bytes(seal):
                raise BackupDamaged(path, "its archive does not end with its seal")
            manifest_raw = _read_small(archive, MANIFEST_NAME, path)
            key_file = _read_small(archive, KEY_NAME, path)
            db_info = archive.getinfo(DB_NAME)
    except ZIP_ERRORS:
        raise BackupDamaged(path, "its archive structure is damaged") from None
    start = _data_start(fp, db_info, path)
    stop = start + db_info.compress_size
    if db_info.compress_type != zipfile.ZIP_STORED or stop > sealed_end:
        raise BackupDamaged(path, "its database is not stored where its archive says")
    # Read before the seal is checked, for its version: how the seal was made.
    manifest = _parse_manifest(manifest_raw, path)
    sealed, member, head = _scan(
        fp,
        sealed_end,
        (start, stop),
        path,
        seal_member=manifest["version"] == 1,
        sink=sink,
        progress=progress,
    )
    if sealed != seal:
        raise BackupDamaged(
            path, "its contents do not match the checksum sealed into it (bytes changed or lost)"
        )
    _check_member(manifest, KEY_NAME, len(key_file), hashlib.sha256(key_file).hexdigest(), path)
    _check_member(manifest, DB_NAME, stop - start, member, path)
    if head.startswith(_PLAINTEXT_HEADER) or stop - start < len(_PLAINTEXT_HEADER):
        raise BackupDamaged(path, "its database is not encrypted")
    try:
        keyfile = KeyFile.parse(path, key_file)
    except VaultDamaged:
        raise BackupDamaged(path, "its key file is damaged") from None
    if keyfile.vault_id != manifest["vault_id"]:
        raise BackupDamaged(path, "its key file belongs to another vault")
    info = BackupInfo(
        path=path,
        size=size,
        created=manifest["created"],
        app_version=manifest["app_version"],
        vault_id=manifest["vault_id"],
        schema_version=manifest["schema_version"],
        entries=manifest["entries"],
    )
    return _Checked(info, manifest, key_file)


def _seal_bytes(seal: str) -> bytes:
    return SEAL_PREFIX + seal.encode("ascii")


def _read_seal(fp: io.BufferedReader, size: int) -> str | None:
    if size < SEAL_LEN:
        return None
    fp.seek(size - SEAL_LEN)
    match = _SEAL.fullmatch(fp.read(SEAL_LEN))
    return match[1].decode("ascii") if match else None


def _is_sealed(path: Path) -> bool:
    try:
        with path.open("rb") as fp:
            return _read_seal(fp, os.fstat(fp.fileno()).st_size) is not None
    except OSError:
        return False


def _read_small(archive: zipfile.ZipFile, name: str, path: Path) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > MAX_SMALL_MEMBER or info.compress_type != zipfile.ZIP_STORED:
        raise BackupDamaged(path, f"its {name} is not what a backup holds")
    with archive.open(info) as member:  # checks the CRC
        data = member.read(MAX_SMALL_MEMBER + 1)
    if len(data) != info.file_size:
        raise BackupDamaged(path, f"its {name} is not the size its archive says")
    return data


def _data_start(fp: io.BufferedReader, info: zipfile.ZipInfo, path: Path) -> int:
    """Where a member's bytes begin: after its local header, name and extra field."""
    if not 0 <= info.header_offset < os.fstat(fp.fileno()).st_size:
        raise BackupDamaged(path, "its archive structure is damaged")
    fp.seek(info.header_offset)
    header = fp.read(_LOCAL_HEADER.size)
    if len(header) != _LOCAL_HEADER.size:
        raise BackupDamaged(path, "its archive structure is damaged")
    signature, name_len, extra_len = _LOCAL_HEADER.unpack(header)
    if signature != _LOCAL_SIGNATURE or fp.read(name_len) != info.filename.encode("ascii"):
        raise BackupDamaged(path, "its archive structure is damaged")
    return int(info.header_offset + _LOCAL_HEADER.size + name_len + extra_len)


def _scan(
    fp: io.BufferedReader,
    end: int,
    member: tuple[int, int],
    path: Path,
    *,
    seal_member: bool,
    sink: Callable[[memoryview], None] | None,
    progress: Callable[[int, int], None] | None,
) -> tuple[str, str, bytes]:
    """One pass over the file: the seal's SHA-256 of bytes [0, end) (the
    member's bytes left out unless ``seal_member``, format 1), the SHA-256 of
    the member's bytes (passed to ``sink``), and the member's first bytes."""
    whole, part = hashlib.sha256(), hashlib.sha256()
    start, stop = member
    head = b""
    buffer = memoryview(bytearray(CHUNK))
    fp.seek(0)
    pos = 0
    while pos < end:
        count = fp.readinto(buffer[: min(CHUNK, end - pos)])
        if not count:
            raise BackupDamaged(path, "it got shorter while it was read")
        chunk = buffer[:count]
        low, high = max(start, pos), min(stop, pos + count)
        if seal_member:
            whole.update(chunk)
        elif low < high:  # the parts of the chunk before and after the member
            whole.update(chunk[: low - pos])
            whole.update(chunk[high - pos :])
        else:
            whole.update(chunk)
        if low < high:
            piece = chunk[low - pos : high - pos]
            part.update(piece)
            if low == start:
                head = bytes(piece[: len(_PLAINTEXT_HEADER)])
            if sink is not None:
                sink(piece)
        pos += count
        if progress is not None:
            progress(pos, end)
    return whole.hexdigest(), part.hexdigest(), head


def _parse_manifest(raw: bytes, path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads(raw.decode("utf-8"))
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise ValueError("not a backup manifest")
        version = manifest.get("version")
        if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
            raise BackupError(
                f"{path} was made by a newer version of Therapy Journal (backup format "
                f"{version}); update the app to restore it. Nothing was changed."
            )
        if version not in (1, VERSION) or isinstance(version, bool):
            raise ValueError("unknown version")
        manifest["created"] = datetime.fromisoformat(manifest["created"])
        for name, kind in (
            ("app_version", str),
            ("vault_id", str),
            ("schema_version", int),
            ("entries", int),
            ("members", dict),
        ):
            if not isinstance(manifest[name], kind) or isinstance(manifest[name], bool):
                raise ValueError(name)
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        raise BackupDamaged(path, "its manifest cannot be read") from None
    return manifest


def _check_member(manifest: dict[str, Any], name: str, size: int, sha256: str, path: Path) -> None:
    listed = manifest["members"].get(name)
    if (
        not isinstance(listed, dict)
        or listed.get("size") != size
        or not _HEX64.fullmatch(str(listed.get("sha256")))
        or listed["sha256"] != sha256
    ):
        raise BackupDamaged(path, f"its {name} does not match its manifest")


# --- writing ----------------------------------------------------------------------


class _SealingWriter:
    """What zipfile writes the archive through: it passes every byte on to
    ``raw`` and hashes all but the last :data:`SEAL_LEN` (the seal's place)
    and those written while :attr:`unsealed` is set (the database member's,
    hashed on their own for the manifest).

    Having no ``seek``, it makes zipfile write in one forward pass (sizes and
    CRCs after each member, in data descriptors), so every byte is seen once.
    """

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._hash = hashlib.sha256()
        self._tail = b""
        self._pos = 0
        self.unsealed = False

    def write(self, data: bytes | memoryview) -> int:
        view = memoryview(data)
        self._raw.write(view)
        self._pos += len(view)
        if self.unsealed:
            return len(view)
        if len(view) >= SEAL_LEN:
            self._hash.update(self._tail)
            self._hash.update(view[:-SEAL_LEN])
            self._tail = bytes(view[-SEAL_LEN:])
        else:
            joined = self._tail + bytes(view)
            self._hash.update(joined[:-SEAL_LEN])
            self._tail = joined[-SEAL_LEN:]
        return len(view)

    def tell(self) -> int:
        return self._pos

    def flush(self) -> None:
        self._raw.flush()

    def seal(self) -> bytes:
        """The seal for what was written; the last SEAL_LEN bytes must be its placeholder."""
        if self._tail != _PLACEHOLDER:
            raise RuntimeError("the archive does not end with the seal's placeholder")
        return _seal_bytes(self._hash.hexdigest())


_PLACEHOLDER = SEAL_PREFIX + b"0" * 64


def _pack(
    out: Path,
    snapshot: Snapshot,
    key_file: bytes,
    header: dict[str, Any],
    *,
    created: datetime,
    progress: Callable[[int, int], None],
) -> None:
    """Write the archive to the new file ``out`` and seal it; flushed to disk."""
    when = max(created.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    try:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as raw:
            writer = _SealingWriter(raw)
            with zipfile.ZipFile(cast(IO[bytes], writer), "w", zipfile.ZIP_STORED) as archive:
                archive.comment = _PLACEHOLDER
                members = {KEY_NAME: _add(archive, KEY_NAME, when, [key_file], len(key_file))}
                with snapshot.path.open("rb") as db:
                    size = os.fstat(db.fileno()).st_size
                    members[DB_NAME] = _add(
                        archive, DB_NAME, when, _chunks(db, size, progress), size, unsealed=writer
                    )
                manifest = json.dumps({**header, "members": members}, indent=2).encode("utf-8")
                _add(archive, MANIFEST_NAME, when, [manifest], len(manifest))
            raw.seek(-SEAL_LEN, os.SEEK_END)
            raw.write(writer.seal())
            raw.flush()
            os.fsync(raw.fileno())
    except OSError as error:
        raise StorageError(
            f"Could not write the backup in {out.parent}: {describe_os_error(error)}; "
            "nothing was left there."
        ) from error


def _add(
    archive: zipfile.ZipFile,
    name: str,
    when: tuple[int, ...],
    chunks: Iterable[bytes],
    size: int,
    *,
    unsealed: _SealingWriter | None = None,
) -> dict[str, Any]:
    """Add a member; with ``unsealed``, its data is left out of the seal."""
    info = zipfile.ZipInfo(name, date_time=cast(Any, when))
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = 0o100600 << 16  # a plain file, readable by its owner only
    info.file_size = size  # lets zipfile choose ZIP64 up front for a large database
    digest = hashlib.sha256()
    written = 0
    with archive.open(info, "w") as member:  # writes the member's local header
        if unsealed is not None:
            unsealed.unsealed = True
        for chunk in chunks:
            digest.update(chunk)
            member.write(chunk)
            written += len(chunk)
        if unsealed is not None:
            unsealed.unsealed = False
    return {"size": written, "sha256": digest.hexdigest()}


def _chunks(fp: BinaryIO, size: int, progress: Callable[[int, int], None]) -> Iterator[bytes]:
    done = 0
    while chunk := fp.read(CHUNK):
        yield chunk
        done += len(chunk)
        progress(done, size)


class _WriteFailed(Exception):
    """A write into a new file failed. Not an OSError, so that reading the
    backup at the same time does not take it for a read error."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.os_error = error


@contextmanager
def _new_file(path: Path) -> Iterator[Callable[[memoryview], None]]:
    """Create ``path`` (mode 0600; it must not exist) and yield a function that
    appends to it; the file is flushed to disk at the end."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as error:
        raise _WriteFailed(error) from error
    with os.fdopen(fd, "wb") as out:

        def write(data: memoryview) -> None:
            try:
                out.write(data)
            except OSError as error:
                raise _WriteFailed(error) from error

        yield write
        try:
            out.flush()
            os.fsync(out.fileno())
        except OSError as error:
            raise _WriteFailed(error) from error


def _copy_file(
    source: Path,
    target: Path,
    total: int,
    done: int,
    progress: Callable[[int, int], None],
    *,
    limit: int | None = None,
) -> int:
    """Copy ``source`` (its first ``limit`` bytes) into the new file ``target``
    (0600) in the kernel where it can; ``progress`` counts towards ``total``
    from ``done``. Returns ``done`` plus the bytes copied."""
    with source.open("rb") as src:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            left = os.fstat(src.fileno()).st_size if limit is None else limit
            while left > 0:
                count = _copy_chunk(src.fileno(), out.fileno(), min(SNAPSHOT_CHUNK, left))
                if count == 0:
                    break  # the file got shorter (a checkpoint truncated it): all there is
                left -= count
                done += count
                progress(done, total)
    return done


def _copy_chunk(src: int, dst: int, count: int) -> int:
    try:
        return os.copy_file_range(src, dst, count)
    except OSError as error:
        if error.errno not in (errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
            raise
    data = os.read(src, count)  # file systems that cannot copy in the kernel
    view = memoryview(data)
    while view:
        view = view[os.write(dst, view) :]
    return len(data)


def _rename_into_place(temp: Path, target: Path) -> None:
    try:
        os.replace(temp, target)
    except OSError as error:
        raise StorageError(
            f"Could not put the backup in place at {target}: {describe_os_error(error)}; "
            "nothing was left there."
        ) from error
    try:
        fsync_folder(target.parent)
    except OSError as error:  # the rename happened; only its durability is in doubt
        log.warning("could not flush the folder of a new backup: %s", error)


def _remove(path: Path) -> None:
    """Remove a temporary file and what SQLite may have left beside it."""
    for name in (path.name, path.name + "-wal", path.name + "-shm", path.name + "-journal"):
        try:
            (path.parent / name).unlink(missing_ok=True)
        except OSError as error:
            log.warning("could not remove the temporary file %s: %s", path.parent / name, error)


class _Steps:
    """Maps each phase's own (done, total) onto thousandths of the whole job,
    and turns a callback's False into a cancel."""

    def __init__(
        self, callback: Progress | None, phases: dict[str, tuple[int, int]], what: str
    ) -> None:
        self._callback = callback
        self._phases = phases
        self._what = what

    def phase(self, name: str) -> Callable[[int, int], None]:
        first, last = self._phases[name]

        def report(done: int, total: int) -> None:
            if self._callback is None:
                return
            value = first + (last - first) * min(done, total) // max(total, 1)
            if self._callback(value, PROGRESS_TOTAL) is False:
                raise BackupCancelled(self._what)

        return report


# --- restoring --------------------------------------------------------------------


def _holds_a_vault(folder: Path) -> bool:
    vault = Vault(folder)
    return vault.exists() or any(folder.glob(DB_NAME + "*"))


def _unwrap(
    keyfile: KeyFile, info: BackupInfo, passphrase: str | None, recovery_key: str | None
) -> bytearray:
    if recovery_key is not None:
        recovery = RecoveryKey.parse(recovery_key)
        try:
            return keyfile.unwrap_with_recovery(recovery)
        except WrongRecoveryKey:
            raise WrongRecoveryKey("That recovery key does not open this backup.") from None
    try:
        return keyfile.unwrap_with_passphrase(passphrase or "")
    except WrongPassphrase:
        raise BackupWrongPassphrase(info.created) from None


def _build(
    staging: Path,
    path: Path,
    checked: _Checked,
    *,
    keyfile: KeyFile,
    key: bytearray,
    steps: _Steps,
) -> None:
    """The restored vault, complete and checked, in the new folder ``staging``."""
    staging.mkdir(mode=0o700)
    db_path = staging / DB_NAME
    with _new_file(db_path) as sink:
        again = _check(path, sink, steps.phase("extract"))
    if again.manifest != checked.manifest or again.key_file != checked.key_file:
        raise BackupDamaged(path, "it changed while it was being restored")
    with _new_file(staging / KEY_NAME) as write:
        write(memoryview(checked.key_file))
    open_step = steps.phase("open")

    def opener() -> Database:
        return Database.open(
            db_path, key, create=False, compatibility=keyfile.sqlcipher_compatibility
        )

    try:
        db = opener()
    except VaultDamaged:
        raise BackupDamaged(path, "its database does not open with its key file") from None
    try:
        entries = EntryRepository(db).count()
    finally:
        db.close()
    health = integrity.check_database(
        opener, thorough=False, expected_version=checked.info.schema_version, progress=open_step
    )
    if not health.ok:
        what = health.summary().removeprefix("The vault is damaged: ").rstrip(".")
        raise BackupDamaged(path, f"the vault it holds is damaged ({what})")
    if entries != checked.info.entries:
        raise BackupDamaged(path, "its database does not hold the entries its manifest lists")
    fsync_folder(staging)
    open_step(1, 1)


def _swap(staging: Path, target: Path, clock: Callable[[], datetime]) -> Path | None:
    """Put the vault in ``staging`` at ``target``; return where a replaced vault went.

    A marker beside ``target`` notes the swap from before its first rename to
    after its last, so that a run killed in between (when there may be no
    vault at ``target``) is finished, or undone, by the next one (see
    :mod:`leftovers`). It stays behind only if undoing a failed swap failed too.
    """
    replaced = _aside_name(target, clock()) if _holds_a_vault(target) else None
    marker = leftovers.swap_marker(
        target,
        {
            "staging": str(staging),
            "target": str(target),
            "replaced": str(replaced) if replaced else None,
            "db_size": (staging / DB_NAME).stat().st_size,
            "key_size": (staging / KEY_NAME).stat().st_size,
        },
    )
    marker.write()
    try:
        _renames(staging, target, replaced)
    except _SwapStuck:
        raise
    except OSError:
        marker.remove()  # undone: the vault at target is as it was
        raise
    fsync_folder(target.parent)
    marker.remove()
    return replaced


class _SwapStuck(OSError):
    """A swap failed halfway and could not be undone."""


def _renames(staging: Path, target: Path, replaced: Path | None) -> None:
    if replaced is not None:
        os.rename(target, replaced)
        try:
            os.rename(staging, target)
        except OSError as error:
            try:
                os.rename(replaced, target)
            except OSError:
                raise _SwapStuck(error.errno, error.strerror) from error
            raise
        return
    try:
        os.rename(staging, target)  # also replaces an empty folder
    except OSError as error:
        if error.errno not in (errno.ENOTEMPTY, errno.EEXIST):
            raise
        # A folder holding other files: move the vault's two files in, the
        # key file last, as creating a vault writes them.
        os.rename(staging / DB_NAME, target / DB_NAME)
        try:
            os.rename(staging / KEY_NAME, target / KEY_NAME)
        except OSError as second:
            try:
                os.rename(target / DB_NAME, staging / DB_NAME)
            except OSError:
                raise _SwapStuck(second.errno, second.strerror) from second
            raise
        staging.rmdir()
        fsync_folder(target)


def _aside_name(target: Path, now: datetime) -> Path:
    stem = f"{target.name}.replaced-{now.strftime('%Y%m%d-%H%M%S')}"
    candidate, number = target.with_name(stem), 1
    while candidate.exists():
        number += 1
        candidate = target.with_name(f"{stem}-{number}")
    return candidate


def _refuse_if_open(folder: Path) -> None:
    """Refuse to replace a vault another program has open: it would go on
    writing to the vault moved aside, and those changes would seem lost."""
    if open_elsewhere(Vault(folder).db_path):
        raise VaultInUse(
            f"The vault in {folder} is open in another program (Therapy Journal?); "
            "close it and try again. Nothing was changed."
        )


def _when(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")
