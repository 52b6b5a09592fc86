"""Moving entries to the trash, undoing it, restoring and deleting for good."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.gui.helpers import click_row, listed_titles, row_titled, saved_entries, wait_listed
from tests.helpers.vaults import VaultInfo
from therapy_journal.gui.app import App
from therapy_journal.gui.journal.trash_area import TrashArea
from therapy_journal.gui.main_window import MainWindow
from therapy_journal.services.journal import make_entry
from therapy_journal.store.models import NewEntry

EARLIER = datetime(2024, 5, 1, 20, 0).astimezone()


@pytest.fixture
def seed_entries() -> list[NewEntry]:
    return [
        make_entry(title=title, body=f"about {title}", created=EARLIER + timedelta(hours=hour))
        for hour, title in enumerate(["Keep me", "Trash me", "Purge me"])
    ]


def trash_by_shortcut(qtbot: QtBot, window: MainWindow, title: str) -> None:
    click_row(qtbot, window.journal.view, row_titled(window, title))
    assert window.journal.editor.title.text() == title
    qtbot.keyClick(window, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)


def open_trash(qtbot: QtBot, window: MainWindow, count: int) -> TrashArea:
    trash = window.open_area("trash")
    assert isinstance(trash, TrashArea)
    assert window.stack.currentWidget() is trash
    qtbot.waitUntil(lambda: trash.model.rowCount() == count)
    return trash


def trash_titles(trash: TrashArea) -> list[str]:
    return [trash.model.index(r, 1).data() for r in range(trash.model.rowCount())]


def test_ctrl_delete_moves_to_the_trash_and_undo_brings_it_back(
    qtbot: QtBot, unlocked_app: App, vault_on_disk: VaultInfo
) -> None:
    window = unlocked_app.main_window
    assert window is not None
    assert not window.undo_button.isVisible()

    trash_by_shortcut(qtbot, window, "Trash me")
    wait_listed(qtbot, window, 2)
    assert "Trash me" not in listed_titles(window)
    assert window.journal.editor.title.text() == ""
    assert window.undo_button.isVisible()
    in_trash = {e.title for e in saved_entries(vault_on_disk.folder) if e.in_trash}
    assert in_trash == {"Trash me"}

    qtbot.mouseClick(window.undo_button, Qt.MouseButton.LeftButton)
    wait_listed(qtbot, window, 3)
    assert "Trash me" in listed_titles(window)
    assert not window.undo_button.isVisible()
    assert not any(e.in_trash for e in saved_entries(vault_on_disk.folder))


def test_the_trash_area_restores_and_deletes_for_good(
    qtbot: QtBot, unlocked_app: App, vault_on_disk: VaultInfo
) -> None:
    window = unlocked_app.main_window
    assert window is not None
    trash_by_shortcut(qtbot, window, "Trash me")
    wait_listed(qtbot, window, 2)
    trash_by_shortcut(qtbot, window, "Purge me")
    wait_listed(qtbot, window, 1)

    trash = open_trash(qtbot, window, 2)
    assert sorted(trash_titles(trash)) == ["Purge me", "Trash me"]

    click_row(qtbot, trash.view, trash_titles(trash).index("Trash me"))
    qtbot.mouseClick(trash.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: trash.model.rowCount() == 1)
    assert trash_titles(trash) == ["Purge me"]

    click_row(qtbot, trash.view, 0)
    qtbot.mouseClick(trash.purge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: trash.model.rowCount() == 0)

    window.open_area("journal")
    wait_listed(qtbot, window, 2)
    assert sorted(listed_titles(window)) == ["Keep me", "Trash me"]
    assert sorted(e.title for e in saved_entries(vault_on_disk.folder)) == ["Keep me", "Trash me"]
