"""Reminder times, and what every notification says (in discreet mode: nothing
that tells what the app is, nor any of the person's words)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from therapy_journal.services.due import DueItem
from therapy_journal.services.reminders import (
    MAX_TIMES,
    Notification,
    moments_between,
    normalized_times,
    parse_time,
    reminder_text,
    still_running_text,
)

DAY = date(2026, 12, 2)
DUE = [
    DueItem("checkin", "PHQ-9", DAY, "checkins", "phq9"),
    DueItem("follow_up", "Dr. Wombat Aubergine", DAY, "contacts", "4"),
    DueItem("network", "Auntie Quokka", DAY, "contacts", "5"),
]
GOAL = DueItem("goal", "Tell Bramble about the panic", DAY, "goals", "2")
PRIVATE_WORDS = ("PHQ", "Wombat", "Aubergine", "Quokka", "Bramble", "panic", "check-in")


def at(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute).astimezone()


def test_times_are_read_as_24_hour_hh_mm_and_kept_in_order_once_each() -> None:
    assert parse_time("07:05") is not None
    for bad in ("7", "25:00", "12:60", "noon", "", "1:2:3"):
        assert parse_time(bad) is None
    assert normalized_times(["20:00", "7:30", "bad", "20:00", 5]) == ["07:30", "20:00"]
    many = [f"{hour:02d}:00" for hour in range(10)]
    assert len(normalized_times(many)) == MAX_TIMES


def test_a_reminder_comes_once_when_its_time_has_come() -> None:
    times = ["08:00", "20:00"]
    assert moments_between(times, at(19, 59), at(20, 0)) == [at(20, 0)]
    assert moments_between(times, at(20, 0), at(20, 1)) == []  # already shown
    assert moments_between(times, at(19, 0), at(19, 59)) == []
    # Across midnight.
    next_day = DAY + timedelta(days=1)
    assert moments_between(times, at(23, 59), at(8, 0, next_day)) == [at(8, 0, next_day)]


def test_a_reminder_the_computer_slept_through_is_dropped_not_shown_late() -> None:
    assert moments_between(["20:00"], at(19, 0), at(20, 20)) == [at(20, 0)]
    assert moments_between(["20:00"], at(19, 0), at(23, 0)) == []


def all_notifications(discreet: bool, app_name: str) -> list[Notification]:
    found = [
        reminder_text(write=write, due=due, discreet=discreet, app_name=app_name)
        for write in (True, False)
        for due in ([], DUE[:1], DUE, [GOAL], [*DUE, GOAL])
    ]
    found += [
        still_running_text(discreet=discreet, app_name=app_name, tray=tray)
        for tray in (True, False)
    ]
    return [n for n in found if n is not None]


def test_in_discreet_mode_no_notification_names_the_app_a_check_in_or_a_person() -> None:
    shown = all_notifications(discreet=True, app_name="Notes")
    assert len(shown) == 10  # the goal alone is not notified
    for notification in shown:
        text = f"{notification.title} {notification.body}"
        assert "therapy" not in text.lower()
        assert "journal" not in text.lower()
        for word in PRIVATE_WORDS:
            assert word.lower() not in text.lower(), text


def test_otherwise_a_notification_says_what_is_due() -> None:
    shown = reminder_text(write=False, due=DUE, discreet=False, app_name="Therapy Journal")
    assert shown is not None
    assert "PHQ-9" in shown.body and "Dr. Wombat Aubergine" in shown.body
    assert (shown.opens, shown.item) == ("checkins", "phq9")  # a click opens the first
    writing = reminder_text(write=True, due=[], discreet=False, app_name="Therapy Journal")
    assert writing is not None and writing.opens == "write"
    assert "therapy" not in f"{writing.title} {writing.body}".lower()


@pytest.mark.parametrize("discreet", [True, False])
def test_nothing_to_say_shows_nothing(discreet: bool) -> None:
    assert reminder_text(write=False, due=[GOAL], discreet=discreet, app_name="Notes") is None
