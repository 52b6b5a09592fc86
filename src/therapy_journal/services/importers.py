"""Reading entries from other journals.

Each reader turns a file (or a folder) into :class:`NewEntry` records lazily,
and raises :class:`ImportFormatError` naming the file, line or entry and the
problem on the first thing it cannot read. The journal service imports in one
transaction, so such an error means nothing is imported.

Formats (:data:`FORMATS`):

- ``jrnl-json``: what ``jrnl --export json`` writes: ``{"tags": {...},
  "entries": [{"date", "time", "title", "body", "tags", "starred"}]}``. The
  ``@`` of jrnl's tags is dropped, and a starred entry gets the tag "starred".
- ``dayone-json``: the ``Journal.json`` of Day One's JSON export: ``{"metadata",
  "entries": [{"creationDate" (UTC), "timeZone", "text", "tags", "starred"}]}``.
  The title is the text's first line (a Markdown heading's words), the body the
  rest; the date is shown in the entry's own time zone.
- ``markdown``: a folder of ``.md``/``.markdown`` files, read recursively in
  file-name order, hidden files and folders left out. Optional front matter
  between ``---`` lines gives ``date``, ``title``, ``tags`` and ``mood``;
  without them the title is a leading ``# heading`` (else the file name) and
  the date the file's modification time. The Markdown that this app exports
  (or puts in a bundle) reads back as the same entries: beside an ``entries``
  folder, its ``profile.md``, ``goals.md`` and ``assessments.md`` are skipped.
- ``jsonl``: the JSON lines of the benchmark corpus (``{"created", "title",
  "body", "tags", "mood"}`` per line).

Hostile or broken input is refused at this edge, naming the entry, and
nothing is imported:

- The JSON exports are read as a stream (:mod:`json_stream`), an entry at a
  time, so a million-entry export costs what one entry costs in memory.
- Text must be Unicode: a lone surrogate (``"\ud800"`` in JSON or YAML) makes
  the file damaged; it is refused, not patched, like a bundle holding one.
- Dates must be in the range the journal keeps (:mod:`dates`), and a time
  zone must look like an IANA name (``Europe/London``); one this computer
  does not know shows the entry in local time, the moment itself unchanged.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from therapy_journal.services import json_stream
from therapy_journal.services.dates import (
    BadDate,
    check_in_range,
    checked_local,
    in_range,
    parse_when,
    shown_value,
)
from therapy_journal.services.journal import (
    MAX_BODY_BYTES,
    MAX_TITLE_CHARS,
    InvalidEntry,
    check_body_size,
    make_entry,
)
from therapy_journal.services.sharing.pages import PAGES
from therapy_journal.store.atomic import describe_os_error
from therapy_journal.store.models import NewEntry

log = logging.getLogger(__name__)

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


FORMATS = ("jrnl-json", "dayone-json", "markdown", "jsonl")

# What a record reader may raise about one entry; it becomes an ImportFormatError
# that says which entry.
_ENTRY_ERRORS = (InvalidEntry, BadDate, TypeError)
_SURROGATE = re.compile("[\ud800-\udfff]")


def _entry(
    *,
    title: str,
    body: str,
    tags: list[str],
    created: datetime,
    mood: Any = None,
) -> NewEntry:
    """A validated entry from what a file holds: text that is Unicode, a date in range."""
    for field, text in (("title", title), ("text", body), *(("tags", tag) for tag in tags)):
        if _SURROGATE.search(text):
            raise InvalidEntry(
                f"its {field} holds a broken character (a lone UTF-16 surrogate), "
                "so the file is damaged."
            )
    return make_entry(title=title, body=body, mood=mood, tags=tags, created=check_in_range(created))


def read(fmt: str, path: Path) -> Iterator[NewEntry]:
    readers: dict[str, Callable[[Path], Iterator[NewEntry]]] = {
        "jrnl-json": read_jrnl_json,
        "dayone-json": read_dayone_json,
        "markdown": read_markdown,
        "jsonl": read_jsonl,
    }
    if fmt not in readers:
        raise ImportFormatError(f"Unknown import format '{fmt}'; known: {', '.join(FORMATS)}.")
    return readers[fmt](path)


# -- jsonl ---------------------------------------------------------------------------------


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
            except _ENTRY_ERRORS as error:
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
    return _entry(title=title, body=body, mood=mood, tags=tags, created=parse_when(created))


# -- exports of other apps as one JSON document ---------------------------------------------


def _exported_entries(
    path: Path, what: str, convert: Callable[[Any], NewEntry]
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
        records = json_stream.array_items(handle, "entries", max_item_chars=MAX_RECORD_CHARS)
        number = 0
        try:
            for number, record in enumerate(records, 1):
                try:
                    if not isinstance(record, dict):
                        raise InvalidEntry("it is not a JSON object.")
                    yield convert(record)
                except _ENTRY_ERRORS as error:
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
            raise ImportFormatError(_not_json(path, error)) from None
        except OSError as error:
            raise ImportFormatError(f"Could not read {path}: {describe_os_error(error)}.") from None


def _not_json(path: Path, error: json_stream.NotJson) -> str:
    if error.reason == "it is not UTF-8 text":
        return f"{path.name} is not UTF-8 text."
    where = f" at line {error.line}, column {error.column}" if error.line is not None else ""
    return f"{path.name} is not valid JSON ({error.reason}{where})."


def _text(record: dict[str, Any], key: str) -> str:
    value = record.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidEntry(f"'{key}' must be text.")
    return value


def _tags(record: dict[str, Any]) -> list[str]:
    tags = record.get("tags", [])
    if tags is None:
        return []
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise InvalidEntry("'tags' must be a list of strings.")
    if _starred(record):
        tags = [*tags, STARRED_TAG]
    return tags


def _starred(record: dict[str, Any]) -> bool:
    starred = record.get("starred", False)
    if starred is not None and not isinstance(starred, bool):
        raise InvalidEntry("'starred' must be true or false.")
    return bool(starred)


def _fits_a_title(text: str) -> bool:
    """Whether ``text`` can be a title; a longer first line stays in the body instead."""
    return len(" ".join(text.split())) <= MAX_TITLE_CHARS


# Markdown escapes a backslash before ASCII punctuation; a title is plain text.
_MD_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_HEADING = re.compile(r"#{1,6}[ \t]+(?P<words>.*?)(?:[ \t]+#+)?[ \t]*\r?")
_BLANK_LINES = re.compile(r"\A(?:[ \t]*\r?\n)+")


def _title_from_heading(line: str, level_one_only: bool = False) -> str | None:
    """The words of a Markdown ATX heading line, or None if it is not one."""
    found = _HEADING.fullmatch(line)
    if found is None or (level_one_only and not line.startswith("# ")):
        return None
    return _MD_ESCAPED.sub(r"\1", found["words"])


# jrnl ---------------------------------------------------------------------------------------


def read_jrnl_json(path: Path) -> Iterator[NewEntry]:
    """Entries from ``jrnl --export json``."""
    return _exported_entries(path, "jrnl JSON export", _jrnl_entry)


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
    title, body = _text(record, "title"), _text(record, "body")
    if not _fits_a_title(title):
        title, body = "", f"{title}\n\n{body}" if body else title
    tags = [tag.lstrip("@") for tag in _tags(record)]
    return _entry(title=title, body=body, tags=tags, created=checked_local(created))


# Day One ------------------------------------------------------------------------------------


def read_dayone_json(path: Path) -> Iterator[NewEntry]:
    """Entries from the ``Journal.json`` of a Day One JSON export."""
    return _exported_entries(path, "Day One JSON export", _dayone_entry)


def _dayone_entry(record: dict[str, Any]) -> NewEntry:
    created = record.get("creationDate")
    if not isinstance(created, str):
        raise InvalidEntry("'creationDate' must be a date and time like 2024-01-31T09:15:00Z.")
    title, body = _dayone_title_and_body(_text(record, "text"))
    moment = check_in_range(_utc_moment(created))
    return _entry(
        title=title, body=body, tags=_tags(record), created=_in_zone(moment, record.get("timeZone"))
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
    first, _, rest = _BLANK_LINES.sub("", text).partition("\n")
    heading = _title_from_heading(first)
    title = heading if heading is not None else first.strip()
    if not _fits_a_title(title):
        return "", text
    return title, _BLANK_LINES.sub("", rest)


# Markdown -----------------------------------------------------------------------------------


def read_markdown(path: Path) -> Iterator[NewEntry]:
    """Entries from a folder of Markdown files (or one Markdown file), one each."""
    if path.is_file():
        files = [path]
        root = path.parent
    elif path.is_dir():
        files = _markdown_files(path)
        root = path
        if not files:
            raise ImportFormatError(f"There are no Markdown files (.md, .markdown) in {path}.")
    else:
        raise ImportFormatError(f"There is no folder {path}.")
    for file in files:
        name = file.relative_to(root).as_posix()
        try:
            yield _markdown_entry(file)
        except UnicodeDecodeError:
            raise ImportFormatError(f"{name} is not UTF-8 text; save it as UTF-8.") from None
        except (yaml.YAMLError, RecursionError, _YamlValueError) as error:
            raise ImportFormatError(
                f"{name}: the front matter is not valid YAML ({_yaml_problem(error)})."
            ) from None
        except _ENTRY_ERRORS as error:
            raise ImportFormatError(f"{name}: {error}") from None
        except OSError as error:
            raise ImportFormatError(f"Could not read {name}: {describe_os_error(error)}.") from None


def _markdown_files(folder: Path) -> list[Path]:
    """Markdown files under ``folder``, sorted, leaving out hidden files and folders,
    and the pages beside the ``entries`` folder of an export or an opened bundle."""
    not_entries = {f"{page}.md" for page in PAGES} if (folder / "entries").is_dir() else set()
    found: list[Path] = []
    for current, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        found += [
            Path(current, name)
            for name in names
            if not name.startswith(".")
            and name.lower().endswith(MARKDOWN_SUFFIXES)
            and not (current == str(folder) and name in not_entries)
        ]
    # Regular files only: reading a pipe or a device named *.md would never end.
    return sorted(
        (file for file in found if file.is_file()),
        key=lambda file: file.relative_to(folder).parts,
    )


class _YamlValueError(ValueError):
    """A value of the front matter that YAML itself cannot build (a number of more
    than 4,300 digits, a date past the calendar)."""


def _yaml_problem(error: yaml.YAMLError | RecursionError | _YamlValueError) -> str:
    if isinstance(error, RecursionError):
        return "nested too deeply"
    if isinstance(error, _YamlValueError):
        return "a value in it cannot be read"
    problem = getattr(error, "problem", None) or "unreadable"
    mark = getattr(error, "problem_mark", None)
    # +2: the mark counts from 0, inside the front matter after its '---' line.
    return f"{problem} on line {mark.line + 2}" if mark is not None else str(problem)


def _markdown_entry(file: Path) -> NewEntry:
    size = file.stat().st_size
    if size > MAX_BODY_BYTES + MAX_FRONT_MATTER_CHARS:
        check_body_size(size)
    text = file.read_bytes().decode("utf-8")
    text = text.removeprefix("\ufeff")
    front, body = _split_front_matter(text)
    title = _front_text(front, "title")
    if title is None:
        title, body = _markdown_title_and_body(body, file)
    return _entry(
        title=title,
        body=body,
        mood=front.get("mood"),
        tags=_front_tags(front),
        created=_front_date(front) or _modified(file),
    )


# libyaml's safe loader when PyYAML has it (ten times faster), else the same in Python.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FRONT_START = re.compile(r"---[ \t]*\r?\n")
_FRONT_END = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?(?:\n|\Z)", re.MULTILINE)


def _split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """(front matter, body); one blank line after the front matter is not body."""
    start = _FRONT_START.match(text)
    if start is None:
        return {}, text
    end = _FRONT_END.search(text, start.end(), start.end() + MAX_FRONT_MATTER_CHARS)
    if end is None:
        raise InvalidEntry("the front matter that starts with '---' has no closing '---' line.")
    try:
        values = yaml.load(text[start.end() : end.start()], Loader=_SafeLoader)  # noqa: S506 (a safe loader)
    except (ValueError, OverflowError) as error:  # not YAMLError: int() or datetime() refused
        raise _YamlValueError(str(error)) from None
    if values is None:
        values = {}
    if not isinstance(values, dict):
        raise InvalidEntry("the front matter must be 'key: value' lines.")
    rest = text[end.end() :]
    return values, rest[2:] if rest.startswith("\r\n") else rest.removeprefix("\n")


def _front_text(front: dict[str, Any], key: str) -> str | None:
    value = front.get(key)
    if value is None or isinstance(value, str):
        return value
    raise InvalidEntry(f"'{key}' in the front matter must be text (put it in quotes).")


def _front_tags(front: dict[str, Any]) -> list[str]:
    tags = front.get("tags")
    if tags is None:
        return []
    if isinstance(tags, str):
        return re.split(r"[,\s]+", tags)
    if isinstance(tags, list) and all(isinstance(tag, str) for tag in tags):
        return tags
    raise InvalidEntry("'tags' in the front matter must be a list of words.")


def _front_date(front: dict[str, Any]) -> datetime | None:
    value = front.get("date")
    if value is None:
        return None
    if isinstance(value, datetime):
        return checked_local(value)
    if isinstance(value, date):
        return checked_local(datetime(value.year, value.month, value.day))
    if isinstance(value, str):
        return parse_when(value)
    raise BadDate("'date' in the front matter must be a date like 2024-01-31 or 2024-01-31T09:15.")


def _markdown_title_and_body(body: str, file: Path) -> tuple[str, str]:
    """A leading ``# heading`` is the title (and leaves the body); else the file name."""
    first, _, rest = _BLANK_LINES.sub("", body).partition("\n")
    heading = _title_from_heading(first, level_one_only=True)
    if heading is None or not _fits_a_title(heading):
        return _file_title(file), body
    return heading, _BLANK_LINES.sub("", rest)


def _file_title(file: Path) -> str:
    """The file's name without its suffix, as a title. A name that is not UTF-8
    (possible on Linux) keeps its readable part: it is only a title made up here."""
    return os.fsencode(file.stem).decode("utf-8", "replace")


def _modified(file: Path) -> datetime:
    """The file's modification time in local time, to the second."""
    seconds = int(file.stat().st_mtime)
    try:
        moment = datetime.fromtimestamp(seconds).astimezone()
    except (OverflowError, ValueError, OSError):  # a time past what the calendar holds
        moment = None
    if moment is None or not in_range(moment):
        raise BadDate(
            "its modification time is outside the dates the journal keeps; "
            "give it a date in front matter (date: 2024-01-31)."
        )
    return moment
