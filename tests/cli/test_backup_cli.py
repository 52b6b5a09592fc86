"""`therapy-journal backup` and `therapy-journal restore FILE`: messages, exit codes,
and what happens to the files, also with other processes at work on the vault."""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers.add_loop import title_for
from tests.helpers.backups import flipped, truncated
from tests.helpers.cli import Result, cli, cli_env, cli_process
from tests.helpers.journals import all_titles, open_journal
from tests.helpers.processes import spawn_writer, write_secret
from tests.helpers.vaults import file_hashes, make_vault
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.store.vault import Vault

PASSPHRASE = "the passphrase of the backed-up vault"


@dataclass
class Setup:
    folder: Path
    pass_file: Path
    recovery_file: Path
    tmp: Path

    def run(self, *args: str, vault: Path | None = None) -> Result:
        return cli(
            "--vault", str(vault or self.folder), "--passphrase-file", str(self.pass_file), *args
        )

    def backup(self, name: str = "journal.tjbackup") -> Path:
        result = self.run("backup", "-o", str(self.tmp / name))
        assert result.code == 0, result.err
        return self.tmp / name


@pytest.fixture
def setup(tmp_path: Path) -> Setup:
    info = make_vault(tmp_path / "vault", passphrase=PASSPHRASE)
    journal = JournalService(info.vault)
    for title in ("first", "second", "third"):
        journal.add(make_entry(title=title, body=f"the {title} entry"))
    info.vault.lock()
    return Setup(
        folder=info.folder,
        pass_file=write_secret(tmp_path / "pass.txt", PASSPHRASE),
        recovery_file=write_secret(tmp_path / "recovery.txt", info.recovery_key),
        tmp=tmp_path,
    )


def one_line_error(result: Result) -> str:
    assert result.out == ""
    assert result.err.count("\n") == 1 and result.err.startswith("therapy-journal: "), result.err
    return result.err


def titles_in(folder: Path, opened: list[Vault]) -> list[str]:
    return sorted(all_titles(open_journal(folder, PASSPHRASE, opened)).values())


# --- backup -------------------------------------------------------------------------


def test_backup_writes_a_tested_file_and_says_so(setup: Setup) -> None:
    result = setup.run("backup", "-o", str(setup.tmp / "b.tjbackup"))
    assert result.code == 0, result.err
    assert re.fullmatch(
        r"Wrote a backup of 3 entries to .*b\.tjbackup \(\d+\.\d MiB\); "
        r"its test restore passed\.\n",
        result.out,
    )
    assert "current passphrase, or with your recovery key" in result.err
    assert (setup.tmp / "b.tjbackup").stat().st_mode & 0o777 == 0o600


def test_backup_json_has_its_fields(setup: Setup) -> None:
    result = setup.run("backup", "-o", str(setup.tmp / "b.tjbackup"), "--json")
    assert result.code == 0, result.err
    fields = json.loads(result.out)
    assert set(fields) == {
        "path",
        "created",
        "size",
        "entries",
        "verified",
        "vault_damaged_pages",
    }
    assert fields["entries"] == 3 and fields["verified"] is True
    assert fields["vault_damaged_pages"] == []
    assert fields["size"] == (setup.tmp / "b.tjbackup").stat().st_size


def test_backup_with_a_wrong_passphrase_writes_nothing(setup: Setup) -> None:
    wrong = write_secret(setup.tmp / "wrong.txt", "not the passphrase")
    result = cli(
        "--vault", str(setup.folder), "--passphrase-file", str(wrong), "backup", "-o",
        str(setup.tmp / "b.tjbackup"),
    )  # fmt: skip
    assert result.code == 3
    one_line_error(result)
    assert not (setup.tmp / "b.tjbackup").exists()


def test_backup_into_the_vault_folder_is_refused(setup: Setup) -> None:
    before = file_hashes(setup.folder)
    result = setup.run("backup", "-o", str(setup.folder / "b.tjbackup"))
    assert result.code == 1
    assert "outside the vault folder" in one_line_error(result)
    assert file_hashes(setup.folder) == before


