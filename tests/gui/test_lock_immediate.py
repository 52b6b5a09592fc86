"""Locking is immediate, whatever work is running, and the app then starts afresh.

In these tests the app runs in the test's own process, so its ``relaunch``
(which replaces the process image: see tests/e2e/test_lock_memory.py for the
real one) is a recorder; everything up to it is the app's own lock.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.gui.helpers import saved_entries, unlock_through_window
from tests.helpers.vaults import VaultInfo
from therapy_journal.gui.app import App
from therapy_journal.gui.dialogs.data_dialogs import ImportDialog
from therapy_journal.services.backup import BackupService
from therapy_journal.services.journal import make_entry

RELEASE_AFTER_S = 20.0


@pytest.fixture
def relaunched(unlocked_app: App) -> list[Path]:
    """The vault folders the app asked to start afresh on."""
    calls: list[Path] = []
    unlocked_app.relaunch = calls.append
    return calls


def test_lock_does_not_wait_for_background_work_and_drops_its_result(
    qtbot: QtBot, unlocked_app: App, relaunched: list[Path]
) -> None:
    release = threading.Event()
    # If the lock waited for the work, only this timer (on its own thread)
    # would let it go on.
    safety = threading.Timer(RELEASE_AFTER_S, release.set)
    safety.start()
    delivered: list[object] = []
    unlocked_app.session.tasks.run(lambda: release.wait() and "result", delivered.append)
    window = unlocked_app.main_window
    assert window is not None
    try:
        window.lock_action.trigger()
        assert not release.is_set(), "the lock waited for the work"
        assert not unlocked_app.vault.is_unlocked
        assert unlocked_app.main_window is None
        assert not unlocked_app.tasks.busy  # the unlock window takes a passphrase at once
    finally:
        release.set()
        safety.cancel()
    unlocked_app.tasks.wait()
    qtbot.wait(50)  # the abandoned task's signal arrives, and is dropped
    assert delivered == []
    assert relaunched == [unlocked_app.vault.folder]


def _jsonl(path: Path, count: int) -> Path:
    rows = (
        json.dumps({"created": f"2020-01-01T{n % 24:02d}:00:00+00:00", "title": f"n{n}",
                    "body": f"imported entry {n}"})
        for n in range(count)
    )  # fmt: skip
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_lock_cancels_an_import_under_way_so_nothing_is_half_imported(
    qtbot: QtBot,
    unlocked_app: App,
    vault_on_disk: VaultInfo,
    relaunched: list[Path],
    tmp_path: Path,
) -> None:
    window = unlocked_app.main_window
    assert window is not None
    dialog = ImportDialog(unlocked_app.session, window)
    dialog.format.setCurrentIndex(dialog.format.findData("jsonl"))
    dialog.path.setText(str(_jsonl(tmp_path / "many.jsonl", 40_000)))
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.progress.value() > 0, timeout=30_000)  # under way

    window.lock_action.trigger()

    assert not unlocked_app.vault.is_unlocked
    unlocked_app.tasks.wait()
    assert saved_entries(vault_on_disk.folder) == []
    assert relaunched == [vault_on_disk.folder]


def test_auto_lock_starts_afresh_too(
    qtbot: QtBot, unlocked_app: App, relaunched: list[Path]
) -> None:
    unlocked_app.idle.timer.setInterval(10)
    unlocked_app.idle.timer.start()
    qtbot.waitUntil(lambda: relaunched == [unlocked_app.vault.folder])
    assert not unlocked_app.vault.is_unlocked


def test_quitting_locks_without_starting_again(
    qtbot: QtBot, unlocked_app: App, relaunched: list[Path]
) -> None:
    window = unlocked_app.main_window
    assert window is not None
    window.quit_action.trigger()
    assert not unlocked_app.vault.is_unlocked
    assert relaunched == []


def test_after_a_restore_the_app_starts_afresh_once_its_dialog_is_closed(
    qtbot: QtBot,
    unlocked_app: App,
    vault_on_disk: VaultInfo,
    relaunched: list[Path],
    tmp_path: Path,
) -> None:
    session = unlocked_app.session
    session.journal.add(make_entry(title="in the backup", body="kept"))
    backup = BackupService(session.vault).backup(tmp_path / "b.tjbackup")
    dialog = unlocked_app.restore_backup()
    qtbot.addWidget(dialog)
    dialog.path.setText(str(backup.path))
    dialog.secret.setText(vault_on_disk.passphrase)
    dialog.start_button.click()  # locks here; the restore runs while the dialog shows it
    assert not unlocked_app.vault.is_unlocked
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=30_000)
    assert relaunched == []  # the dialog still says how it went
    dialog.close()
    assert relaunched == [vault_on_disk.folder]


def test_without_a_new_process_the_lock_still_shows_the_unlock_window(
    qtbot: QtBot, unlocked_app: App
) -> None:
    """What the app does where it cannot replace its process (relaunch returns)."""
    unlocked_app.relaunch = lambda folder: None
    window = unlocked_app.main_window
    assert window is not None
    window.lock_action.trigger()
    assert unlocked_app.unlock_window is not None and unlocked_app.unlock_window.isVisible()
    unlock_through_window(qtbot, unlocked_app)
