"""The range of dates the journal keeps, and reading and showing dates at its ends."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from therapy_journal.services.dates import (
    FIRST_DAY,
    LAST_DAY,
    BadDate,
    check_in_range,
    local_minute,
    parse_when,
    to_local,
)

RANGE_MESSAGE = "is outside the dates the journal keeps (the years 1900 to 2200)"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("0001-01-01", "0001-01-01"),
        ("9999-12-31", "9999-12-31"),
        ("9999-12-31T23:59:59", "9999-12-31 23:59"),
        ("9999-12-31T23:59:59-05:00", "9999-12-31 23:59"),
        ("1899-12-31T23:59", "1899-12-31 23:59"),
        ("2201-01-01", "2201-01-01"),
    ],
)
def test_a_date_outside_the_range_is_refused_with_the_same_sentence(text: str, shown: str) -> None:
    for end_of_day in (False, True):
        with pytest.raises(BadDate) as raised:
            parse_when(text, end_of_day=end_of_day)
        assert str(raised.value) == f"{shown} {RANGE_MESSAGE}."


@pytest.mark.parametrize("text", ["", " ", "\t\n"])
def test_an_empty_or_blank_date_is_refused_not_taken_as_now(text: str) -> None:
    with pytest.raises(BadDate, match="A date is empty"):
        parse_when(text)


def test_the_first_and_last_days_are_accepted_and_their_bounds_computed() -> None:
    first = parse_when("1900-01-01")
    assert (first.year, first.month, first.day, first.hour) == (1900, 1, 1, 0)
    assert first.tzinfo is not None
    after_last = parse_when("2200-12-31", end_of_day=True)
    assert after_last.date() == date(2201, 1, 1)  # the exclusive upper bound of the last day
    assert parse_when("2200-12-31T23:59:59+14:00").year == 2200


def test_a_long_or_odd_text_is_not_a_date_and_is_not_echoed_whole() -> None:
    with pytest.raises(BadDate, match="is not a date") as raised:
        parse_when("2026-01-01" + "x" * 5000)
    assert len(str(raised.value)) < 200


def test_check_in_range_returns_the_moment_unchanged() -> None:
    moment = datetime(2026, 3, 1, 20, 30, tzinfo=timezone(timedelta(hours=2)))
    assert check_in_range(moment) is moment
    with pytest.raises(BadDate, match=re.escape(RANGE_MESSAGE)):
        check_in_range(datetime(9999, 12, 31, tzinfo=UTC))


_ANY_OFFSET = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)


@given(st.datetimes(timezones=st.none() | _ANY_OFFSET))
def test_any_stored_moment_can_be_shown_in_local_time(moment: datetime) -> None:
    """Year 1 to 9999 in any UTC offset, or without one: showing it never fails."""
    shown = local_minute(moment)
    assert len(shown) == len("2026-03-01 20:30")
    assert to_local(moment).tzinfo is not None or moment.tzinfo is None


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 12, 31, 23, 59)))
def test_every_moment_in_range_reads_back_from_its_iso_text(moment: datetime) -> None:
    parsed = parse_when(moment.isoformat())
    assert parsed.replace(tzinfo=None) == moment
    assert FIRST_DAY <= parsed.date() <= LAST_DAY


@pytest.mark.parametrize("odd", ["0\x1e0", "2026\u2028-03-01", "2026-03-01\x1b[2J", "0\x850"])
def test_a_date_with_a_line_break_or_control_character_is_refused_on_one_line(odd: str) -> None:
    # "0\x1e0" came from a Markdown file's front matter (the importer fuzz test).
    with pytest.raises(BadDate) as raised:
        parse_when(odd)
    message = str(raised.value)
    assert message.splitlines() == [message]
    assert not re.search("[\x00-\x1f\x7f-\x9f\u2028\u2029]", message)
