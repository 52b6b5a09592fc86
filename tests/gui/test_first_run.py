"""Creating the journal through the first-run dialog."""

from __future__ import annotations

import re
import stat
from pathlib import Path, PurePosixPath

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel
from pytestqt.qtbot import QtBot

from tests.helpers.vaults import FAST_KDF
from therapy_journal.gui.app import App
from therapy_journal.gui.dialogs.first_run import FirstRunDialog
from therapy_journal.gui.dialogs.key_folder import (
    default_key_folder,
    documents_folder,
    is_removable_place,
)
from therapy_journal.gui.settings import AppSettings
from therapy_journal.services import regions
from therapy_journal.store.vault import Vault

STRONG = "mossy kettle orbit lantern"
KEY_PATTERN = re.compile(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){8}")


def test_first_run_creates_the_vault_and_shows_the_recovery_key_once(
    qtbot: QtBot, gui_app: App, tmp_path: Path
) -> None:
    gui_app.start()
    dialog = gui_app.first_run
    assert dialog is not None and dialog.isVisible()
    fields, create = dialog.fields, dialog.create_button
    assert not create.isEnabled()

    qtbot.keyClicks(fields.passphrase, "abc")
    assert not create.isEnabled()  # too short
    fields.passphrase.clear()
    qtbot.keyClicks(fields.passphrase, "password")
    qtbot.keyClicks(fields.confirm, "password")
    weak_score, weak_word = fields.meter.value(), fields.meter.text()
    assert not create.isEnabled()  # long enough, matching, but easy to guess

    fields.passphrase.clear()
    fields.confirm.clear()
    qtbot.keyClicks(fields.passphrase, STRONG)
    assert fields.meter.value() > weak_score
    assert fields.meter.text() != weak_word
    assert fields.meter.text() in {"Strong", "Very strong"}
    assert not create.isEnabled()  # not confirmed yet
    qtbot.keyClicks(fields.confirm, STRONG + "x")
    assert not create.isEnabled()
    assert "differ" in fields.feedback.text()
    qtbot.keyClick(fields.confirm, Qt.Key.Key_Backspace)
    assert create.isEnabled()

    qtbot.mouseClick(create, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1)
    key = dialog.key_page.key_label.text()
    assert KEY_PATTERN.fullmatch(key), key
    assert fields.passphrase.text() == "" and fields.confirm.text() == ""

    assert not dialog.key_page.finish.isEnabled()
    key_file = tmp_path / "recovery.txt"
    dialog.key_page.write_key(key_file)
    assert key in key_file.read_text(encoding="utf-8")
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600

    qtbot.mouseClick(dialog.key_page.stored, Qt.MouseButton.LeftButton)
    assert dialog.key_page.finish.isEnabled()
    qtbot.mouseClick(dialog.key_page.finish, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: gui_app.main_window is not None and gui_app.main_window.isVisible())
    assert not dialog.isVisible()
    assert dialog.key_page.key_label.text() == ""

    # The vault really is there, and opens with the chosen passphrase and the key.
    gui_app.lock()
    other = Vault(gui_app.vault.folder, kdf=FAST_KDF)
    other.unlock(STRONG)
    other.lock()
    other.unlock_with_recovery(key, "another quiet passphrase here")
    other.lock()


def test_recovery_page_cannot_be_closed_before_the_key_is_stored(
    qtbot: QtBot, gui_app: App, shown_messages: list[str]
) -> None:
    gui_app.start()
    dialog = gui_app.first_run
    assert dialog is not None
    qtbot.keyClicks(dialog.fields.passphrase, STRONG)
    qtbot.keyClicks(dialog.fields.confirm, STRONG)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    assert any("recovery key" in message for message in shown_messages)


def _to_recovery_page(qtbot: QtBot, gui_app: App) -> FirstRunDialog:
    gui_app.start()
    dialog = gui_app.first_run
    assert dialog is not None
    qtbot.keyClicks(dialog.fields.passphrase, STRONG)
    qtbot.keyClicks(dialog.fields.confirm, STRONG)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1)
    return dialog


