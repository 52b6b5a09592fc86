"""The settings dialog: theme, discreet mode, and what is written to the config folder."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from tests.gui.helpers import click_row
from therapy_journal.gui.app import App
from therapy_journal.gui.dialogs.settings_dialog import SettingsDialog
from therapy_journal.gui.settings import AppSettings
from therapy_journal.gui.theme import apply_theme
from therapy_journal.services.journal import make_entry
from therapy_journal.store.models import NewEntry

SECRET_TITLE = "Wombat grievance"
SECRET_BODY = "an aubergine-coloured regret"


@pytest.fixture
def seed_entries() -> list[NewEntry]:
    return [
        make_entry(
            title=SECRET_TITLE, body=SECRET_BODY, created=datetime(2024, 1, 9, 7).astimezone()
        )
    ]


@pytest.fixture(autouse=True)
def light_again(qapp: QApplication):  # type: ignore[no-untyped-def]
    """The palette belongs to the whole QApplication: put it back for later tests."""
    yield
    apply_theme(qapp, "system")


def change_settings(qtbot: QtBot, app: App, choose: Callable[[SettingsDialog], None]) -> None:
    """Open Settings from the menu action, let ``choose`` set the fields, press OK."""
    window = app.main_window
    assert window is not None
    seen: list[SettingsDialog] = []

    def fill_in() -> None:
        dialog = window.findChild(SettingsDialog)
        assert dialog is not None and dialog.isVisible()
        seen.append(dialog)
        choose(dialog)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        ok.click()

    QTimer.singleShot(0, fill_in)
    window.settings_action.trigger()  # returns when the modal dialog closes
    assert len(seen) == 1, "the settings dialog did not open"


def test_the_dark_theme_darkens_the_application(qtbot: QtBot, unlocked_app: App) -> None:
    apply_theme(unlocked_app.qapp, "light")
    assert unlocked_app.qapp.palette().window().color().lightness() >= 128

    change_settings(
        qtbot, unlocked_app, lambda d: d.theme.setCurrentIndex(d.theme.findData("dark"))
    )
    assert unlocked_app.settings.theme == "dark"
    assert unlocked_app.qapp.palette().window().color().lightness() < 128
    assert AppSettings.load().theme == "dark"


def test_discreet_mode_gives_a_neutral_title(qtbot: QtBot, unlocked_app: App) -> None:
    window = unlocked_app.main_window
    assert window is not None
    assert window.windowTitle() != "Notes"

    change_settings(qtbot, unlocked_app, lambda d: d.discreet.setChecked(True))
    assert window.windowTitle() == "Notes"
    unlocked_app.lock()
    assert unlocked_app.unlock_window is not None
    assert unlocked_app.unlock_window.windowTitle() == "Notes"


def test_settings_live_in_the_config_folder_and_hold_no_entry_text(
    qtbot: QtBot, unlocked_app: App, isolated_home: Path
) -> None:
    window = unlocked_app.main_window
    assert window is not None
    click_row(qtbot, window.journal.view, 0)
    assert window.journal.editor.title.text() == SECRET_TITLE
    change_settings(qtbot, unlocked_app, lambda d: d.font_size.setValue(17))
    unlocked_app.lock()

    path = AppSettings.path()
    assert path == isolated_home / ".config" / "therapy-journal" / "settings.json"
    text = path.read_text(encoding="utf-8")
    assert AppSettings.load().font_size == 17
    for secret in (SECRET_TITLE, SECRET_BODY, "Wombat", "aubergine"):
        assert secret not in text
