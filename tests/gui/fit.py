"""Does a window fit a small screen? What a person would see go wrong at 960x600.

:func:`fit_problems` resizes a window, lets Qt lay it out, and lists in words
what does not fit: a window that stays larger than asked (some area's minimum
width or height is too big), a scroll area that shows a horizontal scroll bar,
a button, check box or combo box narrower than its own text (cut off), and a
visible control that lies partly outside the window.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QWidget,
)

SMALL_SCREEN = QSize(960, 600)


def _name(widget: QWidget) -> str:
    parts = []
    current: QWidget | None = widget
    while current is not None and len(parts) < 4:
        label = current.objectName() or type(current).__name__
        parts.append(label)
        current = current.parentWidget()
    text = getattr(widget, "text", None)
    shown = f" {text()!r}" if callable(text) else ""
    return " < ".join(parts) + shown


def _inside_scroll_area(widget: QWidget) -> bool:
    current = widget.parentWidget()
    while current is not None:
        if isinstance(current, QAbstractScrollArea):
            return True
        current = current.parentWidget()
    return False


def fit_problems(window: QWidget, size: QSize = SMALL_SCREEN) -> list[str]:
    """What does not fit when ``window`` is ``size``; empty when everything does."""
    window.resize(size)
    for _ in range(3):
        QApplication.processEvents()
    problems: list[str] = []
    if window.size() != size:
        hint = window.minimumSizeHint()
        problems.append(
            f"the window is {window.width()}x{window.height()}, not {size.width()}x"
            f"{size.height()} (its minimum is {hint.width()}x{hint.height()})"
        )
    frame = QRect(QPoint(0, 0), window.size())
    for area in window.findChildren(QAbstractScrollArea):
        if area.isVisible() and area.horizontalScrollBar().isVisible():
            problems.append(f"{_name(area)} scrolls sideways")
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or not isinstance(widget, QAbstractButton | QComboBox):
            continue
        if widget.width() < min(widget.minimumSizeHint().width(), widget.sizeHint().width()):
            problems.append(f"{_name(widget)} is cut off ({widget.width()} px)")
        if not _inside_scroll_area(widget):
            rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
            if not frame.contains(rect):
                problems.append(f"{_name(widget)} lies outside the window")
    return problems
