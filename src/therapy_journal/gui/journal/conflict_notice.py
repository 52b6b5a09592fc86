"""The calm notice shown when the open entry was changed or deleted elsewhere.

It lies over the lower part of the editor, so nothing in the editor moves
under the pointer, and it is never a dialog: the person can go on reading and
writing and choose when they are ready. Until they choose, their text is safe
in the vault as an entry of its own (the journal service keeps it there).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from therapy_journal.gui.i18n import tr
from therapy_journal.store.models import NewEntry


def as_text(entry: NewEntry) -> str:
    """An entry as plain text to read beside another: the title, then the body."""
    return f"{entry.title}\n\n{entry.body}" if entry.title else entry.body


class ConflictNotice(QFrame):
    """Either "changed elsewhere" with the person's version and three choices,
    or "deleted elsewhere" saying where their text is now."""

    keep_mine = Signal()
    keep_newer = Signal()
    keep_both = Signal()
    restore_older = Signal()
    dismissed = Signal()

    def __init__(self) -> None:
        super().__init__(objectName="ConflictNotice")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Window)
        self.setAccessibleName(tr("Changed elsewhere"))
        self.text = QLabel(wordWrap=True, objectName="ConflictText")
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.mine = QPlainTextEdit(objectName="MyVersion", readOnly=True)
        self.mine.setAccessibleName(tr("Your version"))
        # Short labels after "Keep:", so the row fits the narrowest editor.
        self.keep_label = QLabel(tr("Keep:"))
        self.mine_button = self._button(tr("&Mine"), tr("Keep my version"))
        self.mine_button.setToolTip(tr("Save your version over the newer one."))
        self.newer_button = self._button(tr("Newe&r"), tr("Keep the newer version"))
        self.newer_button.setToolTip(tr("Move your version to the trash."))
        self.both_button = self._button(tr("B&oth"), tr("Keep both versions"))
        self.restore_button = self._button(tr("Restore it &too"), tr("Restore it too"))
        self.restore_button.setToolTip(
            tr("Bring the older version back from the trash, beside yours.")
        )
        self.ok_button = self._button(tr("O&K"), tr("OK, close this notice"))
        self.mine_button.clicked.connect(self.keep_mine)
        self.newer_button.clicked.connect(self.keep_newer)
        self.both_button.clicked.connect(self.keep_both)
        self.restore_button.clicked.connect(self.restore_older)
        self.ok_button.clicked.connect(self.dismissed)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_label)
        for button in (
            self.mine_button,
            self.newer_button,
            self.both_button,
            self.restore_button,
            self.ok_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        layout.addWidget(self.text)
        layout.addWidget(self.mine, 1)
        layout.addLayout(buttons)
        self.hide()

    def _button(self, text: str, name: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        return button

    def show_changed(self, mine: NewEntry, copy_title: str, at: int = 0) -> None:
        """The entry was changed elsewhere: the editor shows the newer version,
        this shows ``mine``, kept meanwhile as the entry ``copy_title``, scrolled
        to ``at`` (where the person was writing in its body)."""
        self.text.setText(
            tr("This entry was changed elsewhere while you were writing. Yours is kept below.")
        )
        kept = tr("Until you choose, your version is kept as the entry “{title}”.").format(
            title=copy_title
        )
        self.text.setToolTip(kept)
        self.setAccessibleDescription(kept)
        self.both_button.setToolTip(
            tr("Keep your version as an entry of its own, “{title}”.").format(title=copy_title)
        )
        text = as_text(mine)
        self.mine.setPlainText(text)
        self._show_parts(changed=True, in_trash=False)
        cursor = self.mine.textCursor()
        cursor.setPosition(min(len(text) - len(mine.body) + at, len(text)))
        self.mine.setTextCursor(cursor)
        self.mine.ensureCursorVisible()

    def show_deleted(self, *, in_trash: bool) -> None:
        """The entry was moved to the trash (or deleted for good) elsewhere; the
        editor now shows the person's text as a new entry."""
        if in_trash:
            message = tr(
                "This entry was moved to the trash elsewhere while you were writing. "
                "Your text is kept here, as a new entry."
            )
        else:
            message = tr(
                "This entry was deleted elsewhere while you were writing. "
                "Your text is kept here, as a new entry."
            )
        self.text.setText(message)
        self.mine.clear()
        self._show_parts(changed=False, in_trash=in_trash)

    def _show_parts(self, *, changed: bool, in_trash: bool) -> None:
        self.setAccessibleName(tr("Changed elsewhere") if changed else tr("Deleted elsewhere"))
        parts = (self.mine, self.keep_label, self.mine_button, self.newer_button, self.both_button)
        for part in parts:
            part.setVisible(changed)
        self.restore_button.setVisible(in_trash)
        self.ok_button.setVisible(not changed)
        self.show()
        self.raise_()

    def forget(self) -> None:
        """Hide, holding no entry text."""
        self.text.clear()
        self.mine.clear()
        for widget in (self.text, self.both_button):
            widget.setToolTip("")
        self.setAccessibleDescription("")
        self.hide()
