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
- ``therapy-journal-json``: this app's own ``export-all --format json``; its
  entries come back exactly, and :func:`own_export.restore` brings back the rest.
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

from collections.abc import Callable, Iterator
from pathlib import Path

from therapy_journal.services.importers.common import ImportFormatError, ImportNotes
from therapy_journal.services.importers.dayone import read_dayone_json
from therapy_journal.services.importers.jrnl import read_jrnl_json
from therapy_journal.services.importers.jsonl import read_jsonl
from therapy_journal.services.importers.markdown import read_markdown
from therapy_journal.services.importers.own_export import read_own_export
from therapy_journal.store.models import NewEntry

__all__ = [
    "DISTINCT_ENTRIES",
    "FORMATS",
    "ImportFormatError",
    "ImportNotes",
    "read",
    "read_dayone_json",
    "read_jrnl_json",
    "read_jsonl",
    "read_markdown",
    "read_own_export",
]

FORMATS = ("jrnl-json", "dayone-json", "markdown", "jsonl", "therapy-journal-json")
# Formats whose entries have their own identity (Day One's UUIDs): two alike in
# one file are two entries (JournalService.import_entries(alike_are_distinct=)).
DISTINCT_ENTRIES = frozenset({"dayone-json"})


def read(fmt: str, path: Path, notes: ImportNotes | None = None) -> Iterator[NewEntry]:
    """The entries of the file or folder ``path`` in the format ``fmt``. With
    ``notes``, a reader that can go on past a file it cannot read (Markdown)
    lists it there instead of stopping, and counts what the person should be told."""
    readers: dict[str, Callable[[Path, ImportNotes | None], Iterator[NewEntry]]] = {
        "jrnl-json": lambda path, _notes: read_jrnl_json(path),
        "dayone-json": read_dayone_json,
        "markdown": read_markdown,
        "jsonl": lambda path, _notes: read_jsonl(path),
        "therapy-journal-json": lambda path, _notes: read_own_export(path),
    }
    if fmt not in readers:
        raise ImportFormatError(f"Unknown import format '{fmt}'; known: {', '.join(FORMATS)}.")
    return readers[fmt](path, notes)
