"""New entry from a template, and On this day, in the Journal area."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot

from tests.gui.helpers import open_area
from therapy_journal.gui.app import App
from therapy_journal.gui.journal.journal_area import JournalArea
from therapy_journal.services.journal import make_entry
from therapy_journal.store.models import NewEntry

NOW = datetime.now().astimezone()


@pytest.fixture
def seed_entries() -> list[NewEntry]:
    last_year = NOW.replace(year=NOW.year - 1) if (NOW.month, NOW.day) != (2, 29) else NOW
    return [
        make_entry(title="A year ago today", body="the walk by the sea", created=last_year),
        make_entry(title="Yesterday", body="rain", created=NOW - timedelta(days=1)),
    ]


def test_an_entry_from_a_template_is_stored_only_once_written(
    qtbot: QtBot, unlocked_app: App
) -> None:
    _window, area = open_area(unlocked_app, "journal", JournalArea)
    names = [t.name for t in area.template_button.templates()]
    assert names[:4] == ["Before my first session", "After a session", "Weekly reflection",
                         "A hard day"]  # fmt: skip
    template = area.template_button.templates()[1]
    area.new_from_template(template)
    editor = area.editor
    assert editor.title.text().startswith("After my session, ")
    assert "## What we talked about" in editor.body.toPlainText()
    assert editor.tags.text() == "session"
    assert editor.tabs.currentWidget() is editor.body and editor.body.hasFocus()
    assert not editor.dirty  # nothing typed: nothing stored
    count = unlocked_app.session.journal.count()
    qtbot.keyClicks(editor.body, "We talked about sleep.")
    editor.save_now()
    assert unlocked_app.session.journal.count() == count + 1
    saved = unlocked_app.session.journal.get(editor.entry_id)
    assert "We talked about sleep." in saved.body and "## What stayed with me" in saved.body
    assert saved.tags == ("session",)


def test_on_this_day_links_open_the_entry(qtbot: QtBot, unlocked_app: App) -> None:
    if (NOW.month, NOW.day) == (2, 29):
        pytest.skip("last year had no 29 February")
    _window, area = open_area(unlocked_app, "journal", JournalArea)
    bar = area.on_this_day
    qtbot.waitUntil(bar.isVisible)
    assert [e.title for e in bar.entries] == ["A year ago today"]
    assert f"“A year ago today” ({NOW.year - 1})" in bar.text.text()
    bar.open_entry.emit(bar.entries[0].id)
    qtbot.waitUntil(lambda: area.editor.entry_id == bar.entries[0].id)
    assert area.editor.title.text() == "A year ago today"


def test_lock_clears_on_this_day(qtbot: QtBot, unlocked_app: App) -> None:
    _window, area = open_area(unlocked_app, "journal", JournalArea)
    qtbot.waitUntil(lambda: bool(area.on_this_day.entries) or (NOW.month, NOW.day) == (2, 29))
    area.clear()
    assert area.on_this_day.entries == [] and area.on_this_day.text.text() == ""
    assert not area.on_this_day.isVisibleTo(area)
