"""An item delegate that draws a little HTML (bold matches, a muted second line)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

Index = QModelIndex | QPersistentModelIndex
HEADING_MARGIN = 4  # as the document's own margin


class HtmlDelegate(QStyledItemDelegate):
    """Draws the HTML an item holds in ``role``; items without it are drawn as usual.

    With ``fit`` the row is as tall as the wrapped text; otherwise at least
    ``min_lines`` lines (the view's uniform rows stay cheap for long lists).
    With ``heading_role``, the plain text an item holds there is drawn first, on
    one line, elided with "…" and in italics (a search hit's title over its snippet).
    """

    def __init__(
        self,
        role: int,
        parent: QWidget,
        *,
        min_lines: int = 2,
        fit: bool = False,
        heading_role: int | None = None,
    ):
        super().__init__(parent)
        self.role = role
        self.min_lines = min_lines
        self.fit = fit
        self.heading_role = heading_role

    def _document(self, option: QStyleOptionViewItem, html: str, width: int) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(4)
        doc.setHtml(html)
        doc.setTextWidth(width)
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        html = index.data(self.role)
        if html is None:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        doc = self._document(option, str(html), option.rect.width())
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        painter.save()
        painter.translate(option.rect.topLeft())
        painter.setClipRect(QRectF(0, 0, option.rect.width(), option.rect.height()))
        painter.translate(0, self._paint_heading(painter, option, index, role))
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def _paint_heading(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: Index,
        role: QPalette.ColorRole,
    ) -> int:
        """Draw the item's heading on one line, elided; return the height it took."""
        heading = index.data(self.heading_role) if self.heading_role is not None else None
        if not heading:
            return 0
        font = QFont(option.font)
        font.setItalic(True)
        metrics = QFontMetrics(font)
        width = option.rect.width() - 2 * HEADING_MARGIN
        text = metrics.elidedText(str(heading), Qt.TextElideMode.ElideRight, width)
        painter.setFont(font)
        painter.setPen(option.palette.color(role))
        painter.drawText(HEADING_MARGIN, HEADING_MARGIN + metrics.ascent(), text)
        return HEADING_MARGIN + metrics.lineSpacing()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        html = index.data(self.role)
        if self.fit and html is not None:
            view = self.parent()
            width = view.viewport().width() if isinstance(view, QAbstractItemView) else 400
            doc = self._document(option, str(html), max(width - 8, 100))
            return QSize(size.width(), int(doc.size().height()) + 2)
        return QSize(size.width(), max(size.height(), self.min_lines * option.fontMetrics.height()))
