"""The app on a journal holding entries dated outside the accepted range
(stored by an old version or another tool): the list shows them all and no
error dialog appears; and no date field lets such a date be typed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDateTimeEdit
from pytestqt.qtbot import QtBot

from tests.gui.helpers import click_row, listed_titles, unlock_through_window, wait_listed
from tests.helpers.far_dates import TITLES, store_far_dates
from tests.helpers.vaults import VaultInfo
from therapy_journal.gui.app import App
from therapy_journal.gui.areas import AREAS
from therapy_journal.gui.main_window import MainWindow
from therapy_journal.gui.progress.progress_area import ProgressArea


@pytest.fixture
def far_window(qtbot: QtBot, gui_app: App, vault_on_disk: VaultInfo) -> Iterator[MainWindow]:
    vault_on_disk.vault.unlock(vault_on_disk.passphrase)
    store_far_dates(vault_on_disk.vault)
    vault_on_disk.vault.lock()
    gui_app.start()
    window = unlock_through_window(qtbot, gui_app, vault_on_disk.passphrase)
    yield window


def test_the_journal_list_shows_far_dated_entries_and_no_error(
    qtbot: QtBot, far_window: MainWindow, shown_messages: list[str]
) -> None:
    wait_listed(qtbot, far_window, 3)
    assert sorted(listed_titles(far_window)) == sorted(TITLES)
    model = far_window.journal.model
    dates = {model.index(row, 0).data() for row in range(model.rowCount())}
    assert "9999-12-31 23:59" in dates and "0001-01-01 00:00" in dates
    for row in range(model.rowCount()):
        click_row(qtbot, far_window.journal.view, row)
        qtbot.waitUntil(
            lambda row=row: far_window.journal.editor.title.text() == listed_titles(far_window)[row]
        )
        assert far_window.journal.editor.date.text()
    assert shown_messages == []


def test_every_area_opens_and_progress_shows_every_span(
    qtbot: QtBot, far_window: MainWindow, shown_messages: list[str]
) -> None:
    wait_listed(qtbot, far_window, 3)
    for spec in AREAS:
        far_window.open_area(spec.key)
        qtbot.waitUntil(lambda: not far_window.session.tasks.busy)
    progress = far_window.open_area("progress")
    assert isinstance(progress, ProgressArea)
    for index in range(progress.span.count()):
        progress.span.setCurrentIndex(index)
        qtbot.waitUntil(lambda: not far_window.session.tasks.busy)
    assert shown_messages == []


def _type_year(qtbot: QtBot, field: QDateTimeEdit, year: str) -> None:
    field.setFocus()
    field.setCurrentSection(QDateTimeEdit.Section.YearSection)
    qtbot.keyClicks(field, year)
    qtbot.keyClick(field, Qt.Key.Key_Tab)


@pytest.mark.parametrize("year", ["9999", "0001", "2201", "1899"])
def test_a_year_outside_the_range_cannot_be_typed_in_the_date_filter(
    qtbot: QtBot, far_window: MainWindow, year: str
) -> None:
    journal = far_window.journal
    for field in (journal.since, journal.until):
        _type_year(qtbot, field, year)
        assert QDate(1900, 1, 1) <= field.date() <= QDate(2200, 12, 31), field.date()


def test_every_date_field_of_the_app_keeps_to_the_range(
    qtbot: QtBot, far_window: MainWindow
) -> None:
    for spec in AREAS:
        far_window.open_area(spec.key)
    editor = far_window.area("contacts").editor  # type: ignore[attr-defined]
    editor.search, editor.log  # noqa: B018  # pages built when first shown
    qtbot.waitUntil(lambda: not far_window.session.tasks.busy)
    fields = [
        field
        for window in QApplication.topLevelWidgets()
        for field in window.findChildren(QDateTimeEdit)
    ]
    assert len(fields) >= 8  # journal and share filters, goal, follow-up, log, search step
    for field in fields:
        assert field.minimumDate() == QDate(1900, 1, 1), field.objectName()
        assert field.maximumDate() == QDate(2200, 12, 31), field.objectName()
