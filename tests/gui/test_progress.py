"""The Progress area's charts get the right series, read from a real vault."""

from __future__ import annotations

import itertools
import stat
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtCharts import (
    QAreaSeries,
    QCategoryAxis,
    QChart,
    QChartView,
    QLineSeries,
    QScatterSeries,
)
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.helpers.vaults import VaultInfo
from therapy_journal.gui.app import App
from therapy_journal.gui.contrast import contrast, difference
from therapy_journal.gui.progress import charts
from therapy_journal.gui.progress.palette import DARK, LIGHT, chart_palette
from therapy_journal.gui.progress.progress_area import ProgressArea
from therapy_journal.gui.theme import dark_palette
from therapy_journal.services.assessments import instruments
from therapy_journal.services.journal import make_entry
from therapy_journal.services.milestones import Milestone
from therapy_journal.services.progress import DayActivity, ProgressService, Span, Streaks
from therapy_journal.store.models import NewEntry

TODAY = date.today()


def _at(days_ago: int, hour: int = 20) -> datetime:
    return datetime.combine(TODAY - timedelta(days=days_ago), time(hour)).astimezone()


@pytest.fixture
def seed_entries() -> list[NewEntry]:
    # Moods on days 0, 1, 2 (two entries on day 1) and day 40; day 3 has no mood.
    return [
        make_entry(title="a", body="x", mood=4, created=_at(0)),
        make_entry(title="b", body="x", mood=6, created=_at(1, 9)),
        make_entry(title="c", body="x", mood=8, created=_at(1, 21)),
        make_entry(title="d", body="x", mood=5, created=_at(2)),
        make_entry(title="e", body="x", created=_at(3)),
        make_entry(title="f", body="x", mood=9, created=_at(40)),
    ]


def _progress(app: App, qtbot: QtBot, span: Span = Span.DAYS_30) -> ProgressArea:
    window = app.main_window
    assert window is not None
    area = window.open_area("progress")
    assert isinstance(area, ProgressArea)
    before = area.data
    area.span.setCurrentIndex(area.span.findData(span))
    qtbot.waitUntil(lambda: area.data is not None and area.data is not before)
    qtbot.waitUntil(lambda: area.data is not None and area.data.span is span)
    return area


def _points(series: object) -> list[tuple[float, float]]:
    assert isinstance(series, (QLineSeries, QScatterSeries))
    return [(p.x(), p.y()) for p in series.points()]


def test_mood_chart_has_daily_dots_and_the_7_day_average(qtbot: QtBot, unlocked_app: App) -> None:
    area = _progress(unlocked_app, qtbot, Span.DAYS_30)
    chart = area.mood.view.chart()
    dots, line = chart.series()
    assert isinstance(dots, QScatterSeries) and isinstance(line, QLineSeries)
    day = charts.msecs
    d0, d1, d2 = (TODAY - timedelta(days=n) for n in (0, 1, 2))
    assert _points(dots) == [(day(d2), 5.0), (day(d1), 7.0), (day(d0), 4.0)]
    # 7-day average: (5) then (5+7)/2 then (5+7+4)/3
    assert _points(line) == [(day(d2), 5.0), (day(d1), 6.0), (day(d0), pytest.approx(16 / 3))]
    assert "Moods on 3 days" in area.mood.words.text()

    area = _progress(unlocked_app, qtbot, Span.DAYS_90)  # day 40 comes into view
    dots = area.mood.view.chart().series()[0]
    assert len(_points(dots)) == 4


