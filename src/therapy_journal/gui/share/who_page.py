"""Step 2 of the share wizard: whom a bundle is for (a contact's key, a pasted
key, or a passphrase to read out) and how they open it (a page or an age file)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui.i18n import tr
from therapy_journal.gui.share.people import PeopleBox
from therapy_journal.services.contact_model import Contact
from therapy_journal.services.contacts import check_age_recipient
from therapy_journal.services.sharing.errors import BundleError
from therapy_journal.services.sharing.passphrases import generate_passphrase


@dataclass(frozen=True)
class Recipient:
    """Whom a bundle is encrypted to, and whom the share log names."""

    keys: list[str]  # age public keys; empty for a passphrase
    passphrase: str | None
    label: str  # for the share log, when it is for no contact
    contact_id: int | None  # the contact it is for, logged under their name


class WhoPage(QWidget):
    """Step 2: a contact's key, a pasted key, or a passphrase to read out, and
    whom a pasted key or passphrase is for; and the bundle's form: a page any
    browser opens, or an age file."""

    def __init__(self) -> None:
        super().__init__()
        self.generated = ""
        self.method = QButtonGroup(self)
        self.to_contact = QRadioButton(tr("Someone in my contacts (their public key)"))
        self.to_key = QRadioButton(tr("A public key I paste"))
        self.to_passphrase = QRadioButton(tr("A passphrase I tell them"))
        for number, button in enumerate((self.to_contact, self.to_key, self.to_passphrase)):
            self.method.addButton(button, number)
        self.to_passphrase.setChecked(True)
        self.contact = PeopleBox(tr("Contact to share with"))
        self.for_person = PeopleBox(tr("Who it is for"), tr("No one in my contacts"))
        self.for_person.setToolTip(
            tr("The share log names them; they open it with the passphrase or key all the same.")
        )
        self.key = QLineEdit()
        self.key.setAccessibleName(tr("Their age public key"))
        self.key.setPlaceholderText("age1…")
        self.passphrase = QLineEdit()
        self.passphrase.setAccessibleName(tr("Passphrase for the bundle"))
        self.passphrase.setObjectName("Passphrase")
        self.another = QPushButton(tr("&Another passphrase"))
        self.another.clicked.connect(self.new_passphrase)
        hint = QLabel(
            tr(
                "Read the passphrase to them on the phone, or tell them in person; "
                "never send it in the same email as the file."
            ),
            objectName="Hint",
            wordWrap=True,
        )
        self.own_passphrase = QLabel(
            tr(
                "A page opens in a browser within seconds, so it guards its passphrase "
                "with less work than an age file does. A passphrase of your own should be "
                "at least as long as the seven words suggested."
            ),
            objectName="Hint",
            wordWrap=True,
        )
        forms = self._forms()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.to_contact)
        layout.addWidget(self.contact)
        layout.addWidget(self.to_key)
        layout.addWidget(self.key)
        layout.addWidget(self.to_passphrase)
        row = QHBoxLayout()
        row.addWidget(self.passphrase, 1)
        row.addWidget(self.another)
        layout.addLayout(row)
        layout.addWidget(hint)
        layout.addWidget(self.own_passphrase)
        for_row = QHBoxLayout()
        for_label = QLabel(tr("Who it is for:"))
        for_label.setBuddy(self.for_person)
        for_row.addWidget(for_label)
        for_row.addWidget(self.for_person, 1)
        layout.addLayout(for_row)
        layout.addWidget(forms)
        layout.addStretch()
        self.method.idToggled.connect(self._method_changed)
        self.form.idClicked.connect(self._form_clicked)
        self.form.idToggled.connect(lambda _id, _on: self._show_own_hint())
        self.passphrase.textChanged.connect(self._show_own_hint)
        self.new_passphrase()

    def _forms(self) -> QGroupBox:
        """A page any browser opens, or an age file."""
        self.form = QButtonGroup(self)
        self.as_page = QRadioButton(tr("A page any browser opens (.html)"))
        self.as_page.setToolTip(
            tr("They double-click it and type the passphrase, or paste their age secret key.")
        )
        self.as_age = QRadioButton(tr("An age file, for the age tool or this app (.age)"))
        self.form.addButton(self.as_page, 0)
        self.form.addButton(self.as_age, 1)
        self.as_page.setChecked(True)
        self.form_chosen = False  # once the person picks a form, it stays theirs
        forms = QGroupBox(tr("How they open it"))
        forms_layout = QVBoxLayout(forms)
        forms_layout.addWidget(self.as_page)
        forms_layout.addWidget(self.as_age)
        return forms

    def new_passphrase(self) -> None:
        self.generated = generate_passphrase()
        self.passphrase.setText(self.generated)

    def _method_changed(self, method: int, checked: bool) -> None:
        """A page is the default for a passphrase, an age file for a key, until
        the person picks one."""
        if checked and not self.form_chosen:
            (self.as_page if method == 2 else self.as_age).setChecked(True)
        self.for_person.setEnabled(self.method.checkedId() != 0)  # a contact's key names them
        self._show_own_hint()

    def default_form(self) -> None:
        """Forget the person's pick: the form follows the method again."""
        self.form_chosen = False
        self._method_changed(self.method.checkedId(), True)

    def _form_clicked(self, _form: int) -> None:
        self.form_chosen = True

    def _show_own_hint(self) -> None:
        own = self.passphrase.text().strip() != self.generated
        self.own_passphrase.setVisible(
            own and self.to_passphrase.isChecked() and self.as_page.isChecked()
        )

    def bundle_form(self) -> str:
        """ "html" (a page any browser opens) or "age"."""
        return "html" if self.as_page.isChecked() else "age"

    def set_contacts(self, groups: dict[str, list[Contact]]) -> None:
        """Every contact, grouped by kind: those with a public key to share to,
        and everyone as whom a pasted key or passphrase is for."""
        keyed = {kind: [c for c in group if c.age_recipient] for kind, group in groups.items()}
        self.contact.set_groups(keyed, tr("No one in your contacts has a public key yet"))
        self.to_contact.setEnabled(bool(self.contact.people))
        self.for_person.set_groups(groups)

    def for_whom(self) -> str:
        """The person the bundle is for, in words, as the preview names them."""
        method = self.method.checkedId()
        chosen = self.contact.contact() if method == 0 else self.for_person.contact()
        if chosen is not None:
            return chosen.label
        if method == 1:
            return tr("whoever holds the key {start}…").format(start=self.key.text().strip()[:12])
        return tr("whoever you tell the passphrase")

    def recipient(self) -> Recipient:
        """Whom the bundle is for, checked; raises BundleError."""
        method = self.method.checkedId()
        if method == 0:
            person = self.contact.contact()
            if person is None or not person.age_recipient:
                raise BundleError(tr("Choose someone in your contacts who has a public key."))
            return Recipient([person.age_recipient], None, person.label, person.id)
        chosen = self.for_person.contact()
        for_id = chosen.id if chosen is not None else None
        if method == 1:
            try:
                key = check_age_recipient(self.key.text())
            except ValueError as error:
                raise BundleError(str(error)) from None
            if not key:
                raise BundleError(tr("Paste their public key; it starts with age1."))
            label = tr("a pasted key ({start}…)").format(start=key[:12])
            return Recipient([key], None, label, for_id)
        words = self.passphrase.text().strip()
        if len(words) < 12:
            raise BundleError(tr("Use a passphrase of at least 12 characters."))
        return Recipient([], words, "", for_id)
