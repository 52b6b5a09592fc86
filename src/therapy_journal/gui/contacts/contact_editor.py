"""One contact in the Contacts area: details, the search (therapists only) and the log.

Details are saved when the person leaves the contact or the area, or with
Save; moves and log entries save at once. A consultation's date and time and
a follow-up can go to a calendar app as an .ics file (saved first, then named
in the panel and the status bar).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui import errors
from therapy_journal.gui.contacts.contact_form import ContactForm
from therapy_journal.gui.contacts.empty_state import EmptyState
from therapy_journal.gui.contacts.log_panel import LogPanel
from therapy_journal.gui.contacts.search_panel import SearchPanel
from therapy_journal.gui.i18n import tr
from therapy_journal.gui.layouts import column
from therapy_journal.gui.session import Session
from therapy_journal.services.calendar_ids import calendar_key
from therapy_journal.services.contact_model import Contact, InvalidContact
from therapy_journal.services.matching import fit
from therapy_journal.services.milestones import Milestone
from therapy_journal.services.questions import questions_text

# icalendar and vobject are imported where a file is read or written, not with
# the area: they took about a third of its first visit.


class ContactEditor(QWidget):
    """One contact: details, the search (therapists only) and the log."""

    saved = Signal(int)  # a contact id whose details or stage changed
    status = Signal(str)  # a line for the status bar

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="ContactEditor")
        self.session = session
        self.contact: Contact | None = None
        self.dirty = False
        # Containers first, each placed as it is made, and the big pages last:
        # with the app's style sheet, every move of a built subtree to a new
        # parent styles all of it again (this order halved the first visit).
        layout = QVBoxLayout(self)
        self.placeholder = EmptyState()
        layout.addWidget(self.placeholder)
        self.heading = QLabel(objectName="Heading", wordWrap=True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.tabs = QTabWidget()
        self.error = QLabel(objectName="ErrorText", wordWrap=True)
        self.save_button = QPushButton(tr("&Save"))
        buttons = QHBoxLayout()
        self.body = column(self.heading, self.tabs, buttons, stretch=self.tabs, margins=0)
        layout.addWidget(self.body, 1)
        buttons.addWidget(self.error, 1)
        buttons.addWidget(self.save_button)
        scroll = QScrollArea(widgetResizable=True)
        self.tabs.addTab(scroll, tr("&Details"))
        self._search_scroll = QScrollArea(widgetResizable=True)
        self.tabs.addTab(self._search_scroll, tr("The se&arch"))
        self._log_page = QWidget()
        QVBoxLayout(self._log_page).setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self._log_page, tr("L&og"))
        self.form = ContactForm(scroll.viewport())
        scroll.setWidget(self.form)
        # The search and the log are built when first shown (or asked for):
        # a first visit of the area needs only the details.
        self._search: SearchPanel | None = None
        self._log: LogPanel | None = None
        self.tabs.currentChanged.connect(self._page_shown)
        self.form.changed.connect(self._edited)
        self.save_button.clicked.connect(self.save_now)
        self.form.follow_up_button.clicked.connect(self.export_follow_up)
        self.show_contact(None)
        _no_sideways(scroll, self.form)

    @property
    def search(self) -> SearchPanel:
        """The search's page (a therapist's stage, fit, questions, consultation)."""
        if self._search is None:
            panel = SearchPanel(self._search_scroll.viewport())
            self._search_scroll.setWidget(panel)
            _no_sideways(self._search_scroll, panel)
            panel.move_requested.connect(self.move_to_stage)
            panel.calendar_requested.connect(self.export_consultation)
            panel.questions.textChanged.connect(self._edited)
            panel.consultation_edited.connect(self._edited)
            self._search = panel
            self._fill_search()
        return self._search

    @property
    def log(self) -> LogPanel:
        """The log's page (calls, emails, how reaching out felt)."""
        if self._log is None:
            panel = LogPanel(self._log_page)
            layout = self._log_page.layout()
            assert layout is not None
            layout.addWidget(panel)
            panel.show()  # now, not at the next turn of the event loop
            panel.log_requested.connect(self.log_interaction)
            panel.outreach_recorded.connect(self.record_outreach)
            self._log = panel
            self._fill_log()
        return self._log

    def _page_shown(self, index: int) -> None:
        if self.tabs.widget(index) is self._search_scroll:
            self.search  # noqa: B018  # built and filled on first showing
        elif self.tabs.widget(index) is self._log_page:
            self.log  # noqa: B018

    # -- showing -------------------------------------------------------------------

    def show_contact(self, contact: Contact | None) -> None:
        self.contact = contact
        self.dirty = False
        self.error.clear()
        self.placeholder.setVisible(contact is None)
        self.body.setVisible(contact is not None)
        if contact is None or contact.id is None:
            self.form.clear()
            if self._search is not None:
                self._search.clear()
            if self._log is not None:
                self._log.clear()
            return
        self.heading.setText(contact.label)
        self.form.set_referrers(self.session.contacts.contacts(), contact.id)
        self.form.show_contact(contact)
        self.tabs.setTabVisible(1, contact.is_therapist)
        self._fill_search()
        self._fill_log()
        self.dirty = False

    def _fill_search(self) -> None:
        """Show the contact on the search's page, if it was built (edits kept)."""
        contact, panel = self.contact, self._search
        if panel is None or contact is None or contact.id is None:
            return
        dirty = self.dirty
        if contact.is_therapist:
            profile = self.session.profile.current()
            panel.show_therapist(
                contact,
                self.session.contacts.history(contact.id),
                fit(profile, contact),
                questions_text(profile, contact),
            )
        else:
            panel.clear()
        self.dirty = dirty

    def _fill_log(self) -> None:
        contact, panel = self.contact, self._log
        if panel is None or contact is None or contact.id is None:
            return
        panel.show_log(
            self.session.contacts.interactions(contact.id),
            self.session.contacts.outreach_trend(),
        )

    def _edited(self) -> None:
        if self.contact is not None:
            self.dirty = True

    # -- saving --------------------------------------------------------------------

    def save_now(self) -> bool:
        """Keep the details as the form shows them; False if they were refused."""
        contact = self.contact
        if contact is None or not self.dirty or not self.session.is_open:
            return True
        changed = self.form.contact()
        if contact.is_therapist and self._search is not None:  # else as they were
            changed = replace(
                changed,
                questions=self._search.edited_questions(),
                consultation=self._search.consultation(),
            )
        try:
            stored = self.session.contacts.update(changed)
        except InvalidContact as error:
            self.error.setText(str(error))
            self.tabs.setCurrentIndex(0)
            return False
        except Exception as error:
            errors.report(self, error)
            return False
        self.error.clear()
        self.dirty = False
        self.contact = stored
        self.heading.setText(stored.label)
        self.saved.emit(stored.id or 0)
        self.session.changed.emit("contacts")
        return True

    def move_to_stage(self, stage: str, reason: str) -> None:
        contact = self.contact
        if contact is None or contact.id is None or not self.save_now():
            return
        try:
            reached = self.session.contacts.move(contact.id, stage, reason)
        except InvalidContact as error:
            self.error.setText(str(error))
            return
        except Exception as error:
            errors.report(self, error)
            return
        self.show_contact(self.session.contacts.get(contact.id))
        self._reached(reached)

    def _reached(self, reached: list[Milestone]) -> None:
        if self.contact is not None:
            self.saved.emit(self.contact.id or 0)
        self.session.changed.emit("contacts" if not reached else "milestones")

    def log_interaction(self, kind: str, when: datetime, notes: str) -> None:
        contact = self.contact
        if contact is None or contact.id is None:
            return
        try:
            self.session.contacts.log(contact.id, kind, notes, when)
        except InvalidContact as error:
            self.error.setText(str(error))
            return
        self.log.show_log(
            self.session.contacts.interactions(contact.id),
            self.session.contacts.outreach_trend(),
        )
        self.session.changed.emit("contacts")

    def record_outreach(self, moment: str, anxiety: int, note: str) -> None:
        contact_id = self.contact.id if self.contact else None
        try:
            self.session.contacts.record_outreach(moment, anxiety, note, contact_id)
        except InvalidContact as error:
            self.error.setText(str(error))
            return
        self.log.show_trend(self.session.contacts.outreach_trend())
        self.session.changed.emit("contacts")

    # -- calendar ------------------------------------------------------------------

    @staticmethod
    def _ask_ics_path(parent: QWidget, name: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(
            parent, tr("Add to calendar"), str(Path.home() / name), tr("Calendar file (*.ics)")
        )
        return Path(path) if path else None

    def write_ics(self, path: Path, data: bytes) -> Path | None:
        """Write the calendar file and say where it went; None if it could not be."""
        from therapy_journal.services.calendar_export import write_ics  # noqa: PLC0415 (lazy)

        path = path if path.suffix == ".ics" else path.with_suffix(".ics")
        try:
            write_ics(path, data)
        except Exception as error:
            errors.report(self, error)
            return None
        self.status.emit(
            tr("Saved {file}. Open it with your calendar app; it is not encrypted.").format(
                file=path.name
            )
        )
        return path

    def export_consultation(self) -> None:
        """Save the details (the consultation with them), then the .ics."""
        if self.contact is None or not self.save_now():
            return
        path = self._ask_ics_path(self, "consultation.ics")
        if path is not None:
            self.export_consultation_to(path)

    def export_consultation_to(self, path: Path) -> Path | None:
        """The booked consultation as an .ics at ``path`` (saved first)."""
        if self.contact is None or not self.save_now():
            return None
        start = self.contact.consultation
        if start is None:
            return None
        from therapy_journal.services.calendar_export import consultation_ics  # noqa: PLC0415

        key = calendar_key(self.session.vault)  # UIDs unique to this vault (RFC 5545)
        written = self.write_ics(path, consultation_ics(self.contact, start, vault_key=key))
        if written is not None:
            self.search.show_calendar_note(
                tr("Saved to {path}. Open it with your calendar app.").format(path=written)
            )
        return written

    def export_follow_up(self) -> None:
        """Save the details (the follow-up date), then the .ics."""
        if self.contact is None or not self.save_now() or self.contact.follow_up is None:
            return
        path = self._ask_ics_path(self, "follow-up.ics")
        if path is not None:
            self.export_follow_up_to(path)

    def export_follow_up_to(self, path: Path) -> Path | None:
        if self.contact is None or not self.save_now() or self.contact.follow_up is None:
            return None
        from therapy_journal.services.calendar_export import follow_up_ics  # noqa: PLC0415

        key = calendar_key(self.session.vault)
        return self.write_ics(
            path, follow_up_ics(self.contact, self.contact.follow_up, vault_key=key)
        )


def _no_sideways(area: QScrollArea, page: QWidget) -> None:
    """The page never scrolls sideways: the splitter stops at its narrowest."""
    bar = area.verticalScrollBar().sizeHint().width()
    area.setMinimumWidth(page.minimumSizeHint().width() + bar + 2 * area.frameWidth())
