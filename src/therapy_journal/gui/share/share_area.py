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
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui import errors
from therapy_journal.gui.dialogs.data_dialogs import Progress
from therapy_journal.gui.empty_state import empty_state
from therapy_journal.gui.i18n import plural, tr
from therapy_journal.gui.layouts import MARGIN, area_layout
from therapy_journal.gui.session import Session
from therapy_journal.gui.share.print_report import ReportPrinting
from therapy_journal.gui.share.receive_panel import ReceivePanel
from therapy_journal.gui.share.saved_page import SavedPage
from therapy_journal.gui.share.what_page import WhatPage
from therapy_journal.gui.share.who_page import WhoPage
from therapy_journal.gui.table_columns import fit_columns, with_tooltips
from therapy_journal.render.pdf import (
    RenderCancelled,
    entry_count,
    html_parts,
    render_pdf,
    report_document,
)
from therapy_journal.services.contact_model import Contact
from therapy_journal.services.contacts import ContactNotFound
from therapy_journal.services.destination import BadDestination
from therapy_journal.services.journals import JournalsService
from therapy_journal.services.sharing.contents import BundleContents
from therapy_journal.services.sharing.errors import BundleError
from therapy_journal.services.sharing.selection import Chosen
from therapy_journal.services.sharing.share_log import ShareRecord
from therapy_journal.store.errors import StorageError
from therapy_journal.store.models import EntrySummary

log = logging.getLogger(__name__)

