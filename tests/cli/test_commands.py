"""The command line as a public interface: commands, options, JSON fields, exit codes."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers.cli import Result, cli, cli_env, cli_process
from tests.helpers.vaults import PASSPHRASE, make_vault
from therapy_journal import __version__

RECOVERY_LINE = re.compile(r"^[A-Z2-7]{4}(-[A-Z2-7]{4}){8}$")
JSON_FIELDS = {
    "id",
    "created",
    "updated",
    "title",
    "body",
    "mood",
    "tags",
    "prompt_id",
    "in_trash",
    "journal",
    "attachments",
}


@dataclass
class Setup:
    folder: Path
    pass_file: Path
    recovery_key: str

    def run(self, *args: str, stdin: str | bytes = b"") -> Result:
        return cli(
            "--vault",
            str(self.folder),
            "--passphrase-file",
            str(self.pass_file),
            *args,
            stdin=stdin,
        )


def one_line_error(result: Result) -> str:
    assert result.out == ""
    assert result.err.count("\n") == 1 and result.err.startswith("therapy-journal: "), result.err
    assert "Traceback" not in result.err
    return result.err


@pytest.fixture
def setup(tmp_path: Path) -> Setup:
    info = make_vault(tmp_path / "vault")
    info.vault.lock()
    pass_file = tmp_path / "pass.txt"
    pass_file.write_text(PASSPHRASE + "\n")
    return Setup(info.folder, pass_file, info.recovery_key)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


# --- init ---------------------------------------------------------------------------


def test_init_prints_the_recovery_key_once_on_its_own_line(tmp_path: Path) -> None:
    new = write(tmp_path, "new.txt", "a fresh passphrase\n")
    result = cli("--vault", str(tmp_path / "v"), "init", "--new-passphrase-file", str(new))
    assert result.code == 0
    lines = result.out.splitlines()
    assert len(lines) == 1 and RECOVERY_LINE.match(lines[0])
    assert "recovery key" in result.err and "only" in result.err
    listed = cli("--vault", str(tmp_path / "v"), "--passphrase-file", str(new), "list")
    assert listed.code == 0 and listed.out == "No entries yet.\n"


def test_the_printed_recovery_key_recovers_the_vault(tmp_path: Path) -> None:
    new = write(tmp_path, "new.txt", "a fresh passphrase\n")
    key = cli("--vault", str(tmp_path / "v"), "init", "--new-passphrase-file", str(new)).out
    key_file = write(tmp_path, "key.txt", key)
    newer = write(tmp_path, "newer.txt", "another passphrase\n")
    result = cli(
        "--vault",
        str(tmp_path / "v"),
        "recover",
        "--recovery-key-file",
        str(key_file),
        "--new-passphrase-file",
        str(newer),
    )
    assert result.code == 0, result.err
    assert cli("--vault", str(tmp_path / "v"), "--passphrase-file", str(newer), "list").code == 0


def test_init_refuses_an_existing_vault(setup: Setup, tmp_path: Path) -> None:
    new = write(tmp_path, "new.txt", "a fresh passphrase")
    result = cli("--vault", str(setup.folder), "init", "--new-passphrase-file", str(new))
    assert result.code == 1
    assert "already exists" in one_line_error(result)


def test_init_refuses_a_short_passphrase(tmp_path: Path) -> None:
    new = write(tmp_path, "new.txt", "short")
    result = cli("--vault", str(tmp_path / "v"), "init", "--new-passphrase-file", str(new))
    assert result.code == 2
    assert "at least 8" in one_line_error(result)
    assert not (tmp_path / "v").exists()


def test_init_without_a_terminal_or_file_says_how_to_give_the_passphrase(tmp_path: Path) -> None:
    proc = cli_process("--vault", str(tmp_path / "v"), "init")
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "--new-passphrase-file" in proc.stderr


# --- add, show, list ------------------------------------------------------------------


def test_add_then_show_json_has_the_public_fields(setup: Setup) -> None:
    added = setup.run(
        "add",
        "--title",
        "First call",
        "--mood",
        "6",
        "--tag",
        "Anxiety",
        "--tag",
        "search",
        "--date",
        "2026-03-01T20:30",
        stdin="I made the call.\n",
    )
    assert added.code == 0 and added.out == "Added entry 1.\n"
    shown = setup.run("show", "1", "--json")
    entry = json.loads(shown.out)
    assert set(entry) == JSON_FIELDS and entry["attachments"] == []
    assert entry["title"] == "First call" and entry["body"] == "I made the call.\n"
    assert entry["mood"] == 6 and entry["tags"] == ["anxiety", "search"]
    assert entry["created"] == "2026-03-01T20:30:00-05:00"  # local time in the test zone


def test_add_json_prints_the_new_entry(setup: Setup) -> None:
    result = setup.run("add", "--json", stdin="body")
    assert json.loads(result.out)["body"] == "body"


def test_show_for_people(setup: Setup) -> None:
    setup.run("add", "--title", "Evening", "--mood", "7", "--tag", "calm", stdin="Quiet night.")
    out = setup.run("show", "1").out
    assert out.startswith("Evening\n") and "mood 7" in out and "#calm" in out
    assert out.endswith("Quiet night.\n")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["add", "--mood", "11"], "1 to 10"),
        (["add", "--mood", "calm"], "1 to 10"),
        (["add", "--date", "last tuesday"], "not a date"),
        (["list", "--limit", "0"], "at least 1"),
        (["show", "abc"], "not an entry id"),
        (["frobnicate"], "invalid choice"),
        (["import", "--from", "evernote", "x"], "invalid choice"),
    ],
)
def test_usage_errors_exit_2_with_one_line(setup: Setup, args: list[str], needle: str) -> None:
    result = setup.run(*args)
    assert result.code == 2
    assert needle in one_line_error(result)


def test_show_of_a_missing_entry_exits_1(setup: Setup) -> None:
    result = setup.run("show", "42")
    assert result.code == 1
    assert "no entry 42" in one_line_error(result)


def test_list_filters_and_limits(setup: Setup) -> None:
    for day, tag in [("01", "sleep"), ("02", "work"), ("03", "sleep"), ("04", "sleep")]:
        setup.run("add", "--title", f"March {day}", "--tag", tag, "--date", f"2026-03-{day}T10:00")
    titles = lambda r: [e["title"] for e in json.loads(r.out)]  # noqa: E731
    assert titles(setup.run("list", "--json")) == ["March 04", "March 03", "March 02", "March 01"]
    assert titles(setup.run("list", "--json", "--limit", "2")) == ["March 04", "March 03"]
    assert titles(setup.run("list", "--json", "--tag", "sleep", "--limit", "2")) == [
        "March 04",
        "March 03",
    ]
    assert titles(
        setup.run("list", "--json", "--since", "2026-03-02", "--until", "2026-03-03")
    ) == ["March 03", "March 02"]
    entries = json.loads(setup.run("list", "--json").out)
    assert all(set(e) == JSON_FIELDS for e in entries)


def test_list_for_people_shows_date_mood_title_and_tags(setup: Setup) -> None:
    setup.run(
        "add", "--title", "Walk", "--mood", "8", "--tag", "calm", "--date", "2026-03-01T10:00"
    )
    line = setup.run("list").out.splitlines()[0]
    assert "2026-03-01 10:00" in line and "mood  8" in line and "Walk" in line and "#calm" in line


# --- search -----------------------------------------------------------------------------


def test_search_json_has_snippets_with_the_match_marked(setup: Setup) -> None:
    setup.run("add", "--title", "Sleep", stdin="I slept badly before the consultation.")
    setup.run("add", stdin="Nothing to see.")
    hits = json.loads(setup.run("search", "consultation", "--json").out)
    assert [h["id"] for h in hits] == [1]
    assert set(hits[0]) == JSON_FIELDS | {"snippet", "score"}
    assert "**consultation**" in hits[0]["snippet"]


def test_search_for_people_and_with_nothing_found(setup: Setup) -> None:
    setup.run("add", "--title", "Calm", stdin="breathing helped")
    found = setup.run("search", "breath*")
    assert "Calm" in found.out and "**breathing**" in found.out
    assert setup.run("search", "absent").out == "No entries match.\n"


def test_search_limit(setup: Setup) -> None:
    for n in range(5):
        setup.run("add", stdin=f"repeat {n}")
    assert len(json.loads(setup.run("search", "repeat", "--limit", "2", "--json").out)) == 2


# --- trash ------------------------------------------------------------------------------


def test_delete_restore_trash_and_purge(setup: Setup) -> None:
    setup.run("add", "--title", "Oops", stdin="x")
    assert setup.run("delete", "1").code == 0
    assert setup.run("list").out == "No entries yet.\n"
    assert "Oops" in setup.run("trash").out
    assert "in the trash" in setup.run("show", "1").out
    assert json.loads(setup.run("show", "1", "--json").out)["in_trash"] is True
    assert setup.run("restore", "1").code == 0
    assert "Oops" in setup.run("list").out
    refused = setup.run("purge", "1")
    assert refused.code == 1 and "not in the trash" in one_line_error(refused)
    setup.run("delete", "1")
    assert setup.run("purge", "1").code == 0
    assert setup.run("show", "1").code == 1
    assert setup.run("trash").out == "The trash is empty.\n"


def test_edit_changes_fields(setup: Setup) -> None:
    setup.run("add", "--title", "Draft", "--mood", "3", "--tag", "a", stdin="old")
    assert setup.run("edit", "1", "--title", "Final", "--no-mood", "--tag", "b").code == 0
    assert setup.run("edit", "1", "--body", stdin="new body").code == 0
    entry = json.loads(setup.run("show", "1", "--json").out)
    assert (entry["title"], entry["mood"], entry["tags"], entry["body"]) == (
        "Final",
        None,
        ["b"],
        "new body",
    )
    nothing = setup.run("edit", "1")
    assert nothing.code == 2 and "Nothing to change" in one_line_error(nothing)


def test_tags_command(setup: Setup) -> None:
    setup.run("add", "--tag", "sleep", "--tag", "work", stdin="x")
    setup.run("add", "--tag", "sleep", stdin="y")
    assert json.loads(setup.run("tags", "--json").out) == [
        {"tag": "sleep", "entries": 2},
        {"tag": "work", "entries": 1},
    ]
    assert setup.run("tags").out == "#sleep  2\n#work  1\n"


# --- passphrases, vault location, exit codes -------------------------------------------


def test_wrong_passphrase_exits_3(setup: Setup, tmp_path: Path) -> None:
    wrong = write(tmp_path, "wrong.txt", "not it at all")
    result = cli("--vault", str(setup.folder), "--passphrase-file", str(wrong), "list")
    assert result.code == 3
    assert "passphrase does not open" in one_line_error(result)


def test_passphrase_from_the_environment(setup: Setup, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THERAPY_JOURNAL_PASSPHRASE", PASSPHRASE)
    assert cli("--vault", str(setup.folder), "list").code == 0
    monkeypatch.setenv("THERAPY_JOURNAL_PASSPHRASE", "wrong wrong wrong")
    assert cli("--vault", str(setup.folder), "list").code == 3


def test_the_passphrase_file_wins_over_the_environment(
    setup: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("THERAPY_JOURNAL_PASSPHRASE", "wrong wrong wrong")
    assert setup.run("list").code == 0


def test_options_work_after_the_command_too(setup: Setup) -> None:
    result = cli("list", "--vault", str(setup.folder), "--passphrase-file", str(setup.pass_file))
    assert result.code == 0


def test_the_vault_comes_from_the_environment(
    setup: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("THERAPY_JOURNAL_VAULT", str(setup.folder))
    assert cli("--passphrase-file", str(setup.pass_file), "list").code == 0


def test_the_default_vault_is_in_the_user_data_folder(tmp_path: Path, isolated_home: Path) -> None:
    new = write(tmp_path, "new.txt", "a fresh passphrase")
    assert cli("init", "--new-passphrase-file", str(new)).code == 0
    assert (isolated_home / ".local/share/therapy-journal/vault.key").exists()


def test_no_vault_exits_4(tmp_path: Path, setup: Setup) -> None:
    result = cli(
        "--vault", str(tmp_path / "none"), "--passphrase-file", str(setup.pass_file), "list"
    )
    assert result.code == 4
    assert "no vault" in one_line_error(result).lower()


def test_a_missing_passphrase_file_is_a_usage_error(setup: Setup, tmp_path: Path) -> None:
    result = cli("--vault", str(setup.folder), "--passphrase-file", str(tmp_path / "x"), "list")
    assert result.code == 2
    assert "does not exist" in one_line_error(result)


def test_passwd_changes_the_passphrase(setup: Setup, tmp_path: Path) -> None:
    new = write(tmp_path, "new.txt", "the new passphrase\n")
    result = setup.run("passwd", "--new-passphrase-file", str(new))
    assert result.code == 0 and "recovery key still works" in result.out
    assert setup.run("list").code == 3
    assert cli("--vault", str(setup.folder), "--passphrase-file", str(new), "list").code == 0


def test_passwd_with_a_wrong_current_passphrase_exits_3(setup: Setup, tmp_path: Path) -> None:
    new = write(tmp_path, "new.txt", "the new passphrase")
    wrong = write(tmp_path, "wrong.txt", "not it at all")
    result = cli(
        "--vault",
        str(setup.folder),
        "--passphrase-file",
        str(wrong),
        "passwd",
        "--new-passphrase-file",
        str(new),
    )
    assert result.code == 3
    one_line_error(result)


@pytest.mark.parametrize(
    ("key", "needle"),
    [("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH-IIII", "typo"), ("nonsense", "not a recovery key")],
)
def test_recover_with_a_bad_key_exits_3(
    setup: Setup, tmp_path: Path, key: str, needle: str
) -> None:
    key_file = write(tmp_path, "key.txt", key)
    new = write(tmp_path, "new.txt", "the new passphrase")
    result = cli(
        "--vault",
        str(setup.folder),
        "recover",
        "--recovery-key-file",
        str(key_file),
        "--new-passphrase-file",
        str(new),
    )
    assert result.code == 3
    assert needle in one_line_error(result)


def test_import_jsonl_and_again(setup: Setup, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "in.jsonl",
        "\n".join(
            json.dumps({"created": f"2024-01-0{n}T08:00", "title": f"t{n}", "body": "b"})
            for n in range(1, 4)
        )
        + "\n",
    )
    first = setup.run("import", "--from", "jsonl", str(path), "--json")
    assert json.loads(first.out) == {"imported": 3, "skipped_duplicates": 0}
    second = setup.run("import", "--from", "jsonl", str(path))
    assert second.out == "Imported 0 entries; skipped 3 already in the journal.\n"


def test_a_malformed_import_exits_1_and_imports_nothing(setup: Setup, tmp_path: Path) -> None:
    path = write(tmp_path, "in.jsonl", '{"created": "2024-01-01", "body": "ok"}\n{broken\n')
    result = setup.run("import", "--from", "jsonl", str(path))
    assert result.code == 1
    assert "Line 2" in one_line_error(result)
    assert setup.run("list").out == "No entries yet.\n"


IMPORT_SAMPLES = {
    "jrnl-json": (
        "jrnl.json",
        {
            "tags": {"@anna": 1},
            "entries": [
                {
                    "date": "2024-01-31",
                    "time": "09:15",
                    "title": "Café.",
                    "body": "b",
                    "tags": ["@anna"],
                    "starred": True,
                },
                {
                    "date": "2024-02-01",
                    "time": "10:00",
                    "title": "Two.",
                    "body": "",
                    "tags": [],
                    "starred": False,
                },
            ],
        },
    ),
    "dayone-json": (
        "Journal.json",
        {
            "metadata": {"version": "1.0"},
            "entries": [
                {
                    "creationDate": "2024-01-31T09:15:00Z",
                    "timeZone": "Europe/Paris",
                    "text": "# Title\n\nBody",
                    "tags": ["x"],
                    "starred": False,
                },
            ],
        },
    ),
}


@pytest.mark.parametrize("fmt", ["jrnl-json", "dayone-json", "markdown"])
def test_import_each_format_and_again(setup: Setup, tmp_path: Path, fmt: str) -> None:
    if fmt == "markdown":
        path = tmp_path / "notes"
        path.mkdir()
        (path / "one.md").write_text("---\ndate: 2024-01-31\n---\nfirst")
        (path / "two.md").write_text("# Second\n\nsecond")
        expected = 2
    else:
        name, document = IMPORT_SAMPLES[fmt]
        path = write(tmp_path, name, json.dumps(document))
        expected = len(document["entries"])  # type: ignore[arg-type]
    first = json.loads(setup.run("import", "--from", fmt, str(path), "--json").out)
    # Fields are only added (a Markdown import's notes and unreadable files).
    assert {key: first[key] for key in ("imported", "skipped_duplicates")} == {
        "imported": expected,
        "skipped_duplicates": 0,
    }
    second = setup.run("import", "--from", fmt, str(path))
    assert second.out.startswith(
        f"Imported 0 entries; skipped {expected} already in the journal.\n"
    )


def test_a_malformed_jrnl_import_names_the_entry_and_imports_nothing(
    setup: Setup, tmp_path: Path
) -> None:
    good = {"date": "2024-01-31", "time": "09:15", "title": "ok", "body": ""}
    path = write(tmp_path, "jrnl.json", json.dumps({"entries": [good, {**good, "date": "x"}]}))
    result = setup.run("import", "--from", "jrnl-json", str(path))
    assert result.code == 1
    assert "Entry 2 of jrnl.json: 'x 09:15' is not a date" in one_line_error(result)
    assert setup.run("list").out == "No entries yet.\n"


NOT_ENCRYPTED = (
    "These files are not encrypted: anyone who can read the folder can read your journal.\n"
)


def test_export_all_warns_and_summarizes(setup: Setup, tmp_path: Path) -> None:
    setup.run("add", "--title", "One", "--date", "2024-01-31T09:15", stdin="first")
    setup.run("add", "--title", "Two", "--date", "2024-02-01T09:15", stdin="second")
    markdown = setup.run("export-all", "--format", "markdown", "-o", str(tmp_path / "md"))
    assert (markdown.code, markdown.err) == (0, NOT_ENCRYPTED)
    assert markdown.out == f"Exported 2 entries to {tmp_path / 'md'}.\n"
    assert sorted(p.name for p in (tmp_path / "md" / "entries").iterdir()) == [
        "0001-2024-01-31-one.md",
        "0002-2024-02-01-two.md",
    ]
    as_json = setup.run(
        "export-all", "--format", "json", "--output", str(tmp_path / "js"), "--json"
    )
    assert (as_json.code, as_json.err) == (0, NOT_ENCRYPTED)
    assert json.loads(as_json.out) == {
        "format": "json",
        "folder": str(tmp_path / "js"),
        "entries": 2,
        "files": 1,
        "pages": ["journal.json"],
    }
    exported = json.loads((tmp_path / "js" / "journal.json").read_text())
    assert [e["body"] for e in exported["entries"]] == ["first", "second"]


def test_counts_of_one_say_entry_not_entries(setup: Setup, tmp_path: Path) -> None:
    setup.run("add", "--title", "Only", stdin="one")
    exported = setup.run("export-all", "--format", "markdown", "-o", str(tmp_path / "md"))
    assert exported.out == f"Exported 1 entry to {tmp_path / 'md'}.\n"
    backup = setup.run("backup", "-o", str(tmp_path / "b.tjbackup"))
    assert backup.out.startswith("Wrote a backup of 1 entry to ")


def test_export_all_refuses_a_folder_that_is_not_empty(setup: Setup, tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    result = setup.run("export-all", "--format", "json", "-o", str(tmp_path / "full"))
    assert result.code == 1
    assert "is not an empty folder" in one_line_error(result)
    assert [p.name for p in (tmp_path / "full").iterdir()] == ["keep.txt"]


def test_check_reports_a_healthy_vault(setup: Setup) -> None:
    setup.run("add", stdin="x")
    result = setup.run("check")
    assert result.code == 0 and "healthy" in result.out


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        cli("--help")
    assert raised.value.code == 0
    out = capsys.readouterr().out
    for name in [
        "init",
        "add",
        "list",
        "show",
        "search",
        "delete",
        "restore",
        "import",
        "export-all",
        "passwd",
        "recover",
    ]:
        assert re.search(rf"^\s+{name}\s", out, re.MULTILINE), name


def test_version() -> None:
    with pytest.raises(SystemExit) as raised:
        cli("--version")
    assert raised.value.code == 0


def test_version_as_a_process() -> None:
    proc = cli_process("--version")
    assert proc.returncode == 0 and proc.stdout.strip() == f"therapy-journal {__version__}"


def test_a_real_process_reports_a_wrong_passphrase_in_one_line(setup: Setup) -> None:
    env = cli_env(setup.folder, THERAPY_JOURNAL_PASSPHRASE="wrong wrong wrong")
    proc = cli_process("list", env=env)
    assert proc.returncode == 3
    assert proc.stderr == "therapy-journal: That passphrase does not open this vault.\n"


def test_a_reader_that_stops_early_is_not_an_error(setup: Setup) -> None:
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    rows = [
        json.dumps(
            {
                "created": f"2025-01-01T{n // 60 % 24:02d}:{n % 60:02d}:00+00:00",
                "title": f"entry {n}",
                "body": "body " * 40,
            }
        )
        for n in range(1440)
    ]
    lines = write(setup.folder.parent, "many.jsonl", "\n".join(rows) + "\n")
    assert setup.run("import", "--from", "jsonl", str(lines)).code == 0
    argv = [
        sys.executable,
        "-m",
        "therapy_journal",
        "--vault",
        str(setup.folder),
        "--passphrase-file",
        str(setup.pass_file),
        "list",
        "--limit",
        "1440",
        "--json",
    ]
    listing = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=cli_env())
    assert listing.stdout is not None and listing.stderr is not None
    listing.stdout.read(10)  # like 'head -c 10': read a little, then go away
    listing.stdout.close()
    err = listing.stderr.read().decode()
    listing.stderr.close()
    assert listing.wait(timeout=60) == 0
    assert "unexpected error" not in err and "Traceback" not in err


def test_list_on_this_day(setup: Setup) -> None:
    from datetime import date  # noqa: PLC0415

    today = date.today()
    if (today.month, today.day) == (2, 29):
        pytest.skip("last year had no 29 February")
    setup.run("add", "--title", "Last year", "--date", f"{today.year - 1}-{today:%m-%d}T10:00")
    setup.run("add", "--title", "Today", stdin="now")
    listed = json.loads(setup.run("list", "--on-this-day", "--json").out)
    assert [entry["title"] for entry in listed] == ["Last year"]
    mixed = setup.run("list", "--on-this-day", "--tag", "x")
    assert mixed.code == 2 and "--on-this-day goes alone" in mixed.err
