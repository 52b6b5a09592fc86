""".ics files for consultations and follow-ups: what a calendar app reads back from them."""

from __future__ import annotations

import stat
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Component

from therapy_journal.services.calendar_export import (
    consultation_ics,
    event_ics,
    follow_up_ics,
    write_ics,
)
from therapy_journal.services.contact_model import Contact

THERAPIST = Contact(
    kind="therapist",
    name="Dr. Zoë Okafor",
    id=5,
    phone="+1 555 010 0100",
    email="zoe@example.org",
    website="https://zoe.example.org",
    address="100 River Rd, Suite 2\nSpringfield, IL 62701",
    session_format="in_person",
)
NEW_YORK = ZoneInfo("America/New_York")


def read(data: bytes) -> tuple[Calendar, Component]:
    calendar = Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_a_consultation_is_one_timed_event_with_a_reminder_an_hour_before() -> None:
    start = datetime(2026, 3, 10, 15, 30, tzinfo=NEW_YORK)
    calendar, event = read(consultation_ics(THERAPIST, start))
    assert str(calendar["PRODID"]) == "-//Therapy Journal//EN"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(event["SUMMARY"]) == "Consultation with Dr. Zoë Okafor"
    assert event.decoded("DTSTART") == datetime(2026, 3, 10, 19, 30, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2026, 3, 10, 20, 20, tzinfo=UTC)
    assert isinstance(event.decoded("DTSTAMP"), datetime)
    assert str(event["LOCATION"]) == "100 River Rd, Suite 2, Springfield, IL 62701"
    assert str(event["DESCRIPTION"]) == (
        "Phone: +1 555 010 0100\nEmail: zoe@example.org\nWebsite: https://zoe.example.org"
    )
    (alarm,) = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm.decoded("TRIGGER") == timedelta(hours=-1)
    assert str(alarm["DESCRIPTION"]) == "Consultation with Dr. Zoë Okafor"


def test_a_telehealth_consultation_says_so_instead_of_an_address() -> None:
    online = replace(THERAPIST, session_format="telehealth")
    _, event = read(consultation_ics(online, datetime(2026, 3, 10, 9, 0, tzinfo=NEW_YORK), 30))
    assert str(event["LOCATION"]) == "Telehealth"
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=30)


def test_exporting_the_same_consultation_again_keeps_its_uid() -> None:
    first = consultation_ics(THERAPIST, datetime(2026, 3, 10, 9, 0, tzinfo=NEW_YORK))
    moved = consultation_ics(THERAPIST, datetime(2026, 3, 12, 14, 0, tzinfo=NEW_YORK))
    other = consultation_ics(replace(THERAPIST, id=6), datetime(2026, 3, 10, 9, 0))
    follow_up = follow_up_ics(THERAPIST, date(2026, 3, 20))
    uid = str(read(first)[1]["UID"])
    assert str(read(moved)[1]["UID"]) == uid
    assert str(read(other)[1]["UID"]) != uid
    assert str(read(follow_up)[1]["UID"]) != uid


def test_a_follow_up_is_an_all_day_event_on_its_date() -> None:
    data = follow_up_ics(THERAPIST, date(2026, 3, 20))
    _, event = read(data)
    assert str(event["SUMMARY"]) == "Follow up with Dr. Zoë Okafor"
    assert type(event.decoded("DTSTART")) is date
    assert event.decoded("DTSTART") == date(2026, 3, 20)
    assert event.decoded("DTEND") == date(2026, 3, 21)
    assert b"DTSTART;VALUE=DATE:20260320" in data
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == timedelta(hours=9)  # 9:00 on the day
    assert "Phone: +1 555 010 0100" in str(event["DESCRIPTION"])


def test_a_naive_start_is_local_time() -> None:
    # The tests run in America/New_York, five hours behind UTC in January.
    _, event = read(event_ics("Call back", datetime(2026, 1, 5, 9, 0)))
    assert event.decoded("DTSTART") == datetime(2026, 1, 5, 14, 0, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2026, 1, 5, 15, 0, tzinfo=UTC)  # an hour


def test_an_event_without_seed_gets_a_new_uid_and_no_empty_fields() -> None:
    start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    _, first = read(event_ics("Call back", start))
    _, second = read(event_ics("Call back", start))
    assert str(first["UID"]) != str(second["UID"])
    assert "DESCRIPTION" not in first
    assert "LOCATION" not in first


def test_an_all_day_event_of_whole_days_spans_them() -> None:
    start = datetime(2026, 5, 1, 18, 0)
    _, event = read(event_ics("Retreat", start, timedelta(days=3), all_day=True))
    assert event.decoded("DTSTART") == date(2026, 5, 1)
    assert event.decoded("DTEND") == date(2026, 5, 4)


@pytest.mark.parametrize("duration", [timedelta(0), timedelta(minutes=-5)])
def test_an_event_needs_a_positive_duration(duration: timedelta) -> None:
    with pytest.raises(ValueError, match="positive duration"):
        event_ics("Call back", datetime(2026, 1, 5, 9, 0), duration)


def test_the_written_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    data = consultation_ics(THERAPIST, datetime(2026, 3, 10, 9, 0, tzinfo=NEW_YORK))
    path = tmp_path / "consultation.ics"
    write_ics(path, data)
    assert path.read_bytes() == data
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_times_are_written_to_the_whole_minute() -> None:
    picked = datetime(2026, 12, 8, 18, 30, 42, 123456, tzinfo=NEW_YORK)
    data = consultation_ics(THERAPIST, picked)
    _, event = read(data)
    assert event.decoded("DTSTART") == datetime(2026, 12, 8, 23, 30, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2026, 12, 9, 0, 20, tzinfo=UTC)
    assert b"DTSTART:20261208T233000Z" in data
