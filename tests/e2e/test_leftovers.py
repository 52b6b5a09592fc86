"""Killed halfway, a run leaves nothing behind for long: the next run (a CLI
command or the app) removes an export's unencrypted staging folder and a
backup's temporary files, and finishes or undoes a restore's swap, and says
in a line what it did. The processes are real and die by SIGKILL: from
outside while they report progress, or (for moments too short to hit from
outside, like between a restore's two renames) from inside, exactly there."""

from __future__ import annotations

import os
import pty
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.test_crash_safety import _read_until
from tests.helpers.cli import cli_env
from tests.helpers.journals import all_titles, open_journal
from tests.helpers.processes import REPO_ROOT, cli_argv, run_cli, write_secret
from tests.helpers.vaults import VaultInfo, make_vault
from therapy_journal.services.backup import BackupService
from therapy_journal.services.dates import now_local
from therapy_journal.services.journal import JournalService
from therapy_journal.store.models import NewEntry
from therapy_journal.store.vault import DB_NAME, Vault

ENTRIES = 3_000


@pytest.fixture
def big(vault_folder: Path) -> VaultInfo:
    """A locked vault of :data:`ENTRIES` entries of about 2 KB: exports and
    backups of it take long enough to be killed halfway from outside."""
    info = make_vault(vault_folder)
    now = now_local()
    entries = (
        NewEntry(
            created=now, title=f"entry {n}", body=f"private words {n} " * 120, mood=5, tags=("t",)
        )
        for n in range(ENTRIES)
    )
    JournalService(info.vault).import_entries(entries)
    info.vault.db.checkpoint()
    info.vault.lock()
    return info


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def pending_markers(vault: Path) -> list[str]:
    return sorted(p.name for p in vault.iterdir() if p.name.startswith(".pending-"))


def killed_on_progress(argv: list[str], env: dict[str, str], needle: bytes) -> None:
    """Run ``argv`` with stderr on a terminal (so it shows progress) and SIGKILL
    it as soon as ``needle`` appears there."""
    terminal, child_end = pty.openpty()
    try:
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=child_end,
            env=env,
            start_new_session=True,
        )
        os.close(child_end)
        try:
            _read_until(terminal, needle, proc, timeout=120)
            proc.send_signal(signal.SIGKILL)
        finally:
            proc.communicate(timeout=60)
    finally:
        os.close(terminal)
    assert proc.returncode == -signal.SIGKILL


