"""A month of the journal at a glance: a calendar whose days with entries carry
a dot in the colour of that day's mood (a neutral dot when no mood was rated),
and a line under it saying how many days of the month have entries. A click on
a day shows that day's entries in the list.

The month's days are read off the UI thread (one grouped query on the day
index) whenever the month shown changes.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QRect, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QCalendarWidget, QLabel, QVBoxLayout, QWidget

from therapy_journal.gui.i18n import plural, tr
from therapy_journal.gui.progress.palette import chart_palette

# A day's dot, from its mean mood 1..10: low moods warm, good moods cool; the
# colours are the progress palette's own in each theme, blended.
NO_MOOD = "#8a8f98"


def _blend(low: QColor, high: QColor, share: float) -> QColor:
    return QColor(
        round(low.red() + (high.red() - low.red()) * share),
        round(low.green() + (high.green() - low.green()) * share),
        round(low.blue() + (high.blue() - low.blue()) * share),
    )


class MoodCalendar(QCalendarWidget):
    """A calendar that marks the days with entries."""

    def __init__(self) -> None:
        super().__init__(objectName="MoodCalendar")
        self.setGridVisible(False)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.days: dict[date, float | None] = {}  # days with entries: their mean mood

    def set_days(self, days: dict[date, float | None]) -> None:
        self.days = dict(days)
        self.updateCells()

    def dot_color(self, mood: float | None) -> QColor:
        if mood is None:
            return QColor(NO_MOOD)
        colors = chart_palette(self.palette())
        share = min(max((mood - 1) / 9, 0.0), 1.0)
        return _blend(QColor(colors.average), QColor(colors.mood), share)

    def paintCell(self, painter: QPainter, rect: QRect, day: QDate) -> None:
        super().paintCell(painter, rect, day)
        key = date(day.year(), day.month(), day.day())
        if key not in self.days:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.dot_color(self.days[key]))
        size = max(4, rect.height() // 6)
        painter.drawEllipse(rect.center().x() - size // 2, rect.bottom() - size - 2, size, size)
        painter.restore()


class CalendarPanel(QWidget):
    """The calendar and its summary line; :attr:`day_chosen` on a click."""

    day_chosen = Signal(object)  # a date
    month_shown = Signal(int, int)  # year, month: read its days

    def __init__(self) -> None:
        super().__init__(objectName="CalendarPanel")
        self.calendar = MoodCalendar()
        self.calendar.setAccessibleName(tr("Calendar of entries"))
        self.summary = QLabel(objectName="Hint", wordWrap=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.calendar)
        layout.addWidget(self.summary)
        self.calendar.clicked.connect(
            lambda day: self.day_chosen.emit(date(day.year(), day.month(), day.day()))
        )
        self.calendar.currentPageChanged.connect(self.month_shown)

    def show_month_days(self, year: int, month: int, days: dict[date, float | None]) -> None:
        if (self.calendar.yearShown(), self.calendar.monthShown()) != (year, month):
            return  # an answer for a month no longer shown
        self.calendar.set_days(days)
        if not days:
            self.summary.setText(tr("No entries this month."))
        else:
            self.summary.setText(
                plural(
                    len(days), "%n day with entries this month.", "%n days with entries this month."
                )
            )

    def clear(self) -> None:
        self.calendar.set_days({})
        self.summary.clear()
