"""First run: what the app keeps, a passphrase, and the recovery key shown once."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui import errors
from therapy_journal.gui.clipboard import copy_secret
from therapy_journal.gui.dialogs.busy import busy_bar
from therapy_journal.gui.dialogs.passphrase_fields import NewPassphraseFields
from therapy_journal.gui.i18n import tr
from therapy_journal.gui.tasks import TaskRunner
from therapy_journal.store.atomic import describe_os_error
from therapy_journal.store.vault import Vault


class FirstRunDialog(QDialog):
    """Creates the vault. Accepted once the person confirms the recovery key is stored."""

    created = Signal(object)  # the unlocked Vault

    def __init__(self, vault: Vault, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FirstRunDialog")
        self.setWindowTitle(tr("Welcome to Therapy Journal"))
        self.vault = vault
        self.tasks = tasks
        self.recovery_key = ""
        self.pages = QStackedWidget()
        self.pages.addWidget(self._passphrase_page())
        self.pages.addWidget(self._recovery_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addWidget(self.pages)
        self.resize(520, 420)

    # -- page 1: welcome and passphrase ---------------------------------------------

    def _passphrase_page(self) -> QWidget:
        page = QWidget()
        heading = QLabel(tr("Welcome"), objectName="Heading")
        intro = QLabel(
            tr(
                "Therapy Journal keeps your entries, what you hope for from therapy and your "
                "progress in one encrypted vault on this computer. Nothing leaves it unless "
                "you choose to export it."
            ),
            wordWrap=True,
        )
        ask = QLabel(
            tr("Choose a passphrase to lock the vault. Only you will know it."), wordWrap=True
        )
        self.fields = NewPassphraseFields()
        self.busy = busy_bar()
        self.create_button = QPushButton(tr("&Create my journal"), default=True)
        self.create_button.setAccessibleName(tr("Create my journal"))
        self.create_button.clicked.connect(self.create_vault)
        self.fields.changed.connect(self._update_create)
        layout = QVBoxLayout(page)
        for widget in (heading, intro, ask, self.fields, self.busy):
            layout.addWidget(widget)
        layout.addStretch()
        layout.addWidget(self.create_button, alignment=Qt.AlignmentFlag.AlignRight)
        self._update_create()
        return page

    def _update_create(self) -> None:
        self.create_button.setEnabled(self.fields.problem() is None and not self.tasks.busy)

    def create_vault(self) -> None:
        if self.fields.problem() is not None:
            return
        passphrase = self.fields.value()
        self.create_button.setEnabled(False)
        self.fields.setEnabled(False)
        self.busy.show()
        self.tasks.run(lambda: self.vault.create(passphrase), self._created, self._failed)

    def _failed(self, error: BaseException) -> None:
        self.busy.hide()
        self.fields.setEnabled(True)
        self._update_create()
        errors.report(self, error)

    def _created(self, recovery_key: object) -> None:
        self.busy.hide()
        self.fields.clear()
        self.recovery_key = str(recovery_key)
        self.key_label.setText(self.recovery_key)
        self.pages.setCurrentIndex(1)
        self.stored.setFocus()

    # -- page 2: the recovery key ----------------------------------------------------

    def _recovery_page(self) -> QWidget:
        page = QWidget()
        heading = QLabel(tr("Your recovery key"), objectName="Heading")
        explain = QLabel(
            tr(
                "If you ever forget your passphrase, this key is the only way back into your "
                "journal. It is shown only now. Write it down or save it, and keep it "
                "somewhere safe, away from this computer."
            ),
            wordWrap=True,
        )
        # Not selectable: on X11 selecting text puts it in the primary selection,
        # and Ctrl+C in a label copies it without the secret mark. Copy does both
        # right (gui/clipboard.py), and Save writes it to a file.
        self.key_label = QLabel(textInteractionFlags=Qt.TextInteractionFlag.NoTextInteraction)
        self.key_label.setAccessibleName(tr("Recovery key"))
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        mono.setPointSize(13)
        self.key_label.setFont(mono)
        self.key_label.setWordWrap(True)
        self.copy_button = QPushButton(tr("&Copy"))
        self.copy_button.clicked.connect(self.copy_key)
        save = QPushButton(tr("&Save to a file…"))
        save.clicked.connect(self.save_key)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(save)
        buttons.addStretch()
        self.stored = QCheckBox(tr("I have stored my recovery key somewhere safe"))
        self.finish = QPushButton(tr("&Open my journal"), enabled=False, default=True)
        self.stored.toggled.connect(self.finish.setEnabled)
        self.finish.clicked.connect(self._finish)
        layout = QVBoxLayout(page)
        for widget in (heading, explain, self.key_label):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        layout.addStretch()
        layout.addWidget(self.stored)
        layout.addWidget(self.finish, alignment=Qt.AlignmentFlag.AlignRight)
        return page

    def copy_key(self) -> None:
        """Copy the key, marked as secret; cleared again after 30 s or at lock."""
        copy_secret(self.recovery_key)

    def save_key(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, tr("Save the recovery key"), str(Path.home() / "therapy-journal-recovery-key.txt")
        )
        if name:
            self.write_key(Path(name))

    def write_key(self, path: Path) -> None:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(
                    f"Therapy Journal recovery key. Keep it somewhere safe.\n{self.recovery_key}\n"
                )
        except OSError as error:
            errors.show_message(
                self, tr("The recovery key could not be saved: ") + describe_os_error(error) + "."
            )

    def _finish(self) -> None:
        self.key_label.clear()
        self.recovery_key = ""
        self.created.emit(self.vault)
        self.accept()

    def reject(self) -> None:
        # Closing on the recovery page still leaves a working vault; it was made.
        if (
            self.vault.is_unlocked
            and self.pages.currentIndex() == 1
            and not self.stored.isChecked()
        ):
            errors.show_message(self, tr("Please store your recovery key before you go on."))
            return
        super().reject()
