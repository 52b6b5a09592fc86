"""Journals on the command line: journals, journal add/rename/delete, --journal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_commands import Setup, one_line_error
from tests.helpers.vaults import PASSPHRASE, make_vault

EXIT_USAGE = 2


@pytest.fixture
def setup(tmp_path: Path) -> Setup:
    info = make_vault(tmp_path / "vault")
    info.vault.lock()
    pass_file = tmp_path / "pass.txt"
    pass_file.write_text(PASSPHRASE + "\n")
    return Setup(info.folder, pass_file, info.recovery_key)


def test_journals_are_added_listed_renamed_and_deleted(setup: Setup) -> None:
    assert setup.run("journal", "add", "Therapy").out == "Added the journal 'Therapy'.\n"
    assert setup.run("add", "--journal", "therapy", "--title", "t", stdin="x").code == 0
    assert setup.run("add", "--title", "j", stdin="y").code == 0
    listed = json.loads(setup.run("journals", "--json").out)
    assert listed == [{"name": "Journal", "entries": 1}, {"name": "Therapy", "entries": 1}]
    assert setup.run("journals").out == "Journal  1 entry\nTherapy  1 entry\n"
    renamed = setup.run("journal", "rename", "Therapy", "Sessions")
    assert renamed.out == "Renamed the journal to 'Sessions'.\n"
    refused = setup.run("journal", "delete", "Sessions")
    assert refused.code == 1
    assert "still holds 1 entry" in one_line_error(refused)
    moved = setup.run("journal", "delete", "sessions", "--move-to", "Journal")
    assert moved.out == "Moved 1 entry to 'Journal' and deleted the journal 'Sessions'.\n"
    assert json.loads(setup.run("journals", "--json").out) == [{"name": "Journal", "entries": 2}]


def test_list_search_and_show_follow_journal(setup: Setup) -> None:
    setup.run("journal", "add", "Therapy")
    setup.run("journal", "add", "Everyday")
    setup.run("add", "--journal", "Therapy", "--title", "session", stdin="the river walk")
    setup.run("add", "--journal", "Everyday", "--title", "shopping", stdin="the river shop")
    setup.run("add", "--title", "plain", stdin="the river again")
    listed = json.loads(setup.run("list", "--journal", "Therapy", "--json").out)
    assert [(e["title"], e["journal"]) for e in listed] == [("session", "Therapy")]
    both = json.loads(
        setup.run("list", "--journal", "Therapy", "--journal", "Everyday", "--json").out
    )
    assert {e["title"] for e in both} == {"session", "shopping"}
    hits = json.loads(setup.run("search", "river", "--journal", "Everyday", "--json").out)
    assert [(h["title"], h["journal"]) for h in hits] == [("shopping", "Everyday")]
    assert len(json.loads(setup.run("search", "river", "--json").out)) == 3
    shown = json.loads(setup.run("show", str(listed[0]["id"]), "--json").out)
    assert shown["journal"] == "Therapy"
    edited = json.loads(setup.run("edit", str(shown["id"]), "--journal", "Journal", "--json").out)
    assert edited["journal"] == "Journal"
    assert setup.run("list", "--journal", "Therapy").out == "No entries in that journal yet.\n"


@pytest.mark.parametrize(
    "command",
    [
        ["add", "--journal", "Work", "--title", "x"],
        ["list", "--journal", "Work"],
        ["search", "river", "--journal", "Work"],
        ["journal", "delete", "Work"],
        ["journal", "rename", "Work", "Play"],
    ],
)
def test_an_unknown_journal_is_one_sentence_and_a_usage_exit(
    setup: Setup, command: list[str]
) -> None:
    result = setup.run(*command, stdin="text")
    assert result.code == EXIT_USAGE
    assert one_line_error(result) == "therapy-journal: There is no journal called 'Work'.\n"
    assert json.loads(setup.run("list", "--json").out) == []


def test_a_second_journal_of_the_same_name_is_refused(setup: Setup) -> None:
    result = setup.run("journal", "add", "JOURNAL")
    assert result.code == EXIT_USAGE
    assert "already a journal called 'Journal'" in one_line_error(result)


JRNL_EXPORT = Path(__file__).resolve().parents[1] / "fixtures" / "imports" / "jrnl" / "export.json"


def test_import_puts_the_entries_in_the_journal_named(setup: Setup) -> None:
    setup.run("journal", "add", "Work")
    result = setup.run("import", "--from", "jrnl-json", str(JRNL_EXPORT), "--journal", "work")
    assert result.code == 0, result.err
    counts = {j["name"]: j["entries"] for j in json.loads(setup.run("journals", "--json").out)}
    assert counts["Journal"] == 0
    assert counts["Work"] > 0
    unknown = setup.run("import", "--from", "jrnl-json", str(JRNL_EXPORT), "--journal", "Play")
    assert unknown.code == EXIT_USAGE
    assert one_line_error(unknown) == "therapy-journal: There is no journal called 'Play'.\n"
    own = setup.run("import", "--from", "therapy-journal-json", str(JRNL_EXPORT), "--journal", "x")
    assert own.code == EXIT_USAGE
    assert "keeps each entry in its own journal" in one_line_error(own)
