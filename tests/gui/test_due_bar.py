"""The "Coming up" links above the journal open their item with the mouse and the keyboard."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from therapy_journal.gui.journal.due_bar import DueBar
from therapy_journal.services.due import DueItem

TODAY = date(2026, 12, 2)
ITEMS = [
    DueItem("checkin", "PHQ-9", None, "checkins", "phq9"),
    DueItem("goal", "Call the clinic", date(2026, 11, 30), "goals", "7"),
]


def test_a_mouse_click_on_a_coming_up_link_opens_its_item(qtbot: QtBot) -> None:
    bar = DueBar()
    qtbot.addWidget(bar)
    bar.show_items(ITEMS, TODAY)
    bar.resize(800, bar.sizeHint().height())
    bar.show()
    qtbot.waitExposed(bar)
    label = bar.text
    assert label.heightForWidth(label.width()) < 2 * label.fontMetrics().height()  # one line
    where = QPoint(label.contentsRect().left() + 10, label.height() // 2)  # the first link
    with qtbot.waitSignal(bar.open_item) as opened:
        qtbot.mouseClick(label, Qt.MouseButton.LeftButton, pos=where)
    assert opened.args == ["checkins", "phq9"]


def test_the_coming_up_links_show_a_hand_and_stay_reachable_by_keyboard(qtbot: QtBot) -> None:
    bar = DueBar()
    qtbot.addWidget(bar)
    flags = bar.text.textInteractionFlags()
    assert flags & Qt.TextInteractionFlag.LinksAccessibleByMouse
    assert flags & Qt.TextInteractionFlag.LinksAccessibleByKeyboard
