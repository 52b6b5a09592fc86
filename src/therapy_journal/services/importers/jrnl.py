"""jrnl's own exports."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from therapy_journal.services.dates import (
    BadDate,
    checked_local,
    shown_value,
)
from therapy_journal.services.importers.common import (
    checked_entry,
    exported_entries,
    fits_a_title,
    tags_of,
    text_field,
)
from therapy_journal.services.journal import (
    InvalidEntry,
)
from therapy_journal.store.models import NewEntry


def read_jrnl_json(path: Path) -> Iterator[NewEntry]:
    """Entries from ``jrnl --export json``."""
    return exported_entries(path, "jrnl JSON export", _jrnl_entry, "jrnl-json")


def _jrnl_entry(record: dict[str, Any]) -> NewEntry:
    day, time = record.get("date"), record.get("time", "")
    if not isinstance(day, str) or not isinstance(time, str):
        raise InvalidEntry("'date' and 'time' must be text, like 2024-01-31 and 09:15.")
    try:
        if len(day) != 10:
            raise ValueError(day)
        created = datetime.fromisoformat(f"{day}T{time or '00:00'}")
    except ValueError:
        when = shown_value(f"{day} {time}".strip())
        raise BadDate(f"'{when}' is not a date and time like 2024-01-31 09:15.") from None
    title, body = text_field(record, "title"), text_field(record, "body")
    if not fits_a_title(title):
        title, body = "", f"{title}\n\n{body}" if body else title
    tags = [tag.lstrip("@") for tag in tags_of(record)]
    return checked_entry(title=title, body=body, tags=tags, created=checked_local(created))
