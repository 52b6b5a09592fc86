"""The flow layout: check boxes reflow into as many columns as fit, never past
the width, and the layout asks for more height as the width shrinks."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from therapy_journal.gui.flow_layout import FlowLayout, flow_checks

CHOICES = {f"c{n}": f"Choice number {n}" for n in range(9)}


def _rights_and_lefts(box: QWidget) -> tuple[list[int], set[int]]:
    children = box.findChildren(QWidget)
    return [w.geometry().right() for w in children], {w.geometry().left() for w in children}


def test_check_boxes_flow_into_columns_that_fit(qtbot: QtBot) -> None:
    box, checks = flow_checks(CHOICES)
    qtbot.addWidget(box)
    assert list(checks) == list(CHOICES)
    layout = box.layout()
    assert layout is not None and layout.hasHeightForWidth()
    widest = max(check.sizeHint().width() for check in checks.values())
    heights = {}
    for columns in (1, 2, 3):
        width = columns * widest + (columns - 1) * 12
        box.resize(width, layout.heightForWidth(width))
        box.show()
        QApplication.processEvents()
        rights, lefts = _rights_and_lefts(box)
        assert max(rights) < width  # nothing past the edge
        assert len(lefts) == columns  # lined up in columns
        heights[columns] = layout.heightForWidth(width)
    assert heights[1] > heights[2] > heights[3]
    assert layout.minimumSize().width() == widest  # one column at the narrowest


def test_a_row_of_buttons_wraps_in_reading_order(qtbot: QtBot) -> None:
    row = QWidget()
    qtbot.addWidget(row)
    flow = FlowLayout(row, across=4, down=2)
    buttons = [QPushButton(f"Button {n}") for n in range(4)]
    for button in buttons:
        flow.addWidget(button)
    width = buttons[0].sizeHint().width() * 2 + 4
    row.resize(width, flow.heightForWidth(width))
    row.show()
    QApplication.processEvents()
    tops = [button.y() for button in buttons]
    assert tops[0] == tops[1] < tops[2] == tops[3]  # two lines of two
    assert buttons[1].x() == buttons[0].geometry().right() + 1 + 4
