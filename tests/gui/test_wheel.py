"""The mouse wheel scrolls the page over a value it passes; it changes a value only
where the keyboard focus is (one event filter on the whole app)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QDateEdit,
    QSpinBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.gui.helpers import open_area
from therapy_journal.gui.app import App
from therapy_journal.gui.contacts.contacts_area import ContactsArea
from therapy_journal.gui.goals.goals_area import GoalsArea
from therapy_journal.gui.profile.profile_area import ProfileArea
from therapy_journal.services import profile as vocab

WHEEL_DOWN = -120  # one notch of a mouse wheel, towards the person


def roll_wheel(widget: QWidget, notches: int = 1) -> None:
    """Roll the wheel ``notches`` steps down (up when negative) over ``widget``."""
    centre = widget.rect().center()
    event = QWheelEvent(
        QPointF(centre),
        QPointF(widget.mapToGlobal(centre)),
        QPoint(0, 0),
        QPoint(0, WHEEL_DOWN * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def scroller_of(widget: QWidget) -> QAbstractScrollArea:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    assert parent is not None, "not inside a scroll area"
    return parent


def value_of(widget: QWidget) -> object:
    if isinstance(widget, QComboBox):
        return widget.currentIndex()
    if isinstance(widget, QDateEdit):
        return widget.date()
    assert isinstance(widget, QSpinBox)
    return widget.value()


def assert_wheel_scrolls_past(qtbot: QtBot, widget: QWidget) -> None:
    """Without focus the wheel leaves ``widget`` as it was and scrolls its page."""
    widget.window().activateWindow()
    widget.clearFocus()
    bar = scroller_of(widget).verticalScrollBar()
    assert bar.maximum() > 0, "the page must be long enough to scroll"
    bar.setValue(bar.maximum() // 2)
    before, top = value_of(widget), bar.value()
    roll_wheel(widget, 2)
    assert value_of(widget) == before
    assert bar.value() > top


def assert_wheel_changes_focused(qtbot: QtBot, widget: QWidget, notches: int) -> None:
    """With the keyboard focus the wheel changes ``widget``, as Qt does (the
    direction that has a step: down from a combo box's first choice, up from a
    spin box's minimum)."""
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    before = value_of(widget)
    roll_wheel(widget, notches)
    assert value_of(widget) != before


def test_the_wheel_over_the_profile_form_scrolls_and_changes_no_answer(
    qtbot: QtBot, unlocked_app: App
) -> None:
    window, area = open_area(unlocked_app, "profile", ProfileArea)
    window.resize(960, 600)
    form = area.form
    talks_more = next(
        form.styles[axis.id] for axis in vocab.STYLE_AXES if "talks more" in axis.question
    )
    assert talks_more.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert_wheel_scrolls_past(qtbot, talks_more)
    assert_wheel_scrolls_past(qtbot, form.budget)
    assert not area.dirty
    assert_wheel_changes_focused(qtbot, talks_more, 1)


def test_the_wheel_over_a_contact_s_fields_scrolls(qtbot: QtBot, unlocked_app: App) -> None:
    window, area = open_area(unlocked_app, "contacts", ContactsArea)
    window.resize(960, 600)
    area.new_contact("therapist")
    form = area.editor.form
    form.has_follow_up.setChecked(True)
    for widget in (form.fee, form.follow_up):
        assert widget.focusPolicy() == Qt.FocusPolicy.StrongFocus
        assert_wheel_scrolls_past(qtbot, widget)
    assert_wheel_changes_focused(qtbot, form.fee, -1)


def test_the_wheel_over_a_goal_s_due_date_changes_it_only_with_focus(
    qtbot: QtBot, unlocked_app: App
) -> None:
    _window, area = open_area(unlocked_app, "goals", GoalsArea)
    area.new_goal()
    editor = area.editor
    editor.has_due.setChecked(True)
    editor.due.clearFocus()
    before = editor.due.date()
    roll_wheel(editor.due, 3)
    assert editor.due.date() == before
    roll_wheel(editor.status)
    assert editor.status.currentIndex() == 0
    assert_wheel_changes_focused(qtbot, editor.due, 1)
