"""Day One's JSON export."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from therapy_journal.services.dates import (
    BadDate,
    check_in_range,
    shown_value,
)
from therapy_journal.services.importers.common import (
    BLANK_LINES,
    MAX_ZONE_CHARS,
    checked_entry,
    exported_entries,
    fits_a_title,
    tags_of,
    text_field,
    title_from_heading,
)
from therapy_journal.services.journal import (
    InvalidEntry,
)
from therapy_journal.store.models import NewEntry

log = logging.getLogger(__name__)


def read_dayone_json(path: Path) -> Iterator[NewEntry]:
    """Entries from the ``Journal.json`` of a Day One JSON export."""
    return exported_entries(path, "Day One JSON export", _dayone_entry, "dayone-json")


def _dayone_entry(record: dict[str, Any]) -> NewEntry:
    created = record.get("creationDate")
    if not isinstance(created, str):
        raise InvalidEntry("'creationDate' must be a date and time like 2024-01-31T09:15:00Z.")
    title, body = _dayone_title_and_body(text_field(record, "text"))
    moment = check_in_range(_utc_moment(created))
    return checked_entry(
        title=title,
        body=body,
        tags=tags_of(record),
        created=_in_zone(moment, record.get("timeZone")),
    )


def _utc_moment(text: str) -> datetime:
    try:
        if len(text) > 64:
            raise ValueError(text)
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise BadDate(
            f"'{shown_value(text)}' is not a date and time like 2024-01-31T09:15:00Z."
        ) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


# What an IANA time zone name is made of: Europe/London, America/Argentina/Salta,
# Etc/GMT+5, UTC. Anything else (a path, a 5,000-character name) is refused here,
# before zoneinfo looks for a file of that name.
_ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+)*")


def _in_zone(moment: datetime, zone: object) -> datetime:
    """``moment`` (in range) in the time zone Day One recorded, else in local time."""
    if zone is None or zone == "":
        return moment.astimezone()
    if not isinstance(zone, str) or len(zone) > MAX_ZONE_CHARS or not _ZONE_NAME.fullmatch(zone):
        raise InvalidEntry("'timeZone' must be a time zone name like Europe/London.")
    try:
        return moment.astimezone(ZoneInfo(zone))
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # The moment itself is exact; only how it is shown falls back.
        log.warning("unknown time zone in a Day One entry; using local time")
        return moment.astimezone()


def _dayone_title_and_body(text: str) -> tuple[str, str]:
    """Day One's title is the first line: a heading's words, or the line itself."""
    first, _, rest = BLANK_LINES.sub("", text).partition("\n")
    heading = title_from_heading(first)
    title = heading if heading is not None else first.strip()
    if not fits_a_title(title):
        return "", text
    return title, BLANK_LINES.sub("", rest)
