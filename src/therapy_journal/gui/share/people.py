"""A choice of people from the contacts, grouped by kind: whom a bundle goes
to (those with an age public key) or whom a passphrase bundle is for."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate

from therapy_journal.gui.i18n import tr
from therapy_journal.services.contact_model import Contact

GROUP_TITLES = {
    "therapist": "Therapists",
    "referral": "Referral sources",
    "organization": "Organizations",
    "support": "Support network",
}


class PeopleBox(QComboBox):
    """Contacts under a heading per kind (a heading cannot be chosen), after
    an optional first choice of no one."""

    def __init__(self, name: str, no_one: str | None = None) -> None:
        super().__init__()
        # The item delegate honours a heading's own text colour; the style's
        # menu-like popup would draw it in the disabled grey (3:1 in the dark theme).
        self.setItemDelegate(QStyledItemDelegate(self))
        self.setAccessibleName(name)
        self.no_one = no_one
        self.people: dict[int, Contact] = {}

    def set_groups(self, groups: dict[str, list[Contact]], empty: str = "") -> None:
        """Show ``groups`` (kind: contacts), keeping the person chosen if they
        are still there; ``empty`` is what shows when there is no one to choose."""
        chosen = self.currentData()
        self.clear()
        self.people = {}
        if self.no_one is not None:
            self.addItem(self.no_one, None)
        model = cast(QStandardItemModel, self.model())
        for kind, contacts in groups.items():
            if not contacts:
                continue
            self.addItem(tr(GROUP_TITLES.get(kind, kind)), None)
            heading = model.item(self.count() - 1)
            heading.setFlags(Qt.ItemFlag.NoItemFlags)  # a heading, not a choice
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            heading.setForeground(self.palette().brush(QPalette.ColorRole.Text))
            for contact in contacts:
                if contact.id is not None:
                    self.people[contact.id] = contact
                    self.addItem(contact.label, contact.id)
        if self.count() == 0:
            self.addItem(empty, None)
        self.choose(chosen)

    def choose(self, contact_id: int | None) -> None:
        """Choose this person; failing that, no one, or the first person."""
        index = self.findData(contact_id) if contact_id in self.people else -1
        if index < 0 and self.no_one is None and self.people:
            index = self.findData(next(iter(self.people)))
        self.setCurrentIndex(max(index, 0))

    def forget(self) -> None:
        """Show no one (the vault is locked)."""
        self.clear()
        self.people = {}

    def contact(self) -> Contact | None:
        """The person chosen, or None (no one, or no one there to choose)."""
        data = self.currentData()
        return self.people.get(data) if isinstance(data, int) else None
