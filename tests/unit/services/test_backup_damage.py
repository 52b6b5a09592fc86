"""A backup never passes a vault it cannot restore: a damaged page in use is
refused with a message that names it, damage in pages that hold nothing is
stepped over (the backup is whole and restores to a clean vault), and a backup
made without the check (as older versions did) is refused when restored."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.helpers.backups import resealed
from tests.helpers.damage import ENTRIES, body_of, damage, make_layered_vault
from tests.helpers.pages import flip_page
from tests.helpers.vaults import VaultInfo
from therapy_journal.services.backup import (
    MANIFEST_NAME,
    BackupDamaged,
    BackupFailed,
    BackupRefused,
    BackupService,
    restore,
)
from therapy_journal.services.journal import JournalService
from therapy_journal.store import integrity
from therapy_journal.store.integrity import check_vault
from therapy_journal.store.vault import Snapshot, Vault

MADE = datetime(2026, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=-5)))


@pytest.fixture
def layered(vault_folder: Path) -> VaultInfo:
    return make_layered_vault(vault_folder)


@pytest.fixture
def unlocked(layered: VaultInfo) -> Iterator[Vault]:
    vault = Vault(layered.folder)
    yield vault
    vault.lock()


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "backups"
    folder.mkdir()
    return folder


def entries_in(folder: Path, passphrase: str) -> dict[str, str]:
    vault = Vault(folder)
    vault.unlock(passphrase)
    try:
        journal = JournalService(vault)
        return {e.title: e.body for e in journal.get_many(list(journal.ids()))}
    finally:
        vault.lock()


EXPECTED = {f"entry {n}": body_of(n) for n in range(1, ENTRIES + 1)}


@pytest.mark.parametrize(
    "where", ["entries-leaf", "entries-overflow", "entries-interior", "index", "search-index"]
)
def test_a_vault_with_a_damaged_page_in_use_is_not_backed_up(
    layered: VaultInfo, unlocked: Vault, out: Path, where: str
) -> None:
    unlocked.unlock(layered.passphrase)
    earlier = BackupService(unlocked, clock=lambda: MADE).backup(out / "b.tjbackup").path
    before = earlier.read_bytes()
    unlocked.lock()
    page = damage(layered, where)
    unlocked.unlock(layered.passphrase)
    service = BackupService(unlocked, clock=lambda: MADE + timedelta(days=1))

    with pytest.raises(BackupRefused) as refused:
        service.backup(out / "b.tjbackup")
    with pytest.raises(BackupRefused):
        service.backup(out / "new.tjbackup")

    message = str(refused.value)
    assert message.startswith(
        f"The vault is damaged: 1 page of its database cannot be read (page {page})."
    )
    assert "No backup was written" in message and "would not restore" in message
    assert refused.value.health.damaged_pages == (page,)
    assert earlier.read_bytes() == before  # the earlier backup at that path is untouched
    assert sorted(p.name for p in out.iterdir()) == ["b.tjbackup"]  # no temp files, no new file
    assert service.last_failed() == MADE + timedelta(days=1)
    assert service.last_verified() == MADE


def test_damage_in_pages_freed_by_a_purged_entry_does_not_stop_a_whole_backup(
    layered: VaultInfo, unlocked: Vault, out: Path, tmp_path: Path
) -> None:
    page = damage(layered, "freed-pages")
    unlocked.unlock(layered.passphrase)

    result = BackupService(unlocked).backup(out / "b.tjbackup")

    assert result.verified and result.entries == ENTRIES
    assert result.vault_damage is not None and result.vault_damage.damaged_pages == (page,)
    assert result.vault_damage.only_unused_pages
    assert sorted(p.name for p in out.iterdir()) == ["b.tjbackup"]
    restored = tmp_path / "restored"
    restore(result.path, restored, passphrase=layered.passphrase)
    assert entries_in(restored, layered.passphrase) == EXPECTED
    clean = Vault(restored)
    clean.unlock(layered.passphrase)
    try:
        assert check_vault(clean).ok  # the restored vault has no damaged page
        assert clean.db.scalar("PRAGMA journal_mode") == "wal"
    finally:
        clean.lock()


def test_a_copy_damaged_on_its_way_to_disk_fails_and_the_vault_is_not_blamed(
    layered: VaultInfo, unlocked: Vault, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_snapshot = BackupService._file_snapshot

    def snapshot_then_damage(self: BackupService, target: Path, *args: object) -> Snapshot:
        taken = real_snapshot(self, target, *args)  # type: ignore[arg-type]
        flip_page(target, 3)  # the disk changed the copy's entries root
        return taken

    monkeypatch.setattr(BackupService, "_file_snapshot", snapshot_then_damage)
    unlocked.unlock(layered.passphrase)
    with pytest.raises(BackupFailed, match="the vault itself checks out"):
        BackupService(unlocked).backup(out / "b.tjbackup")
    assert list(out.iterdir()) == []


def test_a_damaged_backup_made_without_the_check_is_refused_by_restore(
    layered: VaultInfo, unlocked: Vault, out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What earlier versions did: copy the pages with SQLite's backup API (which
    # writes a page it cannot read as a page of zeros, encrypted anew) and
    # check only the HMACs of the copy.
    monkeypatch.setattr(
        BackupService, "_file_snapshot", lambda self, target, progress: self.vault.snapshot(target)
    )
    monkeypatch.setattr(BackupService, "_check_snapshot", lambda self, s: integrity.Health())
    damage(layered, "entries-leaf")
    unlocked.unlock(layered.passphrase)
    bad = BackupService(unlocked).backup(out / "bad.tjbackup").path
    unlocked.lock()

    target = tmp_path / "restored"
    with pytest.raises(BackupDamaged, match=r"the vault it holds is damaged \(the structure"):
        restore(bad, target, passphrase=layered.passphrase)
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["backups", "vault"])


def test_a_backup_in_the_first_format_still_restores(
    layered: VaultInfo, unlocked: Vault, out: Path, tmp_path: Path
) -> None:
    unlocked.unlock(layered.passphrase)
    made = BackupService(unlocked).backup(out / "b.tjbackup").path
    with zipfile.ZipFile(made) as archive:
        manifest = json.loads(archive.read(MANIFEST_NAME))
    assert manifest["version"] == 2
    first = resealed(
        made,
        out / "v1.tjbackup",
        {MANIFEST_NAME: json.dumps({**manifest, "version": 1}).encode()},
    )
    restore(first, tmp_path / "restored", passphrase=layered.passphrase)
    assert entries_in(tmp_path / "restored", layered.passphrase) == EXPECTED
