"""A passphrase change interrupted at any point leaves a vault that opens with
the old passphrase or the new one (exactly one of them), with its entries.

(a) kills a real ``passwd`` process at seeded moments across its run; (b) makes
each step of the atomic key-file write fail in this process.
"""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.cli import cli_env
from tests.helpers.journals import all_titles, open_journal, temp_files
from tests.helpers.processes import cli_argv, spawn, write_secret
from tests.helpers.vaults import FAST_KDF, VaultInfo
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.store import atomic
from therapy_journal.store.errors import StorageError, WrongPassphrase
from therapy_journal.store.vault import Vault

NEW_PASSPHRASE = "a brand new passphrase for the vault"
SEED = 7_041_977
# passwd raises the KDF to the app's defaults, so a run takes ~0.3-0.7 s: one
# seeded moment in each 0.12 s slice from 0 to 0.96 s.
_rng = random.Random(SEED)
KILL_DELAYS = [round(0.12 * i + _rng.uniform(0.0, 0.12), 3) for i in range(8)]


def _opens_with(folder: Path, passphrase: str) -> bool:
    vault = Vault(folder)
    try:
        vault.unlock(passphrase)
    except WrongPassphrase:
        return False
    vault.lock()
    return True


@pytest.mark.parametrize("delay", KILL_DELAYS)
def test_passwd_killed_after_a_delay_leaves_a_vault_that_opens_with_exactly_one_passphrase(
    delay: float, seeded_vault: VaultInfo, tmp_path: Path, opened: list[Vault]
) -> None:
    folder = seeded_vault.folder
    old_file = write_secret(tmp_path / "old.txt", seeded_vault.passphrase)
    new_file = write_secret(tmp_path / "new.txt", NEW_PASSPHRASE)
    argv = cli_argv(
        "--passphrase-file", str(old_file), "passwd", "--new-passphrase-file", str(new_file)
    )
    proc = spawn(argv, env=cli_env(folder), stdin=subprocess.DEVNULL)
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode in (0, -signal.SIGKILL)

    opening = [p for p in (seeded_vault.passphrase, NEW_PASSPHRASE) if _opens_with(folder, p)]

    assert len(opening) == 1, "exactly one of the old and new passphrases must open the vault"
    if proc.returncode == 0:
        assert opening == [NEW_PASSPHRASE]
    journal = open_journal(folder, opening[0], opened)
    assert sorted(all_titles(journal).values()) == ["first", "second", "third"]
    assert journal.integrity_problems() == []
    assert temp_files(folder) == []  # an unlock clears what a killed write left


def test_passwd_that_runs_to_the_end_switches_to_the_new_passphrase(
    seeded_vault: VaultInfo, tmp_path: Path
) -> None:
    # The control for the test above: its check tells the two outcomes apart.
    folder = seeded_vault.folder
    old_file = write_secret(tmp_path / "old.txt", seeded_vault.passphrase)
    new_file = write_secret(tmp_path / "new.txt", NEW_PASSPHRASE)
    proc = spawn(
        cli_argv(
            "--passphrase-file", str(old_file), "passwd", "--new-passphrase-file", str(new_file)
        ),
        env=cli_env(folder),
        stdin=subprocess.DEVNULL,
    )
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err.decode()
    assert not _opens_with(folder, seeded_vault.passphrase)
    assert _opens_with(folder, NEW_PASSPHRASE)


# --- (b) faults injected into each step of the atomic write --------------------


class _FaultyOs:
    """Stands in for the ``os`` module inside ``store.atomic`` only."""

    def __init__(self, **overrides: Callable[..., Any]) -> None:
        self._overrides = overrides
        self.calls: list[str] = []

    def __getattr__(self, name: str) -> Any:
        if name in self._overrides:
            self.calls.append(name)
            return self._overrides[name]
        return getattr(os, name)


def _fail(code: int) -> Callable[..., Any]:
    def raise_it(*_args: Any, **_kwargs: Any) -> Any:
        raise OSError(code, os.strerror(code))

    return raise_it


def _write_half_then_fail() -> Callable[[int, Any], int]:
    state = {"calls": 0}

    def write(fd: int, data: Any) -> int:
        state["calls"] += 1
        if state["calls"] == 1:
            return os.write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    return write


def _close_then_fail(fd: int) -> None:
    os.close(fd)
    raise OSError(errno.EIO, os.strerror(errno.EIO))


FAULTS: dict[str, tuple[Callable[[], dict[str, Callable[..., Any]]], str]] = {
    "open-denied": (lambda: {"open": _fail(errno.EACCES)}, "permission was denied"),
    "write-fails-midway": (lambda: {"write": _write_half_then_fail()}, "the disk is full"),
    "fsync-fails": (lambda: {"fsync": _fail(errno.EIO)}, "input/output error"),
    "close-fails": (lambda: {"close": _close_then_fail}, "input/output error"),
    "replace-fails": (lambda: {"replace": _fail(errno.EACCES)}, "permission was denied"),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_failure_at_each_step_of_the_key_file_write_keeps_the_old_passphrase(
    fault: str, seeded_vault: VaultInfo, monkeypatch: pytest.MonkeyPatch, opened: list[Vault]
) -> None:
    folder = seeded_vault.folder
    key_before = (folder / "vault.key").read_bytes()
    make_overrides, reason = FAULTS[fault]
    faulty = _FaultyOs(**make_overrides())
    monkeypatch.setattr(atomic, "os", faulty)

    with pytest.raises(StorageError) as caught:
        Vault(folder, kdf=FAST_KDF).change_passphrase(seeded_vault.passphrase, NEW_PASSPHRASE)
    monkeypatch.undo()

    assert faulty.calls, "the fault was never reached"
    message = str(caught.value)
    assert "key file" in message
    assert "The previous key file is unchanged." in message
    assert reason in message
    assert (folder / "vault.key").read_bytes() == key_before
    assert temp_files(folder) == []
    assert not _opens_with(folder, NEW_PASSPHRASE)
    journal = open_journal(folder, seeded_vault.passphrase, opened)
    assert sorted(all_titles(journal).values()) == ["first", "second", "third"]


def test_an_unlocked_vault_keeps_working_after_a_failed_passphrase_change(
    vault_info: VaultInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = JournalService(vault_info.vault)
    monkeypatch.setattr(atomic, "os", _FaultyOs(replace=_fail(errno.EIO)))
    with pytest.raises(StorageError):
        vault_info.vault.change_passphrase(vault_info.passphrase, NEW_PASSPHRASE)
    monkeypatch.undo()

    entry_id = journal.add(make_entry(title="after the failed change"))
    assert journal.get(entry_id).title == "after the failed change"
    vault_info.vault.lock()
    assert _opens_with(vault_info.folder, vault_info.passphrase)
    assert not _opens_with(vault_info.folder, NEW_PASSPHRASE)
