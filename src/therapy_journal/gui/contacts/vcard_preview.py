"""Before an address book is imported: every card it holds, what kind of
contact each will be, and which are already in the contacts.

Importing a phone's address book must not make everyone a therapist at
"identified": the person picks the kind for all the cards at once, or card by
card, and leaves out the ones they do not want. Cards this app exported keep
their own kind. Cards already in the contacts (the same kind, name, email and
phone) are listed, unticked, and never added twice.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui.i18n import tr
from therapy_journal.services.contact_model import KINDS, Contact
from therapy_journal.services.vcard import is_already_there

INCLUDE, NAME, DETAILS, KIND = range(4)


def _kind_box(kind: str) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(tr("Kind of contact"))
    for key, label in KINDS.items():
        box.addItem(tr(label), key)
    box.setCurrentIndex(box.findData(kind))
    return box


class VCardPreview(QDialog):
    """The cards of one file; :meth:`chosen` gives the contacts to add."""

    def __init__(
        self,
        cards: list[Contact],
        own_kind: list[bool],
        existing: list[Contact],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, objectName="VCardPreview")
        self.setWindowTitle(tr("Import contacts"))
        self.cards = cards
        self.own_kind = own_kind
        self.existing = existing
        intro = QLabel(
            tr(
                "Choose what kind of contact each person is, and untick anyone you "
                "do not want to add. Nothing is added until you press Import."
            ),
            wordWrap=True,
        )
        self.all_kinds = _kind_box("support")
        self.all_kinds.setAccessibleName(tr("Kind for every card"))
        self.all_kinds.currentIndexChanged.connect(self._set_all)
        every = QHBoxLayout()
        label = QLabel(tr("&Add them as"))
        label.setBuddy(self.all_kinds)
        every.addWidget(label)
        every.addWidget(self.all_kinds, 1)
        self.table = QTableWidget(len(cards), 4)
        self.table.setHorizontalHeaderLabels(
            [tr("Add"), tr("Name"), tr("Email or phone"), tr("Kind")]
        )
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(DETAILS, QHeaderView.ResizeMode.Stretch)
        for row, card in enumerate(cards):
            self._fill_row(row, card)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.table.itemChanged.connect(self._count)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(every)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.resize(620, 420)
        self._set_all()

    def _fill_row(self, row: int, card: Contact) -> None:
        # Whatever kind it will be given: the same name, email and phone is the same person.
        there = any(is_already_there(replace(card, kind=c.kind), [c]) for c in self.existing)
        include = QTableWidgetItem()
        include.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        include.setCheckState(Qt.CheckState.Unchecked if there else Qt.CheckState.Checked)
        name = QTableWidgetItem(card.name)
        details = QTableWidgetItem(
            tr("already in your contacts") if there else (card.email or card.phone or "")
        )
        for item in (name, details):
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.table.setItem(row, INCLUDE, include)
        self.table.setItem(row, NAME, name)
        self.table.setItem(row, DETAILS, details)
        self.table.setCellWidget(row, KIND, _kind_box(card.kind))
        if there:
            include.setFlags(Qt.ItemFlag.NoItemFlags)

    def kind_box(self, row: int) -> QComboBox:
        box = self.table.cellWidget(row, KIND)
        assert isinstance(box, QComboBox)
        return box

    def _set_all(self) -> None:
        """The kind for every card that does not carry this app's own."""
        kind = self.all_kinds.currentData()
        for row, own in enumerate(self.own_kind):
            if not own:
                box = self.kind_box(row)
                box.setCurrentIndex(box.findData(kind))
        self._count()

    def included(self, row: int) -> bool:
        item = self.table.item(row, INCLUDE)
        return item is not None and item.checkState() == Qt.CheckState.Checked

    def chosen(self) -> list[Contact]:
        """The ticked cards, each with the kind picked for it."""
        return [
            replace(card, kind=str(self.kind_box(row).currentData())).for_kind()
            for row, card in enumerate(self.cards)
            if self.included(row)
        ]

    def _count(self, *_: object) -> None:
        count = sum(self.included(row) for row in range(len(self.cards)))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(tr("Import {count}").format(count=count) if count else tr("Import"))
        ok.setEnabled(count > 0)
