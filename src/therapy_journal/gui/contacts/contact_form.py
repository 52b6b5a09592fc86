"""The details of one contact, with the fields that fit its kind.

A therapist has credentials, practice details, approaches, specialties,
insurance, fee and openings; a referral source says what kind of referral it
is; a support-network contact has a part they play and a "check in every N
days" rhythm. Every kind can have an age public key, to share bundles with
them. Rows that do not fit the kind are hidden, not lost.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from therapy_journal.gui import forms
from therapy_journal.gui.date_fields import in_journal_range
from therapy_journal.gui.flow_layout import flow_checks
from therapy_journal.gui.i18n import tr
from therapy_journal.services import profile as vocab
from therapy_journal.services import regions, support_network
from therapy_journal.services.contact_model import (
    AFFIRMING_ANSWERS,
    CULTURE_CHOICES,
    FAITH_CHOICES,
    KINDS,
    REFERRAL_TYPES,
    SESSION_FORMATS,
    SUPPORT_ROLES,
    THEIR_AGE,
    Contact,
)
from therapy_journal.services.professions import for_region, profession_names
from therapy_journal.services.reference import approach_names

THERAPIST_ONLY: tuple[str, ...] = (
    *("profession", "licensed_in", "sees"),
    *("session_format", "travel", "approaches", "specialties", "insurance", "fee"),
    *("sliding", "openings", "availability"),
    *("gender", "their_age", "culture", "faith", "affirming", "styles"),
)
# Who a therapist sees, in their words (the profile's FOR_WHOM ids).
SEES = {
    "me": "Adults on their own",
    "child_teen": "Children or teens",
    "couple": "Couples",
    "family": "Families",
}
SLIDING = {"yes": "Offers a sliding scale", "no": "No sliding scale"}


def _items(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


class ContactForm(QWidget):
    """Edits a :class:`Contact`; :meth:`contact` reads it back from the fields."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="ContactForm")
        self._loading = False
        self.original = Contact()
        self._build_fields()
        self._lay_out()
        self._connect()

    def _build_fields(self) -> None:
        self.kind = forms.combo(tr("Kind of contact"), KINDS, tr("Kind of contact"))
        self.kind.removeItem(0)
        self.name = forms.line(tr("Name"), tr("Their name, or the organization's"))
        self.credentials = forms.line(tr("Credentials"), tr("e.g. LCSW, PhD, licensed counselor"))
        self.practice = forms.line(tr("Practice"), tr("Practice or organization"))
        self.phone = forms.line(tr("Phone"))
        self.email = forms.line(tr("Email"))
        self.website = forms.line(tr("Website"))
        self.address = forms.line(tr("Address"))
        self.session_format = forms.combo(
            tr("Telehealth or in person"), SESSION_FORMATS, tr("Not known yet")
        )
        self.travel = QSpinBox(minimum=0, maximum=600, singleStep=5, suffix=tr(" min"))
        self.travel.setSpecialValueText(tr("Not known"))
        self.travel.setAccessibleName(tr("Travel time from home"))
        self.languages = forms.line(tr("Languages"), tr("Separated by commas"))
        known = {key: name for key, name in approach_names().items() if key != "not_sure"}
        self.approaches_box, self.approaches = flow_checks(known)
        self.specialties_box, self.specialties = flow_checks(vocab.CONCERNS)
        # The words for paying follow where the person lives (in-network, private fee…).
        self.money = regions.region(regions.configured_region()).money
        self.insurance = forms.line(tr(self.money.taken), tr("Separated by commas"))
        self.insurance.setToolTip(tr(self.money.note))
        self.fee = QSpinBox(minimum=0, maximum=100_000, singleStep=5)
        self.fee.setSpecialValueText(tr("Not known"))
        self.fee.setAccessibleName(tr(self.money.fee))
        self._build_learned()
        self.sliding = forms.combo(tr("Sliding scale"), SLIDING, tr("Not known"))
        self.openings_box, self.openings = flow_checks({**vocab.DAYS, **vocab.TIMES})
        self.availability = forms.line(tr("Availability"), tr("e.g. waitlist until March"))
        self.referred_by = QComboBox()
        self.referred_by.setAccessibleName(tr("Referred by"))
        self.referral_type = forms.combo(tr("Kind of referral"), REFERRAL_TYPES, tr("Not said"))
        # The parts this person's network has (a professional's adds supervision, peers…).
        self.support_role = forms.combo(
            tr("Part they play"),
            support_network.roles(support_network.professional_setting()),
            tr("Not said"),
        )
        self.checkin_days = QSpinBox(minimum=0, maximum=365, suffix=tr(" days"))
        self.checkin_days.setSpecialValueText(tr("No reminder"))
        self.checkin_days.setAccessibleName(tr("Check in every"))
        self.has_follow_up = QCheckBox(tr("Follow up on"))
        self.follow_up = in_journal_range(QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd"))
        self.follow_up.setAccessibleName(tr("Follow-up date"))
        self.follow_up_button = QPushButton(tr("Add to calendar…"))
        self.follow_up_button.setAccessibleName(tr("Add the follow-up to your calendar"))
        self.age_key = forms.line(tr("Age public key"), tr("age1… for sharing encrypted bundles"))
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName(tr("Notes"))
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(90)

    def _build_learned(self) -> None:
        """What the person learned about a therapist; each "Not known" until they know."""
        not_known = tr("Not known")
        offered = {p.id: p.name for p in for_region(regions.configured_region()).offered}
        # The region's professions first, then the others (a contact from elsewhere).
        names = {**offered, **profession_names()}
        self.profession = forms.combo(tr("Profession"), names, not_known)
        self.licensed_in = forms.line(tr("Licensed in"), tr("States, provinces or countries"))
        self.sees_box, self.sees = flow_checks(SEES)
        self.gender = QComboBox(editable=True)
        self.gender.setAccessibleName(tr("Their gender"))
        self.gender.addItems(["", tr("A woman"), tr("A man"), tr("Non-binary")])
        gender_line = self.gender.lineEdit()
        assert gender_line is not None
        gender_line.setPlaceholderText(not_known)
        gender_line.setMaxLength(forms.MAX_LINE_CHARS)
        self.their_age = forms.combo(tr("Their age"), THEIR_AGE, not_known)
        self.culture = forms.combo(tr("Cultural background"), CULTURE_CHOICES, not_known)
        self.faith = forms.combo(tr("Faith"), FAITH_CHOICES, not_known)
        self.affirming = forms.combo(tr("LGBTQ+ affirming practice"), AFFIRMING_ANSWERS, not_known)
        self.styles_box = QWidget()
        styles_form = QFormLayout(self.styles_box)
        styles_form.setContentsMargins(0, 0, 0, 0)
        styles_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.styles: dict[str, QComboBox] = {}
        for axis in vocab.STYLE_AXES:
            self.styles[axis.id] = forms.combo(tr(axis.question), axis.options, not_known)
            styles_form.addRow(tr(axis.question), self.styles[axis.id])
        # Long choices do not widen the form: the list shows them in full when open.
        learned = [self.profession, self.their_age, self.culture, self.faith, self.affirming]
        for box in (*learned, *self.styles.values()):
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(12)

    def _lay_out(self) -> None:
        follow = QWidget()
        follow_row = QHBoxLayout(follow)
        follow_row.setContentsMargins(0, 0, 0, 0)
        follow_row.addWidget(self.follow_up, 1)
        follow_row.addWidget(self.follow_up_button)
        self.form = QFormLayout(self)
        # Labels go above their fields when the form is narrow; nothing scrolls sideways.
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.rows: dict[str, QWidget] = {}
        rows: tuple[tuple[str, str | QWidget, QWidget], ...] = (
            ("kind", tr("&Kind"), self.kind),
            ("name", tr("Na&me"), self.name),
            ("credentials", tr("Credentials"), self.credentials),
            ("profession", tr("Profession"), self.profession),
            ("licensed_in", tr("Licensed in"), self.licensed_in),
            ("sees", tr("They see"), self.sees_box),
            ("practice", tr("Practice"), self.practice),
            ("phone", tr("Phone"), self.phone),
            ("email", tr("Email"), self.email),
            ("website", tr("Website"), self.website),
            ("address", tr("Address"), self.address),
            ("session_format", tr("Sessions"), self.session_format),
            ("travel", tr("Travel time"), self.travel),
            ("languages", tr("Languages"), self.languages),
            ("approaches", tr("Approaches"), self.approaches_box),
            ("specialties", tr("Works with"), self.specialties_box),
            ("insurance", tr(self.money.taken), self.insurance),
            ("fee", tr(self.money.fee), self.fee),
            ("sliding", tr("Sliding scale"), self.sliding),
            ("openings", tr("Openings"), self.openings_box),
            ("availability", tr("Availability"), self.availability),
            ("gender", tr("Their gender"), self.gender),
            ("their_age", tr("Their age"), self.their_age),
            ("culture", tr("Background"), self.culture),
            ("faith", tr("Faith"), self.faith),
            ("affirming", tr("LGBTQ+ affirming"), self.affirming),
            ("styles", tr("How they work"), self.styles_box),
            ("referral_type", tr("Referral"), self.referral_type),
            ("support_role", tr("Part they play"), self.support_role),
            ("checkin", tr("Check in every"), self.checkin_days),
            ("referred_by", tr("Referred by"), self.referred_by),
            ("follow_up", self.has_follow_up, follow),
            ("age_key", tr("Public key"), self.age_key),
            ("notes", tr("Notes"), self.notes),
        )
        for key, label, widget in rows:
            self.form.addRow(label, widget)
            self.rows[key] = widget

    def _connect(self) -> None:
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.has_follow_up.toggled.connect(self._show_follow_up)
        edits = [self.name, self.credentials, self.practice, self.phone, self.email]
        edits += [self.website, self.address, self.languages, self.insurance]
        edits += [self.availability, self.age_key, self.licensed_in]
        for edit in edits:
            edit.textChanged.connect(self._edited)
        for box in (self.session_format, self.sliding, self.referred_by, self.referral_type):
            box.currentIndexChanged.connect(self._edited)
        self.support_role.currentIndexChanged.connect(self._edited)
        learned = [self.profession, self.their_age, self.culture, self.faith, self.affirming]
        for box in (*learned, *self.styles.values()):
            box.currentIndexChanged.connect(self._edited)
        self.gender.editTextChanged.connect(self._edited)
        for check in self.sees.values():
            check.toggled.connect(self._edited)
        for spin in (self.travel, self.fee, self.checkin_days):
            spin.valueChanged.connect(self._edited)
        for check in (*self.approaches.values(), *self.specialties.values()):
            check.toggled.connect(self._edited)
        for check in self.openings.values():
            check.toggled.connect(self._edited)
        self.has_follow_up.toggled.connect(self._edited)
        self.follow_up.dateChanged.connect(self._edited)
        self.notes.textChanged.connect(self._edited)

    def _show_follow_up(self) -> None:
        """The date and its calendar button only when there is a follow-up."""
        on = self.has_follow_up.isChecked()
        self.follow_up.setVisible(on)
        self.follow_up_button.setVisible(on)

    def _edited(self) -> None:
        if not self._loading:
            self.changed.emit()

    def _kind_changed(self) -> None:
        self.show_rows_for(self.kind.currentData())
        self._edited()

    def show_rows_for(self, kind: str) -> None:
        for key in THERAPIST_ONLY:
            self.form.setRowVisible(self.rows[key], kind == "therapist")
        self.form.setRowVisible(self.rows["credentials"], kind in ("therapist", "referral"))
        self.form.setRowVisible(self.rows["referral_type"], kind == "referral")
        self.form.setRowVisible(self.rows["support_role"], kind == "support")
        self.form.setRowVisible(self.rows["checkin"], kind == "support")

    # -- in and out ------------------------------------------------------------------

    def set_referrers(self, contacts: list[Contact], current: int | None) -> None:
        """The contacts someone can have been referred by (all but this one)."""
        self.referred_by.blockSignals(True)
        self.referred_by.clear()
        self.referred_by.addItem(tr("No one"), None)
        for contact in contacts:
            if contact.id != current:
                self.referred_by.addItem(contact.label, contact.id)
        self.referred_by.blockSignals(False)

    def show_roles(self, roles: dict[str, str]) -> None:
        """The parts a network has for this audience (Settings may have changed
        it); the part chosen now stays chosen, even one from the other list."""
        box = self.support_role
        keys = [box.itemData(i) for i in range(1, box.count())]
        chosen = box.currentData()
        if keys[: len(roles)] == list(roles) and chosen in (forms.NO_ANSWER, *roles):
            return
        box.blockSignals(True)
        while box.count() > 1:  # the first item is "Not said"
            box.removeItem(1)
        for key, label in roles.items():
            box.addItem(tr(label), key)
        if chosen and box.findData(chosen) < 0:
            box.addItem(tr(SUPPORT_ROLES.get(chosen, chosen)), chosen)
        forms.set_combo(box, chosen)
        box.blockSignals(False)

    def show_contact(self, contact: Contact) -> None:
        self._loading = True
        try:
            self.original = contact
            forms.set_combo(self.kind, contact.kind)
            self.show_rows_for(contact.kind)
            for edit, value in (
                (self.name, contact.name),
                (self.credentials, contact.credentials),
                (self.practice, contact.practice),
                (self.phone, contact.phone),
                (self.email, contact.email),
                (self.website, contact.website),
                (self.address, contact.address),
                (self.languages, ", ".join(contact.languages)),
                (self.insurance, ", ".join(contact.insurance)),
                (self.availability, contact.availability),
                (self.age_key, contact.age_recipient),
            ):
                edit.setText(value)
            forms.set_combo(self.session_format, contact.session_format)
            self.licensed_in.setText(", ".join(contact.licensed_in))
            forms.set_combo(self.profession, contact.profession)
            forms.set_checked(self.sees, contact.sees)
            self.gender.setEditText(contact.gender)
            forms.set_combo(self.their_age, contact.age)
            forms.set_combo(self.culture, contact.culture)
            forms.set_combo(self.faith, contact.faith)
            forms.set_combo(self.affirming, contact.lgbtq_affirming)
            for axis, box in self.styles.items():
                forms.set_combo(box, contact.styles.get(axis, ""))
            self.travel.setValue(contact.travel_minutes or 0)
            forms.set_checked(self.approaches, contact.approaches)
            forms.set_checked(self.specialties, contact.specialties)
            self.fee.setValue(contact.fee or 0)
            sliding = {True: "yes", False: "no", None: ""}[contact.sliding_scale]
            forms.set_combo(self.sliding, sliding)
            forms.set_checked(self.openings, (*contact.days, *contact.times))
            forms.set_combo(self.referred_by, contact.referred_by)
            forms.set_combo(self.referral_type, contact.referral_type)
            if contact.support_role and self.support_role.findData(contact.support_role) < 0:
                # A part from the other audience's list (the setting changed): kept, not lost.
                label = SUPPORT_ROLES.get(contact.support_role, contact.support_role)
                self.support_role.addItem(tr(label), contact.support_role)
            forms.set_combo(self.support_role, contact.support_role)
            self.checkin_days.setValue(contact.checkin_days or 0)
            self.has_follow_up.setChecked(contact.follow_up is not None)
            self.follow_up.setDate(QDate(contact.follow_up or date.today()))
            self._show_follow_up()
            self.notes.setPlainText(contact.notes)
        finally:
            self._loading = False

    def contact(self) -> Contact:
        """The contact as the fields show it (not yet checked: the service checks)."""
        openings = forms.checked(self.openings)
        sliding = {"yes": True, "no": False}.get(self.sliding.currentData())
        return replace(
            self.original,
            kind=self.kind.currentData(),
            name=self.name.text(),
            credentials=self.credentials.text(),
            practice=self.practice.text(),
            phone=self.phone.text(),
            email=self.email.text(),
            website=self.website.text(),
            address=self.address.text(),
            session_format=self.session_format.currentData(),
            travel_minutes=self.travel.value() or None,
            languages=_items(self.languages.text()),
            approaches=forms.checked(self.approaches),
            specialties=forms.checked(self.specialties),
            insurance=_items(self.insurance.text()),
            fee=self.fee.value() or None,
            sliding_scale=sliding,
            days=tuple(key for key in openings if key in vocab.DAYS),
            times=tuple(key for key in openings if key in vocab.TIMES),
            availability=self.availability.text(),
            referred_by=self.referred_by.currentData(),
            referral_type=self.referral_type.currentData(),
            support_role=self.support_role.currentData(),
            checkin_days=self.checkin_days.value() or None,
            follow_up=self.follow_up.date().toPython() if self.has_follow_up.isChecked() else None,
            age_recipient=self.age_key.text(),
            notes=self.notes.toPlainText(),
            profession=self.profession.currentData(),
            licensed_in=_items(self.licensed_in.text()),
            sees=forms.checked(self.sees),
            gender=self.gender.currentText(),
            age=self.their_age.currentData(),
            culture=self.culture.currentData(),
            faith=self.faith.currentData(),
            lgbtq_affirming=self.affirming.currentData(),
            styles={
                axis: str(box.currentData())
                for axis, box in self.styles.items()
                if box.currentData()
            },
        )

    def clear(self) -> None:
        self.show_contact(Contact())
        self.referred_by.clear()
