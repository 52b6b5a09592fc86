"""The lazy entry list model: a well-behaved Qt model that reads only what is shown."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from therapy_journal.gui.journal.entry_model import (
    BLOCK,
    ID_ROLE,
    SNIPPET_HTML_ROLE,
    EntryListModel,
)
from therapy_journal.services.journal import JournalService, make_entry

START = datetime(2023, 1, 1, 8, 0).astimezone()


def add_entries(journal: JournalService, count: int) -> None:
    journal.import_entries(
        make_entry(
            title=f"Entry {n}",
            body=f"number {n} of the series, about walking" if n % 3 == 0 else f"number {n}",
            mood=n % 10 + 1,
            tags=["walks"] if n % 2 else [],
            created=START + timedelta(hours=n),
        )
        for n in range(count)
    )


def test_the_model_passes_qt_model_checks_in_list_mode(
    qtmodeltester: ModelTester, journal: JournalService
) -> None:
    add_entries(journal, 30)
    model = EntryListModel(journal)
    model.set_ids(journal.ids())
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)
    assert model.rowCount() == 30 and model.columnCount() == 4
    assert model.index(0, EntryListModel.TITLE).data() == "Entry 29"  # newest first


def test_the_model_passes_qt_model_checks_in_search_mode(
    qtmodeltester: ModelTester, journal: JournalService
) -> None:
    add_entries(journal, 30)
    model = EntryListModel(journal)
    model.set_hits(journal.search("walking", limit=50))
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)
    assert model.searching and model.rowCount() == 10 and model.columnCount() == 5
    snippet = model.index(0, EntryListModel.MATCH).data(SNIPPET_HTML_ROLE)
    assert "<b>walking</b>" in snippet


def test_rows_are_read_in_blocks_only_when_asked_for(journal: JournalService) -> None:
    add_entries(journal, 1000)
    model = EntryListModel(journal)
    model.set_ids(journal.ids())
    assert model.rowCount() == 1000
    assert len(model._cache) == 0

    assert model.index(0, EntryListModel.TITLE).data() == "Entry 999"
    assert len(model._cache) == BLOCK

    assert model.index(900, EntryListModel.TITLE).data() == "Entry 99"
    assert len(model._cache) == 2 * BLOCK

    # An id alone needs no read at all.
    assert isinstance(model.index(500, 0).data(ID_ROLE), int)
    assert len(model._cache) == 2 * BLOCK
    assert model.index(950, EntryListModel.MOOD).data(Qt.ItemDataRole.DisplayRole) == "10"
    assert len(model._cache) == 2 * BLOCK


def test_every_id_is_appended_below_a_first_page_under_the_qt_model_checks(
    qtmodeltester: ModelTester, journal: JournalService
) -> None:
    add_entries(journal, 30)
    model = EntryListModel(journal)
    model.set_ids(journal.ids(limit=10))
    qtmodeltester.check(model, force_py=True)  # stays attached: checks what follows
    assert model.rowCount() == 10
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    model.extend_to(journal.ids())
    assert inserted == [(10, 29)] and model.rowCount() == 30
    assert model.index(29, EntryListModel.TITLE).data() == "Entry 0"
    model.extend_to(journal.ids()[1:])  # not a continuation: filled anew
    assert model.rowCount() == 29 and inserted == [(10, 29)]
