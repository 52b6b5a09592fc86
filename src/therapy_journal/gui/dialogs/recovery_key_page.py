"""The first run's second page: the recovery key, shown once, whole, and how to keep it."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui.clipboard import CLEAR_AFTER_MS, copy_secret, mark_selected_secret
from therapy_journal.gui.dialogs.dialog_style import monospace
from therapy_journal.gui.dialogs.key_folder import KEY_FILE_NAME, default_key_folder
from therapy_journal.gui.i18n import tr
from therapy_journal.store.atomic import describe_os_error


class SecretLabel(QLabel):
    """A secret shown whole in monospace, as wide as its text, and selectable.

    Every way of copying it marks it as secret and takes it back later
    (gui/clipboard.py): Ctrl+C and the context menu's Copy go through
    :func:`copy_secret`, and a mouse or keyboard selection, which X11 puts in
    its primary selection unasked, is marked there too.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SecretKey")
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFont(monospace(12))
        self.setWordWrap(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        copy = QAction(tr("Copy"), self)
        copy.triggered.connect(self.copy)
        self.addAction(copy)

    def copy(self) -> None:
        """Copy the selected part, or the whole secret when nothing is selected."""
        if self.text():
            copy_secret(self.selectedText() or self.text())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
            event.accept()
            return
        super().keyPressEvent(event)
        mark_selected_secret(self.selectedText())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        mark_selected_secret(self.selectedText())

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        super().mouseDoubleClickEvent(event)
        mark_selected_secret(self.selectedText())


class RecoveryKeyPage(QWidget):
    """Shows the key with Copy and Save; :attr:`finished` once the person says it is stored."""

    finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.recovery_key = ""
        heading = QLabel(tr("Your recovery key"), objectName="Heading")
        explain = QLabel(
            tr(
                "If you ever forget your passphrase, this key is the only way back into your "
                "journal. It is shown only now. Write it down or save it, and keep it "
                "somewhere safe, away from this computer: a USB stick or a password manager "
                "is best."
            ),
            wordWrap=True,
        )
        self.key_label = SecretLabel()
        self.key_label.setAccessibleName(tr("Recovery key"))
        # Copy and Save never take Enter: it belongs to "Open my journal".
        self.copy_button = QPushButton(tr("&Copy"), autoDefault=False)
        self.copy_button.clicked.connect(self.copy_key)
        self.save_button = QPushButton(tr("&Save to a file…"), autoDefault=False)
        self.save_button.clicked.connect(self.save_key)
        self.status = QLabel(objectName="KeyStatus", wordWrap=True)
        self.status.setAccessibleName(tr("What happened to the recovery key"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch()
        self.stored = QCheckBox(tr("I have stored my recovery key somewhere safe"))
        self.finish = QPushButton(tr("&Open my journal"), enabled=False)
        self.stored.toggled.connect(self.finish.setEnabled)
        self.finish.clicked.connect(self._finish)
        self.save_dialog: QFileDialog | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(explain)
        layout.addWidget(self.key_label, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addStretch()
        layout.addWidget(self.stored)
        layout.addWidget(self.finish, alignment=Qt.AlignmentFlag.AlignRight)

    def show_key(self, key: str) -> None:
        self.recovery_key = key
        self.key_label.setText(key)
        self.status.clear()
        # Set here, once the button sits in its dialog: the dialog's Enter clicks it.
        self.finish.setDefault(True)
        self.stored.setFocus()

    def copy_key(self) -> None:
        """Copy the key, marked as secret; cleared again after 30 s or at lock."""
        copy_secret(self.recovery_key)
        self.status.setText(
            tr("Copied — it will be cleared from the clipboard in {seconds} s").format(
                seconds=CLEAR_AFTER_MS // 1000
            )
        )

    def save_key(self) -> None:
        """Ask where to save (a USB stick when one is plugged in), without blocking."""
        dialog = QFileDialog(
            self, tr("Save the recovery key"), str(default_key_folder() / KEY_FILE_NAME)
        )
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(tr("Text files (*.txt)"))
        dialog.setDefaultSuffix("txt")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda name: self.write_key(Path(name)))
        self.save_dialog = dialog
        dialog.open()

    def write_key(self, path: Path) -> None:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(
                    f"Therapy Journal recovery key. Keep it somewhere safe.\n{self.recovery_key}\n"
                )
        except OSError as error:
            self.status.setText(
                tr("The recovery key could not be saved: ") + describe_os_error(error) + "."
            )
            return
        self.status.setText(tr("Saved to {file}").format(file=str(path)))

    def forget(self) -> None:
        self.key_label.clear()
        self.recovery_key = ""

    def _finish(self) -> None:
        self.forget()
        self.finished.emit()
