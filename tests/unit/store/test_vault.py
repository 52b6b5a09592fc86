"""The vault's life cycle: create, unlock, recover, change passphrase, lock."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.vaults import FAST_KDF, PASSPHRASE, VaultInfo, file_hashes, make_vault
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.store import migrations
from therapy_journal.store.errors import (
    VaultDamaged,
    VaultExists,
    VaultLocked,
    VaultNotFound,
    VaultTooNew,
    WeakPassphrase,
    WrongPassphrase,
    WrongRecoveryKey,
)
from therapy_journal.store.keyfile import KdfParams, KeyFile
from therapy_journal.store.vault import DB_NAME, KEY_NAME, Vault

NEW = "a brand new passphrase"


def reopen(folder: Path, passphrase: str = PASSPHRASE) -> Vault:
    vault = Vault(folder, kdf=FAST_KDF)
    vault.unlock(passphrase)
    return vault


def add_entry(vault: Vault, title: str = "kept") -> int:
    return JournalService(vault).add(make_entry(title=title, body="body"))


def test_create_makes_a_folder_with_the_database_and_key_file(vault_info: VaultInfo) -> None:
    names = {p.name for p in vault_info.folder.iterdir()}
    assert DB_NAME in names and KEY_NAME in names
    assert vault_info.vault.is_unlocked
    assert (vault_info.folder.stat().st_mode & 0o777) == 0o700
    assert (vault_info.folder / KEY_NAME).stat().st_mode & 0o777 == 0o600
    assert (vault_info.folder / DB_NAME).stat().st_mode & 0o777 == 0o600


def test_the_database_is_not_readable_as_plain_sqlite(vault_info: VaultInfo) -> None:
    header = (vault_info.folder / DB_NAME).read_bytes()[:16]
    assert header != b"SQLite format 3\x00"


def test_create_refuses_an_existing_vault(vault_info: VaultInfo) -> None:
    before = file_hashes(vault_info.folder)
    with pytest.raises(VaultExists):
        Vault(vault_info.folder, kdf=FAST_KDF).create(PASSPHRASE)
    assert file_hashes(vault_info.folder) == before


def test_create_refuses_a_short_passphrase(vault_folder: Path) -> None:
    with pytest.raises(WeakPassphrase):
        Vault(vault_folder, kdf=FAST_KDF).create("short")
    assert not vault_folder.exists()


def test_lock_then_unlock_keeps_the_entries(vault_info: VaultInfo) -> None:
    entry_id = add_entry(vault_info.vault)
    vault_info.vault.lock()
    assert not vault_info.vault.is_unlocked
    with pytest.raises(VaultLocked):
        _ = vault_info.vault.db
    vault = reopen(vault_info.folder)
    assert JournalService(vault).get(entry_id).title == "kept"
    vault.lock()


def test_a_wrong_passphrase_changes_no_file(vault_info: VaultInfo) -> None:
    add_entry(vault_info.vault)
    vault_info.vault.lock()
    before = file_hashes(vault_info.folder)
    with pytest.raises(WrongPassphrase):
        Vault(vault_info.folder).unlock("not the passphrase")
    assert file_hashes(vault_info.folder) == before


def test_unlocking_an_empty_folder_says_there_is_no_vault(tmp_path: Path) -> None:
    with pytest.raises(VaultNotFound):
        Vault(tmp_path / "nowhere").unlock(PASSPHRASE)


def test_recovery_key_opens_and_sets_a_new_passphrase(vault_info: VaultInfo) -> None:
    entry_id = add_entry(vault_info.vault)
    vault_info.vault.lock()
    vault = Vault(vault_info.folder, kdf=FAST_KDF)
    vault.unlock_with_recovery(vault_info.recovery_key.lower(), NEW)
    assert JournalService(vault).get(entry_id).title == "kept"
    vault.lock()
    reopen(vault_info.folder, NEW).lock()
    with pytest.raises(WrongPassphrase):
        Vault(vault_info.folder).unlock(PASSPHRASE)


def test_a_wrong_recovery_key_changes_no_file(vault_info: VaultInfo) -> None:
    other = make_vault(vault_info.folder.parent / "other")
    other.vault.lock()
    vault_info.vault.lock()
    before = file_hashes(vault_info.folder)
    with pytest.raises(WrongRecoveryKey):
        Vault(vault_info.folder).unlock_with_recovery(other.recovery_key, NEW)
    assert file_hashes(vault_info.folder) == before


def test_change_passphrase_rewrites_only_the_key_file(vault_info: VaultInfo) -> None:
    add_entry(vault_info.vault)
    vault_info.vault.lock()
    before = file_hashes(vault_info.folder)
    Vault(vault_info.folder, kdf=FAST_KDF).change_passphrase(PASSPHRASE, NEW)
    after = file_hashes(vault_info.folder)
    assert after[DB_NAME] == before[DB_NAME]
    assert after[KEY_NAME] != before[KEY_NAME]
    assert set(after) == set(before)  # no temporary file left behind
    reopen(vault_info.folder, NEW).lock()
    with pytest.raises(WrongPassphrase):
        Vault(vault_info.folder).unlock(PASSPHRASE)


def test_change_passphrase_while_unlocked_keeps_working(vault_info: VaultInfo) -> None:
    vault_info.vault.change_passphrase(PASSPHRASE, NEW)
    assert add_entry(vault_info.vault, "after change") > 0
    vault_info.vault.lock()
    reopen(vault_info.folder, NEW).lock()


def test_change_passphrase_needs_the_current_one(vault_info: VaultInfo) -> None:
    vault_info.vault.lock()
    before = file_hashes(vault_info.folder)
    with pytest.raises(WrongPassphrase):
        Vault(vault_info.folder).change_passphrase("guess guess guess", NEW)
    assert file_hashes(vault_info.folder) == before


def test_the_recovery_key_still_works_after_a_passphrase_change(vault_info: VaultInfo) -> None:
    vault_info.vault.change_passphrase(PASSPHRASE, NEW)
    vault_info.vault.lock()
    vault = Vault(vault_info.folder, kdf=FAST_KDF)
    vault.unlock_with_recovery(vault_info.recovery_key, "third passphrase here")
    vault.lock()


def test_a_passphrase_change_never_lowers_the_kdf_cost(vault_info: VaultInfo) -> None:
    vault_info.vault.lock()
    stronger = KdfParams(memory_kib=128, iterations=2, lanes=1)
    Vault(vault_info.folder, kdf=stronger).change_passphrase(PASSPHRASE, NEW)
    Vault(vault_info.folder, kdf=FAST_KDF).change_passphrase(NEW, PASSPHRASE)
    assert KeyFile.load(vault_info.folder / KEY_NAME).passphrase_kdf == stronger


def test_lock_wipes_the_key_it_held(vault_info: VaultInfo) -> None:
    held = vault_info.vault._key
    assert held is not None and any(held)
    vault_info.vault.lock()
    assert not any(held)


def test_stale_temporary_key_files_are_removed_at_unlock(vault_info: VaultInfo) -> None:
    vault_info.vault.lock()
    stale = vault_info.folder / ".vault.key.0123456789ab.tmp"
    stale.write_bytes(b"left by a crash")
    reopen(vault_info.folder).lock()
    assert not stale.exists()


# --- damaged vaults -------------------------------------------------------------


def test_missing_database_is_damage(vault_info: VaultInfo) -> None:
    vault_info.vault.lock()
    for path in vault_info.folder.glob(DB_NAME + "*"):
        path.unlink()
    with pytest.raises(VaultDamaged, match=r"journal\.db"):
        reopen(vault_info.folder)
    assert not (vault_info.folder / DB_NAME).exists()  # not silently re-created


def test_empty_database_is_damage_and_is_not_rebuilt(vault_info: VaultInfo) -> None:
    vault_info.vault.lock()
    (vault_info.folder / DB_NAME).write_bytes(b"")
    with pytest.raises(VaultDamaged, match=r"journal\.db"):
        reopen(vault_info.folder)
    assert (vault_info.folder / DB_NAME).read_bytes() == b""


def test_missing_key_file_with_a_database_is_damage(vault_info: VaultInfo) -> None:
    vault_info.vault.lock()
    (vault_info.folder / KEY_NAME).unlink()
    with pytest.raises(VaultDamaged, match=r"vault\.key"):
        reopen(vault_info.folder)


def test_a_database_from_another_vault_is_damage(vault_info: VaultInfo, tmp_path: Path) -> None:
    other = make_vault(tmp_path / "other")
    other.vault.lock()
    vault_info.vault.lock()
    (vault_info.folder / DB_NAME).write_bytes((other.folder / DB_NAME).read_bytes())
    with pytest.raises(VaultDamaged, match=r"journal\.db"):
        reopen(vault_info.folder)


def test_a_vault_from_a_newer_app_is_refused(vault_info: VaultInfo) -> None:
    vault_info.vault.db.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    vault_info.vault.lock()
    before = file_hashes(vault_info.folder)
    with pytest.raises(VaultTooNew, match="newer version"):
        reopen(vault_info.folder)
    assert file_hashes(vault_info.folder) == before


def test_key_file_is_json_with_no_secret_in_clear(vault_info: VaultInfo) -> None:
    text = (vault_info.folder / KEY_NAME).read_text()
    document = json.loads(text)
    assert document["header"]["format"] == "therapy-journal-key"
    assert PASSPHRASE not in text
    assert vault_info.recovery_key.replace("-", "") not in text.replace("-", "")
    assert vault_info.vault._key is not None
    assert bytes(vault_info.vault._key).hex() not in text
