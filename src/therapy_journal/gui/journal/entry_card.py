"""A listed entry as a small card: its title over a quieter line (date, mood, tags).

Used in the title column when the list is narrow, where a table of four columns
would leave the title a few letters: the other columns are hidden and their
text is drawn under the title instead, each line elided with "…".
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

Index = QModelIndex | QPersistentModelIndex
PADDING = 6
DETAIL_SCALE = 0.9


def detail_font(font: QFont) -> QFont:
    smaller = QFont(font)
    smaller.setPointSizeF(font.pointSizeF() * DETAIL_SCALE)
    return smaller


def card_height(font: QFont) -> int:
    """A card's height: the title line, the detail line and the padding."""
    return (
        QFontMetrics(font).lineSpacing()
        + QFontMetrics(detail_font(font)).lineSpacing()
        + (3 * PADDING)
    )


class EntryCardDelegate(QStyledItemDelegate):
    """Draws the item's text as a title and the text it holds in ``detail_role`` under it."""

    def __init__(self, detail_role: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.detail_role = detail_role
        self.compact = False  # set by the view's owner: cards, or plain table cells

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        if not self.compact:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        title, option.text = option.text, ""
        style = option.widget.style() if option.widget else None
        if style is not None:  # background, selection, focus
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        rect = option.rect.adjusted(PADDING, PADDING, -PADDING, -PADDING)
        painter.save()
        painter.setPen(option.palette.color(role))
        heading = QFont(option.font)
        heading.setWeight(QFont.Weight.DemiBold)
        top = rect.top()
        detail = str(index.data(self.detail_role) or "")
        for text, font in ((title, heading), (detail, detail_font(option.font))):
            metrics = QFontMetrics(font)
            painter.setFont(font)
            elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
            painter.drawText(rect.left(), top + metrics.ascent(), elided)
            top += metrics.lineSpacing() + PADDING
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        if self.compact:
            return QSize(size.width(), card_height(option.font))
        return size