def _close_file_dialogs(opened: list[str]) -> None:
    """Close any file dialog that is open (a modal one would block the test), noting it."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QFileDialog) and widget.isVisible():
            opened.append(widget.windowTitle())
            widget.reject()


def test_enter_opens_the_journal_once_the_key_is_stored_and_never_save_again(
    qtbot: QtBot, gui_app: App
) -> None:
    dialog = _to_recovery_page(qtbot, gui_app)
    opened: list[str] = []
    guard = QTimer(interval=20)  # a file dialog that opens is noted and closed
    guard.timeout.connect(lambda: _close_file_dialogs(opened))
    guard.start()
    # The person saved the key (the file dialog came and went), then pressed Enter.
    qtbot.mouseClick(dialog.key_page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(opened))
    assert (
        not dialog.key_page.copy_button.autoDefault()
        and not dialog.key_page.save_button.autoDefault()
    )
    qtbot.keyClick(dialog.key_page.stored, Qt.Key.Key_Return)  # not ticked yet: nothing happens
    QApplication.processEvents()
    assert dialog.isVisible()

    qtbot.mouseClick(dialog.key_page.stored, Qt.MouseButton.LeftButton)
    qtbot.keyClick(dialog.key_page.stored, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: gui_app.main_window is not None and gui_app.main_window.isVisible())
    guard.stop()
    assert opened == ["Save the recovery key"], "Enter opened the Save dialog again"
    assert not dialog.isVisible()


def test_the_whole_key_shows_in_monospace_and_copy_and_save_say_what_they_did(
    qtbot: QtBot, gui_app: App, tmp_path: Path
) -> None:
    dialog = _to_recovery_page(qtbot, gui_app)
    page = dialog.key_page
    label = page.key_label
    key = label.text()
    assert len(key) == 44
    assert QFontInfo(label.font()).fixedPitch()
    qtbot.waitUntil(lambda: label.width() >= label.fontMetrics().horizontalAdvance(key))
    assert label.visibleRegion().boundingRect().width() >= label.width()
    assert label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert page.status.text() == ""

    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    assert page.status.text() == "Copied — it will be cleared from the clipboard in 30 s"

    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    save = page.save_dialog
    assert save is not None and save.isVisible()
    assert Path(save.directory().absolutePath()) == default_key_folder()
    target = tmp_path / "stick" / "my-key.txt"
    target.parent.mkdir()
    save.selectFile(str(target))
    save.accept()
    assert key in target.read_text(encoding="utf-8")
    assert page.status.text() == f"Saved to {target}"
    assert "USB stick" in " ".join(w.text() for w in page.findChildren(QLabel))

    page.write_key(tmp_path / "no such folder" / "key.txt")
    assert page.status.text().startswith("The recovery key could not be saved")


def test_the_key_is_offered_to_a_removable_drive_first_else_documents(tmp_path: Path) -> None:
    stick = tmp_path / "STICK"
    assert default_key_folder([stick]) == stick
    assert default_key_folder([]) == documents_folder()
    assert is_removable_place(PurePosixPath("/media/ana/STICK"), "ana")
    assert is_removable_place(PurePosixPath("/run/media/ana/KEYS"), "ana")
    assert is_removable_place(PurePosixPath("/Volumes/KEYS"), "ana")
    assert not is_removable_place(PurePosixPath("/media/ana"), "ana")
    assert not is_removable_place(PurePosixPath("/"), "ana")
    assert not is_removable_place(PurePosixPath("/home/ana"), "ana")
    assert not is_removable_place(PurePosixPath("/run/media/bo/KEYS"), "ana")


def test_first_run_asks_where_the_person_lives_once_from_the_locale(
    qtbot: QtBot, gui_app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    gui_app.start()
    dialog = gui_app.first_run
    assert dialog is not None
    assert dialog.chosen_region() == "uk"  # from the system's locale
    dialog.region.setCurrentIndex(dialog.region.findData("ie"))
    qtbot.keyClicks(dialog.fields.passphrase, STRONG)
    qtbot.keyClicks(dialog.fields.confirm, STRONG)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1)
    qtbot.mouseClick(dialog.key_page.stored, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.key_page.finish, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: gui_app.main_window is not None and gui_app.main_window.isVisible())
    assert gui_app.settings.region == "ie"
    assert AppSettings.load().region == "ie"  # kept in the settings file
    assert regions.configured_region() == "ie"  # which the command line reads too
