"""Markdown folders as Obsidian, Logseq and jrnl write them (issue 18): dates from
front matter or file names, the modification time last and counted, inline and
front-matter tags, files that cannot be read listed rather than blocking, jrnl's
own Markdown and YAML exports (made with jrnl 4.6, tests/fixtures/imports/jrnl)."""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from therapy_journal.services.importers import ImportFormatError, ImportNotes, read
from therapy_journal.services.importers.markdown import BY_MODIFICATION_TIME
from therapy_journal.store.models import NewEntry

FIXTURES = Path(__file__).parents[2] / "fixtures" / "imports"
JAN_2021 = datetime(2021, 1, 1, 12, 0).timestamp()


def copied(name: str, tmp_path: Path) -> Path:
    """A fixture folder copied, with the modification times git does not keep."""
    target = tmp_path / name
    shutil.copytree(FIXTURES / name, target)
    for file in target.rglob("*.md"):
        os.utime(file, (JAN_2021, JAN_2021))
    return target


def by_title(entries: list[NewEntry]) -> dict[str, NewEntry]:
    return {entry.title: entry for entry in entries}


def stamp(entry: NewEntry) -> str:
    return entry.created.strftime("%Y-%m-%d %H:%M")


def test_an_obsidian_vault_dates_and_tags_every_note_and_lists_the_template(
    tmp_path: Path,
) -> None:
    notes = ImportNotes()
    entries = by_title(list(read("markdown", copied("obsidian", tmp_path), notes)))
    assert set(entries) == {"Tuesday", "Intake session", "Untitled"}
    daily = entries["Tuesday"]
    assert stamp(daily) == "2023-09-12 00:00"  # from the file name
    assert daily.tags == ("therapy/intake", "hopeful")
    assert "## Heading two stays in the body" in daily.body
    intake = entries["Intake session"]  # the title after the file name's date
    assert stamp(intake) == "2023-09-15 16:30"  # front matter 'created:'
    assert intake.tags == ("therapy", "first-session", "starred")
    assert intake.mood == 7
    assert stamp(entries["Untitled"]) == "2021-01-01 12:00"
    assert notes.counts == {BY_MODIFICATION_TIME: 1}
    ((name, problem),) = notes.unreadable
    assert name == "Templates/Daily.md"
    assert problem.startswith("Templates/Daily.md: ")


def test_without_notes_the_first_unreadable_file_stops_the_import(tmp_path: Path) -> None:
    with pytest.raises(ImportFormatError, match=r"Templates/Daily\.md"):
        list(read("markdown", copied("obsidian", tmp_path)))


def test_logseq_journals_take_their_dates_from_the_file_names(tmp_path: Path) -> None:
    notes = ImportNotes()
    entries = list(read("markdown", copied("logseq", tmp_path) / "journals", notes))
    assert [stamp(entry) for entry in entries] == ["2020-09-14 00:00", "2020-09-15 00:00"]
    assert entries[0].tags == ("sleep", "walk")
    assert notes.counts == {}


@pytest.mark.parametrize(
    ("name", "day"),
    [
        ("2023-09-12.md", "2023-09-12"),
        ("2020_09_14.md", "2020-09-14"),
        ("2023-09-12 Title.md", "2023-09-12"),
        ("2023.09.12.md", "2023-09-12"),
    ],
)
def test_a_date_in_the_file_name_dates_the_entry(tmp_path: Path, name: str, day: str) -> None:
    (tmp_path / name).write_text("Some text.\n")
    (entry,) = read("markdown", tmp_path)
    assert entry.created.date().isoformat() == day


@pytest.mark.parametrize("key", ["date", "Date", "created", "created_at", "dateCreated"])
def test_the_common_spellings_of_a_front_matter_date(tmp_path: Path, key: str) -> None:
    (tmp_path / "note.md").write_text(f"---\n{key}: 2022-05-06 07:08\n---\nText\n")
    (entry,) = read("markdown", tmp_path)
    assert stamp(entry) == "2022-05-06 07:08"


def test_jrnl_markdown_export_in_one_file_splits_at_its_headings() -> None:
    entries = list(read("markdown", FIXTURES / "jrnl" / "export.md"))
    assert [(stamp(e), e.title) for e in entries] == [
        ("2023-09-12 08:15", "First call with @therapy."),
        ("2023-09-13 21:40", "Feeling lighter"),
        ("2023-09-14 07:00", "Morning pages"),
        ("2024-03-10 02:30", "In the gap."),
    ]
    assert entries[0].body == "I called Dr. Lee today and left a message."
    assert entries[0].tags == ("therapy",)
    assert entries[2].body.endswith("Second one mentions @gratitude and an email a@b.com.")
    assert entries[2].tags == ("gratitude",)
    assert entries[3].tags == ("sleep", "night-owl")


def test_jrnl_markdown_folder_takes_date_and_title_from_the_heading() -> None:
    entries = list(read("markdown", FIXTURES / "jrnl" / "md-folder"))
    assert (stamp(entries[0]), entries[0].title) == (
        "2023-09-12 08:15",
        "First call with @therapy.",
    )
    assert len(entries) == 4
    assert entries[0].body == "I called Dr. Lee today and left a message."


def test_jrnl_yaml_export_keeps_body_tags_and_star() -> None:
    entries = list(read("markdown", FIXTURES / "jrnl" / "yaml-folder"))
    assert [(stamp(e), e.title) for e in entries][1] == ("2023-09-13 21:40", "Feeling lighter")
    assert entries[1].tags == ("starred",)
    assert entries[2].body == (
        "A body with two paragraphs.\n\nSecond one mentions @gratitude and an email a@b.com."
    )
    assert entries[3].tags == ("night-owl", "sleep")


def test_jrnl_exports_agree_with_its_json() -> None:
    from_json = list(read("jrnl-json", FIXTURES / "jrnl" / "export.json"))
    from_yaml = list(read("markdown", FIXTURES / "jrnl" / "yaml-folder"))
    assert [(e.created, e.title, e.body) for e in from_yaml] == [
        (e.created, e.title, e.body) for e in from_json
    ]
    assert [set(e.tags) for e in from_yaml] == [set(e.tags) for e in from_json]


@pytest.mark.parametrize(
    ("fmt", "fixture", "says"),
    [
        ("markdown", "jrnl/export.json", "is a JSON file, not Markdown"),
        ("markdown", "jrnl/journal.txt", "is not a Markdown file"),
        (
            "dayone-json",
            "jrnl/export.json",
            "looks like a jrnl export; import it with --from jrnl-json",
        ),
        ("jrnl-json", "dayone/Journal.json", "looks like a Day One export"),
        ("jsonl", "jrnl/export.json", "is one JSON document, not JSON lines"),
        ("jrnl-json", "jrnl/export.md", "looks like Markdown or text: import it with"),
        ("therapy-journal-json", "jrnl/export.json", "is not a journal.json of this app"),
    ],
)
def test_the_wrong_kind_of_file_says_so(fmt: str, fixture: str, says: str) -> None:
    with pytest.raises(ImportFormatError, match=says):
        list(read(fmt, FIXTURES / fixture))


def test_a_daily_note_headed_by_its_date_is_not_taken_for_jrnl(tmp_path: Path) -> None:
    (tmp_path / "2023-09-12.md").write_text("# 2023-09-12\n\nMet @sam for coffee.\n")
    (entry,) = read("markdown", tmp_path)
    assert (entry.title, entry.tags) == ("2023-09-12", ())
    assert entry.body == "Met @sam for coffee.\n"
