"""The journal list shows its first page before every id is read (issue 20: the
first page in 150 ms at 300,000 entries), and the rest arrives below it without
moving what the person is looking at or has chosen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.gui.helpers import click_row, unlock_through_window, wait_listed
from tests.helpers.vaults import VaultInfo
from therapy_journal.gui.app import App
from therapy_journal.gui.journal.journal_area import FIRST_PAGE, JournalArea
from therapy_journal.services.journal import make_entry
from therapy_journal.store.models import NewEntry

NOW = datetime.now().astimezone()
ENTRIES = FIRST_PAGE + 90


@pytest.fixture
def seed_entries() -> list[NewEntry]:
    return [
        make_entry(title=f"Day {n}", body="x", created=NOW - timedelta(hours=n))
        for n in range(ENTRIES)
    ]


def _area(app: App) -> JournalArea:
    assert app.main_window is not None
    return app.main_window.journal


def _start_loading(area: JournalArea) -> int:
    """A new generation of the list, as refresh() starts it."""
    area._generation += 1
    return area._generation


def test_every_id_goes_below_the_first_page_keeping_the_selection_and_the_scroll(
    qtbot: QtBot, unlocked_app: App
) -> None:
    area = _area(unlocked_app)
    journal = unlocked_app.session.journal
    area.model.set_ids([])
    generation = _start_loading(area)
    counts: list[int] = []
    resets: list[None] = []
    area.count_changed.connect(counts.append)
    area.model.modelReset.connect(lambda: resets.append(None))

    asked: list[None] = []
    area._first_page(generation, journal.ids(limit=FIRST_PAGE), lambda: asked.append(None))
    assert area.model.rowCount() == FIRST_PAGE
    assert counts == []  # the count waits for every id
    assert asked == []  # every id is read only after the first page is painted
    qtbot.waitUntil(lambda: asked == [None])
    assert area.model.index(0, 1).data() == "Day 0"
    click_row(qtbot, area.view, 30)
    assert area.editor.entry_id == area.model.entry_id(30)
    area.view.verticalScrollBar().setValue(area.view.verticalScrollBar().maximum())
    scrolled = area.view.verticalScrollBar().value()
    assert scrolled > 0
    resets.clear()

    area._loaded(generation, area._every_id, journal.ids())
    assert area.model.rowCount() == ENTRIES
    assert resets == []  # rows appended, not the list filled anew
    assert [index.row() for index in area.view.selectionModel().selectedRows()] == [30]
    assert area.view.verticalScrollBar().value() == scrolled
    assert counts == [ENTRIES]
    assert area.model.index(ENTRIES - 1, 1).data() == f"Day {ENTRIES - 1}"

    area._first_page(generation, journal.ids(limit=FIRST_PAGE), list)  # came last
    assert area.model.rowCount() == ENTRIES


def test_a_search_typed_while_the_ids_load_keeps_its_results(
    qtbot: QtBot, unlocked_app: App
) -> None:
    area = _area(unlocked_app)
    journal = unlocked_app.session.journal
    area.model.set_ids([])
    generation = _start_loading(area)
    area._first_page(generation, journal.ids(limit=FIRST_PAGE), list)
    area.search.setText("Day 7")
    area.refresh()
    qtbot.waitUntil(lambda: area.model.searching and not unlocked_app.session.tasks.busy)
    hits = area.model.rowCount()
    assert 0 < hits < ENTRIES
    area._loaded(generation, area._every_id, journal.ids())  # the older read, late
    assert area.model.searching and area.model.rowCount() == hits


def test_unlocking_lists_every_entry_after_the_first_page(qtbot: QtBot, unlocked_app: App) -> None:
    area = _area(unlocked_app)
    assert area.model.rowCount() == ENTRIES
    assert area.list_stack.currentWidget() is area.view


# Reads at unlock that count or scan every entry (50-120 ms each at 300,000).
COUNTING_READS = (
    "JournalsService.all",
    "JournalService.tags",
    "JournalArea._fill_due.<locals>.<lambda>",
    "PromptService.prompt_of_the_day",
)


def test_unlocking_reads_the_first_page_before_the_counts_and_what_is_due(
    qtbot: QtBot, gui_app: App, vault_on_disk: VaultInfo
) -> None:
    """Asked for first, the journals' and tags' counts and what is due held the
    database while the first page waited behind them; they now start once the
    first page is shown, and still arrive."""
    gui_app.start()
    asked: list[tuple[str, int]] = []  # each read, and the rows listed when it was asked
    run = gui_app.tasks.run

    def recording_run(work: Callable[[], Any], *args: Any, **kwargs: Any) -> None:
        area = gui_app.main_window.journal if gui_app.main_window is not None else None
        rows = area.model.rowCount() if area is not None else -1
        asked.append((getattr(work, "__qualname__", ""), rows))
        run(work, *args, **kwargs)

    gui_app.tasks.run = recording_run  # type: ignore[method-assign]
    window = unlock_through_window(qtbot, gui_app, vault_on_disk.passphrase)
    wait_listed(qtbot, window, ENTRIES)
    area = window.journal
    qtbot.waitUntil(lambda: area.journal_choice.journals != [] and not gui_app.tasks.busy)
    counting = [(name, rows) for name, rows in asked if name in COUNTING_READS]
    assert sorted(name for name, _ in counting) == sorted(COUNTING_READS)
    assert all(rows >= FIRST_PAGE for _, rows in counting), asked
