"""The recovery key on the clipboard: marked secret, and taken back.

It is marked for clipboard managers (``x-kde-passwordManagerHint: secret``),
and cleared 30 s after it was copied, at lock and at quit, but only while the
clipboard still holds it: what the person copied since stays.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QClipboard, QGuiApplication
from pytestqt.qtbot import QtBot

from therapy_journal.gui import clipboard
from therapy_journal.gui.app import App
from therapy_journal.gui.dialogs.first_run import FirstRunDialog

STRONG = "mossy kettle orbit lantern"


@pytest.fixture(autouse=True)
def empty_clipboard() -> Iterator[QClipboard]:
    board = QGuiApplication.clipboard()
    board.clear()
    yield board
    clipboard.forget_secrets()
    board.clear()


def key_page(qtbot: QtBot, app: App) -> FirstRunDialog:
    """The first run, up to the page that shows the recovery key."""
    app.start()
    dialog = app.first_run
    assert dialog is not None
    qtbot.keyClicks(dialog.fields.passphrase, STRONG)
    qtbot.keyClicks(dialog.fields.confirm, STRONG)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1)
    return dialog


def test_copy_puts_the_recovery_key_on_the_clipboard_marked_as_secret(
    qtbot: QtBot, gui_app: App, empty_clipboard: QClipboard
) -> None:
    dialog = key_page(qtbot, gui_app)
    key = dialog.key_page.key_label.text()
    qtbot.mouseClick(dialog.key_page.copy_button, Qt.MouseButton.LeftButton)
    assert empty_clipboard.text() == key
    data = empty_clipboard.mimeData()
    assert data is not None
    assert bytes(data.data(clipboard.SECRET_HINT_TYPE).data()) == b"secret"


def test_ctrl_c_on_the_shown_key_copies_it_marked_as_secret(
    qtbot: QtBot, gui_app: App, empty_clipboard: QClipboard
) -> None:
    dialog = key_page(qtbot, gui_app)
    label = dialog.key_page.key_label
    assert label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    label.setFocus()
    qtbot.keyClick(label, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # select all
    qtbot.keyClick(label, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert empty_clipboard.text() == label.text()
    data = empty_clipboard.mimeData()
    assert data is not None
    assert bytes(data.data(clipboard.SECRET_HINT_TYPE).data()) == b"secret"
    assert clipboard.shared().timer.isActive()


def test_the_copied_key_is_cleared_after_30_seconds(
    qtbot: QtBot, gui_app: App, empty_clipboard: QClipboard
) -> None:
    dialog = key_page(qtbot, gui_app)
    qtbot.mouseClick(dialog.key_page.copy_button, Qt.MouseButton.LeftButton)
    timer = clipboard.shared().timer
    assert timer.isActive() and timer.interval() == 30_000
    timer.start(10)  # the 30 s, shortened
    qtbot.waitUntil(lambda: empty_clipboard.text() == "")


def test_what_the_person_copied_since_is_left_alone(
    qtbot: QtBot, gui_app: App, empty_clipboard: QClipboard
) -> None:
    dialog = key_page(qtbot, gui_app)
    qtbot.mouseClick(dialog.key_page.copy_button, Qt.MouseButton.LeftButton)
    empty_clipboard.setText("a shopping list")
    clipboard.shared().timer.start(10)
    qtbot.waitUntil(lambda: not clipboard.shared().timer.isActive())
    assert empty_clipboard.text() == "a shopping list"
    gui_app.lock()
    assert empty_clipboard.text() == "a shopping list"


def test_lock_clears_the_copied_key(
    qtbot: QtBot, gui_app: App, empty_clipboard: QClipboard
) -> None:
    dialog = key_page(qtbot, gui_app)
    key = dialog.key_page.key_label.text()
    qtbot.mouseClick(dialog.key_page.copy_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.key_page.stored, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.key_page.finish, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: gui_app.main_window is not None)
    assert empty_clipboard.text() == key  # still there while the journal is open
    window = gui_app.main_window
    assert window is not None
    window.lock_action.trigger()
    assert empty_clipboard.text() == ""


def test_quitting_clears_the_copied_key(
    qtbot: QtBot, gui_app: App, empty_clipboard: QClipboard
) -> None:
    dialog = key_page(qtbot, gui_app)
    qtbot.mouseClick(dialog.key_page.copy_button, Qt.MouseButton.LeftButton)
    gui_app.shut_down()  # on quit, and when the last window closes (aboutToQuit)
    assert empty_clipboard.text() == ""
