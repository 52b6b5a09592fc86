"""What every importer shares: the error it raises, checked entries, reading
one JSON document of entries as a stream, and small helpers for titles and tags."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from therapy_journal.services import json_stream
from therapy_journal.services.dates import (
    BadDate,
    check_in_range,
)
from therapy_journal.services.journal import (
    MAX_TITLE_CHARS,
    InvalidEntry,
    make_entry,
)
from therapy_journal.store.atomic import describe_os_error
from therapy_journal.store.models import NewEntry

MAX_LINE_BYTES = 64 * 1024 * 1024
# One entry of a JSON export, in characters: room for the largest body JSON can
# escape (10 MB) plus its title and tags.
MAX_RECORD_CHARS = 64 * 1024 * 1024
MAX_ZONE_CHARS = 64  # the longest IANA time zone name has 32
MAX_FRONT_MATTER_CHARS = 64 * 1024
MARKDOWN_SUFFIXES = (".md", ".markdown")
STARRED_TAG = "starred"


class ImportFormatError(ValueError):
    """The file is not in the expected format; the message says where and why."""


@dataclass
class ImportNotes:
    """What a reader tells the person besides the entries: the files it could
    not read (each with the reason) when it was asked to go on past them, and
    counts of things worth saying ("dated by the file's modification time": 3)."""

    unreadable: list[tuple[str, str]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # one sentence each, naming the entry

    def count(self, what: str, number: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + number


# The format each kind of export is, told by the keys of its first entry; a
# reader given another one's file says which to choose.
_KINDS = (
    ("creationDate", "dayone-json", "a Day One export"),
    ("time", "jrnl-json", "a jrnl export"),
    ("created", "therapy-journal-json", "this app's export-all"),
)


def wrong_kind(record: dict[str, Any], expected: str) -> str | None:
    """What to choose instead when ``record`` is plainly an entry of another format."""
    for key, fmt, what in _KINDS:
        if key in record and fmt != expected:
            if expected in ("therapy-journal-json", "jsonl") and fmt == "therapy-journal-json":
                return None
            return f"it looks like {what}; import it with --from {fmt}"
    return None


# What a record reader may raise about one entry; it becomes an ImportFormatError
# that says which entry.
ENTRY_ERRORS = (InvalidEntry, BadDate, TypeError)
_SURROGATE = re.compile("[\ud800-\udfff]")


def checked_entry(
    *,
    title: str,
    body: str,
    tags: list[str],
    created: datetime,
    mood: Any = None,
) -> NewEntry:
    """A validated entry from what a file holds: text that is Unicode, a date in range."""
    for part, text in (("title", title), ("text", body), *(("tags", tag) for tag in tags)):
        if _SURROGATE.search(text):
            raise InvalidEntry(
                f"its {part} holds a broken character (a lone UTF-16 surrogate), "
                "so the file is damaged."
            )
    return make_entry(title=title, body=body, mood=mood, tags=tags, created=check_in_range(created))


# -- exports of other apps as one JSON document ---------------------------------------------


def exported_entries(
    path: Path, what: str, convert: Callable[[Any], NewEntry], fmt: str = ""
) -> Iterator[NewEntry]:
    """The entries of the export at ``path``, read and converted one at a time."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise ImportFormatError(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise ImportFormatError(f"{path} is a folder; give the {what} file itself.") from None
    except OSError as error:
        raise ImportFormatError(f"Could not read {path}: {describe_os_error(error)}.") from None
    with handle:
        if handle.read(4) == b"PK\x03\x04":
            raise ImportFormatError(
                f"{path.name} is a ZIP archive; unzip it and import the JSON file inside."
            )
        handle.seek(0)
        yield from entries_in(handle, path, what, convert, fmt)


def entries_in(
    handle: IO[bytes],
    path: Path,
    what: str,
    convert: Callable[[Any], NewEntry],
    fmt: str = "",
) -> Iterator[NewEntry]:
    """The entries of the export read from ``handle`` (named ``path`` in messages)."""
    records = json_stream.array_items(handle, "entries", max_item_chars=MAX_RECORD_CHARS)
    number = 0
    try:
        for number, record in enumerate(records, 1):
            try:
                if not isinstance(record, dict):
                    raise InvalidEntry("it is not a JSON object.")
                other = wrong_kind(record, fmt) if number == 1 and fmt else None
                if other is not None:
                    raise ImportFormatError(f"{path.name} is not a {what}: {other}.")
                yield convert(record)
            except ENTRY_ERRORS as error:
                raise ImportFormatError(f"Entry {number} of {path.name}: {error}") from None
    except json_stream.WrongShape:
        raise ImportFormatError(
            f"{path.name} is not a {what}: it should be a JSON object with a list of 'entries'."
        ) from None
    except json_stream.ItemTooLarge:
        raise ImportFormatError(
            f"Entry {number + 1} of {path.name} is too large to be an entry (over 64 MB)."
        ) from None
    except json_stream.NotJson as error:
        raise ImportFormatError(not_json(path, error)) from None
    except OSError as error:
        raise ImportFormatError(f"Could not read {path}: {describe_os_error(error)}.") from None


def not_json(path: Path, error: json_stream.NotJson) -> str:
    if error.reason == "it is not UTF-8 text":
        return f"{path.name} is not UTF-8 text."
    where = f" at line {error.line}, column {error.column}" if error.line is not None else ""
    hint = ""
    if path.name.lower().endswith((*MARKDOWN_SUFFIXES, ".txt")):
        hint = "; it looks like Markdown or text: import it with --from markdown"
    return f"{path.name} is not valid JSON ({error.reason}{where}){hint}."


def text_field(record: dict[str, Any], key: str) -> str:
    value = record.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidEntry(f"'{key}' must be text.")
    return value


def tags_of(record: dict[str, Any]) -> list[str]:
    tags = record.get("tags", [])
    if tags is None:
        return []
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise InvalidEntry("'tags' must be a list of strings.")
    if is_starred(record):
        tags = [*tags, STARRED_TAG]
    return tags


def is_starred(record: dict[str, Any]) -> bool:
    starred = record.get("starred", False)
    if starred is not None and not isinstance(starred, bool):
        raise InvalidEntry("'starred' must be true or false.")
    return bool(starred)


def fits_a_title(text: str) -> bool:
    """Whether ``text`` can be a title; a longer first line stays in the body instead."""
    return len(" ".join(text.split())) <= MAX_TITLE_CHARS


# Markdown escapes a backslash before ASCII punctuation; a title is plain text.
MD_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_HEADING = re.compile(r"#{1,6}[ \t]+(?P<words>.*?)(?:[ \t]+#+)?[ \t]*\r?")
BLANK_LINES = re.compile(r"\A(?:[ \t]*\r?\n)+")


def title_from_heading(line: str, level_one_only: bool = False) -> str | None:
    """The words of a Markdown ATX heading line, or None if it is not one."""
    found = _HEADING.fullmatch(line)
    if found is None or (level_one_only and not line.startswith("# ")):
        return None
    return MD_ESCAPED.sub(r"\1", found["words"])
