"""JSON lines: one entry a line (the README's "Scripting your own imports" says
which fields), or one JSON array of such entries, as ``list --json`` prints."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import IO, Any

from therapy_journal.services import json_stream
from therapy_journal.services.dates import (
    parse_when,
)
from therapy_journal.services.importers.common import (
    ENTRY_ERRORS,
    MAX_LINE_BYTES,
    MAX_RECORD_CHARS,
    ImportFormatError,
    checked_entry,
    not_json,
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
        if _starts_an_array(handle):
            yield from _array_entries(handle, path)
            return
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
                if number == 1 and raw.strip() in (b"{", b"\xef\xbb\xbf{"):
                    raise ImportFormatError(
                        f"{path.name} is one JSON document, not JSON lines; if it is an export "
                        "of jrnl, Day One or this app, import it with --from jrnl-json, "
                        "dayone-json or therapy-journal-json."
                    ) from None
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


def _starts_an_array(handle: IO[bytes]) -> bool:
    """Whether the file is one JSON array (what ``list --json`` prints), not lines."""
    head = handle.read(4096).removeprefix(b"\xef\xbb\xbf").lstrip()
    handle.seek(0)
    return head.startswith(b"[")


def _array_entries(handle: IO[bytes], path: Path) -> Iterator[NewEntry]:
    number = 0
    try:
        for number, record in enumerate(
            json_stream.items(handle, max_item_chars=MAX_RECORD_CHARS), 1
        ):
            try:
                yield _entry_from_record(record)
            except ENTRY_ERRORS as error:
                raise ImportFormatError(f"Entry {number} of {path.name}: {error}") from None
    except json_stream.ItemTooLarge:
        raise ImportFormatError(
            f"Entry {number + 1} of {path.name} is too large to be an entry (over 64 MB)."
        ) from None
    except json_stream.NotJson as error:
        raise ImportFormatError(not_json(path, error)) from None
    except json_stream.WrongShape:
        raise ImportFormatError(f"{path.name} is not a list of entries.") from None


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
    prompt_id = record.get("prompt_id")
    if prompt_id is not None and not isinstance(prompt_id, str):
        raise InvalidEntry("'prompt_id' must be a string or null.")
    entry = checked_entry(title=title, body=body, mood=mood, tags=tags, created=parse_when(created))
    return replace(entry, prompt_id=prompt_id) if prompt_id else entry
