"""Keeping this process's memory to itself: no core dumps, no reading by others,
and a clean slate by replacing the whole process image.

:func:`harden_process` runs first thing in the desktop app and in every
command, before any passphrase or key is read:

* ``RLIMIT_CORE`` 0 (soft and hard): a crash writes no core file. A core of
  this app holds whatever its memory held: the data key, the passphrase,
  entries (a crash of the locked app once wrote a 132 MB core with all three).
* ``prctl(PR_SET_DUMPABLE, 0)`` on Linux: no core either where a core handler
  would ignore the limit, and other processes of the same user can no longer
  attach with ptrace or read ``/proc/PID/mem``; only root can.

Both are inherited by threads; the limit also by child processes. Elsewhere
(no ``resource`` module, no ``prctl``) they are skipped, which is harmless.

:func:`replace_process` is how the desktop app leaves nothing behind when it
locks: Python cannot wipe its own strings (they are immutable and copied
freely, by Qt, SQLite, the interpreter's free lists), but ``execve`` replaces
the whole image, so the new program starts with none of the old memory.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

log = logging.getLogger(__name__)

# <linux/prctl.h>
PR_GET_DUMPABLE = 3
PR_SET_DUMPABLE = 4


@dataclass(frozen=True)
class Hardening:
    """What :func:`harden_process` managed to switch on."""

    core_dumps_off: bool
    not_dumpable: bool


def _libc() -> ctypes.CDLL | None:
    """The C library's symbols, as linked into this process (no search for
    the library file: ``ctypes.util.find_library`` would start ``ldconfig``
    at every command)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl  # noqa: B018  # present in every Linux C library
    except (OSError, AttributeError):
        return None
    return libc


def _no_core_dumps() -> bool:
    try:
        import resource  # noqa: PLC0415  # POSIX only
    except ImportError:
        return False
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (OSError, ValueError) as error:
        log.warning("could not turn core dumps off: %s", error)
        return False
    return True


def _not_dumpable() -> bool:
    libc = _libc()
    if libc is None:
        return False
    if libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
        log.warning("could not make the process non-dumpable: %s", os.strerror(ctypes.get_errno()))
        return False
    return True


def harden_process() -> Hardening:
    """No core dumps, and no reading of this process's memory by other processes."""
    done = Hardening(core_dumps_off=_no_core_dumps(), not_dumpable=_not_dumpable())
    log.debug("process hardening: %s", done)
    return done


def is_dumpable() -> bool | None:
    """Whether this process may be dumped or read by others (None: not Linux)."""
    libc = _libc()
    if libc is None:
        return None
    return bool(libc.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))


def _close_on_exec() -> None:
    """Mark every descriptor above stderr close-on-exec, so the new image
    inherits none (no database, no X connection keeping old windows up)."""
    try:
        names = os.listdir("/proc/self/fd")
    except OSError:
        names = [str(fd) for fd in range(3, os.sysconf("SC_OPEN_MAX"))]
    for name in names:
        fd = int(name)
        if fd <= 2:
            continue
        try:
            os.set_inheritable(fd, False)
        except OSError:  # the descriptor listdir used, already closed, or not a file
            continue


def replace_process(argv: Sequence[str], env: Mapping[str, str]) -> None:
    """Replace this process with ``argv`` (same process id, stdin/stdout/stderr
    kept). Returns only if that failed (OSError), with nothing changed."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            continue
    _close_on_exec()
    os.execve(argv[0], list(argv), dict(env))  # noqa: S606  # the same program, by its full path
