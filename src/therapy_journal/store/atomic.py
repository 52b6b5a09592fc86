"""Atomic replacement of small files, temporary names that say whose they are,
and plain-language errors.

A file is written beside its target under a temporary name, flushed to disk,
and renamed over the target in one step, so a reader (or a crash) sees either
the old file or the new one, never half of each. The temporary file lives in
the same folder, never in a shared temp folder.

Temporary files and folders being written are registered while they exist
(:func:`unfinished`). The desktop app replaces its whole process when it locks
(see :mod:`therapy_journal.hardening`), which ends the threads writing them
before their own clean-up runs; :func:`close_unfinished` then names every one
of them, and no new one can start, so none is left half-written.

Every temporary name this app makes (:func:`temp_name_for`) carries its
*owner*: the process id and that process's start time. A later run finds
what a killed process left (:func:`is_stale`): the owner is gone, or the id
now belongs to another process, which started at another time.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import secrets
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Protocol

from therapy_journal.store.errors import StorageError

log = logging.getLogger(__name__)

TEMP_SUFFIX = ".tmp"

_PLAIN_ERRNO = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "the file is larger than this system allows",
    errno.EROFS: "the folder is on a read-only disk",
    errno.EACCES: "permission was denied",
    errno.EPERM: "permission was denied",
    errno.EIO: "the disk reported an input/output error",
}


def describe_os_error(error: OSError) -> str:
    """A few plain words for why the system refused, e.g. 'the disk is full'."""
    if error.errno in _PLAIN_ERRNO:
        return _PLAIN_ERRNO[error.errno]
    return (error.strerror or str(error)).lower()


# ".NAME.tj<pid>-<start>-<image>.<random>.tmp"; before owners were noted, ".NAME.<random>.tmp".
_OWNED = re.compile(r"\.tj(\d+-\d+-[0-9a-f]{8})\.[0-9a-f]{12}" + re.escape(TEMP_SUFFIX) + "$")
_UNOWNED = re.compile(r"\.[0-9a-f]{12}" + re.escape(TEMP_SUFFIX) + "$")


def _start_time(pid: int) -> int | None:
    """When process ``pid`` started (clock ticks since boot), or None if there is none."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    try:
        # The command name (field 2) is in parentheses and may hold spaces.
        return int(stat[stat.rindex(")") + 2 :].split()[19])
    except (ValueError, IndexError):
        return 0


@cache
def owner_tag() -> str:
    """This process image, as temporary names and markers record it:
    "<pid>-<start time>-<random>". The random part tells this image from an
    earlier one of the same process: the app replaces its process image when
    it locks (execve keeps the process id and start time)."""
    pid = os.getpid()
    return f"{pid}-{_start_time(pid) or 0}-{secrets.token_hex(4)}"


def owner_alive(tag: str) -> bool:
    """Whether the process image an :func:`owner_tag` names is still running."""
    try:
        pid_text, start_text, _image = tag.split("-")
        pid, start = int(pid_text), int(start_text)
    except ValueError:
        return False
    if pid == os.getpid():
        return tag == owner_tag()
    found = _start_time(pid)
    if found is None:
        return False
    return start == 0 or found in (0, start)


def temp_name_for(target: Path) -> Path:
    """A fresh, hidden temporary name in the target's folder, naming its owner."""
    return target.with_name(f".{target.name}.tj{owner_tag()}.{secrets.token_hex(6)}{TEMP_SUFFIX}")


def is_stale(path: Path) -> bool:
    """Whether ``path`` is a temporary name of this app whose owner is gone
    (a name from before owners were recorded counts as stale)."""
    owned = _OWNED.search(path.name)
    if owned:
        return not owner_alive(owned[1])
    return bool(_UNOWNED.search(path.name))


# The names temp_name_for and the export's staging folder use: hidden, with a
# random token, ending in .tmp. Only such names are ever removed by path.
_TEMP_NAME = re.compile(r"^\..+\.[0-9a-f]{12}\.tmp$|^\.export-[0-9a-f]{12}\.tmp$")
# What SQLite may create beside a database file it opens.
_SQLITE_SIDE_FILES = ("-journal", "-wal", "-shm")

_unfinished: set[Path] = set()
_unfinished_lock = threading.Lock()
_closed = False


class ProcessEnding(RuntimeError):
    """No new temporary file may start: the process is being replaced."""


