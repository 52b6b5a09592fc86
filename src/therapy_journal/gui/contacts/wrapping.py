"""Lists of lines that wrap: a log note or a reason reads in full, never cut off
and never scrolled sideways."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListView, QListWidget


def wrapping_list(view: QListWidget) -> QListWidget:
    """``view`` with its lines wrapped to its width, re-laid out as it resizes."""
    view.setWordWrap(True)
    view.setTextElideMode(Qt.TextElideMode.ElideNone)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setUniformItemSizes(False)
    return view
