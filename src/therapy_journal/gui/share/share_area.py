"""The Share area: an encrypted bundle for a therapist, what was shared before,
and receiving bundles (:mod:`receive_panel`).

The wizard goes: what to share, who it is for, a preview of exactly what they
will read, then save. The preview is built from the same contents the bundle
is packed from, so what is shown is what is sent. Building and encrypting run
off the UI thread with a progress bar and a Cancel button.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui import errors
from therapy_journal.gui.date_fields import in_journal_range
from therapy_journal.gui.dialogs.data_dialogs import Progress
from therapy_journal.gui.i18n import tr
from therapy_journal.gui.layouts import area_layout
from therapy_journal.gui.session import Session
from therapy_journal.gui.share.people import PeopleBox
from therapy_journal.gui.share.receive_panel import ReceivePanel
from therapy_journal.render.pdf import render_pdf
from therapy_journal.services.contact_model import Contact
from therapy_journal.services.contacts import ContactNotFound, check_age_recipient
from therapy_journal.services.destination import BadDestination
from therapy_journal.services.sharing.contents import BundleContents
from therapy_journal.services.sharing.errors import BundleError
from therapy_journal.services.sharing.passphrases import generate_passphrase
from therapy_journal.services.sharing.selection import Selection
from therapy_journal.services.sharing.share_log import ShareRecord
from therapy_journal.store.models import EntrySummary

log = logging.getLogger(__name__)

ID_ROLE = Qt.ItemDataRole.UserRole
PICK_LIMIT = 300
INCLUDE_LABELS = {
    "profile": "My preference profile (summary)",
    "goals": "My goals",
    "assessments": "A summary of my check-ins",
}


class WhatPage(QWidget):
    """Step 1: entries by hand, by tag, by dates or all; and what else to include."""

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
        self.include: dict[str, QCheckBox] = {
            key: QCheckBox(tr(label)) for key, label in INCLUDE_LABELS.items()
        }
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
        entries = QGroupBox(tr("Which entries"))
        entries_layout = QVBoxLayout(entries)
        entries_layout.addLayout(grid)
        entries_layout.addWidget(self.picks, 1)
        extra = QGroupBox(tr("Also include"))
        extra_layout = QVBoxLayout(extra)
        for box in self.include.values():
            extra_layout.addWidget(box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(entries, 1)
        layout.addWidget(extra)

        self.chosen: set[int] = set()  # kept while a search changes what the list shows
        self.picks.itemChanged.connect(self._ticked)

    def _ticked(self, item: QListWidgetItem) -> None:
        entry_id = int(item.data(ID_ROLE))
        if item.checkState() == Qt.CheckState.Checked:
            self.chosen.add(entry_id)
        else:
            self.chosen.discard(entry_id)

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

    def selection(self) -> Selection:
        include = frozenset(key for key, box in self.include.items() if box.isChecked())
        mode = self.mode.checkedId()
        if mode == 0:
            return Selection(entry_ids=self.picked(), include=include)
        if mode == 1:
            return Selection(tag=self.tag.currentData(), include=include)
        if mode == 2:
            since = datetime.combine(self.since.date().toPython(), time.min).astimezone()
            end = self.until.date().addDays(1).toPython()
            until = datetime.combine(end, time.min).astimezone()
            return Selection(since=since, until=until, include=include)
        if mode == 3:
            return Selection(all_entries=True, include=include)
        return Selection(include=include)


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


class ShareWizard(QWidget):
    """What → who → preview → saved."""

    def __init__(self, session: Session) -> None:
        super().__init__(objectName="ShareWizard")
        self.session = session
        self.contents: BundleContents | None = None
        self.progress_source: Progress | None = None
        self.what = WhatPage()
        self.who = WhoPage()
        self.files = QListWidget()
        self.files.setAccessibleName(tr("Files in the bundle"))
        self.preview = QTextBrowser()
        self.preview.setAccessibleName(tr("Preview of the report"))
        self.preview.setOpenLinks(False)
        self.done_text = QLabel(wordWrap=True, objectName="Explanation")
        self.done_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        preview_page = QWidget()
        preview_layout = QVBoxLayout(preview_page)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.addWidget(QLabel(tr("This is exactly what they will be able to read:")))
        preview_layout.addWidget(self.files)
        preview_layout.addWidget(self.preview, 1)
        self.pages = QStackedWidget()
        for page in (self.what, self.who, preview_page, self.done_text):
            self.pages.addWidget(page)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(tr("Progress"))
        self.progress.hide()
        self.error = QLabel(objectName="ErrorText", wordWrap=True)
        self.back_button = QPushButton(tr("&Back"))
        self.next_button = QPushButton(tr("&Next"))
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.error, 1)
        buttons.addWidget(self.progress)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        self.step = QLabel(objectName="CardTitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.step)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.cancel_button.clicked.connect(self._cancel)
        self._picks_generation = 0
        self.pick_timer = QTimer(self, singleShot=True, interval=250)
        self.pick_timer.timeout.connect(self.fill_picks)
        self.what.search_box.textChanged.connect(self.pick_timer.start)
        self.show_page(0)

    # -- pages -------------------------------------------------------------------------

    def show_page(self, index: int) -> None:
        titles = (
            tr("1. What to share"),
            tr("2. Who it is for"),
            tr("3. Check what they will read"),
            tr("Saved"),
        )
        self.pages.setCurrentIndex(index)
        self.step.setText(titles[index])
        self.error.clear()
        self.back_button.setEnabled(index in (1, 2))
        self.next_button.setText(
            (tr("&Next"), tr("&Preview"), tr("&Save bundle…"), tr("&Share something else"))[index]
        )

    def reset(self) -> None:
        self.contents = None
        self.files.clear()
        self.preview.clear()
        self.done_text.clear()
        self.who.new_passphrase()
        self.who.default_form()
        self.who.for_person.choose(None)
        self.show_page(0)

    def fill_lists(self) -> None:
        """Tags, the entries to pick from and the contacts by kind, read off the
        UI thread."""
        journal, contacts = self.session.journal, self.session.contacts

        def read() -> tuple[list[tuple[str, int]], dict[str, list[Contact]]]:
            return journal.tags(), contacts.by_kind()

        self.session.tasks.run(read, self._show_lists)
        self.fill_picks()

    def _show_lists(self, lists: tuple[list[tuple[str, int]], dict[str, list[Contact]]]) -> None:
        if not self.session.is_open:
            return
        tags, people = lists
        current = self.what.tag.currentData()
        self.what.tag.clear()
        for name, count in tags:
            self.what.tag.addItem(f"#{name} ({count})", name)
        self.what.tag.setCurrentIndex(max(self.what.tag.findData(current), 0))
        self.who.set_contacts(people)

    def fill_picks(self) -> None:
        """The newest entries, or those matching the search box, off the UI thread;
        only the latest request is shown."""
        self._picks_generation += 1
        generation, journal = self._picks_generation, self.session.journal
        text = self.what.search_box.text().strip()

        def read() -> list[EntrySummary]:
            if text:
                hits = journal.search(text, limit=PICK_LIMIT, prefix_last=True)
                return [hit.entry for hit in hits]
            return journal.page(limit=PICK_LIMIT).items

        self.session.tasks.run(read, lambda found: self._show_picks(generation, found))

    def _show_picks(self, generation: int, found: list[EntrySummary]) -> None:
        if generation == self._picks_generation and self.session.is_open:
            self.what.show_picks(found)

    def back(self) -> None:
        self.show_page(max(0, self.pages.currentIndex() - 1))

    def next(self) -> None:
        index = self.pages.currentIndex()
        if index == 0:
            self.show_page(1)
        elif index == 1:
            self.build_preview()
        elif index == 2:
            self.save()
        else:
            self.reset()

    # -- work off the UI thread --------------------------------------------------------

    def _busy(self, on: bool) -> None:
        self.progress.setVisible(on)
        self.cancel_button.setVisible(on)
        self.next_button.setEnabled(not on)
        self.back_button.setEnabled(not on and self.pages.currentIndex() in (1, 2))

    def _run(self, work: Callable[[Progress], Any], done: Callable[[Any], None]) -> None:
        progress = Progress()
        progress.advanced.connect(self._advanced)
        self.progress_source = progress
        self.progress.setRange(0, 0)
        self._busy(True)
        self.session.tasks.run(
            lambda: work(progress), lambda result: self._finished(done, result), self._failed
        )

    def _advanced(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _finished(self, done: Callable[[Any], None], result: Any) -> None:
        self._busy(False)
        if self.session.is_open:
            done(result)

    def _failed(self, error: BaseException) -> None:
        self._busy(False)
        if isinstance(error, BundleError | BadDestination | ContactNotFound):
            self.error.setText(str(error))
        else:
            errors.report(self, error)

    def _cancel(self) -> None:
        if self.progress_source is not None:
            self.progress_source.cancelled = True

    def build_preview(self) -> None:
        try:
            self.who.recipient()  # refuse a bad key before the work
        except BundleError as error:
            self.error.setText(str(error))
            return
        selection = self.what.selection()
        if selection.entry_ids == () and self.what.mode.checkedId() == 0:
            self.error.setText(tr("Tick the entries you want to share, or choose another way."))
            return
        share = self.session.shares
        self._run(
            lambda progress: share.gather(selection, render_pdf=render_pdf, progress=progress),
            self._show_preview,
        )

    def _show_preview(self, contents: BundleContents) -> None:
        self.contents = contents
        self.files.clear()
        for name in contents.names():
            self.files.addItem(f"{name}  ({len(contents.file(name)):,} bytes)")
        report = contents.file("report.html").decode("utf-8")
        self.preview.setHtml(report)
        self.show_page(2)

    def save(self) -> None:
        contents = self.contents
        if contents is None:
            return
        if self.who.bundle_form() == "html":
            name, kinds = "journal-bundle.html", tr("Web page (*.html)")
        else:
            name, kinds = "journal-bundle.age", tr("age file (*.age)")
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Save bundle"), str(Path.home() / name), kinds
        )
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        contents = self.contents
        if contents is None:
            return
        share = self.session.shares
        try:
            recipient = self.who.recipient()
            share.check_path(path)  # the save dialog asked before replacing a file
        except (BundleError, BadDestination) as error:
            self.error.setText(str(error))
            return
        form = self.who.bundle_form()
        self._run(
            lambda _progress: share.save(
                contents,
                path,
                recipients=recipient.keys,
                passphrase=recipient.passphrase,
                recipient_label=recipient.label,
                form=form,
                contact_id=recipient.contact_id,
            ),
            lambda record: self._saved(record, recipient.passphrase),
        )

    def _saved(self, record: ShareRecord, passphrase: str | None) -> None:
        lines = [
            tr("Saved {name}. Its fingerprint is {fp}.").format(
                name=record.file_name, fp=record.fingerprint[:16]
            ),
            tr("It is encrypted: only the key or passphrase you chose opens it."),
        ]
        if passphrase:
            lines.append(tr("Tell them the passphrase: {words}").format(words=passphrase))
        if record.items.get("form") == "html":
            how = tr("type the passphrase") if passphrase else tr("paste their age secret key")
            lines.append(
                tr(
                    "They open it with a double click, in any browser, and {how}; it needs "
                    "no network and nothing installed. The page also offers the .age file."
                ).format(how=how)
            )
        else:
            lines.append(
                tr("They can open it with this app, or with the age tool:")
                + " age -d bundle.age > bundle.zip"
            )
        self.done_text.setText("\n\n".join(lines))
        self.contents = None
        self.show_page(3)
        self.session.changed.emit("shares")


def _shared_with(record: ShareRecord) -> str:
    """The person a bundle was for, as the log keeps their name."""
    if record.recipient:
        return record.recipient
    return tr("a passphrase") if record.method == "passphrase" else tr("(not said)")


def _shared_how(record: ShareRecord) -> str:
    """'Passphrase, page' or 'Their key, age file'."""
    method = tr("Passphrase") if record.method == "passphrase" else tr("Their key")
    form = tr("page") if record.items.get("form") == "html" else tr("age file")
    return f"{method}, {form}"


class ShareArea(QWidget):
    """Share, what was shared before, and receive."""

    status = Signal(str)

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.setObjectName("ShareArea")
        self.session = session
        self.wizard = ShareWizard(session)
        self.log = QTreeWidget(objectName="ShareLog")
        self.log.setAccessibleName(tr("What you shared before"))
        self.log.setHeaderLabels([tr("When"), tr("With"), tr("How"), tr("What"), tr("Fingerprint")])
        self.log.setRootIsDecorated(False)
        self.receive = ReceivePanel(session)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.wizard, tr("&Share"))
        self.tabs.addTab(self.log, tr("Shared &before"))
        self.tabs.addTab(self.receive, tr("&Receive"))
        area_layout(self).addWidget(self.tabs)
        session.changed.connect(self._changed)

    def _changed(self, what: str) -> None:
        if what == "shares" and self.session.is_open:
            self.fill_log()

    def fill_log(self) -> None:
        self.log.clear()
        for record in self.session.shares.history():
            items = record.items
            what = tr("{n} entries").format(n=items.get("entries", 0))
            extras = [key for key in ("profile", "goals", "assessments") if items.get(key)]
            if extras:
                what += ", " + ", ".join(tr(key) for key in extras)
            row = QTreeWidgetItem(
                [
                    record.at.strftime("%Y-%m-%d %H:%M"),
                    _shared_with(record),
                    _shared_how(record),
                    what,
                    record.fingerprint[:16],
                ]
            )
            row.setToolTip(4, record.fingerprint)
            self.log.addTopLevelItem(row)

    # -- area protocol -----------------------------------------------------------------

    def save(self) -> None:
        """Nothing to keep: a bundle is made in one go."""

    def clear(self) -> None:
        self.wizard.reset()
        self.wizard._picks_generation += 1  # a list still being read is not shown
        self.wizard.what.picks.clear()
        self.wizard.what.chosen.clear()
        self.wizard.what.tag.clear()
        self.wizard.who.passphrase.clear()
        self.wizard.who.contact.forget()
        self.wizard.who.for_person.forget()
        self.log.clear()
        self.receive.clear()

    def activate(self) -> None:
        self.wizard.fill_lists()
        self.fill_log()
        self.receive.refresh()
