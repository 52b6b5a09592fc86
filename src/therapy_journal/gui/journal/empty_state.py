"""What a list shows when it has nothing in it: a sentence and one next step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyState(QWidget):
    """A message, a quieter line under it, and the one next step (``action``), if any."""

    def __init__(self, action: QPushButton | None = None) -> None:
        super().__init__(objectName="EmptyState")
        self.message = QLabel(objectName="EmptyMessage", wordWrap=True)
        self.detail = QLabel(objectName="Hint", wordWrap=True)
        self.action = action
        layout = QVBoxLayout(self)
        layout.addStretch()
        for label in (self.message, self.detail):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(label)
        if action is not None:
            layout.addWidget(action, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch()

    def say(self, message: str, detail: str = "", action: str = "") -> None:
        """Show ``message`` (and ``detail``); ``action`` names the next step ("": none)."""
        self.message.setText(message)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        if self.action is not None:
            self.action.setText(action)
            self.action.setVisible(bool(action))
        self.setAccessibleName(message)
