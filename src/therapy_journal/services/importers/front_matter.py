"""The front matter of a Markdown file (Obsidian, Jekyll, Hugo, this app's own
export), and what it says about the entry: date, title, tags, mood, star.

Dates come from ``date``, ``created`` and their common spellings (``Date``,
``created_at``, ``creation-date``, ``dateCreated``...), as a YAML date, a date
and time, or ISO-8601 text; tags from ``tags`` or ``tag`` (a list, or words
separated by commas or spaces); ``starred: true`` becomes the tag "starred",
as for jrnl and Day One.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import yaml

from therapy_journal.services.dates import BadDate, checked_local, parse_when
from therapy_journal.services.importers.common import MAX_FRONT_MATTER_CHARS
from therapy_journal.services.journal import InvalidEntry

# The spellings of a front matter's date keys, most specific first, each
# compared without case, '-', '_' or spaces.
DATE_KEYS = ("date", "created", "createdat", "creationdate", "datecreated", "createdon", "day")
TAG_KEYS = ("tags", "tag", "keywords")

# libyaml's safe loader when PyYAML has it (ten times faster), else the same in Python.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FRONT_START = re.compile(r"---[ \t]*\r?\n")
_FRONT_END = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?(?:\n|\Z)", re.MULTILINE)
_KEY_NOISE = re.compile(r"[\s_-]+")


class YamlValueError(ValueError):
    """A value of the front matter that YAML itself cannot build (a number of more
    than 4,300 digits, a date past the calendar)."""


def yaml_problem(error: yaml.YAMLError | RecursionError | YamlValueError) -> str:
    if isinstance(error, RecursionError):
        return "nested too deeply"
    if isinstance(error, YamlValueError):
        return "a value in it cannot be read"
    problem = getattr(error, "problem", None) or "unreadable"
    mark = getattr(error, "problem_mark", None)
    # +2: the mark counts from 0, inside the front matter after its '---' line.
    return f"{problem} on line {mark.line + 2}" if mark is not None else str(problem)


def split_raw(text: str) -> tuple[str, str] | None:
    """(front matter text, body) when ``text`` starts with front matter; one
    blank line after it is not body."""
    start = _FRONT_START.match(text)
    if start is None:
        return None
    end = _FRONT_END.search(text, start.end(), start.end() + MAX_FRONT_MATTER_CHARS)
    if end is None:
        raise InvalidEntry("the front matter that starts with '---' has no closing '---' line.")
    rest = text[end.end() :]
    return text[start.end() : end.start()], rest[2:] if rest.startswith(
        "\r\n"
    ) else rest.removeprefix("\n")


def parse(front: str) -> dict[str, Any]:
    """The front matter's ``key: value`` pairs, keys as written."""
    try:
        values = yaml.load(front, Loader=_SafeLoader)  # noqa: S506 (a safe loader)
    except (ValueError, OverflowError) as error:  # not YAMLError: int() or datetime() refused
        raise YamlValueError(str(error)) from None
    if values is None:
        return {}
    if not isinstance(values, dict):
        raise InvalidEntry("the front matter must be 'key: value' lines.")
    return values


def _find(front: dict[str, Any], keys: tuple[str, ...]) -> tuple[str, Any] | None:
    """(key as written, value) of the first of ``keys`` the front matter has."""
    spelled = {_KEY_NOISE.sub("", key).lower(): key for key in front if isinstance(key, str)}
    for key in keys:
        if key in spelled and front[spelled[key]] not in (None, ""):
            return spelled[key], front[spelled[key]]
    return None


def text(front: dict[str, Any], key: str) -> str | None:
    value = front.get(key)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float | date) and not isinstance(value, bool):
        return str(value)  # title: 2024 (a year), title: 2024-01-31
    raise InvalidEntry(f"'{key}' in the front matter must be text (put it in quotes).")


def tags(front: dict[str, Any]) -> list[str]:
    found = _find(front, TAG_KEYS)
    words: list[str] = []
    if found is not None:
        key, value = found
        if isinstance(value, str):
            words = [word for word in re.split(r"[,\s]+", value) if word]
        elif isinstance(value, list) and all(isinstance(tag, str | int) for tag in value):
            words = [str(tag) for tag in value]
        else:
            raise InvalidEntry(f"'{key}' in the front matter must be a list of words.")
    if starred(front):
        words.append("starred")
    return words


def starred(front: dict[str, Any]) -> bool:
    value = front.get("starred", front.get("star", front.get("favorite")))
    return value is True or (isinstance(value, str) and value.strip().lower() in {"true", "yes"})


def when(front: dict[str, Any]) -> datetime | None:
    """The entry's date from the front matter, or None when it gives none."""
    found = _find(front, DATE_KEYS)
    if found is None:
        return None
    key, value = found
    if isinstance(value, datetime):
        return checked_local(value)
    if isinstance(value, date):
        return checked_local(datetime(value.year, value.month, value.day))
    if isinstance(value, str):
        stamp = parse_stamp(value.strip())
        return stamp if stamp is not None else parse_when(value)
    raise BadDate(
        f"'{key}' in the front matter must be a date like 2024-01-31 or 2024-01-31T09:15."
    )


# A date and time as jrnl writes it with its default format ("%F %r":
# 2023-09-12 08:15:00 AM), or with a 24-hour clock, at the start of a text.
STAMP = re.compile(
    r"(?P<day>\d{4}-\d{2}-\d{2})"
    r"(?:[ T](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"(?:[ ]?(?P<half>[AaPp][Mm]))?)?"
)


def parse_stamp(value: str) -> datetime | None:
    """The local date and time at the start of ``value`` when it is a whole
    jrnl-style stamp (``2023-09-12 08:15:00 PM``, ``2023-09-12 20:15``,
    ``2023-09-12``), else None (then ISO-8601 with an offset is tried)."""
    found = STAMP.fullmatch(value)
    if found is None:
        return None
    return stamp_moment(found)


def stamp_moment(found: re.Match[str]) -> datetime:
    """The local moment a :data:`STAMP` match says; BadDate when it is no date."""
    try:
        day = date.fromisoformat(found["day"])
        hour, minute = int(found["hour"] or 0), int(found["minute"] or 0)
        if found["half"]:
            if not 1 <= hour <= 12:
                raise ValueError(hour)
            hour = hour % 12 + (12 if found["half"].lower() == "pm" else 0)
        moment = datetime(day.year, day.month, day.day, hour, minute, int(found["second"] or 0))
    except ValueError:
        raise BadDate(f"'{found[0]}' is not a date and time like 2024-01-31 09:15.") from None
    return checked_local(moment)
