"""Folders of Markdown files (Obsidian, Logseq, Jekyll, jrnl's Markdown and
YAML exports, this app's own export), or one Markdown file.

Each file is one entry (a ``jrnl --export md`` file may hold many, see
:mod:`jrnl_text`). Its date comes from, in order: the front matter (``date:``,
``created:`` and their variants, :mod:`front_matter`); a date that starts the
file's name (``2023-09-12.md``, Logseq's ``2020_09_14.md``, ``2023-09-12
Title.md``, ``2023-09-12_title.md``); and last the file's modification time,
which the notes count so the person is told. The title is the front matter's
``title``, else a leading ``# heading``, else the rest of the file name after
its date, else the file name. Tags: the front matter's ``tags``/``tag``, the
inline ``#tags`` of the text (Obsidian's; not headings, not ``#123``, not a
link's ``#part``), and ``starred: true`` as the tag "starred".

Every file is read before anything is imported. Without notes to collect into,
the first file that cannot be read stops the import, naming it; with
:class:`ImportNotes`, each such file is listed there with its reason and the
others are read, so that the caller can show the list and let the person
choose to import the rest.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import yaml

from therapy_journal.services import dates
from therapy_journal.services.importers import front_matter, jrnl_text
from therapy_journal.services.importers.common import (
    BLANK_LINES,
    MARKDOWN_SUFFIXES,
    MAX_FRONT_MATTER_CHARS,
    ImportFormatError,
    ImportNotes,
    checked_entry,
    fits_a_title,
    title_from_heading,
)
from therapy_journal.services.journal import MAX_BODY_BYTES, check_body_size
from therapy_journal.services.sharing.pages import PAGES
from therapy_journal.store.atomic import describe_os_error
from therapy_journal.store.models import NewEntry

BY_MODIFICATION_TIME = "dated by the file's modification time"
# A date at the start of a file name: 2023-09-12, 2020_09_14, 2023.09.12, then
# the end of the name or a separator and a title.
_NAME_DATE = re.compile(r"(\d{4})[-_.](\d{2})[-_.](\d{2})(?:$|[ _T-]+(?P<rest>.*))")
# Obsidian's inline tag: '#' after a space or the start of a line, then letters,
# digits, '_', '-' and '/', at least one of them not a digit.
_INLINE_TAG = re.compile(r"(?:(?<=\s)|^)#((?=[\w/-]*[^\W\d])[\w/-]+)", re.MULTILINE)
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)


def read_markdown(path: Path, notes: ImportNotes | None = None) -> Iterator[NewEntry]:
    """Entries from a folder of Markdown files (or one Markdown file)."""
    if path.is_file():
        _check_is_markdown(path)
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
            entries = _file_entries(file, notes)
        except (ValueError, OSError, yaml.YAMLError, RecursionError) as error:
            problem = str(error) if isinstance(error, ImportFormatError) else _problem(name, error)
            if notes is None:
                raise ImportFormatError(problem) from None
            notes.unreadable.append((name, problem))
            continue
        yield from entries


def _problem(name: str, error: BaseException) -> str:
    """One sentence on why the file ``name`` cannot be read, naming it."""
    if isinstance(error, UnicodeDecodeError):
        return f"{name} is not UTF-8 text; save it as UTF-8."
    if isinstance(error, yaml.YAMLError | RecursionError | front_matter.YamlValueError):
        return f"{name}: the front matter is not valid YAML ({front_matter.yaml_problem(error)})."
    if isinstance(error, OSError):
        return f"Could not read {name}: {describe_os_error(error)}."
    return f"{name}: {error}"


def _check_is_markdown(path: Path) -> None:
    """Refuse a single file that is plainly not Markdown, saying what it is."""
    if path.name.lower().endswith(MARKDOWN_SUFFIXES):
        return
    try:
        with path.open("rb") as handle:
            head = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError as error:
        raise ImportFormatError(f"Could not read {path}: {describe_os_error(error)}.") from None
    if re.match(rb"\{|\[\s*[\[{\]\"]", head):
        raise ImportFormatError(
            f"{path.name} is a JSON file, not Markdown; import it with --from jrnl-json, "
            "dayone-json, therapy-journal-json or jsonl."
        )
    if head.startswith(b"PK\x03\x04"):
        raise ImportFormatError(
            f"{path.name} is a ZIP archive, not Markdown; unzip it and import the folder "
            "(a Day One export ZIP imports with --from dayone-json)."
        )
    raise ImportFormatError(
        f"{path.name} is not a Markdown file (.md or .markdown); rename it, or choose a folder."
    )


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


def _file_entries(file: Path, notes: ImportNotes | None) -> list[NewEntry]:
    """The entries of one file (one, or several for a jrnl Markdown export)."""
    size = file.stat().st_size
    if size > MAX_BODY_BYTES + MAX_FRONT_MATTER_CHARS:
        check_body_size(size)
    text = file.read_bytes().decode("utf-8").removeprefix("\ufeff")
    raw = front_matter.split_raw(text)
    if raw is not None:
        jrnl = jrnl_text.yaml_entry(*raw)
        if jrnl is not None:
            return [_jrnl_entry(jrnl, tags=jrnl.tags)]
        front, body = front_matter.parse(raw[0]), raw[1]
    else:
        jrnl_entries = jrnl_text.markdown_entries(text)
        if jrnl_entries is not None:
            return [_jrnl_entry(item, tags=item.tags) for item in jrnl_entries]
        front, body = {}, text
    name_date, name_title = _name_date(file)
    title = front_matter.text(front, "title")
    if title is None:
        title, body = _title_and_body(body, name_title if name_date else _file_title(file))
    created = front_matter.when(front) or name_date
    if created is None:
        created = _modified(file)
        if notes is not None:
            notes.count(BY_MODIFICATION_TIME)
    return [
        checked_entry(
            title=title,
            body=body,
            mood=front.get("mood"),
            tags=[*front_matter.tags(front), *inline_tags(body)],
            created=created,
        )
    ]


def _jrnl_entry(item: jrnl_text.JrnlEntry, tags: list[str]) -> NewEntry:
    title, body = item.title, item.body
    if not fits_a_title(title):
        title, body = "", f"{title}\n\n{body}" if body else title
    return checked_entry(title=title, body=body, tags=tags, created=item.created)


_LOGSEQ_TAG = re.compile(r"(?:(?<=\s)|^)#\[\[([^\]\n]{1,100})\]\]", re.MULTILINE)


def inline_tags(body: str) -> list[str]:
    """The inline tags in ``body``, outside code: Obsidian's ``#tag`` and
    ``#nested/tag``, Logseq's ``#[[two words]]``."""
    text = _CODE.sub(" ", body)
    return [*_LOGSEQ_TAG.findall(text), *_INLINE_TAG.findall(text)]


def _name_date(file: Path) -> tuple[datetime | None, str]:
    """(the start of the day a file's name gives, the rest of the name as a title)."""
    found = _NAME_DATE.fullmatch(_file_title(file))
    if found is None:
        return None, ""
    year, month, day = (int(part) for part in found.groups()[:3])
    try:
        moment = dates.checked_local(datetime(year, month, day))
    except (ValueError, dates.BadDate):
        return None, ""
    return moment, (found["rest"] or "").strip()


def _title_and_body(body: str, fallback: str) -> tuple[str, str]:
    """A leading ``# heading`` is the title (and leaves the body); else ``fallback``."""
    first, _, rest = BLANK_LINES.sub("", body).partition("\n")
    heading = title_from_heading(first, level_one_only=True)
    if heading is None or not fits_a_title(heading):
        return (fallback if fits_a_title(fallback) else ""), body
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
    if moment is None or not dates.in_range(moment):
        raise dates.BadDate(
            "its modification time is outside the dates the journal keeps; "
            "give it a date in front matter (date: 2024-01-31)."
        )
    return moment
