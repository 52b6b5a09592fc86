"""A bulk import indexes its entries for search in one statement, and leaves the
search trigger in place whatever happens (imported, canceled, failed)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from tests.helpers.vaults import VaultInfo
from therapy_journal.services.journal import ImportCancelled, JournalService, make_entry
from therapy_journal.store.models import NewEntry

START = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)


def _entries(count: int, word: str) -> Iterator[NewEntry]:
    for number in range(count):
        yield make_entry(
            title=f"{word} {number}",
            body=f"{word} day {number}",
            created=START + timedelta(hours=number),
        )


def _trigger(info: VaultInfo) -> bool:
    found = info.vault.db.scalar(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = ?",
        ("entries_fts_insert",),
    )
    return found == 1


def test_imported_entries_are_found_and_entries_added_later_too(vault_info: VaultInfo) -> None:
    journal = JournalService(vault_info.vault)
    journal.add(make_entry(title="before", body="kingfisher", created=START))
    summary = journal.import_entries(_entries(700, "heron"))
    assert summary.imported == 700 and _trigger(vault_info)
    assert len(journal.search("heron", limit=1000)) == 700
    assert len(journal.search("kingfisher")) == 1  # the entry there before is still indexed once
    journal.add(make_entry(title="after", body="cormorant", created=START))
    assert len(journal.search("cormorant")) == 1
    assert journal.vault.db.scalar("SELECT count(*) FROM entries_fts_docsize") == journal.count()


def test_a_canceled_or_failed_import_leaves_the_index_and_the_trigger(
    vault_info: VaultInfo,
) -> None:
    journal = JournalService(vault_info.vault)
    with pytest.raises(ImportCancelled):
        journal.import_entries(_entries(1200, "egret"), progress=lambda _done: False)
    assert _trigger(vault_info) and journal.search("egret") == []

    def broken() -> Iterator[NewEntry]:
        yield from _entries(3, "plover")
        raise ValueError("the file ends early")

    with pytest.raises(ValueError, match="ends early"):
        journal.import_entries(broken())
    assert _trigger(vault_info) and journal.search("plover") == []
    journal.add(make_entry(title="after", body="sandpiper", created=START))
    assert len(journal.search("sandpiper")) == 1
