"""Saving over the version an editor loaded: nothing is overwritten, both texts kept.

The other writer is a second connection to the same vault folder, as the CLI
or another window (or a machine sharing a synced folder) would be.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tests.helpers.vaults import FAST_KDF, PASSPHRASE, VaultInfo
from therapy_journal.services.journal import (
    MAX_TITLE_CHARS,
    Conflict,
    JournalService,
    date_filter,
    make_entry,
)
from therapy_journal.store.models import Entry
from therapy_journal.store.vault import Vault

T0 = datetime(2026, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=-5)))
SUFFIX = "(my copy)"


@pytest.fixture
def elsewhere(vault_info: VaultInfo, opened: list[Vault]) -> JournalService:
    other = Vault(vault_info.folder, kdf=FAST_KDF)
    other.unlock(PASSPHRASE)
    opened.append(other)
    return JournalService(other)


@pytest.fixture
def loaded(journal: JournalService) -> Entry:
    entry_id = journal.add(
        make_entry(title="Monday", body="first words", mood=5, tags=["work"], created=T0)
    )
    return journal.get(entry_id)


def every_body(journal: JournalService) -> list[str]:
    ids = [*journal.ids(), *journal.ids(date_filter(trashed=True))]
    return sorted(entry.body for entry in journal.get_many(ids))


def test_a_save_over_the_loaded_version_saves_and_returns_the_new_version(
    journal: JournalService, loaded: Entry
) -> None:
    saved = journal.save_over(loaded, make_entry(title="Monday", body="more", created=T0))
    assert isinstance(saved, Entry)
    assert (saved.body, saved.version) == ("more", 2)
    again = journal.save_over(saved, make_entry(title="Monday", body="even more", created=T0))
    assert isinstance(again, Entry) and again.version == 3


def test_a_save_over_an_entry_changed_elsewhere_keeps_both_texts(
    journal: JournalService, elsewhere: JournalService, loaded: Entry
) -> None:
    elsewhere.edit(loaded.id, body="written in the terminal")

    result = journal.save_over(
        loaded, make_entry(title="Monday", body="typed in the app", created=T0), copy_suffix=SUFFIX
    )
    assert isinstance(result, Conflict) and not result.deleted
    assert result.current is not None and result.current.body == "written in the terminal"
    assert result.copy is not None
    assert (result.copy.title, result.copy.body) == ("Monday (my copy)", "typed in the app")
    assert result.copy.created == T0
    assert every_body(journal) == ["typed in the app", "written in the terminal"]


def test_without_a_suffix_a_conflict_writes_nothing(
    journal: JournalService, elsewhere: JournalService, loaded: Entry
) -> None:
    elsewhere.edit(loaded.id, body="written in the terminal")
    result = journal.save_over(loaded, make_entry(title="Monday", body="typed", created=T0))
    assert result == Conflict(journal.get(loaded.id))
    assert every_body(journal) == ["written in the terminal"]


def test_unchanged_text_over_a_changed_entry_is_a_conflict_with_nothing_to_keep(
    journal: JournalService, elsewhere: JournalService, loaded: Entry
) -> None:
    elsewhere.edit(loaded.id, mood=2)
    same = make_entry(title="Monday", body="first words", mood=5, tags=["work"], created=T0)
    result = journal.save_over(loaded, same, copy_suffix=SUFFIX)
    assert isinstance(result, Conflict) and result.copy is None
    assert result.current is not None and result.current.mood == 2
    assert journal.count() == 1


def test_the_same_change_made_in_both_places_is_no_conflict(
    journal: JournalService, elsewhere: JournalService, loaded: Entry
) -> None:
    elsewhere.edit(loaded.id, body="the same words")
    result = journal.save_over(
        loaded,
        make_entry(title="Monday", body="the same words", mood=5, tags=["work"], created=T0),
        copy_suffix=SUFFIX,
    )
    assert isinstance(result, Entry) and result.body == "the same words"
    assert journal.count() == 1


def test_an_entry_moved_to_the_trash_elsewhere_keeps_the_text_as_a_new_entry(
    journal: JournalService, elsewhere: JournalService, loaded: Entry
) -> None:
    elsewhere.move_to_trash(loaded.id)
    result = journal.save_over(
        loaded, make_entry(title="Monday", body="typed", created=T0), copy_suffix=SUFFIX
    )
    assert isinstance(result, Conflict) and result.deleted
    assert result.current is not None and result.current.in_trash
    assert result.copy is not None and (result.copy.title, result.copy.body) == ("Monday", "typed")
    assert not result.copy.in_trash
    assert journal.get(loaded.id).body == "first words"


def test_an_entry_deleted_for_good_elsewhere_keeps_the_text_as_a_new_entry(
    journal: JournalService, elsewhere: JournalService, loaded: Entry
) -> None:
    elsewhere.move_to_trash(loaded.id)
    assert elsewhere.purge(loaded.id)
    result = journal.save_over(
        loaded, make_entry(title="Monday", body="typed", created=T0), copy_suffix=SUFFIX
    )
    assert isinstance(result, Conflict) and result.current is None and result.deleted
    assert result.copy is not None and result.copy.body == "typed"
    assert every_body(journal) == ["typed"]


def test_a_long_title_with_the_suffix_stays_within_the_limit(
    journal: JournalService, elsewhere: JournalService
) -> None:
    long_title = "w" * MAX_TITLE_CHARS
    loaded = journal.get(journal.add(make_entry(title=long_title, body="a", created=T0)))
    elsewhere.edit(loaded.id, body="b")
    result = journal.save_over(
        loaded, make_entry(title=long_title, body="c", created=T0), copy_suffix=SUFFIX
    )
    assert isinstance(result, Conflict) and result.copy is not None
    assert len(result.copy.title) == MAX_TITLE_CHARS
    assert result.copy.title.endswith(" (my copy)")


def test_keep_mine_saves_over_the_newer_version_and_drops_the_copy(
    journal: JournalService, elsewhere: JournalService, loaded: Entry
) -> None:
    elsewhere.edit(loaded.id, body="theirs")
    conflict = journal.save_over(
        loaded, make_entry(title="Monday", body="mine", created=T0), copy_suffix=SUFFIX
    )
    assert isinstance(conflict, Conflict)
    assert conflict.current is not None and conflict.copy is not None

    kept = journal.keep_mine(
        conflict.current, make_entry(title="Monday", body="mine", created=T0), conflict.copy
    )
    assert isinstance(kept, Entry) and (kept.title, kept.body) == ("Monday", "mine")
    assert every_body(journal) == ["mine"]


def test_keep_mine_over_a_version_changed_again_writes_nothing(
    journal: JournalService, elsewhere: JournalService, loaded: Entry
) -> None:
    elsewhere.edit(loaded.id, body="theirs")
    conflict = journal.save_over(
        loaded, make_entry(title="Monday", body="mine", created=T0), copy_suffix=SUFFIX
    )
    assert isinstance(conflict, Conflict)
    assert conflict.current is not None and conflict.copy is not None
    elsewhere.edit(loaded.id, body="theirs, again")

    again = journal.keep_mine(
        conflict.current, make_entry(title="Monday", body="mine", created=T0), conflict.copy
    )
    assert isinstance(again, Conflict) and again.copy == conflict.copy
    assert again.current is not None and again.current.body == "theirs, again"
    assert every_body(journal) == ["mine", "theirs, again"]


def test_keep_mine_leaves_a_copy_that_was_changed_meanwhile(
    journal: JournalService, elsewhere: JournalService, loaded: Entry
) -> None:
    elsewhere.edit(loaded.id, body="theirs")
    conflict = journal.save_over(
        loaded, make_entry(title="Monday", body="mine", created=T0), copy_suffix=SUFFIX
    )
    assert isinstance(conflict, Conflict)
    assert conflict.current is not None and conflict.copy is not None
    elsewhere.edit(conflict.copy.id, body="mine, edited on the other machine")

    kept = journal.keep_mine(
        conflict.current, make_entry(title="Monday", body="mine", created=T0), conflict.copy
    )
    assert isinstance(kept, Entry)
    assert every_body(journal) == ["mine", "mine, edited on the other machine"]


def test_find_says_when_an_entry_is_gone(journal: JournalService, loaded: Entry) -> None:
    assert journal.find(loaded.id) == loaded
    journal.move_to_trash(loaded.id)
    journal.purge(loaded.id)
    assert journal.find(loaded.id) is None
