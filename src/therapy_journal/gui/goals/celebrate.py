"""A milestone, celebrated once: a warm line over the foot of the window.

Not a dialog: it never takes the focus or blocks the work, and it goes away by
itself after a little while (or when dismissed). It floats over the window
(over the status bar, along the area shown) instead of taking a place in the
layout, so no widget moves when it comes or goes: clicks land where the person
aimed. Each milestone is marked celebrated when it is shown, so it is shown
once, whichever process recorded it (the CLI can reach a streak too).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from therapy_journal.gui.i18n import tr
from therapy_journal.gui.theme import SPACE
from therapy_journal.services.milestones import Milestone

SHOW_MS = 12_000


def celebration_text(milestone: Milestone) -> str:
    """A short, warm sentence for one milestone (plain text)."""
    texts = {
        "goal_done": tr("You finished a goal: {detail}. That took real effort."),
        "first_therapist_identified": tr(
            "You found a first therapist to reach out to. That is a real step."
        ),
        "first_consultation_scheduled": tr(
            "Your first consultation is booked. Reaching out is often the hardest part."
        ),
        "first_consultation_attended": tr(
            "You went to your first consultation. However it felt, you showed up for yourself."
        ),
        "therapist_chosen": tr(
            "You chose a therapist. Finding the right person takes courage and care."
        ),
        "streak_7": tr("Seven days of journaling in a row. Thank you for making the time."),
        "streak_30": tr("Thirty days of journaling in a row. That is a habit you built."),
        "streak_100": tr("A hundred days of journaling in a row. Look how far you have come."),
        "first_assessment": tr(
            "You took your first check-in. It is a starting point to look back on, nothing more."
        ),
    }
    detail = f"“{milestone.detail}”" if milestone.detail else tr("one of your goals")
    return texts.get(milestone.kind, milestone.label).format(detail=detail)


class CelebrationBanner(QFrame):
    """Shows the newest milestones for a few seconds over ``host``; never modal.

    It lies along ``along`` (a child of ``host``: the area shown), at the foot
    of ``host``, and follows both when they are resized.
    """

    open_progress = Signal()

    def __init__(self, host: QWidget | None = None, along: QWidget | None = None) -> None:
        super().__init__(host, objectName="Celebration")
        self.along = along
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)  # opaque: nothing shows through it
        self.setAccessibleName(tr("Milestone"))
        self.text = QLabel(wordWrap=True, objectName="CelebrationText")
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.progress_button = QPushButton(tr("See your progress"), flat=True)
        self.dismiss_button = QPushButton(tr("Dismiss"), flat=True)
        self.dismiss_button.setAccessibleName(tr("Dismiss the milestone"))
        for button in (self.progress_button, self.dismiss_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(SPACE.m, SPACE.s, SPACE.s, SPACE.s)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.progress_button)
        layout.addWidget(self.dismiss_button)
        self.timer = QTimer(self, singleShot=True, interval=SHOW_MS)
        self.timer.timeout.connect(self.hide)
        self.dismiss_button.clicked.connect(self.hide)
        self.progress_button.clicked.connect(self.open_progress)
        self.progress_button.clicked.connect(self.hide)
        self.shown: set[int] = set()  # milestone ids this banner has shown
        self.hide()
        for watched in (host, along):
            if watched is not None:
                watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Move) and self.isVisible():
            self.place()
        return False

    def place(self) -> None:
        """Float at the foot of the host, as wide as the area it lies along."""
        host = self.parentWidget()
        if host is None:
            return
        left, width = 0, host.width()
        if self.along is not None:
            left, width = self.along.mapTo(host, QPoint(0, 0)).x(), self.along.width()
        width = max(width - 2 * SPACE.m, self.minimumSizeHint().width())
        height = self.heightForWidth(width) if self.hasHeightForWidth() else -1
        height = max(height, self.minimumSizeHint().height())
        self.setGeometry(left + SPACE.m, host.height() - height - SPACE.xs, width, height)
        self.raise_()

    def not_shown(self, milestones: list[Milestone]) -> list[Milestone]:
        """The milestones this banner has not shown yet."""
        return [milestone for milestone in milestones if milestone.id not in self.shown]

    def celebrate(self, milestones: list[Milestone]) -> None:
        if not milestones:
            return
        self.shown.update(milestone.id for milestone in milestones)
        lines = [celebration_text(milestone) for milestone in milestones]
        self.text.setText("\n".join(lines))
        self.show()
        self.place()
        self.timer.start()

    def forget(self) -> None:
        self.timer.stop()
        self.text.clear()
        self.hide()
