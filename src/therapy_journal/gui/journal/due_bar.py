"""What is due, above the journal: overdue goals, check-ins, follow-ups.

Worded gently ("was due", not "overdue!"), one link per item; a click opens
the area that deals with it.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal

from therapy_journal.gui.i18n import tr
from therapy_journal.gui.journal.link_bar import LinkBar
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


class DueBar(LinkBar):
    """Due items as links; :attr:`open_item` says which one was clicked."""

    open_item = Signal(str, str)  # area, ref

    def __init__(self) -> None:
        super().__init__("DueBar", tr("Coming up"), tr("Due"))
        self.items: list[DueItem] = []
        self.show_items([], date.today())

    def show_items(self, items: list[DueItem], today: date) -> None:
        self.items = list(items)
        texts = [item_text(item, today) for item in self.items]
        self.show_links(
            [(str(index), text) for index, text in enumerate(texts)],
            MAX_SHOWN,
            "; ".join(texts) or tr("Nothing due"),
        )

    def clicked(self, key: str) -> None:
        if key.isdigit() and int(key) < len(self.items):
            item = self.items[int(key)]
            self.open_item.emit(item.area, item.ref)
