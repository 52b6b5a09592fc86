"""The Contacts area: the person's own list of people and organizations.

On the left, three ways to look at it: therapists by where they stand in the
search, everyone by kind, and the support network by the part people play
(with a gentle count of where it is thin). On the right, the selected contact:
details, the search (pipeline, fit, questions to ask) for a therapist, and
the log with the outreach check-in. Details are saved when the person leaves
the contact or the area, or with Save; moves and log entries save at once.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTabWidget,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from therapy_journal.gui import errors
from therapy_journal.gui.contacts.contact_editor import ContactEditor
from therapy_journal.gui.flow_layout import FlowLayout
from therapy_journal.gui.i18n import plural, tr
from therapy_journal.gui.layouts import area_layout, column
from therapy_journal.gui.session import Session
from therapy_journal.services import support_network
from therapy_journal.services.compare import MIN_COMPARED
from therapy_journal.services.contact_model import (
    KINDS,
    PIPELINE,
    SUPPORT_ROLES,
    Contact,
)
from therapy_journal.services.matching import FitScore, by_fit
from therapy_journal.services.milestones import Milestone

if TYPE_CHECKING:  # imported where used: the dialogs are not part of the first visit
    from therapy_journal.gui.care.challenges import ChallengesDialog
    from therapy_journal.services.directory import DirectoryEntry

log = logging.getLogger(__name__)

ID_ROLE = Qt.ItemDataRole.UserRole
VIEWS = ("therapists", "everyone", "network")
ORDERS = {"name": "By name", "fit": "By fit to your profile"}


class ContactsArea(QWidget):
    """Therapists and the search, everyone else, and the support network."""

    status = Signal(str)
    write_requested = Signal(object)  # a Prompt: the challenges of the work offer some

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ContactsArea")
        self.session = session
        self.views = QTabWidget()
        self.views.tabBar().setUsesScrollButtons(False)  # every view's name in full
        self.trees: dict[str, QTreeWidget] = {}
        for key, title in zip(
            VIEWS, (tr("Therapists"), tr("Everyone"), tr("Support network")), strict=True
        ):
            tree = QTreeWidget(objectName=f"Contacts-{key}")
            tree.setHeaderHidden(True)
            tree.setAccessibleName(title)
            tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            tree.currentItemChanged.connect(self._selected)
            self.trees[key] = tree
            self.views.addTab(tree, title)
        self.thin = QLabel(objectName="Hint", wordWrap=True)
        # A professional's network view: the checklist of the work's challenges.
        self.challenges_button = QPushButton(tr("Challenges of the wor&k…"))
        self.challenges_button.clicked.connect(self.show_challenges)
        # Therapists in each step of the search, by name or best fit first.
        self.order = QComboBox()
        self.order.setAccessibleName(tr("Order of therapists"))
        for key, label in ORDERS.items():
            self.order.addItem(tr(label), key)
        order_label = QLabel(tr("S&ort therapists"), buddy=self.order)
        order_row = QHBoxLayout()
        order_row.addWidget(order_label)
        order_row.addWidget(self.order, 1)
        left = column(
            order_row,
            self.views,
            self.thin,
            self.challenges_button,
            self._buttons(),
            stretch=self.views,
        )
        splitter = QSplitter()
        area_layout(self).addWidget(splitter)  # in place before the editor is built into it
        splitter.addWidget(left)
        self.editor = ContactEditor(session, splitter)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(0, 1)  # the contact shown gets two thirds
        splitter.setStretchFactor(1, 2)
        self._switching_to: int | None = None
        self.fits: dict[int, FitScore] = {}  # the therapists' fits, when sorted by fit
        self.views.currentChanged.connect(lambda _index: self._view_changed())
        self.directory_button.clicked.connect(self.from_directory)
        self.compare_button.clicked.connect(self.open_compare)
        self.order.currentIndexChanged.connect(lambda _index: self.refresh())
        self.delete_button.clicked.connect(self.delete_current)
        self.delete_button.setEnabled(False)
        self.editor.saved.connect(self._contact_saved)
        self.editor.status.connect(self.status)
        self.editor.placeholder.first_requested.connect(lambda: self.new_contact("therapist"))
        shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)  # only while the area shows
        shortcut.activated.connect(self.editor.save_now)

    def _buttons(self) -> QWidget:
        """New contact (by kind), the directory, vCards and Delete, wrapping when narrow."""
        self.new_button = QToolButton(text=tr("&New contact"))
        self.new_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.new_button.setAccessibleName(tr("New contact"))
        menu = QMenu(self.new_button)
        for kind, label in KINDS.items():
            action = menu.addAction(tr(label))
            action.setData(kind)
        menu.triggered.connect(lambda action: self.new_contact(str(action.data())))
        self.new_button.setMenu(menu)
        self.directory_button = QPushButton(tr("From the d&irectory…"))
        self.more_button = QToolButton(text=tr("vCard"))
        self.more_button.setAccessibleName(tr("Import or export vCards"))
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        cards = QMenu(self.more_button)
        cards.addAction(tr("Import vCard…"), self.import_vcard)
        cards.addAction(tr("Export all as vCard…"), self.export_vcard)
        self.more_button.setMenu(cards)
        self.delete_button = QPushButton(tr("De&lete"))
        self.compare_button = QPushButton(tr("Co&mpare…"))
        self.compare_button.setToolTip(tr("Two to four therapists side by side, part by part"))
        buttons = QWidget()
        flow = FlowLayout(buttons)
        for button in (self.new_button, self.directory_button, self.compare_button):
            flow.addWidget(button)
        flow.addWidget(self.more_button)
        flow.addWidget(self.delete_button)
        return buttons

    # -- lists -------------------------------------------------------------------------

    @property
    def view(self) -> str:
        return VIEWS[self.views.currentIndex()]

    def refresh(self, select: int | None = None) -> None:
        if not self.session.is_open:
            return
        if select is None and self.editor.contact is not None:
            select = self.editor.contact.id
        service = self.session.contacts
        self.fits = {}
        if self.view == "therapists":
            groups = [(tr(PIPELINE[k]), v) for k, v in service.by_stage().items()]
            if self.order.currentData() == "fit":
                profile = self.session.profile.current()
                ranked = []
                for title, contacts in groups:
                    pairs = by_fit(profile, contacts)
                    self.fits |= {c.id: f for c, f in pairs if c.id is not None}
                    ranked.append((title, [c for c, _f in pairs]))
                groups = ranked
        elif self.view == "network":
            groups = [(tr(SUPPORT_ROLES[k]), v) for k, v in service.network().items()]
        else:
            everyone = service.contacts()
            groups = [
                (tr(label), [c for c in everyone if c.kind == k]) for k, label in KINDS.items()
            ]
        tree = self.trees[self.view]
        tree.blockSignals(True)
        tree.clear()
        chosen: QTreeWidgetItem | None = None
        for title, contacts in groups:
            group = QTreeWidgetItem([f"{title} ({len(contacts)})"])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            tree.addTopLevelItem(group)
            for contact in contacts:
                line = self._line(contact, self.fits.get(contact.id or 0))
                item = QTreeWidgetItem([line])
                item.setToolTip(0, line)  # in full where the list cuts it
                item.setData(0, ID_ROLE, contact.id)
                group.addChild(item)
                chosen = item if contact.id == select else chosen
            group.setExpanded(True)
        if chosen is not None:  # highlights the contact the editor shows; loads nothing
            tree.setCurrentItem(chosen)
        tree.blockSignals(False)
        self.editor.placeholder.show_first_step(not any(service.counts().values()))
        self._show_summaries()

    @staticmethod
    def _line(contact: Contact, fit: FitScore | None = None) -> str:
        details = [contact.credentials] if contact.credentials else []
        if fit is not None:
            details.insert(
                0,
                tr("fit not known yet")
                if fit.score is None
                else tr("fit {score}, {confidence}").format(
                    score=fit.score, confidence=tr(fit.confidence_label)
                ),
            )
        if contact.consultation:
            when = contact.consultation.astimezone().strftime("%Y-%m-%d %H:%M")
            details.append(tr("consultation {when}").format(when=when))
        if contact.follow_up:
            details.append(tr("follow up {day}").format(day=contact.follow_up.isoformat()))
        return contact.label + (f"  ·  {', '.join(details)}" if details else "")

    def _show_summaries(self) -> None:
        professional = support_network.professional_setting()
        network = self.session.contacts.network(professional)
        # Crisis lines and the like are not a gap to point out (support_network).
        empty = [tr(label).lower() for label in support_network.empty_roles(network, professional)]
        has_anyone = any(network.values())
        self.thin.setVisible(self.view == "network")
        self.challenges_button.setVisible(self.view == "network" and professional)
        self.editor.form.show_roles(support_network.roles(professional))
        if not has_anyone:
            self.thin.setText(
                tr("Add the people and groups you lean on; a few is plenty to start with.")
            )
        elif empty:
            self.thin.setText(
                tr("No one yet under: {roles}. Only if it would help.").format(
                    roles=", ".join(empty)
                )
            )
        else:
            self.thin.setText(tr("Someone in every part of your network."))

    def show_challenges(self) -> ChallengesDialog:
        """The checklist of the challenges of clinical work (not modal)."""
        from therapy_journal.gui.care.challenges import ChallengesDialog  # noqa: PLC0415

        dialog = ChallengesDialog(self.session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.write_requested.connect(self.write_requested)
        dialog.open()
        return dialog

    def _selected(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        contact_id = current.data(0, ID_ROLE) if current is not None else None
        shown = self.editor.contact
        if contact_id is None or (shown is not None and shown.id == contact_id):
            return
        # Saving refreshes the list (``current`` goes with it): it highlights
        # the contact chosen, or, when the details were refused, the one shown.
        self._switching_to = int(contact_id)
        try:
            saved = self.editor.save_now()
        finally:
            self._switching_to = None
        if not saved:
            self.refresh(shown.id if shown is not None else None)
            return
        try:
            self.editor.show_contact(self.session.contacts.get(int(contact_id)))
        except Exception as error:
            errors.report(self, error)
        self._update_buttons()

    def _contact_saved(self, contact_id: int) -> None:
        self.refresh(self._switching_to if self._switching_to is not None else contact_id)

    def _view_changed(self) -> None:
        """The list shows what the editor shows: a contact not in this view is
        saved and put away, so no view highlights one thing while another shows."""
        if not self.editor.save_now():  # the refusal stays in sight with the contact
            self.refresh()
            return
        self.refresh()
        shown = self.editor.contact
        tree = self.trees[self.view]
        current = tree.currentItem()
        if shown is not None and (current is None or current.data(0, ID_ROLE) != shown.id):
            self.editor.show_contact(None)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.delete_button.setEnabled(self.editor.contact is not None)
        therapists = self.session.contacts.counts()["therapist"] if self.session.is_open else 0
        self.compare_button.setEnabled(therapists >= MIN_COMPARED)

    # -- comparing ---------------------------------------------------------------------

    def compare_dialog(self) -> QDialog | None:
        """The side-by-side table, with the therapist shown (and the next best) ticked."""
        from therapy_journal.gui.contacts.compare_dialog import CompareDialog  # noqa: PLC0415

        if not self.editor.save_now():
            return None
        profile = self.session.profile.current()
        therapists = [c for c, _f in by_fit(profile, self.session.contacts.contacts("therapist"))]
        shown = self.editor.contact
        first = [shown.id] if shown is not None and shown.is_therapist and shown.id else []
        others = [c.id for c in therapists if c.id is not None and c.id not in first]
        chosen = [*first, *others][:MIN_COMPARED]
        self.compare_window = CompareDialog(profile, therapists, chosen, self)
        return self.compare_window

    def open_compare(self) -> None:
        dialog = self.compare_dialog()
        if dialog is not None:
            dialog.open()

    # -- adding --------------------------------------------------------------------------

    def _added(self, contact: Contact, reached: list[Milestone]) -> None:
        if contact.is_therapist:
            self.views.setCurrentIndex(VIEWS.index("therapists"))
        elif contact.kind == "support":
            self.views.setCurrentIndex(VIEWS.index("network"))
        else:
            self.views.setCurrentIndex(VIEWS.index("everyone"))
        self.refresh(contact.id)
        self.editor.show_contact(contact)
        self._update_buttons()
        self.session.changed.emit("milestones" if reached else "contacts")

    def new_contact(self, kind: str) -> Contact | None:
        if not self.editor.save_now():
            return None
        name = {
            "therapist": tr("New therapist"),
            "referral": tr("New referral source"),
            "organization": tr("New organization"),
            "support": tr("New person"),
        }[kind]
        try:
            contact, reached = self.session.contacts.add(Contact(kind=kind, name=name))
        except Exception as error:
            errors.report(self, error)
            return None
        self._added(contact, reached)
        self.editor.tabs.setCurrentIndex(0)
        self.editor.form.name.setFocus()
        self.editor.form.name.selectAll()
        return contact

    def from_directory(self) -> None:
        from therapy_journal.gui.contacts.directory_dialog import DirectoryDialog  # noqa: PLC0415

        dialog = DirectoryDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            entry = dialog.chosen()
            if entry is not None:
                self.add_from_directory(entry)

    def add_from_directory(self, entry: DirectoryEntry) -> Contact | None:
        if not self.editor.save_now():
            return None
        try:
            from therapy_journal.services.directory import to_contact  # noqa: PLC0415

            contact, reached = self.session.contacts.add(to_contact(entry))
        except Exception as error:
            errors.report(self, error)
            return None
        self._added(contact, reached)
        self.status.emit(tr("Added {name} to your contacts.").format(name=contact.name))
        return contact

    # -- vCard ---------------------------------------------------------------------------

    def import_vcard(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Import vCard"), str(Path.home()), tr("vCard (*.vcf *.vcard)")
        )
        if path:
            self.preview_vcard_file(Path(path)).open()

    def preview_vcard_file(self, path: Path) -> QDialog:
        """The cards of ``path`` to look over first: the kind of each, and who
        to leave out; Import adds the ones ticked. A damaged file says why."""
        from therapy_journal.gui.contacts.vcard_preview import VCardPreview  # noqa: PLC0415
        from therapy_journal.services.vcard import read_vcard_file  # noqa: PLC0415

        try:
            cards = read_vcard_file(path)
            # A card keeps its own kind only when this app wrote it (X-THERAPY-JOURNAL-KIND):
            # read as therapists and as support, such a card is the same kind both times.
            others = read_vcard_file(path, kind="support")
        except Exception as error:
            errors.report(self, error)
            dialog = QDialog(self)
            dialog.setResult(QDialog.DialogCode.Rejected)
            return dialog
        own = [a.kind == b.kind for a, b in zip(cards, others, strict=True)]
        self.vcard_preview = VCardPreview(cards, own, self.session.contacts.contacts(), self)
        self.vcard_preview.accepted.connect(
            lambda: self.import_contacts(self.vcard_preview.chosen(), len(cards))
        )
        return self.vcard_preview

    def import_vcard_file(self, path: Path) -> int:
        """Add every card in the file that is not there yet (their own kind, else
        therapist), or none if any is damaged; how many were added."""
        from therapy_journal.services.vcard import (  # noqa: PLC0415
            is_already_there,
            read_vcard_file,
        )

        try:  # a damaged card (BadVCard) says why, in a sentence
            cards = read_vcard_file(path)
        except Exception as error:
            errors.report(self, error)
            return 0
        existing = self.session.contacts.contacts()
        return self.import_contacts(
            [card for card in cards if not is_already_there(card, existing)], len(cards)
        )

    def import_contacts(self, new: list[Contact], cards: int) -> int:
        """Add ``new`` (chosen from a file of ``cards`` cards), all or none."""
        if not self.editor.save_now():
            return 0
        try:  # a refused contact says why, in a sentence
            added = self.session.contacts.add_many(new)
        except Exception as error:
            errors.report(self, error)
            return 0
        if added:
            self._added(*added[-1])
            reached = [m for _contact, milestones in added for m in milestones]
            self.session.changed.emit("milestones" if reached else "contacts")
        skipped = cards - len(new)
        text = plural(len(added), "Imported %n contact.", "Imported %n contacts.")
        if skipped:
            text += " " + plural(
                skipped, "%n was left out or already there.", "%n were left out or already there."
            )
        self.status.emit(text)
        return len(added)

    def export_vcard(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Export contacts"), str(Path.home() / "contacts.vcf"), tr("vCard (*.vcf)")
        )
        if path:
            self.export_vcard_file(Path(path))

    def export_vcard_file(self, path: Path) -> None:
        if not self.editor.save_now():
            return
        try:
            from therapy_journal.services.vcard import write_vcard_file  # noqa: PLC0415

            write_vcard_file(path, self.session.contacts.contacts())
        except Exception as error:
            errors.report(self, error)
            return
        self.status.emit(tr("Contacts exported. The file is not encrypted; only you can read it."))

    # -- deleting ------------------------------------------------------------------------

    def delete_current(self) -> None:
        contact = self.editor.contact
        if contact is None or contact.id is None:
            return
        contact_id = contact.id
        if not errors.confirmed_delete(
            self,
            tr("Delete contact"),
            tr("Delete this contact and their log? Milestones stay on your timeline."),
            lambda: self.session.contacts.delete(contact_id),
        ):
            return
        self.editor.show_contact(None)
        self.refresh()
        self._update_buttons()
        self.session.changed.emit("contacts")

    def open_item(self, ref: str) -> None:
        """Show one contact (a follow-up on the Journal header names it by id)."""
        if not ref.isdigit():
            return
        try:
            contact = self.session.contacts.get(int(ref))
        except Exception as error:
            errors.report(self, error)
            return
        self.views.blockSignals(True)
        self.views.setCurrentIndex(VIEWS.index("everyone"))
        self.views.blockSignals(False)
        self.refresh(contact.id)
        self.editor.show_contact(contact)
        self._update_buttons()

    # -- area protocol -----------------------------------------------------------------

    def save(self) -> None:
        self.editor.save_now()

    def clear(self) -> None:
        for tree in self.trees.values():
            tree.blockSignals(True)
            tree.clear()
            tree.blockSignals(False)
        self.editor.dirty = False
        self.editor.show_contact(None)
        self._update_buttons()
        self.thin.clear()

    def activate(self) -> None:
        self.refresh()
