"""On this day: entries written on today's date in earlier years, above the
journal, one link each ("“Harbour walk” (2024)"); shown only when there are
any. A click opens the entry in the editor."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel

from therapy_journal.gui.i18n import tr
from therapy_journal.store.models import EntrySummary

MAX_SHOWN = 3


def entry_text(entry: EntrySummary) -> str:
    title = entry.title or entry.excerpt[:40] or tr("(untitled)")
    return tr("“{title}” ({year})").format(title=title, year=entry.created.year)


class OnThisDayBar(QFrame):
    """Links to the entries of this date in earlier years."""

    open_entry = Signal(int)

    def __init__(self) -> None:
        super().__init__(objectName="OnThisDay")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(tr("On this day"))
        self.entries: list[EntrySummary] = []
        heading = QLabel(tr("On this day"), objectName="Hint")
        self.text = QLabel(wordWrap=True, objectName="OnThisDayText")
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
        self.show_entries([])

    def show_entries(self, entries: list[EntrySummary]) -> None:
        self.entries = list(entries)
        links = [
            f'<a href="{entry.id}">{escape(entry_text(entry))}</a>'
            for entry in self.entries[:MAX_SHOWN]
        ]
        more = len(self.entries) - MAX_SHOWN
        if more > 0:
            links.append(escape(tr("and {count} more").format(count=more)))
        self.text.setText(" · ".join(links))
        self.text.setAccessibleName("; ".join(entry_text(e) for e in self.entries))
        self.setVisible(bool(self.entries))

    def _clicked(self, link: str) -> None:
        if link.isdigit():
            self.open_entry.emit(int(link))
