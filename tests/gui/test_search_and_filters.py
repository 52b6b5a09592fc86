"""Finding entries: search as you type, the tag filter and the date filter."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from tests.gui.helpers import listed_titles, wait_listed
from therapy_journal.gui.app import App
from therapy_journal.gui.journal.entry_model import SNIPPET_HTML_ROLE, EntryListModel
from therapy_journal.services.journal import make_entry
from therapy_journal.store.models import NewEntry

NOW = datetime.now().astimezone()


@pytest.fixture
def seed_entries() -> list[NewEntry]:
    return [
        make_entry(
            title="Harbour walk",
            body="The lighthouse keeper waved at me.",
            tags=["walks"],
            created=NOW - timedelta(days=1),
        ),
        make_entry(
            title="Night thoughts",
            body="I dreamed of a lighthouse again.",
            tags=["dreams"],
            created=NOW - timedelta(days=2),
        ),
        make_entry(
            title="Old letter",
            body="A letter about my grandmother's garden.",
            tags=["walks"],
            created=NOW - timedelta(days=400),
        ),
    ]


def test_search_as_you_type_shows_matches_in_bold_and_clearing_shows_all(
    qtbot: QtBot, unlocked_app: App
) -> None:
    window = unlocked_app.main_window
    assert window is not None
    journal = window.journal
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert journal.search.hasFocus()

    qtbot.keyClicks(journal.search, "lighthouse")
    qtbot.waitUntil(lambda: journal.model.searching and journal.model.rowCount() == 2)
    assert sorted(listed_titles(window)) == ["Harbour walk", "Night thoughts"]
    assert journal.model.columnCount() == 5
    for row in range(2):
        match = journal.model.index(row, EntryListModel.MATCH)
        assert "<b>lighthouse</b>" in match.data(SNIPPET_HTML_ROLE)
        assert "lighthouse" in match.data()

    qtbot.keyClick(journal.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(journal.search, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: not journal.model.searching)
    wait_listed(qtbot, window, 3)
    assert journal.model.columnCount() == 4


def test_search_for_a_word_prefix_finds_while_typing(qtbot: QtBot, unlocked_app: App) -> None:
    window = unlocked_app.main_window
    assert window is not None
    journal = window.journal
    qtbot.keyClicks(journal.search, "grandmo")
    qtbot.waitUntil(lambda: journal.model.searching and journal.model.rowCount() == 1)
    assert listed_titles(window) == ["Old letter"]


def test_the_tag_filter_narrows_the_list(qtbot: QtBot, unlocked_app: App) -> None:
    window = unlocked_app.main_window
    assert window is not None
    journal = window.journal
    qtbot.waitUntil(lambda: journal.tag.findData("dreams") >= 0)
    labels = [journal.tag.itemText(i) for i in range(journal.tag.count())]
    assert labels == ["All tags", "#dreams (1)", "#walks (2)"]

    journal.tag.setCurrentIndex(journal.tag.findData("walks"))
    wait_listed(qtbot, window, 2)
    assert sorted(listed_titles(window)) == ["Harbour walk", "Old letter"]

    journal.tag.setCurrentIndex(journal.tag.findData("dreams"))
    wait_listed(qtbot, window, 1)
    assert listed_titles(window) == ["Night thoughts"]

    journal.tag.setCurrentIndex(0)
    wait_listed(qtbot, window, 3)


def test_the_date_filter_narrows_the_list(qtbot: QtBot, unlocked_app: App) -> None:
    window = unlocked_app.main_window
    assert window is not None
    journal = window.journal
    assert journal.since.date() == QDate.currentDate().addMonths(-1)

    qtbot.mouseClick(journal.use_dates, Qt.MouseButton.LeftButton)
    assert journal.use_dates.isChecked()
    wait_listed(qtbot, window, 2)
    assert "Old letter" not in listed_titles(window)

    journal.since.setDate(QDate.currentDate().addYears(-2))
    wait_listed(qtbot, window, 3)

    journal.until.setDate(QDate.currentDate().addDays(-300))
    wait_listed(qtbot, window, 1)
    assert listed_titles(window) == ["Old letter"]

    qtbot.mouseClick(journal.use_dates, Qt.MouseButton.LeftButton)
    wait_listed(qtbot, window, 3)
