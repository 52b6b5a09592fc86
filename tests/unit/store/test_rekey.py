"""Replacing a vault's data key (``passwd --rekey``): a new key, every page
encrypted again, the passphrase and the recovery key still opening it."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from tests.helpers.processes import spawn_writer, write_secret
from tests.helpers.vaults import FAST_KDF, VaultInfo, file_hashes, make_vault
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.store.db import Database
from therapy_journal.store.errors import (
    VaultDamaged,
    VaultOpenElsewhere,
    WrongPassphrase,
    WrongRecoveryKey,
)
from therapy_journal.store.keyfile import KeyFile, RecoveryKey
from therapy_journal.store.vault import Vault

NEW = "a brand new passphrase"


def data_key(folder: Path, passphrase: str) -> bytes:
    return bytes(KeyFile.load(folder / "vault.key").unwrap_with_passphrase(passphrase))


def titles(folder: Path, passphrase: str) -> list[str]:
    vault = Vault(folder, kdf=FAST_KDF)
    vault.unlock(passphrase)
    try:
        journal = JournalService(vault)
        assert vault.db.cipher_problems() == []
        return [s.title for s in journal.summaries(list(journal.ids()))]
    finally:
        vault.lock()


@pytest.fixture
def filled(vault_info: VaultInfo) -> VaultInfo:
    journal = JournalService(vault_info.vault)
    for n in range(300):
        journal.add(make_entry(title=f"entry {n}", body="words " * 400))
    vault_info.vault.lock()
    return vault_info


def test_rekey_replaces_the_data_key_and_every_entry_stays(filled: VaultInfo) -> None:
    folder = filled.folder
    before = titles(folder, filled.passphrase)
    old_key = data_key(folder, filled.passphrase)
    steps: list[tuple[int, int]] = []

    Vault(folder, kdf=FAST_KDF).rekey(
        filled.passphrase, filled.recovery_key, progress=lambda d, t: steps.append((d, t))
    )

    new_key = data_key(folder, filled.passphrase)
    assert new_key != old_key
    with pytest.raises(VaultDamaged):  # the old key opens nothing any more
        Database.open(folder / "journal.db", old_key, create=False)
    assert titles(folder, filled.passphrase) == before
    recovered = KeyFile.load(folder / "vault.key").unwrap_with_recovery(
        RecoveryKey.parse(filled.recovery_key)
    )
    assert bytes(recovered) == new_key  # the same recovery key, for the new key
    assert steps and steps[-1][0] == steps[-1][1] > 0
    assert sorted(p.name for p in folder.iterdir()) == ["journal.db", "vault.key"]


def test_rekey_can_set_a_new_passphrase_too(filled: VaultInfo) -> None:
    folder = filled.folder
    Vault(folder, kdf=FAST_KDF).rekey(filled.passphrase, filled.recovery_key, new_passphrase=NEW)
    with pytest.raises(WrongPassphrase):
        Vault(folder, kdf=FAST_KDF).unlock(filled.passphrase)
    assert len(titles(folder, NEW)) == 300
    vault = Vault(folder, kdf=FAST_KDF)
    vault.unlock_with_recovery(filled.recovery_key, "yet another passphrase")
    vault.lock()


@pytest.mark.parametrize("wrong", ["passphrase", "recovery key"])
def test_a_wrong_passphrase_or_recovery_key_changes_nothing(filled: VaultInfo, wrong: str) -> None:
    folder = filled.folder
    before = file_hashes(folder)
    other = make_vault(folder.parent / "other")
    other.vault.lock()
    passphrase = "not the passphrase" if wrong == "passphrase" else filled.passphrase
    recovery = other.recovery_key if wrong == "recovery key" else filled.recovery_key
    with pytest.raises(WrongPassphrase if wrong == "passphrase" else WrongRecoveryKey):
        Vault(folder, kdf=FAST_KDF).rekey(passphrase, recovery)
    assert file_hashes(folder) == before


def test_rekey_refuses_a_vault_open_in_another_program(
    filled: VaultInfo, tmp_path: Path, reaper: list
) -> None:
    secret = write_secret(tmp_path / "passphrase.txt", filled.passphrase)
    holder = spawn_writer(filled.folder, secret, prefix="open", wait_for_go=True)
    reaper.append(holder)
    assert holder.stdout is not None and holder.stdout.readline() == b"ready\n"
    before = file_hashes(filled.folder)
    with pytest.raises(VaultOpenElsewhere):
        Vault(filled.folder, kdf=FAST_KDF).rekey(filled.passphrase, filled.recovery_key)
    assert file_hashes(filled.folder) == before


def test_rekey_keeps_what_a_killed_writer_left_in_the_write_ahead_log(
    filled: VaultInfo, tmp_path: Path, reaper: list
) -> None:
    secret = write_secret(tmp_path / "passphrase.txt", filled.passphrase)
    writer = spawn_writer(filled.folder, secret, prefix="late", count=0, body_chars=2000)
    reaper.append(writer)
    assert writer.stdout is not None and writer.stdout.readline() == b"ready\n"
    added = [writer.stdout.readline() for _ in range(20)]
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    wal = filled.folder / "journal.db-wal"
    assert wal.exists() and wal.stat().st_size > 0  # not merged into the database

    Vault(filled.folder, kdf=FAST_KDF).rekey(filled.passphrase, filled.recovery_key)

    kept = titles(filled.folder, filled.passphrase)
    assert all(f"late-{n}" in kept for n in range(len(added)))
    assert len(kept) >= 300 + len(added)
