"""Columns that fit their content: dates and short values take the width they
need and never wrap or cut, the free-text columns share what is left, and a
cell cut short ends in an ellipsis with its whole text as a tooltip."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem


def fit_columns(tree: QTreeWidget, stretch: Iterable[int]) -> None:
    """Size every column of ``tree`` to its content except ``stretch``, which
    share the rest of the width."""
    header = tree.header()
    header.setStretchLastSection(False)
    shared = set(stretch)
    for column in range(tree.columnCount()):
        mode = (
            QHeaderView.ResizeMode.Stretch
            if column in shared
            else QHeaderView.ResizeMode.ResizeToContents
        )
        header.setSectionResizeMode(column, mode)
    tree.setTextElideMode(Qt.TextElideMode.ElideRight)
    tree.setWordWrap(False)
    tree.setUniformRowHeights(True)


def with_tooltips(item: QTreeWidgetItem) -> QTreeWidgetItem:
    """Each cell's whole text as its tooltip (unless it has one already)."""
    for column in range(item.columnCount()):
        if not item.toolTip(column):
            item.setToolTip(column, item.text(column))
    return item
