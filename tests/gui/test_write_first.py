"""Writing comes first: a new entry opens on Write with the cursor in the body,
and no keystroke is lost in the read-only preview."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
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


def test_the_editor_takes_most_of_the_width_and_the_list_gives_way(
    qtbot: QtBot, unlocked_app: App
) -> None:
    window = unlocked_app.main_window
    assert window is not None
    journal = window.journal
    for width in (960, 1100, 1600):
        window.resize(width, 720)
        qtbot.waitUntil(lambda w=width: window.width() == w)  # type: ignore[misc]
        assert journal.editor.width() > 1.4 * journal.list_panel.width(), width


def test_the_text_is_a_centred_column_of_a_comfortable_measure_and_spacing(
    qtbot: QtBot, unlocked_app: App
) -> None:
    window = unlocked_app.main_window
    assert window is not None
    window.resize(1800, 900)
    body = window.journal.editor.body
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(body, "word " * 200)
    qtbot.keyClick(body, Qt.Key.Key_Return)
    qtbot.keyClicks(body, "a second paragraph")
    qtbot.waitUntil(lambda: body.viewport().width() < body.width() - 200)
    characters = body.viewport().width() / body.fontMetrics().averageCharWidth()
    assert 60 <= characters <= 80
    left = body.viewport().geometry().left()
    right = body.width() - body.viewport().geometry().right()
    assert abs(left - right) <= body.verticalScrollBar().width() + 4  # centred
    block = body.document().firstBlock()
    while block.isValid():  # every paragraph, typed ones too, is spaced
        assert block.blockFormat().lineHeight() == 140
        block = block.next()


def test_write_and_preview_use_the_same_font_size(qtbot: QtBot, unlocked_app: App) -> None:
    window = left_on_preview(qtbot, unlocked_app)
    editor = window.journal.editor
    settings = window.settings
    settings.font_size = 17
    window.apply_settings(settings)
    assert editor.preview.font().pointSize() == editor.body.font().pointSize() == 17


@pytest.mark.parametrize(
    "seed_entries",
    [
        [
            make_entry(
                title="A long evening walk after the second consultation with Dr Okafor", body="x"
            )
        ]
    ],
)
def test_a_long_title_shows_from_its_start_across_the_editor(
    qtbot: QtBot, unlocked_app: App
) -> None:
    window = unlocked_app.main_window
    assert window is not None
    click_row(qtbot, window.journal.view, 0)
    editor = window.journal.editor
    qtbot.waitUntil(lambda: editor.title.text().startswith("A long"))
    assert editor.title.cursorPosition() == 0
    assert editor.title.width() > 0.7 * editor.width()


def test_the_list_hides_and_comes_back(qtbot: QtBot, unlocked_app: App) -> None:
    window = unlocked_app.main_window
    assert window is not None
    journal = window.journal
    wide = journal.editor.width()
    qtbot.mouseClick(journal.list_toggle, Qt.MouseButton.LeftButton)
    assert not journal.list_panel.isVisible()
    qtbot.waitUntil(lambda: journal.editor.width() > wide)
    qtbot.mouseClick(journal.list_toggle, Qt.MouseButton.LeftButton)
    assert journal.list_panel.isVisible() and journal.list_panel.width() > 100


@pytest.mark.parametrize("keys", ["F11", "Ctrl+Shift+F"])
def test_distraction_free_mode_shows_only_the_editor_and_escape_leaves(
    qtbot: QtBot, unlocked_app: App, keys: str
) -> None:
    window = unlocked_app.main_window
    assert window is not None
    journal = window.journal
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    sequence = QKeySequence(keys)[0]
    qtbot.keyClick(focused(), sequence.key(), sequence.keyboardModifiers())
    assert journal.focus_mode
    hidden = (journal.list_panel, journal.header, window.sidebar)
    assert [part.isVisible() for part in hidden] == [False, False, False]
    assert journal.editor.isVisible() and journal.editor.body.hasFocus()
    qtbot.keyClicks(focused(), "calm")
    assert journal.editor.body.toPlainText() == "calm"
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert not journal.focus_mode
    assert [part.isVisible() for part in hidden] == [True, True, True]


def test_the_prompt_of_the_day_and_its_banner_stay_put_while_writing_from_it(
    qtbot: QtBot, unlocked_app: App
) -> None:
    window = unlocked_app.main_window
    assert window is not None
    journal = window.journal
    daily = journal.daily
    qtbot.waitUntil(lambda: daily.suggestion is not None)
    shown = daily.text.text()
    qtbot.mouseClick(daily.write, Qt.MouseButton.LeftButton)
    editor = journal.editor
    places = (daily.geometry(), journal.splitter.geometry(), journal.view.geometry())
    qtbot.keyClicks(editor.body, "An answer to the prompt of the day")
    qtbot.waitUntil(lambda: not editor.dirty)  # saved: the first save of a new entry
    qtbot.waitUntil(lambda: journal.model.rowCount() == 2 and not window.session.tasks.busy)
    assert daily.text.text() == shown
    assert (daily.geometry(), journal.splitter.geometry(), journal.view.geometry()) == places


def test_showing_another_area_leaves_distraction_free_mode(qtbot: QtBot, unlocked_app: App) -> None:
    window = unlocked_app.main_window
    assert window is not None
    journal = window.journal
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(focused(), Qt.Key.Key_F11)
    assert journal.focus_mode and not window.sidebar.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # Prompts
    assert not journal.focus_mode and window.sidebar.isVisible()
    assert not window.isFullScreen()
