"""What the command line says when input is too much or wrong: standard input
beyond an entry's size, an entry not in the trash, a list with nothing that
matches, a backup or a folder given to open-bundle, an easy passphrase."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.cli import Result, cli, cli_env
from tests.helpers.processes import cli_argv, write_secret
from tests.helpers.vaults import PASSPHRASE, make_vault
from therapy_journal.services.journal import JournalService, make_entry

# Writes "yes\n" until the pipe breaks (exit 3) or CAP bytes are written (exit 0),
# and says on stderr how much it wrote.
CAP = 600 * 1024 * 1024
_YES = f"""
import sys
chunk, written = b"yes\\n" * 16384, 0
try:
    while written < {CAP}:
        sys.stdout.buffer.write(chunk)
        written += len(chunk)
    sys.stdout.buffer.flush()
except BrokenPipeError:
    sys.stderr.write(str(written))
    sys.exit(3)
sys.stderr.write(str(written))
"""
# Runs the command given and prints the largest resident size it reached (KiB).
_PEAK = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[1:])
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(code)
"""


class Journal:
    def __init__(self, tmp_path: Path) -> None:
        info = make_vault(tmp_path / "vault")
        journal = JournalService(info.vault)
        self.first = journal.add(make_entry(title="First", body="one", tags=["calm"]))
        self.second = journal.add(make_entry(title="Second", body="two"))
        info.vault.lock()
        self.folder = info.folder
        self.pass_file = write_secret(tmp_path / "pass.txt", PASSPHRASE)
        self.tmp = tmp_path

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


def one_line(result: Result, code: int) -> str:
    assert result.code == code, (result.code, result.out, result.err)
    assert result.out == "" and result.err.count("\n") == 1, result.err
    assert "bug" not in result.err
    return result.err.removeprefix("therapy-journal: ").rstrip("\n")


# --- standard input is read up to the limit, and no further ------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("command", [["add", "--title", "Endless"], ["edit", "1", "--body"]])
def test_an_endless_stream_on_standard_input_is_refused_in_bounded_memory(
    journal: Journal, command: list[str], reaper: list[subprocess.Popen[bytes]]
) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", _YES], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    reaper.append(writer)
    argv = cli_argv(
        "--vault", str(journal.folder), "--passphrase-file", str(journal.pass_file), *command
    )
    measured = subprocess.Popen(
        [sys.executable, "-c", _PEAK, *argv],
        stdin=writer.stdout,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=cli_env(),
        start_new_session=True,
    )
    reaper.append(measured)
    assert writer.stdout is not None
    writer.stdout.close()  # the command (and its measurer) hold the only reading ends
    out, err = measured.communicate(timeout=300)
    _, written = writer.communicate(timeout=60)

    assert measured.returncode == 2, err
    assert err.decode() == (
        "therapy-journal: The entry text on standard input is over 10 MB, the most an entry "
        "can hold; nothing was saved.\n"
    )
    peak_mib = int(out.decode().split()[-1]) / 1024
    assert peak_mib < 200, f"the command grew to {peak_mib:.0f} MiB"
    # The writer was stopped by the closed pipe, long before its own cap.
    assert writer.returncode == 3
    assert int(written) < 100 * 1024 * 1024
    listed = journal.run("list")
    assert "Endless" not in listed.out and "First" in listed.out
    assert journal.run("show", "1").out.endswith("\none\n")


def test_exactly_the_limit_is_accepted_and_one_byte_more_refused(journal: Journal) -> None:
    limit = 10 * 1024 * 1024
    added = journal.run("add", "--title", "Big", stdin="a" * limit)
    assert added.code == 0, added.err
    refused = one_line(journal.run("add", "--title", "Bigger", stdin="a" * (limit + 1)), 2)
    assert refused.startswith("The entry text on standard input is over 10 MB")
    assert "Bigger" not in journal.run("list").out


# --- plain messages --------------------------------------------------------------------------