@contextmanager
def unfinished(path: Path) -> Iterator[Path]:
    """Register ``path`` (a temporary file or folder, not made yet) for as long
    as the block runs; the block makes it, and renames or removes it."""
    with _unfinished_lock:
        if _closed:
            raise ProcessEnding("the app is locking; nothing new is written")
        _unfinished.add(path)
    try:
        yield path
    finally:
        with _unfinished_lock:
            _unfinished.discard(path)


def close_unfinished() -> list[Path]:
    """Remove every registered temporary file or folder, refuse new ones, and
    return their paths (for the next process image to remove once more: a
    thread may still have been writing one). Undo with :func:`reopen_unfinished`."""
    global _closed  # noqa: PLW0603  # one registry per process
    with _unfinished_lock:
        _closed = True
        paths = sorted(_unfinished)
    remove_temporaries(paths)
    return paths


def reopen_unfinished() -> None:
    """Allow temporary files again (the process was not replaced after all)."""
    global _closed  # noqa: PLW0603
    with _unfinished_lock:
        _closed = False


def remove_temporaries(paths: Iterable[Path]) -> None:
    """Remove these temporary files or folders (and SQLite's files beside them).
    A path whose name is not a temporary name is left alone."""
    for path in paths:
        if not _TEMP_NAME.match(path.name):
            log.warning("not removing %s: not a temporary name", path)
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        for name in (path.name, *(path.name + side for side in _SQLITE_SIDE_FILES)):
            _remove_quietly(path.with_name(name))


def fsync_folder(folder: Path) -> None:
    """Make a rename inside ``folder`` durable."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Writer(Protocol):
    """Where bytes are written as they are made (by :func:`write_atomic_from`,
    and by the bundle's streamed encryption): ``write(data)``."""

    def write(self, data: bytes, /) -> int: ...


class _FdWriter:
    """Writes all of each ``data`` to the open file ``fd``, as it comes."""

    def __init__(self, fd: int) -> None:
        self._fd = fd

    def write(self, data: bytes, /) -> int:
        view = memoryview(data)
        size = view.nbytes
        while view:
            written = os.write(self._fd, view)
            view = view[written:]
        return size


def write_atomic(target: Path, data: bytes, *, mode: int = 0o600, what: str = "") -> None:
    """Replace ``target`` with ``data`` atomically and durably.

    On failure the target is untouched, the temporary file is removed, and a
    :class:`StorageError` says what happened in plain words.
    """
    write_atomic_from(target, lambda out: out.write(data), mode=mode, what=what)


def write_atomic_from(
    target: Path, produce: Callable[[Writer], object], *, mode: int = 0o600, what: str = ""
) -> None:
    """Replace ``target`` with what ``produce`` writes into the file it is
    given, atomically and durably, as :func:`write_atomic` does, for a file
    too large to hold in memory first: each write goes to the disk as it
    comes. The temporary file beside ``target`` has ``mode`` before any byte
    is written.

    Whatever stops ``produce`` (an error, a cancel) removes the temporary file
    and leaves the target untouched; an :class:`OSError` becomes a
    :class:`StorageError`, anything else is raised as it is.
    """
    temp = temp_name_for(target)
    label = what or target.name
    created = False
    # Registered until the clean-up below is done (see close_unfinished).
    with unfinished(temp):
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
            created = True
            try:
                produce(_FdWriter(fd))
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(temp, target)
        except OSError as error:
            # Only a file this call made is removed: on a read-only disk, even
            # unlinking a name that does not exist fails (EROFS before ENOENT),
            # which used to add a spurious warning to the one plain refusal.
            if created:
                _remove_quietly(temp)
            raise StorageError(
                f"Could not write the {label} in {target.parent}: {describe_os_error(error)}. "
                f"The previous {label} is unchanged."
            ) from error
        except BaseException:
            if created:
                _remove_quietly(temp)
            raise
    try:
        fsync_folder(target.parent)
    except OSError as error:  # the rename happened; only its durability is in doubt
        log.warning("could not flush folder %s after replacing a file: %s", target.parent, error)


def remove_stale_temps(target: Path) -> None:
    """Delete temporary files a crashed :func:`write_atomic` left beside
    ``target``; those of a process still at work are left alone."""
    for stale in target.parent.glob(f".{target.name}.*{TEMP_SUFFIX}"):
        if is_stale(stale):
            _remove_quietly(stale)


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as error:
        log.warning("could not remove temporary file %s: %s", path, error)
