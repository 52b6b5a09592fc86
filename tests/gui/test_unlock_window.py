"""The unlock window: what it shows after a wrong passphrase and after the way back in."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from tests.helpers.vaults import VaultInfo
from therapy_journal.gui.app import App
from therapy_journal.gui.dialogs.unlock import RecoveryDialog, UnlockWindow

NEW_PASSPHRASE = "violet harbour quietly sings"


def _fail_once(qtbot: QtBot, unlock: UnlockWindow) -> None:
    qtbot.keyClicks(unlock.passphrase, "not the passphrase at all")
    qtbot.keyClick(unlock.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: unlock.error.text() != "")


def _forgot(unlock: UnlockWindow) -> QPushButton:
    return next(b for b in unlock.findChildren(QPushButton) if "Forgot" in b.text())


def test_forgot_then_cancel_leaves_an_empty_focused_field_and_no_error(
    qtbot: QtBot, gui_app: App, vault_on_disk: VaultInfo
) -> None:
    gui_app.start()
    unlock = gui_app.unlock_window
    assert unlock is not None
    unlock.activateWindow()
    _fail_once(qtbot, unlock)
    seen: list[tuple[str, str]] = []

    def cancel() -> None:  # runs inside the modal dialog's event loop
        dialog = unlock.findChild(RecoveryDialog)
        assert dialog is not None and dialog.isVisible()
        seen.append((unlock.passphrase.text(), unlock.error.text()))
        dialog.reject()

    QTimer.singleShot(0, cancel)
    qtbot.mouseClick(_forgot(unlock), Qt.MouseButton.LeftButton)

    assert seen == [("", "")], "the wrong passphrase and its error stayed behind the dialog"
    assert unlock.passphrase.text() == ""
    assert unlock.error.text() == ""
    qtbot.waitUntil(unlock.passphrase.hasFocus)
    qtbot.keyClicks(unlock.passphrase, "new")
    assert unlock.passphrase.text() == "new"


def test_after_recovery_and_lock_the_unlock_window_is_empty(
    qtbot: QtBot, gui_app: App, vault_on_disk: VaultInfo
) -> None:
    gui_app.start()
    unlock = gui_app.unlock_window
    assert unlock is not None
    _fail_once(qtbot, unlock)

    def fill_in() -> None:
        dialog = unlock.findChild(RecoveryDialog)
        assert dialog is not None
        qtbot.keyClicks(dialog.key, vault_on_disk.recovery_key)
        qtbot.keyClicks(dialog.fields.passphrase, NEW_PASSPHRASE)
        qtbot.keyClicks(dialog.fields.confirm, NEW_PASSPHRASE)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, fill_in)
    qtbot.mouseClick(_forgot(unlock), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: gui_app.main_window is not None and gui_app.main_window.isVisible())
    gui_app.lock()
    qtbot.waitUntil(unlock.isVisible)
    assert unlock.passphrase.text() == ""
    assert unlock.error.text() == ""


def test_show_passphrase_shows_what_is_typed_until_the_window_clears(
    qtbot: QtBot, gui_app: App, vault_on_disk: VaultInfo
) -> None:
    gui_app.start()
    unlock = gui_app.unlock_window
    assert unlock is not None
    field = unlock.passphrase
    assert field.echoMode() == QLineEdit.EchoMode.Password
    qtbot.mouseClick(unlock.show_typed, Qt.MouseButton.LeftButton)
    assert field.echoMode() == QLineEdit.EchoMode.Normal
    _fail_once(qtbot, unlock)
    assert field.echoMode() == QLineEdit.EchoMode.Normal  # still trying: still shown
    unlock.clear()
    assert field.echoMode() == QLineEdit.EchoMode.Password
    assert not unlock.show_typed.isChecked()
    qtbot.mouseClick(unlock.show_typed, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(field, vault_on_disk.passphrase)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: gui_app.main_window is not None and gui_app.main_window.isVisible())
    gui_app.lock()
    qtbot.waitUntil(unlock.isVisible)
    assert field.echoMode() == QLineEdit.EchoMode.Password  # hidden again after a lock


def test_a_long_unlock_says_why_it_is_still_busy_and_the_note_goes_after(
    qtbot: QtBot, gui_app: App, vault_on_disk: VaultInfo
) -> None:
    """The first unlock after an update may reorganize a large journal (19 s
    at 100,000 entries): after a few seconds the window says so."""
    gui_app.start()
    unlock = gui_app.unlock_window
    assert unlock is not None
    unlock._still_timer.setInterval(10)  # the real wait is STILL_WORKING_MS
    unlock._set_busy(True)
    assert not unlock.still_working.isVisible()  # not at once: most unlocks are quick
    qtbot.waitUntil(unlock.still_working.isVisible)
    assert "can take a minute" in unlock.still_working.text()
    unlock._set_busy(False)
    assert not unlock.still_working.isVisible()
    qtbot.keyClicks(unlock.passphrase, vault_on_disk.passphrase)
    qtbot.keyClick(unlock.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: gui_app.main_window is not None)
    assert not unlock.still_working.isVisible()
