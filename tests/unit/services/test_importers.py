"""Importing from other journals: every format, all or nothing, and never twice."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from therapy_journal.services.importers import ImportFormatError, read, read_jsonl
from therapy_journal.services.journal import ImportCancelled, JournalService

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "bench" / "corpus.py"


def write_lines(path: Path, records: list[object]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    return path


RECORDS = [
    {"created": "2024-05-01T08:00", "title": "One", "body": "first", "tags": ["a"], "mood": 4},
    {"created": "2024-05-02T08:00", "title": "Two", "body": "second", "tags": [], "mood": None},
    {"created": "2024-05-03T08:00+02:00", "title": "Three", "body": "third 🌱"},
]


def test_import_reads_every_field(journal: JournalService, tmp_path: Path) -> None:
    summary = journal.import_entries(read_jsonl(write_lines(tmp_path / "in.jsonl", RECORDS)))
    assert (summary.imported, summary.skipped_duplicates) == (3, 0)
    entries = journal.get_many(summary.imported_ids)
    assert [e.title for e in entries] == ["One", "Two", "Three"]
    assert entries[0].tags == ("a",) and entries[0].mood == 4
    assert entries[2].created.utcoffset().total_seconds() == 7200  # type: ignore[union-attr]
    assert entries[2].body == "third 🌱"


def test_importing_the_same_file_twice_adds_nothing(
    journal: JournalService, tmp_path: Path
) -> None:
    path = write_lines(tmp_path / "in.jsonl", RECORDS)
    journal.import_entries(read_jsonl(path))
    again = journal.import_entries(read_jsonl(path))
    assert (again.imported, again.skipped_duplicates) == (0, 3)
    assert journal.count() == 3


def test_duplicates_inside_one_file_are_skipped(journal: JournalService, tmp_path: Path) -> None:
    summary = journal.import_entries(read_jsonl(write_lines(tmp_path / "in.jsonl", RECORDS * 2)))
    assert (summary.imported, summary.skipped_duplicates) == (3, 3)


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("{not json", "not valid JSON"),
        ('["a", "list"]', "JSON object"),
        ('{"title": "no date"}', "'created'"),
        ('{"created": "yesterday-ish"}', "not a date"),
        ('{"created": "2024-01-01", "mood": 12}', "1 to 10"),
        ('{"created": "2024-01-01", "tags": "notalist"}', "'tags'"),
        ('{"created": "2024-01-01", "body": 5}', "'body'"),
    ],
)
def test_a_malformed_line_imports_nothing_and_names_the_line(
    journal: JournalService, tmp_path: Path, bad_line: str, message: str
) -> None:
    path = tmp_path / "in.jsonl"
    good = [json.dumps(r) for r in RECORDS]
    path.write_text("\n".join([good[0], good[1], bad_line, good[2]]) + "\n")
    with pytest.raises(ImportFormatError, match=message) as raised:
        journal.import_entries(read_jsonl(path))
    assert "Line 3" in str(raised.value)
    assert journal.count() == 0


def test_non_utf8_is_refused(journal: JournalService, tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"created": "2024-01-01", "body": "caf\xe9"}\n')
    with pytest.raises(ImportFormatError, match="not UTF-8"):
        journal.import_entries(read_jsonl(path))
    assert journal.count() == 0


def test_missing_file_and_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(ImportFormatError, match="no file"):
        list(read_jsonl(tmp_path / "absent.jsonl"))
    with pytest.raises(ImportFormatError, match="Unknown import format"):
        read("evernote", tmp_path)


def test_progress_is_reported_and_can_cancel(journal: JournalService, tmp_path: Path) -> None:
    records = [
        {"created": f"2024-01-01T00:{n // 60:02d}:{n % 60:02d}", "body": f"b{n}"}
        for n in range(1200)
    ]
    path = write_lines(tmp_path / "in.jsonl", records)
    seen: list[int] = []
    journal.import_entries(read_jsonl(path), progress=lambda n: seen.append(n) is None)
    assert seen == [500, 1000]
    journal.vault.db.execute("DELETE FROM entries")
    with pytest.raises(ImportCancelled):
        journal.import_entries(read_jsonl(path), progress=lambda n: False)
    assert journal.count() == 0


def test_the_benchmark_corpus_imports(journal: JournalService, tmp_path: Path) -> None:
    if not CORPUS.exists():
        pytest.skip(f"the shared corpus generator is not at {CORPUS}")
    corpus = subprocess.run(
        [sys.executable, str(CORPUS), "50"], capture_output=True, check=True
    ).stdout
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(corpus)
    summary = journal.import_entries(read_jsonl(path))
    assert summary.imported == 50
    first = json.loads(corpus.splitlines()[0])
    entry = journal.get(summary.imported_ids[0])
    assert (entry.title, entry.body, entry.mood) == (first["title"], first["body"], first["mood"])
    assert entry.tags == tuple(first["tags"])


# -- jrnl, Day One and Markdown ------------------------------------------------------------

MiB = 1024 * 1024
NEW_YORK = ZoneInfo("America/New_York")  # tests/conftest.py sets TZ to it


def write_json(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def jrnl_export(entries: list[dict[str, Any]]) -> dict[str, Any]:
    return {"tags": {"@work": 1, "@anna": 1}, "entries": entries}


JRNL_ENTRIES: list[dict[str, Any]] = [
    {
        "date": "2024-01-31",
        "time": "09:15",
        "title": "Café with Anna.",
        "body": "We talked about the referral 🌱\nIt helped to say it out loud.",
        "tags": ["@work", "@Anna"],
        "starred": True,
    },
    {
        "date": "2024-07-04",
        "time": "21:40",
        "title": "Über-long day",
        "body": "",
        "tags": [],
        "starred": False,
    },
]


def dayone_export(entries: list[dict[str, Any]]) -> dict[str, Any]:
    return {"metadata": {"version": "1.0"}, "entries": entries}


DAYONE_ENTRIES: list[dict[str, Any]] = [
    {
        "uuid": "5C2B0F6B8D9A4E52A9D7F1B1C0E8A001",
        "creationDate": "2024-01-31T09:15:00Z",
        "modifiedDate": "2024-01-31T10:00:00Z",
        "timeZone": "Europe/London",
        "text": "# First consultation\\!\n\nDr. Lee listened.\n\nWe talk again on Friday.",
        "tags": ["Therapy", "consultation"],
        "starred": True,
        "creationDevice": "iPhone",
    },
    {
        "uuid": "5C2B0F6B8D9A4E52A9D7F1B1C0E8A002",
        "creationDate": "2024-07-01T23:30:00Z",
        "timeZone": "Asia/Tokyo",
        "text": "Slept badly\nThe heat, and the worry about Monday.",
        "tags": [],
        "starred": False,
    },
    {
        "uuid": "5C2B0F6B8D9A4E52A9D7F1B1C0E8A003",
        "creationDate": "2024-03-10T12:00:00Z",
        "text": "No time zone recorded",
    },
]


def test_jrnl_export_reads_dates_titles_bodies_and_tags(
    journal: JournalService, tmp_path: Path
) -> None:
    path = write_json(tmp_path / "jrnl.json", jrnl_export(JRNL_ENTRIES))
    summary = journal.import_entries(read("jrnl-json", path))
    first, second = journal.get_many(summary.imported_ids)
    assert first.created == datetime(2024, 1, 31, 9, 15, tzinfo=NEW_YORK)
    assert (first.title, first.body) == (JRNL_ENTRIES[0]["title"], JRNL_ENTRIES[0]["body"])
    assert first.tags == ("work", "anna", "starred")
    assert second.created == datetime(2024, 7, 4, 21, 40, tzinfo=NEW_YORK)
    assert (second.title, second.body, second.tags) == ("Über-long day", "", ())


def test_dayone_export_reads_time_zones_titles_tags_and_stars(
    journal: JournalService, tmp_path: Path
) -> None:
    path = write_json(tmp_path / "Journal.json", dayone_export(DAYONE_ENTRIES))
    summary = journal.import_entries(read("dayone-json", path))
    london, tokyo, local = journal.get_many(summary.imported_ids)
    assert london.created.isoformat() == "2024-01-31T09:15:00+00:00"
    assert (london.title, london.body) == (
        "First consultation!",
        "Dr. Lee listened.\n\nWe talk again on Friday.",
    )
    assert london.tags == ("therapy", "consultation", "starred")
    assert tokyo.created.isoformat() == "2024-07-02T08:30:00+09:00"
    assert (tokyo.title, tokyo.body, tokyo.tags) == (
        "Slept badly",
        "The heat, and the worry about Monday.",
        (),
    )
    assert local.created.isoformat() == "2024-03-10T08:00:00-04:00"  # New York, DST begun
    assert (local.title, local.body) == ("No time zone recorded", "")


def test_a_dayone_first_line_too_long_for_a_title_stays_in_the_body(
    journal: JournalService, tmp_path: Path
) -> None:
    text = "word " * 200 + "\nsecond line"
    path = write_json(
        tmp_path / "Journal.json",
        dayone_export([{"creationDate": "2024-01-31T09:15:00Z", "text": text}]),
    )
    summary = journal.import_entries(read("dayone-json", path))
    entry = journal.get(summary.imported_ids[0])
    assert (entry.title, entry.body) == ("", text)


def test_an_unknown_dayone_time_zone_keeps_the_moment_in_local_time(
    journal: JournalService, tmp_path: Path
) -> None:
    path = write_json(
        tmp_path / "Journal.json",
        dayone_export([{"creationDate": "2024-01-31T14:15:00Z", "timeZone": "Mars/Olympus"}]),
    )
    summary = journal.import_entries(read("dayone-json", path))
    assert journal.get(summary.imported_ids[0]).created.isoformat() == "2024-01-31T09:15:00-05:00"


def set_mtime(path: Path, moment: datetime) -> None:
    os.utime(path, (moment.timestamp(), moment.timestamp()))


def markdown_folder(root: Path) -> Path:
    """Notes as people keep them: front matter or not, nested folders, other files."""
    (root / "2024" / "winter").mkdir(parents=True)
    (root / ".obsidian").mkdir()
    (root / "2024" / "winter" / "consultation.md").write_text(
        "---\n"
        "date: 2024-01-31 09:15\n"
        'title: "First consultation: Dr. Lee"\n'
        "tags: [therapy, first steps]\n"
        "mood: 6\n"
        "layout: post\n"
        "---\n"
        "\n"
        "She asked what I hoped for. ✨\n",
        encoding="utf-8",
    )
    heading = root / "2024" / "sleep.markdown"
    heading.write_text("\n# Sleep diary\n\nWoke at 4 again.\n", encoding="utf-8")
    set_mtime(heading, datetime(2024, 2, 3, 7, 30, 5, tzinfo=NEW_YORK))
    plain = root / "gratitude list.md"
    plain.write_text("- the bus was on time\n- a kind nurse\n", encoding="utf-8")
    set_mtime(plain, datetime(2024, 6, 1, 22, 0, tzinfo=NEW_YORK))
    (root / "tags only.md").write_text(
        "---\ndate: 2024-03-01\ntags: grief, family\n---\nThinking of Dad.", encoding="utf-8"
    )
    (root / "notes.txt").write_text("not Markdown", encoding="utf-8")
    (root / ".obsidian" / "workspace.md").write_text("app settings", encoding="utf-8")
    (root / ".hidden.md").write_text("hidden", encoding="utf-8")
    return root


def test_a_markdown_folder_reads_front_matter_headings_and_file_dates(
    journal: JournalService, tmp_path: Path
) -> None:
    folder = markdown_folder(tmp_path / "notes")
    summary = journal.import_entries(read("markdown", folder))
    entries = journal.get_many(summary.imported_ids)
    # In file-name order: 2024/sleep.markdown, 2024/winter/consultation.md, gratitude, tags.
    assert [e.title for e in entries] == [
        "Sleep diary",
        "First consultation: Dr. Lee",
        "gratitude list",
        "tags only",
    ]
    sleep, consultation, gratitude, tagged = entries
    assert (sleep.body, sleep.tags) == ("Woke at 4 again.\n", ())
    assert sleep.created == datetime(2024, 2, 3, 7, 30, 5, tzinfo=NEW_YORK)
    assert consultation.created == datetime(2024, 1, 31, 9, 15, tzinfo=NEW_YORK)
    assert consultation.body == "She asked what I hoped for. ✨\n"
    assert (consultation.tags, consultation.mood) == (("therapy", "first-steps"), 6)
    assert gratitude.body == "- the bus was on time\n- a kind nurse\n"
    assert gratitude.created == datetime(2024, 6, 1, 22, 0, tzinfo=NEW_YORK)
    assert tagged.created == datetime(2024, 3, 1, tzinfo=NEW_YORK)
    assert (tagged.tags, tagged.body) == (("grief", "family"), "Thinking of Dad.")


def test_one_markdown_file_can_be_imported_on_its_own(
    journal: JournalService, tmp_path: Path
) -> None:
    path = tmp_path / "note.md"
    path.write_text("---\r\ndate: 2024-05-05T10:00:00+02:00\r\n---\r\n\r\nWindows lines\r\n")
    summary = journal.import_entries(read("markdown", path))
    entry = journal.get(summary.imported_ids[0])
    assert (entry.title, entry.body) == ("note", "Windows lines\r\n")
    assert entry.created.isoformat() == "2024-05-05T10:00:00+02:00"


def new_format_samples(tmp_path: Path) -> list[tuple[str, Path]]:
    return [
        ("jrnl-json", write_json(tmp_path / "jrnl.json", jrnl_export(JRNL_ENTRIES))),
        ("dayone-json", write_json(tmp_path / "Journal.json", dayone_export(DAYONE_ENTRIES))),
        ("markdown", markdown_folder(tmp_path / "notes")),
    ]


def test_importing_each_format_twice_adds_nothing(journal: JournalService, tmp_path: Path) -> None:
    for fmt, path in new_format_samples(tmp_path):
        before = journal.count()
        first = journal.import_entries(read(fmt, path))
        again = journal.import_entries(read(fmt, path))
        assert first.imported > 0, fmt
        assert (again.imported, again.skipped_duplicates) == (0, first.imported), fmt
        assert journal.count() == before + first.imported, fmt


GOOD_DAYONE = {"creationDate": "2024-01-31T09:15:00Z", "text": "# Fine\n\nall good"}
GOOD_JRNL = {"date": "2024-01-31", "time": "09:15", "title": "Fine.", "body": "all good"}


def _bad_markdown(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir()
    (folder / "a good one.md").write_text("# Fine\n\nall good\n", encoding="utf-8")
    (folder / name).write_bytes(data)
    return folder


MALFORMED: dict[str, tuple[str, Callable[[Path], Path], list[str]]] = {
    "jrnl bad JSON": (
        "jrnl-json",
        lambda d: _write_bytes(d / "jrnl.json", b'{"entries": [{"date": "2024-01-31",\n  }'),
        ["jrnl.json is not valid JSON", "line 2"],
    ),
    "jrnl not an object": (
        "jrnl-json",
        lambda d: write_json(d / "jrnl.json", [GOOD_JRNL]),
        ["jrnl.json is not a jrnl JSON export", "'entries'"],
    ),
    "jrnl entry not an object": (
        "jrnl-json",
        lambda d: write_json(d / "jrnl.json", jrnl_export([GOOD_JRNL, "text"])),  # type: ignore[list-item]
        ["Entry 2 of jrnl.json", "not a JSON object"],
    ),
    "jrnl bad date": (
        "jrnl-json",
        lambda d: write_json(
            d / "jrnl.json", jrnl_export([GOOD_JRNL, {**GOOD_JRNL, "date": "31/01/2024"}])
        ),
        ["Entry 2 of jrnl.json", "'31/01/2024 09:15' is not a date"],
    ),
    "jrnl tags of the wrong type": (
        "jrnl-json",
        lambda d: write_json(d / "jrnl.json", jrnl_export([GOOD_JRNL, {**GOOD_JRNL, "tags": 3}])),
        ["Entry 2 of jrnl.json", "'tags' must be a list"],
    ),
    "Day One bad JSON": (
        "dayone-json",
        lambda d: _write_bytes(d / "Journal.json", b'{"metadata": {}, "entries": [}'),
        ["Journal.json is not valid JSON", "line 1, column 30"],
    ),
    "Day One without entries": (
        "dayone-json",
        lambda d: write_json(d / "Journal.json", {"metadata": {}, "entries": {"a": 1}}),
        ["Journal.json is not a Day One JSON export"],
    ),
    "Day One bad date": (
        "dayone-json",
        lambda d: write_json(
            d / "Journal.json",
            dayone_export([GOOD_DAYONE, {**GOOD_DAYONE, "creationDate": "last Tuesday"}]),
        ),
        ["Entry 2 of Journal.json", "'last Tuesday' is not a date"],
    ),
    "Day One text of the wrong type": (
        "dayone-json",
        lambda d: write_json(
            d / "Journal.json", dayone_export([GOOD_DAYONE, {**GOOD_DAYONE, "text": ["a"]}])
        ),
        ["Entry 2 of Journal.json", "'text' must be text"],
    ),
    "Day One 50 MB entry": (
        "dayone-json",
        lambda d: write_json(
            d / "Journal.json",
            dayone_export([GOOD_DAYONE, {**GOOD_DAYONE, "text": "# Big\n" + "x" * (50 * MiB)}]),
        ),
        ["Entry 2 of Journal.json", "at most 10 MB", "50.0 MB"],
    ),
    "Day One ZIP archive": (
        "dayone-json",
        lambda d: _write_bytes(d / "Export.zip", b"PK\x03\x04rest of a zip"),
        ["Export.zip is a damaged ZIP archive, or not a Day One export."],
    ),
    "jsonl 50 MB entry": (
        "jsonl",
        lambda d: write_lines(
            d / "in.jsonl", [RECORDS[0], {"created": "2024-01-01", "body": "y" * (50 * MiB)}]
        ),
        ["Line 2 of in.jsonl", "at most 10 MB"],
    ),
    "Markdown not UTF-8": (
        "markdown",
        lambda d: _bad_markdown(d / "notes", "latin1.md", "# Café\n\nnaïve".encode("latin-1")),
        ["latin1.md is not UTF-8 text"],
    ),
    "Markdown bad date": (
        "markdown",
        lambda d: _bad_markdown(d / "notes", "when.md", b"---\ndate: someday soon\n---\ntext"),
        ["when.md: 'someday soon' is not a date"],
    ),
    "Markdown bad YAML": (
        "markdown",
        lambda d: _bad_markdown(d / "notes", "yaml.md", b"---\ntitle: ok\ntags: [a, b\n---\nx"),
        ["yaml.md: the front matter is not valid YAML", "line"],
    ),
    "Markdown front matter not closed": (
        "markdown",
        lambda d: _bad_markdown(d / "notes", "open.md", b"---\ntitle: ok\n\nbody"),
        ["open.md: the front matter", "no closing '---'"],
    ),
    "Markdown title of the wrong type": (
        "markdown",
        lambda d: _bad_markdown(d / "notes", "list.md", b"---\ntitle: [a, b]\n---\nbody"),
        ["list.md: 'title' in the front matter must be text"],
    ),
    "Markdown 50 MB file": (
        "markdown",
        lambda d: _bad_markdown(d / "notes", "huge.md", b"# Huge\n" + b"z" * (50 * MiB)),
        ["huge.md: An entry's text can be at most 10 MB, and this one is 50.0 MB."],
    ),
}


def _write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("case", list(MALFORMED))
def test_a_malformed_import_imports_nothing_and_says_where(
    journal: JournalService, tmp_path: Path, case: str
) -> None:
    fmt, make, says = MALFORMED[case]
    path = make(tmp_path)
    with pytest.raises(ImportFormatError) as raised:
        journal.import_entries(read(fmt, path))
    message = str(raised.value)
    for part in says:
        assert part in message, message
    assert "\n" not in message and message.endswith(".")
    assert journal.count() == 0


def test_missing_inputs_are_named(tmp_path: Path) -> None:
    with pytest.raises(ImportFormatError, match="no file"):
        list(read("jrnl-json", tmp_path / "absent.json"))
    with pytest.raises(ImportFormatError, match="is a folder"):
        list(read("dayone-json", tmp_path))
    with pytest.raises(ImportFormatError, match="There is no folder"):
        list(read("markdown", tmp_path / "absent"))
    with pytest.raises(ImportFormatError, match="no Markdown files"):
        list(read("markdown", tmp_path))
