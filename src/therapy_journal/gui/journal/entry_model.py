"""The entry list as a lazy Qt table model.

The model holds only the ids of the listed entries, newest first (8 bytes
each: 800 kB for 100,000 entries). Rows are read from the vault in small
blocks when a view asks for them and kept in a bounded cache, so a long
journal costs what is on screen. In search mode the rows are the search hits,
with their snippets.
"""

from __future__ import annotations

import html
from array import array
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from therapy_journal.gui.i18n import tr
from therapy_journal.gui.journal.mood import mood_text
from therapy_journal.gui.journal.plain_text import cut_at_word, plain
from therapy_journal.services.dates import entry_minute
from therapy_journal.services.journal import JournalService
from therapy_journal.store.errors import VaultDamaged
from therapy_journal.store.models import MARK_END, MARK_START, EntrySummary, SearchHit

BLOCK = 100
CACHE_LIMIT = 5000
ID_ROLE = Qt.ItemDataRole.UserRole + 1
SNIPPET_HTML_ROLE = Qt.ItemDataRole.UserRole + 2
HEADING_ROLE = Qt.ItemDataRole.UserRole + 3  # a search hit's title, shown over its snippet
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 4  # date, mood and tags on one line, under a title

Index = QModelIndex | QPersistentModelIndex


UNTITLED_CHARS = 60  # an untitled entry is listed by its first words, this many at most


def snippet_html(snippet: str) -> str:
    """A snippet as safe HTML, without Markdown marks, its matches in bold."""
    escaped = html.escape(plain(snippet))
    return escaped.replace(MARK_START, "<b>").replace(MARK_END, "</b>")


class EntryListModel(QAbstractTableModel):
    """Date, title, mood, tags (and the match, when searching) of listed entries."""

    DATE, TITLE, MOOD, TAGS, MATCH = range(5)

    # Rows on a damaged page of the database were found (once per filling).
    unreadable_found = Signal()

    def __init__(self, journal: JournalService | None = None) -> None:
        super().__init__()
        self.journal = journal
        self._ids: array[int] = array("q")
        self._cache: dict[int, EntrySummary] = {}
        self._unreadable: set[int] = set()  # ids whose row a damaged page hides
        self._snippets: dict[int, str] = {}
        self._searching = False

    # -- filling -------------------------------------------------------------------

    def set_ids(self, ids: Sequence[int]) -> None:
        self.beginResetModel()
        self._ids = ids if isinstance(ids, array) else array("q", ids)
        self._cache, self._snippets, self._searching = {}, {}, False
        self._unreadable = set()
        self.endResetModel()

    def extend_to(self, ids: array[int]) -> None:
        """Every id of the list: appended below the rows shown when those are
        its beginning (a first page, :meth:`set_ids`), so the selection, the scroll position
        and the rows read stay; otherwise the list is filled anew."""
        shown = len(self._ids)
        if self._searching or len(ids) < shown or ids[:shown] != self._ids:
            self.set_ids(ids)
        elif len(ids) > shown:
            self.beginInsertRows(QModelIndex(), shown, len(ids) - 1)
            self._ids = ids
            self.endInsertRows()

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self._ids = array("q", (hit.entry.id for hit in hits))
        self._cache = {hit.entry.id: hit.entry for hit in hits}
        self._snippets = {hit.entry.id: hit.snippet for hit in hits}
        self._searching = True
        self._unreadable = set()
        self.endResetModel()

    def clear(self) -> None:
        """Forget every row (used at lock: no entry text stays in memory here)."""
        self.journal = None
        self.set_ids(array("q"))

    def forget(self, entry_id: int) -> None:
        """Drop a cached row so it is read again (after an edit)."""
        self._cache.pop(entry_id, None)
        row = self.row_of(entry_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    # -- reading -------------------------------------------------------------------

    @property
    def searching(self) -> bool:
        return self._searching

    def entry_id(self, row: int) -> int:
        return int(self._ids[row])

    def row_of(self, entry_id: int) -> int | None:
        try:
            return self._ids.index(entry_id)
        except ValueError:
            return None

    def summary(self, row: int) -> EntrySummary | None:
        entry_id = self.entry_id(row)
        if entry_id not in self._cache and entry_id not in self._unreadable:
            self._load_block(row)
        return self._cache.get(entry_id)

    def is_unreadable(self, row: int) -> bool:
        """Whether the row's entry sits on a damaged page of the database."""
        return self.entry_id(row) in self._unreadable

    def _load_block(self, row: int) -> None:
        if self.journal is None:
            return
        if len(self._cache) > CACHE_LIMIT:
            self._cache = {}
        start = row - row % BLOCK
        wanted = [
            int(i)
            for i in self._ids[start : start + BLOCK]
            if int(i) not in self._cache and int(i) not in self._unreadable
        ]
        try:
            found = self.journal.summaries(wanted)
        except VaultDamaged:
            found = self._load_one_by_one(wanted)
        for summary in found:
            self._cache[summary.id] = summary

    def _load_one_by_one(self, wanted: list[int]) -> list[EntrySummary]:
        """The rows of a block with a damaged page among them: each one that
        can be read; the others are remembered as unreadable, never retried."""
        assert self.journal is not None
        found: list[EntrySummary] = []
        first = not self._unreadable
        for entry_id in wanted:
            try:
                found += self.journal.summaries([entry_id])
            except VaultDamaged:
                self._unreadable.add(entry_id)
        if first and self._unreadable:
            self.unreadable_found.emit()
        return found

    # -- Qt model API ----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return 5 if self._searching else 4

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return [tr("Date"), tr("Title"), tr("Mood"), tr("Tags"), tr("Match")][section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: PLR0911
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == ID_ROLE:
            return self.entry_id(index.row())
        summary = self.summary(index.row())
        if summary is None:
            if role == Qt.ItemDataRole.DisplayRole and index.column() == self.TITLE:
                return tr("(could not be read)") if self.is_unreadable(index.row()) else None
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(summary, column)
        if role == SNIPPET_HTML_ROLE and column == self.MATCH:
            return snippet_html(self._snippets.get(summary.id, ""))
        if role == HEADING_ROLE and column == self.MATCH:
            return self._display(summary, self.TITLE)
        if role in (DETAIL_ROLE, Qt.ItemDataRole.AccessibleDescriptionRole) and (
            column == self.TITLE
        ):
            return self._detail(summary)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.TITLE:
            return summary.excerpt or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.MOOD:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _detail(self, summary: EntrySummary) -> str:
        """The date, the mood in words and the tags, for a title shown on its own."""
        parts = [entry_minute(summary.created)]
        if summary.mood is not None:
            parts.append(mood_text(summary.mood))
        if summary.tags:
            parts.append(" ".join(f"#{tag}" for tag in summary.tags))
        return " · ".join(parts)

    def _display(self, summary: EntrySummary, column: int) -> str | None:
        if column == self.DATE:
            return entry_minute(summary.created)
        if column == self.TITLE:
            return (
                summary.title
                or cut_at_word(plain(summary.excerpt), UNTITLED_CHARS)
                or tr("(untitled)")
            )
        if column == self.MOOD:
            return str(summary.mood) if summary.mood is not None else ""
        if column == self.TAGS:
            return " ".join(f"#{tag}" for tag in summary.tags)
        if column == self.MATCH:
            text = plain(self._snippets.get(summary.id, ""))
            return text.replace(MARK_START, "").replace(MARK_END, "")
        return None
