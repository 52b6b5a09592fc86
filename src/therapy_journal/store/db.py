"""The SQLCipher connection and the one place SQLite errors are sorted.

The database is opened with the vault's random data key as a *raw* key
(SQLCipher's ``x'…'`` form, given through ``sqlite3_key``: see :func:`_apply_key`),
so SQLCipher's own PBKDF2 is not on the unlock path: the slow part of unlocking
is the passphrase KDF in the key file.

A vault whose folder or files this process cannot write (a backup drive, a
read-only mount, a folder without write permission) is opened read-only, so
it can still be read, searched, exported and checked; every write is refused
with :class:`VaultReadOnly` and changes nothing.

SQLite errors are sorted here into the expected, environmental ones (damaged
file, busy, read-only, full disk), which become typed :mod:`errors` with a
message for the person, and everything else, which is a bug and propagates.
"""

from __future__ import annotations

import logging
import os
import threading
from array import array
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlcipher3

from therapy_journal.store import textpack
from therapy_journal.store.buffers import wipe
from therapy_journal.store.errors import StorageError, VaultBusy, VaultDamaged, VaultReadOnly

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 15_000
# Every page read from disk is decrypted and its HMAC checked, so a page cache
# too small for a search (index, document sizes and entry rows together) makes
# SQLCipher decrypt the same pages again and again: at 100,000 entries a
# common-word search took 35 ms with SQLite's default 8 MB cache and 8 ms with
# this one. The cache only grows as pages are used.
CACHE_KIB = 64 * 1024
# Pages copied per step of SQLite's online backup API (4 MiB): small enough for
# a progress bar to move, large enough that the steps cost nothing extra.
COPY_STEP_PAGES = 1024
# An I/O error with less free space than this on the vault's disk is called a
# full disk. SQLite reports running out of space as SQLITE_FULL only where it
# writes the database and its log; a reader in WAL mode first sizes the
# shared-memory file (-shm, 32 KiB) by writing to it, and ENOSPC there comes
# back as SQLITE_IOERR_SHMSIZE, a plain "disk I/O error". Under this much
# room a vault can neither open nor save, whatever the I/O error was.
NEARLY_FULL_BYTES = 1024 * 1024

# SQLite primary result codes (the low byte of an extended code).
_SQLITE_PERM = 3
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_NOMEM = 7
_OUT_OF_MEMORY = "The computer ran out of memory while reading the vault."
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26

Row = tuple[Any, ...]


def _quiet_sqlcipher() -> None:
    # SQLCipher logs HMAC failures to stderr by default; the person gets our one
    # plain sentence instead. The log level is process-wide.
    probe = sqlcipher3.connect(":memory:")
    try:
        probe.execute("PRAGMA cipher_log_level = NONE").fetchall()
    finally:
        probe.close()


_quiet_sqlcipher()


