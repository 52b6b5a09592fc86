"""The progress service over a real encrypted vault (tests run in America/New_York)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from tests.helpers.vaults import VaultInfo
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.services.progress import (
    DayActivity,
    DayMood,
    ProgressService,
    Span,
    Streaks,
    moving_average,
)
from therapy_journal.store.db import Row

TODAY = date(2026, 3, 20)


def at(day: date, hour: int = 9, minute: int = 30) -> datetime:
    """A local moment on ``day`` (naive, so the test's time zone applies)."""
    return datetime(day.year, day.month, day.day, hour, minute)


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


@pytest.fixture
def progress(vault_info: VaultInfo) -> ProgressService:
    return ProgressService(vault_info.vault, clock=lambda: at(TODAY, 12).astimezone())


def add(
    journal: JournalService, when: date | datetime, mood: int | None = None, body: str = ""
) -> int:
    created = when if isinstance(when, datetime) else at(when)
    return journal.add(make_entry(body=body, mood=mood, created=created))


# --- spans -----------------------------------------------------------------------


def test_spans_start_so_that_today_is_one_of_their_days() -> None:
    assert Span.DAYS_30.start(TODAY) == date(2026, 2, 19)
    assert Span.DAYS_90.start(TODAY) == TODAY - timedelta(days=89)
    assert Span.YEAR.start(TODAY) == TODAY - timedelta(days=364)
    assert Span.ALL.start(TODAY) is None
    assert [span.label for span in Span] == ["30 days", "90 days", "A year", "All"]


# --- mood per day ----------------------------------------------------------------


def test_mood_days_average_each_days_moods_oldest_first(
    journal: JournalService, progress: ProgressService
) -> None:
    add(journal, ago(1), mood=8)
    add(journal, ago(3), mood=4)
    add(journal, ago(3), mood=7)
    add(journal, ago(3), mood=6)
    assert progress.mood_days() == [
        DayMood(ago(3), 17 / 3, 3),
        DayMood(ago(1), 8.0, 1),
    ]


def test_entries_without_a_mood_neither_count_nor_pull_the_average(
    journal: JournalService, progress: ProgressService
) -> None:
    add(journal, ago(2), mood=None)
    add(journal, ago(2), mood=None)
    add(journal, ago(1), mood=3)
    add(journal, ago(1), mood=None)
    assert progress.mood_days() == [DayMood(ago(1), 3.0, 1)]


def test_trashed_entries_are_left_out(journal: JournalService, progress: ProgressService) -> None:
    add(journal, ago(2), mood=9, body="one two")
    gone = add(journal, ago(1), mood=1, body="three four five")
    kept = add(journal, ago(1), mood=5, body="six")
    journal.move_to_trash(gone)
    journal.move_to_trash(add(journal, ago(5), mood=2))
    assert progress.mood_days() == [DayMood(ago(2), 9.0, 1), DayMood(ago(1), 5.0, 1)]
    assert progress.activity() == [DayActivity(ago(2), 1, 2), DayActivity(ago(1), 1, 1)]
    journal.move_to_trash(kept)
    assert progress.streaks() == Streaks(current=0, longest=1, last_day=ago(2))


def test_a_span_starts_on_its_first_day_and_ends_with_today(
    journal: JournalService, progress: ProgressService
) -> None:
    start = Span.DAYS_30.start(TODAY)
    assert start is not None
    add(journal, start - timedelta(days=1), mood=1)
    add(journal, at(start, 0, 0), mood=2)  # the first minute of the span
    add(journal, at(TODAY, 23, 59), mood=3)  # its last minute
    add(journal, TODAY + timedelta(days=1), mood=4)
    assert [(d.day, d.mood) for d in progress.mood_days(start, TODAY)] == [
        (start, 2.0),
        (TODAY, 3.0),
    ]
    assert [a.day for a in progress.activity(start, TODAY)] == [start, TODAY]
    assert len(progress.mood_days()) == 4


def test_an_entry_late_in_the_evening_counts_for_that_local_day(
    journal: JournalService, progress: ProgressService
) -> None:
    late = at(ago(1), 23, 30)  # 03:30 of the next day in UTC
    assert late.astimezone(UTC).date() == TODAY
    add(journal, late, mood=6)
    # Written far away, the day is the writer's there, not New York's.
    tokyo = timezone(timedelta(hours=9))
    add(journal, datetime(2026, 3, 10, 0, 15, tzinfo=tokyo), mood=2)  # still Mar 9 in New York
    assert [(d.day, d.mood) for d in progress.mood_days()] == [
        (date(2026, 3, 10), 2.0),
        (ago(1), 6.0),
    ]
    assert progress.streaks().last_day == ago(1)


# --- activity --------------------------------------------------------------------


def test_activity_counts_entries_and_words_per_day_mood_or_not(
    journal: JournalService, progress: ProgressService
) -> None:
    add(journal, ago(4), body="a few words here")
    add(journal, ago(4), mood=5, body="and two")
    add(journal, ago(2), body="")
    assert progress.activity() == [DayActivity(ago(4), 2, 6), DayActivity(ago(2), 1, 0)]
    assert progress.activity(start=ago(3)) == [DayActivity(ago(2), 1, 0)]
    assert progress.activity(end=ago(3)) == [DayActivity(ago(4), 2, 6)]


# --- moving average --------------------------------------------------------------


def test_moving_average_spans_calendar_days_not_rows() -> None:
    days = [
        DayMood(date(2026, 3, 1), 2.0, 1),
        DayMood(date(2026, 3, 2), 4.0, 3),
        DayMood(date(2026, 3, 4), 6.0, 1),
        DayMood(date(2026, 3, 10), 8.0, 2),  # Mar 4 .. 10: 6 and 8
        DayMood(date(2026, 3, 12), 3.0, 1),  # Mar 6 .. 12: 8 and 3
        DayMood(date(2026, 3, 30), 5.0, 1),  # nothing else within a week
    ]
    assert moving_average(days) == [
        (date(2026, 3, 1), 2.0),
        (date(2026, 3, 2), 3.0),
        (date(2026, 3, 4), 4.0),
        (date(2026, 3, 10), 7.0),
        (date(2026, 3, 12), 5.5),
        (date(2026, 3, 30), 5.0),
    ]
    assert moving_average(days, window=3) == [
        (date(2026, 3, 1), 2.0),
        (date(2026, 3, 2), 3.0),
        (date(2026, 3, 4), 5.0),  # Mar 2 .. 4
        (date(2026, 3, 10), 8.0),
        (date(2026, 3, 12), 5.5),  # Mar 10 .. 12
        (date(2026, 3, 30), 5.0),
    ]


def test_moving_average_weighs_each_day_once_whatever_its_entries(
    journal: JournalService, progress: ProgressService
) -> None:
    for mood in (1, 1, 1, 1):
        add(journal, ago(1), mood=mood)
    add(journal, TODAY, mood=9)
    assert moving_average(progress.mood_days()) == [(ago(1), 1.0), (TODAY, 5.0)]


def test_moving_average_of_a_one_day_window_is_each_days_mood() -> None:
    days = [DayMood(date(2026, 3, 1), 2.5, 2), DayMood(date(2026, 3, 2), 7.0, 1)]
    assert moving_average(days, window=1) == [(d.day, d.mood) for d in days]
    assert moving_average([]) == []
    with pytest.raises(ValueError, match="at least one day"):
        moving_average(days, window=0)


# --- streaks ---------------------------------------------------------------------


def test_no_entries_no_streak(progress: ProgressService) -> None:
    assert progress.streaks() == Streaks(current=0, longest=0, last_day=None)


def test_a_streak_ending_today_counts_each_day_once(
    journal: JournalService, progress: ProgressService
) -> None:
    for days in (0, 0, 1, 2, 2, 4):
        add(journal, ago(days))
    assert progress.streaks() == Streaks(current=3, longest=3, last_day=TODAY)


def test_a_streak_ending_yesterday_is_not_broken_before_today_is_over(
    journal: JournalService, progress: ProgressService
) -> None:
    for days in (1, 2):
        add(journal, ago(days))
    assert progress.streaks() == Streaks(current=2, longest=2, last_day=ago(1))


def test_a_day_missed_breaks_the_streak(journal: JournalService, progress: ProgressService) -> None:
    for days in (2, 3, 4):
        add(journal, ago(days))
    assert progress.streaks() == Streaks(current=0, longest=3, last_day=ago(2))


def test_the_longest_streak_can_lie_in_the_past(
    journal: JournalService, progress: ProgressService
) -> None:
    for days in (0, 1, 30, 31, 32, 33, 60):
        add(journal, ago(days))
    assert progress.streaks() == Streaks(current=2, longest=4, last_day=TODAY)
    # As of an earlier day, later entries do not exist yet.
    assert progress.streaks(today=ago(31)) == Streaks(current=3, longest=3, last_day=ago(31))


def test_streaks_run_across_a_change_of_month_and_of_clocks(
    journal: JournalService, vault_info: VaultInfo
) -> None:
    # New York moves its clocks forward on 2026-03-08.
    for day in range(1, 11):
        add(journal, at(date(2026, 3, day), 23, 45))
    for day in range(25, 29):
        add(journal, date(2026, 2, day))
    progress = ProgressService(vault_info.vault)
    assert progress.streaks(today=date(2026, 3, 11)) == Streaks(14, 14, date(2026, 3, 10))


@pytest.mark.parametrize(
    "days_ago",
    [(), (0,), (1,), (2,), (0, 0, 1, 2, 2, 4), (1, 2), (2, 3, 4), (0, 1, 30, 31, 32), (-1, 0, 1)],
)
def test_the_current_streak_read_newest_first_is_the_streaks_current(
    journal: JournalService, progress: ProgressService, days_ago: tuple[int, ...]
) -> None:
    """What a save checks (newest days only) agrees with the full count."""
    for days in days_ago:
        add(journal, ago(days))
    assert progress.current_streak(at_most=100) == progress.streaks().current


def test_the_current_streak_reads_at_most_the_days_asked_for(
    journal: JournalService, progress: ProgressService
) -> None:
    for days in range(10):
        add(journal, ago(days))
    assert progress.streaks().current == 10
    assert progress.current_streak(at_most=7) == 7


# --- summary ---------------------------------------------------------------------


def test_a_summary_covers_the_span_up_to_today(
    journal: JournalService, progress: ProgressService
) -> None:
    add(journal, ago(40), mood=10)
    add(journal, ago(29), mood=2)
    add(journal, ago(29), mood=None)
    add(journal, TODAY, mood=6)
    add(journal, TODAY + timedelta(days=1), mood=1)
    month = progress.summary(Span.DAYS_30)
    assert (month.start, month.days, month.entries, month.mood) == (ago(29), 2, 3, 4.0)
    everything = progress.summary(Span.ALL)
    assert (everything.start, everything.days, everything.entries) == (None, 3, 4)
    assert everything.mood == pytest.approx(18 / 3)


def test_a_summary_without_moods_has_no_average(
    journal: JournalService, progress: ProgressService
) -> None:
    assert progress.summary(Span.YEAR).mood is None
    add(journal, TODAY)
    assert (progress.summary(Span.YEAR).entries, progress.summary(Span.YEAR).mood) == (1, None)


# --- reading only the day index ----------------------------------------------------


def test_every_query_reads_only_the_day_index(
    journal: JournalService, progress: ProgressService, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Named as a plain column, the day made SQLite read a row per day, and without
    # word_count in the index the words per day read every entry (690 ms at 100,000).
    add(journal, ago(1), mood=4, body="some words")
    db = progress.vault.db
    real_query = db.query
    plans: list[list[str]] = []

    def query(sql: str, params: Any = ()) -> list[Row]:
        plans.append([str(row[3]) for row in real_query("EXPLAIN QUERY PLAN " + sql, params)])
        return real_query(sql, params)

    monkeypatch.setattr(db, "query", query)
    progress.mood_days(ago(30), TODAY)
    progress.mood_days()
    progress.activity()
    progress.activity(start=ago(30))
    progress.streaks()
    progress.summary(Span.YEAR)
    assert len(plans) == 6
    for steps in plans:
        on_entries = [step for step in steps if step.split()[1] == "entries"]
        assert on_entries, steps
        assert all("USING COVERING INDEX entries_day" in step for step in on_entries), steps