def test_checkin_chart_shades_every_band_and_plots_the_scores(
    qtbot: QtBot, unlocked_app: App
) -> None:
    service = unlocked_app.session.assessments
    service.record("phq9", [1] * 9, when=_at(10))  # 9
    service.record("phq9", [2] * 9, when=_at(3))  # 18
    area = _progress(unlocked_app, qtbot, Span.DAYS_30)
    area.instrument.setCurrentIndex(area.instrument.findData("phq9"))
    series = area.checkins.view.chart().series()
    bands = [s for s in series if isinstance(s, QAreaSeries)]
    assert [b.name() for b in bands] == [
        "None-minimal",
        "Mild",
        "Moderate",
        "Moderately severe",
        "Severe",
    ]
    assert [(b.lowerSeries().at(0).y(), b.upperSeries().at(0).y()) for b in bands] == [
        (0, 5),
        (5, 10),
        (10, 15),
        (15, 20),
        (20, 27),
    ]
    scores = series[-1]
    assert isinstance(scores, QLineSeries) and scores.name() == "Your scores"
    assert [y for _x, y in _points(scores)] == [9, 18]
    area.instrument.setCurrentIndex(area.instrument.findData("who5"))
    who5 = area.checkins.view.chart().series()
    assert len([s for s in who5 if isinstance(s, QAreaSeries)]) == 3
    assert _points(who5[-1]) == []
    assert "No WHO-5 results" in area.checkins.words.text()


def test_journaling_calendar_has_one_square_per_day_by_how_much_was_written(
    qtbot: QtBot, unlocked_app: App
) -> None:
    area = _progress(unlocked_app, qtbot, Span.DAYS_30)
    levels = area.activity.view.chart().series()
    counts = [len(s.points()) for s in levels if isinstance(s, QScatterSeries)]
    assert sum(counts) == 30  # every day of the span, written or not
    assert counts[:3] == [26, 3, 1]  # no entry, one entry, two entries (day 1)
    assert "You wrote on 4 days" in area.activity.words.text()
    assert "4 days in a row" in area.activity.words.text()


def test_milestones_are_on_the_timeline_and_a_new_one_appears(
    qtbot: QtBot, unlocked_app: App
) -> None:
    area = _progress(unlocked_app, qtbot, Span.DAYS_30)
    assert area.milestone_list.count() == 0
    unlocked_app.session.milestones.record("first_therapist_identified")
    unlocked_app.session.changed.emit("contacts")
    qtbot.waitUntil(lambda: area.milestone_list.count() == 1)
    assert "First therapist identified" in area.milestone_list.item(0).text()
    points = [len(s.points()) for s in area.milestones.view.chart().series()]
    assert sum(points) == 1


def test_a_chart_is_saved_as_a_png_only_the_user_can_read(
    qtbot: QtBot, unlocked_app: App, tmp_path: Path, vault_on_disk: VaultInfo
) -> None:
    area = _progress(unlocked_app, qtbot, Span.DAYS_30)
    target = tmp_path / "mood"
    area.save_png(target)
    saved = tmp_path / "mood.png"
    assert saved.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600


def test_beyond_a_year_the_calendar_shows_weeks_by_year() -> None:
    start, end = date(2023, 1, 2), date(2024, 12, 29)  # Mondays to Sundays: 104 weeks
    written = [DayActivity(start + timedelta(days=n), 1, 10) for n in range(0, 7)]  # week 1
    written += [DayActivity(start + timedelta(days=n), 1, 10) for n in (7, 8)]  # week 2: 2 days
    chart = charts.activity_chart(written, start, end, QPalette())
    levels = [len(s.points()) for s in chart.series() if isinstance(s, QScatterSeries)]
    assert sum(levels) == 104  # one square per week, not per day
    assert levels[4] == 1 and levels[1] == 1  # every day of week 1; 1-2 days of week 2
    assert chart.title() == "Weeks you wrote"


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_chart_colours_are_distinct_and_stand_out_from_the_background(theme: str) -> None:
    """WCAG 1.4.11: 3:1 for what a chart shows against its background; bands
    and their legend swatches told apart, in each theme's own colours."""
    palette = dark_palette() if theme == "dark" else QApplication.style().standardPalette()
    colours = chart_palette(palette)
    assert colours is (DARK if theme == "dark" else LIGHT)
    for name, colour in colours.series_colours().items():
        assert contrast(colour, colours.background) >= 3, name
    assert contrast(colours.text, colours.background) >= 4.5

    phq9 = instruments()["phq9"]
    chart = charts.assessment_chart(phq9, [(_at(3), 12)], TODAY - timedelta(30), TODAY, palette)
    assert chart.backgroundBrush().color().name() == colours.background
    bands = [s for s in chart.series() if isinstance(s, QAreaSeries)]
    swatches = [chart.legend().markers(band)[0].brush().color().name() for band in bands]
    for first, second in itertools.combinations(swatches, 2):
        assert difference(first, second) >= 10, (first, second)
    score = chart.series()[-1]
    assert isinstance(score, QLineSeries)
    for band in bands:  # the scores line reads over every band
        assert contrast(score.pen().color().name(), band.brush().color().name()) >= 3

    mood = charts.mood_chart([], [], TODAY - timedelta(30), TODAY, palette)
    dots, line = mood.series()
    assert isinstance(dots, QScatterSeries) and isinstance(line, QLineSeries)
    assert difference(dots.color().name(), line.pen().color().name()) >= 40  # not two blues
    assert line.pen().style() == Qt.PenStyle.DashLine  # and not by colour alone
    calendar = charts.activity_chart([], TODAY - timedelta(30), TODAY, palette)
    heat = [s.color().name() for s in calendar.series() if isinstance(s, QScatterSeries)]
    for first, second in itertools.pairwise(heat):
        assert difference(first, second) >= 10


