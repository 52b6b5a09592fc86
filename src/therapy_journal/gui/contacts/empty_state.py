"""What the Contacts area shows where no contact is open: with no contacts at
all, one clear next step (add the first therapist); otherwise where to look."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from therapy_journal.gui.i18n import tr


class EmptyState(QWidget):
    """A heading, a line of explanation and, for a first contact, one button."""

    first_requested = Signal()  # add the first therapist

    def __init__(self) -> None:
        super().__init__(objectName="ContactsEmpty")
        self.title = QLabel(objectName="CardTitle", wordWrap=True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.text = QLabel(objectName="Hint", wordWrap=True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.button = QPushButton(tr("&Add a therapist"))
        self.button.setAccessibleName(tr("Add the first therapist you are considering"))
        self.button.clicked.connect(self.first_requested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 48, 24, 24)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch()
        self.show_first_step(True)

    def show_first_step(self, first: bool) -> None:
        """``first``: there are no contacts yet."""
        if first:
            self.title.setText(tr("Add the first therapist you are considering"))
            self.text.setText(
                tr(
                    "A name is enough to start; the rest can wait. You can also keep "
                    "the people who support you here. Nothing here leaves this computer."
                )
            )
        else:
            self.title.setText(tr("Choose someone on the left"))
            self.text.setText(
                tr("Their details, where the search stands and your notes open here.")
            )
        self.button.setVisible(first)
