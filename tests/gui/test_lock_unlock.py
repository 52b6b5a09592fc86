"""Locking, unlocking, a wrong passphrase, and the way back in with the recovery key."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialogButtonBox, QPushButton
from pytestqt.qtbot import QtBot

from tests.gui.helpers import unlock_through_window
from tests.helpers.vaults import FAST_KDF, VaultInfo, file_hashes
from therapy_journal.gui.app import App
from therapy_journal.gui.dialogs.unlock import RecoveryDialog
from therapy_journal.store.errors import WrongPassphrase
from therapy_journal.store.vault import Vault

NEW_PASSPHRASE = "violet harbour quietly sings"


def test_ctrl_l_locks_and_the_passphrase_with_enter_unlocks(
    qtbot: QtBot, unlocked_app: App, vault_on_disk: VaultInfo
) -> None:
    window = unlocked_app.main_window
    assert window is not None
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(
        lambda: unlocked_app.unlock_window is not None and unlocked_app.unlock_window.isVisible()
    )
    assert unlocked_app.main_window is None
    assert not window.isVisible()
    assert not unlocked_app.vault.is_unlocked

    again = unlock_through_window(qtbot, unlocked_app, vault_on_disk.passphrase)
    assert again is not window
    assert unlocked_app.vault.is_unlocked
    assert not unlocked_app.unlock_window.isVisible()


def test_a_wrong_passphrase_says_so_and_changes_nothing(
    qtbot: QtBot, gui_app: App, vault_on_disk: VaultInfo
) -> None:
    before = file_hashes(vault_on_disk.folder)
    gui_app.start()
    unlock = gui_app.unlock_window
    assert unlock is not None

    qtbot.keyClicks(unlock.passphrase, "not the passphrase at all")
    qtbot.keyClick(unlock.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: unlock.error.text() != "")

    assert "does not open" in unlock.error.text()
    assert unlock.isVisible()
    assert unlock.passphrase.isEnabled()
    assert gui_app.main_window is None
    assert not gui_app.vault.is_unlocked
    assert file_hashes(vault_on_disk.folder) == before


def test_the_recovery_key_and_a_new_passphrase_unlock_and_replace_the_old_one(
    qtbot: QtBot, gui_app: App, vault_on_disk: VaultInfo
) -> None:
    gui_app.start()
    dialog = RecoveryDialog(gui_app.vault, gui_app.tasks, gui_app.unlock_window)
    qtbot.addWidget(dialog)
    dialog.show()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()

    qtbot.keyClicks(dialog.key, vault_on_disk.recovery_key.lower())
    qtbot.keyClicks(dialog.fields.passphrase, NEW_PASSPHRASE)
    qtbot.keyClicks(dialog.fields.confirm, NEW_PASSPHRASE)
    assert ok.isEnabled()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    assert gui_app.vault.is_unlocked
    assert dialog.key.text() == "" and dialog.fields.passphrase.text() == ""
    gui_app.vault.lock()
    other = Vault(vault_on_disk.folder, kdf=FAST_KDF)
    other.unlock(NEW_PASSPHRASE)
    other.lock()
    try:
        other.unlock(vault_on_disk.passphrase)
    except WrongPassphrase:
        pass
    else:
        other.lock()
        raise AssertionError("the old passphrase still opens the vault")


def test_a_wrong_recovery_key_is_refused_in_the_dialog(
    qtbot: QtBot, gui_app: App, vault_on_disk: VaultInfo
) -> None:
    before = file_hashes(vault_on_disk.folder)
    gui_app.start()
    dialog = RecoveryDialog(gui_app.vault, gui_app.tasks, gui_app.unlock_window)
    qtbot.addWidget(dialog)
    dialog.show()
    key = vault_on_disk.recovery_key
    wrong = ("B" if key[0] == "A" else "A") + key[1:]
    qtbot.keyClicks(dialog.key, wrong)
    qtbot.keyClicks(dialog.fields.passphrase, NEW_PASSPHRASE)
    qtbot.keyClicks(dialog.fields.confirm, NEW_PASSPHRASE)
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: dialog.error.text() != "")
    assert dialog.isVisible()
    assert not gui_app.vault.is_unlocked
    assert file_hashes(vault_on_disk.folder) == before


def test_forgot_your_passphrase_leads_into_the_journal(
    qtbot: QtBot, gui_app: App, vault_on_disk: VaultInfo
) -> None:
    gui_app.start()
    unlock = gui_app.unlock_window
    assert unlock is not None
    forgot = next(b for b in unlock.findChildren(QPushButton) if "Forgot" in b.text())
    filled: list[RecoveryDialog] = []

    def fill_in() -> None:  # runs inside the modal dialog's event loop
        dialog = unlock.findChild(RecoveryDialog)
        assert dialog is not None and dialog.isVisible()
        filled.append(dialog)
        qtbot.keyClicks(dialog.key, vault_on_disk.recovery_key)
        qtbot.keyClicks(dialog.fields.passphrase, NEW_PASSPHRASE)
        qtbot.keyClicks(dialog.fields.confirm, NEW_PASSPHRASE)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, fill_in)
    qtbot.mouseClick(forgot, Qt.MouseButton.LeftButton)
    assert filled, "the recovery dialog did not open"
    qtbot.waitUntil(lambda: gui_app.main_window is not None and gui_app.main_window.isVisible())
    assert not unlock.isVisible()
    assert gui_app.vault.is_unlocked
