"""Hostile and broken files given to the importers: text that is not text,
dates outside the range the journal keeps, odd time zones, huge numbers, deep
nesting, byte order marks; and a large export read as a stream."""

from __future__ import annotations

import json
import os
import tracemalloc
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from tests.unit.services.test_importers import (
    GOOD_DAYONE,
    GOOD_JRNL,
    RECORDS,
    dayone_export,
    jrnl_export,
    write_json,
    write_lines,
)
from therapy_journal.services.importers import ImportFormatError, read
from therapy_journal.services.journal import JournalService

BROKEN = "its {field} holds a broken character (a lone UTF-16 surrogate), so the file is damaged."
RANGE = "is outside the dates the journal keeps (the years 1900 to 2200)."


def _raw(path: Path, text: str) -> Path:
    """``text`` as written by a program that escapes everything outside ASCII (so a
    lone surrogate becomes the escape \\ud800, as JavaScript's JSON.stringify writes it)."""
    path.write_text(text, encoding="ascii")
    return path


def _markdown(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "fine.md").write_text("# Fine\n\nall good\n")
    (folder / name).write_bytes(data)
    return folder


HOSTILE: dict[str, tuple[str, Callable[[Path], Path], str]] = {
    "jrnl lone surrogate in the title": (
        "jrnl-json",
        lambda d: _raw(
            d / "j.json", json.dumps(jrnl_export([GOOD_JRNL, {**GOOD_JRNL, "title": "a\ud800"}]))
        ),
        "Entry 2 of j.json: " + BROKEN.format(field="title"),
    ),
    "jrnl lone surrogate in a tag": (
        "jrnl-json",
        lambda d: _raw(
            d / "j.json", json.dumps(jrnl_export([{**GOOD_JRNL, "tags": ["@ok", "@\udfff"]}]))
        ),
        "Entry 1 of j.json: " + BROKEN.format(field="tags"),
    ),
    "jrnl year 1": (
        "jrnl-json",
        lambda d: write_json(
            d / "j.json", jrnl_export([GOOD_JRNL, {**GOOD_JRNL, "date": "0001-01-01"}])
        ),
        f"Entry 2 of j.json: 0001-01-01 09:15 {RANGE}",
    ),
    "jrnl year 9999": (
        "jrnl-json",
        lambda d: write_json(
            d / "j.json", jrnl_export([{**GOOD_JRNL, "date": "9999-12-31", "time": "23:59"}])
        ),
        f"Entry 1 of j.json: 9999-12-31 23:59 {RANGE}",
    ),
    "jrnl a 5,000-character time": (
        "jrnl-json",
        lambda d: write_json(d / "j.json", jrnl_export([{**GOOD_JRNL, "time": "9" * 5000}])),
        "Entry 1 of j.json: '2024-01-31 " + "9" * 29 + "…' is not a date and time",
    ),
    "Day One lone surrogate in the text": (
        "dayone-json",
        lambda d: _raw(
            d / "J.json", json.dumps(dayone_export([{**GOOD_DAYONE, "text": "# T\n\n\ud83d"}]))
        ),
        "Entry 1 of J.json: " + BROKEN.format(field="text"),
    ),
    "Day One year 9999": (
        "dayone-json",
        lambda d: write_json(
            d / "J.json",
            dayone_export([GOOD_DAYONE, {**GOOD_DAYONE, "creationDate": "9999-12-31T23:59:59Z"}]),
        ),
        f"Entry 2 of J.json: 9999-12-31 23:59 {RANGE}",
    ),
    "Day One a 5,000-character time zone": (
        "dayone-json",
        lambda d: write_json(
            d / "J.json", dayone_export([{**GOOD_DAYONE, "timeZone": "A" * 5000}])
        ),
        "Entry 1 of J.json: 'timeZone' must be a time zone name like Europe/London.",
    ),
    "Day One a path for a time zone": (
        "dayone-json",
        lambda d: write_json(
            d / "J.json", dayone_export([{**GOOD_DAYONE, "timeZone": "../../../etc/passwd"}])
        ),
        "Entry 1 of J.json: 'timeZone' must be a time zone name like Europe/London.",
    ),
    "Day One a number for a time zone": (
        "dayone-json",
        lambda d: write_json(d / "J.json", dayone_export([{**GOOD_DAYONE, "timeZone": 5}])),
        "Entry 1 of J.json: 'timeZone' must be a time zone name like Europe/London.",
    ),
    "Day One a NUL in the time zone": (
        "dayone-json",
        lambda d: write_json(d / "J.json", dayone_export([{**GOOD_DAYONE, "timeZone": "UTC\x00"}])),
        "Entry 1 of J.json: 'timeZone' must be a time zone name like Europe/London.",
    ),
    "Day One a 5,000-digit number": (
        "dayone-json",
        lambda d: _raw(d / "J.json", '{"entries": [{"creationDate": ' + "9" * 5000 + "}]}"),
        # The place is where the entry holding it starts.
        "J.json is not valid JSON (a number in it is too long at line 1, column 14).",
    ),
    "Day One nested 100,000 deep": (
        "dayone-json",
        lambda d: _raw(d / "J.json", '{"entries": [' + "[" * 100_000 + "]" * 100_000 + "]}"),
        "J.json is not valid JSON (it is nested too deeply at line 1, column 14).",
    ),
    "jsonl lone surrogate in the body": (
        "jsonl",
        lambda d: _raw(
            d / "in.jsonl",
            json.dumps(RECORDS[0]) + "\n" + json.dumps({**RECORDS[1], "body": "\udc80"}) + "\n",
        ),
        "Line 2 of in.jsonl: " + BROKEN.format(field="text"),
    ),
    "jsonl year 1": (
        "jsonl",
        lambda d: write_lines(
            d / "in.jsonl", [{**RECORDS[0], "created": "0001-01-01T00:00+05:00"}]
        ),
        f"Line 1 of in.jsonl: 0001-01-01 {RANGE}",
    ),
    "jsonl a 5,000-digit mood": (
        "jsonl",
        lambda d: _raw(d / "in.jsonl", '{"created": "2024-01-01", "mood": ' + "7" * 5000 + "}\n"),
        "Line 1 of in.jsonl holds a number too long to read.",
    ),
    "jsonl nested 100,000 deep": (
        "jsonl",
        lambda d: _raw(
            d / "in.jsonl",
            '{"created": "2024-01-01", "body": ' + "[" * 100_000 + "]" * 100_000 + "}\n",
        ),
        "Line 1 of in.jsonl is nested too deeply to be an entry.",
    ),
    "Markdown front matter in year 1": (
        "markdown",
        lambda d: _markdown(d / "notes", "old.md", b"---\ndate: 0001-01-01\n---\nlong ago"),
        f"old.md: 0001-01-01 {RANGE}",
    ),
    "Markdown front matter in year 9999 at -14:00": (
        "markdown",
        lambda d: _markdown(
            d / "notes", "far.md", b"---\ndate: 9999-12-31 23:59:59 -14:00\n---\nx"
        ),
        f"far.md: 9999-12-31 23:59 {RANGE}",
    ),
    "Markdown a 5,000-digit mood": (
        "markdown",
        lambda d: _markdown(d / "notes", "mood.md", b"---\nmood: " + b"7" * 5000 + b"\n---\nx"),
        "mood.md: the front matter is not valid YAML (a value in it cannot be read).",
    ),
    "jrnl a next-line character (U+0085) in the date": (
        "jrnl-json",
        lambda d: write_json(d / "j.json", jrnl_export([{**GOOD_JRNL, "date": "0\x85"}])),
        "Entry 1 of j.json: '0\ufffd 09:15' is not a date and time",
    ),
    "Markdown a lone surrogate escape in YAML": (
        "markdown",
        lambda d: _markdown(d / "notes", "esc.md", b'---\ntitle: "\\ud800"\n---\nx'),
        "esc.md: the front matter is not valid YAML",
    ),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_file_is_refused_naming_the_entry_and_imports_nothing(
    journal: JournalService, tmp_path: Path, case: str
) -> None:
    fmt, make, says = HOSTILE[case]
    with pytest.raises(ImportFormatError) as raised:
        journal.import_entries(read(fmt, make(tmp_path)))
    message = str(raised.value)
    assert message.startswith(says), message
    assert len(message.splitlines()) == 1 and len(message) < 300
    assert journal.count() == 0


def test_a_markdown_file_modified_past_the_calendar_is_refused(
    journal: JournalService, tmp_path: Path
) -> None:
    folder = _markdown(tmp_path / "notes", "future.md", b"no front matter")
    far = 300_000_000_000  # seconds: about the year 11,500
    os.utime(folder / "future.md", (far, far))
    with pytest.raises(ImportFormatError) as raised:
        journal.import_entries(read("markdown", folder))
    assert str(raised.value) == (
        "future.md: its modification time is outside the dates the journal keeps; "
        "give it a date in front matter (date: 2024-01-31)."
    )
    assert journal.count() == 0


def test_a_well_formed_but_unknown_time_zone_keeps_the_moment_in_local_time(
    journal: JournalService, tmp_path: Path
) -> None:
    path = write_json(
        tmp_path / "J.json", dayone_export([{**GOOD_DAYONE, "timeZone": "Mars/Olympus_Mons"}])
    )
    summary = journal.import_entries(read("dayone-json", path))
    entry = journal.get(summary.imported_ids[0])
    assert entry.created == datetime.fromisoformat("2024-01-31T09:15:00+00:00")


def test_a_byte_order_mark_and_escaped_control_characters_are_read(
    journal: JournalService, tmp_path: Path
) -> None:
    body = "nul \x00, escape \x1b[31m, bell \x07, right-to-left \u202e, end"
    lines = (json.dumps({**RECORDS[0], "body": body}) + "\n").encode()
    (tmp_path / "in.jsonl").write_bytes(b"\xef\xbb\xbf" + lines)
    (tmp_path / "j.json").write_bytes(
        b"\xef\xbb\xbf" + json.dumps(jrnl_export([{**GOOD_JRNL, "body": body}])).encode()
    )
    for fmt, name in (("jsonl", "in.jsonl"), ("jrnl-json", "j.json")):
        summary = journal.import_entries(read(fmt, tmp_path / name))
        assert journal.get(summary.imported_ids[0]).body == body


def test_a_large_export_is_read_one_entry_at_a_time(tmp_path: Path) -> None:
    """80,000 entries (about 20 MB): reading them all never holds more than a few
    of them (loaded whole, the file alone would be 20 MB and its objects far more)."""
    path = tmp_path / "big.json"
    with path.open("w") as out:
        out.write('{"tags": {}, "entries": [')
        for number in range(80_000):
            entry = {**GOOD_JRNL, "title": f"Entry {number}", "body": "words " * 30}
            out.write(("," if number else "") + json.dumps(entry))
        out.write("]}")
    assert path.stat().st_size > 20_000_000
    tracemalloc.start()
    try:
        count = sum(1 for _ in read("jrnl-json", path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 80_000
    assert peak < 4 * 1024 * 1024, f"peak {peak / 1024 / 1024:.1f} MiB"
