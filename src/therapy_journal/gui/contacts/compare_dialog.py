"""Two to four therapists side by side, part by part: tick them in the list,
and the table shows one row per part of the profile and one column per
therapist (met, partly, not met, not known), with each one's fit on top and
why it is capped below. The person's own paper table, kept up to date."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui.i18n import tr
from therapy_journal.services.compare import (
    MAX_COMPARED,
    MIN_COMPARED,
    STATUS_LABELS,
    Comparison,
    compare,
)
from therapy_journal.services.contact_model import Contact
from therapy_journal.services.profile import Profile

ID_ROLE = Qt.ItemDataRole.UserRole


def _headline(score: int | None, confidence: str) -> str:
    if score is None:
        return tr("Fit not known yet")
    return tr("Fit {score} of 100, {confidence} confidence").format(
        score=score, confidence=tr(confidence)
    )


class CompareDialog(QDialog):
    """Tick 2-4 therapists; the table compares them part by part."""

    def __init__(
        self,
        profile: Profile,
        therapists: list[Contact],
        chosen: list[int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, objectName="CompareDialog")
        self.setWindowTitle(tr("Compare therapists"))
        self.profile = profile
        self.therapists = {contact.id: contact for contact in therapists}
        layout = QVBoxLayout(self)
        hint = QLabel(
            tr("Tick two to four therapists to see them side by side."),
            wordWrap=True,
            objectName="Hint",
        )
        self.choices = QListWidget(objectName="CompareChoices")
        self.choices.setAccessibleName(tr("Therapists to compare"))
        self.choices.setMaximumHeight(110)
        for contact in therapists:
            item = QListWidgetItem(contact.label)
            item.setData(ID_ROLE, contact.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = contact.id in chosen[:MAX_COMPARED]
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.choices.addItem(item)
        self.table = QTableWidget(objectName="CompareTable")
        self.table.setAccessibleName(tr("Therapists side by side"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.message = QLabel(wordWrap=True, objectName="Hint")
        self.message.setTextFormat(Qt.TextFormat.RichText)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        for widget in (hint, self.choices):
            layout.addWidget(widget)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.choices.itemChanged.connect(lambda _item: self.refresh())
        self.comparison: Comparison | None = None
        self.resize(900, 540)
        self.refresh()

    def chosen_ids(self) -> list[int]:
        items = (self.choices.item(row) for row in range(self.choices.count()))
        return [
            int(item.data(ID_ROLE))
            for item in items
            if item is not None and item.checkState() == Qt.CheckState.Checked
        ]

    def set_chosen(self, ids: list[int]) -> None:
        self.choices.blockSignals(True)
        for row in range(self.choices.count()):
            item = self.choices.item(row)
            if item is not None:
                on = item.data(ID_ROLE) in ids
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.choices.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        ids = self.chosen_ids()
        self.table.clear()
        if not MIN_COMPARED <= len(ids) <= MAX_COMPARED:
            self.comparison = None
            self.table.setRowCount(0)
            self.table.setColumnCount(0)
            self.message.setText(
                escape(
                    tr("Tick {low} to {high} therapists; {count} ticked.").format(
                        low=MIN_COMPARED, high=MAX_COMPARED, count=len(ids)
                    )
                )
            )
            return
        table = compare(self.profile, [self.therapists[i] for i in ids])
        self.comparison = table
        self.table.setColumnCount(len(table.contacts))
        self.table.setRowCount(len(table.rows) + 1)
        self.table.setHorizontalHeaderLabels([contact.label for contact in table.contacts])
        self.table.setVerticalHeaderLabels([tr("Fit"), *(tr(row.label) for row in table.rows)])
        for column, result in enumerate(table.fits):
            self._put(0, column, _headline(result.score, result.confidence_label), "")
        for number, row in enumerate(table.rows, start=1):
            for column, cell in enumerate(row.cells):
                status = tr(STATUS_LABELS[cell.status])
                if cell.essential:
                    status = tr("{status} (essential)").format(status=status)
                self._put(number, column, status, cell.text)
        capped = [
            f"<b>{escape(contact.label)}</b>: {escape(reason)}"
            for contact, result in zip(table.contacts, table.fits, strict=True)
            for reason in result.capped
        ]
        self.message.setText("<br>".join(capped))

    def _put(self, row: int, column: int, head: str, text: str) -> None:
        item = QTableWidgetItem(f"{head}\n{text}" if text else head)
        item.setToolTip(text)
        self.table.setItem(row, column, item)

    def cell_text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""
