"""A layout that flows its widgets into as many columns as fit, like text.

Modelled on Qt's Flow Layout example: items go left to right and wrap to the
next line when the width runs out, and the layout tells Qt how tall it is for
a given width (height-for-width), so a form around it grows instead of
scrolling sideways. With ``columns=True`` every item is as wide as the widest
one, so check boxes line up in columns that become fewer as the window narrows.

:func:`flow_checks` builds check boxes for a set of choices in such a layout.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QCheckBox, QLayout, QLayoutItem, QSizePolicy, QStyle, QWidget

from therapy_journal.gui.i18n import tr


class FlowLayout(QLayout):
    """Widgets left to right, wrapping to new lines; in columns when asked."""

    def __init__(
        self,
        parent: QWidget | None = None,
        across: int = -1,
        down: int = -1,
        *,
        columns: bool = False,
    ) -> None:
        """``across`` and ``down``: the gaps between items and between lines (the
        style's spacing when negative); ``columns``: every item as wide as the widest."""
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._columns = columns
        self._gaps = {Qt.Orientation.Horizontal: across, Qt.Orientation.Vertical: down}
        self._heights: dict[int, int] = {}  # heightForWidth, until the layout changes
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    # -- the QLayout protocol -----------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        if width not in self._heights:
            self._heights[width] = self._arrange(QRect(0, 0, width, 0), move=False)
        return self._heights[width]

    def invalidate(self) -> None:
        self._heights.clear()
        super().invalidate()

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        """Wide enough for about three columns; the height follows the width."""
        cell = self._cell()
        gap = self._gap(Qt.Orientation.Horizontal)
        shown = min(len(self._visible()), 3)
        width = shown * cell.width() + max(shown - 1, 0) * gap
        margins = self.contentsMargins()
        width += margins.left() + margins.right()
        return QSize(width, self.heightForWidth(width))

    def minimumSize(self) -> QSize:
        """As narrow as the widest item: everything can go in one column."""
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        margins: QMargins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    # -- laying out --------------------------------------------------------------------

    def _visible(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _cell(self) -> QSize:
        """The size every item gets in columns (the largest hint), else none."""
        size = QSize(0, 0)
        for item in self._visible():
            size = size.expandedTo(item.sizeHint())
        return size

    def _gap(self, orientation: Qt.Orientation) -> int:
        if self._gaps[orientation] >= 0:
            return self._gaps[orientation]
        parent = self.parentWidget()
        if parent is None:
            return 6
        style = parent.style()
        metric = (
            QStyle.PixelMetric.PM_LayoutHorizontalSpacing
            if orientation == Qt.Orientation.Horizontal
            else QStyle.PixelMetric.PM_LayoutVerticalSpacing
        )
        gap = style.pixelMetric(metric, None, parent)
        if gap < 0:
            gap = style.layoutSpacing(
                QSizePolicy.ControlType.CheckBox, QSizePolicy.ControlType.CheckBox, orientation
            )
        return max(gap, 6)

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        """Place the items in ``rect`` (when ``move``); the height they need."""
        margins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        across = self._gap(Qt.Orientation.Horizontal)
        down = self._gap(Qt.Orientation.Vertical)
        cell = self._cell() if self._columns else None
        if cell is not None and cell.width() > 0:
            # Share out the spare width, so the columns span the whole row.
            per_row = max(1, (area.width() + across) // (cell.width() + across))
            shown = len(self._visible())
            per_row = min(per_row, shown) if shown else 1
            spare = area.width() - per_row * cell.width() - (per_row - 1) * across
            cell = QSize(cell.width() + max(spare, 0) // per_row, cell.height())
        x, y, line_height = area.x(), area.y(), 0
        for item in self._visible():
            size = cell if cell is not None else item.sizeHint()
            width = min(size.width(), area.width()) if area.width() > 0 else size.width()
            if x > area.x() and x + width > area.right() + 1:
                x, y, line_height = area.x(), y + line_height + down, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), QSize(width, size.height())))
            x += width + across
            line_height = max(line_height, size.height())
        return y + line_height - rect.y() + margins.bottom()


def flow_checks(
    choices: dict[str, str], *, columns: bool = True
) -> tuple[QWidget, dict[str, QCheckBox]]:
    """Check boxes for ``choices`` (key: label) that flow into as many columns
    as fit, and the boxes by key. Tab goes through them in reading order."""
    box = QWidget()
    flow = FlowLayout(box, columns=columns)
    found: dict[str, QCheckBox] = {}
    for key, label in choices.items():
        check = QCheckBox(tr(label))
        found[key] = check
        flow.addWidget(check)
    return box, found
