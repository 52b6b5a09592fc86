"""The app on a vault whose disk cannot be written (a backup drive mounted
read-only): it opens, says so in a notice above the areas, shows and searches
the entries, and offers no editing; nothing it does at start tries to write.

The disk is a real tmpfs remounted read-only (tests/helpers/mounts.py); the
test is skipped where mounting is not permitted.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.gui.helpers import click_row, unlock_through_window, wait_listed
from tests.helpers.mounts import remount, tmpfs
from tests.helpers.vaults import VaultInfo
from therapy_journal.gui.app import App
from therapy_journal.gui.main_window import MainWindow
from therapy_journal.services.milestones import MilestoneService
from therapy_journal.store.models import NewEntry

NOTICE = "can only be read here"


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    with tmpfs(tmp_path / "disk", "16m") as mounted:
        yield mounted


@pytest.fixture
def vault_folder(disk: Path) -> Path:
    return disk / "vault"


@pytest.fixture
def seed_entries() -> list[NewEntry]:
    return [
        NewEntry(created=datetime(2026, 3, day, 9).astimezone(), title=title, body=body)
        for day, title, body in ((1, "older", "first words"), (2, "newer", "kept on the drive"))
    ]


@pytest.fixture
def read_only_window(
    qtbot: QtBot,
    gui_app: App,
    vault_on_disk: VaultInfo,
    disk: Path,
    seed_entries: list[NewEntry],
) -> MainWindow:
    # A milestone not celebrated yet: showing it marks it celebrated, a write.
    vault_on_disk.vault.unlock(vault_on_disk.passphrase)
    MilestoneService(vault_on_disk.vault).record("streak_7")
    vault_on_disk.vault.lock()
    remount(disk, read_only=True)
    gui_app.start()
    window = unlock_through_window(qtbot, gui_app, vault_on_disk.passphrase)
    wait_listed(qtbot, window, len(seed_entries))
    return window


def test_a_vault_on_read_only_media_opens_with_a_notice_and_no_editing(
    qtbot: QtBot, read_only_window: MainWindow, shown_messages: list[str]
) -> None:
    window = read_only_window
    assert window.session.vault.read_only
    notice = window.read_only_notice
    assert notice.isVisible()
    assert NOTICE in notice.text()
    assert not window.new_action.isEnabled()
    assert not window.import_action.isEnabled()
    assert not window.journal.new_button.isEnabled()
    assert not window.journal.trash_button.isEnabled()
    assert not window.journal.daily.write.isEnabled()  # "Write about this"
    qtbot.waitUntil(lambda: window.journal.daily.suggestion is not None)  # chosen, not kept
    # The milestone still shows; marking it celebrated is not tried.
    qtbot.waitUntil(window.banner.isVisible)
    qtbot.wait(200)
    assert shown_messages == []


def test_an_entry_on_read_only_media_can_be_read_but_not_changed(
    qtbot: QtBot, read_only_window: MainWindow, shown_messages: list[str]
) -> None:
    journal = read_only_window.journal
    click_row(qtbot, journal.view, 0)
    editor = journal.editor
    qtbot.waitUntil(lambda: editor.body.toPlainText() == "kept on the drive")
    assert editor.body.isReadOnly() and editor.title.isReadOnly() and editor.tags.isReadOnly()
    assert not editor.mood.isEnabled()
    qtbot.keyClicks(editor.body, "typed on a drive that cannot keep it")
    qtbot.keyClick(editor.body, Qt.Key.Key_Return)
    assert editor.body.toPlainText() == "kept on the drive"
    assert not editor.dirty
    read_only_window.new_entry()  # Ctrl+N, or "Write from this prompt"
    assert editor.body.toPlainText() == "kept on the drive"
    assert NOTICE in read_only_window.statusBar().currentMessage()
    assert shown_messages == []


def test_a_writable_vault_has_no_notice_and_can_be_edited(unlocked_app: App) -> None:
    # The control for the tests above: the same window on an ordinary folder.
    window = unlocked_app.main_window
    assert window is not None
    assert not window.session.vault.read_only
    assert not window.read_only_notice.isVisible()
    assert window.new_action.isEnabled()
    assert not window.journal.editor.body.isReadOnly()
