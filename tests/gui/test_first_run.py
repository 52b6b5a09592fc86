"""Creating the journal through the first-run dialog."""

from __future__ import annotations

import re
import stat
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.helpers.vaults import FAST_KDF
from therapy_journal.gui.app import App
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
    key = dialog.key_label.text()
    assert KEY_PATTERN.fullmatch(key), key
    assert fields.passphrase.text() == "" and fields.confirm.text() == ""

    assert not dialog.finish.isEnabled()
    key_file = tmp_path / "recovery.txt"
    dialog.write_key(key_file)
    assert key in key_file.read_text(encoding="utf-8")
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600

    qtbot.mouseClick(dialog.stored, Qt.MouseButton.LeftButton)
    assert dialog.finish.isEnabled()
    qtbot.mouseClick(dialog.finish, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: gui_app.main_window is not None and gui_app.main_window.isVisible())
    assert not dialog.isVisible()
    assert dialog.key_label.text() == ""

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
