"""The Trash area: entries moved to the trash, to restore or delete for good."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui import errors
from therapy_journal.gui.i18n import tr
from therapy_journal.gui.journal.empty_state import EmptyState
from therapy_journal.gui.journal.entry_model import EntryListModel
from therapy_journal.gui.journal.journal_area import PAD, SAMPLE_DATE, TAGS_WIDTH
from therapy_journal.gui.session import Session
from therapy_journal.services.journal import date_filter

TRASHED = date_filter(trashed=True)


class TrashArea(QWidget):
    """Entries in the trash: restore them, or delete them for good."""

    status = Signal(str)
    count_changed = Signal(int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TrashArea")
        self.session = session
        self.model = EntryListModel(session.journal)
        self.view = QTableView(objectName="TrashList")
        self.view.setAccessibleName(tr("Entries in the trash"))
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().hide()
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(EntryListModel.TITLE, QHeaderView.ResizeMode.Stretch)
        self.empty_state = EmptyState()
        self.empty_state.say(
            tr("The trash is empty."),
            tr("Entries you move to the trash wait here until you delete them for good."),
        )
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty_state)
        self.restore_button = QPushButton(tr("&Restore"))
        self.purge_button = QPushButton(tr("&Delete for good…"))
        self.empty_button = QPushButton(tr("E&mpty the trash…"))
        self.restore_button.clicked.connect(self.restore_selected)
        self.purge_button.clicked.connect(self.purge_selected)
        self.empty_button.clicked.connect(self.empty)
        hint = QLabel(tr("Entries stay here until you delete them for good."), objectName="Hint")
        buttons = QHBoxLayout()
        for button in (self.restore_button, self.purge_button):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(self.empty_button)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self.view.selectionModel().selectionChanged.connect(self._enable_buttons)
        self.model.modelReset.connect(self._enable_buttons)
        self._enable_buttons()

    def _enable_buttons(self) -> None:
        """Buttons that would do nothing are off; an empty trash says so."""
        chosen = self.view.selectionModel().hasSelection()
        self.restore_button.setEnabled(chosen)
        self.purge_button.setEnabled(chosen)
        self.empty_button.setEnabled(self.model.rowCount() > 0)
        self.stack.setCurrentWidget(self.view if self.model.rowCount() else self.empty_state)

    def _size_columns(self) -> None:
        """Dates as wide as their text; the title takes the rest, tags are elided."""
        text, heading = self.view.fontMetrics(), self.view.horizontalHeader().fontMetrics()
        self.view.setColumnWidth(EntryListModel.DATE, text.horizontalAdvance(SAMPLE_DATE) + PAD)
        mood = max(heading.horizontalAdvance(tr("Mood")), text.horizontalAdvance("10")) + PAD
        self.view.setColumnWidth(EntryListModel.MOOD, mood)
        self.view.setColumnWidth(EntryListModel.TAGS, TAGS_WIDTH)

    def selected_ids(self) -> list[int]:
        return [
            self.model.entry_id(index.row()) for index in self.view.selectionModel().selectedRows()
        ]

    def restore_selected(self) -> None:
        for entry_id in self.selected_ids():
            self.session.journal.restore(entry_id)
        self.refresh()

    def _confirm(self, question: str) -> bool:
        if not errors.SHOW_DIALOGS:
            return True
        answer = QMessageBox.question(self, tr("Delete for good"), question)
        return answer == QMessageBox.StandardButton.Yes

    def purge_selected(self) -> None:
        ids = self.selected_ids()
        if ids and self._confirm(
            tr("Delete the selected entries for good? This cannot be undone.")
        ):
            for entry_id in ids:
                self.session.journal.purge(entry_id)
            self.refresh()

    def empty(self) -> None:
        if self.model.rowCount() and self._confirm(
            tr("Delete every entry in the trash for good? This cannot be undone.")
        ):
            self.session.journal.empty_trash()
            self.refresh()

    def refresh(self) -> None:
        if self.session.is_open:
            self.model.set_ids(self.session.journal.ids(TRASHED))
            self._size_columns()
            self.count_changed.emit(self.model.rowCount())

    # -- area protocol ----------------------------------------------------------------------

    def save(self) -> None:
        """Nothing is edited here."""

    def clear(self) -> None:
        self.model.clear()

    def activate(self) -> None:
        self.refresh()
