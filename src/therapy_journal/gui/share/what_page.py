"""Step 1 of the share wizard: which entries (by hand, tag, dates or all, from
all journals or one), and what else to include."""

from __future__ import annotations

from datetime import datetime, time

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui.date_fields import in_journal_range
from therapy_journal.gui.flow_layout import FlowLayout
from therapy_journal.gui.i18n import plural, tr
from therapy_journal.services.sharing.selection import Chosen, Selection
from therapy_journal.store.models import EntrySummary

ID_ROLE = Qt.ItemDataRole.UserRole


def entries_text(count: int) -> str:
    """ "No entries", "1 entry", "12 entries" (a count that agrees with its number)."""
    if count == 0:
        return tr("No entries")
    return plural(count, "%n entry", "%n entries")


INCLUDE_LABELS = {
    "profile": "My preference profile (summary)",
    "goals": "My goals",
    "assessments": "A summary of my check-ins",
}


class WhatPage(QWidget):
    """Step 1: entries by hand, by tag, by dates or all; and what else to include.
    Beside the choice, what it sends: how many entries, and their dates and titles."""

    changed = Signal()  # the choice changed: what it sends is to be read again

    def __init__(self) -> None:
        super().__init__()
        self.mode = QButtonGroup(self)
        self.by_hand = QRadioButton(tr("Entries I pick"))
        self.by_tag = QRadioButton(tr("Entries with the tag"))
        self.by_dates = QRadioButton(tr("Entries between"))
        self.everything = QRadioButton(tr("Every entry"))
        self.nothing = QRadioButton(tr("No entries"))
        for number, button in enumerate(
            (self.by_hand, self.by_tag, self.by_dates, self.everything, self.nothing)
        ):
            self.mode.addButton(button, number)
        self.by_dates.setChecked(True)
        self.tag = QComboBox()
        self.tag.setAccessibleName(tr("Tag to share"))
        self.journal = QComboBox()
        self.journal.setAccessibleName(tr("Journal to share from"))
        self.journal.addItem(tr("All journals"), None)
        self.journal_label = QLabel(tr("From"))
        self.since = in_journal_range(QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd"))
        self.until = in_journal_range(QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd"))
        self.since.setAccessibleName(tr("Share from"))
        self.until.setAccessibleName(tr("Share until"))
        self.since.setDate(QDate.currentDate().addMonths(-1))
        self.until.setDate(QDate.currentDate())
        self.search_box = QLineEdit()
        self.search_box.setAccessibleName(tr("Find entries to pick"))
        self.search_box.setPlaceholderText(tr("Find entries to pick"))
        self.picks = QListWidget()
        self.picks.setAccessibleName(tr("Entries to pick"))
        self.picks.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.picks.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.include: dict[str, QCheckBox] = {
            key: QCheckBox(tr(label)) for key, label in INCLUDE_LABELS.items()
        }
        self.chosen: set[int] = set()  # kept while a search changes what the list shows
        self._lay_out()
        self._connect()

    def _lay_out(self) -> None:
        grid = QGridLayout()
        grid.addWidget(self.by_dates, 0, 0)
        dates = QHBoxLayout()
        dates.addWidget(self.since)
        dates.addWidget(QLabel(tr("and")))
        dates.addWidget(self.until)
        dates.addStretch()
        grid.addLayout(dates, 0, 1)
        grid.addWidget(self.by_tag, 1, 0)
        grid.addWidget(self.tag, 1, 1)
        grid.addWidget(self.everything, 2, 0)
        grid.addWidget(self.nothing, 3, 0)
        grid.addWidget(self.by_hand, 4, 0)
        grid.addWidget(self.search_box, 4, 1)
        # Which journal the tag, dates or every entry come from; shown with two or more.
        grid.addWidget(self.journal_label, 5, 0)
        grid.addWidget(self.journal, 5, 1)
        self.set_journals([])
        entries = QGroupBox(tr("Which entries"))
        entries_layout = QVBoxLayout(entries)
        entries_layout.addLayout(grid)
        entries_layout.addWidget(self.picks, 1)
        extra = QGroupBox(tr("Also include"))
        extra_layout = FlowLayout(extra, across=18)  # side by side, wrapping when narrow
        extra_layout.setContentsMargins(9, 9, 9, 9)
        for box in self.include.values():
            extra_layout.addWidget(box)
        choice = QWidget()
        choice_layout = QVBoxLayout(choice)
        choice_layout.setContentsMargins(0, 0, 0, 0)
        choice_layout.addWidget(entries, 1)
        choice_layout.addWidget(extra)
        splitter = QSplitter()
        splitter.addWidget(choice)
        splitter.addWidget(self._sent_box())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def _connect(self) -> None:
        self.picks.itemChanged.connect(self._ticked)
        self.mode.idToggled.connect(self._mode_toggled)
        self.since.dateChanged.connect(self.changed)
        self.until.dateChanged.connect(self.changed)
        self.tag.currentIndexChanged.connect(self.changed)
        self.journal.currentIndexChanged.connect(self.changed)
        for box in self.include.values():
            box.toggled.connect(self.changed)

    def _mode_toggled(self, _mode: int, on: bool) -> None:
        if on:
            self.changed.emit()

    def _sent_box(self) -> QGroupBox:
        """What the choice sends: a count, then each entry's date and title."""
        box = QGroupBox(tr("What will be sent"))
        self.sent_count = QLabel(objectName="CardTitle", wordWrap=True)
        self.sent_count.setAccessibleName(tr("What will be sent"))
        self.sent = QListWidget(objectName="SentEntries")
        self.sent.setAccessibleName(tr("Entries that will be sent"))
        self.sent.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.sent.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.sent.setTextElideMode(Qt.TextElideMode.ElideRight)  # a long title ends in …
        self.sent.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sent_more = QLabel(objectName="Hint", wordWrap=True)
        layout = QVBoxLayout(box)
        layout.addWidget(self.sent_count)
        layout.addWidget(self.sent, 1)
        layout.addWidget(self.sent_more)
        return box

    def show_sent(self, chosen: Chosen) -> None:
        """Show what the choice sends (read off the UI thread by the wizard)."""
        asked = [key for key in INCLUDE_LABELS if self.include[key].isChecked()]
        extras = [tr(INCLUDE_LABELS[key]) for key in asked if key in chosen.pages]
        empty = [tr(INCLUDE_LABELS[key]) for key in asked if key not in chosen.pages]
        count = entries_text(chosen.count)
        text = count + (" " + tr("and {extras}").format(extras=", ".join(extras)) if extras else "")
        if empty:
            text += " " + tr("({empty}: nothing there yet, left out)").format(
                empty=", ".join(empty)
            )
        self.sent_count.setText(text)
        self.sent.clear()
        for summary in chosen.shown:
            when = summary.created.strftime("%Y-%m-%d")
            title = summary.title or tr("(untitled)")
            item = QListWidgetItem(f"{when}  {title}")
            item.setToolTip(title)
            self.sent.addItem(item)
        more = chosen.count - len(chosen.shown)
        self.sent_more.setText(tr("…and {n} more.").format(n=f"{more:,}") if more > 0 else "")
        self.sent_more.setVisible(more > 0)

    def clear_sent(self) -> None:
        """Forget what was listed (the vault is locked)."""
        self.sent_count.clear()
        self.sent.clear()
        self.sent_more.clear()
        self.sent_more.hide()

    def show_sent_error(self, message: str) -> None:
        """The choice cannot be shared as it is: say why, in place of the list."""
        self.sent_count.setText(message)
        self.sent.clear()
        self.sent_more.hide()

    def _ticked(self, item: QListWidgetItem) -> None:
        entry_id = int(item.data(ID_ROLE))
        if item.checkState() == Qt.CheckState.Checked:
            self.chosen.add(entry_id)
        else:
            self.chosen.discard(entry_id)
        self.changed.emit()

    def picked(self) -> tuple[int, ...]:
        return tuple(sorted(self.chosen))

    def show_picks(self, found: list[EntrySummary]) -> None:
        self.picks.blockSignals(True)
        self.picks.clear()
        for summary in found:
            when = summary.created.strftime("%Y-%m-%d")
            item = QListWidgetItem(f"{when}  {summary.title or tr('(untitled)')}")
            item.setData(ID_ROLE, summary.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = summary.id in self.chosen
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.picks.addItem(item)
        self.picks.blockSignals(False)

    def set_journals(self, names: list[str]) -> None:
        """The journals to share from; the choice shows when there are two or more."""
        current = self.journal.currentData()
        self.journal.blockSignals(True)
        self.journal.clear()
        self.journal.addItem(tr("All journals"), None)
        for name in names:
            self.journal.addItem(name, name)
        self.journal.setCurrentIndex(max(self.journal.findData(current), 0))
        self.journal.blockSignals(False)
        for widget in (self.journal_label, self.journal):
            widget.setVisible(len(names) > 1)

    def selection(self) -> Selection:
        include = frozenset(key for key, box in self.include.items() if box.isChecked())
        mode = self.mode.checkedId()
        chosen = self.journal.currentData()
        journals = (str(chosen),) if chosen is not None else ()
        if mode == 0:  # picked one by one, from any journal
            return Selection(entry_ids=self.picked(), include=include)
        if mode == 1:
            return Selection(tag=self.tag.currentData(), include=include, journals=journals)
        if mode == 2:
            since = datetime.combine(self.since.date().toPython(), time.min).astimezone()
            end = self.until.date().addDays(1).toPython()
            until = datetime.combine(end, time.min).astimezone()
            return Selection(since=since, until=until, include=include, journals=journals)
        if mode == 3:
            return Selection(all_entries=True, include=include, journals=journals)
        return Selection(include=include)
