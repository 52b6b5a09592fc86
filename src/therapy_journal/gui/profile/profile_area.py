"""The Profile area: edit the preference profile, read it on one page, see its history.

Saving keeps a new version (the service does the versioning). Unsaved changes
are saved when the person leaves the area, locks or quits, so nothing is lost.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui import errors, forms
from therapy_journal.gui.flow_layout import flow_checks
from therapy_journal.gui.forms import NO_ANSWER
from therapy_journal.gui.i18n import tr
from therapy_journal.gui.session import Session
from therapy_journal.services import profile as vocab
from therapy_journal.services import regions
from therapy_journal.services.professions import for_region
from therapy_journal.services.profile import Profile, ProfileVersion, changed_fields
from therapy_journal.services.reference import Approach, approaches

log = logging.getLogger(__name__)

NOT_SURE = "not_sure"  # the approach that is a checkbox, not a choice


def approach_html(approach: Approach) -> str:
    """The glossary entry for one approach, for the side panel."""
    from html import escape  # noqa: PLC0415

    return (
        f"<h3>{escape(approach.name)}</h3><p>{escape(approach.summary)}</p>"
        f"<p><b>{escape(tr('What a session tends to look like'))}</b><br>"
        f"{escape(approach.session)}</p>"
        f"<p><b>{escape(tr('Often used for'))}</b><br>{escape(approach.used_for)}</p>"
        f"<p><b>{escape(tr('Worth asking'))}</b><br>{escape(approach.consider)}</p>"
    )


def _form(box: QWidget) -> QFormLayout:
    """A form whose labels go above their fields when the window is narrow."""
    form = QFormLayout(box)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


class _Explains(QObject):
    """Shows an approach in the side panel when its row is hovered or focused."""

    def __init__(self, show: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self._show = show

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Enter, QEvent.Type.FocusIn):
            self._show()
        return False


class ProfileForm(QWidget):
    """Every field of the profile; :meth:`profile` reads them, :meth:`show_profile` fills them."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.glossary = QTextBrowser(objectName="Glossary")
        self.glossary.setAccessibleName(tr("About the approach"))
        self.glossary.setOpenLinks(False)
        self._loading = False
        layout = QVBoxLayout(self)
        layout.addWidget(self._stage_box())
        layout.addWidget(self._therapy_box())
        layout.addWidget(self._approaches_box())
        layout.addWidget(self._style_box())
        layout.addWidget(self._concerns_box())
        layout.addWidget(self._therapist_box())
        layout.addWidget(self._practical_box())
        layout.addWidget(self._words_box())
        layout.addStretch()
        self._connect_changes()

    # -- building ------------------------------------------------------------------------

    def _stage_box(self) -> QGroupBox:
        box = QGroupBox(tr("Where you are"))
        self.stage = QComboBox()
        self.stage.setAccessibleName(tr("Where you are in the search"))
        for key, label in vocab.STAGES.items():
            self.stage.addItem(tr(label), key)
        form = _form(box)
        form.addRow(tr("In my sea&rch I am"), self.stage)
        return box

    def _therapy_box(self) -> QGroupBox:
        """Who it is for, medication, the professions open to (explained for the
        person's region), where they live (for licensing), and what is essential."""
        from html import escape  # noqa: PLC0415

        here = for_region(regions.configured_region())
        box = QGroupBox(tr("The therapy"))
        self.for_whom = forms.combo(tr("Who the therapy is for"), vocab.FOR_WHOM, tr("No answer"))
        self.medication = forms.combo(
            tr("Whether medication may be part of it"), vocab.MEDICATION_CHOICES, tr("No answer")
        )
        medication_note = QLabel(tr(here.medication), wordWrap=True, objectName="Hint")
        offered = {p.id: p.name for p in here.offered}
        professions_box, self.professions = flow_checks(offered)
        for item in here.offered:
            self.professions[item.id].setToolTip(tr(item.about))
        self._other_professions: tuple[str, ...] = ()  # kept from another region, not shown
        explained = QLabel(
            "<br>".join(
                f"<b>{escape(tr(item.name))}</b>: {escape(tr(item.about))}" for item in here.offered
            ),
            wordWrap=True,
            objectName="Hint",
        )
        explained.setTextFormat(Qt.TextFormat.RichText)
        self.lives_in = forms.line(
            tr("Where you live, for licensing"), tr("Therapists are licensed by place")
        )
        essentials_box, self.essentials = flow_checks(vocab.ESSENTIALS)
        form = _form(box)
        forms.add_row(form, tr("For"), self.for_whom)
        forms.add_row(form, tr("Medication"), self.medication)
        form.addRow(medication_note)
        form.addRow(tr("Open to"), professions_box)
        form.addRow(explained)
        forms.add_row(form, tr(here.licensed_where), self.lives_in)
        form.addRow(tr("Essential to me"), essentials_box)
        return box

    def _approaches_box(self) -> QGroupBox:
        box = QGroupBox(tr("Approaches"))
        grid = _form(box)
        hint = QLabel(
            tr(
                "Not sure what these are? Point at one, or move to it with Tab, to read "
                "what it is like. It is fine to leave them all unanswered."
            ),
            wordWrap=True,
            objectName="Hint",
        )
        grid.addRow(hint)
        self.approaches: dict[str, QComboBox] = {}
        self.not_sure = QCheckBox(tr("I am &not sure yet what kind of therapy fits me"))
        for approach in approaches():
            if approach.id == NOT_SURE:
                self.not_sure.setToolTip(approach.summary)
                self.not_sure.installEventFilter(_Explains(partial(self._explain, approach), self))
                grid.insertRow(1, self.not_sure)
                continue
            label = QLabel(approach.name)
            label.setToolTip(approach.summary)
            combo = forms.combo(approach.name, vocab.APPROACH_CHOICES, tr("No answer"))
            combo.setToolTip(approach.summary)
            label.setBuddy(combo)
            explains = _Explains(partial(self._explain, approach), self)
            for widget in (label, combo):
                widget.installEventFilter(explains)
            grid.addRow(label, combo)
            self.approaches[approach.id] = combo
        self._explain(approaches()[0])
        return box

    def _explain(self, approach: Approach) -> None:
        self.glossary.setHtml(approach_html(approach))

    def _style_box(self) -> QGroupBox:
        box = QGroupBox(tr("Communication style"))
        form = _form(box)
        self.styles: dict[str, QComboBox] = {}
        for axis in vocab.STYLE_AXES:
            combo = forms.combo(tr(axis.question), axis.options, tr("No preference"))
            form.addRow(tr(axis.question), combo)
            self.styles[axis.id] = combo
        return box

    def _concerns_box(self) -> QGroupBox:
        box = QGroupBox(tr("What you would like help with"))
        layout = QVBoxLayout(box)
        grid, self.concerns = flow_checks(vocab.CONCERNS)
        self.other_concerns = forms.line(tr("Other concerns"), tr("Something else, in your words"))
        layout.addWidget(grid)
        layout.addWidget(self.other_concerns)
        return box

    def _therapist_box(self) -> QGroupBox:
        box = QGroupBox(tr("The therapist"))
        self.gender = QComboBox(editable=True)
        self.gender.setAccessibleName(tr("Therapist's gender"))
        self.gender.addItems(["", tr("A woman"), tr("A man"), tr("Non-binary")])
        gender_line = self.gender.lineEdit()
        assert gender_line is not None
        gender_line.setPlaceholderText(tr("No preference"))
        gender_line.setMaxLength(vocab.MAX_LINE_CHARS)
        self.age = forms.combo(tr("Therapist's age"), vocab.AGE_CHOICES, tr("No preference"))
        self.culture = forms.line(tr("Cultural background"), tr("For example: shares my culture"))
        self.faith = forms.line(tr("Faith"), tr("For example: understands my faith, or secular"))
        self.affirming = forms.combo(
            tr("LGBTQ+ affirming practice"), vocab.AFFIRMING_CHOICES, tr("No preference")
        )
        self.languages = forms.line(tr("Languages"), tr("Separated by commas"))
        form = _form(box)
        form.addRow(tr("&Gender"), self.gender)
        form.addRow(tr("&Age"), self.age)
        form.addRow(tr("&Cultural background"), self.culture)
        form.addRow(tr("Fa&ith"), self.faith)
        form.addRow(tr("LGBTQ+ affirming"), self.affirming)
        form.addRow(tr("&Languages"), self.languages)
        return box

    def _practical_box(self) -> QGroupBox:
        box = QGroupBox(tr("Practicalities"))
        self.format = forms.combo(
            tr("Telehealth or in person"), vocab.FORMAT_CHOICES, tr("No answer")
        )
        self.location = forms.line(tr("Location"), tr("Town or area, for in-person sessions"))
        self.travel = QSpinBox(minimum=0, maximum=240, singleStep=5, suffix=tr(" min"))
        self.travel.setSpecialValueText(tr("No limit"))
        self.travel.setAccessibleName(tr("Longest travel time"))
        # The words for paying follow where the person lives (the NHS, Medicare…).
        money = regions.region(regions.configured_region()).money
        payment = {**vocab.PAYMENT_CHOICES, "insurance": money.insured, "self_pay": "Paying myself"}
        self.payment = forms.combo(money.cover, payment, tr("No answer"))
        self.insurer = forms.line(money.insurer, money.insurer_hint)
        self.budget = QSpinBox(minimum=0, maximum=100_000, singleStep=10)
        self.budget.setSpecialValueText(tr("Not set"))
        self.budget.setAccessibleName(tr("Budget per session, in your currency"))
        self.sliding = QCheckBox(tr("A sliding scale fee &would help"))
        days, self.days = flow_checks(vocab.DAYS)
        times, self.times = flow_checks(vocab.TIMES)
        form = _form(box)
        form.addRow(tr("Sessi&ons"), self.format)
        form.addRow(tr("Loca&tion"), self.location)
        form.addRow(tr("Travel up to"), self.travel)
        form.addRow(tr("&Payment"), self.payment)
        form.addRow(tr(money.insurer), self.insurer)
        form.addRow(tr("&Budget per session"), self.budget)
        form.addRow("", self.sliding)
        form.addRow(tr("Days"), days)
        form.addRow(tr("Times"), times)
        return box

    def _words_box(self) -> QGroupBox:
        box = QGroupBox(tr("In your own words"))
        self.hopes = QPlainTextEdit()
        self.hopes.setAccessibleName(tr("What I hope therapy helps me with"))
        self.did_not_work = QPlainTextEdit()
        self.did_not_work.setAccessibleName(tr("What did not work before"))
        form = QFormLayout(box)
        for edit in (self.hopes, self.did_not_work):
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(90)
        form.addRow(QLabel(tr("What I hope therapy helps &me with"), buddy=self.hopes))
        form.addRow(self.hopes)
        form.addRow(QLabel(tr("What did not wor&k before"), buddy=self.did_not_work))
        form.addRow(self.did_not_work)
        return box

    def _connect_changes(self) -> None:
        combos = [self.stage, self.age, self.affirming, self.format, self.payment]
        combos += [self.for_whom, self.medication]
        self.lives_in.textChanged.connect(self._changed)
        combos += [*self.approaches.values(), *self.styles.values()]
        for combo in combos:
            combo.currentIndexChanged.connect(self._changed)
        self.gender.editTextChanged.connect(self._changed)
        for line in (self.other_concerns, self.culture, self.faith, self.languages):
            line.textChanged.connect(self._changed)
        for line in (self.location, self.insurer):
            line.textChanged.connect(self._changed)
        for spin in (self.travel, self.budget):
            spin.valueChanged.connect(self._changed)
        checks = [self.sliding, self.not_sure, *self.concerns.values(), *self.days.values()]
        checks += [*self.professions.values(), *self.essentials.values()]
        for check in [*checks, *self.times.values()]:
            check.toggled.connect(self._changed)
        for edit in (self.hopes, self.did_not_work):
            edit.textChanged.connect(self._changed)

    def _changed(self) -> None:
        if not self._loading:
            self.changed.emit()

    # -- reading and filling -------------------------------------------------------------

    def profile(self) -> Profile:
        def chosen(checks: dict[str, QCheckBox]) -> tuple[str, ...]:
            return tuple(key for key, check in checks.items() if check.isChecked())

        languages = [part.strip() for part in self.languages.text().split(",")]
        return Profile(
            approaches={
                **{
                    key: str(combo.currentData())
                    for key, combo in self.approaches.items()
                    if combo.currentData()
                },
                **({NOT_SURE: "curious"} if self.not_sure.isChecked() else {}),
            },
            styles={
                key: str(combo.currentData())
                for key, combo in self.styles.items()
                if combo.currentData()
            },
            for_whom=str(self.for_whom.currentData()),
            medication=str(self.medication.currentData()),
            professions=(*chosen(self.professions), *self._other_professions),
            lives_in=self.lives_in.text(),
            essentials=chosen(self.essentials),
            concerns=chosen(self.concerns),
            other_concerns=self.other_concerns.text(),
            gender=self.gender.currentText(),
            age=str(self.age.currentData()),
            cultural_background=self.culture.text(),
            faith=self.faith.text(),
            lgbtq_affirming=str(self.affirming.currentData()),
            languages=tuple(part for part in languages if part),
            format=str(self.format.currentData()),
            location=self.location.text(),
            max_travel_minutes=self.travel.value() or None,
            payment=str(self.payment.currentData()),
            insurer=self.insurer.text(),
            budget_per_session=self.budget.value() or None,
            sliding_scale=self.sliding.isChecked(),
            days=chosen(self.days),
            times=chosen(self.times),
            stage=str(self.stage.currentData()),
            hopes=self.hopes.toPlainText(),
            did_not_work=self.did_not_work.toPlainText(),
        ).cleaned()

    def show_profile(self, profile: Profile) -> None:
        self._loading = True
        try:
            forms.set_combo(self.stage, profile.stage)
            forms.set_combo(self.for_whom, profile.for_whom)
            forms.set_combo(self.medication, profile.medication)
            forms.set_checked(self.professions, profile.professions)
            self._other_professions = tuple(
                p for p in profile.professions if p not in self.professions
            )
            self.lives_in.setText(profile.lives_in)
            forms.set_checked(self.essentials, profile.essentials)
            for key, combo in self.approaches.items():
                forms.set_combo(combo, profile.approaches.get(key, NO_ANSWER))
            self.not_sure.setChecked(NOT_SURE in profile.approaches)
            for key, combo in self.styles.items():
                forms.set_combo(combo, profile.styles.get(key, NO_ANSWER))
            for checks, values in (
                (self.concerns, profile.concerns),
                (self.days, profile.days),
                (self.times, profile.times),
            ):
                for key, check in checks.items():
                    check.setChecked(key in values)
            self.other_concerns.setText(profile.other_concerns)
            self.gender.setEditText(profile.gender)
            forms.set_combo(self.age, profile.age)
            self.culture.setText(profile.cultural_background)
            self.faith.setText(profile.faith)
            forms.set_combo(self.affirming, profile.lgbtq_affirming)
            self.languages.setText(", ".join(profile.languages))
            forms.set_combo(self.format, profile.format)
            self.location.setText(profile.location)
            self.travel.setValue(profile.max_travel_minutes or 0)
            forms.set_combo(self.payment, profile.payment)
            self.insurer.setText(profile.insurer)
            self.budget.setValue(profile.budget_per_session or 0)
            self.sliding.setChecked(profile.sliding_scale)
            self.hopes.setPlainText(profile.hopes)
            self.did_not_work.setPlainText(profile.did_not_work)
        finally:
            self._loading = False


