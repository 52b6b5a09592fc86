"""Importing JSON lines: all or nothing, and never twice."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
