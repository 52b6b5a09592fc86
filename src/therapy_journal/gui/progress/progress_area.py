"""The Progress area: mood, check-ins, journaling and milestones over time.

Everything is read off the UI thread in one go (the services aggregate per day
in SQL), then drawn with Qt Charts. The words stay neutral: "days you wrote",
never "days missed".
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import partial
from pathlib import Path

from PySide6.QtCharts import QChart, QChartView
from PySide6.QtCore import QBuffer, QByteArray, QDate, QIODevice, Qt, Signal
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui import errors
from therapy_journal.gui.i18n import plural, tr
from therapy_journal.gui.progress import charts
from therapy_journal.gui.progress.chart_view import ChartView, Draw
from therapy_journal.gui.progress.palette import chart_palette
from therapy_journal.gui.progress.writing_calendar import CalendarChartView, focus_hint
from therapy_journal.gui.session import Session
from therapy_journal.services.assessments import AssessmentService, instruments
from therapy_journal.services.dates import FIRST_DAY
from therapy_journal.services.milestones import Milestone, MilestoneService
from therapy_journal.services.progress import (
    DayActivity,
    DayMood,
    ProgressService,
    Span,
    Streaks,
    moving_average,
)
from therapy_journal.store.atomic import write_atomic
from therapy_journal.store.vault import Vault

log = logging.getLogger(__name__)


@dataclass
class ProgressData:
    """Everything the charts of one span show, read in one worker task."""

    span: Span
    start: date
    end: date
    moods: list[DayMood] = field(default_factory=list)
    average: list[tuple[date, float]] = field(default_factory=list)
    activity: list[DayActivity] = field(default_factory=list)
    streaks: Streaks = field(default_factory=lambda: Streaks(0, 0, None))
    scores: dict[str, list[tuple[datetime, int]]] = field(default_factory=dict)
    milestones: list[Milestone] = field(default_factory=list)


def gather(vault: Vault, span: Span, today: date, streaks: Streaks | None = None) -> ProgressData:
    """Read what the charts of ``span`` need (runs in a worker); ``streaks``,
    when given, are today's, known from an earlier read."""
    progress = ProgressService(vault)
    start = span.start(today)
    # "All" reaches back only to the first day the journal accepts: a date
    # before it, stored by an old version or another tool, has no place on a chart.
    moods = progress.mood_days(start or FIRST_DAY, today)
    activity = progress.activity(start or FIRST_DAY, today)
    assessments = AssessmentService(vault)
    since = datetime.combine(start or FIRST_DAY, time.min).astimezone()
    scores = {key: assessments.series(key, since) for key in instruments()}
    milestones = MilestoneService(vault).timeline(since)
    if start is None:  # "all": from the first thing there is
        firsts = [d.day for d in activity[:1]] + [m.happened.date() for m in milestones[:1]]
        firsts += [points[0][0].date() for points in scores.values() if points]
        start = min(firsts, default=today)
    return ProgressData(
        span=span,
        start=start,
        end=today,
        moods=moods,
        average=moving_average(moods),
        activity=activity,
        streaks=streaks if streaks is not None else progress.streaks(today),
        scores=scores,
        milestones=milestones,
    )


