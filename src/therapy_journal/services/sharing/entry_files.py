"""One entry as a file in a bundle: its name, and Markdown with front matter.

Written as ``---``, one ``key: value`` line per field (the value is JSON, which
is also YAML), ``---``, a blank line, then the body as written. The same shape
is read back from a received bundle, strictly: anything else is damage. Text
that is not text (a lone surrogate, a control character) is replaced as
:mod:`.text` says.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from therapy_journal.services.dates import BadDate, check_in_range
from therapy_journal.services.journal import InvalidEntry, make_entry
from therapy_journal.services.sharing.errors import BundleDamaged
from therapy_journal.services.sharing.layout import ENTRIES_DIR
from therapy_journal.services.sharing.pages import SharedEntry
from therapy_journal.services.sharing.text import one_line, readable_json, text_block
from therapy_journal.store.models import Entry

# Characters a YAML reader could take as a line break or refuses in a stream;
# JSON already escapes the C0 controls, quotes and backslashes.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


# ``json.dumps(value, ensure_ascii=False)`` without making an encoder per call.
_JSON = json.JSONEncoder(ensure_ascii=False).encode
# The same for a string, straight to the C function that encoder calls for one
# (a fifth of the time of an export of every entry went to the encoder's
# Python wrapper around it, issue 20).
_JSON_STRING = json.encoder.encode_basestring


def _json_tags(tags: tuple[str, ...]) -> str:
    """``_JSON(list(tags))``: strings, separated by ", " as JSON's default separators are."""
    return f"[{', '.join(map(_JSON_STRING, tags))}]"


def _json_mood(mood: int | None) -> str:
    return "null" if mood is None else str(mood) if type(mood) is int else _JSON(mood)


def _escaped(text: str) -> str:
    """Front-matter values are JSON, which is also valid YAML (flow style), with
    the characters a YAML reader would stumble on escaped too."""
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def slug(title: str, limit: int = 40) -> str:
    """An ASCII file-name part from a title: letters, digits and dashes only."""
    ascii_title = (
        title  # an ASCII title decomposes to itself
        if title.isascii()
        else unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    )
    text = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return text[:limit].rstrip("-") or "entry"


def entry_file_name(number: int, entry: Entry) -> str:
    return f"{ENTRIES_DIR}{number:04d}-{entry.created.date().isoformat()}-{slug(entry.title)}.md"


def entry_markdown(item: SharedEntry) -> bytes:
    """Front matter between ``---`` lines, a blank line, then the body as written."""
    entry = item.entry
    # The keys are plain ASCII, so escaping the whole front matter at once
    # escapes exactly what escaping each value would (issue 20: 100,000 entries).
    front = (
        f"---\ndate: {_JSON_STRING(entry.created.isoformat())}\n"
        f"title: {_JSON_STRING(entry.title)}\n"
        f"mood: {_json_mood(entry.mood)}\ntags: {_json_tags(entry.tags)}\n"
    )
    if item.prompt is not None:
        front += f"prompt: {_JSON_STRING(item.prompt)}\n"
    if item.journal:
        front += f"journal: {_JSON_STRING(item.journal)}\n"
    return f"{_escaped(front)}---\n\n{entry.body}".encode()


# -- reading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class BundleEntry:
    """One journal entry read from a bundle."""

    path: str
    created: datetime
    title: str
    mood: int | None
    tags: tuple[str, ...]
    prompt: str | None
    body: str
    journal: str | None = None  # the name of the journal it was in, when it says


_FRONT_KEY = re.compile(r"[a-z_]+")


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    if not text.startswith("---\n"):
        raise ValueError("no front matter")
    end = text.find("\n---\n", 3)
    if end < 0:
        raise ValueError("front matter not closed")
    rest = text[end + 5 :]
    if not rest.startswith("\n"):
        raise ValueError("no blank line after the front matter")
    values: dict[str, Any] = {}
    for line in text[4:end].split("\n"):
        key, colon, value = line.partition(":")
        if not colon or not _FRONT_KEY.fullmatch(key) or key in values:
            raise ValueError("a front-matter line is not 'key: value'")
        values[key] = readable_json(json.loads(value))
    return values, rest[1:]


def parse_entry_file(path: str, data: bytes) -> BundleEntry:
    """An entry file of a bundle; :class:`BundleDamaged` if it cannot be read."""
    try:
        values, body = _front_matter(data.decode("utf-8"))
        created = datetime.fromisoformat(values["date"])
        title, mood, tags = values["title"], values.get("mood"), values.get("tags", [])
        prompt, journal = values.get("prompt"), values.get("journal")
        if (
            created.tzinfo is None
            or not isinstance(title, str)
            or not (mood is None or type(mood) is int)
            or not isinstance(tags, list)
            or not all(isinstance(tag, str) for tag in tags)
            or not (prompt is None or isinstance(prompt, str))
            or not (journal is None or isinstance(journal, str))
        ):
            raise ValueError("a front-matter value has the wrong type")
        checked = make_entry(
            title=one_line(title),
            body=text_block(body),
            mood=mood,
            tags=[one_line(tag) for tag in tags],
            created=check_in_range(created),
        )
    except BadDate as error:
        raise BundleDamaged(f"The entry {path} in the bundle cannot be read: {error}") from None
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, RecursionError, InvalidEntry):
        raise BundleDamaged(f"The entry {path} in the bundle cannot be read.") from None
    return BundleEntry(
        path=path,
        created=checked.created,
        title=checked.title,
        mood=checked.mood,
        tags=checked.tags,
        prompt=None if prompt is None else text_block(prompt),
        body=checked.body,
        journal=None if journal is None else one_line(journal),
    )