PICK_LIMIT = 300
# What step 1's lists are filled with: tags and counts, contacts by kind, journal
# names (not their counts, which scan every entry: 21 ms at 300,000).
_Lists = tuple[list[tuple[str, int]], dict[str, list[Contact]], list[str]]


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
        self.saved = SavedPage()
        self.preview_heading = QLabel(wordWrap=True)
        self.preview_heading.setTextFormat(Qt.TextFormat.PlainText)
        preview_page = QWidget()
        preview_layout = QVBoxLayout(preview_page)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.addWidget(self.preview_heading)
        preview_layout.addWidget(self.files)
        preview_layout.addWidget(self.preview, 1)
        self.pages = QStackedWidget()
        for page in (self.what, self.who, preview_page, self.saved):
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
        # Print… and Save as PDF… the report of step 1's choice (not encrypted).
        self.printing = ReportPrinting(
            session,
            self,
            selection=self.what.selection,
            run=self._run,
            say=self._say,
            layout=buttons,
        )
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        self.step = QLabel(objectName="CardTitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)  # off the tab's frame
        layout.addWidget(self.step)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.cancel_button.clicked.connect(self._cancel)
        self._read_as_the_choice_changes()
        self.show_page(0)

    def _read_as_the_choice_changes(self) -> None:
        """The entries to pick follow the search box; what will be sent follows
        the choice (each read a moment after the last change)."""
        self._picks_generation = 0
        self.pick_timer = QTimer(self, singleShot=True, interval=250)
        self.pick_timer.timeout.connect(self.fill_picks)
        self.what.search_box.textChanged.connect(self.pick_timer.start)
        self._sent_generation = 0
        self.sent_timer = QTimer(self, singleShot=True, interval=150)
        self.sent_timer.timeout.connect(self.fill_sent)
        self.what.changed.connect(self.sent_timer.start)

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
        for button in self.printing.buttons:
            button.setVisible(index == 0)
        self.next_button.setText(
            (tr("&Next"), tr("&Preview"), tr("Save b&undle…"), tr("Share something e&lse"))[index]
        )

    def reset(self) -> None:
        self.contents = None
        self.files.clear()
        self.preview.clear()
        self.saved.clear()
        self.who.new_passphrase()
        self.who.default_form()
        self.who.for_person.choose(None)
        self.show_page(0)

    def fill_lists(self) -> None:
        """Tags, the entries to pick from and the contacts by kind, read off the
        UI thread."""
        journal, contacts = self.session.journal, self.session.contacts
        journals = JournalsService(self.session.vault)

        def read() -> _Lists:
            return journal.tags(), contacts.by_kind(), list(journals.names().values())

        self.session.tasks.run(read, self._show_lists)
        self.fill_picks()
        self.fill_sent()

    def fill_sent(self) -> None:
        """What the choice on step 1 sends, read off the UI thread; only the
        latest choice is shown."""
        if not self.session.is_open:
            return
        self._sent_generation += 1
        generation, selection = self._sent_generation, self.what.selection()
        shares = self.session.shares
        self.session.tasks.run(
            lambda: shares.chosen(selection),
            lambda chosen: self._show_sent(generation, chosen),
            lambda error: self._sent_failed(generation, error),
        )

    def _show_sent(self, generation: int, chosen: Chosen) -> None:
        if generation == self._sent_generation and self.session.is_open:
            self.what.show_sent(chosen)

    def _sent_failed(self, generation: int, error: BaseException) -> None:
        if generation != self._sent_generation or not self.session.is_open:
            return
        if isinstance(error, BundleError):
            self.what.show_sent_error(str(error))
        else:
            errors.report(self, error)

    def _show_lists(self, lists: _Lists) -> None:
        if not self.session.is_open:
            return
        tags, people, journal_names = lists
        self.what.set_journals(journal_names)
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

    def _say(self, text: str) -> None:
        self.error.setText(text)

    def _busy(self, on: bool) -> None:
        self.progress.setVisible(on)
        self.cancel_button.setVisible(on)
        self.next_button.setEnabled(not on)
        for button in self.printing.buttons:
            button.setEnabled(not on)
        self.back_button.setEnabled(not on and self.pages.currentIndex() in (1, 2))

    def _run(self, work: Callable[[Progress], Any], done: Callable[[Any], None]) -> None:
        progress = Progress()
        progress.advanced.connect(self._advanced)
        self.progress_source = progress
        self.progress.setRange(0, 0)
        self._busy(True)
        self.session.tasks.run(
            lambda: work(progress),
            lambda result: self._finished(done, result),
            self._failed,
            cancel=progress.cancel,  # locking stops the work at its next step
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
        if isinstance(
            error, BundleError | BadDestination | ContactNotFound | RenderCancelled | StorageError
        ):
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

        def build(progress: Progress) -> BundleContents:
            # The report's PDF is drawn a page at a time: Cancel and locking stop it too.
            def pdf(html: str) -> bytes:
                return render_pdf(html, progress)

            return share.gather(selection, render_pdf=pdf, progress=progress)

        self._run(build, self._show_preview)

    def _show_preview(self, contents: BundleContents) -> None:
        self.contents = contents
        self.files.clear()
        for name in contents.names():
            self.files.addItem(f"{name}  ({len(contents.file(name)):,} bytes)")
        heading = tr("This is exactly what {whom} will be able to read:").format(
            whom=self.who.for_whom()
        )
        # The report as Qt draws it: its mood chart (an SVG) as an image. A
        # long one is shown up to its first part (render.pdf.html_parts): the
        # whole of 9,000 entries would take a gigabyte and seconds of the UI.
        report = contents.file("report.html").decode("utf-8")
        shown = html_parts(report)[0]
        if shown != report:
            heading += " " + tr(
                "(The preview shows the first {shown} of {total} entries; the bundle holds all.)"
            ).format(shown=f"{entry_count(shown):,}", total=f"{entry_count(report):,}")
        self.preview_heading.setText(heading)
        self._preview_document = report_document(shown)
        self.preview.setDocument(self._preview_document)
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
            lambda progress: share.save(
                contents,
                path,
                recipients=recipient.keys,
                passphrase=recipient.passphrase,
                recipient_label=recipient.label,
                form=form,
                contact_id=recipient.contact_id,
                progress=progress,  # Cancel and locking stop the writing too
            ),
            lambda record: self._saved(record, recipient.passphrase),
        )

    def _saved(self, record: ShareRecord, passphrase: str | None) -> None:
        self.saved.show_saved(record, passphrase)
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

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ShareArea")
        self.session = session
        self.wizard = ShareWizard(session)
        self.log = QTreeWidget(objectName="ShareLog")
        self.log.setAccessibleName(tr("What you shared before"))
        self.log.setHeaderLabels([tr("When"), tr("With"), tr("How"), tr("What"), tr("Fingerprint")])
        fit_columns(self.log, stretch=(1, 3))  # With and What share what the rest leave
        self.log.setRootIsDecorated(False)
        self.receive = ReceivePanel(session)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.wizard, tr("&Share"))
        self.history = QStackedWidget()
        self.history.addWidget(self.log)
        self.history.addWidget(self._nothing_shared())
        self.tabs.addTab(self.history, tr("Share&d before"))
        self.tabs.addTab(self.receive, tr("&Receive"))
        area_layout(self).addWidget(self.tabs)
        self._log_generation = 0
        session.changed.connect(self._changed)

    def _nothing_shared(self) -> QWidget:
        """Nothing shared yet: what this tab will hold, and the one way to fill it."""
        self.nothing_shared = QLabel(
            tr(
                "Nothing shared yet. Each bundle you save is listed here: when, with whom, "
                "how it is opened and what it holds."
            ),
            objectName="EmptyState",
            wordWrap=True,
        )
        self.share_first = QPushButton(tr("Share something"))
        self.share_first.clicked.connect(lambda: self.tabs.setCurrentWidget(self.wizard))
        return empty_state(self.nothing_shared, self.share_first)

    def _changed(self, what: str) -> None:
        if what == "shares" and self.session.is_open:
            self.fill_log()
        elif what == "journals" and self.session.is_open:
            self.wizard.fill_lists()

    def fill_log(self) -> None:
        """What was shared before, read off the UI thread; only the latest read is shown."""
        self._log_generation += 1
        generation, shares = self._log_generation, self.session.shares
        self.session.tasks.run(shares.history, lambda found: self._show_log(generation, found))

    def _show_log(self, generation: int, records: list[ShareRecord]) -> None:
        if generation != self._log_generation or not self.session.is_open:
            return
        self.log.clear()
        for record in records:
            items = record.items
            what = plural(int(items.get("entries", 0)), "%n entry", "%n entries")
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
            self.log.addTopLevelItem(with_tooltips(row))
        self.history.setCurrentIndex(0 if self.log.topLevelItemCount() else 1)

    # -- area protocol -----------------------------------------------------------------

    def save(self) -> None:
        """Nothing to keep: a bundle is made in one go."""

    def clear(self) -> None:
        self.wizard.reset()
        self.wizard._picks_generation += 1  # a list still being read is not shown
        self.wizard._sent_generation += 1
        self.wizard.sent_timer.stop()
        self.wizard.what.clear_sent()
        self.wizard.what.picks.clear()
        self.wizard.what.chosen.clear()
        self.wizard.what.tag.clear()
        self.wizard.what.set_journals([])
        self.wizard.who.passphrase.clear()
        self.wizard.who.contact.forget()
        self.wizard.who.for_person.forget()
        self._log_generation += 1  # a history still being read is not shown
        self.log.clear()
        self.receive.clear()

    def activate(self) -> None:
        # The receiving key is one row, read here before the background reads
        # start: read after them, it waited for their counts (30 ms at 300,000
        # entries) on the UI thread.
        self.receive.refresh()
        self.fill_log()
        self.wizard.fill_lists()
