"""The app on a damaged vault: Check vault says what is wrong in a sentence
(SQLite's report under Details), Back up refuses, and "Save what can be
read…" beside the error writes what the vault still holds."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.gui.helpers import unlock_through_window
from tests.helpers.damage import ENTRIES, damage, make_layered_vault
from tests.helpers.vaults import VaultInfo
from therapy_journal.gui.app import App
from therapy_journal.gui.dialogs.backup_dialogs import BackupDialog
from therapy_journal.gui.dialogs.data_dialogs import CheckDialog, SalvageDialog
from therapy_journal.services.salvage import REPORT_FILE


@pytest.fixture
def vault_on_disk(vault_folder: Path) -> VaultInfo:
    """A vault with a damaged page of its search index: it unlocks and lists,
    but a backup of it would not restore (adding an entry fails there)."""
    info = make_layered_vault(vault_folder)
    damage(info, "search-index")
    return info


def test_check_vault_on_a_damaged_vault_says_so_and_offers_to_save_what_can_be_read(
    qtbot: QtBot, gui_app: App, vault_on_disk: VaultInfo, tmp_path: Path
) -> None:
    gui_app.start()
    window = unlock_through_window(qtbot, gui_app, vault_on_disk.passphrase)
    dialog = CheckDialog(gui_app.session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.salvage_button.isVisible() and not dialog.details_button.isVisible()
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.health is not None, timeout=30_000)

    assert dialog.message.text().startswith("The vault is damaged: 1 page of its database")
    assert dialog.salvage_button.isVisible() and dialog.details_button.isVisible()
    assert not dialog.details.isVisible()
    dialog.details_button.click()
    assert dialog.details.isVisible()
    assert "HMAC verification failed for page" in dialog.details.toPlainText()

    dialog.salvage_button.click()
    salvage = dialog.salvage_dialog
    assert isinstance(salvage, SalvageDialog)
    qtbot.addWidget(salvage)
    assert "NOT be encrypted" in salvage.message.text()
    target = tmp_path / "saved"
    salvage.folder.setText(str(target))
    salvage.start_button.click()
    qtbot.waitUntil(lambda: salvage.result_ is not None, timeout=30_000)
    result = salvage.result_
    assert result is not None and result.entries == ENTRIES and not result.lost
    assert f"Saved {result.entries} entries into {target}" in salvage.message.text()
    assert REPORT_FILE in salvage.message.text()
    assert len(list((target / "entries").iterdir())) == result.entries


def test_back_up_on_a_damaged_vault_refuses_and_offers_to_save_what_can_be_read(
    qtbot: QtBot, gui_app: App, vault_on_disk: VaultInfo, tmp_path: Path
) -> None:
    gui_app.start()
    window = unlock_through_window(qtbot, gui_app, vault_on_disk.passphrase)
    dialog = BackupDialog(gui_app.session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    target = tmp_path / "b.tjbackup"
    dialog.path.setText(str(target))
    dialog.start_button.click()
    qtbot.waitUntil(dialog.start_button.isEnabled, timeout=30_000)
    assert "No backup was written" in dialog.message.text()
    assert dialog.result_ is None
    assert dialog.salvage_button.isVisible()
    assert list(tmp_path.iterdir()) == [] or not target.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_a_damaged_page_under_the_journal_list_shows_those_rows_as_unreadable(
    qtbot: QtBot, gui_app: App, vault_folder: Path
) -> None:
    """Entries whose page is damaged cannot be read, but the list still shows
    every other entry, says which rows it could not read, and offers the way
    out; no error dialog, nothing thrown from the list's model."""
    info = make_layered_vault(vault_folder)
    damage(info, "entries-leaf")
    gui_app.start()
    window = unlock_through_window(qtbot, gui_app, info.passphrase)
    journal = window.journal
    model = journal.model
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=10_000)
    titles = [model.data(model.index(row, model.TITLE)) for row in range(model.rowCount())]
    unreadable = [title for title in titles if title == "(could not be read)"]
    readable = [title for title in titles if title != "(could not be read)"]
    assert unreadable and readable
    assert all(title.startswith("entry ") for title in readable)
    assert model.rowCount() == ENTRIES
    qtbot.waitUntil(lambda: "damaged" in window.statusBar().currentMessage())
    assert "Check vault" in window.statusBar().currentMessage()
    row = titles.index("(could not be read)")
    journal.view.selectRow(row)
    assert journal.editor.entry_id is None or model.row_of(journal.editor.entry_id) != row
    assert QApplication.activeModalWidget() is None


def test_a_vault_whose_database_does_not_open_offers_to_save_what_can_be_read_at_unlock(
    qtbot: QtBot, gui_app: App, vault_folder: Path, tmp_path: Path
) -> None:
    """Page 1 (the schema) damaged: the right passphrase cannot open the
    journal, and the unlock window says so in a sentence with a way out."""
    info = make_layered_vault(vault_folder)
    damage(info, "page-1")
    gui_app.start()
    window = gui_app.unlock_window
    assert window is not None and not window.salvage_button.isVisible()
    qtbot.waitUntil(lambda: not gui_app.tasks.busy)
    qtbot.keyClicks(window.passphrase, info.passphrase)
    qtbot.keyClick(window.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(window.salvage_button.isVisible, timeout=10_000)
    assert "database is damaged" in window.error.text()
    assert QApplication.activeModalWidget() is None  # a sentence, not a bug dialog

    window.salvage_button.click()
    salvage = window.salvage_dialog
    assert isinstance(salvage, SalvageDialog)
    qtbot.addWidget(salvage)
    target = tmp_path / "saved"
    salvage.folder.setText(str(target))
    salvage.start_button.click()
    qtbot.waitUntil(lambda: salvage.result_ is not None, timeout=60_000)
    result = salvage.result_
    assert result is not None and result.entries == ENTRIES
    assert (target / REPORT_FILE).is_file()
    saved = "".join(p.read_text() for p in (target / "entries").iterdir())
    assert "entry1 feels steady" in saved