def _bottom_labels(chart: object) -> list[str]:
    assert isinstance(chart, QChart)
    (axis,) = chart.axes(Qt.Orientation.Horizontal)
    assert isinstance(axis, QCategoryAxis) and axis.isVisible()
    return [label.strip() for label in axis.categoriesLabels()]


def test_the_journaling_calendar_names_its_weeks_and_months() -> None:
    start = date(2026, 11, 3)  # a Tuesday: its week starts on Monday 2 November
    chart = charts.activity_chart([], start, date(2026, 12, 2), QPalette())
    assert _bottom_labels(chart) == ["2 Nov", "9 Nov", "16 Nov", "23 Nov", "30 Nov"]
    year = charts.activity_chart([], date(2025, 12, 3), date(2026, 12, 2), QPalette())
    months = _bottom_labels(year)  # narrow columns: the title names the years
    assert year.title() == "Days you wrote, Dec 2025 to Dec 2026"
    assert months[0] == "Dec" and months[1] == "Jan"
    assert months[2:] == [
        "Feb",
        "Mar",
        "Apr",
        "May",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
    ]
    quarter = charts.activity_chart([], date(2026, 9, 4), date(2026, 12, 2), QPalette())
    assert _bottom_labels(quarter) == ["Sep 2026", "Oct", "Nov", "Dec"]
    years = charts.activity_chart([], date(2023, 1, 2), date(2024, 12, 29), QPalette())
    assert _bottom_labels(years)[:3] == ["Jan", "Feb", "Mar"]


def test_milestones_of_one_day_stack_instead_of_hiding_each_other() -> None:
    noon = datetime.combine(TODAY, time(12)).astimezone()
    reached = [
        Milestone(1, "first_therapist_identified", "", noon, "", True),
        Milestone(2, "first_consultation_attended", "", noon + timedelta(hours=2), "", True),
        Milestone(3, "goal_done", "", noon, "Call my insurer", True),
    ]
    chart = charts.milestone_chart(reached, TODAY - timedelta(30), TODAY, QPalette())
    goals, search, _journaling = chart.series()
    assert isinstance(search, QScatterSeries) and isinstance(goals, QScatterSeries)
    (first, second) = _points(search)
    assert first[0] == second[0]  # the same day
    assert abs(first[1] - second[1]) >= 0.2  # a marker apart, both seen
    assert all(abs(y - 1) < 0.5 for _x, y in (first, second))  # in their own row
    assert _points(goals) == [(charts.msecs(TODAY), 0.0)]


