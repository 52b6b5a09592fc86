"""An optional unlock cache for scripting: the data key kept for a while in
the Linux kernel's session keyring, so the commands that follow skip the KDF.

Off unless the person asks (``therapy-journal unlock --for 10m``). The key is
added to the session keyring of the login session (``KEY_SPEC_SESSION_KEYRING``)
with a timeout the kernel enforces: when it runs out the kernel destroys the
key, whether or not any program of ours is running. Its permissions give
everything to the *possessor* (a process of this login session, which reaches
the key through its session keyring) and only "view" to the user otherwise.
Nothing is written to disk. ``therapy-journal lock``, and locking in the app,
invalidate it at once.

The trade-off, said plainly in the README: while the cache holds the key, any
program running in this login session (as you) can open the journal without
the passphrase.

Implemented with ``libkeyutils`` through ctypes, so the key passes between
buffers this process wipes and the kernel, never through a Python ``bytes``
or another program's arguments. Where there is no keyutils library, no session
keyring, or the kernel refuses (some containers), :class:`KeyringUnavailable`
says so in a sentence.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
from functools import cache

from therapy_journal.store.buffers import wipe
from therapy_journal.store.errors import VaultError

log = logging.getLogger(__name__)

KEY_SPEC_SESSION_KEYRING = -3
KEY_SPEC_USER_SESSION_KEYRING = -5
KEY_TYPE = b"user"
# Possessor: view, read, write, search, link, setattr; user: view only.
PERMISSIONS = 0x3F010000
MAX_SECONDS = 12 * 60 * 60  # a working day, at most
KEY_BYTES = 32


class KeyringUnavailable(VaultError):
    """The kernel keyring cannot keep the key here."""


def _description(vault_id: str) -> bytes:
    return f"therapy-journal:{vault_id}".encode("ascii")


@cache
def _library() -> ctypes.CDLL | None:
    # The soname first: find_library runs ldconfig, which costs more than a command.
    for name in ("libkeyutils.so.1", ctypes.util.find_library("keyutils")):
        if name is None:
            continue
        try:
            lib = ctypes.CDLL(name, use_errno=True)
            break
        except OSError:
            continue
    else:
        return None
    serial, long_ = ctypes.c_int32, ctypes.c_long
    lib.add_key.argtypes = [
        ctypes.c_char_p,
        ctypes.c_char_p,
        ctypes.c_void_p,
        ctypes.c_size_t,
        serial,
    ]
    lib.add_key.restype = serial
    lib.keyctl_search.argtypes = [serial, ctypes.c_char_p, ctypes.c_char_p, serial]
    lib.keyctl_search.restype = long_
    lib.keyctl_read.argtypes = [serial, ctypes.c_void_p, ctypes.c_size_t]
    lib.keyctl_read.restype = long_
    lib.keyctl_set_timeout.argtypes = [serial, ctypes.c_uint]
    lib.keyctl_set_timeout.restype = long_
    lib.keyctl_setperm.argtypes = [serial, ctypes.c_uint32]
    lib.keyctl_setperm.restype = long_
    lib.keyctl_invalidate.argtypes = [serial]
    lib.keyctl_invalidate.restype = long_
    lib.keyctl_get_keyring_ID.argtypes = [serial, ctypes.c_int]
    lib.keyctl_get_keyring_ID.restype = serial
    return lib


def _lib() -> ctypes.CDLL:
    lib = _library()
    if lib is None:
        raise KeyringUnavailable(
            "The kernel keyring cannot be used here: the keyutils library is not installed "
            "(on Debian and Ubuntu, the package libkeyutils1)."
        )
    return lib


def _failed(what: str) -> KeyringUnavailable:
    code = ctypes.get_errno()
    return KeyringUnavailable(
        f"The kernel keyring refused to {what} ({os.strerror(code)}); this login session may "
        "have no keyring of its own. The journal stays locked; commands ask for the passphrase."
    )


def _find(vault_id: str) -> int | None:
    lib = _lib()
    found = lib.keyctl_search(KEY_SPEC_SESSION_KEYRING, KEY_TYPE, _description(vault_id), 0)
    return int(found) if found > 0 else None


def remember(vault_id: str, key: bytearray, seconds: int) -> None:
    """Keep ``key`` for ``seconds`` (1 to :data:`MAX_SECONDS`), replacing an
    earlier one for the same vault. The caller still owns and wipes ``key``."""
    if not 0 < seconds <= MAX_SECONDS:
        raise ValueError(f"seconds must be 1 to {MAX_SECONDS}")
    lib = _lib()
    session = lib.keyctl_get_keyring_ID(KEY_SPEC_SESSION_KEYRING, 0)
    if session <= 0 or session == lib.keyctl_get_keyring_ID(KEY_SPEC_USER_SESSION_KEYRING, 0):
        # The fallback every process of the user shares when the login made no
        # session keyring: a key put there cannot be read by the next command.
        raise KeyringUnavailable(
            "This login session has no kernel keyring of its own, so the key cannot be kept "
            "for the next command (a desktop or ssh login normally has one; 'keyctl session' "
            "starts one). The journal stays locked; commands ask for the passphrase."
        )
    payload = (ctypes.c_char * len(key)).from_buffer(key)
    serial = lib.add_key(
        KEY_TYPE, _description(vault_id), payload, len(key), KEY_SPEC_SESSION_KEYRING
    )
    if serial <= 0:
        raise _failed("keep the key")
    if lib.keyctl_setperm(serial, PERMISSIONS) < 0 or lib.keyctl_set_timeout(serial, seconds) < 0:
        lib.keyctl_invalidate(serial)
        raise _failed("set the key's time limit")
    # Read back once: a keyring this process cannot possess is no use to the next command.
    check = recall(vault_id)
    if check is None:
        lib.keyctl_invalidate(serial)
        raise _failed("give the key back")
    wipe(check)
    log.info("the data key is cached in the session keyring for %d s", seconds)


def recall(vault_id: str) -> bytearray | None:
    """The cached key of ``vault_id``, in a buffer for the caller to wipe;
    None when there is none (never cached, timed out, locked) or no keyring."""
    if _library() is None:
        return None
    serial = _find(vault_id)
    if serial is None:
        return None
    key = bytearray(KEY_BYTES)
    buffer = (ctypes.c_char * KEY_BYTES).from_buffer(key)
    size = _lib().keyctl_read(serial, buffer, KEY_BYTES)
    del buffer
    if size != KEY_BYTES:
        wipe(key)
        return None
    return key


def forget(vault_id: str) -> bool:
    """Invalidate the cached key of ``vault_id``; whether there was one."""
    if _library() is None:
        return False
    serial = _find(vault_id)
    if serial is None:
        return False
    _lib().keyctl_invalidate(serial)
    log.info("the cached data key was dropped")
    return True
