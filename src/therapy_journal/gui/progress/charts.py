"""The charts of the Progress area, built with Qt Charts from plain data.

Each function takes what a service returned and gives a ``QChart``; nothing
here reads the vault, so the charts are quick to build and easy to test.
Colours come from the theme's :class:`~.palette.ChartPalette` and the words
are neutral: the charts show what happened, they do not grade it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from functools import partial

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
from PySide6.QtCore import QDate, QDateTime, QLocale, QMargins, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QCursor, QPalette, QPen
from PySide6.QtWidgets import QToolTip

from therapy_journal.gui.i18n import tr
from therapy_journal.gui.progress.palette import ChartPalette, chart_palette
from therapy_journal.services.assessments import Instrument
from therapy_journal.services.milestones import Milestone
from therapy_journal.services.progress import DayActivity, DayMood

HEAT_LEVELS = (0, 1, 2, 3, 5)  # entries a day needs to reach each shade
MILESTONE_GROUPS: dict[str, str] = {
    # kind prefix -> legend label; colours in ChartPalette.milestones, in this order
    "goal": "Goals",
    "first_": "The search",
    "streak": "Journaling",
}
WEEK_LABELS_UP_TO = 10  # weeks in a calendar labelled one by one; beyond, by month
ROOM_FOR_YEARS = 26  # up to this many weeks, a month's label has room for its year
SUNDAY = 6  # the last row of a calendar by days (Monday is 0)


def msecs(day: date) -> float:
    """A day as milliseconds since the epoch at local noon (a point in the day's middle).

    Python's own conversion: going through QDateTime cost 40 µs a point, most
    of the time it took to build a chart of ten years."""
    return datetime.combine(day, time(12)).timestamp() * 1000


def _grid(axis: QAbstractAxis, colours: ChartPalette) -> None:
    axis.setGridLineColor(QColor(colours.grid))
    axis.setLinePenColor(QColor(colours.grid))
    axis.setLabelsColor(QColor(colours.text))


def _chart(title: str, colours: ChartPalette, chart: QChart | None = None) -> QChart:
    """An empty chart (``chart``, or a new one) on the theme's chart background
    (the colours are checked against it)."""
    chart = chart if chart is not None else QChart()
    chart.setTitle(title)
    chart.setBackgroundBrush(QBrush(QColor(colours.background)))
    chart.setBackgroundPen(QPen(Qt.PenStyle.NoPen))
    chart.setBackgroundRoundness(8)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    text = QColor(colours.text)
    chart.setTitleBrush(QBrush(text))
    chart.legend().setLabelColor(text)
    return chart


def _date_axis(chart: QChart, start: date, end: date, colours: ChartPalette) -> QDateTimeAxis:
    axis = QDateTimeAxis()
    _date_range(axis, start, end)
    _grid(axis, colours)
    chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
    return axis


def _date_range(axis: QDateTimeAxis, start: date, end: date) -> None:
    """The days ``start``..``end`` along ``axis``, their labels as fits the span."""
    span = (end - start).days
    axis.setFormat("d MMM" if span <= 120 else "MMM yyyy")
    axis.setTickCount(6 if span > 7 else max(span, 2))
    axis.setRange(
        QDateTime(datetime.combine(start, time.min)),
        QDateTime(datetime.combine(end + timedelta(days=1), time.min)),
    )


def _value_axis(
    chart: QChart, low: float, high: float, colours: ChartPalette, title: str = ""
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
    _grid(axis, colours)
    axis.setTitleBrush(QBrush(QColor(colours.text)))
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
    return MoodChart(palette).draw(days, average, start, end)


class MoodChart(QChart):
    """The mood chart, kept and drawn again for each span.

    Its axes, series and their labels (text items of their own) are made once:
    a new span sets their ranges and replaces the points, in a third of the time
    a new chart takes to be built, put into a view and deleted (issue 20).
    """

    def __init__(self, palette: QPalette) -> None:
        super().__init__()
        self.colours = colours = chart_palette(palette)
        _chart(tr("Mood"), colours, self)
        self.days_axis = QDateTimeAxis()
        _grid(self.days_axis, colours)
        self.addAxis(self.days_axis, Qt.AlignmentFlag.AlignBottom)
        self.mood_axis = _value_axis(self, 1, 10, colours, tr("Mood (1-10)"))
        self.dots = QScatterSeries()
        self.dots.setMarkerSize(8)
        self.dots.setColor(QColor(colours.mood))
        self.dots.setBorderColor(QColor(colours.mood))
        self.line = QLineSeries()
        self.line.setName(tr("7-day average"))
        # Another hue and a dashed line: told apart without relying on colour alone.
        self.line.setPen(QPen(QColor(colours.average), 2.5, Qt.PenStyle.DashLine))
        _attach(self, self.dots, self.days_axis, self.mood_axis)
        _attach(self, self.line, self.days_axis, self.mood_axis)

    def draw(
        self,
        days: Sequence[DayMood],
        average: Sequence[tuple[date, float]],
        start: date,
        end: date,
    ) -> MoodChart:
        """Draw the moods of ``start``..``end``; returns the chart itself."""
        _date_range(self.days_axis, start, end)
        if (end - start).days > DAILY_LIMIT_DAYS:
            self.dots.setName(tr("Weekly mood"))
            self.dots.replace([QPointF(msecs(day), mood) for day, mood in weekly_means(days)])
        else:
            self.dots.setName(tr("Daily mood"))
            self.dots.replace([QPointF(msecs(item.day), item.mood) for item in days])
        self.line.replace([QPointF(msecs(day), value) for day, value in average])
        return self


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
    colours = chart_palette(palette)
    chart = _chart(instrument.name, colours)
    x = _date_axis(chart, start, end, colours)
    y = _value_axis(chart, instrument.min_score, instrument.max_score, colours, tr("Score"))
    left, right = msecs(start - timedelta(days=1)), msecs(end + timedelta(days=1))
    bands = instrument.bands
    # Bands run from fewer symptoms to more; WHO-5 counts well-being, so its
    # highest band is the calm one.
    calm_first = not _higher_is_better(instrument)
    colors = colours.bands if calm_first else colours.bands[: len(bands)][::-1]
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
        # Opaque: a see-through band takes the background's colour, and on a
        # dark one they all turn the same muddy grey (legend swatches too).
        area.setBrush(QBrush(QColor(colors[index % len(colors)])))
        area.setPen(QPen(Qt.PenStyle.NoPen))
        _attach(chart, area, x, y)
    scores = QLineSeries()
    scores.setName(tr("Your scores"))
    scores.setPen(QPen(QColor(colours.score), 2.5))
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


def _category_axis(labels: Sequence[str], colours: ChartPalette) -> QCategoryAxis:
    """Labels for rows 0, 1, 2 … listed top to bottom."""
    axis = QCategoryAxis()
    axis.setRange(-0.5, len(labels) - 0.5)
    axis.setReverse(True)
    axis.setStartValue(-0.5)
    for row, label in enumerate(labels):
        axis.append(label, row + 0.5)
    axis.setLabelsColor(QColor(colours.text))
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
    colours: ChartPalette,
) -> None:
    shades = colours.heat
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
    """A calendar heatmap: a square per day (weeks left to right, Monday on top,
    each week or month named below), or for more than about a year, a square
    per week (one row per year)."""
    colours = chart_palette(palette)
    if by_weeks(start, end):
        return _weeks_chart(activity, start, end, colours)
    monday = start - timedelta(days=start.weekday())
    weeks = (end - monday).days // 7 + 1
    title = tr("Days you wrote")
    if weeks > ROOM_FOR_YEARS:  # the months below name no year: the title does
        title = tr("Days you wrote, {start} to {end}").format(
            start=_month_label(start, with_year=True), end=_month_label(end, with_year=True)
        )
    chart = _chart(title, colours)
    x = _calendar_axis(_week_labels(monday, weeks), (-0.5, weeks - 0.5), colours)
    days = [QLocale().dayName(d, QLocale.FormatType.ShortFormat) for d in range(1, 8)]
    y = _category_axis(days, colours)
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
    _heat_series(chart, levels, labels, size=size, axes=(x, y), colours=colours)
    return chart


def by_weeks(start: date, end: date) -> bool:
    """Whether the calendar of ``start``..``end`` has a square per week (else per day)."""
    return (end - start).days > DAILY_LIMIT_DAYS


def _year_rows(start: date, end: date) -> list[int]:
    """The ISO years of a calendar by weeks, one row each, the newest on top."""
    return list(range(end.isocalendar()[0], start.isocalendar()[0] - 1, -1))


def calendar_cell(day: date, start: date, end: date) -> QPointF:
    """Where the square holding ``day`` is on the calendar of ``start``..``end``
    (:func:`activity_chart`): (week, weekday), or by weeks (ISO week, year row)."""
    if by_weeks(start, end):
        year, week, _ = day.isocalendar()
        return QPointF(week, _year_rows(start, end).index(year))
    monday = start - timedelta(days=start.weekday())
    return QPointF((day - monday).days // 7, day.weekday())


def calendar_days(point: QPointF, start: date, end: date) -> tuple[date, date] | None:
    """The days the square nearest ``point`` stands for: (first, last), one day,
    or the week's days within the span; None off the squares."""
    column, row = round(point.x()), round(point.y())
    if by_weeks(start, end):
        years = _year_rows(start, end)
        if not 0 <= row < len(years):
            return None
        try:
            monday = date.fromisocalendar(years[row], column, 1)
        except ValueError:  # no such week in that year
            return None
        first, last = max(monday, start), min(monday + timedelta(days=6), end)
        return (first, last) if first <= last else None
    if not 0 <= row <= SUNDAY:
        return None
    monday = start - timedelta(days=start.weekday())
    day = monday + timedelta(weeks=column, days=row)
    return (day, day) if start <= day <= end else None


def _week_labels(monday: date, weeks: int) -> list[tuple[str, float]]:
    """Names under the columns of a calendar starting on ``monday``: each
    week's Monday ("3 Nov") when there are few, else each month where it begins."""
    if weeks <= WEEK_LABELS_UP_TO:
        return [(_day_label(monday + timedelta(weeks=week)), week) for week in range(weeks)]
    # A month is about four columns: room for its year only while they are wide.
    roomy = weeks <= ROOM_FOR_YEARS
    labels: list[tuple[str, float]] = []
    last = monday + timedelta(weeks=weeks, days=-1)
    day = monday
    while day <= last:
        if day.day == 1:
            first = roomy and (not labels or day.month == 1)
            labels.append((_month_label(day, with_year=first), (day - monday).days // 7))
        day += timedelta(days=1)
    if not labels or labels[0][1] >= 2:  # room to name the month the calendar opens in
        labels.insert(0, (_month_label(monday, with_year=roomy), 0))
    return labels


def _day_label(day: date) -> str:
    return str(QLocale().toString(QDate(day), "d MMM"))


def _month_label(day: date, *, with_year: bool) -> str:
    return str(QLocale().toString(QDate(day), "MMM yyyy" if with_year else "MMM"))


def _calendar_axis(
    labels: Sequence[tuple[str, float]], span: tuple[float, float], colours: ChartPalette
) -> QCategoryAxis:
    """A bottom axis naming the columns at ``labels`` (text, column); an axis
    keys its labels by their text, so a name met again is keyed apart."""
    axis = QCategoryAxis()
    axis.setRange(*span)
    axis.setStartValue(span[0])
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    seen: set[str] = set()
    for text, column in labels:
        key = text
        while key in seen:
            key += " "  # looks the same, keyed apart
        seen.add(key)
        axis.append(key, column)
    axis.setLabelsColor(QColor(colours.text))
    axis.setGridLineVisible(False)
    axis.setLineVisible(False)
    return axis


def _weeks_chart(
    activity: Sequence[DayActivity], start: date, end: date, colours: ChartPalette
) -> QChart:
    """Weeks of the year left to right, one row per year, shaded by days written."""
    chart = _chart(tr("Weeks you wrote"), colours)
    written: dict[tuple[int, int], int] = {}
    for item in activity:
        if item.entries:
            year, week, _ = item.day.isocalendar()
            written[year, week] = written.get((year, week), 0) + 1
    years = _year_rows(start, end)
    # Each month named at the week it begins in (in a year that starts on a Monday).
    months = [
        (_month_label(date(2018, month, 1), with_year=False), date(2018, month, 1).isocalendar()[1])
        for month in range(1, 13)
    ]
    x = _calendar_axis(months, (0.5, 53.5), colours)
    y = _category_axis([str(year) for year in years], colours)
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
    _heat_series(chart, levels, labels, size=size, axes=(x, y), colours=colours)
    return chart


def milestone_group(kind: str) -> str:
    for prefix in MILESTONE_GROUPS:
        if kind.startswith(prefix):
            return prefix
    return "first_"


def milestone_chart(
    milestones: Sequence[Milestone], start: date, end: date, palette: QPalette
) -> QChart:
    """Milestones as points along time, one row per kind of step. Those of one
    day in one row stack up in a short column instead of hiding one another;
    pointing at one names it."""
    colours = chart_palette(palette)
    chart = _chart(tr("Milestones"), colours)
    x = _date_axis(chart, start, end, colours)
    y = QValueAxis()
    y.setRange(-0.6, len(MILESTONE_GROUPS) - 0.4)
    y.setReverse(True)  # rows in the legend's order, top to bottom
    y.setVisible(False)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    for row, (prefix, label) in enumerate(MILESTONE_GROUPS.items()):
        days: dict[date, list[str]] = {}
        for m in milestones:
            if milestone_group(m.kind) == prefix:
                days.setdefault(m.happened.date(), []).append(tr(m.label))
        series = QScatterSeries()
        series.setName(tr(label))
        series.setMarkerSize(12)
        colour = QColor(colours.milestones[row])
        series.setColor(colour)
        series.setBorderColor(QColor(colours.background))  # stacked points stay apart
        names: dict[tuple[float, float], str] = {}
        for day, named in days.items():
            for offset, name in zip(stack_offsets(len(named)), named, strict=True):
                point = QPointF(msecs(day), row + offset)
                series.append(point)
                names[point.x(), point.y()] = name
        series.hovered.connect(partial(_name_milestone, names))
        _attach(chart, series, x, y)
    return chart


def stack_offsets(count: int) -> list[float]:
    """Where ``count`` milestones of one day sit around their row (in rows):
    centred, a marker apart, never leaving the row."""
    step = min(0.22, 0.8 / max(count, 1))
    return [(index - (count - 1) / 2) * step for index in range(count)]


def _name_milestone(names: dict[tuple[float, float], str], point: QPointF, state: bool) -> None:
    if state:
        QToolTip.showText(QCursor.pos(), names.get((point.x(), point.y()), ""))
    else:
        QToolTip.hideText()
