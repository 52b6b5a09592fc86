"""The mouse wheel scrolls the page; it changes a value only where the person is typing.

Qt's combo boxes, spin boxes, date and time edits and sliders take a wheel
step over them as a change of value, even without the keyboard focus: a
person scrolling a long form changed every answer the pointer passed over.
The application's event filter (:mod:`therapy_journal.gui.app_filter`) passes
every event to :func:`guard`, which lets a
value widget have the wheel only when it has the keyboard focus; otherwise the
event goes to the enclosing scroll area, which scrolls the page (sent there
directly: Qt passes an ignored wheel event on to the parents only when it
came from the window system). The same guard gives such widgets
``Qt.StrongFocus`` (click or Tab) instead of ``Qt.WheelFocus``, so the wheel
does not give them the focus either.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QScrollBar,
    QWidget,
)

_VALUE_WIDGETS = (QComboBox, QAbstractSpinBox, QAbstractSlider)


def is_value_widget(widget: QObject) -> bool:
    """A widget the wheel would change a value of (scroll bars only scroll)."""
    return isinstance(widget, _VALUE_WIDGETS) and not isinstance(widget, QScrollBar)


def guard(watched: QObject, event: QEvent) -> bool:
    """Pass a wheel event over an unfocused value widget on to the page around
    it (True: the event is handled here); give value widgets ``StrongFocus``."""
    # Every event of the app passes here: the cheap test comes first
    # (reading event.type() builds a Python enum each time).
    if not is_value_widget(watched):
        return False
    assert isinstance(watched, QWidget)
    kind = event.type()
    if kind == QEvent.Type.Polish:
        if watched.focusPolicy() == Qt.FocusPolicy.WheelFocus:
            watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return False
    if kind != QEvent.Type.Wheel:
        return False
    assert isinstance(event, QWheelEvent)
    if watched.hasFocus():
        return False
    scroller = _enclosing_scroll_area(watched)
    if scroller is None:
        # Handled here but not accepted: Qt offers it to the parents.
        event.ignore()
        return True
    target = scroller.viewport()
    forwarded = QWheelEvent(
        target.mapFromGlobal(event.globalPosition()),
        event.globalPosition(),
        event.pixelDelta(),
        event.angleDelta(),
        event.buttons(),
        event.modifiers(),
        event.phase(),
        event.inverted(),
        event.source(),
    )
    QApplication.sendEvent(target, forwarded)
    return True


def _enclosing_scroll_area(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent
