"""The writing surface and its preview: one centred column of text.

Both keep a comfortable measure (:data:`MEASURE_CHARS` characters a line at
most, with margins that grow with the width) and line spacing
(:data:`LINE_HEIGHT_PERCENT`), and use the same font, so Write and Preview read
alike. The margins are viewport margins: nothing is added to the document, so
resizing never changes (or dirties) what the person wrote.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QMimeData, Qt, QUrl, Signal
from PySide6.QtGui import (
    QFontMetrics,
    QImage,
    QPalette,
    QResizeEvent,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QWidget

MEASURE_CHARS = 72  # a comfortable line: 60 to 80 characters
LINE_HEIGHT_PERCENT = 140
GUTTER = 12  # the least room left and right of the text


def side_margin(edit: QTextEdit) -> int:
    """Room left and right of a column of :data:`MEASURE_CHARS` characters in ``edit``."""
    measure = QFontMetrics(edit.font()).averageCharWidth() * MEASURE_CHARS
    inner = edit.width() - 2 * edit.frameWidth() - edit.verticalScrollBar().sizeHint().width()
    return max(GUTTER, (inner - measure) // 2)


def space_lines(edit: QTextEdit) -> None:
    """Give every paragraph the writing line height (not an undoable edit)."""
    document = edit.document()
    undo = document.isUndoRedoEnabled()
    document.setUndoRedoEnabled(False)
    cursor = QTextCursor(document)
    cursor.select(QTextCursor.SelectionType.Document)
    spaced = QTextBlockFormat()
    spaced.setLineHeight(
        LINE_HEIGHT_PERCENT, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value
    )
    cursor.mergeBlockFormat(spaced)
    document.setUndoRedoEnabled(undo)


def as_page(edit: QTextEdit) -> None:
    """The margins beside the column look like the page, not like a frame."""
    edit.setBackgroundRole(QPalette.ColorRole.Base)
    edit.setAutoFillBackground(True)


_RELAYOUT = (QEvent.Type.FontChange, QEvent.Type.StyleChange)


class WritingEdit(QTextEdit):
    """Plain text (Markdown) in a centred, well-spaced column.

    ``room_below`` keeps the lowest pixels free of text (a notice lies there).
    """

    font_changed = Signal()
    # Files dropped or pasted (local paths), and a picture pasted: to attach, not to type.
    files_given = Signal(list)
    image_given = Signal(QImage)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptRichText(False)
        self.room_below = 0
        as_page(self)
        space_lines(self)

    def setPlainText(self, text: str) -> None:
        super().setPlainText(text)
        space_lines(self)

    def clear(self) -> None:
        super().clear()
        space_lines(self)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return _to_attach(source) or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        """Files dropped or pasted, and a picture pasted, are attached (by whoever
        listens), not written into the text as paths or lost."""
        files = [url.toLocalFile() for url in source.urls() if url.isLocalFile()]
        if files and not self.isReadOnly():
            self.files_given.emit(files)
        elif source.hasImage() and not source.hasText() and not self.isReadOnly():
            self.image_given.emit(QImage(source.imageData()))
        else:
            super().insertFromMimeData(source)

    def set_room_below(self, pixels: int) -> None:
        self.room_below = pixels
        self._place_column()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._place_column()
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in _RELAYOUT:
            self._place_column()
        if event.type() == QEvent.Type.FontChange:
            self.font_changed.emit()

    def _place_column(self) -> None:
        margin = side_margin(self)
        self.setViewportMargins(margin, 0, margin, self.room_below)


def _fitted(image: QImage, width: int) -> QImage:
    """``image`` no wider than ``width`` (the column)."""
    if width <= 0 or image.width() <= width:
        return image
    return image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)


def _to_attach(source: QMimeData) -> bool:
    has_files = any(url.isLocalFile() for url in source.urls())
    return has_files or (source.hasImage() and not source.hasText())


class ReadingView(QTextBrowser):
    """The rendered entry, in the same column as :class:`WritingEdit`.

    Images come only from :attr:`images` (the entry's attached pictures, in
    memory, by their ``attachment:`` URL's name): never from a file or the
    network, whatever an entry's Markdown points at.
    """

    def __init__(self, parent: QWidget | None = None, *, objectName: str = "") -> None:
        super().__init__(parent, objectName=objectName)
        self.images: dict[str, QImage] = {}
        as_page(self)

    def loadResource(self, kind: int, url: QUrl | str) -> Any:
        if kind == QTextDocument.ResourceType.ImageResource.value:
            link = QUrl(url) if isinstance(url, str) else url
            if link.scheme() == "attachment":
                image = self.images.get(link.path(QUrl.ComponentFormattingOption.FullyDecoded))
                if image is not None:
                    return _fitted(image, self.viewport().width() - 2 * GUTTER)
        # An empty image, not None: given nothing, QTextDocument would read a
        # file itself.
        return QImage()

    def show_markdown(self, text: str, features: QTextDocument.MarkdownFeature) -> None:
        self.document().setMarkdown(text, features)
        space_lines(self)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._place_column()
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in _RELAYOUT:
            self._place_column()

    def _place_column(self) -> None:
        margin = side_margin(self)
        self.setViewportMargins(margin, 0, margin, 0)
