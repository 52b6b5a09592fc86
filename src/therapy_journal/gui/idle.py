"""Auto-lock after a stretch without keyboard or mouse input."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QInputEvent

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class IdleWatcher(QObject):
    """Emits :attr:`idle` after ``minutes`` with no input to the application."""

    idle = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self.set_minutes(minutes)

    def set_minutes(self, minutes: int) -> None:
        """0 turns auto-lock off."""
        self.minutes = minutes
        self.timer.stop()
        if minutes > 0:
            self.timer.setInterval(minutes * 60_000)
            self.timer.start()

    def note(self, event: QEvent) -> None:
        """Every event of the app, from its event filter
        (:mod:`therapy_journal.gui.app_filter`): input restarts the wait."""
        # The cheap tests first: reading event.type() builds a Python enum.
        if self.minutes > 0 and isinstance(event, QInputEvent) and event.type() in _ACTIVITY:
            self.timer.start()
