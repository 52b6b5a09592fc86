"""An entry shows in the time it was written in, in the app's list and editor
as on the command line: written at 22:48 in Sydney (+10:00), it says 22:48
whatever this computer's time zone is."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from pytestqt.qtbot import QtBot

from tests.gui.helpers import open_area
from therapy_journal.gui.app import App
from therapy_journal.gui.journal.journal_area import JournalArea
from therapy_journal.services.journal import make_entry
from therapy_journal.store.models import NewEntry

SYDNEY = timezone(timedelta(hours=10))


@pytest.fixture
def seed_entries() -> list[NewEntry]:
    return [
        make_entry(
            title="Harbour at night",
            body="written in Sydney",
            created=datetime(2025, 1, 15, 22, 48, tzinfo=SYDNEY),
        )
    ]


@pytest.fixture(autouse=True)
def far_from_sydney(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    import time  # noqa: PLC0415

    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_list_and_the_editor_show_the_entrys_own_time(qtbot: QtBot, unlocked_app: App) -> None:
    _window, area = open_area(unlocked_app, "journal", JournalArea)
    model = area.model
    shown = model.data(model.index(0, model.DATE))
    assert shown == "2025-01-15 22:48"
    area.view.selectRow(0)
    qtbot.waitUntil(lambda: area.editor.entry_id is not None)
    assert "15 January 2025, 22:48" in area.editor.date.text()
