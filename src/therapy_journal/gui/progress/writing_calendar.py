"""The Progress area's writing calendar as something to open days from.

The calendar heatmap (:func:`charts.activity_chart`) in a chart view that
answers a click on a square, or, from the keyboard, the arrow keys (a day
up and down, a week left and right; by weeks: a week, a year) and Enter, with
:attr:`CalendarChartView.days_chosen`: the first and last day of the square. The
square the keyboard is on is outlined while the calendar has focus, and named
in its accessible description for screen readers.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCharts import QChart, QScatterSeries
from PySide6.QtCore import QDate, QLocale, QPointF, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QBrush,
    QColor,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
)

from therapy_journal.gui.i18n import plural, tr
from therapy_journal.gui.progress import charts
from therapy_journal.gui.progress.chart_view import ChartView
from therapy_journal.gui.progress.palette import chart_palette

WEEK = timedelta(days=7)
YEAR_ROW = timedelta(weeks=52)  # one row of a calendar by weeks
OPEN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)


class CalendarChartView(ChartView):
    """The writing calendar; :attr:`days_chosen` (first, last) on a click or Enter."""

    days_chosen = Signal(object, object)  # dates: the first and last day of the square

    def __init__(self, name: str) -> None:
        super().__init__(objectName="WritingCalendar")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setAccessibleName(name)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.start: date | None = None
        self.end: date | None = None
        self.counts: dict[date, int] = {}  # entries per day, for the words
        self.cursor_day: date | None = None  # where the keyboard is
        self.outline: QScatterSeries | None = None
        self.summary = ""  # the chart's words: the description while not in use

    def show_span(self, start: date, end: date, counts: dict[date, int]) -> None:
        """The chart shown now (its words already the accessible description)
        covers ``start``..``end``; the keyboard stays on its day (a chart read
        anew after an edit), or starts on the last day."""
        self.start, self.end, self.counts = start, end, dict(counts)
        self.summary = self.accessibleDescription()
        self.outline = None  # went with the chart it was on
        if self.cursor_day is None or not start <= self.cursor_day <= end:
            self.cursor_day = end
        self._mark()

    def clear_span(self) -> None:
        """Nothing to open: the chart was emptied (the vault locked)."""
        self.start = self.end = self.cursor_day = None
        self.counts, self.outline, self.summary = {}, None, ""

    # -- choosing --------------------------------------------------------------------------

    def days_at(self, point: QPointF) -> tuple[date, date] | None:
        """The days of the square under ``point`` (in the view's coordinates)."""
        chart = self.chart()
        if self.start is None or self.end is None or not chart.series():
            return None
        value = chart.mapToValue(self.mapToScene(point.toPoint()), chart.series()[0])
        return charts.calendar_days(value, self.start, self.end)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        days = self.days_at(event.position())
        if days is not None:
            self.cursor_day = days[0]
            self._mark()
            self.days_chosen.emit(*days)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.start is None or self.end is None or self.cursor_day is None:
            super().keyPressEvent(event)
            return
        weeks = charts.by_weeks(self.start, self.end)
        steps = {
            Qt.Key.Key_Left: -WEEK,
            Qt.Key.Key_Right: WEEK,
            Qt.Key.Key_Up: YEAR_ROW if weeks else -timedelta(days=1),
            Qt.Key.Key_Down: -YEAR_ROW if weeks else timedelta(days=1),
        }
        key = Qt.Key(event.key())
        if key in steps:
            first = self.start - timedelta(days=self.start.weekday()) if weeks else self.start
            self.cursor_day = min(max(self.cursor_day + steps[key], first), self.end)
            self._mark()
        elif key in OPEN_KEYS:
            days = self._square(self.cursor_day)
            if days is not None:
                self.days_chosen.emit(*days)
        else:
            super().keyPressEvent(event)

    def _square(self, day: date) -> tuple[date, date] | None:
        """The first and last day of the square ``day`` is in."""
        if self.start is None or self.end is None:
            return None
        return charts.calendar_days(
            charts.calendar_cell(day, self.start, self.end), self.start, self.end
        )

    # -- showing where the keyboard is ----------------------------------------------------

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._mark()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._mark()

    def cursor_words(self) -> str:
        """The square the keyboard is on, in words: its days and how many entries."""
        days = self._square(self.cursor_day) if self.cursor_day else None
        if days is None:
            return ""
        first, last = days
        entries = sum(n for day, n in self.counts.items() if first <= day <= last)
        locale = QLocale()
        when = locale.toString(QDate(first), QLocale.FormatType.LongFormat)
        if last != first:
            when = tr("{first} to {last}").format(
                first=when, last=locale.toString(QDate(last), QLocale.FormatType.LongFormat)
            )
        if not entries:
            return tr("{when}: no entries.").format(when=when)
        written = plural(entries, "%n entry", "%n entries")
        return tr("{when}: {written}. Press Enter to read them.").format(when=when, written=written)

    def _mark(self) -> None:
        """Outline the keyboard's square while the calendar has focus; name it."""
        focused = self.hasFocus() and self.cursor_day is not None
        if not focused and self.outline is None:
            # Nothing to outline or take away: the chart is left to be drawn
            # when seen (a hidden tab's calendar is not drawn on each new span).
            self._describe(self.summary)
            return
        chart: QChart = self.chart()
        shown = focused and bool(chart.series())
        if shown and self.outline is None:
            self.outline = self._outline_series(chart)
        if self.outline is not None:
            self.outline.clear()
            if shown and self.start is not None and self.end is not None:
                assert self.cursor_day is not None
                self.outline.append(charts.calendar_cell(self.cursor_day, self.start, self.end))
        self._describe(self.cursor_words() if shown else self.summary)

    def _describe(self, words: str) -> None:
        if words != self.accessibleDescription():
            self.setAccessibleDescription(words)
            self.setToolTip(words)
            QAccessible.updateAccessibility(
                QAccessibleEvent(self, QAccessible.Event.DescriptionChanged)
            )

    def _outline_series(self, chart: QChart) -> QScatterSeries:
        squares = chart.series()[0]
        assert isinstance(squares, QScatterSeries)
        outline = QScatterSeries()
        outline.setMarkerShape(QScatterSeries.MarkerShape.MarkerShapeRectangle)
        outline.setMarkerSize(squares.markerSize() + 4)
        outline.setBrush(QBrush(Qt.BrushStyle.NoBrush))
        outline.setPen(QPen(QColor(chart_palette(self.palette()).text), 2))
        chart.addSeries(outline)
        for axis in squares.attachedAxes():
            outline.attachAxis(axis)
        for marker in chart.legend().markers(outline):
            marker.setVisible(False)  # not a kind of day: no place in the legend
        return outline


def focus_hint() -> str:
    return tr("Click a day, or use the arrow keys and Enter, to read its entries.")
