"""Crisis help is always in reach of the main window: Help ▸ Get help now,
Ctrl+Shift+H, and a button under the areas; no milestone is celebrated while
it is open."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from therapy_journal.gui.app import App
from therapy_journal.gui.care.help_now import HelpNowDialog


def test_the_shortcut_the_menu_and_the_sidebar_button_open_the_help(
    qtbot: QtBot, unlocked_app: App
) -> None:
    window = unlocked_app.main_window
    assert window is not None
    unlocked_app.settings.region = "uk"
    qtbot.keyClick(
        window,
        Qt.Key.Key_H,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = window.findChild(HelpNowDialog)
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    assert "Samaritans" in dialog.shown_text()
    dialog.close()
    window.help_now_action.trigger()
    assert dialog.isVisible()
    dialog.close()
    assert window.help_button.isVisible() and window.help_button.accessibleName()
    qtbot.mouseClick(window.help_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert QApplication.activeModalWidget() is None


def test_no_celebration_while_the_help_is_open(qtbot: QtBot, unlocked_app: App) -> None:
    window = unlocked_app.main_window
    assert window is not None
    dialog = window.show_help_now()
    unlocked_app.session.milestones.record("streak_7")
    window.celebrate()
    qtbot.waitUntil(lambda: not unlocked_app.session.tasks.busy)
    qtbot.wait(10)
    assert not window.banner.isVisible()
    dialog.close()
    window.celebrate()
    qtbot.waitUntil(window.banner.isVisible)
