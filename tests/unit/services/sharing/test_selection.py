"""Choosing what a bundle shares: entries by id, tag, dates or all, never the trash."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from tests.helpers.bundles import (
    add,
    at,
    entry_titles,
)
from therapy_journal.services.journal import JournalService, date_filter
from therapy_journal.services.sharing.contents import gather
from therapy_journal.services.sharing.errors import BundleError
from therapy_journal.services.sharing.selection import Chosen, Selection, chosen_entries
from therapy_journal.store.vault import Vault


def test_all_entries_are_shared_oldest_first_and_the_trash_is_not(
    vault: Vault, journal: JournalService, three: list[int]
) -> None:
    journal.move_to_trash(add(journal, 4, "Thrown away"))
    contents = gather(vault, Selection(all_entries=True))
    assert entry_titles(contents) == ["Monday", "Tuesday", "Wednesday"]
    assert contents.entry_ids == tuple(three)
    assert contents.manifest["included"] == {
        "entries": 3,
        "profile": False,
        "goals": False,
        "assessments": False,
    }


def test_entries_chosen_by_id(vault: Vault, three: list[int]) -> None:
    contents = gather(vault, Selection(entry_ids=(three[2], three[0])))
    assert entry_titles(contents) == ["Monday", "Wednesday"]
    assert contents.manifest["selection"]["ids"] == 2


def test_entries_chosen_by_tag(vault: Vault, three: list[int]) -> None:
    assert entry_titles(gather(vault, Selection(tag="#Work"))) == ["Monday", "Wednesday"]


def test_a_date_range_includes_since_and_excludes_until(vault: Vault, three: list[int]) -> None:
    contents = gather(vault, Selection(since=at(2, 0), until=at(3, 9)))
    assert entry_titles(contents) == ["Tuesday"]


def test_ids_with_a_tag_keep_the_ids_that_have_it(vault: Vault, three: list[int]) -> None:
    contents = gather(vault, Selection(entry_ids=(three[0], three[1]), tag="work"))
    assert entry_titles(contents) == ["Monday"]


@pytest.mark.parametrize(
    ("selection", "says"),
    [
        (Selection(), "Choose what to share"),
        (Selection(include=frozenset({"diary"})), "cannot be included"),
        (Selection(tag="nothing-has-this"), "nothing to share"),
        (Selection(entry_ids=(999,)), "There is no entry 999"),
    ],
)
def test_a_selection_that_shares_nothing_is_refused(
    vault: Vault, three: list[int], selection: Selection, says: str
) -> None:
    with pytest.raises(BundleError, match=says):
        gather(vault, selection)


def test_an_entry_in_the_trash_is_not_shared_by_id(
    vault: Vault, journal: JournalService, three: list[int]
) -> None:
    journal.move_to_trash(three[1])
    with pytest.raises(BundleError, match="in the trash"):
        gather(vault, Selection(entry_ids=(three[1],)))


def test_progress_counts_each_entry_and_can_cancel(vault: Vault, three: list[int]) -> None:
    calls: list[tuple[int, int]] = []
    gather(vault, Selection(all_entries=True), progress=lambda d, t: calls.append((d, t)))
    assert calls == [(1, 3), (2, 3), (3, 3)]
    with pytest.raises(BundleError, match="canceled; nothing was written"):
        gather(vault, Selection(all_entries=True), progress=lambda d, t: d < 2)


def test_the_selection_is_described_without_text() -> None:
    selection = Selection(entry_ids=(1, 2), tag="work", since=at(1), until=at(2) + timedelta(1))
    described = selection.describe()
    assert described["ids"] == 2 and described["tag"] == "work"
    assert replace(selection, all_entries=True).describe()["all_entries"] is True


def test_what_a_choice_sends_is_counted_and_listed_without_reading_the_text(
    vault: Vault, journal: JournalService, three: list[int]
) -> None:
    """What the wizard's first step shows: the count, and the first entries'
    titles and dates (summaries, not the entries' text), newest first."""
    journal.move_to_trash(add(journal, 4, "Thrown away"))
    everything = chosen_entries(vault, Selection(all_entries=True), limit=2)
    assert everything.count == 3
    assert [s.title for s in everything.shown] == ["Wednesday", "Tuesday"]
    assert chosen_entries(vault, Selection(tag="#Work"), limit=10).count == 2
    assert chosen_entries(vault, Selection(), limit=10) == Chosen(0, [])
    with pytest.raises(BundleError, match="trash"):
        chosen_entries(vault, Selection(entry_ids=(journal.ids(date_filter(trashed=True))[0],)), 10)