def png_bytes(view: QChartView) -> bytes:
    """The chart as PNG, in memory (it is written atomically by the caller)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    view.grab().save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


class ChartPage(QWidget):
    """One chart with a line of plain words above it."""

    def __init__(self, name: str, view: ChartView | None = None) -> None:
        super().__init__()
        self.words = QLabel(wordWrap=True)
        self.words.setTextFormat(Qt.TextFormat.PlainText)
        self.view = view or ChartView()
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setAccessibleName(name)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.words)
        self.layout_.addWidget(self.view, 1)

    def show_chart(self, draw: Draw, words: str) -> None:
        """Say ``words`` now; draw the chart with ``draw`` once it is seen."""
        self.view.show_later(draw)
        self.words.setText(words)
        self.view.setAccessibleDescription(words)


class ProgressArea(QWidget):
    """Charts of mood, check-ins, journaling days and milestones."""

    status = Signal(str)
    # A day (or a week) of the writing calendar to read: first and last day.
    days_requested = Signal(object, object)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ProgressArea")
        self.session = session
        self.data: ProgressData | None = None
        self.today: Callable[[], date] = date.today  # the day the spans end on
        self._generation = 0
        # The streaks of a day, kept until the journal changes: they do not
        # depend on the span, and reading them walks every day of the journal
        # (22 ms of a change of span at 100,000 entries; issue 20).
        self._streaks: tuple[date, Streaks] | None = None
        self._changes = 0
        self._mood_chart: charts.MoodChart | None = None  # drawn again for each span
        self.span = QComboBox()
        self.span.setAccessibleName(tr("Time span"))
        for span in Span:
            self.span.addItem(tr(span.label), span)
        self.instrument = QComboBox()
        self.instrument.setAccessibleName(tr("Check-in to chart"))
        for item in instruments().values():
            self.instrument.addItem(item.name, item.id)
        self.export_button = QPushButton(tr("Save chart as &PNG…"))
        self.export_button.setToolTip(tr("The picture is not encrypted; only you can read it."))
        self.tabs = QTabWidget()
        self.mood = ChartPage(tr("Mood chart"))
        self.checkins = ChartPage(tr("Check-in chart"))
        self.checkins.layout_.insertWidget(0, self.instrument)
        self.calendar = CalendarChartView(tr("Journaling calendar"))
        self.activity = ChartPage(tr("Journaling calendar"), self.calendar)
        self.milestones = ChartPage(tr("Milestone timeline"))
        self.milestone_list = QListWidget()
        self.milestone_list.setAccessibleName(tr("Milestones"))
        timeline = QSplitter(Qt.Orientation.Vertical)
        timeline.addWidget(self.milestones)
        timeline.addWidget(self.milestone_list)
        timeline.setStretchFactor(0, 3)  # the timeline first; the list gives way
        timeline.setStretchFactor(1, 1)
        timeline.setChildrenCollapsible(False)
        self.tabs.addTab(self.mood, tr("&Mood"))
        self.tabs.addTab(self.checkins, tr("&Check-ins"))
        self.tabs.addTab(self.activity, tr("&Journaling"))
        self.tabs.addTab(timeline, tr("Mi&lestones"))
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Show")))
        top.addWidget(self.span)
        top.addStretch()
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.span.currentIndexChanged.connect(self.refresh)
        self.instrument.currentIndexChanged.connect(self._draw_checkins)
        self.export_button.clicked.connect(self.export_png)
        self.calendar.days_chosen.connect(self.days_requested)
        session.changed.connect(self._changed)

    # -- loading ---------------------------------------------------------------------

    def refresh(self) -> None:
        if not self.session.is_open:
            return
        self._generation += 1
        generation = self._generation
        span: Span = self.span.currentData()
        vault, today, changes = self.session.vault, self.today(), self._changes
        known = self._streaks[1] if self._streaks and self._streaks[0] == today else None
        self.session.tasks.run(
            lambda: gather(vault, span, today, known),
            lambda data: self._loaded(generation, changes, data),
        )

    def _changed(self, _what: str) -> None:
        self._changes += 1
        self._streaks = None
        if self.isVisible():
            self.refresh()

    def _loaded(self, generation: int, changes: int, data: ProgressData) -> None:
        if changes == self._changes:  # read after the journal's last change
            self._streaks = (data.end, data.streaks)
        if generation != self._generation or not self.session.is_open:
            return
        self.data = data
        palette = self.palette()
        self.mood.show_chart(partial(self._draw_mood, data, palette), self._mood_words(data))
        self._draw_checkins()
        self.activity.show_chart(
            partial(charts.activity_chart, data.activity, data.start, data.end, palette),
            f"{self._activity_words(data)} {focus_hint()}",
        )
        counts = {item.day: item.entries for item in data.activity}
        self.calendar.show_span(data.start, data.end, counts)
        self.milestones.show_chart(
            partial(charts.milestone_chart, data.milestones, data.start, data.end, palette),
            plural(len(data.milestones), "%n milestone in this time", "%n milestones in this time")
            if data.milestones
            else tr("Milestones appear here as you reach them."),
        )
        self.milestone_list.clear()
        for milestone in reversed(data.milestones):
            when = QDate(milestone.happened.date()).toString("d MMM yyyy")
            detail = f": {milestone.detail}" if milestone.detail else ""
            self.milestone_list.addItem(f"{when}  {tr(milestone.label)}{detail}")

    def _draw_mood(self, data: ProgressData, palette: QPalette) -> QChart:
        """The mood chart of ``data``: the one shown, drawn again, unless the
        theme changed."""
        chart = self._mood_chart
        if chart is None or chart.colours is not chart_palette(palette):
            chart = self._mood_chart = charts.MoodChart(palette)
        return chart.draw(data.moods, data.average, data.start, data.end)

    def _draw_checkins(self) -> None:
        data = self.data
        if data is None:
            return
        instrument = instruments()[self.instrument.currentData()]
        points = data.scores.get(instrument.id, [])
        words = (
            plural(
                len(points),
                "%n result. The shaded bands are the published score ranges.",
                "%n results. The shaded bands are the published score ranges.",
            )
            if points
            else tr("No {name} results in this time yet.").format(name=instrument.name)
        )
        self.checkins.show_chart(
            partial(
                charts.assessment_chart, instrument, points, data.start, data.end, self.palette()
            ),
            words,
        )

    @staticmethod
    def _mood_words(data: ProgressData) -> str:
        if not data.moods:
            return tr("No moods recorded in this time. Add a mood to an entry to see it here.")
        return plural(
            len(data.moods),
            "Moods on %n day. The line is the average of the last 7 days.",
            "Moods on %n days. The line is the average of the last 7 days.",
        )

    @staticmethod
    def _activity_words(data: ProgressData) -> str:
        written = sum(1 for item in data.activity if item.entries)
        text = plural(
            written, "You wrote on %n day in this time.", "You wrote on %n days in this time."
        )
        streaks = data.streaks
        if streaks.current > 1:
            text += " " + plural(
                streaks.current, "%n day in a row so far.", "%n days in a row so far."
            )
        if streaks.longest > 1:
            text += " " + plural(
                streaks.longest, "Your longest run is %n day.", "Your longest run is %n days."
            )
        return text

    # -- export -----------------------------------------------------------------------

    def current_view(self) -> QChartView:
        index = self.tabs.currentIndex()
        pages = (self.mood, self.checkins, self.activity, self.milestones)
        return pages[index].view

    def export_png(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, tr("Save chart as PNG"), str(Path.home() / "chart.png"), tr("PNG image (*.png)")
        )
        if name:
            self.save_png(Path(name))

    def save_png(self, path: Path) -> None:
        """Write the chart shown now as a PNG readable by the user only."""
        if path.suffix.lower() != ".png":
            path = path.with_suffix(".png")
        try:
            write_atomic(path, png_bytes(self.current_view()), mode=0o600, what="the chart")
        except Exception as error:
            errors.report(self, error)
            return
        self.status.emit(tr("Chart saved. The picture is not encrypted."))

    # -- area protocol ----------------------------------------------------------------

    def save(self) -> None:
        """Nothing to keep: the charts only read."""

    def clear(self) -> None:
        self._generation += 1
        self._changes += 1
        self._streaks = None
        self.data = None
        self._mood_chart = None  # the view lets it go
        for page in (self.mood, self.checkins, self.activity, self.milestones):
            page.view.show_now(QChart())  # nothing of the vault waits to be drawn
            page.words.clear()
            page.view.setAccessibleDescription("")
        self.calendar.clear_span()
        self.milestone_list.clear()

    def activate(self) -> None:
        self.refresh()