def _journal_titles(app: App, qtbot: QtBot, count: int) -> set[str]:
    from therapy_journal.gui.journal.journal_area import JournalArea  # noqa: PLC0415

    window = app.main_window
    assert window is not None
    journal = window.journal
    assert isinstance(journal, JournalArea) and window.stack.currentWidget() is journal
    qtbot.waitUntil(lambda: journal.model.rowCount() == count)
    model = journal.model
    return {model.data(model.index(row, model.TITLE)) for row in range(count)}


def test_a_click_on_a_day_of_the_writing_calendar_lists_that_days_entries(
    qtbot: QtBot, unlocked_app: App
) -> None:
    area = _progress(unlocked_app, qtbot, Span.DAYS_30)
    area.tabs.setCurrentWidget(area.activity)
    data = area.data
    assert data is not None
    view = area.calendar
    chart = view.chart()
    yesterday = TODAY - timedelta(days=1)  # two entries, "b" and "c"
    where = chart.mapToPosition(charts.calendar_cell(yesterday, data.start, data.end))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(where))
    assert _journal_titles(unlocked_app, qtbot, 2) == {"b", "c"}


def test_the_writing_calendar_opens_a_day_from_the_keyboard_and_names_it(
    qtbot: QtBot, unlocked_app: App
) -> None:
    area = _progress(unlocked_app, qtbot, Span.DAYS_30)
    area.tabs.setCurrentWidget(area.activity)
    view = area.calendar
    assert view.focusPolicy() & Qt.FocusPolicy.TabFocus and view.accessibleName()
    assert "arrow keys" in area.activity.words.text()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    assert "1 entry" in view.accessibleDescription()  # today, where it starts
    qtbot.keyClick(view, Qt.Key.Key_Up)  # a day back: yesterday
    assert "2 entries" in view.accessibleDescription()
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert _journal_titles(unlocked_app, qtbot, 2) == {"b", "c"}


def test_every_square_of_the_writing_calendar_stands_for_its_own_days() -> None:
    for start, end in (
        (date(2026, 11, 3), date(2026, 12, 2)),  # by days, from a Tuesday
        (date(2023, 1, 4), date(2026, 12, 2)),  # by weeks, a row per year
    ):
        day = start
        while day <= end:
            first, last = charts.calendar_days(charts.calendar_cell(day, start, end), start, end)
            assert first <= day <= last and start <= first and last <= end
            assert (first == last) is (not charts.by_weeks(start, end))
            day += timedelta(days=1)
    start, end = date(2026, 11, 3), date(2026, 12, 2)
    assert charts.calendar_days(QPointF(0, 0), start, end) is None  # Monday, before the span
    assert charts.calendar_days(QPointF(0, 1.2), start, end) == (start, start)
    assert charts.calendar_days(QPointF(9, 0), start, end) is None  # past the last week