def killed_inside(moment: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run the CLI so that it kills itself with SIGKILL at ``moment`` (see kill_at)."""
    env = {**env, "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), str(REPO_ROOT / "src")])}
    proc = subprocess.run(
        [sys.executable, "-m", "tests.helpers.kill_at", moment, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO_ROOT,
        timeout=120,
        check=False,
        start_new_session=True,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    return proc


def test_an_export_killed_halfway_has_its_unencrypted_files_removed_by_the_next_run(
    big: VaultInfo, tmp_path: Path
) -> None:
    secret = write_secret(tmp_path / "p.txt", big.passphrase)
    env = cli_env(big.folder)
    target = tmp_path / "export"
    argv = cli_argv(
        "--passphrase-file", str(secret), "export-all", "--format", "markdown", "-o", str(target)
    )

    killed_on_progress(argv, env, b"Exported 1,000 of")

    assert not target.exists()
    (stage,) = hidden(tmp_path)  # the staging folder, full of plaintext entries
    assert len(list((tmp_path / stage / "entries").iterdir())) >= 1_000
    assert len(pending_markers(big.folder)) == 1

    after = run_cli("--passphrase-file", str(secret), "list", "--limit", "1", env=env)

    assert after.returncode == 0, after.stderr
    assert after.stderr.count("\n") == 1
    assert "Removed the unfinished files of an export" in after.stderr
    assert "not encrypted" in after.stderr
    assert hidden(tmp_path) == [] and pending_markers(big.folder) == []
    again = run_cli("--passphrase-file", str(secret), "list", "--limit", "1", env=env)
    assert again.stderr == ""  # said once


def test_an_export_killed_while_moving_into_an_existing_folder_is_undone(
    big: VaultInfo, tmp_path: Path
) -> None:
    secret = write_secret(tmp_path / "p.txt", big.passphrase)
    env = cli_env(big.folder)
    target = tmp_path / "export"
    target.mkdir()

    killed_inside(
        "export-moving",
        "--passphrase-file",
        str(secret),
        "export-all",
        "--format",
        "json",
        "-o",
        str(target),
        env=env,
    )
    assert sorted(p.name for p in target.iterdir())  # half moved in

    after = run_cli("--passphrase-file", str(secret), "list", "--limit", "1", env=env)

    assert "Removed the unfinished files of an export" in after.stderr
    assert list(target.iterdir()) == []  # the empty folder it was, nothing half-written
    assert pending_markers(big.folder) == []


def test_a_backup_killed_halfway_has_its_temporary_files_removed_by_the_next_run(
    big: VaultInfo, tmp_path: Path
) -> None:
    secret = write_secret(tmp_path / "p.txt", big.passphrase)
    env = cli_env(big.folder)
    out = tmp_path / "backups"
    out.mkdir()

    killed_inside(
        "backup-packing",
        "--passphrase-file",
        str(secret),
        "backup",
        "-o",
        str(out / "b.tjbackup"),
        env=env,
    )
    left = hidden(out)
    # The snapshot and the archive (and the -wal and -shm of the snapshot, if
    # its check had opened it).
    assert len(left) >= 2 and all(name.startswith(".b.tjbackup.tj") for name in left)
    assert not (out / "b.tjbackup").exists()
    snapshot_size = max((out / name).stat().st_size for name in left)
    assert snapshot_size >= (big.folder / DB_NAME).stat().st_size // 2

    after = run_cli("--passphrase-file", str(secret), "list", "--limit", "1", env=env)

    assert after.returncode == 0, after.stderr
    assert "MiB of temporary files" in after.stderr and str(out) in after.stderr
    assert list(out.iterdir()) == [] and pending_markers(big.folder) == []


def test_a_backup_killed_from_outside_leaves_nothing_after_the_next_run(
    big: VaultInfo, tmp_path: Path
) -> None:
    secret = write_secret(tmp_path / "p.txt", big.passphrase)
    env = cli_env(big.folder)
    out = tmp_path / "backups"
    out.mkdir()
    argv = cli_argv("--passphrase-file", str(secret), "backup", "-o", str(out / "b.tjbackup"))

    killed_on_progress(argv, env, b"Backing up")

    run_cli("--passphrase-file", str(secret), "list", "--limit", "1", env=env)
    assert list(out.iterdir()) == [] and pending_markers(big.folder) == []


@pytest.fixture
def backup_and_other(big: VaultInfo, tmp_path: Path) -> tuple[Path, VaultInfo]:
    """A backup of ``big``, and another vault (three entries) to restore it over."""
    vault = Vault(big.folder)
    vault.unlock(big.passphrase)
    try:
        path = BackupService(vault).backup(tmp_path / "b.tjbackup").path
    finally:
        vault.lock()
    other = make_vault(tmp_path / "other", passphrase=big.passphrase)
    journal = JournalService(other.vault)
    for title in ("mine 1", "mine 2", "mine 3"):
        journal.add(NewEntry(created=now_local(), title=title, body="b", mood=None, tags=()))
    other.vault.lock()
    return path, other


def test_a_restore_killed_between_its_renames_is_finished_by_the_next_run(
    backup_and_other: tuple[Path, VaultInfo], tmp_path: Path, opened: list[Vault]
) -> None:
    backup, other = backup_and_other
    secret = write_secret(tmp_path / "p.txt", other.passphrase)
    env = cli_env(other.folder)

    killed_inside(
        "restore-between-renames",
        "--passphrase-file",
        str(secret),
        "restore",
        str(backup),
        "--replace",
        env=env,
    )
    assert not other.folder.exists()  # no vault at its place: the old one aside, the new hidden

    after = run_cli("--passphrase-file", str(secret), "list", "--limit", "5", env=env)

    assert after.returncode == 0, after.stderr
    assert "Finished the restore of a backup" in after.stderr
    assert "init" not in after.stderr
    (aside,) = [p for p in tmp_path.iterdir() if p.name.startswith("other.replaced-")]
    assert str(aside) in after.stderr
    assert len(all_titles(open_journal(other.folder, other.passphrase, opened))) == ENTRIES
    assert sorted(all_titles(open_journal(aside, other.passphrase, opened)).values()) == [
        "mine 1",
        "mine 2",
        "mine 3",
    ]
    assert hidden(tmp_path) == []


def test_a_restore_killed_between_its_renames_with_its_new_vault_incomplete_is_undone(
    backup_and_other: tuple[Path, VaultInfo], tmp_path: Path, opened: list[Vault]
) -> None:
    backup, other = backup_and_other
    secret = write_secret(tmp_path / "p.txt", other.passphrase)
    env = cli_env(other.folder)
    killed_inside(
        "restore-between-renames",
        "--passphrase-file",
        str(secret),
        "restore",
        str(backup),
        "--replace",
        env=env,
    )
    (staging,) = [p for p in tmp_path.iterdir() if p.name.startswith(".other.") and p.is_dir()]
    with (staging / DB_NAME).open("r+b") as db:  # the disk lost the end of the new vault
        db.truncate(4096)

    after = run_cli("--passphrase-file", str(secret), "list", "--limit", "5", env=env)

    assert after.returncode == 0, after.stderr
    assert "Undid the restore of a backup" in after.stderr
    assert sorted(all_titles(open_journal(other.folder, other.passphrase, opened)).values()) == [
        "mine 1",
        "mine 2",
        "mine 3",
    ]
    assert hidden(tmp_path) == []
    assert not [p for p in tmp_path.iterdir() if ".replaced-" in p.name]


def test_a_restore_killed_before_its_renames_leaves_the_vault_as_it_was(
    backup_and_other: tuple[Path, VaultInfo], tmp_path: Path, opened: list[Vault]
) -> None:
    backup, other = backup_and_other
    secret = write_secret(tmp_path / "p.txt", other.passphrase)
    env = cli_env(other.folder)
    killed_inside(
        "restore-before-renames",
        "--passphrase-file",
        str(secret),
        "restore",
        str(backup),
        "--replace",
        env=env,
    )
    assert len(hidden(tmp_path)) == 2  # the new vault, and the note of the swap

    after = run_cli("--passphrase-file", str(secret), "list", "--limit", "5", env=env)

    assert "Removed the unfinished copy of a restore" in after.stderr
    assert [line.split()[-1] for line in after.stdout.splitlines()] == ["3", "2", "1"]
    assert hidden(tmp_path) == []


def test_the_app_finishes_a_restore_killed_between_its_renames_before_it_starts(
    backup_and_other: tuple[Path, VaultInfo], tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from therapy_journal.gui.app import App, choose_vault  # noqa: PLC0415
    from therapy_journal.gui.settings import AppSettings  # noqa: PLC0415

    backup, other = backup_and_other
    secret = write_secret(tmp_path / "p.txt", other.passphrase)
    killed_inside(
        "restore-between-renames",
        "--passphrase-file",
        str(secret),
        "restore",
        str(backup),
        "--replace",
        env=cli_env(other.folder),
    )
    settings = AppSettings()
    settings.last_vault = str(other.folder)
    assert choose_vault(None, settings) == other.folder  # although it is away from its folder
    qapp = QApplication.instance() or QApplication([])
    app = App(qapp, other.folder, AppSettings())  # type: ignore[arg-type]
    try:
        app.start()
        assert app.first_run is None and app.unlock_window is not None  # no "create a vault"
        assert app.tidied and "Finished the restore" in app.tidied[0]
    finally:
        for window in app.top_windows():
            window.close()
            window.deleteLater()
        app.idle.set_minutes(0)
        QApplication.processEvents()
