"""The share wizard's last page: what was saved, how the person opens it, and
for an age file the exact ``age`` command, ready to copy."""

from __future__ import annotations

import shlex

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui.i18n import tr
from therapy_journal.services.sharing.share_log import ShareRecord

KEY_FILE = "key.txt"  # where age-keygen -o puts a secret key in age's own guide


def age_command(file_name: str, *, by_key: bool) -> str:
    """The command that opens the bundle ``file_name`` with the age tool."""
    identity = f"-i {KEY_FILE} " if by_key else ""
    return f"age -d {identity}{shlex.quote(file_name)} > bundle.zip"


class SavedPage(QWidget):
    """What was saved, top to bottom, with nothing stretched between."""

    def __init__(self) -> None:
        super().__init__(objectName="SavedPage")
        self.text = QLabel(wordWrap=True, objectName="Explanation")
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.command = QLineEdit(readOnly=True)
        self.command.setAccessibleName(tr("Command that opens the bundle"))
        self.command.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.copy_button = QPushButton(tr("&Copy command"))
        self.copy_button.clicked.connect(self._copy)
        self.command_hint = QLabel(objectName="Hint", wordWrap=True)
        command_row = QHBoxLayout()
        command_row.addWidget(self.command, 1)
        command_row.addWidget(self.copy_button)
        self.command_box = QWidget()
        box = QVBoxLayout(self.command_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(command_row)
        box.addWidget(self.command_hint)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text)
        layout.addWidget(self.command_box)
        layout.addStretch(1)
        self.clear()

    def clear(self) -> None:
        self.text.clear()
        self.command.clear()
        self.command_box.hide()

    def show_saved(self, record: ShareRecord, passphrase: str | None) -> None:
        lines = [
            tr("Saved {name}. Its fingerprint is {fp}.").format(
                name=record.file_name, fp=record.fingerprint[:16]
            ),
            tr("It is encrypted: only the key or passphrase you chose opens it."),
        ]
        if passphrase:
            lines.append(tr("Tell them the passphrase: {words}").format(words=passphrase))
        page = record.items.get("form") == "html"
        if page:
            how = tr("type the passphrase") if passphrase else tr("paste their age secret key")
            lines.append(
                tr(
                    "They open it with a double click, in any browser, and {how}; it needs "
                    "no network and nothing installed. The page also offers the .age file."
                ).format(how=how)
            )
        else:
            lines.append(tr("They can open it with this app, or with the age tool:"))
            self.command.setText(age_command(record.file_name, by_key=not passphrase))
            self.command.setCursorPosition(0)
            self.command_hint.setText(
                tr("age asks for the passphrase.")
                if passphrase
                else tr("{key} is the file that holds their age secret key.").format(key=KEY_FILE)
            )
        self.command_box.setVisible(not page)
        self.text.setText("\n\n".join(lines))

    def _copy(self) -> None:
        QApplication.clipboard().setText(self.command.text())
        self.copy_button.setText(tr("Copied"))
