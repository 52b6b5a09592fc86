"""Layouts the areas share: a list with its controls beside an editor."""

from __future__ import annotations

from PySide6.QtWidgets import QLayout, QSplitter, QVBoxLayout, QWidget

MARGIN = 8


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
