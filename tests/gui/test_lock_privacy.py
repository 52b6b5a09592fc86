"""Locking, on demand or after idle time, leaves no entry text in any widget."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.gui.helpers import click_row, texts_containing, unlock_through_window, wait_listed
from therapy_journal.gui.app import App
from therapy_journal.gui.journal.journal_area import JournalArea
from therapy_journal.services.journal import make_entry
from therapy_journal.store.models import NewEntry

SECRET_TITLE = "Quokka confession"
SECRET_BODY = "the zeppelin cactus feeling"
SECRET_TAG = "periwinkle"
WORDS = ["Quokka", "zeppelin", "cactus", "periwinkle", "ocelot"]


@pytest.fixture
def seed_entries() -> list[NewEntry]:
    return [
        make_entry(
            title=SECRET_TITLE,
            body=SECRET_BODY,
            tags=[SECRET_TAG],
            created=datetime(2024, 2, 2, 22, 0).astimezone(),
        )
    ]


def show_everything(qtbot: QtBot, app: App) -> None:
    """Put the secret words in as many widgets as possible: list, editor, search, tags."""
    window = app.main_window
    assert window is not None
    profile = window.open_area("profile")
    qtbot.keyClicks(profile.form.hopes, "Quokka")  # type: ignore[attr-defined]
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    profile.tabs.setCurrentIndex(1)  # type: ignore[attr-defined]  # the summary shows it too
    goals = app.session.goals
    goals.create("Quokka plan", "cactus reasons", steps=["ocelot step"])
    done = goals.create("zeppelin goal")
    window.open_area("goals")
    goals.set_status(done.id, "done")
    app.session.changed.emit("goals")  # the banner celebrates it, by its title
    qtbot.waitUntil(lambda: "zeppelin goal" in window.banner.text.text())
    share = window.open_area("share")
    wizard = share.wizard  # type: ignore[attr-defined]
    wizard.what.everything.setChecked(True)
    wizard.next_button.click()
    wizard.next_button.click()  # the preview shows the entries' text
    qtbot.waitUntil(lambda: "Quokka" in wizard.preview.toPlainText(), timeout=20_000)
    progress = window.open_area("progress")
    qtbot.waitUntil(lambda: progress.milestone_list.count() == 1)  # type: ignore[attr-defined]
    journal = window.open_area("journal")
    assert isinstance(journal, JournalArea)
    qtbot.waitUntil(lambda: journal.tag.findData(SECRET_TAG) >= 0)
    click_row(qtbot, journal.view, 0)
    assert journal.editor.title.text() == SECRET_TITLE
    qtbot.mouseClick(journal.editor.body, Qt.MouseButton.LeftButton)
    qtbot.keyClick(journal.editor.body, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(journal.editor.body, " ocelot")
    journal.editor.tabs.setCurrentWidget(journal.editor.preview)
    qtbot.keyClicks(journal.search, "zeppelin")
    qtbot.waitUntil(lambda: journal.model.searching and journal.model.rowCount() == 1)
    assert texts_containing(WORDS), "the test shows the words before locking"


def assert_nothing_left(qtbot: QtBot, app: App) -> None:
    qtbot.waitUntil(lambda: app.unlock_window is not None and app.unlock_window.isVisible())
    assert app.main_window is None
    assert not app.vault.is_unlocked
    assert texts_containing(WORDS) == []


def test_auto_lock_after_idle_time_clears_every_widget(qtbot: QtBot, unlocked_app: App) -> None:
    show_everything(qtbot, unlocked_app)
    assert unlocked_app.idle.timer.isActive()  # auto-lock is on by default
    unlocked_app.idle.timer.setInterval(50)
    unlocked_app.idle.timer.start()
    assert_nothing_left(qtbot, unlocked_app)


def test_input_anywhere_restarts_the_wait_for_auto_lock_and_other_events_do_not(
    qtbot: QtBot, unlocked_app: App
) -> None:
    """The idle watcher hears every event through the app's one event filter."""
    window = unlocked_app.main_window
    assert window is not None
    field = window.journal.search
    idle = unlocked_app.idle
    idle.set_minutes(5)
    for give_input in (
        lambda: QTest.keyClick(field, Qt.Key.Key_A),
        lambda: QTest.mouseClick(field, Qt.MouseButton.LeftButton),
    ):
        idle.timer.stop()
        give_input()
        assert idle.timer.isActive()
    idle.timer.stop()
    field.update()
    QApplication.sendEvent(field, QEvent(QEvent.Type.UpdateRequest))
    field.setText("no input: set by the program")
    assert not idle.timer.isActive()


def test_lock_on_demand_clears_every_widget(qtbot: QtBot, unlocked_app: App) -> None:
    show_everything(qtbot, unlocked_app)
    window = unlocked_app.main_window
    assert window is not None
    window.lock_action.trigger()
    assert_nothing_left(qtbot, unlocked_app)


def test_what_was_typed_before_the_lock_is_kept(qtbot: QtBot, unlocked_app: App) -> None:
    show_everything(qtbot, unlocked_app)
    unlocked_app.lock()
    assert_nothing_left(qtbot, unlocked_app)
    window = unlock_through_window(qtbot, unlocked_app)
    wait_listed(qtbot, window, 1)
    click_row(qtbot, window.journal.view, 0)
    assert window.journal.editor.body.toPlainText() == SECRET_BODY + " ocelot"
