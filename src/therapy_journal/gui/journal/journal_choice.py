"""The Journal area's journal chooser: one journal or all of them, and a menu
to make, rename and delete journals.

The list, search, calendar and "on this day" follow the chosen journal, and a
new entry goes into it. A journal is deleted only when it is empty, or after
its entries move to another journal the person picks.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QMenu,
    QToolButton,
    QWidget,
)

from therapy_journal.gui import errors
from therapy_journal.gui.i18n import tr
from therapy_journal.gui.journal.filter_combo import FilterCombo
from therapy_journal.services.journals import JournalsService
from therapy_journal.store.models import Journal

# Asks the person for text: (title, label, text shown first) -> the text, or None.
AskText = Callable[[QWidget, str, str, str], str | None]
# Asks the person to pick one of several: (title, label, choices) -> the choice, or None.
AskChoice = Callable[[QWidget, str, str, list[str]], str | None]


def ask_text(parent: QWidget, title: str, label: str, text: str) -> str | None:
    value, ok = QInputDialog.getText(parent, title, label, text=text)
    return value if ok else None


def ask_choice(parent: QWidget, title: str, label: str, choices: list[str]) -> str | None:
    value, ok = QInputDialog.getItem(parent, title, label, choices, 0, False)
    return value if ok else None


class JournalChooser(QWidget):
    """ "All journals" or one of them, with a Journals menu beside it."""

    chosen = Signal()  # the person chose another journal
    journals_changed = Signal()  # a journal was made, renamed or deleted

    def __init__(self) -> None:
        super().__init__()
        self.service: JournalsService | None = None
        self.ask_text: AskText = ask_text
        self.ask_choice: AskChoice = ask_choice
        self.journals: list[Journal] = []
        self.combo = FilterCombo()
        self.combo.setObjectName("JournalChoice")
        self.combo.setAccessibleName(tr("Journal shown"))
        self.combo.addItem(tr("All journals"), None)
        self.combo.currentIndexChanged.connect(self._chosen)
        self.menu_button = QToolButton(objectName="JournalsMenu")
        self.menu_button.setText(tr("Journals"))
        self.menu_button.setAccessibleName(tr("Make, rename or delete journals"))
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.menu_button)
        self.add_action = QAction(tr("New journal…"), menu)
        self.rename_action = QAction(tr("Rename this journal…"), menu)
        self.delete_action = QAction(tr("Delete this journal…"), menu)
        for action, slot in (
            (self.add_action, self.ask_new),
            (self.rename_action, self.ask_rename),
            (self.delete_action, self.ask_delete),
        ):
            action.triggered.connect(slot)
            menu.addAction(action)
        self.menu_button.setMenu(menu)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.combo, 1)
        row.addWidget(self.menu_button)
        self._enable()

    # -- what is chosen ----------------------------------------------------------------------

    @property
    def chosen_id(self) -> int | None:
        """The chosen journal's id; None for all journals."""
        value = self.combo.currentData()
        return None if value is None else int(value)

    def chosen_ids(self) -> frozenset[int] | None:
        """The journals the list covers, as an entry filter takes them."""
        chosen = self.chosen_id
        return None if chosen is None else frozenset({chosen})

    def choose(self, journal_id: int | None) -> None:
        self.combo.setCurrentIndex(max(self.combo.findData(journal_id), 0))

    def show_journals(self, journals: list[Journal]) -> None:
        """Fill the choice with ``journals`` (with their counts), keeping the chosen one."""
        current = self.chosen_id
        self.journals = journals
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(tr("All journals"), None)
        for journal in journals:
            self.combo.addItem(f"{journal.name} ({journal.entries})", journal.id)
        found = self.combo.findData(current)
        self.combo.setCurrentIndex(max(found, 0))
        self.combo.blockSignals(False)
        self._enable()
        if current is not None and found < 0:  # the chosen one is gone: all are shown
            self.chosen.emit()

    def clear(self) -> None:
        self.service = None
        self.show_journals([])

    def _chosen(self, _index: int) -> None:
        self._enable()
        self.chosen.emit()

    def _enable(self) -> None:
        one = self.chosen_id is not None
        self.rename_action.setEnabled(one)
        self.delete_action.setEnabled(one and len(self.journals) > 1)

    def _name_of(self, journal_id: int | None) -> str:
        return next((j.name for j in self.journals if j.id == journal_id), "")

    # -- changing journals ---------------------------------------------------------------------

    def ask_new(self) -> None:
        name = self.ask_text(self, tr("New journal"), tr("Name of the new journal:"), "")
        if name is not None:
            self.add(name)

    def add(self, name: str) -> None:
        if self.service is None:
            return
        try:
            journal = self.service.add(name)
        except Exception as error:  # a bad or taken name: one sentence, nothing changed
            errors.report(self, error)
            return
        self.journals_changed.emit()
        self.show_journals(self.service.all())
        self.choose(journal.id)

    def ask_rename(self) -> None:
        old = self._name_of(self.chosen_id)
        if not old:
            return
        name = self.ask_text(self, tr("Rename journal"), tr("New name:"), old)
        if name is not None:
            self.rename(old, name)

    def rename(self, old: str, new: str) -> None:
        if self.service is None:
            return
        try:
            self.service.rename(old, new)
        except Exception as error:
            errors.report(self, error)
            return
        self.journals_changed.emit()
        self.show_journals(self.service.all())

    def ask_delete(self) -> None:
        """Delete the chosen journal; if it holds entries, ask where they go first."""
        chosen = next((j for j in self.journals if j.id == self.chosen_id), None)
        if chosen is None or self.service is None:
            return
        move_to = None
        others = [j.name for j in self.journals if j.id != chosen.id]
        if self.service.holds_entries(chosen.id):
            move_to = self.ask_choice(
                self,
                tr("Delete journal"),
                tr("“{name}” holds entries. Move them to:").format(name=chosen.name),
                others,
            )
            if move_to is None:
                return
        self.delete(chosen.name, move_to)

    def delete(self, name: str, move_to: str | None) -> None:
        if self.service is None:
            return
        try:
            self.service.delete(name, move_to=move_to)
        except Exception as error:  # still holds entries: one sentence, nothing lost
            errors.report(self, error)
            return
        self.journals_changed.emit()
        self.show_journals(self.service.all())
        self.choose(None if move_to is None else self.service.find(move_to).id)