def test_restoring_an_entry_that_is_not_in_the_trash_says_so(journal: Journal) -> None:
    message = one_line(journal.run("restore", str(journal.first)), 1)
    assert message == f"Entry {journal.first} is not in the trash, so there is nothing to restore."
    assert journal.run("delete", str(journal.first)).code == 0
    restored = journal.run("restore", str(journal.first))
    assert (restored.code, restored.out) == (0, f"Restored entry {journal.first}.\n")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--tag", "nosuch"), "No entries tagged #nosuch."),
        (("--since", "2001-01-01", "--until", "2001-12-31"), "No entries in that date range."),
        (("--until", "2001-12-31"), "No entries in that date range."),
        (
            ("--tag", "calm", "--since", "2001-01-01", "--until", "2001-12-31"),
            "No entries tagged #calm in that date range.",
        ),
    ],
)
def test_a_list_with_nothing_that_matches_says_so(
    journal: Journal, args: tuple[str, ...], said: str
) -> None:
    result = journal.run("list", *args)
    assert (result.code, result.out, result.err) == (0, said + "\n", "")


def test_an_empty_journal_still_says_no_entries_yet(tmp_path: Path) -> None:
    info = make_vault(tmp_path / "empty")
    info.vault.lock()
    pass_file = write_secret(tmp_path / "p.txt", PASSPHRASE)
    result = cli("--vault", str(info.folder), "--passphrase-file", str(pass_file), "list")
    assert result.out == "No entries yet.\n"


def test_open_bundle_on_a_backup_points_to_restore(journal: Journal) -> None:
    backup = journal.tmp / "journal.tjbackup"
    assert journal.run("backup", "-o", str(backup)).code == 0
    secret = write_secret(journal.tmp / "bundle.txt", "some bundle passphrase words")
    renamed = journal.tmp / "sent-to-me.age"  # known by its seal, whatever its name
    for named in (backup, renamed):
        if named == renamed:
            backup.rename(renamed)
        message = one_line(
            journal.run("open-bundle", str(named), "--bundle-passphrase-file", str(secret)), 2
        )
        assert message == (
            f"{named} is a backup of a vault, not a bundle; "
            f"'therapy-journal restore {named} --vault DIR' restores it."
        )


def test_open_bundle_on_a_folder_says_it_is_a_folder(journal: Journal) -> None:
    message = one_line(journal.run("open-bundle", str(journal.tmp)), 1)
    assert (
        message
        == f"{journal.tmp} is a folder; give the bundle file itself (an .age or .html file)."
    )


# --- the same passphrase rule as the app -------------------------------------------------------


@pytest.mark.parametrize(
    ("weak", "said"),
    [
        (
            "password123",
            "This is a very common password. "
            "This passphrase is easy to guess; add another word or two.",
        ),
        (
            "hunter22",
            "This is similar to a commonly used password. "
            "This passphrase is easy to guess; add another word or two.",
        ),
        ("short", "Use at least 8 characters; a few unrelated words work well."),
    ],
)
def test_an_easy_new_passphrase_is_refused_with_the_apps_words(
    journal: Journal, weak: str, said: str
) -> None:
    new = write_secret(journal.tmp / "new.txt", weak)
    assert one_line(journal.run("passwd", "--new-passphrase-file", str(new)), 2) == said
    assert journal.run("list").code == 0  # the old passphrase still opens the vault
    other = journal.tmp / "other"
    assert (
        one_line(cli("--vault", str(other), "init", "--new-passphrase-file", str(new)), 2) == said
    )
    assert not other.exists()


def test_a_strong_new_passphrase_is_taken(journal: Journal) -> None:
    new = write_secret(journal.tmp / "new.txt", "violet harbour quietly sings")
    assert journal.run("passwd", "--new-passphrase-file", str(new)).code == 0
    opened = cli("--vault", str(journal.folder), "--passphrase-file", str(new), "list")
    assert "First" in opened.out
