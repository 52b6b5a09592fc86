"""The full check: every part finds the damage it is for, the summary is one
line that says what it means, and a sound vault passes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.damage import damage, make_layered_vault
from tests.helpers.vaults import VaultInfo
from therapy_journal.store import integrity
from therapy_journal.store.integrity import Part, check_database, check_vault
from therapy_journal.store.migrations import LATEST
from therapy_journal.store.vault import Vault


@pytest.fixture
def layered(vault_folder: Path) -> VaultInfo:
    return make_layered_vault(vault_folder)


@pytest.fixture
def reopened(layered: VaultInfo) -> Iterator[Vault]:
    """The layered vault, unlocked again (after a test damaged it, if it did)."""
    vault = Vault(layered.folder)
    yield vault
    vault.lock()


def _check(vault: Vault, info: VaultInfo, *, thorough: bool = True) -> integrity.Health:
    vault.unlock(info.passphrase)
    return check_vault(vault, thorough=thorough)


@pytest.mark.parametrize("thorough", [True, False])
def test_a_sound_vault_passes_every_part(
    layered: VaultInfo, reopened: Vault, thorough: bool
) -> None:
    health = _check(reopened, layered, thorough=thorough)
    assert health.ok and health.findings == () and health.details() == []
    assert health.summary().startswith("The vault is healthy")
    assert "\n" not in health.summary()


def test_a_damaged_page_of_the_entries_is_found_and_named(
    layered: VaultInfo, reopened: Vault
) -> None:
    page = damage(layered, "entries-leaf")
    health = _check(reopened, layered)
    assert health.damaged_pages == (page,)
    assert health.loses_entries and not health.only_unused_pages
    assert health.of(Part.STRUCTURE)  # the entries table cannot be walked
    summary = health.summary()
    assert summary == f"The vault is damaged: 1 page of its database cannot be read (page {page})."
    assert f"pages: HMAC verification failed for page {page}" in health.details()


def test_damage_in_pages_freed_by_a_purged_entry_is_told_apart(
    layered: VaultInfo, reopened: Vault
) -> None:
    page = damage(layered, "freed-pages")
    health = _check(reopened, layered)
    assert health.damaged_pages == (page,)
    assert health.only_unused_pages and not health.loses_entries
    assert [f.part for f in health.findings] == [Part.PAGES]
    assert "unused page" in health.summary() and "it holds none of your journal" in health.summary()


def test_a_damaged_index_page_is_damage_to_the_structure(
    layered: VaultInfo, reopened: Vault
) -> None:
    page = damage(layered, "index")
    health = _check(reopened, layered)
    assert health.damaged_pages == (page,)
    assert any(f.text.startswith("entries: ") for f in health.of(Part.STRUCTURE))


def test_a_search_index_out_of_step_is_found_by_the_thorough_check_only_when_ids_agree(
    layered: VaultInfo, reopened: Vault
) -> None:
    reopened.unlock(layered.passphrase)
    db = reopened.db
    title, body, tags = db.query_one("SELECT title, body, tags_text FROM entries_text WHERE id = 5")
    # Re-index entry 5 with other words: same ids, different contents.
    with db.transaction():
        db.execute(
            "INSERT INTO entries_fts (entries_fts, rowid, title, body, tags_text) "
            "VALUES ('delete', 5, ?, ?, ?)",
            (title, body, tags),
        )
        db.execute(
            "INSERT INTO entries_fts (rowid, title, body, tags_text) VALUES (5, 'x', 'y', 'z')"
        )
    thorough = check_vault(reopened)
    assert thorough.only_search_index and thorough.summary().startswith("The search index")
    assert "no entry is lost" in thorough.summary()
    assert check_vault(reopened, thorough=False).ok  # the quick check compares ids only


def test_the_quick_search_check_finds_an_entry_missing_from_the_index(
    layered: VaultInfo, reopened: Vault
) -> None:
    reopened.unlock(layered.passphrase)
    db = reopened.db
    title, body, tags = db.query_one("SELECT title, body, tags_text FROM entries_text WHERE id = 7")
    with db.transaction():
        db.execute(
            "INSERT INTO entries_fts (entries_fts, rowid, title, body, tags_text) "
            "VALUES ('delete', 7, ?, ?, ?)",
            (title, body, tags),
        )
    quick = check_vault(reopened, thorough=False)
    assert [f.text for f in quick.findings] == ["1 entry is not in the search index"]
    assert not quick.loses_entries


def test_a_missing_table_or_an_unexpected_version_is_a_schema_finding(
    layered: VaultInfo, reopened: Vault
) -> None:
    reopened.unlock(layered.passphrase)
    with reopened.db.transaction():
        reopened.db.execute("DROP TABLE receiving_keys")
    health = check_vault(reopened)
    assert [f.text for f in health.of(Part.SCHEMA)] == ["receiving_keys is missing"]
    assert health.loses_entries
    assert "not those of a journal this app knows" in health.summary()

    def opener() -> integrity.Database:
        return reopened.open_copy(reopened.db_path)

    other = check_database(opener, expected_version=LATEST - 1)
    assert f"the schema version is {LATEST}, where {LATEST - 1} was expected" in [
        f.text for f in other.of(Part.SCHEMA)
    ]


def test_details_are_capped_for_a_report_of_every_page() -> None:
    findings = tuple(
        integrity.Finding(Part.STRUCTURE, f"Page {n}: never used") for n in range(1, 1500)
    )
    details = integrity.Health(findings).details()
    assert len(details) == integrity.MAX_DETAIL_LINES + 1
    assert details[-1] == "… and 499 more lines"
