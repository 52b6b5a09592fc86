"""The command line on a damaged vault, as real processes: `check` says in one
line what is wrong (SQLite's report only with --verbose), `backup` refuses to
write a backup that would not restore and says what can still be done, and a
backup of damage in unused pages is made whole and restores clean."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.helpers.cli import cli_process
from tests.helpers.damage import ENTRIES, damage, make_layered_vault
from tests.helpers.processes import write_secret
from tests.helpers.vaults import VaultInfo


@pytest.fixture
def layered(vault_folder: Path) -> VaultInfo:
    return make_layered_vault(vault_folder)


def run(info: VaultInfo, tmp_path: Path, *args: str):  # type: ignore[no-untyped-def]
    secret = write_secret(tmp_path / "pass.txt", info.passphrase)
    return cli_process("--passphrase-file", str(secret), *args, vault=info.folder)


def test_check_of_a_damaged_vault_is_one_line_and_details_come_with_verbose(
    layered: VaultInfo, tmp_path: Path
) -> None:
    page = damage(layered, "entries-leaf")

    plain = run(layered, tmp_path, "check")
    verbose = run(layered, tmp_path, "--verbose", "check")

    assert plain.returncode == 4 and plain.stdout == ""
    assert plain.stderr.count("\n") == 1, plain.stderr
    assert f"cannot be read (page {page})" in plain.stderr
    assert "therapy-journal salvage -o DIR" in plain.stderr
    assert verbose.returncode == 4
    assert f"  pages: HMAC verification failed for page {page}\n" in verbose.stderr
    assert "  structure: entries: " in verbose.stderr


def test_check_of_a_healthy_vault_is_one_line_on_stdout(layered: VaultInfo, tmp_path: Path) -> None:
    result = run(layered, tmp_path, "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1 and result.stdout.startswith("The vault is healthy")


def test_backup_of_a_damaged_vault_writes_nothing_and_says_what_can_still_be_done(
    layered: VaultInfo, tmp_path: Path
) -> None:
    page = damage(layered, "entries-leaf")
    out = tmp_path / "backups"
    out.mkdir()

    result = run(layered, tmp_path, "backup", "-o", str(out / "journal.tjbackup"))

    assert result.returncode == 4, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert f"cannot be read (page {page})" in result.stderr
    assert "No backup was written" in result.stderr
    assert "salvage -o DIR" in result.stderr and "export-all" in result.stderr
    assert "test restore passed" not in result.stdout + result.stderr
    assert list(out.iterdir()) == []  # no backup, no hidden temporary files


def test_a_backup_over_damaged_unused_pages_is_whole_and_restores_clean(
    layered: VaultInfo, tmp_path: Path
) -> None:
    page = damage(layered, "freed-pages")
    target = tmp_path / "journal.tjbackup"

    made = run(layered, tmp_path, "backup", "-o", str(target))
    assert made.returncode == 0, made.stderr
    assert "its test restore passed" in made.stdout
    assert f"1 unused page of the database (page {page}) cannot be read" in made.stderr
    assert "--replace" in made.stderr

    restored = run(layered, tmp_path, "--vault", str(tmp_path / "clean"), "restore", str(target))
    assert restored.returncode == 0, restored.stderr
    checked = run(layered, tmp_path, "--vault", str(tmp_path / "clean"), "check")
    assert checked.returncode == 0, checked.stderr
    listed = run(layered, tmp_path, "--vault", str(tmp_path / "clean"), "list", "--limit", "500")
    assert len(listed.stdout.splitlines()) == ENTRIES


def test_check_of_a_vault_that_no_longer_opens_points_to_salvage(
    layered: VaultInfo, tmp_path: Path
) -> None:
    damage(layered, "page-1")
    result = run(layered, tmp_path, "check")
    assert result.returncode == 4 and result.stderr.count("\n") == 1
    assert "journal.db is damaged" in result.stderr and "salvage -o DIR" in result.stderr


def test_salvage_of_a_vault_that_no_longer_opens_saves_its_entries(
    layered: VaultInfo, tmp_path: Path
) -> None:
    damage(layered, "page-1")
    assert run(layered, tmp_path, "list").returncode == 4  # the vault does not open
    out = tmp_path / "saved"

    result = run(layered, tmp_path, "salvage", "-o", str(out))

    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1
    assert result.stdout.startswith(f"Saved {ENTRIES} entries to {out}.")
    assert "not encrypted" in result.stderr
    assert len(list((out / "entries").iterdir())) == ENTRIES
    assert (out / "SALVAGE-REPORT.txt").exists()


def test_salvage_json_lists_what_was_saved_and_lost(layered: VaultInfo, tmp_path: Path) -> None:
    damage(layered, "entries-overflow")
    result = run(
        layered, tmp_path, "salvage", "-o", str(tmp_path / "s"), "--format", "json", "--json"
    )
    assert result.returncode == 0, result.stderr
    fields = json.loads(result.stdout)
    assert set(fields) == {
        "format",
        "folder",
        "saved",
        "partial",
        "lost",
        "in_trash",
        "pages",
        "pages_lost",
        "read_pages",
    }
    assert fields["saved"] == ENTRIES - 1 and len(fields["partial"]) == 1 and fields["lost"] == []
    assert fields["format"] == "json" and (tmp_path / "s" / "journal.json").exists()


def test_salvage_with_nothing_readable_exits_4_and_writes_nothing(
    layered: VaultInfo, tmp_path: Path
) -> None:
    db = layered.folder / "journal.db"
    db.write_bytes(os.urandom(db.stat().st_size))
    result = run(layered, tmp_path, "salvage", "-o", str(tmp_path / "s"))
    assert result.returncode == 4
    assert result.stderr.count("\n") == 1 and "Not one entry could be read" in result.stderr
    assert not (tmp_path / "s").exists()


def test_salvage_with_a_wrong_passphrase_exits_3_and_writes_nothing(
    layered: VaultInfo, tmp_path: Path
) -> None:
    wrong = write_secret(tmp_path / "wrong.txt", "not the passphrase")
    result = cli_process(
        "--passphrase-file", str(wrong), "salvage", "-o", str(tmp_path / "s"), vault=layered.folder
    )
    assert result.returncode == 3 and result.stderr.count("\n") == 1
    assert not (tmp_path / "s").exists()
