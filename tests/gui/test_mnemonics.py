"""No two controls on screen share an Alt+letter, and no label shows a stray "&",
in every area of the main window and in the app's dialogs."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.mnemonics import literal_ampersands, mnemonic, shared_mnemonics
from therapy_journal.gui.app import App
from therapy_journal.gui.areas import AREAS
from therapy_journal.gui.dialogs.backup_dialogs import BackupDialog, RestoreDialog
from therapy_journal.gui.dialogs.data_dialogs import CheckDialog, ExportAllDialog, ImportDialog
from therapy_journal.gui.dialogs.settings_dialog import SettingsDialog

AREA_KEYS = [spec.key for spec in AREAS]  # every area, in sidebar order


def test_a_mnemonic_is_the_letter_after_a_single_ampersand() -> None:
    assert mnemonic("Move do&wn") == "w"
    assert mnemonic("Salt && pepper") is None
    assert mnemonic("Plain") is None


def problems_in(window: QWidget) -> list[str]:
    QApplication.processEvents()
    shared = [f"Alt+{k.upper()}: {', '.join(v)}" for k, v in shared_mnemonics(window).items()]
    return shared + [f"shows a literal &: {where}" for where in literal_ampersands(window)]


@pytest.mark.parametrize("key", AREA_KEYS)
def test_each_area_has_one_control_per_alt_letter(
    qtbot: QtBot, unlocked_app: App, key: str
) -> None:
    window = unlocked_app.main_window
    assert window is not None
    window.open_area(key)
    qtbot.waitUntil(lambda: not unlocked_app.tasks.busy)
    assert problems_in(window) == []


DIALOGS = {
    "settings": lambda app: SettingsDialog(app.settings, app.session, app.main_window),
    "back up": lambda app: BackupDialog(app.session, app.main_window),
    "restore": lambda app: RestoreDialog(app.tasks, app.vault.folder),
    "import": lambda app: ImportDialog(app.session, app.main_window),
    "export everything": lambda app: ExportAllDialog(app.session, app.main_window),
    "check vault": lambda app: CheckDialog(app.session, app.main_window),
}


@pytest.mark.parametrize("name", list(DIALOGS))
def test_each_dialog_has_one_control_per_alt_letter(
    qtbot: QtBot, unlocked_app: App, name: str
) -> None:
    dialog: QDialog = DIALOGS[name](unlocked_app)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert problems_in(dialog) == []


def test_the_unlock_window_has_one_control_per_alt_letter(qtbot: QtBot, unlocked_app: App) -> None:
    unlocked_app.lock()
    window = unlocked_app.unlock_window
    assert window is not None and window.isVisible()
    assert problems_in(window) == []


def test_the_first_run_window_has_one_control_per_alt_letter(qtbot: QtBot, gui_app: App) -> None:
    gui_app.start()  # an empty folder: first run
    dialog = gui_app.first_run
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert problems_in(dialog) == []
