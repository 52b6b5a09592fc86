"""Several journals in the Journal area: the chooser, new entries in the chosen
journal, moving an entry in the editor, and making, renaming and deleting journals."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.gui.fit import SMALL_SCREEN, fit_problems
from tests.gui.helpers import (
    click_row,
    listed_titles,
    open_area,
    row_titled,
    saved_entries,
    unlock_through_window,
    wait_listed,
)
from tests.helpers.bundles import entry_file, received_bundle
from tests.helpers.vaults import VaultInfo, make_vault
from therapy_journal.gui.app import App
from therapy_journal.gui.main_window import MainWindow
from therapy_journal.gui.share.share_area import ShareArea
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.services.journals import JournalsService
from therapy_journal.store.models import EntryFilter

NOW = datetime.now().astimezone()


@pytest.fixture
def vault_on_disk(vault_folder: Path) -> VaultInfo:
    """Therapy (two entries), Everyday (one) and the first journal, Journal (none)."""
    info = make_vault(vault_folder)
    journals = JournalsService(info.vault)
    therapy, everyday = journals.add("Therapy").id, journals.add("Everyday").id
    journal = JournalService(info.vault)
    for days, title, where in (
        (1, "After the session", therapy),
        (2, "Before the session", therapy),
        (3, "Market day", everyday),
    ):
        journal.add(
            make_entry(
                title=title,
                body=f"{title}: the river was calm.",
                created=NOW - timedelta(days=days),
                journal_id=where,
            )
        )
    info.vault.lock()
    return info


@pytest.fixture
def window(qtbot: QtBot, gui_app: App, vault_on_disk: VaultInfo) -> MainWindow:
    gui_app.start()
    shown = unlock_through_window(qtbot, gui_app, vault_on_disk.passphrase)
    wait_listed(qtbot, shown, 3)
    qtbot.waitUntil(lambda: shown.journal.journal_choice.combo.count() == 4)
    return shown


def choose(qtbot: QtBot, window: MainWindow, name: str | None) -> None:
    chooser = window.journal.journal_choice
    found = next((j.id for j in chooser.journals if j.name == name), None)
    chooser.combo.setCurrentIndex(chooser.combo.findData(found))
    qtbot.waitUntil(lambda: not window.session.tasks.busy)


def test_the_chooser_lists_journals_with_counts_and_the_list_follows_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    combo = window.journal.journal_choice.combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "All journals",
        "Everyday (1)",
        "Journal (0)",
        "Therapy (2)",
    ]
    assert combo.accessibleName() == "Journal shown"
    choose(qtbot, window, "Therapy")
    wait_listed(qtbot, window, 2)
    assert listed_titles(window) == ["After the session", "Before the session"]
    qtbot.keyClicks(window.journal.search, "river")
    qtbot.waitUntil(lambda: window.journal.model.searching)
    wait_listed(qtbot, window, 2)
    choose(qtbot, window, "Everyday")
    wait_listed(qtbot, window, 1)
    assert listed_titles(window) == ["Market day"]
    choose(qtbot, window, None)
    wait_listed(qtbot, window, 3)


def test_a_new_entry_goes_into_the_chosen_journal(
    qtbot: QtBot, window: MainWindow, vault_on_disk: VaultInfo
) -> None:
    choose(qtbot, window, "Everyday")
    wait_listed(qtbot, window, 1)
    area = window.journal
    area.new_entry()
    assert area.editor.journal_box.currentText() == "Everyday"
    qtbot.keyClicks(area.editor.body, "Bought apples.")
    area.editor.save_now()
    wait_listed(qtbot, window, 2)
    everyday = JournalsService(window.session.vault).find("Everyday").id
    saved = next(e for e in saved_entries(vault_on_disk.folder) if e.body == "Bought apples.")
    assert saved.journal_id == everyday
    qtbot.waitUntil(lambda: area.journal_choice.combo.currentText() == "Everyday (2)")


def test_the_editor_moves_an_entry_to_another_journal(
    qtbot: QtBot, window: MainWindow, vault_on_disk: VaultInfo
) -> None:
    choose(qtbot, window, "Therapy")
    wait_listed(qtbot, window, 2)
    area = window.journal
    click_row(qtbot, area.view, row_titled(window, "Before the session"))
    editor = area.editor
    qtbot.waitUntil(lambda: editor.entry_id is not None)
    assert editor.journal_box.isVisible()
    assert editor.journal_box.currentText() == "Therapy"
    editor.journal_box.setCurrentIndex(editor.journal_box.findText("Everyday"))
    editor.save_now()
    wait_listed(qtbot, window, 1)
    assert listed_titles(window) == ["After the session"]
    everyday = JournalsService(window.session.vault).find("Everyday").id
    moved = next(e for e in saved_entries(vault_on_disk.folder) if e.title == "Before the session")
    assert moved.journal_id == everyday


def test_journals_are_made_renamed_and_deleted_from_the_menu(
    qtbot: QtBot, window: MainWindow, shown_messages: list[str]
) -> None:
    chooser = window.journal.journal_choice
    answers = iter(["Dreams", "Sleep and dreams"])
    chooser.ask_text = lambda *_: next(answers)
    chooser.add_action.trigger()
    assert chooser.combo.currentText() == "Dreams (0)"
    wait_listed(qtbot, window, 0)
    chooser.rename_action.trigger()
    assert chooser.combo.currentText() == "Sleep and dreams (0)"
    chooser.delete_action.trigger()  # empty: deleted without a question
    assert "Sleep and dreams" not in [j.name for j in chooser.journals]
    assert chooser.combo.currentText() == "All journals"

    choose(qtbot, window, "Therapy")
    chooser.ask_choice = lambda *_: None  # asked where the entries go; canceled
    chooser.delete_action.trigger()
    assert "Therapy" in [j.name for j in chooser.journals]
    chooser.ask_choice = lambda *_: "Everyday"
    chooser.delete_action.trigger()
    assert [j.name for j in chooser.journals] == ["Everyday", "Journal"]
    assert chooser.combo.currentText() == "Everyday (3)"
    wait_listed(qtbot, window, 3)

    chooser.ask_text = lambda *_: "journal"
    chooser.add_action.trigger()
    assert shown_messages == ["There is already a journal called 'Journal'."]


def test_the_journal_area_with_journals_fits_960_by_600(qtbot: QtBot, window: MainWindow) -> None:
    choose(qtbot, window, "Therapy")
    click_row(qtbot, window.journal.view, 0)
    qtbot.waitUntil(lambda: window.journal.editor.entry_id is not None)
    assert fit_problems(window, SMALL_SCREEN) == []


def test_the_share_wizard_shares_from_the_chosen_journal(
    qtbot: QtBot, gui_app: App, window: MainWindow
) -> None:
    _window, area = open_area(gui_app, "share", ShareArea)
    what = area.wizard.what
    qtbot.waitUntil(lambda: what.journal.count() == 4)
    assert what.journal.isVisible()
    assert what.journal.accessibleName() == "Journal to share from"
    what.everything.setChecked(True)
    qtbot.waitUntil(lambda: what.sent_count.text() == "3 entries")
    what.journal.setCurrentIndex(what.journal.findData("Therapy"))
    qtbot.waitUntil(lambda: what.sent_count.text() == "2 entries")
    assert what.selection().journals == ("Therapy",)
    assert fit_problems(window, SMALL_SCREEN) == []


def test_a_received_entry_shows_its_journal_and_is_imported_into_it(
    qtbot: QtBot, gui_app: App, window: MainWindow, tmp_path: Path
) -> None:
    _window, area = open_area(gui_app, "share", ShareArea)
    receive = area.receive
    area.tabs.setCurrentWidget(receive)
    receive.create_key()
    entry = entry_file(title="From my other laptop").replace(
        b"\n---\n\n", b'\njournal: "Sleep log"\n---\n\n', 1
    )
    path = tmp_path / "received.age"
    path.write_bytes(received_bundle(receive.key.text(), entries=[entry]))
    with qtbot.waitSignal(receive.rendered, timeout=60_000):
        receive.open_path(path)
    assert "in Sleep log" in receive.view.toPlainText()
    receive.import_entries()
    qtbot.waitUntil(lambda: not receive.busy and not window.session.tasks.busy)
    journals = JournalsService(window.session.vault)
    sleep_log = journals.find("Sleep log")
    imported = JournalService(window.session.vault)
    ids = imported.ids(EntryFilter(journal_ids=frozenset({sleep_log.id})))
    assert [imported.get(i).title for i in ids] == ["From my other laptop"]
