"""A chart view that draws its chart only once it is seen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCharts import QChart, QChartView
from PySide6.QtGui import QShowEvent

Draw = Callable[[], QChart]  # gives the chart to show: a new one, or the one shown, redrawn


class ChartView(QChartView):
    """A chart view that draws a chart when it is seen (or its chart is asked for).

    Building a chart (its axes' labels are text items of their own) and putting
    it into a view (which rebuilds the view's scene) take milliseconds each at
    100,000 entries; a change of span redraws four charts, and three of them sit
    on hidden tabs (issue 20: a year of Progress in 50 ms). :meth:`show_later`
    keeps only the newest way to draw; asking for :meth:`chart` draws it at once.
    """

    def __init__(self, objectName: str = "") -> None:
        super().__init__(objectName=objectName)
        self._pending: Draw | None = None

    def show_later(self, draw: Draw) -> None:
        """Draw with ``draw`` now if the view is visible, else when it is shown."""
        self._pending = draw
        if self.isVisible():
            self._put_in_place()

    def show_now(self, chart: QChart) -> None:
        """Show ``chart`` at once, seen or not (an empty one when the vault locks)."""
        self._pending = lambda: chart
        self._put_in_place()

    def chart(self) -> QChart:
        self._put_in_place()
        return super().chart()

    def showEvent(self, event: QShowEvent) -> None:
        self._put_in_place()
        super().showEvent(event)

    def _put_in_place(self) -> None:
        draw, self._pending = self._pending, None
        if draw is None:
            return
        chart = draw()
        old = super().chart()
        if chart is old:  # redrawn in place
            return
        self.setChart(chart)
        if old is not None:
            old.deleteLater()
