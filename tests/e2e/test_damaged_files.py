"""A damaged or missing vault file gets one clear line, exit code 4, and no
file in the vault changes: no byte, no new file (not even a -wal or -shm).
A wrong passphrase gets exit code 3 and changes nothing either."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.cli import cli_env
from tests.helpers.processes import run_cli, write_secret
from tests.helpers.vaults import VaultInfo, file_hashes

SEED = 1_234_567


def _truncate_to(fraction_or_size: float | int) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        size = path.stat().st_size
        keep = (
            int(size * fraction_or_size)
            if isinstance(fraction_or_size, float)
            else fraction_or_size
        )
        with path.open("r+b") as handle:
            handle.truncate(keep)

    return damage


def _garbage(path: Path) -> None:
    path.write_bytes(random.Random(SEED).randbytes(path.stat().st_size))


def _delete(path: Path) -> None:
    path.unlink()


# name -> (file damaged, how)
DAMAGE: dict[str, tuple[str, Callable[[Path], None]]] = {
    "db-truncated-to-half": ("journal.db", _truncate_to(0.5)),
    "db-truncated-to-100-bytes": ("journal.db", _truncate_to(100)),
    "db-truncated-to-0-bytes": ("journal.db", _truncate_to(0)),
    "db-garbage": ("journal.db", _garbage),
    "db-missing": ("journal.db", _delete),
    "key-truncated": ("vault.key", _truncate_to(0.5)),
    "key-garbage": ("vault.key", _garbage),
    "key-empty": ("vault.key", _truncate_to(0)),
    "key-missing": ("vault.key", _delete),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_cli_list_on_a_damaged_vault_exits_4_with_one_line_and_changes_no_file(
    damage: str, seeded_vault: VaultInfo, tmp_path: Path
) -> None:
    folder = seeded_vault.folder
    name, how = DAMAGE[damage]
    assert (folder / "journal.db").stat().st_size > 8 * 4096  # several pages to lose
    how(folder / name)
    passphrase_file = write_secret(tmp_path / "p.txt", seeded_vault.passphrase)
    before = file_hashes(folder)

    result = run_cli("--passphrase-file", str(passphrase_file), "list", env=cli_env(folder))

    assert result.returncode == 4, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert name in lines[0]
    assert "backup" in lines[0]
    assert result.stdout == ""
    assert file_hashes(folder) == before  # same bytes, and the same set of files


def test_cli_list_with_a_wrong_passphrase_exits_3_and_changes_no_file(
    seeded_vault: VaultInfo, tmp_path: Path
) -> None:
    folder = seeded_vault.folder
    wrong = write_secret(tmp_path / "wrong.txt", "not the passphrase at all")
    before = file_hashes(folder)

    result = run_cli("--passphrase-file", str(wrong), "list", env=cli_env(folder))

    assert result.returncode == 3, result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert "passphrase" in result.stderr
    assert file_hashes(folder) == before


def test_damage_checks_leave_an_intact_vault_listable(
    seeded_vault: VaultInfo, tmp_path: Path
) -> None:
    # The control for the tests above: undamaged, the same command works and
    # leaves the same files behind.
    folder = seeded_vault.folder
    passphrase_file = write_secret(tmp_path / "p.txt", seeded_vault.passphrase)
    before = set(file_hashes(folder))

    result = run_cli("--passphrase-file", str(passphrase_file), "list", env=cli_env(folder))

    assert result.returncode == 0, result.stderr
    assert [line.split()[-1] for line in result.stdout.splitlines()] == ["third", "second", "first"]
    assert set(file_hashes(folder)) == before
