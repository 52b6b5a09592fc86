"""Locking in the app ends an ``unlock --for`` of the command line at once."""

from __future__ import annotations

import ctypes

import pytest
from pytestqt.qtbot import QtBot

from therapy_journal.gui.app import App
from therapy_journal.store import keyring_cache


@pytest.fixture
def own_session_keyring() -> None:
    """A session keyring of this process's own, as a login gives one
    (what ``keyctl session`` does), so a cached key can be read back."""
    try:
        lib = ctypes.CDLL("libkeyutils.so.1", use_errno=True)
    except OSError:
        pytest.skip("needs libkeyutils")
    lib.keyctl_join_session_keyring.argtypes = [ctypes.c_char_p]
    lib.keyctl_join_session_keyring.restype = ctypes.c_int32
    if lib.keyctl_join_session_keyring(None) <= 0:
        pytest.skip("the kernel keyring is not available here")


def test_locking_the_app_drops_the_cached_key(
    qtbot: QtBot, unlocked_app: App, own_session_keyring: None
) -> None:
    session = unlocked_app.session
    assert session is not None
    vault_id = session.vault.vault_id
    key = session.vault.key_copy()
    keyring_cache.remember(vault_id, key, 600)  # as 'unlock --for 10m' would
    recalled = keyring_cache.recall(vault_id)
    assert recalled == key
    unlocked_app.lock()
    assert keyring_cache.recall(vault_id) is None