def test_help_lists_backup_and_both_kinds_of_restore(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli("--help")
    out = capsys.readouterr().out
    assert re.search(r"^\s+backup\s", out, re.MULTILINE)
    with pytest.raises(SystemExit):
        cli("restore", "--help")
    out = " ".join(capsys.readouterr().out.split())
    assert "ID|FILE" in out and "--replace" in out and "--recovery-key-file" in out
    assert "passphrase that was current when it was made, or the recovery key" in out


# --- restore FILE -------------------------------------------------------------------


def test_restore_into_a_new_folder_round_trips(setup: Setup, opened: list[Vault]) -> None:
    made = setup.backup()
    new = setup.tmp / "new"
    result = setup.run("restore", str(made), vault=new)
    assert result.code == 0, result.err
    assert "Restored 3 entries from the backup of " in result.out and str(new) in result.out
    assert "passphrase that was current when the backup was made" in result.err
    assert titles_in(new, opened) == ["first", "second", "third"]
    listed = setup.run("list", vault=new)
    assert listed.code == 0 and "third" in listed.out


def test_restore_with_the_recovery_key(setup: Setup, opened: list[Vault]) -> None:
    made = setup.backup()
    new = setup.tmp / "new"
    result = cli(
        "--vault", str(new), "restore", str(made), "--recovery-key-file", str(setup.recovery_file)
    )
    assert result.code == 0, result.err
    assert titles_in(new, opened) == ["first", "second", "third"]


def test_restore_onto_an_existing_vault_needs_replace(setup: Setup, opened: list[Vault]) -> None:
    made = setup.backup()
    assert (
        setup.run(
            "add",
            "--title",
            "after the backup",
        ).code
        == 0
    )
    before = file_hashes(setup.tmp)
    refused = setup.run("restore", str(made))
    assert refused.code == 1
    assert "--replace" in one_line_error(refused)
    assert file_hashes(setup.tmp) == before

    replaced = setup.run("restore", str(made), "--replace")
    assert replaced.code == 0, replaced.err
    (aside,) = setup.tmp.glob("vault.replaced-*")
    assert f"The vault that was there is kept in {aside}" in replaced.out
    assert titles_in(setup.folder, opened) == ["first", "second", "third"]
    assert "after the backup" in titles_in(aside, opened)


def test_restore_with_a_wrong_passphrase_exits_3_and_changes_nothing(setup: Setup) -> None:
    made = setup.backup()
    wrong = write_secret(setup.tmp / "wrong.txt", "not the passphrase")
    before = file_hashes(setup.tmp)
    for target in (setup.folder, setup.tmp / "new"):
        result = cli(
            "--vault", str(target), "--passphrase-file", str(wrong), "restore", str(made),
            "--replace",
        )  # fmt: skip
        assert result.code == 3
        assert "current when it was made" in one_line_error(result)
    assert file_hashes(setup.tmp) == before
    assert not (setup.tmp / "new").exists()


@pytest.mark.parametrize("damage", ["truncated", "flipped"])
def test_a_damaged_backup_exits_4_before_anything_is_written(setup: Setup, damage: str) -> None:
    made = setup.backup()
    size = made.stat().st_size
    bad = (
        truncated(made, setup.tmp / "bad.tjbackup", size - 1000)
        if damage == "truncated"
        else flipped(made, setup.tmp / "bad.tjbackup", size // 2)
    )
    before = file_hashes(setup.tmp)
    for target in (setup.folder, setup.tmp / "new"):
        result = setup.run("restore", str(bad), "--replace", vault=target)
        assert result.code == 4
        assert "cannot be used as a backup" in one_line_error(result)
    assert file_hashes(setup.tmp) == before
    assert not (setup.tmp / "new").exists()


def test_restore_without_a_secret_or_terminal_says_how_to_give_it(setup: Setup) -> None:
    made = setup.backup()
    env = cli_env(setup.tmp / "new")
    proc = cli_process("restore", str(made), env=env)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "--recovery-key-file" in proc.stderr
    assert not (setup.tmp / "new").exists()


# --- restore ID stays what it was ------------------------------------------------------


def test_restore_with_a_number_still_brings_an_entry_back(setup: Setup) -> None:
    assert setup.run("delete", "2").code == 0
    assert setup.run("restore", "2") == Result(0, "Restored entry 2.\n", "")


def test_restore_options_of_a_backup_with_an_entry_id_are_a_usage_error(setup: Setup) -> None:
    result = setup.run("restore", "2", "--replace")
    assert result.code == 2
    one_line_error(result)


def test_restore_of_something_that_is_neither_is_a_usage_error(setup: Setup) -> None:
    result = setup.run("restore", "abc")
    assert result.code == 2
    assert "neither an entry id" in one_line_error(result)


def test_a_number_that_names_an_existing_file_is_read_as_a_backup(
    setup: Setup, monkeypatch: pytest.MonkeyPatch, opened: list[Vault]
) -> None:
    made = setup.backup("12")
    monkeypatch.chdir(made.parent)
    result = setup.run("restore", "12", vault=setup.tmp / "new")
    assert result.code == 0, result.err
    assert titles_in(setup.tmp / "new", opened) == ["first", "second", "third"]


# --- other processes --------------------------------------------------------------------


def test_a_backup_taken_while_another_process_writes_restores_to_a_consistent_vault(
    setup: Setup, opened: list[Vault], reaper: list[subprocess.Popen[bytes]]
) -> None:
    writer = spawn_writer(setup.folder, setup.pass_file, prefix="w", count=0, body_chars=2000)
    reaper.append(writer)
    assert writer.stdout is not None
    assert writer.stdout.readline() == b"ready\n"
    for _ in range(5):  # it is writing
        assert writer.stdout.readline().startswith(b"added ")
    made = setup.tmp / "during.tjbackup"
    env = cli_env(setup.folder)
    proc = cli_process(
        "--passphrase-file", str(setup.pass_file), "backup", "-o", str(made), env=env
    )
    writer.kill()
    out, _ = writer.communicate(timeout=30)
    written_by_the_end = 5 + out.count(b"added ")
    assert proc.returncode == 0, proc.stderr

    new = setup.tmp / "new"
    assert setup.run("restore", str(made), vault=new).code == 0
    journal = open_journal(new, PASSPHRASE, opened)
    assert journal.integrity_problems() == []
    titles = set(all_titles(journal).values()) - {"first", "second", "third"}
    assert 5 <= len(titles) <= written_by_the_end
    # One moment in time: exactly the first k of the writer's entries.
    assert titles == {title_for("w", index) for index in range(len(titles))}


def test_restore_does_not_replace_a_vault_another_process_has_open(
    setup: Setup, reaper: list[subprocess.Popen[bytes]]
) -> None:
    made = setup.backup()
    holder = spawn_writer(setup.folder, setup.pass_file, prefix="h", wait_for_go=True)
    reaper.append(holder)
    assert holder.stdout is not None
    assert holder.stdout.readline() == b"ready\n"  # unlocked, holding the vault open
    before = file_hashes(setup.tmp)
    refused = setup.run("restore", str(made), "--replace")
    assert refused.code == 1
    assert "open in another program" in one_line_error(refused)
    assert file_hashes(setup.tmp) == before

    holder.kill()
    holder.communicate(timeout=30)
    assert setup.run("restore", str(made), "--replace").code == 0
