"""Layouts the areas share: a list with its controls beside an editor."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QLayout, QSplitter, QVBoxLayout, QWidget

from therapy_journal.gui.theme import SPACE

MARGIN = SPACE.s


def column(
    *parts: QWidget | QLayout, stretch: QWidget | None = None, margins: int | None = None
) -> QWidget:
    """Widgets and layouts stacked top to bottom; ``stretch`` takes the spare room."""
    widget = QWidget()
    layout = QVBoxLayout(widget)
    if margins is not None:
        layout.setContentsMargins(margins, margins, margins, margins)
    for part in parts:
        if isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part, 1 if part is stretch else 0)
    return widget


def list_beside_editor(left: QWidget, editor: QWidget) -> QSplitter:
    """The list on the left (two fifths), the editor on the right (three fifths)."""
    splitter = QSplitter()
    splitter.addWidget(left)
    splitter.addWidget(editor)
    splitter.setStretchFactor(0, 2)
    splitter.setStretchFactor(1, 3)
    return splitter


def area_layout(area: QWidget) -> QVBoxLayout:
    """An area's outer layout, with the margins every area uses."""
    layout = QVBoxLayout(area)
    layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
    return layout


def card(*parts: QWidget | QLayout, title: str = "") -> QFrame:
    """A rounded card (``QFrame#Card``) holding ``parts`` top to bottom, under
    ``title`` when given: content that belongs together, set apart calmly."""
    frame = QFrame(objectName="Card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(SPACE.m, SPACE.m, SPACE.m, SPACE.m)
    layout.setSpacing(SPACE.s)
    if title:
        layout.addWidget(QLabel(title, objectName="CardTitle", wordWrap=True))
    for part in parts:
        if isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part)
    return frame