class Database:
    """One open, keyed SQLCipher connection.

    Safe to share between threads: calls are serialized by a lock. Use
    :meth:`transaction` for every write; reads run in autocommit mode.
    """

    def __init__(self, connection: Any, path: Path, *, read_only: bool = False) -> None:
        self._conn = connection
        self._lock = threading.RLock()
        self.path = path
        self.read_only = read_only

    @classmethod
    def open(
        cls,
        path: Path,
        key: bytes | bytearray,
        *,
        create: bool,
        compatibility: int = 4,
        exclusive: bool = False,
    ) -> Database:
        """Open (or, with ``create``, make) the database at ``path`` with ``key``.

        An existing database this process cannot write is opened read-only
        (:attr:`read_only`); see :func:`_read_only_query`. With ``exclusive``
        the connection takes the file for itself until it closes: no other
        connection can read or write it meanwhile (:class:`VaultBusy` when
        another holds it), and the write-ahead log's index lives in this
        process's memory, not in a ``-shm`` file.
        """
        if not create and not path.is_file():
            raise VaultDamaged(path, "the journal database is missing")
        if not create and path.stat().st_size == 0:
            raise VaultDamaged(path, "the journal database is empty")
        read_only = not create and not _writable(path)
        if read_only:
            log.info("the vault's folder cannot be written; opening it read-only")
            conn = _connect(path, _read_only_query(path))
        else:
            conn = _connect(path, "mode=rwc" if create else "mode=rw")
        db = cls(conn, path, read_only=read_only)
        try:
            db._configure(key, compatibility, create=create, exclusive=exclusive)
        except BaseException:
            conn.close()
            raise
        return db

    def _configure(
        self, key: bytes | bytearray, compatibility: int, *, create: bool, exclusive: bool
    ) -> None:
        with sql_errors(self.path, keyed=True):
            _apply_key(self._conn, key)
            self._conn.execute(f"PRAGMA cipher_compatibility = {int(compatibility)}")
            if exclusive:  # before the first read, so no -shm is used
                self._conn.execute("PRAGMA locking_mode = EXCLUSIVE").fetchone()
            # Reading the schema is the first access to page 1: with a wrong key
            # or a damaged file it fails here, before anything is written.
            self._conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._conn.execute("PRAGMA temp_store = MEMORY")  # no temp files on disk
            self._conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            self._conn.execute("PRAGMA secure_delete = ON")
            if create:
                self._conn.execute("PRAGMA journal_mode = WAL").fetchone()
            # FULL: an entry whose add returned survives a crash or power loss.
            self._conn.execute("PRAGMA synchronous = FULL")
            if exclusive:  # the lock is taken by a write transaction, and then kept
                self._conn.execute("BEGIN EXCLUSIVE")
                self._conn.execute("COMMIT")

    # -- queries -------------------------------------------------------------

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        """Run one statement and return its cursor."""
        with self._lock, sql_errors(self.path):
            return self._conn.execute(sql, params)

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Row]:
        with self._lock, sql_errors(self.path):
            return list(self._conn.execute(sql, params).fetchall())

    def query_one(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Row | None:
        with self._lock, sql_errors(self.path):
            row = self._conn.execute(sql, params).fetchone()
            return tuple(row) if row is not None else None

    def integers(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> array[int]:
        """The first column of every row, as a compact array of integers.

        Read to the end inside the lock, like every query: a cursor stepped
        after :meth:`execute` returned would run beside another thread's query
        or :meth:`close` on the same connection (the app hung on that at lock).
        """
        with self._lock, sql_errors(self.path):
            return array("q", (row[0] for row in self._conn.execute(sql, params)))

    def scalar(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        row = self.query_one(sql, params)
        return None if row is None else row[0]

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self._lock, sql_errors(self.path):
            self._conn.executemany(sql, rows)

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """A write transaction: ``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on error.

        IMMEDIATE takes the write lock up front, so two processes writing at
        once wait for each other (up to the busy timeout) instead of failing
        half-way through. Inside another transaction it joins that one, so a
        service can call another service's writes within its own transaction.
        """
        with self._lock:
            if self._conn.in_transaction:
                yield self
                return
            with sql_errors(self.path):
                self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                self._rollback()
                raise
            with sql_errors(self.path):
                self._conn.execute("COMMIT")

    def _rollback(self) -> None:
        try:
            self._conn.execute("ROLLBACK")
        except sqlcipher3.Error as error:  # already rolled back by SQLite itself
            log.debug("rollback after error was not needed: %s", error)

    @property
    def in_transaction(self) -> bool:
        return bool(self._conn.in_transaction)

    @contextmanager
    def read_snapshot(self) -> Iterator[Database]:
        """A read transaction: every query inside sees the database as of one moment.

        In WAL mode other connections go on writing meanwhile; their changes
        are not seen here, and checkpoints do not overwrite what this reads.
        """
        with self._lock:
            with sql_errors(self.path):
                self._conn.execute("BEGIN")
                self._conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            try:
                yield self
            finally:
                self._rollback()

    def copy_to(
        self,
        target: Path,
        key: bytes | bytearray,
        *,
        compatibility: int = 4,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        """Copy every page into the new, empty file ``target``, encrypted with ``key``.

        SQLite's online backup API reads each page (from the write-ahead log
        where it is newer there) and SQLCipher encrypts it again for the copy,
        so nothing is ever plaintext on disk. Inside :meth:`read_snapshot` the
        steps all read the same moment, so the copy is consistent however long
        it takes. ``progress(copied, total)`` gets pages; an exception it raises
        stops the copy. The copy is written without a journal and without
        flushes: it is a scratch file, whose caller makes the result durable.
        """
        dest = _connect(target, "mode=rw")
        try:
            with sql_errors(target, keyed=True):
                _apply_key(dest, key)
                dest.execute(f"PRAGMA cipher_compatibility = {int(compatibility)}")
                dest.execute("PRAGMA journal_mode = OFF").fetchone()
                dest.execute("PRAGMA synchronous = OFF")

            def step(_status: int, remaining: int, total: int) -> None:
                if progress is not None:
                    progress(total - remaining, total)

            with self._lock:
                try:
                    self._conn.backup(dest, pages=COPY_STEP_PAGES, progress=step)
                except sqlcipher3.Error as error:
                    mapped = _copy_error(error, self.path, target)
                    if mapped is error:
                        raise
                    raise mapped from error
        finally:
            dest.close()

    def cipher_problems(self) -> list[str]:
        """SQLCipher's page check: every page is read and its HMAC verified
        (not SQLite's slower structure check). Empty when all pages are sound."""
        return [str(row[0]) for row in self.query("PRAGMA cipher_integrity_check")]

    def checkpoint(self) -> None:
        self.query("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        with self._lock:
            try:
                self._conn.close()
            except sqlcipher3.Error as error:
                log.warning("closing the database reported: %s", error)


_HEX_DIGITS = b"0123456789abcdef"


def _apply_key(conn: Any, key: bytes | bytearray) -> None:
    """Key ``conn`` with the raw ``key`` without its hex form ever being a string.

    ``PRAGMA key = "x'…'"`` would put the key's hex text in a Python ``str``
    (and in the connection's statement cache) that nothing can wipe; it
    stayed in the memory of the app after lock. ``sqlite3_key`` takes the same
    ``x'…'`` text from a buffer: it is built here in a bytearray and wiped once
    SQLCipher has its own copy (which SQLCipher drops once it has derived the
    page key, and wipes when the connection closes).
    """
    text = bytearray(2 * len(key) + 3)
    try:
        text[0:2] = b"x'"
        for index, byte in enumerate(key):
            text[2 + 2 * index] = _HEX_DIGITS[byte >> 4]
            text[3 + 2 * index] = _HEX_DIGITS[byte & 0x0F]
        text[-1] = ord("'")
        conn.set_key(text)
    finally:
        wipe(text)


def _connect(path: Path, query: str) -> Any:
    with sql_errors(path):
        conn = sqlcipher3.connect(
            f"file:{_uri_path(path)}?{query}",
            uri=True,
            isolation_level=None,
            check_same_thread=False,
            timeout=BUSY_TIMEOUT_MS / 1000,
        )
    # The search index reads compressed bodies through these (see textpack).
    textpack.register(conn)
    return conn


def _copy_error(error: Exception, source: Path, target: Path) -> Exception:
    """Sort an error of a page copy: damage is the source's (its pages are the
    ones read and checked), disk trouble is almost always the copy's."""
    mapped = _classify(error, source, keyed=True)
    if not isinstance(mapped, StorageError):
        return mapped
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(error).lower()
    if primary == _SQLITE_FULL or "full" in text:
        reason = "the disk is full"
    elif primary in (_SQLITE_READONLY, _SQLITE_PERM) or "readonly" in text:
        reason = "the folder cannot be written to"
    elif primary == _SQLITE_IOERR or "i/o" in text:
        reason = "the disk reported an input/output error"
    else:
        reason = text
    return StorageError(f"Could not write a copy of the vault in {target.parent}: {reason}.")


def _writable(path: Path) -> bool:
    """Whether this process may write the database, its folder and its side files.

    ``os.access`` answers for this process: read-only mounts (EROFS) and
    permissions both count, and root's power to write anyway is respected.
    """
    side_files = [_side_file(path, suffix) for suffix in ("-wal", "-shm")]
    return all(
        os.access(candidate, os.W_OK)
        for candidate in (path.parent, path, *side_files)
        if candidate == path.parent or candidate.exists()
    )


def _side_file(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _read_only_query(path: Path) -> str:
    """The URI parameters that open ``path`` read-only without writing anything.

    A database in WAL mode is read through its shared-memory file (-shm),
    which a reader creates and writes; where it cannot, SQLite refuses to
    open. Two cases work, tested on a read-only mount:

    * the write-ahead log (-wal) holds nothing: nothing to merge, so the file
      is opened ``immutable``: SQLite reads the database file alone, with no
      locks and no side files. (Nothing else can write it either: the folder
      cannot be written, so no log can be created.)
    * the log holds changes and the -shm is there too (a copy taken while
      the app was running, or after a crash): ``mode=ro`` reads both.

    A log with changes but no -shm cannot be read without writing, and
    ``immutable`` would silently show the vault as it was before those
    changes, so that case is refused with a plain sentence.
    """
    wal = _side_file(path, "-wal")
    if not (wal.exists() and wal.stat().st_size > 0):
        return "mode=ro&immutable=1"
    if _side_file(path, "-shm").exists():
        return "mode=ro"
    raise VaultReadOnly(
        path.parent,
        "and its latest changes, still in journal.db-wal, can be read only where "
        "they can be written; copy the vault folder to a writable disk and open the copy",
    )


def _uri_path(path: Path) -> str:
    return str(path.resolve()).replace("%", "%25").replace("?", "%3f").replace("#", "%23")


@contextmanager
def sql_errors(path: Path, *, keyed: bool = False) -> Iterator[None]:
    """Turn environmental SQLite errors into typed vault errors."""
    try:
        yield
    except sqlcipher3.Error as error:
        mapped = _classify(error, path, keyed=keyed)
        if mapped is error:
            raise
        raise mapped from error
    except MemoryError as error:
        # SQLite's own "out of memory" (SQLITE_NOMEM: a statement whose memory
        # the system, or a heap limit, refused) reaches Python as MemoryError.
        raise StorageError(_OUT_OF_MEMORY) from error


def _disk_nearly_full(folder: Path) -> bool:
    try:
        info = os.statvfs(folder)
    except OSError:
        return False
    return info.f_bavail * info.f_frsize < NEARLY_FULL_BYTES


def _classify(error: Exception, path: Path, *, keyed: bool) -> Exception:  # noqa: PLR0911
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(error).lower()
    if primary == _SQLITE_NOTADB or "file is not a database" in text:
        detail = "it is not a database this vault's key opens" if keyed else "not a database"
        return VaultDamaged(path, detail)
    if primary == _SQLITE_CORRUPT or "malformed" in text:
        return VaultDamaged(path, "the database structure is corrupt")
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED) or "locked" in text:
        return VaultBusy()
    io_error = primary == _SQLITE_IOERR or "disk i/o error" in text
    if (
        primary == _SQLITE_FULL
        or "disk is full" in text
        or (io_error and _disk_nearly_full(path.parent))
    ):
        return StorageError(
            f"The disk holding {path.parent} is full; free some space and try again. "
            "Nothing was changed."
        )
    if primary in (_SQLITE_READONLY, _SQLITE_PERM) or "readonly" in text:
        return VaultReadOnly(path.parent)
    if io_error:
        return StorageError(f"The disk reported an error reading or writing {path}.")
    if primary == _SQLITE_CANTOPEN or "unable to open" in text:
        return StorageError(f"Could not open {path}; check that the folder exists and is readable.")
    if primary == _SQLITE_NOMEM:
        return StorageError(_OUT_OF_MEMORY)
    return error
