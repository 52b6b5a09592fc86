"""Reading and writing the dates people type.

An entry's date is a moment in the writer's local time. Dates without a time
zone are read in the computer's local zone; a bare date (``2026-03-01``)
means the start of that day, or with ``end_of_day`` the start of the next one,
so ``--until 2026-03-01`` includes all of March 1st. Upper bounds are
returned as the first moment *after* the range.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta


class BadDate(ValueError):
    """A date that could not be read."""


def now_local() -> datetime:
    return datetime.now().astimezone()


def as_local(moment: datetime) -> datetime:
    """Aware datetime; naive ones are taken as local time."""
    return moment.astimezone() if moment.tzinfo is None else moment


def parse_when(text: str, *, end_of_day: bool = False) -> datetime:
    """Parse an ISO-8601 date or date-time into an aware datetime."""
    cleaned = text.strip()
    if not cleaned:
        raise BadDate("A date is empty.")
    try:
        if len(cleaned) == 10 and cleaned[4] == "-":
            day = date.fromisoformat(cleaned)
            start = datetime(day.year, day.month, day.day)
            return as_local(start + timedelta(days=1) if end_of_day else start)
        moment = as_local(datetime.fromisoformat(cleaned))
        # As an upper bound a date-time is inclusive too: just after that moment.
        return moment + timedelta(microseconds=1) if end_of_day else moment
    except ValueError:
        raise BadDate(
            f"'{cleaned}' is not a date; use ISO-8601, like 2026-03-01 or 2026-03-01T20:30."
        ) from None
