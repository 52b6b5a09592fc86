"""Reading and writing the dates people type, and the range of dates the journal keeps.

An entry's date is a moment in the writer's local time. Dates without a time
zone are read in the computer's local zone; a bare date (``2026-03-01``)
means the start of that day, or with ``end_of_day`` the start of the next one,
so ``--until 2026-03-01`` includes all of March 1st. Upper bounds are
returned as the first moment *after* the range.

**The accepted range.** An entry's date is in the years :data:`FIRST_YEAR`
to :data:`LAST_YEAR`, as written (in its own time zone). Every place a date
comes in (the command line, the app's date fields, every importer, bundles
opened) refuses others with :func:`check_in_range`. The range is far inside
what Python's datetime can hold (years 1 to 9999), so a date in it can be moved
to any time zone and shifted by days without overflowing. A date outside it
that is already stored (written by an old version or another tool) is still
shown: readers convert it with :func:`to_local`, which never fails.
"""

from __future__ import annotations

import functools
import os
import re
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

FIRST_YEAR = 1900
LAST_YEAR = 2200
FIRST_DAY = date(FIRST_YEAR, 1, 1)
LAST_DAY = date(LAST_YEAR, 12, 31)

# Longer than any ISO-8601 date-time (2026-03-01T20:30:00.123456+05:30 is 32).
_MAX_DATE_CHARS = 64

# What a message must not quote as it is: lone surrogates, and control
# characters and line separators (U+001E, U+0085 NEL, U+2028...), which would
# break a one-line message over lines or move a terminal's cursor.
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def shown_value(value: str, limit: int = 40) -> str:
    """A value from a file or a command line, quoted in a one-line message:
    short, and printable whatever it holds."""
    short = value if len(value) <= limit else value[:limit] + "…"
    return _UNSHOWABLE.sub("\ufffd", short)


class BadDate(ValueError):
    """A date that could not be read, or is outside the range the journal keeps."""


RANGE_HINT = f"the years {FIRST_YEAR} to {LAST_YEAR}"


def now_local() -> datetime:
    return datetime.now().astimezone()


def local_zone() -> tzinfo | None:
    """This computer's time zone with its rules (``TZ``, else ``/etc/localtime``),
    or None where it cannot be known as a zone (then only offsets are)."""
    name = os.environ.get("TZ", "").removeprefix(":")
    try:
        if name:
            return ZoneInfo(name) if not name.startswith("/") else _zone_file(name)
        return _zone_file("/etc/localtime")
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def _zone_file(path: str) -> ZoneInfo:
    return _read_zone_file(path, os.stat(path).st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _read_zone_file(path: str, _changed: int) -> ZoneInfo:
    """The zone in a TZif file, read once per change of the file."""
    with open(path, "rb") as handle:
        return ZoneInfo.from_file(handle)


def as_local(moment: datetime) -> datetime:
    """Aware datetime; naive ones are taken as local time, as they read.

    A local time that the clocks skipped (a DST gap: 02:30 on the night they
    go forward) or showed twice (01:30 on the night they go back) is resolved
    by the ``zoneinfo`` rule of :pep:`495`, which is how jrnl and other
    programs that write local times mean them: ``fold=0`` (the default) is the
    offset in force before the change, ``fold=1`` the one after. The wall time
    is kept as written, with that offset (``2024-03-10T02:30-05:00``).
    """
    if moment.tzinfo is not None:
        return moment
    zone = local_zone()
    if zone is None:
        return moment.astimezone()
    offset = moment.replace(tzinfo=zone).utcoffset()
    if offset is None:
        return moment.astimezone()
    return moment.replace(tzinfo=timezone(offset), fold=0)


def in_own_time(moment: datetime) -> datetime:
    """An entry's moment as it is shown everywhere (the CLI, the app's list and
    editor, the report): in the time zone and UTC offset it was written in, not
    the computer's. Naive ones (never stored by this app) are local time."""
    return as_local(moment)


def entry_minute(moment: datetime) -> str:
    """An entry's moment as ``YYYY-MM-DD HH:MM`` in its own time (see :func:`in_own_time`):
    a Day One entry written at 22:48 in Sydney shows 22:48 wherever it is read."""
    shown = in_own_time(moment)
    return f"{_day(shown)} {shown.hour:02d}:{shown.minute:02d}"


def offset_note(moment: datetime) -> str:
    """``UTC+10:00`` when ``moment``'s own offset is not this computer's at that
    moment (so a reader knows it was written elsewhere); else ``""``."""
    own = in_own_time(moment).utcoffset()
    if own is None or own == to_local(moment).utcoffset():
        return ""
    sign = "-" if own < timedelta(0) else "+"
    minutes = abs(int(own.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def in_range(moment: datetime | date) -> bool:
    """Whether ``moment`` is in the years the journal keeps (as written, in its own zone)."""
    return FIRST_YEAR <= moment.year <= LAST_YEAR


def check_in_range(moment: datetime) -> datetime:
    """``moment`` itself when it is in the accepted range; else :class:`BadDate`
    with one sentence for the person."""
    if not in_range(moment):
        raise BadDate(f"{_shown(moment)} is outside the dates the journal keeps ({RANGE_HINT}).")
    return moment


def checked_local(moment: datetime) -> datetime:
    """``moment`` checked to be in range, then made aware (naive means local time).

    The check comes first: turning a naive year-1 or year-9999 moment into
    local time overflows.
    """
    return as_local(check_in_range(moment))


def to_local(moment: datetime) -> datetime:
    """``moment`` in the computer's time zone, for showing it. A moment so close
    to the ends of the calendar that the conversion would overflow (only possible
    for a date outside the accepted range) is returned as it is: shown in the zone
    it was written in rather than not at all."""
    try:
        return moment.astimezone()
    except (OverflowError, ValueError, OSError):
        return moment


def local_minute(moment: datetime) -> str:
    """``moment`` as ``YYYY-MM-DD HH:MM`` in local time (see :func:`to_local`)."""
    shown = to_local(moment)
    return f"{_day(shown)} {shown.hour:02d}:{shown.minute:02d}"


def parse_when(text: str, *, end_of_day: bool = False) -> datetime:
    """Parse an ISO-8601 date or date-time into an aware datetime in the accepted range."""
    cleaned = text.strip()
    if not cleaned:
        raise BadDate("A date is empty; use ISO-8601, like 2026-03-01 or 2026-03-01T20:30.")
    try:
        if len(cleaned) > _MAX_DATE_CHARS:
            raise ValueError(cleaned)
        if len(cleaned) == 10 and cleaned[4] == "-":
            day = date.fromisoformat(cleaned)
            start = checked_local(datetime.combine(day, time.min))
            return start + timedelta(days=1) if end_of_day else start
        moment = checked_local(datetime.fromisoformat(cleaned))
        # As an upper bound a date-time is inclusive too: just after that moment.
        return moment + timedelta(microseconds=1) if end_of_day else moment
    except BadDate:
        raise
    except ValueError:
        raise BadDate(
            f"'{shown_value(cleaned)}' is not a date; use ISO-8601, like 2026-03-01 "
            "or 2026-03-01T20:30."
        ) from None


def _day(moment: datetime | date) -> str:
    # By hand: strftime's %Y does not pad years below 1000 on every platform.
    return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"


def _shown(moment: datetime) -> str:
    """A date as a person would recognise it in a message: the day, and the
    time when there is one."""
    if moment.time() == time.min:
        return _day(moment)
    return f"{_day(moment)} {moment.hour:02d}:{moment.minute:02d}"
