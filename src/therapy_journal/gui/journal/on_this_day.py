"""On this day: entries written on today's date in earlier years, above the
journal, one link each ("“Harbour walk” (2024)"); shown only when there are
any. A click opens the entry in the editor."""

from __future__ import annotations

from PySide6.QtCore import Signal

from therapy_journal.gui.i18n import tr
from therapy_journal.gui.journal.link_bar import LinkBar
from therapy_journal.store.models import EntrySummary

MAX_SHOWN = 3


def entry_text(entry: EntrySummary) -> str:
    title = entry.title or entry.excerpt[:40] or tr("(untitled)")
    return tr("“{title}” ({year})").format(title=title, year=entry.created.year)


class OnThisDayBar(LinkBar):
    """Links to the entries of this date in earlier years."""

    open_entry = Signal(int)

    def __init__(self) -> None:
        super().__init__("OnThisDay", tr("On this day"), tr("On this day"))
        self.entries: list[EntrySummary] = []
        self.show_entries([])

    def show_entries(self, entries: list[EntrySummary]) -> None:
        self.entries = list(entries)
        texts = [entry_text(entry) for entry in self.entries]
        self.show_links(
            [(str(entry.id), text) for entry, text in zip(self.entries, texts, strict=True)],
            MAX_SHOWN,
            "; ".join(texts),
        )

    def clicked(self, key: str) -> None:
        if key.isdigit():
            self.open_entry.emit(int(key))
