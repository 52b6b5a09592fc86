"""JSON lines: one entry a line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from therapy_journal.services.dates import (
    parse_when,
)
from therapy_journal.services.importers.common import (
    ENTRY_ERRORS,
    MAX_LINE_BYTES,
    ImportFormatError,
    checked_entry,
)
from therapy_journal.services.journal import (
    InvalidEntry,
)
from therapy_journal.store.models import NewEntry


def read_jsonl(path: Path) -> Iterator[NewEntry]:
    """Entries from a JSON lines file; blank lines are skipped."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise ImportFormatError(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise ImportFormatError(f"{path} is a folder; the jsonl format needs a file.") from None
    with handle:
        for number, raw in enumerate(iter(lambda: handle.readline(MAX_LINE_BYTES + 1), b""), 1):
            if len(raw) > MAX_LINE_BYTES:
                raise ImportFormatError(f"Line {number} of {path.name} is longer than 64 MB.")
            if not raw.strip():
                continue
            try:
                # A byte order mark may start the file.
                record = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
            except UnicodeDecodeError:
                raise ImportFormatError(
                    f"Line {number} of {path.name} is not UTF-8 text."
                ) from None
            except json.JSONDecodeError as error:
                raise ImportFormatError(
                    f"Line {number} of {path.name} is not valid JSON ({error.msg})."
                ) from None
            except RecursionError:
                raise ImportFormatError(
                    f"Line {number} of {path.name} is nested too deeply to be an entry."
                ) from None
            except ValueError:  # json refuses numbers of more than 4,300 digits
                raise ImportFormatError(
                    f"Line {number} of {path.name} holds a number too long to read."
                ) from None
            try:
                yield _entry_from_record(record)
            except ENTRY_ERRORS as error:
                raise ImportFormatError(f"Line {number} of {path.name}: {error}") from None


def _entry_from_record(record: Any) -> NewEntry:
    if not isinstance(record, dict):
        raise InvalidEntry("each line must be a JSON object.")
    created = record.get("created")
    if not isinstance(created, str):
        raise InvalidEntry("'created' must be an ISO-8601 date string.")
    title = record.get("title", "")
    body = record.get("body", "")
    tags = record.get("tags", [])
    mood = record.get("mood")
    if not isinstance(title, str) or not isinstance(body, str):
        raise InvalidEntry("'title' and 'body' must be strings.")
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise InvalidEntry("'tags' must be a list of strings.")
    return checked_entry(title=title, body=body, mood=mood, tags=tags, created=parse_when(created))
