"""Numbered migrations: applied in one transaction, newer vaults refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.vaults import FAST_KDF, PASSPHRASE, VaultInfo
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.services.journals import JournalsService
from therapy_journal.services.sharing.service import ShareService
from therapy_journal.store import migrations
from therapy_journal.store.errors import VaultTooNew
from therapy_journal.store.vault import Vault


def test_a_new_vault_is_at_the_latest_version(vault_info: VaultInfo) -> None:
    assert migrations.schema_version(vault_info.vault.db) == migrations.LATEST


def test_a_new_migration_is_applied_at_unlock(
    vault_info: VaultInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault_info.vault.lock()
    extended = [*migrations.MIGRATIONS, ["CREATE TABLE added_later (x INTEGER)"]]
    monkeypatch.setattr(migrations, "MIGRATIONS", extended)
    monkeypatch.setattr(migrations, "LATEST", len(extended))
    vault = Vault(vault_info.folder, kdf=FAST_KDF)
    vault.unlock(PASSPHRASE)
    assert migrations.schema_version(vault.db) == len(extended)
    assert vault.db.scalar("SELECT count(*) FROM added_later") == 0
    vault.lock()


def test_a_failing_migration_leaves_the_vault_as_it_was(
    vault_info: VaultInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault_info.vault.lock()
    broken = [
        *migrations.MIGRATIONS,
        ["CREATE TABLE half_done (x INTEGER)", "THIS IS NOT SQL"],
    ]
    monkeypatch.setattr(migrations, "MIGRATIONS", broken)
    monkeypatch.setattr(migrations, "LATEST", len(broken))
    vault = Vault(vault_info.folder, kdf=FAST_KDF)
    with pytest.raises(Exception, match="syntax error"):
        vault.unlock(PASSPHRASE)
    assert not vault.is_unlocked

    monkeypatch.undo()
    vault.unlock(PASSPHRASE)
    assert migrations.schema_version(vault.db) == migrations.LATEST
    tables = {row[0] for row in vault.db.query("SELECT name FROM sqlite_master")}
    assert "half_done" not in tables
    vault.lock()


def test_a_schema_newer_than_the_app_is_refused(vault_info: VaultInfo) -> None:
    db = vault_info.vault.db
    db.execute(f"PRAGMA user_version = {migrations.LATEST + 3}")
    with pytest.raises(VaultTooNew):
        migrations.apply(db)


def test_shares_logged_before_contacts_were_named_keep_their_rows(
    vault_folder: Path, monkeypatch: pytest.MonkeyPatch, opened: list[Vault]
) -> None:
    before = migrations.MIGRATIONS[:6]
    monkeypatch.setattr(migrations, "MIGRATIONS", before)
    monkeypatch.setattr(migrations, "LATEST", len(before))
    old = Vault(vault_folder, kdf=FAST_KDF)
    old.create(PASSPHRASE)
    old.db.execute(
        "INSERT INTO shares (at, recipient, method, items, fingerprint, file_name) "
        "VALUES ('2026-03-01T10:00:00-05:00', 'a passphrase', 'passphrase', '{}', 'ab', 'b.age')"
    )
    old.lock()
    monkeypatch.undo()

    vault = Vault(vault_folder, kdf=FAST_KDF)
    vault.unlock(PASSPHRASE)
    opened.append(vault)
    (record,) = ShareService(vault).history()
    assert (record.recipient, record.method, record.file_name) == (
        "a passphrase",
        "passphrase",
        "b.age",
    )
    assert record.contact_id is None


def test_an_entry_id_is_never_given_again_after_a_purge(vault_info: VaultInfo) -> None:
    journal = JournalService(vault_info.vault)
    first = journal.add(make_entry(title="one"))
    last = journal.add(make_entry(title="two"))
    journal.move_to_trash(last)
    assert journal.purge(last)
    again = journal.add(make_entry(title="three"))
    assert again > last > first
    journal.move_to_trash(first)
    journal.move_to_trash(again)
    assert journal.empty_trash() == 2
    assert journal.add(make_entry(title="four")) > again


def test_an_existing_vault_keeps_its_ids_and_never_reuses_them(
    vault_folder: Path, monkeypatch: pytest.MonkeyPatch, opened: list[Vault]
) -> None:
    before = migrations.MIGRATIONS[:7]
    monkeypatch.setattr(migrations, "MIGRATIONS", before)
    monkeypatch.setattr(migrations, "LATEST", len(before))
    old = Vault(vault_folder, kdf=FAST_KDF)
    old.create(PASSPHRASE)
    for n in range(3):  # as the app of that version wrote them
        old.db.execute(
            "INSERT INTO entries (id, created, created_utc, updated, title) "
            f"VALUES ({n + 1}, '2026-03-01T10:00:00+00:00', 0, '2026-03-01T10:00:00+00:00', ?)",
            (f"old {n}",),
        )
    ids = [1, 2, 3]
    old.lock()
    monkeypatch.undo()

    vault = Vault(vault_folder, kdf=FAST_KDF)
    vault.unlock(PASSPHRASE)
    opened.append(vault)
    journal = JournalService(vault)
    assert [journal.get(entry_id).title for entry_id in ids] == ["old 0", "old 1", "old 2"]
    journal.move_to_trash(ids[-1])
    journal.purge(ids[-1])
    assert journal.add(make_entry(title="new")) == ids[-1] + 1


def test_entries_of_a_vault_made_before_journals_are_in_one_journal(
    vault_folder: Path, monkeypatch: pytest.MonkeyPatch, opened: list[Vault]
) -> None:
    # The migrations up to journals (later ones, e.g. attachments, come after it).
    first = next(
        number
        for number, statements in enumerate(migrations.MIGRATIONS)
        if any("CREATE TABLE journals" in statement for statement in statements)
    )
    before = migrations.MIGRATIONS[:first]
    monkeypatch.setattr(migrations, "MIGRATIONS", before)
    monkeypatch.setattr(migrations, "LATEST", len(before))
    old = Vault(vault_folder, kdf=FAST_KDF)
    old.create(PASSPHRASE)
    for n, deleted in ((1, None), (2, "2026-03-02T10:00:00+00:00")):
        old.db.execute(
            "INSERT INTO entries (id, created, created_utc, updated, title, deleted_at) "
            "VALUES (?, '2026-03-01T10:00:00+00:00', 0, '2026-03-01T10:00:00+00:00', ?, ?)",
            (n, f"old {n}", deleted),
        )
    old.lock()
    monkeypatch.undo()

    vault = Vault(vault_folder, kdf=FAST_KDF)
    vault.unlock(PASSPHRASE)
    opened.append(vault)
    journals = JournalsService(vault).all()
    assert [(j.name, j.entries) for j in journals] == [("Journal", 1)]
    journal = JournalService(vault)
    assert {journal.get(n).journal_id for n in (1, 2)} == {journals[0].id}
    new = journal.add(make_entry(title="new"))
    assert journal.get(new).journal_id == journals[0].id
