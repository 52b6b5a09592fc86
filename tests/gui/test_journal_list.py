"""The journal list and the trash as a person reads them: filters that keep up,
titles and snippets in plain words, Escape, column widths and empty states."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.gui.helpers import click_row, listed_titles, row_titled, wait_listed
from therapy_journal.gui.app import App
from therapy_journal.gui.journal.entry_model import DETAIL_ROLE, HEADING_ROLE, EntryListModel
from therapy_journal.gui.journal.trash_area import TrashArea
from therapy_journal.gui.main_window import MainWindow
from therapy_journal.services.journal import make_entry
from therapy_journal.store.models import NewEntry

NOW = datetime.now().astimezone()
UNTITLED = (
    "It went better than I feared when we met at the clinic on Tuesday morning, "
    "and then we walked home along the river"
)
LONG_TAG = "walking-after-work-with-my-sister"


@pytest.fixture
def seed_entries() -> list[NewEntry]:
    return [
        make_entry(
            title="Harbour walk",
            body="## At sea\n**The** lighthouse keeper _waved_ at me, see [the map](http://x.example).",
            tags=["walks", LONG_TAG],
            created=NOW - timedelta(days=1),
        ),
        make_entry(title="", body=UNTITLED, created=NOW - timedelta(days=2)),
    ]


def journal_window(app: App) -> MainWindow:
    window = app.main_window
    assert window is not None
    return window


def test_a_new_tag_is_in_the_filter_right_after_the_save(qtbot: QtBot, unlocked_app: App) -> None:
    window = journal_window(unlocked_app)
    journal = window.journal
    click_row(qtbot, journal.view, row_titled(window, "Harbour walk"))
    editor = journal.editor
    editor.tags.end(False)
    qtbot.keyClicks(editor.tags, ", seaside")
    qtbot.waitUntil(lambda: not editor.dirty)
    qtbot.waitUntil(lambda: journal.tag.findData("seaside") >= 0)
    assert journal.tag.itemText(journal.tag.findData("seaside")) == "#seaside (1)"


def test_the_chosen_tag_is_elided_in_the_filter_and_shown_whole_as_a_tooltip(
    qtbot: QtBot, unlocked_app: App
) -> None:
    journal = journal_window(unlocked_app).journal
    qtbot.waitUntil(lambda: journal.tag.findData(LONG_TAG) >= 0)
    journal.tag.setCurrentIndex(journal.tag.findData(LONG_TAG))
    whole = f"#{LONG_TAG} (1)"
    assert journal.tag.toolTip() == whole
    shown = journal.tag.shown_text()
    assert shown == whole or (shown.endswith("…") and whole.startswith(shown[:-1]))
    assert journal.tag.fontMetrics().horizontalAdvance(shown) < journal.tag.width()


def test_an_untitled_entry_is_listed_by_its_first_words_cut_at_a_word(
    qtbot: QtBot, unlocked_app: App
) -> None:
    window = journal_window(unlocked_app)
    (shown,) = [title for title in listed_titles(window) if title != "Harbour walk"]
    assert shown.endswith("…") and len(shown) <= 60
    words = shown.removesuffix("…")
    assert UNTITLED.startswith(words) and UNTITLED[len(words)] in " ,"


def test_search_snippets_show_words_not_markdown(qtbot: QtBot, unlocked_app: App) -> None:
    window = journal_window(unlocked_app)
    journal = window.journal
    qtbot.keyClicks(journal.search, "lighthouse")
    qtbot.waitUntil(lambda: journal.model.searching and journal.model.rowCount() == 1)
    snippet = journal.model.index(0, EntryListModel.MATCH).data()
    assert "lighthouse keeper waved" in snippet
    for mark in ("**", "_waved_", "##", "](", "http"):
        assert mark not in snippet


def test_escape_in_the_search_field_clears_the_search(qtbot: QtBot, unlocked_app: App) -> None:
    window = journal_window(unlocked_app)
    journal = window.journal
    qtbot.keyClicks(journal.search, "lighthouse")
    qtbot.waitUntil(lambda: journal.model.searching and journal.model.rowCount() == 1)
    qtbot.keyClick(journal.search, Qt.Key.Key_Escape)
    assert journal.search.text() == ""
    qtbot.waitUntil(lambda: not journal.model.searching)
    wait_listed(qtbot, window, 2)


def test_a_narrow_list_shows_cards_with_the_date_under_the_title(
    qtbot: QtBot, unlocked_app: App
) -> None:
    window = journal_window(unlocked_app)
    window.resize(960, 600)
    qtbot.waitUntil(lambda: window.width() == 960)
    journal = window.journal
    view = journal.view
    qtbot.waitUntil(lambda: journal.cards.compact)
    hidden = [EntryListModel.DATE, EntryListModel.MOOD, EntryListModel.TAGS]
    assert [view.isColumnHidden(column) for column in hidden] == [True, True, True]
    title = view.model().index(row_titled(window, "Harbour walk"), EntryListModel.TITLE)
    date = view.model().index(title.row(), EntryListModel.DATE).data()
    assert title.data(DETAIL_ROLE) == f"{date} · #walks #{LONG_TAG}"  # drawn under the title
    assert title.data(Qt.ItemDataRole.AccessibleDescriptionRole) == title.data(DETAIL_ROLE)
    assert not view.horizontalScrollBar().isVisible()


def test_a_wide_list_is_a_table_whose_dates_keep_to_one_line(
    qtbot: QtBot, unlocked_app: App
) -> None:
    window = journal_window(unlocked_app)
    window.resize(1600, 800)
    journal = window.journal
    qtbot.waitUntil(lambda: window.width() == 1600)
    journal.splitter.setSizes([700, 800])  # the person drags the list wider
    view = journal.view
    qtbot.waitUntil(lambda: not journal.cards.compact)
    date = view.model().index(0, EntryListModel.DATE).data()
    assert view.columnWidth(EntryListModel.DATE) > view.fontMetrics().horizontalAdvance(date)
    assert not view.isColumnHidden(EntryListModel.TAGS)
    assert view.columnWidth(EntryListModel.TITLE) > view.columnWidth(EntryListModel.TAGS)


def test_a_search_that_finds_nothing_says_so_and_offers_to_clear_it(
    qtbot: QtBot, unlocked_app: App
) -> None:
    window = journal_window(unlocked_app)
    journal = window.journal
    qtbot.keyClicks(journal.search, "zebracorn")
    qtbot.waitUntil(journal.empty_state.isVisible)
    assert journal.empty_state.message.text() == "Nothing matched “zebracorn”."
    assert not journal.view.isVisible()
    qtbot.mouseClick(journal.next_step, Qt.MouseButton.LeftButton)
    assert journal.search.text() == ""
    wait_listed(qtbot, window, 2)
    qtbot.waitUntil(journal.view.isVisible)


@pytest.mark.parametrize("seed_entries", [[]])
def test_an_empty_journal_offers_to_write_the_first_entry(qtbot: QtBot, unlocked_app: App) -> None:
    journal = journal_window(unlocked_app).journal
    qtbot.waitUntil(journal.empty_state.isVisible)
    assert journal.empty_state.message.text() == "Your journal is empty."
    assert journal.next_step.text() == "Write your first entry"
    qtbot.mouseClick(journal.next_step, Qt.MouseButton.LeftButton)
    assert journal.editor.isEnabled() and journal.editor.body.hasFocus()


def test_the_trash_says_when_it_is_empty_and_its_buttons_do_nothing_idle(
    qtbot: QtBot, unlocked_app: App
) -> None:
    window = journal_window(unlocked_app)
    trash = window.open_area("trash")
    assert isinstance(trash, TrashArea)
    assert (
        trash.empty_state.isVisible() and trash.empty_state.message.text() == "The trash is empty."
    )
    buttons = (trash.restore_button, trash.purge_button, trash.empty_button)
    assert [b.isEnabled() for b in buttons] == [False, False, False]
    assert not trash.view.showGrid()

    window.open_area("journal")
    click_row(qtbot, window.journal.view, row_titled(window, "Harbour walk"))
    qtbot.keyClick(window, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    wait_listed(qtbot, window, 1)
    window.open_area("trash")
    qtbot.waitUntil(lambda: trash.model.rowCount() == 1)
    assert trash.view.isVisible() and not trash.empty_state.isVisible()
    assert [b.isEnabled() for b in buttons] == [False, False, True]  # nothing chosen yet
    click_row(qtbot, trash.view, 0)
    assert [b.isEnabled() for b in buttons] == [True, True, True]


def test_search_results_fit_a_narrow_list_title_over_match(qtbot: QtBot, unlocked_app: App) -> None:
    window = journal_window(unlocked_app)
    window.resize(960, 600)
    journal = window.journal
    qtbot.keyClicks(journal.search, "lighthouse")
    qtbot.waitUntil(lambda: journal.model.searching and journal.model.rowCount() == 1)
    qtbot.waitUntil(lambda: window.width() == 960)
    assert not journal.view.horizontalScrollBar().isVisible()
    match = journal.model.index(0, EntryListModel.MATCH)
    assert match.data(HEADING_ROLE) == "Harbour walk"  # drawn over the snippet, elided
    assert journal.view.isColumnHidden(EntryListModel.TITLE)


def test_move_to_trash_is_off_while_no_entry_is_open(qtbot: QtBot, unlocked_app: App) -> None:
    window = journal_window(unlocked_app)
    journal = window.journal
    assert not journal.trash_button.isEnabled()
    click_row(qtbot, journal.view, row_titled(window, "Harbour walk"))
    assert journal.trash_button.isEnabled()
    qtbot.mouseClick(journal.trash_button, Qt.MouseButton.LeftButton)
    wait_listed(qtbot, window, 1)
    assert not journal.trash_button.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert journal.trash_button.isEnabled()
