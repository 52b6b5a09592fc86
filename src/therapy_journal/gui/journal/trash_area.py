"""The Trash area: entries moved to the trash, to restore or delete for good."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui import errors
from therapy_journal.gui.i18n import tr
from therapy_journal.gui.journal.entry_model import EntryListModel
from therapy_journal.gui.session import Session
from therapy_journal.services.journal import date_filter

TRASHED = date_filter(trashed=True)


class TrashArea(QWidget):
    status = Signal(str)
    count_changed = Signal(int)

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.setObjectName("TrashArea")
        self.session = session
        self.model = EntryListModel(session.journal)
        self.view = QTableView(objectName="TrashList")
        self.view.setAccessibleName(tr("Entries in the trash"))
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        self.restore_button = QPushButton(tr("&Restore"))
        self.purge_button = QPushButton(tr("&Delete for good…"))
        self.empty_button = QPushButton(tr("&Empty the trash…"))
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
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

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
            self.count_changed.emit(self.model.rowCount())

    # -- area protocol ----------------------------------------------------------------------

    def save(self) -> None:
        """Nothing is edited here."""

    def clear(self) -> None:
        self.model.clear()

    def activate(self) -> None:
        self.refresh()
