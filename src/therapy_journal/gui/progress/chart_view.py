"""A chart view that waits until it is seen to put a new chart in place."""

from __future__ import annotations

from PySide6.QtCharts import QChart, QChartView
from PySide6.QtGui import QShowEvent


class ChartView(QChartView):
    """A chart view that puts a new chart in place when it is seen (or asked for).

    Putting a chart into a view rebuilds the view's scene, about 20 ms for each
    of this area's charts at 100,000 entries; a change of span makes four, and
    three of them sit on hidden tabs (issue 20: a year of Progress in 50 ms).
    Asking for :meth:`chart` puts the newest in place at once.
    """

    def __init__(self, objectName: str = "") -> None:
        super().__init__(objectName=objectName)
        self._pending: QChart | None = None

    def show_later(self, chart: QChart) -> None:
        """Show ``chart`` now if the view is visible, else when it is shown."""
        if self._pending is not None:
            self._pending.deleteLater()
        self._pending = chart
        if self.isVisible():
            self._put_in_place()

    def chart(self) -> QChart:
        self._put_in_place()
        return super().chart()

    def showEvent(self, event: QShowEvent) -> None:
        self._put_in_place()
        super().showEvent(event)

    def _put_in_place(self) -> None:
        chart, self._pending = self._pending, None
        if chart is None:
            return
        old = super().chart()
        self.setChart(chart)
        if old is not None:
            old.deleteLater()
