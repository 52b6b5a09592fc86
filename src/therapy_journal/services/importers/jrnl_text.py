"""jrnl's own Markdown and YAML exports, which the ``markdown`` importer reads
as faithfully as jrnl's JSON.

- ``jrnl --export md``: one file, ``# 2023`` / ``## September`` headings, then
  one ``### 2023-09-12 08:15:00 AM Title`` heading per entry with its body
  under it; to a folder, one file per entry starting ``# 2023-09-12 08:15:00 AM
  Title``. The date and title come from the heading, not the file's name.
- ``jrnl --export yaml``: one file per entry, front matter with ``title``,
  ``date``, ``starred`` and ``tags`` written as they are (not quoted, so a
  title with ``: `` in it is not valid YAML) and the body under ``body: |``,
  indented with tabs (which YAML does not allow), closed by ``...``.

jrnl's tags are the words in the title and body that start with ``@``
(``@therapy``); they become tags without the ``@``. The Markdown export loses
the star; the YAML one keeps it, as the tag "starred".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from therapy_journal.services.importers.front_matter import STAMP, stamp_moment

_HEADING = re.compile(
    rf"^(?P<marks>#{{1,3}})[ \t]+(?P<stamp>{STAMP.pattern})(?:[ \t]+(?P<title>.*?))?[ \t]*$",
    re.MULTILINE,
)
_YEAR_OR_MONTH = re.compile(r"^(?:#[ \t]+\d{4}|##[ \t]+[A-Za-z]+)[ \t]*\r?$", re.MULTILINE)
# jrnl's tag: '@' at the start of a word, then word characters and '-' ('@night-owl').
_AT_TAG = re.compile(r"(?<![\w@])@([\w][\w-]*)")
_YAML_BODY = re.compile(r"^body:[ \t]*\|[^\n]*\n", re.MULTILINE)


@dataclass
class JrnlEntry:
    title: str
    body: str
    created: datetime
    tags: list[str] = field(default_factory=list)


def at_tags(*texts: str) -> list[str]:
    """jrnl's ``@tags`` in ``texts``, without the ``@`` (trailing '-' dropped)."""
    return [tag.rstrip("-") for text in texts for tag in _AT_TAG.findall(text)]


def markdown_entries(text: str) -> list[JrnlEntry] | None:
    """The entries of a ``jrnl --export md`` file, or None when it is not one.

    It is one when its first line that is not blank is a dated heading (the
    folder export's ``# 2023-09-12 08:15:00 AM Title``) or the year heading of
    the one-file export, followed by dated ``###`` headings.
    """
    first = text.lstrip().partition("\n")[0]
    # jrnl always writes the time: a heading that is only a date (an Obsidian
    # daily note's "# 2023-09-12") is not jrnl's.
    headings = [found for found in _HEADING.finditer(text) if found["hour"] is not None]
    if not headings:
        return None
    if headings[0].start() != len(text) - len(text.lstrip()):
        # Only year and month headings may come before the first entry.
        before = text[: headings[0].start()]
        if not first.startswith("# ") or _YEAR_OR_MONTH.sub("", before).strip():
            return None
    level = headings[0]["marks"]
    if level == "#" and len(headings) > 1:
        headings = headings[:1]  # the folder export: one entry a file
    elif level == "##":
        return None
    entries = []
    for number, heading in enumerate(headings):
        if heading["marks"] != level:
            return None
        end = headings[number + 1].start() if number + 1 < len(headings) else len(text)
        body = (
            _YEAR_OR_MONTH.sub("", text[heading.end() : end])
            if level == "###"
            else text[heading.end() : end]
        )
        body = body.strip("\r\n").rstrip()
        title = (heading["title"] or "").strip()
        # The heading's pattern holds STAMP's groups (day, hour...).
        entries.append(JrnlEntry(title, body, stamp_moment(heading), at_tags(title, body)))
    return entries


def yaml_entry(front: str, rest: str) -> JrnlEntry | None:
    """The entry of a ``jrnl --export yaml`` file (its front matter, and what
    follows it), or None when it is not one."""
    body_at = _YAML_BODY.search(front)
    if body_at is None:
        return None
    values: dict[str, str] = {}
    for line in front[: body_at.start()].splitlines():
        key, colon, value = line.partition(":")
        if colon:
            values[key.strip().lower()] = value.strip()
    if "date" not in values:
        return None
    found = STAMP.fullmatch(values["date"])
    if found is None:
        return None
    lines = (front[body_at.end() :] + rest).split("\n")
    body = "\n".join(line.removeprefix("\t") for line in lines).rstrip()
    tags = [tag.strip().lstrip("@") for tag in values.get("tags", "").split(",") if tag.strip()]
    if values.get("starred", "").lower() == "true":
        tags.append("starred")
    return JrnlEntry(values.get("title", ""), body, stamp_moment(found), tags)
