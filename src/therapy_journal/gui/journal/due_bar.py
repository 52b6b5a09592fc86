"""What is due, above the journal: overdue goals, check-ins, follow-ups.

Worded gently ("was due", not "overdue!"), one link per item; a click opens
the area that deals with it.
"""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel

from therapy_journal.gui.i18n import tr
from therapy_journal.services.due import DueItem

MAX_SHOWN = 4


def item_text(item: DueItem, today: date) -> str:
    """One due item in plain words (plain text; the bar escapes it)."""
    when = QDate(item.due).toString("d MMM") if item.due else ""
    if item.kind == "goal":
        return tr("“{title}” was due {when}").format(title=item.title, when=when)
    if item.kind == "checkin":
        return tr("time for your {title} check-in").format(title=item.title)
    if item.kind == "network":
        return tr("check in with {title}").format(title=item.title)
    if item.due and item.due < today:
        return tr("follow up: {title} ({when})").format(title=item.title, when=when)
    return tr("follow up today: {title}").format(title=item.title)


class DueBar(QFrame):
    """Due items as links; :attr:`open_item` says which one was clicked."""

    open_item = Signal(str, str)  # area, ref

    def __init__(self) -> None:
        super().__init__(objectName="DueBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(tr("Due"))
        self.items: list[DueItem] = []
        heading = QLabel(tr("Coming up"), objectName="Hint")
        self.text = QLabel(wordWrap=True, objectName="DueText")
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.text.setOpenExternalLinks(False)
        self.text.linkActivated.connect(self._clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        layout.addWidget(heading)
        layout.addWidget(self.text, 1)
        self.show_items([], date.today())

    def show_items(self, items: list[DueItem], today: date) -> None:
        self.items = list(items)
        links = [
            f'<a href="{index}">{escape(item_text(item, today))}</a>'
            for index, item in enumerate(self.items[:MAX_SHOWN])
        ]
        more = len(self.items) - MAX_SHOWN
        if more > 0:
            links.append(escape(tr("and {count} more").format(count=more)))
        self.text.setText(" · ".join(links))
        self.text.setAccessibleName(
            "; ".join(item_text(item, today) for item in self.items) or tr("Nothing due")
        )
        self.setVisible(bool(self.items))

    def _clicked(self, link: str) -> None:
        if link.isdigit() and int(link) < len(self.items):
            item = self.items[int(link)]
            self.open_item.emit(item.area, item.ref)
