"""The unlock window, and the way back in with the recovery key."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui import errors
from therapy_journal.gui.dialogs.busy import busy_bar
from therapy_journal.gui.dialogs.dialog_style import (
    PASSPHRASE_FIELD,
    apply_dialog_style,
    centre,
    fit_to_text,
    monospace,
)
from therapy_journal.gui.dialogs.passphrase_fields import NewPassphraseDialog, show_box
from therapy_journal.gui.i18n import tr
from therapy_journal.gui.tasks import TaskRunner
from therapy_journal.store.errors import VaultDamaged, WrongPassphrase, WrongRecoveryKey
from therapy_journal.store.keyfile import KeyFile
from therapy_journal.store.vault import DB_NAME, Vault

log = logging.getLogger(__name__)

# After this long the unlock window says why it is still busy: the first unlock
# after an update may reorganize the database once (packing the bodies of a
# journal of 100,000 entries took 19 s here).
STILL_WORKING_MS = 3000


class UnlockWindow(QWidget):
    """Asks for the passphrase; the key is derived off the UI thread."""

    unlocked = Signal(object)  # the unlocked Vault

    def __init__(self, vault: Vault, tasks: TaskRunner, title: str) -> None:
        super().__init__()
        self.setObjectName("UnlockWindow")
        self.setWindowTitle(title)
        self.vault = vault
        self.tasks = tasks
        heading = QLabel(tr("Unlock your journal"), objectName="Heading")
        self.passphrase = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.passphrase.setObjectName(PASSPHRASE_FIELD)
        self.passphrase.setAccessibleName(tr("Passphrase"))
        self.passphrase.setPlaceholderText(tr("Passphrase"))
        self.passphrase.returnPressed.connect(self.unlock)
        self.error = QLabel(objectName="ErrorText", wordWrap=True)
        self.error.setAccessibleName(tr("Unlock problem"))
        self.busy = busy_bar()
        self.still_working = QLabel(
            tr(
                "Still unlocking. After an update the first unlock tidies a large "
                "journal once, which can take a minute. Nothing is lost by waiting."
            ),
            wordWrap=True,
        )
        self.still_working.setAccessibleName(tr("Unlock progress"))
        self.still_working.hide()
        self._still_timer = QTimer(self, singleShot=True, interval=STILL_WORKING_MS)
        self._still_timer.timeout.connect(self.still_working.show)
        self.show_typed = show_box(tr("S&how passphrase"), self.passphrase)
        self.unlock_button = QPushButton(tr("&Unlock"), default=True)
        self.unlock_button.clicked.connect(self.unlock)
        # Beside a damaged database: the passphrase was right, the pages are not.
        self.salvage_button = QPushButton(tr("&Save what can be read…"))
        self.salvage_button.clicked.connect(self.open_salvage)
        self.salvage_button.hide()
        self.salvage_dialog: QDialog | None = None
        forgot = QPushButton(tr("&Forgot your passphrase?"), flat=True)
        forgot.clicked.connect(self.recover)
        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.busy)
        layout.addWidget(self.still_working)
        layout.addWidget(self.error)
        layout.addWidget(self.salvage_button, alignment=Qt.AlignmentFlag.AlignLeft)
        actions = QHBoxLayout()
        actions.addWidget(self.show_typed)
        actions.addStretch()
        actions.addWidget(self.unlock_button)
        layout.addLayout(actions)
        layout.addStretch()
        layout.addWidget(forgot, alignment=Qt.AlignmentFlag.AlignLeft)
        centre(self, column, 440, margin=32)
        self.resize(480, 300)

    def showEvent(self, event: QShowEvent) -> None:
        apply_dialog_style(self)  # the theme may have changed since it was last shown
        super().showEvent(event)

    def unlock(self) -> None:
        passphrase = self.passphrase.text()
        if not passphrase or self.tasks.busy:
            return
        self._set_busy(True)
        self.error.clear()
        self.salvage_button.hide()
        self.tasks.run(lambda: self.vault.unlock(passphrase), self._done, self._failed)

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        if busy:
            self._still_timer.start()
        else:
            self._still_timer.stop()
            self.still_working.hide()
        self.passphrase.setEnabled(not busy)
        self.unlock_button.setEnabled(not busy)

    def _done(self, _: object) -> None:
        self._set_busy(False)
        self.clear()
        self.unlocked.emit(self.vault)

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.passphrase.selectAll()
        self.passphrase.setFocus()
        if isinstance(error, WrongPassphrase):
            self.error.setText(tr("That passphrase does not open this journal. Please try again."))
        elif isinstance(error, VaultDamaged) and error.file.name == DB_NAME:
            self.error.setText(
                tr(
                    "The journal's database is damaged and does not open. Restore it from a "
                    "backup, or save every entry that can still be read into a folder."
                )
            )
            self.salvage_button.show()
        else:
            errors.report(self, error)

    def open_salvage(self) -> None:
        """Save what the damaged database still holds, with the passphrase typed
        (the key is derived again off the UI thread, and wiped afterwards)."""
        # Imported here: the unlock window is on the way to every start.
        from therapy_journal.gui.dialogs.data_dialogs import SalvageDialog  # noqa: PLC0415
        from therapy_journal.services.salvage import Source  # noqa: PLC0415

        passphrase, vault = self.passphrase.text(), self.vault

        def source() -> Source:  # off the UI thread
            keyfile = KeyFile.load(vault.key_path)
            key = keyfile.unwrap_with_passphrase(passphrase)
            return Source.of_file(vault.folder, key, keyfile.sqlcipher_compatibility)

        self.salvage_dialog = SalvageDialog(self.tasks, source, self)
        self.salvage_dialog.open()

    def clear(self) -> None:
        """Forget what was typed and what went wrong; the field is ready for a fresh try."""
        self.show_typed.setChecked(False)
        self.passphrase.clear()
        self.error.clear()
        self.salvage_button.hide()

    def recover(self) -> None:
        # The wrong passphrase and its error are about the old way in: neither may wait
        # behind the dialog for the next keystroke to be appended to it.
        self.clear()
        dialog = RecoveryDialog(self.vault, self.tasks, self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        self.clear()
        if accepted:
            self.unlocked.emit(self.vault)
        else:
            self.activateWindow()
            self.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)


class RecoveryDialog(NewPassphraseDialog):
    """The recovery key and a new passphrase; accepted with the vault unlocked."""

    refused = WrongRecoveryKey

    def __init__(self, vault: Vault, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        key = QLineEdit()
        key.setAccessibleName(tr("Recovery key"))
        key.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        key.setFont(monospace())
        fit_to_text(key, key.placeholderText())
        super().__init__(
            tasks,
            title=tr("Use your recovery key"),
            proof_label=tr("Recovery &key"),
            proof=key,
            explain=tr(
                "Type the recovery key you stored when you created the journal, then choose a "
                "new passphrase. Your entries stay as they are."
            ),
            ok_text=tr("Set new passphrase"),
            parent=parent,
        )
        self.setObjectName("RecoveryDialog")
        self.vault = vault
        self.key = key

    def work(self, proof: str, passphrase: str) -> object:
        self.vault.unlock_with_recovery(proof, passphrase)
        return None
