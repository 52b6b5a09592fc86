"""The charts of the Progress area, built with Qt Charts from plain data.

Each function takes what a service returned and gives a ``QChart``; nothing
here reads the vault, so the charts are quick to build and easy to test.
Colours are soft and the words are neutral: the charts show what happened,
they do not grade it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from PySide6.QtCharts import (
    QAbstractAxis,
    QAbstractSeries,
    QAreaSeries,
    QCategoryAxis,
    QChart,
    QDateTimeAxis,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import QDateTime, QLocale, QMargins, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QPalette, QPen

from therapy_journal.gui.i18n import tr
from therapy_journal.services.assessments import Instrument
from therapy_journal.services.milestones import Milestone
from therapy_journal.services.progress import DayActivity, DayMood

# Calm, colour-blind-friendly tones; bands go from cool (lower symptoms) to warm.
MOOD_COLOR = "#5b8db8"
AVERAGE_COLOR = "#2f5d87"
AVERAGE_DARK = "#a9cdeb"
SCORE_COLOR = "#34495e"
SCORE_DARK = "#e6e6e6"
BAND_COLORS = ("#cfe8d5", "#e3efc6", "#f6ecc2", "#f6d9b8", "#f2c4b8")
HEAT_COLORS = ("#dfe7ee", "#b7d3e8", "#7fb0d6", "#4a86b8", "#2a5d8a")
HEAT_DARK = ("#30353c", "#27455e", "#2f6690", "#4a86b8", "#8cbce0")
HEAT_LEVELS = (0, 1, 2, 3, 5)  # entries a day needs to reach each shade
MILESTONE_GROUPS: dict[str, tuple[str, str]] = {
    # kind prefix -> (legend label, colour)
    "goal": ("Goals", "#6aa36f"),
    "first_": ("The search", "#5b8db8"),
    "streak": ("Journaling", "#b08ac4"),
}


def msecs(day: date) -> float:
    """A day as milliseconds since the epoch at local noon (a point in the day's middle).

    Python's own conversion: going through QDateTime cost 40 µs a point, most
    of the time it took to build a chart of ten years."""
    return datetime.combine(day, time(12)).timestamp() * 1000


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def _ink(palette: QPalette, light: str, dark: str) -> QColor:
    """A colour that reads well on the theme's background."""
    return QColor(dark if is_dark(palette) else light)


def _grid(axis: QAbstractAxis, palette: QPalette) -> None:
    color = palette.color(QPalette.ColorRole.WindowText)
    color.setAlpha(40)
    axis.setGridLineColor(color)
    axis.setLinePenColor(color)
    axis.setLabelsColor(palette.color(QPalette.ColorRole.WindowText))


def _chart(title: str, palette: QPalette) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setBackgroundVisible(False)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    text = palette.color(QPalette.ColorRole.WindowText)
    chart.setTitleBrush(QBrush(text))
    chart.legend().setLabelColor(text)
    return chart


def _date_axis(chart: QChart, start: date, end: date, palette: QPalette) -> QDateTimeAxis:
    axis = QDateTimeAxis()
    span = (end - start).days
    axis.setFormat("d MMM" if span <= 120 else "MMM yyyy")
    axis.setTickCount(6 if span > 7 else max(span, 2))
    axis.setRange(
        QDateTime(datetime.combine(start, time.min)),
        QDateTime(datetime.combine(end + timedelta(days=1), time.min)),
    )
    _grid(axis, palette)
    chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
    return axis


def _value_axis(
    chart: QChart, low: float, high: float, palette: QPalette, title: str = ""
) -> QValueAxis:
    axis = QValueAxis()
    axis.setRange(low, high)
    axis.setLabelFormat("%d")
    # Round ticks (0, 5, 10 … or 1, 2, 3 …), not the range cut in equal parts.
    span = high - low
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickAnchor(0)
    axis.setTickInterval(1 if span <= 10 else 5 if span <= 30 else 20)
    axis.setTitleText(title)
    _grid(axis, palette)
    axis.setTitleBrush(QBrush(palette.color(QPalette.ColorRole.WindowText)))
    chart.addAxis(axis, Qt.AlignmentFlag.AlignLeft)
    return axis


def _attach(chart: QChart, series: QAbstractSeries, *axes: QAbstractAxis) -> None:
    chart.addSeries(series)
    for axis in axes:
        series.attachAxis(axis)


def mood_chart(
    days: Sequence[DayMood],
    average: Sequence[tuple[date, float]],
    start: date,
    end: date,
    palette: QPalette,
) -> QChart:
    """Each day's mood as a dot (each week's, beyond a year), and the 7-day
    moving average as a line."""
    chart = _chart(tr("Mood"), palette)
    x = _date_axis(chart, start, end, palette)
    y = _value_axis(chart, 1, 10, palette, tr("Mood (1-10)"))
    dots = QScatterSeries()
    dots.setMarkerSize(7)
    dots.setColor(QColor(MOOD_COLOR))
    dots.setBorderColor(QColor(MOOD_COLOR))
    if (end - start).days > DAILY_LIMIT_DAYS:
        dots.setName(tr("Weekly mood"))
        dots.append([QPointF(msecs(day), mood) for day, mood in weekly_means(days)])
    else:
        dots.setName(tr("Daily mood"))
        dots.append([QPointF(msecs(item.day), item.mood) for item in days])
    line = QLineSeries()
    line.setName(tr("7-day average"))
    line.setPen(QPen(_ink(palette, AVERAGE_COLOR, AVERAGE_DARK), 2.5))
    line.append([QPointF(msecs(day), value) for day, value in average])
    _attach(chart, dots, x, y)
    _attach(chart, line, x, y)
    return chart


def weekly_means(days: Sequence[DayMood]) -> list[tuple[date, float]]:
    """The mean of the daily moods of each week, placed on the week's Thursday."""
    weeks: dict[date, list[float]] = {}
    for item in days:
        thursday = item.day + timedelta(days=3 - item.day.weekday())
        weeks.setdefault(thursday, []).append(item.mood)
    return [(day, sum(moods) / len(moods)) for day, moods in sorted(weeks.items())]


def assessment_chart(
    instrument: Instrument,
    series: Sequence[tuple[datetime, int]],
    start: date,
    end: date,
    palette: QPalette,
) -> QChart:
    """Scores over time over the instrument's bands, shaded from calm to warm."""
    chart = _chart(instrument.name, palette)
    x = _date_axis(chart, start, end, palette)
    y = _value_axis(chart, instrument.min_score, instrument.max_score, palette, tr("Score"))
    left, right = msecs(start - timedelta(days=1)), msecs(end + timedelta(days=1))
    bands = instrument.bands
    # Bands run from fewer symptoms to more; WHO-5 counts well-being, so its
    # highest band is the calm one.
    calm_first = not _higher_is_better(instrument)
    colors = BAND_COLORS if calm_first else BAND_COLORS[: len(bands)][::-1]
    for index, band in enumerate(bands):
        top = bands[index + 1].low if index + 1 < len(bands) else instrument.max_score
        lower, upper = QLineSeries(), QLineSeries()
        lower.append([QPointF(left, band.low), QPointF(right, band.low)])
        upper.append([QPointF(left, top), QPointF(right, top)])
        area = QAreaSeries(upper, lower)
        # The area does not own its edges: parent them, or Python frees them
        # while the chart still draws from them.
        upper.setParent(area)
        lower.setParent(area)
        area.setName(band.label)
        color = QColor(colors[index % len(colors)])
        color.setAlpha(80 if is_dark(palette) else 170)
        area.setBrush(QBrush(color))
        area.setPen(QPen(Qt.PenStyle.NoPen))
        _attach(chart, area, x, y)
    scores = QLineSeries()
    scores.setName(tr("Your scores"))
    scores.setPen(QPen(_ink(palette, SCORE_COLOR, SCORE_DARK), 2.5))
    scores.setPointsVisible(True)
    scores.append([QPointF(taken.timestamp() * 1000, score) for taken, score in series])
    _attach(chart, scores, x, y)
    return chart


def _higher_is_better(instrument: Instrument) -> bool:
    return bool(instrument.bands) and instrument.bands[0].talk_to_professional


def heat_level(entries: int) -> int:
    """The shade of a day: 0 for no entry, up to len(HEAT_LEVELS) - 1."""
    return max(level for level, need in enumerate(HEAT_LEVELS) if entries >= need)


def week_level(days_written: int) -> int:
    """The shade of a week by the days written in it: 0, 1-2, 3-4, 5-6, 7."""
    return 0 if days_written == 0 else min(4, (days_written + 1) // 2)


# Charts with one marker per day are drawn as one graphics item per marker: up
# to about a year they show days, beyond it weeks (a ten-year journal would be
# 3,600 items, a third of a second on the UI thread just to build).
DAILY_LIMIT_DAYS = 400


def _category_axis(labels: Sequence[str], palette: QPalette) -> QCategoryAxis:
    """Labels for rows 0, 1, 2 … listed top to bottom."""
    axis = QCategoryAxis()
    axis.setRange(-0.5, len(labels) - 0.5)
    axis.setReverse(True)
    axis.setStartValue(-0.5)
    for row, label in enumerate(labels):
        axis.append(label, row + 0.5)
    axis.setLabelsColor(palette.color(QPalette.ColorRole.WindowText))
    axis.setGridLineVisible(False)
    axis.setLineVisible(False)
    return axis


def _heat_series(
    chart: QChart,
    levels: list[list[QPointF]],
    labels: Sequence[str],
    *,
    size: float,
    axes: tuple[QAbstractAxis, QAbstractAxis],
    palette: QPalette,
) -> None:
    shades = HEAT_DARK if is_dark(palette) else HEAT_COLORS
    for level, points in enumerate(levels):
        series = QScatterSeries()
        series.setName(labels[level])
        series.setMarkerShape(QScatterSeries.MarkerShape.MarkerShapeRectangle)
        series.setMarkerSize(size)
        series.setColor(QColor(shades[level]))
        series.setBorderColor(QColor(shades[level]))
        series.append(points)
        _attach(chart, series, *axes)


def activity_chart(
    activity: Sequence[DayActivity], start: date, end: date, palette: QPalette
) -> QChart:
    """A calendar heatmap: a square per day (weeks left to right, Monday on top),
    or for more than about a year, a square per week (one row per year)."""
    if (end - start).days > DAILY_LIMIT_DAYS:
        return _weeks_chart(activity, start, end, palette)
    chart = _chart(tr("Days you wrote"), palette)
    monday = start - timedelta(days=start.weekday())
    weeks = (end - monday).days // 7 + 1
    x = QValueAxis()
    x.setRange(-0.5, weeks - 0.5)
    x.setVisible(False)
    days = [QLocale().dayName(d, QLocale.FormatType.ShortFormat) for d in range(1, 8)]
    y = _category_axis(days, palette)
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    counts = {item.day: item.entries for item in activity}
    labels = (tr("No entry"), tr("1 entry"), tr("2 entries"), tr("3-4 entries"), tr("5 or more"))
    levels: list[list[QPointF]] = [[] for _ in HEAT_LEVELS]
    day = start
    while day <= end:
        week = (day - monday).days // 7
        levels[heat_level(counts.get(day, 0))].append(QPointF(week, day.weekday()))
        day += timedelta(days=1)
    size = max(4.0, min(30.0, 600 / max(weeks, 1)))
    _heat_series(chart, levels, labels, size=size, axes=(x, y), palette=palette)
    return chart


def _weeks_chart(
    activity: Sequence[DayActivity], start: date, end: date, palette: QPalette
) -> QChart:
    """Weeks of the year left to right, one row per year, shaded by days written."""
    chart = _chart(tr("Weeks you wrote"), palette)
    written: dict[tuple[int, int], int] = {}
    for item in activity:
        if item.entries:
            year, week, _ = item.day.isocalendar()
            written[year, week] = written.get((year, week), 0) + 1
    first, last = start.isocalendar()[0], end.isocalendar()[0]
    years = list(range(last, first - 1, -1))  # the newest year on top
    x = QValueAxis()
    x.setRange(0.5, 53.5)
    x.setVisible(False)
    y = _category_axis([str(year) for year in years], palette)
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    labels = (
        tr("No entry"),
        tr("1-2 days"),
        tr("3-4 days"),
        tr("5-6 days"),
        tr("Every day"),
    )
    levels: list[list[QPointF]] = [[] for _ in HEAT_LEVELS]
    monday = start - timedelta(days=start.weekday())
    while monday <= end:
        year, week, _ = monday.isocalendar()
        level = week_level(written.get((year, week), 0))
        levels[level].append(QPointF(week, years.index(year)))
        monday += timedelta(days=7)
    size = max(4.0, min(14.0, 300 / max(len(years), 1)))
    _heat_series(chart, levels, labels, size=size, axes=(x, y), palette=palette)
    return chart


def milestone_group(kind: str) -> str:
    for prefix in MILESTONE_GROUPS:
        if kind.startswith(prefix):
            return prefix
    return "first_"


def milestone_chart(
    milestones: Sequence[Milestone], start: date, end: date, palette: QPalette
) -> QChart:
    """Milestones as points along time, one row per kind of step."""
    chart = _chart(tr("Milestones"), palette)
    x = _date_axis(chart, start, end, palette)
    y = QValueAxis()
    y.setRange(-0.5, len(MILESTONE_GROUPS) - 0.5)
    y.setVisible(False)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    for row, (prefix, (label, color)) in enumerate(MILESTONE_GROUPS.items()):
        series = QScatterSeries()
        series.setName(tr(label))
        series.setMarkerSize(14)
        series.setColor(QColor(color))
        series.setBorderColor(QColor(color))
        series.append(
            [
                QPointF(m.happened.timestamp() * 1000, row)
                for m in milestones
                if milestone_group(m.kind) == prefix
            ]
        )
        _attach(chart, series, x, y)
    return chart
