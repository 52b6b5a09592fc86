"""The Journal's calendar: days with entries carry a dot in their mood's colour,
and a click lists that day's entries."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from tests.gui.helpers import open_area
from tests.helpers.vaults import VaultInfo
from therapy_journal.gui.app import App
from therapy_journal.gui.journal.journal_area import JournalArea
from therapy_journal.services.journal import make_entry
from therapy_journal.services.progress import month_days
from therapy_journal.store.models import NewEntry


def _at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 3, day, hour, 0).astimezone()


@pytest.fixture
def seed_entries() -> list[NewEntry]:
    return [
        make_entry(title="Low morning", body="x", mood=2, created=_at(3)),
        make_entry(title="Better evening", body="x", mood=6, created=_at(3, 20)),
        make_entry(title="No mood", body="x", created=_at(10)),
        make_entry(title="Good day", body="x", mood=9, created=_at(21)),
        make_entry(title="April", body="x", mood=5, created=datetime(2026, 4, 1, 9).astimezone()),
    ]


def test_month_days_gives_each_day_its_mean_mood(vault_on_disk: VaultInfo) -> None:
    vault_on_disk.vault.unlock(vault_on_disk.passphrase)
    days = month_days(vault_on_disk.vault, 2026, 3)
    assert days == {date(2026, 3, 3): 4.0, date(2026, 3, 10): None, date(2026, 3, 21): 9.0}
    assert month_days(vault_on_disk.vault, 2026, 12) == {}
    vault_on_disk.vault.lock()


def test_the_calendar_marks_days_and_a_click_lists_that_day(
    qtbot: QtBot, unlocked_app: App
) -> None:
    _window, area = open_area(unlocked_app, "journal", JournalArea)
    area.calendar_toggle.click()
    calendar = area.calendar.calendar
    calendar.setCurrentPage(2026, 3)
    qtbot.waitUntil(lambda: len(calendar.days) == 3)
    assert area.calendar.summary.text() == "3 days with entries this month."
    low, good = calendar.dot_color(2.0), calendar.dot_color(9.0)
    assert low != good and calendar.dot_color(None).name() != low.name()
    calendar.clicked.emit(QDate(2026, 3, 3))
    qtbot.waitUntil(lambda: area.model.rowCount() == 2)
    titles = {area.model.data(area.model.index(r, area.model.TITLE)) for r in range(2)}
    assert titles == {"Low morning", "Better evening"}
    assert area.use_dates.isChecked()
    calendar.setCurrentPage(2026, 12)
    qtbot.waitUntil(lambda: area.calendar.summary.text() == "No entries this month.")
    area.clear()  # at lock
    assert calendar.days == {} and not area.calendar.isVisibleTo(area)
