"""On this day: entries written on today's date in earlier years, on a real vault."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from tests.helpers.vaults import VaultInfo
from therapy_journal.services.journal import JournalService, make_entry


def _add(journal: JournalService, title: str, when: datetime) -> int:
    return journal.add(make_entry(title=title, body="text", created=when))


def test_entries_of_this_date_in_earlier_years_newest_first(vault_info: VaultInfo) -> None:
    journal = JournalService(vault_info.vault)
    plus10 = timezone(timedelta(hours=10))
    _add(journal, "two years ago", datetime(2024, 12, 2, 8, 0, tzinfo=UTC))
    _add(journal, "last year", datetime(2025, 12, 2, 23, 30, tzinfo=plus10))  # its own day
    _add(journal, "today", datetime(2026, 12, 2, 9, 0, tzinfo=UTC))
    _add(journal, "the day after", datetime(2025, 12, 3, 9, 0, tzinfo=UTC))
    _add(journal, "long ago", datetime(1999, 12, 2, 12, 0, tzinfo=UTC))
    trashed = _add(journal, "in the trash", datetime(2023, 12, 2, 12, 0, tzinfo=UTC))
    journal.move_to_trash(trashed)
    found = [s.title for s in journal.on_this_day(date(2026, 12, 2))]
    assert found == ["last year", "two years ago", "long ago"]


def test_the_29th_of_february_shows_on_the_28th_when_there_is_none(
    vault_info: VaultInfo,
) -> None:
    journal = JournalService(vault_info.vault)
    _add(journal, "leap day", datetime(2024, 2, 29, 12, 0, tzinfo=UTC))
    _add(journal, "the 28th", datetime(2024, 2, 28, 12, 0, tzinfo=UTC))
    assert [s.title for s in journal.on_this_day(date(2025, 2, 28))] == ["leap day", "the 28th"]
    assert [s.title for s in journal.on_this_day(date(2028, 2, 28))] == ["the 28th"]
    assert [s.title for s in journal.on_this_day(date(2028, 2, 29))] == ["leap day"]


def test_an_empty_journal_has_nothing_on_this_day(vault_info: VaultInfo) -> None:
    assert JournalService(vault_info.vault).on_this_day(date(2026, 12, 2)) == []
