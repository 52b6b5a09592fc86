"""Entry versions in the store: every write counts, and the conditional save
writes only over the version its caller loaded."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.cli import cli
from tests.helpers.processes import write_secret
from tests.helpers.vaults import FAST_KDF, PASSPHRASE, VaultInfo
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.store import migrations
from therapy_journal.store.entries import EntryRepository
from therapy_journal.store.models import Entry
from therapy_journal.store.vault import Vault

T0 = datetime(2026, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=-5)))
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=timezone(timedelta(hours=-5)))


def second_connection(info: VaultInfo, opened: list[Vault]) -> EntryRepository:
    """The same vault opened again, as another process (or machine) would."""
    other = Vault(info.folder, kdf=FAST_KDF)
    other.unlock(PASSPHRASE)
    opened.append(other)
    return EntryRepository(other.db)


def stored(repo: EntryRepository, entry_id: int) -> Entry:
    entry = repo.get(entry_id)
    assert entry is not None
    return entry


@pytest.fixture
def repo(vault: Vault) -> EntryRepository:
    return EntryRepository(vault.db)


@pytest.fixture
def first(repo: EntryRepository) -> Entry:
    with repo.db.transaction():
        entry_id = repo.insert(make_entry(title="Monday", body="first words", created=T0), NOW)
    return stored(repo, entry_id)


def test_a_new_entry_is_at_version_1(first: Entry) -> None:
    assert first.version == 1


def test_the_conditional_save_writes_over_the_version_it_loaded(
    repo: EntryRepository, first: Entry
) -> None:
    with repo.db.transaction():
        saved = repo.update_if_unchanged(first, make_entry(body="second", created=T0), NOW)
    assert saved
    after = stored(repo, first.id)
    assert (after.body, after.version) == ("second", 2)


def test_the_conditional_save_refuses_a_version_written_by_another_connection(
    vault_info: VaultInfo, repo: EntryRepository, first: Entry, opened: list[Vault]
) -> None:
    other = second_connection(vault_info, opened)
    with other.db.transaction():
        other.update(first.id, make_entry(body="from the terminal", created=T0), NOW)

    with repo.db.transaction():
        saved = repo.update_if_unchanged(first, make_entry(body="from the editor", created=T0), NOW)
    assert not saved
    after = stored(repo, first.id)
    assert (after.body, after.version) == ("from the terminal", 2)


def test_the_same_counter_written_on_two_machines_is_still_a_conflict(
    repo: EntryRepository, first: Entry
) -> None:
    # Two synced copies of a vault can each count to version 2 with different
    # writes; the stamp of the write tells them apart.
    with repo.db.transaction():
        repo.update(first.id, make_entry(body="written on the laptop", created=T0), NOW)
    on_the_other_machine = replace(
        stored(repo, first.id), updated=NOW + timedelta(seconds=3), body="written on the desktop"
    )
    assert on_the_other_machine.version == 2
    with repo.db.transaction():
        saved = repo.update_if_unchanged(
            on_the_other_machine, make_entry(body="more", created=T0), NOW
        )
    assert not saved
    assert stored(repo, first.id).body == "written on the laptop"


def test_the_conditional_save_refuses_an_entry_moved_to_the_trash_or_deleted(
    repo: EntryRepository, first: Entry
) -> None:
    with repo.db.transaction():
        repo.move_to_trash(first.id, NOW)
        assert not repo.update_if_unchanged(first, make_entry(body="late", created=T0), NOW)
        repo.purge(first.id)
        assert not repo.update_if_unchanged(first, make_entry(body="later", created=T0), NOW)
    assert repo.get(first.id) is None


def test_the_conditional_save_checks_inside_the_write_transaction(
    repo: EntryRepository, first: Entry
) -> None:
    with pytest.raises(RuntimeError, match="inside a write transaction"):
        repo.update_if_unchanged(first, make_entry(body="unguarded", created=T0), NOW)
    assert stored(repo, first.id) == first


def test_a_conditional_delete_leaves_an_entry_changed_since(
    repo: EntryRepository, first: Entry
) -> None:
    with repo.db.transaction():
        repo.update(first.id, make_entry(body="changed", created=T0), NOW)
        assert not repo.delete_if_unchanged(first)
        assert repo.delete_if_unchanged(stored(repo, first.id))
    assert repo.get(first.id) is None


def test_every_store_write_to_an_entry_bumps_its_version(
    repo: EntryRepository, first: Entry
) -> None:
    versions = [first.version]
    with repo.db.transaction():
        repo.update(first.id, make_entry(body="edited", created=T0), NOW)
    versions.append(stored(repo, first.id).version)
    with repo.db.transaction():
        repo.move_to_trash(first.id, NOW)
    versions.append(stored(repo, first.id).version)
    with repo.db.transaction():
        repo.restore(first.id)
    versions.append(stored(repo, first.id).version)
    assert versions == [1, 2, 3, 4]


@pytest.mark.parametrize(
    "change",
    [
        {"title": "Renamed"},
        {"body": "new text"},
        {"mood": 3},
        {"tags": ["sleep"]},
        {"created": T0 - timedelta(days=1)},
    ],
    ids=lambda change: next(iter(change)),
)
def test_every_kind_of_edit_bumps_the_version(
    journal: JournalService, change: dict[str, Any]
) -> None:
    entry_id = journal.add(make_entry(title="Monday", body="text", tags=["work"], created=T0))
    assert journal.edit(entry_id, **change).version == 2


def test_trash_and_restore_through_the_service_bump_the_version(journal: JournalService) -> None:
    entry_id = journal.add(make_entry(body="text", created=T0))
    journal.move_to_trash(entry_id)
    assert journal.get(entry_id).version == 2
    journal.restore(entry_id)
    assert journal.get(entry_id).version == 3


def test_an_edit_that_changes_nothing_keeps_the_version(journal: JournalService) -> None:
    entry_id = journal.add(make_entry(title="Same", body="text", created=T0))
    assert journal.edit(entry_id, title="Same", body="text").version == 1


def test_a_cli_edit_bumps_the_version(vault_info: VaultInfo) -> None:
    journal = JournalService(vault_info.vault)
    entry_id = journal.add(make_entry(body="text", created=T0))
    secret = write_secret(vault_info.folder.parent / "pass.txt", PASSPHRASE)
    args = ("--vault", str(vault_info.folder), "--passphrase-file", str(secret))
    result = cli(*args, "edit", str(entry_id), "--title", "From the terminal", "--tag", "cli")
    assert result.code == 0, result.err
    assert journal.get(entry_id).version == 2


def test_imported_entries_start_at_version_1_and_leave_others_alone(
    journal: JournalService,
) -> None:
    entry_id = journal.add(make_entry(body="already here", created=T0))
    summary = journal.import_entries(
        [make_entry(body="already here", created=T0), make_entry(body="new", created=T0)]
    )
    assert summary.imported == 1 and summary.skipped_duplicates == 1
    assert [entry.version for entry in journal.get_many([entry_id, *summary.imported_ids])] == [
        1,
        1,
    ]


def test_entries_of_a_vault_made_before_versions_start_at_version_1(
    vault_folder: Path, monkeypatch: pytest.MonkeyPatch, opened: list[Vault]
) -> None:
    before_versions = migrations.MIGRATIONS[:5]
    monkeypatch.setattr(migrations, "MIGRATIONS", before_versions)
    monkeypatch.setattr(migrations, "LATEST", len(before_versions))
    old = Vault(vault_folder, kdf=FAST_KDF)
    old.create(PASSPHRASE)
    old.db.execute(
        """INSERT INTO entries (created, created_utc, updated, title, body, tags_text)
           VALUES (?, 0, ?, 'Old', 'from before', '')""",
        (T0.isoformat(), T0.isoformat()),
    )
    old.lock()
    monkeypatch.undo()

    vault = Vault(vault_folder, kdf=FAST_KDF)
    vault.unlock(PASSPHRASE)
    opened.append(vault)
    assert migrations.schema_version(vault.db) == migrations.LATEST
    (entry,) = JournalService(vault).get_many(list(JournalService(vault).ids()))
    assert (entry.title, entry.version) == ("Old", 1)
