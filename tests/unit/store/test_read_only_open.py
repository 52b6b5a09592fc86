"""Opening a vault from a disk that cannot be written: read-only, with every
write refused as :class:`VaultReadOnly`, and a vault that would need a schema
update there refused with a way out. A real read-only tmpfs (needs root)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.mounts import remount, tmpfs
from tests.helpers.vaults import VaultInfo, file_hashes, make_vault
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.store import migrations
from therapy_journal.store.errors import VaultReadOnly
from therapy_journal.store.vault import Vault


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    with tmpfs(tmp_path / "disk", "16m") as mounted:
        yield mounted


def _seeded(folder: Path) -> VaultInfo:
    info = make_vault(folder)
    JournalService(info.vault).add(make_entry(title="on the drive", body="kept"))
    return info


def test_a_vault_on_read_only_media_opens_read_only_and_refuses_writes(
    disk: Path, opened: list[Vault], tmp_path: Path
) -> None:
    info = _seeded(disk / "vault")
    info.vault.lock()
    remount(disk, read_only=True)
    before = file_hashes(info.folder)

    vault = Vault(info.folder)
    vault.unlock(info.passphrase)
    opened.append(vault)

    assert vault.read_only
    journal = JournalService(vault)
    assert [entry.title for entry in journal.get_many(list(journal.ids()))] == ["on the drive"]
    # search, a prefix widened into words through a table in memory included
    assert [hit.entry.title for hit in journal.search("dri*")] == ["on the drive"]
    assert [hit.entry.title for hit in journal.search("kep", prefix_last=True)] == ["on the drive"]
    with pytest.raises(VaultReadOnly, match="can only be read here") as refused:
        journal.add(make_entry(title="new", body="not kept"))
    assert "Nothing was changed." in str(refused.value)
    snapshot = vault.snapshot(tmp_path / "copy.db")  # a backup reads it whole
    assert snapshot.entries == 1
    assert file_hashes(info.folder) == before


def test_an_ordinary_folder_opens_for_writing(vault_info: VaultInfo) -> None:
    assert vault_info.vault.is_unlocked
    assert not vault_info.vault.read_only


def test_a_vault_needing_a_schema_update_on_read_only_media_asks_for_a_copy(
    disk: Path, opened: list[Vault]
) -> None:
    info = _seeded(disk / "vault")
    info.vault.db.execute(f"PRAGMA user_version = {migrations.LATEST - 1}")
    info.vault.lock()
    remount(disk, read_only=True)

    vault = Vault(info.folder)
    opened.append(vault)
    with pytest.raises(VaultReadOnly, match="must first be updated") as refused:
        vault.unlock(info.passphrase)
    assert "copy the vault folder to a writable disk" in str(refused.value)
    assert not vault.is_unlocked