def test_a_change_of_span_reads_the_streaks_once_until_the_journal_changes(
    qtbot: QtBot, unlocked_app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[date] = []
    real_streaks = ProgressService.streaks

    def counted(self: ProgressService, today: date | None = None) -> Streaks:
        if today is not None:  # the area's reads (milestones ask for today's)
            reads.append(today)
        return real_streaks(self, today)

    monkeypatch.setattr(ProgressService, "streaks", counted)
    area = _progress(unlocked_app, qtbot, Span.DAYS_30)
    _progress(unlocked_app, qtbot, Span.YEAR)
    _progress(unlocked_app, qtbot, Span.DAYS_90)
    assert len(reads) == 1
    assert "4 days in a row" in area.activity.words.text()
    unlocked_app.session.journal.add(make_entry(title="g", body="x", created=_at(4)))
    unlocked_app.session.changed.emit("entries")
    qtbot.waitUntil(lambda: "5 days in a row" in area.activity.words.text())
    assert len(reads) == 2


def test_a_change_of_span_puts_in_place_only_the_chart_in_sight(
    qtbot: QtBot, unlocked_app: App
) -> None:
    area = _progress(unlocked_app, qtbot, Span.DAYS_30)
    assert area.tabs.currentWidget() is area.mood
    hidden_checkins = QChartView.chart(area.checkins.view)
    data = _progress(unlocked_app, qtbot, Span.YEAR).data
    assert data is not None
    mood = QChartView.chart(area.mood.view)
    (mood_days,) = mood.axes(Qt.Orientation.Horizontal)
    assert mood_days.min().date().toPython() == data.start  # drawn again, in sight
    assert QChartView.chart(area.checkins.view) is hidden_checkins  # not yet
    area.tabs.setCurrentWidget(area.checkins)
    checkins = QChartView.chart(area.checkins.view)
    assert checkins is not hidden_checkins
    (x_axis,) = checkins.axes(Qt.Orientation.Horizontal)
    assert x_axis.min().date().toPython() == data.start  # a year ago


def test_a_change_of_span_draws_the_hidden_calendar_only_when_it_is_shown(
    qtbot: QtBot, unlocked_app: App
) -> None:
    area = _progress(unlocked_app, qtbot, Span.DAYS_30)
    assert area.tabs.currentWidget() is area.mood
    hidden_calendar = QChartView.chart(area.calendar)
    data = _progress(unlocked_app, qtbot, Span.YEAR).data
    assert data is not None
    assert QChartView.chart(area.calendar) is hidden_calendar  # not drawn for nothing
    assert "You wrote on 5 days" in area.calendar.accessibleDescription()  # but said
    area.tabs.setCurrentWidget(area.activity)
    squares = QChartView.chart(area.calendar).series()
    assert sum(len(s.points()) for s in squares if isinstance(s, QScatterSeries)) == 365


def test_locking_empties_the_charts_of_hidden_tabs_too(qtbot: QtBot, unlocked_app: App) -> None:
    area = _progress(unlocked_app, qtbot, Span.DAYS_30)
    area.tabs.setCurrentWidget(area.milestones)
    area.tabs.setCurrentWidget(area.activity)  # every chart drawn once
    area.tabs.setCurrentWidget(area.mood)
    area.clear()
    for view in (area.mood.view, area.checkins.view, area.calendar, area.milestones.view):
        assert QChartView.chart(view).series() == []
        assert view.accessibleDescription() == ""


def test_a_change_of_span_draws_the_mood_chart_again_as_a_new_one_would_be(
    qtbot: QtBot, unlocked_app: App
) -> None:
    area = _progress(unlocked_app, qtbot, Span.DAYS_30)
    shown = QChartView.chart(area.mood.view)
    for span in (Span.YEAR, Span.ALL, Span.DAYS_90):
        data = _progress(unlocked_app, qtbot, span).data
        assert data is not None
        chart = QChartView.chart(area.mood.view)
        assert chart is shown  # the same axes and series, drawn again
        new = charts.mood_chart(data.moods, data.average, data.start, data.end, area.palette())
        assert [s.name() for s in chart.series()] == [s.name() for s in new.series()]
        assert [_points(s) for s in chart.series()] == [_points(s) for s in new.series()]
        for axes in (chart.axes(), new.axes()):
            assert all(axis.isVisible() for axis in axes)
        (days, mood), (new_days, new_mood) = chart.axes(), new.axes()
        assert (days.min(), days.max(), days.format(), days.tickCount()) == (
            new_days.min(),
            new_days.max(),
            new_days.format(),
            new_days.tickCount(),
        )
        assert (mood.min(), mood.max()) == (new_mood.min(), new_mood.max())
    assert len(_points(chart.series()[0])) == 4  # day 40 is in the last 90 days


def test_a_new_theme_gets_a_mood_chart_in_its_colours(qtbot: QtBot, unlocked_app: App) -> None:
    area = _progress(unlocked_app, qtbot, Span.DAYS_30)
    light = QChartView.chart(area.mood.view)
    area.setPalette(dark_palette())
    _progress(unlocked_app, qtbot, Span.YEAR)
    dark = QChartView.chart(area.mood.view)
    assert dark is not light
    assert dark.backgroundBrush().color().name() == DARK.background
