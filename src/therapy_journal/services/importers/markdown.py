"""Folders of Markdown files (Obsidian, Logseq, Jekyll, this app's own export)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from therapy_journal.services.dates import (
    BadDate,
    checked_local,
    in_range,
    parse_when,
)
from therapy_journal.services.importers.common import (
    BLANK_LINES,
    ENTRY_ERRORS,
    MARKDOWN_SUFFIXES,
    MAX_FRONT_MATTER_CHARS,
    ImportFormatError,
    checked_entry,
    fits_a_title,
    title_from_heading,
)
from therapy_journal.services.journal import (
    MAX_BODY_BYTES,
    InvalidEntry,
    check_body_size,
)
from therapy_journal.services.sharing.pages import PAGES
from therapy_journal.store.atomic import describe_os_error
from therapy_journal.store.models import NewEntry


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
        except ENTRY_ERRORS as error:
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
    title = _fronttext_field(front, "title")
    if title is None:
        title, body = _markdown_title_and_body(body, file)
    return checked_entry(
        title=title,
        body=body,
        mood=front.get("mood"),
        tags=_fronttags_of(front),
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


def _fronttext_field(front: dict[str, Any], key: str) -> str | None:
    value = front.get(key)
    if value is None or isinstance(value, str):
        return value
    raise InvalidEntry(f"'{key}' in the front matter must be text (put it in quotes).")


def _fronttags_of(front: dict[str, Any]) -> list[str]:
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
    first, _, rest = BLANK_LINES.sub("", body).partition("\n")
    heading = title_from_heading(first, level_one_only=True)
    if heading is None or not fits_a_title(heading):
        return _file_title(file), body
    return heading, BLANK_LINES.sub("", rest)


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
