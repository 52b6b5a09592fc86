"""Backups from the app: now, on a schedule, and restoring one, on a real vault."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.gui.helpers import unlock_through_window
from tests.helpers.vaults import VaultInfo
from therapy_journal.gui.app import App
from therapy_journal.gui.dialogs.backup_dialogs import (
    AUTO_PREFIX,
    BackupDialog,
    backup_name,
    prune,
)
from therapy_journal.services.backup import BACKUP_SUFFIX, BackupService, inspect_backup
from therapy_journal.services.journal import make_entry


def test_back_up_now_writes_a_tested_backup_and_shows_its_date(
    qtbot: QtBot, unlocked_app: App, tmp_path: Path
) -> None:
    window = unlocked_app.main_window
    assert window is not None
    assert "No tested backup yet" in window.backup_label.text()
    unlocked_app.session.journal.add(make_entry(title="Keep me", body="safe"))
    dialog = BackupDialog(unlocked_app.session, window)
    qtbot.addWidget(dialog)
    dialog.backed_up.connect(window._backed_up)
    target = tmp_path / "now.tjbackup"
    dialog.path.setText(str(target))
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=30_000)
    assert dialog.result_ is not None and dialog.result_.verified
    assert "test-restored" in dialog.message.text()
    assert inspect_backup(target).entries == 1
    assert target.stat().st_mode & 0o777 == 0o600
    assert "Last tested backup" in window.backup_label.text()


def test_automatic_backups_run_when_due_and_keep_only_the_last_n(
    qtbot: QtBot, unlocked_app: App, tmp_path: Path
) -> None:
    window = unlocked_app.main_window
    assert window is not None
    folder = tmp_path / "backups"
    folder.mkdir()
    old = datetime(2026, 1, 1, 9, 0)
    for day in range(3):  # three older automatic backups (names only matter here)
        (folder / backup_name(old + timedelta(days=day), automatic=True)).write_bytes(b"x")
    (folder / f"mine{BACKUP_SUFFIX}").write_bytes(b"a backup made by hand stays")
    schedule = window.schedule
    schedule.settings.backup_every = "daily"
    schedule.settings.backup_folder = str(folder)
    schedule.settings.backup_keep = 2
    assert schedule.check()
    qtbot.waitUntil(lambda: not schedule.running, timeout=30_000)
    autos = sorted(p.name for p in folder.iterdir() if p.name.startswith(AUTO_PREFIX))
    assert len(autos) == 2 and autos[0].startswith(AUTO_PREFIX + "20260103")
    assert (folder / f"mine{BACKUP_SUFFIX}").exists()
    assert BackupService(unlocked_app.session.vault).last_verified() is not None
    assert not schedule.check()  # not due again today


def test_prune_leaves_other_files_alone(tmp_path: Path) -> None:
    for name in ("notes.txt", f"{AUTO_PREFIX}bad{BACKUP_SUFFIX}"):
        (tmp_path / name).write_text("x")
    assert prune(tmp_path, 1) == []


def test_restoring_a_backup_locks_replaces_and_keeps_the_old_vault(
    qtbot: QtBot, unlocked_app: App, vault_on_disk: VaultInfo, tmp_path: Path
) -> None:
    session = unlocked_app.session
    session.journal.add(make_entry(title="Before the backup", body="kept"))
    target = tmp_path / "b.tjbackup"
    BackupService(session.vault).backup(target)
    session.journal.add(make_entry(title="After the backup", body="not in it"))
    dialog = unlocked_app.restore_backup()
    qtbot.addWidget(dialog)
    dialog.path.setText(str(target))
    dialog.secret.setText("not the passphrase")
    dialog.start_button.click()  # locks, then refuses: nothing changes
    qtbot.waitUntil(dialog.start_button.isEnabled, timeout=30_000)
    assert unlocked_app.main_window is None and dialog.result_ is None
    assert "passphrase" in dialog.message.text().lower()
    dialog.secret.setText(vault_on_disk.passphrase)
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=30_000)
    assert dialog.result_ is not None and dialog.result_.replaced is not None
    assert dialog.result_.replaced.exists()
    dialog.close()
    window = unlock_through_window(qtbot, unlocked_app, vault_on_disk.passphrase)
    titles = [s.title for s in window.journal.session.journal.summaries(
        list(window.journal.session.journal.ids()))]  # fmt: skip
    assert titles == ["Before the backup"]
