"""The main window's own parts: its minimum size, and the status bar's one line
and entry count."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.gui.helpers import click_row, row_titled, wait_listed
from therapy_journal.gui.app import App
from therapy_journal.gui.main_window import MainWindow
from therapy_journal.services.journal import make_entry
from therapy_journal.store.models import NewEntry

EARLIER = datetime(2024, 5, 1, 20, 0).astimezone()


@pytest.fixture
def seed_entries() -> list[NewEntry]:
    return [
        make_entry(title=title, body=f"about {title}", created=EARLIER + timedelta(hours=hour))
        for hour, title in enumerate(["Keep me", "Trash me", "Also here"])
    ]


def shown_window(app: App) -> MainWindow:
    window = app.main_window
    assert window is not None
    return window


def test_a_wide_area_once_shown_does_not_widen_the_window_for_the_others(
    qtbot: QtBot, unlocked_app: App
) -> None:
    window = shown_window(unlocked_app)
    journal_minimum = window.minimumSizeHint().width()
    for key in window.keys:
        window.open_area(key)
        qtbot.waitUntil(lambda: not unlocked_app.tasks.busy)
    wide = window.open_area("contacts")
    wide.setMinimumWidth(journal_minimum + 400)  # an area that needs more room than any
    QApplication.processEvents()
    assert window.minimumSizeHint().width() > journal_minimum
    window.open_area("journal")
    QApplication.processEvents()
    assert window.minimumSizeHint().width() == journal_minimum


def trash_one(qtbot: QtBot, window: MainWindow, title: str) -> None:
    click_row(qtbot, window.journal.view, row_titled(window, title))
    qtbot.keyClick(window, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)


def test_the_undo_offer_and_a_message_never_share_the_status_bar(
    qtbot: QtBot, unlocked_app: App
) -> None:
    window = shown_window(unlocked_app)
    bar = window.statusBar()
    click_row(qtbot, window.journal.view, row_titled(window, "Trash me"))
    qtbot.keyClicks(window.journal.editor.body, " and more")  # trashing saves it: "Saved"
    trash_one(qtbot, window, "Trash me")
    wait_listed(qtbot, window, 2)
    assert window.undo_button.isVisible()
    assert bar.currentMessage() == "", "“Saved” was written under the undo offer"

    window.show_status("Saved")
    assert not window.undo_button.isVisible()
    bar.clearMessage()  # the message's time is up: the offer is back
    assert window.undo_button.isVisible()


def test_the_entry_count_is_the_journal_s_and_shows_only_there(
    qtbot: QtBot, unlocked_app: App
) -> None:
    window = shown_window(unlocked_app)
    count = window.count_label
    assert count.isVisible() and count.text() == "3 entries"
    trash_one(qtbot, window, "Trash me")
    wait_listed(qtbot, window, 2)
    assert count.text() == "2 entries"

    trash = window.open_area("trash")
    qtbot.waitUntil(lambda: trash.model.rowCount() == 1)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not unlocked_app.tasks.busy)
    assert not count.isVisible()
    window.open_area("goals")
    assert not count.isVisible()

    window.open_area("journal")
    wait_listed(qtbot, window, 2)
    assert count.isVisible() and count.text() == "2 entries"
    window.undo_trash()
    wait_listed(qtbot, window, 3)
    assert count.text() == "3 entries"
