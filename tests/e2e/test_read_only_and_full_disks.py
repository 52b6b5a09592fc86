"""A vault on a disk that cannot be written (a backup drive mounted read-only)
can be read, searched, exported, checked and backed up; every change is
refused in one plain line that says nothing was changed. On a full disk the
person is told the disk is full.

The disks are real: a tmpfs mounted on the test's folder, remounted
read-only or filled to the last byte (see tests/helpers/mounts.py). As root,
a folder's mode does not stop writes, so the read-only cases use a real
read-only mount; one case uses folder modes with root's powers dropped.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.test_write_failures import _without_root_powers
from tests.helpers.cli import cli_env
from tests.helpers.mounts import fill, remount, tmpfs
from tests.helpers.processes import run_cli, write_secret
from tests.helpers.vaults import VaultInfo, file_hashes, make_vault
from therapy_journal.services.journal import JournalService, make_entry

TITLES = ["third", "second", "first"]  # newest first, as list shows them
NEW_PASSPHRASE = "another long passphrase entirely"


def _seed(folder: Path, *, lock: bool = True) -> VaultInfo:
    info = make_vault(folder)
    journal = JournalService(info.vault)
    for title in reversed(TITLES):
        journal.add(make_entry(title=title, body=f"the {title} entry's body"))
    if lock:
        info.vault.lock()
    return info


class Media:
    """A seeded vault on its own disk, and a passphrase file outside it."""

    def __init__(self, info: VaultInfo, passphrase_file: Path, out: Path) -> None:
        self.info = info
        self.folder = info.folder
        self.passphrase_file = passphrase_file
        self.out = out  # a writable folder for exports and backups

    def cli(self, *args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[str]:
        return run_cli(
            "--passphrase-file",
            str(self.passphrase_file),
            *args,
            env=cli_env(self.folder),
            stdin=stdin,
        )


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    with tmpfs(tmp_path / "disk", "16m") as mounted:
        yield mounted


@pytest.fixture
def read_only_media(disk: Path, tmp_path: Path) -> Iterator[Media]:
    """A seeded vault, closed cleanly, on a disk then remounted read-only."""
    info = _seed(disk / "vault")
    passphrase_file = write_secret(tmp_path / "p.txt", info.passphrase)
    remount(disk, read_only=True)
    yield Media(info, passphrase_file, tmp_path / "out")


def _one_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


def _listed(stdout: str) -> list[str]:
    return [line.split()[-1] for line in stdout.splitlines()]


# --- reading from read-only media ------------------------------------------------


def test_list_reads_a_vault_on_read_only_media(read_only_media: Media) -> None:
    result = read_only_media.cli("list")
    assert result.returncode == 0, result.stderr
    assert _listed(result.stdout) == TITLES
    assert result.stderr == ""


def test_show_and_search_read_a_vault_on_read_only_media(read_only_media: Media) -> None:
    listed = json.loads(read_only_media.cli("list", "--json").stdout)
    first = next(entry for entry in listed if entry["title"] == "first")
    shown = read_only_media.cli("show", str(first["id"]))
    assert shown.returncode == 0, shown.stderr
    assert "the first entry's body" in shown.stdout
    found = read_only_media.cli("search", "second", "--json")
    assert found.returncode == 0, found.stderr
    assert [hit["title"] for hit in json.loads(found.stdout)] == ["second"]


def test_export_all_and_check_work_on_read_only_media(read_only_media: Media) -> None:
    exported = read_only_media.cli("export-all", "--format", "json", "-o", str(read_only_media.out))
    assert exported.returncode == 0, exported.stderr
    assert "Exported 3 entries" in exported.stdout
    checked = read_only_media.cli("check")
    assert checked.returncode == 0, checked.stderr
    assert "healthy" in checked.stdout
    assert "search index was not compared" in checked.stdout  # it needs a write


def test_a_backup_is_made_from_read_only_media(read_only_media: Media, tmp_path: Path) -> None:
    target = tmp_path / "from-the-drive.tjbackup"
    result = read_only_media.cli("backup", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert target.stat().st_size > 0


# --- changing it is refused -------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        (("add", "--title", "new"), b"a new body"),
        (("delete", "1"), b""),
    ],
    ids=["add", "delete"],
)
def test_a_change_on_read_only_media_is_refused_in_one_line(
    read_only_media: Media, args: tuple[str, ...], stdin: bytes
) -> None:
    before = file_hashes(read_only_media.folder)
    result = read_only_media.cli(*args, stdin=stdin)
    assert result.returncode == 1, result.stderr
    line = _one_line(result.stderr)
    assert "can only be read here" in line
    assert "Nothing was changed." in line
    assert file_hashes(read_only_media.folder) == before
    assert _listed(read_only_media.cli("list").stdout) == TITLES


def test_passwd_on_read_only_media_is_one_plain_refusal(read_only_media: Media) -> None:
    # Before, a warning about removing a temporary file that was never made
    # came first: unlinking on a read-only disk fails even for a missing name.
    new_file = write_secret(read_only_media.out.parent / "new.txt", NEW_PASSPHRASE)
    before = file_hashes(read_only_media.folder)
    result = read_only_media.cli("passwd", "--new-passphrase-file", str(new_file))
    assert result.returncode == 1, result.stderr
    line = _one_line(result.stderr)
    assert "read-only disk" in line
    assert "The previous key file is unchanged." in line
    assert "temporary" not in result.stderr
    assert file_hashes(read_only_media.folder) == before


# --- what a copy taken while the app ran leaves behind -----------------------------


def _copy_while_open(source: Path, target: Path, *, with_shm: bool) -> VaultInfo:
    """Seed a vault, add one more entry that stays in the write-ahead log, and
    copy the folder as it is (as a backup tool or a crash would leave it)."""
    info = _seed(source, lock=False)
    info.vault.db.checkpoint()
    JournalService(info.vault).add(make_entry(title="fourth", body="only in the log"))
    shutil.copytree(source, target)
    info.vault.lock()
    assert (target / "journal.db-wal").stat().st_size > 0
    if not with_shm:
        (target / "journal.db-shm").unlink()
    return VaultInfo(info.vault, target, info.passphrase, info.recovery_key)


def test_changes_still_in_the_log_are_read_from_read_only_media(disk: Path, tmp_path: Path) -> None:
    info = _copy_while_open(tmp_path / "source", disk / "vault", with_shm=True)
    media = Media(info, write_secret(tmp_path / "p.txt", info.passphrase), tmp_path / "out")
    remount(disk, read_only=True)
    result = media.cli("list")
    assert result.returncode == 0, result.stderr
    assert _listed(result.stdout) == ["fourth", *TITLES]


def test_a_log_that_cannot_be_read_without_writing_is_refused_not_ignored(
    disk: Path, tmp_path: Path
) -> None:
    info = _copy_while_open(tmp_path / "source", disk / "vault", with_shm=False)
    media = Media(info, write_secret(tmp_path / "p.txt", info.passphrase), tmp_path / "out")
    remount(disk, read_only=True)
    result = media.cli("list")
    assert result.returncode == 1, result.stderr
    line = _one_line(result.stderr)
    assert "journal.db-wal" in line
    assert "copy the vault folder to a writable disk" in line
    assert result.stdout == ""  # never the vault as it was before its latest changes


# --- a folder whose mode forbids writing --------------------------------------------


def test_list_reads_a_vault_whose_folder_and_files_are_not_writable(
    vault_folder: Path, tmp_path: Path
) -> None:
    info = _seed(vault_folder)
    passphrase_file = write_secret(tmp_path / "p.txt", info.passphrase)
    for path in (*vault_folder.iterdir(), vault_folder):
        path.chmod(path.stat().st_mode & ~0o222)
    try:
        result = run_cli(
            "--passphrase-file",
            str(passphrase_file),
            "list",
            env=cli_env(vault_folder),
            preexec_fn=_without_root_powers(),
        )
    finally:
        vault_folder.chmod(0o700)
    assert result.returncode == 0, result.stderr
    assert _listed(result.stdout) == TITLES
    assert sorted(p.name for p in vault_folder.iterdir()) == ["journal.db", "vault.key"]


# --- a full disk ---------------------------------------------------------------------


def test_list_on_a_full_disk_says_the_disk_is_full(disk: Path, tmp_path: Path) -> None:
    info = _seed(disk / "vault")
    passphrase_file = write_secret(tmp_path / "p.txt", info.passphrase)
    key_and_db = {
        name: (disk / "vault" / name).read_bytes() for name in ("vault.key", "journal.db")
    }
    fill(disk)

    result = run_cli("--passphrase-file", str(passphrase_file), "list", env=cli_env(info.folder))

    assert result.returncode == 1, result.stderr
    line = _one_line(result.stderr)
    assert f"The disk holding {info.folder} is full" in line
    assert "Nothing was changed." in line
    assert result.stdout == ""
    for name, data in key_and_db.items():
        assert (disk / "vault" / name).read_bytes() == data


def test_the_same_list_works_once_space_is_freed(disk: Path, tmp_path: Path) -> None:
    # The control for the test above: the vault was not harmed by the attempt.
    info = _seed(disk / "vault")
    passphrase_file = write_secret(tmp_path / "p.txt", info.passphrase)
    filler = fill(disk)
    env = cli_env(info.folder)
    assert run_cli("--passphrase-file", str(passphrase_file), "list", env=env).returncode == 1
    filler.unlink()
    result = run_cli("--passphrase-file", str(passphrase_file), "list", env=env)
    assert result.returncode == 0, result.stderr
    assert _listed(result.stdout) == TITLES
