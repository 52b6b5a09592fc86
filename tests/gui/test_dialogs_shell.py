"""The app's own dialogs: Back up shows Cancel or Close, never both, and counts
in words that fit; Settings is grouped, explains discreet mode and fits a
small screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QGroupBox
from pytestqt.qtbot import QtBot

from tests.gui.fit import SMALL_SCREEN
from therapy_journal.gui.app import App
from therapy_journal.gui.dialogs.backup_dialogs import BackupDialog
from therapy_journal.gui.dialogs.settings_dialog import SettingsDialog
from therapy_journal.gui.settings import AppSettings
from therapy_journal.services import regions
from therapy_journal.services.journal import make_entry


def test_back_up_shows_cancel_while_working_and_close_after(
    qtbot: QtBot, unlocked_app: App, tmp_path: Path
) -> None:
    unlocked_app.session.journal.add(make_entry(title="Keep me", body="safe"))
    dialog = BackupDialog(unlocked_app.session, unlocked_app.main_window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.close_button.isVisible() and not dialog.cancel_button.isVisible()
    dialog.path.setText(str(tmp_path / "now.tjbackup"))
    dialog.start_button.click()
    assert dialog.cancel_button.isVisible() and not dialog.close_button.isVisible()
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=30_000)
    assert dialog.close_button.isVisible() and not dialog.cancel_button.isVisible()
    assert dialog.message.text().startswith("Backed up 1 entry to ")


def test_settings_come_in_sections_explain_discreet_mode_and_fit(
    qtbot: QtBot, unlocked_app: App
) -> None:
    dialog = SettingsDialog(unlocked_app.settings, unlocked_app.session, unlocked_app.main_window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    titles = [box.title() for box in dialog.findChildren(QGroupBox)]
    assert titles == ["Privacy", "Where you are", "Reminders", "Look", "Automatic backups"]
    assert dialog.discreet_hint.isVisible()
    assert "“Notes”" in dialog.discreet_hint.text()
    hint = dialog.minimumSizeHint()
    assert 480 <= dialog.width() <= SMALL_SCREEN.width()
    assert hint.height() <= SMALL_SCREEN.height() - 40  # with the window's title bar


def test_settings_keep_the_region_and_the_professional_choice(
    qtbot: QtBot, unlocked_app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LC_ALL", "en_NZ.UTF-8")
    dialog = SettingsDialog(unlocked_app.settings, unlocked_app.session, unlocked_app.main_window)
    qtbot.addWidget(dialog)
    assert dialog.region.currentData() == "nz"  # not chosen yet: the locale's
    dialog.region.setCurrentIndex(dialog.region.findData("ca"))
    dialog.professional.setChecked(True)
    chosen = dialog.chosen(unlocked_app.settings)
    chosen.save()
    assert (AppSettings.load().region, AppSettings.load().professional) == ("ca", True)
    assert regions.configured_region() == "ca"  # the command line follows it
