"""A journal holding entries dated outside the accepted range (9999-12-31 and
0001-01-01, stored by an old version or another tool) still works: every
command that reads it shows those entries instead of failing for the whole
journal; and no command lets such a date in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.cli import Result, cli, cli_process
from tests.helpers.far_dates import TITLES, store_far_dates
from tests.helpers.vaults import PASSPHRASE, make_vault
from therapy_journal.services.journal import JournalService, make_entry

RANGE = "is outside the dates the journal keeps (the years 1900 to 2200)."


class Journal:
    """A locked vault on disk with one ordinary entry and the three far-dated ones."""

    def __init__(self, tmp_path: Path) -> None:
        info = make_vault(tmp_path / "vault")
        self.ordinary = JournalService(info.vault).add(make_entry(title="Ordinary day", body="x"))
        self.far_ids = store_far_dates(info.vault)
        info.vault.lock()
        self.folder = info.folder
        self.pass_file = tmp_path / "pass.txt"
        self.pass_file.write_text(PASSPHRASE + "\n")
        self.tmp = tmp_path
        self.options = ("--vault", str(self.folder), "--passphrase-file", str(self.pass_file))

    def run(self, *args: str, stdin: str = "") -> Result:
        return cli(
            "--vault",
            str(self.folder),
            "--passphrase-file",
            str(self.pass_file),
            *args,
            stdin=stdin,
        )


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal(tmp_path)


def ok(result: Result) -> str:
    assert result.code == 0, result.err
    assert result.err == "" or "unexpected" not in result.err
    return result.out


def refused(result: Result, code: int) -> str:
    assert result.code == code, (result.out, result.err)
    assert result.out == "" and result.err.count("\n") == 1, result.err
    assert "bug" not in result.err and "Traceback" not in result.err
    return result.err


def test_list_shows_every_entry_with_its_stored_date(journal: Journal) -> None:
    out = ok(journal.run("list"))
    assert all(title in out for title in (*TITLES, "Ordinary day"))
    assert "9999-12-31 23:59" in out and "0001-01-01 00:00" in out


def test_list_json_keeps_the_stored_dates_exactly(journal: Journal) -> None:
    shown = {e["title"]: e for e in json.loads(ok(journal.run("list", "--json")))}
    assert shown["Far future"]["created"] == "9999-12-31T23:59:59-05:00"
    assert shown["Far past"]["created"] == "0001-01-01T00:00:00+05:00"
    assert shown["Far future, no offset"]["created"].startswith("9999-12-31T")
    assert len(shown) == 4


def test_search_finds_far_dated_entries(journal: Journal) -> None:
    out = ok(journal.run("search", "body"))
    assert all(title in out for title in TITLES)
    shown = json.loads(ok(journal.run("search", "past", "--json")))
    assert [hit["title"] for hit in shown] == ["Far past"]


@pytest.mark.parametrize("index", [0, 1, 2])
def test_show_each_far_dated_entry(journal: Journal, index: int) -> None:
    entry_id = str(journal.far_ids[index])
    out = ok(journal.run("show", entry_id))
    assert out.startswith(TITLES[index] + "\n")
    assert json.loads(ok(journal.run("show", entry_id, "--json")))["title"] == TITLES[index]


def test_tags_trash_restore_and_purge_work_on_far_dated_entries(journal: Journal) -> None:
    far = str(journal.far_ids[0])
    assert "#far  2" in ok(journal.run("tags"))
    ok(journal.run("delete", far))
    assert "Far future" in ok(journal.run("trash"))
    ok(journal.run("restore", far))
    ok(journal.run("edit", far, "--title", "Far future, renamed"))
    ok(journal.run("delete", far))
    ok(journal.run("purge", far))
    assert [e["title"] for e in json.loads(ok(journal.run("list", "--json")))] == [
        "Far future, no offset",
        "Ordinary day",
        "Far past",
    ]


def test_export_all_writes_every_entry(journal: Journal) -> None:
    ok(journal.run("export-all", "--format", "markdown", "-o", str(journal.tmp / "md")))
    names = sorted(path.name for path in (journal.tmp / "md").rglob("*.md"))
    assert len(names) == 4
    assert any("9999-12-31" in name for name in names) and any("0001-01-01" in n for n in names)
    ok(journal.run("export-all", "--format", "json", "-o", str(journal.tmp / "js")))
    document = json.loads((journal.tmp / "js" / "journal.json").read_text())
    assert {e["title"] for e in document["entries"]} >= set(TITLES)


def test_a_backup_is_made_and_a_bundle_refuses_a_far_dated_entry(journal: Journal) -> None:
    """A bundle holding a date outside the range could not be opened (opening
    refuses such dates), so sharing one says which entry; the others share."""
    ok(journal.run("backup", "-o", str(journal.tmp / "journal.tjbackup")))
    secret = journal.tmp / "bundle-pass.txt"
    secret.write_text("a long passphrase for the bundle\n")
    bundle = journal.tmp / "all.age"
    refused_all = journal.run(
        "export", "--all", "--to-passphrase-file", str(secret), "-o", str(bundle)
    )
    message = refused(refused_all, 1)
    assert message.startswith("therapy-journal: Entry ")
    assert message.endswith(
        "outside the dates the journal keeps (the years 1900 to 2200); give it a date in "
        "that range before sharing it.\n"
    )
    assert any(f"Entry {far} is dated" in message for far in journal.far_ids)
    assert not bundle.exists()
    # A real process: the bundle's PDF report is drawn with Qt, which must not start
    # in the test process (it would stand in the way of the GUI tests' application).
    made = cli_process(
        *journal.options,
        "export",
        "--entry",
        str(journal.ordinary),
        "--to-passphrase-file",
        str(secret),
        "-o",
        str(bundle),
    )
    assert made.returncode == 0, made.stderr
    assert "It holds 1 entry." in ok(
        journal.run("open-bundle", str(bundle), "--bundle-passphrase-file", str(secret))
    )


def test_the_real_command_lists_and_shows_them(journal: Journal) -> None:
    env_args = journal.options
    listed = cli_process(*env_args, "list")
    assert listed.returncode == 0, listed.stderr
    assert all(title in listed.stdout for title in TITLES)
    shown = cli_process(*env_args, "show", str(journal.far_ids[1]))
    assert shown.returncode == 0 and "Far past" in shown.stdout, shown.stderr


# --- no date outside the range comes in ---------------------------------------------


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (("add", "--date", "9999-12-31T23:59:59"), "9999-12-31 23:59"),
        (("add", "--date", "0001-01-01"), "0001-01-01"),
        (("edit", "1", "--date", "9999-12-31"), "9999-12-31"),
        (("list", "--until", "9999-12-31"), "9999-12-31"),
        (("list", "--since", "0001-01-01"), "0001-01-01"),
    ],
)
def test_a_date_outside_the_range_is_a_usage_error(
    journal: Journal, args: tuple[str, ...], shown: str
) -> None:
    err = refused(journal.run(*args, stdin="text"), 2)
    assert err == f"therapy-journal: {shown} {RANGE}\n"


def test_export_refuses_a_date_outside_the_range(journal: Journal) -> None:
    secret = journal.tmp / "bundle-pass.txt"
    secret.write_text("a long passphrase for the bundle\n")
    result = journal.run(
        "export",
        "--since",
        "9999-12-31",
        "--to-passphrase-file",
        str(secret),
        "-o",
        str(journal.tmp / "x.age"),
    )
    assert refused(result, 2) == f"therapy-journal: 9999-12-31 {RANGE}\n"
    assert not (journal.tmp / "x.age").exists()


@pytest.mark.parametrize("value", ["", "   "])
@pytest.mark.parametrize("option", ["--date", "--since", "--until"])
def test_an_empty_date_is_a_usage_error_not_now(journal: Journal, option: str, value: str) -> None:
    command = "list" if option in ("--since", "--until") else "add"
    before = json.loads(ok(journal.run("list", "--json")))
    err = refused(journal.run(command, option, value, stdin="text"), 2)
    assert "A date is empty" in err
    assert json.loads(ok(journal.run("list", "--json"))) == before


@pytest.mark.parametrize("command", ["show", "delete", "restore", "purge"])
def test_an_id_beyond_any_integer_is_no_such_entry(journal: Journal, command: str) -> None:
    err = refused(journal.run(command, "99999999999999999999"), 1)
    assert err == "therapy-journal: There is no entry 99999999999999999999.\n"