class ProfileArea(QWidget):
    """The profile form with Save, the one-page summary, and the saved versions."""

    status = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ProfileArea")
        self.session = session
        self._dirty = False
        # Containers first, each placed in its parent as it is made, and the big
        # form last: with the app's style sheet, every move of a built subtree to
        # a new parent styles all of it again (this order halved the first visit).
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        bottom = QHBoxLayout()
        layout.addLayout(bottom)
        self.saved_label = QLabel(objectName="Hint")
        self.save_button = QPushButton(tr("&Save profile"))
        self.save_button.setToolTip(tr("Save (Ctrl+S); each save keeps the one before"))
        self.save_button.clicked.connect(self.save_now)
        bottom.addWidget(self.saved_label, 1)
        bottom.addWidget(self.save_button)
        edit_page = QSplitter()
        self.tabs.addTab(edit_page, tr("E&dit"))
        scroll = QScrollArea(widgetResizable=True)
        edit_page.addWidget(scroll)
        self.summary = QTextBrowser(objectName="ProfileSummary")
        self.summary.setAccessibleName(tr("Profile on one page"))
        self.summary.setOpenLinks(False)
        self.tabs.addTab(self.summary, tr("S&ummary"))
        history = QSplitter()
        self.tabs.addTab(history, tr("Histor&y"))
        self.versions = QListWidget(objectName="ProfileVersions")
        self.versions.setAccessibleName(tr("Saved versions"))
        self.version_view = QTextBrowser()
        self.version_view.setAccessibleName(tr("The chosen version"))
        self.version_view.setOpenLinks(False)
        self.versions.currentItemChanged.connect(self._show_version)
        history.addWidget(self.versions)
        history.addWidget(self.version_view)
        history.setStretchFactor(1, 3)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.form = ProfileForm()
        self.form.changed.connect(self._mark_dirty)
        scroll.setWidget(self.form)
        edit_page.addWidget(self.form.glossary)
        edit_page.setStretchFactor(0, 3)
        edit_page.setStretchFactor(1, 2)
        shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)  # only while this area shows
        shortcut.activated.connect(self.save_now)
        self._update_saved_label(None)

    @property
    def dirty(self) -> bool:
        return self._dirty

    def _mark_dirty(self) -> None:
        self._dirty = True
        self.saved_label.setText(tr("Not saved yet"))

    def save_now(self) -> ProfileVersion | None:
        """Save the form as a new version if it changed."""
        if not self._dirty or not self.session.is_open:
            return None
        try:
            version = self.session.profile.save(self.form.profile())
        except Exception as error:  # shown; the form keeps what was typed
            errors.report(self, error)
            return None
        self._dirty = False
        if version is not None:
            self.status.emit(tr("Profile saved"))
        self._load_views()
        return version

    def _update_saved_label(self, newest: ProfileVersion | None) -> None:
        if newest is None:
            self.saved_label.setText(tr("Not saved yet"))
        else:
            when = newest.saved.strftime("%d %B %Y, %H:%M")
            self.saved_label.setText(tr("Saved {when}").format(when=when))

    def _load_views(self) -> None:
        profile = self.session.profile.current()
        self.summary.setMarkdown(vocab.summary_markdown(profile))
        versions = self.session.profile.versions()
        self.versions.blockSignals(True)
        self.versions.clear()
        for number, version in zip(range(len(versions), 0, -1), versions, strict=True):
            when = version.saved.strftime("%d %B %Y, %H:%M")
            item = QListWidgetItem(tr("Version {n} · {when}").format(n=number, when=when))
            item.setData(Qt.ItemDataRole.UserRole, version.id)
            self.versions.addItem(item)
        self.versions.blockSignals(False)
        if versions:
            self.versions.setCurrentRow(0)
        else:
            self.version_view.setPlainText(tr("No saved versions yet."))
        if not self._dirty:
            self._update_saved_label(versions[0] if versions else None)

    def _show_version(self, item: QListWidgetItem | None) -> None:
        if item is None or not self.session.is_open:
            return
        version_id = int(item.data(Qt.ItemDataRole.UserRole))
        shown = self.session.profile.version(version_id)
        before = self.session.profile.previous(version_id)
        changed = changed_fields(before, shown)
        lines = ", ".join(tr(label) for label in changed) or tr("nothing")
        header = tr("Changed in this version: {fields}").format(fields=lines)
        self.version_view.setMarkdown(
            f"*{header}*\n\n" + vocab.summary_markdown(shown).replace("\n# ", "\n## ")
        )

    def _tab_changed(self, index: int) -> None:
        if index != 0:
            self.save_now()

    # -- area protocol -------------------------------------------------------------------

    def save(self) -> None:
        self.save_now()

    def clear(self) -> None:
        self._dirty = False
        self.form.show_profile(Profile())
        self.summary.clear()
        self.versions.clear()
        self.version_view.clear()
        self._update_saved_label(None)

    def activate(self) -> None:
        if not self.session.is_open:
            return
        if not self._dirty:
            try:
                self.form.show_profile(self.session.profile.current())
            except Exception as error:
                errors.report(self, error)
                return
        self._load_views()
