"""An empty state: a short paragraph in the middle of the space a list or an
editor would fill, and under it at most one button, the next step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

READING_WIDTH = 460  # a few short lines, not one long one


def empty_state(text: QLabel, step: QPushButton | None = None) -> QWidget:
    """``text`` centred (wrapped to a short measure), ``step`` centred below it."""
    text.setWordWrap(True)
    text.setAlignment(Qt.AlignmentFlag.AlignCenter)
    text.setMaximumWidth(READING_WIDTH)
    # Side stretches centre the paragraph; an alignment flag instead would give
    # the label its preferred width and cut the wrapped lines' height.
    line = QHBoxLayout()
    line.addStretch()
    line.addWidget(text, 10)
    line.addStretch()
    panel = QWidget()
    layout = QVBoxLayout(panel)
    layout.addStretch()
    layout.addLayout(line)
    if step is not None:
        layout.addWidget(step, 0, Qt.AlignmentFlag.AlignHCenter)
    layout.addStretch()
    return panel
