"""On this day and the calendar follow the journal chosen in the Journal area."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.gui.helpers import unlock_through_window, wait_listed
from tests.helpers.vaults import VaultInfo, make_vault
from therapy_journal.gui.app import App
from therapy_journal.gui.main_window import MainWindow
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.services.journals import JournalsService

NOW = datetime.now().astimezone()


def a_year_ago() -> datetime:
    """This date last year (28 February for a 29th): an "on this day" entry."""
    try:
        return NOW.replace(year=NOW.year - 1)
    except ValueError:
        return NOW.replace(year=NOW.year - 1, day=28)


@pytest.fixture
def vault_on_disk(vault_folder: Path) -> VaultInfo:
    """This date last year and today: one entry in Therapy and one in the first
    journal each day, today's with moods 7 and 3."""
    info = make_vault(vault_folder)
    therapy = JournalsService(info.vault).add("Therapy").id
    journal = JournalService(info.vault)
    journal.add(make_entry(title="Therapy, a year ago", created=a_year_ago(), journal_id=therapy))
    journal.add(make_entry(title="Plain, a year ago", created=a_year_ago()))
    journal.add(make_entry(title="Today in therapy", created=NOW, journal_id=therapy, mood=7))
    journal.add(make_entry(title="Today, plain", created=NOW, mood=3))
    info.vault.lock()
    return info


@pytest.fixture
def window(qtbot: QtBot, gui_app: App, vault_on_disk: VaultInfo) -> MainWindow:
    gui_app.start()
    shown = unlock_through_window(qtbot, gui_app, vault_on_disk.passphrase)
    wait_listed(qtbot, shown, 4)
    qtbot.waitUntil(lambda: shown.journal.journal_choice.combo.count() == 3)
    return shown


def test_on_this_day_and_the_calendar_follow_the_chosen_journal(
    qtbot: QtBot, window: MainWindow
) -> None:
    area = window.journal
    qtbot.waitUntil(lambda: len(area.on_this_day.entries) == 2)
    area.calendar_toggle.setChecked(True)
    today = date.today()
    qtbot.waitUntil(lambda: area.calendar.calendar.days.get(today) == 5.0)

    chooser = area.journal_choice
    therapy = next(j.id for j in chooser.journals if j.name == "Therapy")
    chooser.combo.setCurrentIndex(chooser.combo.findData(therapy))
    qtbot.waitUntil(lambda: [e.title for e in area.on_this_day.entries] == ["Therapy, a year ago"])
    qtbot.waitUntil(lambda: area.calendar.calendar.days.get(today) == 7.0)
    wait_listed(qtbot, window, 2)
