"""Writing comes first: a new entry opens on Write with the cursor in the body,
and no keystroke is lost in the read-only preview."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.helpers import click_row
from therapy_journal.gui.app import App
from therapy_journal.gui.main_window import MainWindow
from therapy_journal.services.journal import make_entry
from therapy_journal.store.models import NewEntry


@pytest.fixture
def seed_entries() -> list[NewEntry]:
    return [
        make_entry(
            title="Read before",
            body="Some *older* words",
            created=datetime(2024, 2, 1, 8).astimezone(),
        )
    ]


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def left_on_preview(qtbot: QtBot, app: App) -> MainWindow:
    window = app.main_window
    assert window is not None
    click_row(qtbot, window.journal.view, 0)
    editor = window.journal.editor
    qtbot.waitUntil(lambda: editor.title.text() == "Read before")
    editor.tabs.setCurrentWidget(editor.preview)
    return window


def test_ctrl_n_after_an_entry_left_on_preview_opens_on_write_in_the_body(
    qtbot: QtBot, unlocked_app: App
) -> None:
    window = left_on_preview(qtbot, unlocked_app)
    editor = window.journal.editor
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert editor.tabs.currentWidget() is editor.body
    assert editor.body.hasFocus()
    qtbot.keyClicks(focused(), "First words")
    assert editor.body.toPlainText() == "First words"


def test_tab_from_the_title_never_lands_in_the_preview(qtbot: QtBot, unlocked_app: App) -> None:
    window = left_on_preview(qtbot, unlocked_app)
    editor = window.journal.editor
    editor.title.setFocus()
    qtbot.keyClick(editor.title, Qt.Key.Key_Tab)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert not editor.preview.hasFocus()
    editor.title.setFocus()
    qtbot.keyClick(editor.title, Qt.Key.Key_Tab)
    assert focused() is not editor.preview


def test_typing_that_reaches_the_preview_goes_to_write_and_is_kept(
    qtbot: QtBot, unlocked_app: App
) -> None:
    window = left_on_preview(qtbot, unlocked_app)
    editor = window.journal.editor
    cursor = editor.body.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.body.setTextCursor(cursor)
    qtbot.mouseClick(editor.preview.viewport(), Qt.MouseButton.LeftButton)
    assert editor.preview.hasFocus()
    qtbot.keyClicks(editor.preview, " and more")
    assert editor.tabs.currentWidget() is editor.body and editor.body.hasFocus()
    assert editor.body.toPlainText() == "Some *older* words and more"
    qtbot.waitUntil(lambda: not editor.dirty)  # saved like any typing
