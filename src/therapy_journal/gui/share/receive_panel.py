"""The Receive tab: a receiving key to give out, and received bundles opened
read-only.

A received bundle is hostile input: it may crash nothing and freeze nothing.
Opening (decrypting and checking it), showing an entry and importing run off
the UI thread. Entries and pages are shown from their Markdown through the
app's own renderer (:mod:`therapy_journal.render.markdown`: a bounded HTML
subset, no tables, every character escaped), a part at a time; the sender's
``report.html`` and ``report.pdf`` are never rendered, only offered to save.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui import errors
from therapy_journal.gui.empty_state import empty_state
from therapy_journal.gui.i18n import plural, tr
from therapy_journal.gui.layouts import MARGIN
from therapy_journal.gui.session import Session
from therapy_journal.render.markdown import Limits, Rendered, render
from therapy_journal.services.journal import ImportSummary
from therapy_journal.services.sharing.entry_files import BundleEntry
from therapy_journal.services.sharing.errors import BundleError, BundleWrongKey
from therapy_journal.services.sharing.layout import REPORT_HTML, REPORT_PDF
from therapy_journal.services.sharing.pages import PAGES
from therapy_journal.services.sharing.received import OpenedBundle, open_bundle
from therapy_journal.store.atomic import write_atomic
from therapy_journal.store.errors import StorageError

log = logging.getLogger(__name__)

SHOWN_STEP = 50_000  # characters shown at first, and added by "Show more"
SHOWN_MOST = 400_000  # beyond this, the rest is for saving, not for this view
PAGE_TITLES = {"profile": "Their profile", "goals": "Their goals", "assessments": "Their check-ins"}
ITEM_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class _Shown:
    """What the viewer shows: one file of the bundle, rendered up to ``chars``."""

    name: str
    title: str
    chars: int


class ReceivePanel(QWidget):
    """A receiving key for people who send you bundles, and opening a bundle."""

    imported = Signal(int)
    opened_bundle = Signal()
    rendered = Signal()

    def __init__(self, session: Session) -> None:
        super().__init__(objectName="ReceivePanel")
        self.session = session
        self.opened: OpenedBundle | None = None
        self.shown: _Shown | None = None
        self.busy = False
        self._generation = 0  # results of work started before a lock or a new open are dropped
        self.key = QLineEdit(readOnly=True)
        self.key.setAccessibleName(tr("Your public receiving key"))
        self.create_button = QPushButton(tr("&Create a receiving key"))
        self.copy_button = QPushButton(tr("Cop&y"))
        self.open_button = QPushButton(tr("&Open a bundle…"))
        self.import_button = QPushButton(tr("&Import these entries"))
        self.report_button = QPushButton(tr("Save their re&port…"))
        self.report_button.setToolTip(
            tr("The sender's printable report is saved as a file, not shown here.")
        )
        self.contents = QListWidget()
        self.contents.setAccessibleName(tr("What the bundle holds"))
        self.view = QTextBrowser()
        self.view.setAccessibleName(tr("The opened bundle, read-only"))
        self.view.setOpenLinks(False)
        self.view.setOpenExternalLinks(False)
        self.more_button = QPushButton(tr("Show &more"))
        self.save_button = QPushButton(tr("&Save this…"))
        # Messages may quote the bundle (a file name): never read as rich text.
        self.part = QLabel(wordWrap=True, objectName="Hint", textFormat=Qt.TextFormat.PlainText)
        self.message = QLabel(wordWrap=True, objectName="Hint", textFormat=Qt.TextFormat.PlainText)
        self._layout()
        self.create_button.clicked.connect(self.create_key)
        self.copy_button.clicked.connect(self.copy_key)
        self.open_button.clicked.connect(self.choose_bundle)
        self.import_button.clicked.connect(self.import_entries)
        self.report_button.clicked.connect(self.save_report)
        self.more_button.clicked.connect(self.show_more)
        self.save_button.clicked.connect(self.save_shown)
        self.contents.currentItemChanged.connect(self._chosen)
        self._enable()

    def _layout(self) -> None:
        keys = QGroupBox(tr("Receiving key"))
        key_row = QHBoxLayout()
        key_row.addWidget(self.key, 1)
        key_row.addWidget(self.copy_button)
        key_row.addWidget(self.create_button)
        keys_layout = QVBoxLayout(keys)
        keys_layout.addWidget(
            QLabel(
                tr("Give this public key to someone who sends you bundles; it opens nothing."),
                wordWrap=True,
            )
        )
        keys_layout.addLayout(key_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch()
        buttons.addWidget(self.report_button)
        buttons.addWidget(self.import_button)
        viewer = QWidget()
        viewer_layout = QVBoxLayout(viewer)
        viewer_layout.setContentsMargins(0, 0, 0, 0)
        viewer_layout.addWidget(self.view, 1)
        part_row = QHBoxLayout()
        part_row.addWidget(self.part, 1)
        part_row.addWidget(self.more_button)
        part_row.addWidget(self.save_button)
        viewer_layout.addLayout(part_row)
        split = QSplitter()
        split.addWidget(self.contents)
        split.addWidget(viewer)
        split.setStretchFactor(1, 3)
        self.nothing_opened = QLabel(
            tr(
                "Nothing opened yet. When someone sends you a bundle (an .age file or a "
                "page), choose Open a bundle… to read it here. Nothing is added to your "
                "journal unless you choose to import it."
            ),
            objectName="EmptyState",
            wordWrap=True,
        )
        self.shown_part = QStackedWidget()
        self.shown_part.addWidget(empty_state(self.nothing_opened))
        self.shown_part.addWidget(split)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)  # off the tab's frame
        layout.addWidget(keys)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.shown_part, 1)

    def _enable(self) -> None:
        opened = self.opened
        self.open_button.setEnabled(not self.busy)
        self.import_button.setEnabled(bool(opened and opened.entries) and not self.busy)
        self.report_button.setEnabled(
            bool(opened and (REPORT_HTML in opened.files or REPORT_PDF in opened.files))
        )
        self.save_button.setEnabled(self.shown is not None)

    # -- the receiving key -------------------------------------------------------------

    def refresh(self) -> None:
        key = self.session.shares.receiving_key()
        self.key.setText(key or "")
        self.copy_button.setEnabled(bool(key))
        self.create_button.setText(
            tr("Create &another key") if key else tr("&Create a receiving key")
        )

    def create_key(self) -> None:
        try:
            self.session.shares.create_receiving_key()
        except Exception as error:
            errors.report(self, error)
            return
        self.refresh()

    def copy_key(self) -> None:
        QGuiApplication.clipboard().setText(self.key.text())
        self.message.setText(tr("The public key is copied."))

    # -- opening, off the UI thread ----------------------------------------------------

    def choose_bundle(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Open a bundle"), str(Path.home()), tr("Bundles (*.age *.html);;All files (*)")
        )
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path, passphrase: str | None = None) -> None:
        """Open with the vault's receiving keys, else with a passphrase (asked for
        when not given). Decrypting and checking run off the UI thread;
        :attr:`opened_bundle` is emitted when the bundle is shown."""
        identities = self.session.shares.receiving_identities()
        if passphrase is None and not identities:
            passphrase = self._ask_passphrase()
            if passphrase is None:
                return
        by_key = passphrase is None
        self._generation += 1
        generation = self._generation
        self.busy = True
        self._enable()
        self.message.setText(tr("Opening the bundle…"))

        def work() -> OpenedBundle:
            if by_key:
                return open_bundle(path, identities=identities)
            return open_bundle(path, passphrase=passphrase)

        def failed(error: BaseException) -> None:
            if generation != self._generation:
                return
            self.busy = False
            self._enable()
            if by_key and isinstance(error, BundleWrongKey):
                asked = self._ask_passphrase()
                if asked is not None:
                    self.open_path(path, asked)
                else:
                    self.message.setText(tr("No passphrase was given; nothing was opened."))
            elif isinstance(error, BundleWrongKey):
                self.message.setText(tr("That passphrase or key does not open this bundle."))
            elif isinstance(error, BundleError):
                self.message.setText(str(error))
            else:
                self.message.clear()
                errors.report(self, error)

        self.session.tasks.run(work, lambda opened: self._opened(generation, opened), failed)

    def _ask_passphrase(self) -> str | None:
        text, accepted = QInputDialog.getText(
            self,
            tr("Open a bundle"),
            tr("The bundle's passphrase:"),
            QLineEdit.EchoMode.Password,
        )
        if not accepted:
            self.message.setText(tr("No passphrase was given; nothing was opened."))
            return None
        return str(text)

    def _opened(self, generation: int, opened: OpenedBundle) -> None:
        if generation != self._generation or not self.session.is_open:
            return
        self.busy = False
        self.show_opened(opened)

    def show_opened(self, opened: OpenedBundle) -> None:
        """List what ``opened`` holds and show the first of it."""
        self.opened = opened
        self.shown = None
        self.view.clear()
        self.contents.clear()
        self.shown_part.setCurrentIndex(1)
        attached: dict[str, int] = {}
        for listed in opened.attachments:
            attached[listed["entry"]] = attached.get(listed["entry"], 0) + 1
        for entry in opened.entries:
            when = entry.created.strftime("%Y-%m-%d")
            files = attached.get(entry.path, 0)
            with_files = (
                "  " + plural(files, "(%n attachment)", "(%n attachments)") if files else ""
            )
            item = QListWidgetItem(f"{when}  {entry.title or tr('(untitled)')}{with_files}")
            item.setData(ITEM_ROLE, (entry.path, entry.title or tr("(untitled)")))
            self.contents.addItem(item)
        for name in PAGES:
            if f"{name}.md" in opened.files:
                item = QListWidgetItem(tr(PAGE_TITLES[name]))
                item.setData(ITEM_ROLE, (f"{name}.md", tr(PAGE_TITLES[name])))
                self.contents.addItem(item)
        self.message.setText(
            plural(
                len(opened.entries),
                "Opened: %n entry. Nothing is imported unless you choose to.",
                "Opened: %n entries. Nothing is imported unless you choose to.",
            )
        )
        self._enable()
        if self.contents.count():
            self.contents.setCurrentRow(0)
        self.opened_bundle.emit()

    # -- showing one file, off the UI thread ---------------------------------------------

    def _chosen(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        name, title = item.data(ITEM_ROLE)
        self.show_file(name, title, SHOWN_STEP)

    def show_file(self, name: str, title: str, chars: int) -> None:
        """Render the Markdown of ``name`` up to ``chars`` characters off the UI thread."""
        opened = self.opened
        if opened is None or name not in opened.files:
            return
        self.shown = _Shown(name, title, chars)
        self._generation += 1
        generation = self._generation
        entry = next((e for e in opened.entries if e.path == name), None)
        data = opened.files[name]
        self.part.setText(tr("Preparing the text…"))
        self.more_button.setEnabled(False)
        self._enable()

        def work() -> tuple[str, Rendered]:
            if entry is None:
                return "", render(data.decode("utf-8", "replace"), Limits(chars=chars))
            return _entry_header(entry), render(entry.body, Limits(chars=chars))

        self.session.tasks.run(work, lambda shown: self._show(generation, *shown))

    def _show(self, generation: int, header: str, shown: Rendered) -> None:
        if generation != self._generation or not self.session.is_open:
            return
        self.view.setHtml(header + shown.html)
        if shown.complete:
            self.part.clear()
        elif shown.shown_chars >= SHOWN_MOST:
            self.part.setText(
                tr(
                    "Shown: the first {shown:,} of {total:,} characters; the rest is too long "
                    "to show here. Save it or import the entries to read all of it."
                ).format(shown=shown.shown_chars, total=shown.total_chars)
            )
        else:
            self.part.setText(
                tr("Shown: the first {shown:,} of {total:,} characters.").format(
                    shown=shown.shown_chars, total=shown.total_chars
                )
            )
        self.more_button.setEnabled(not shown.complete and shown.shown_chars < SHOWN_MOST)
        self.rendered.emit()

    def show_more(self) -> None:
        shown = self.shown
        if shown is not None:
            self.show_file(shown.name, shown.title, min(shown.chars + SHOWN_STEP, SHOWN_MOST))

    # -- saving the sender's files, never rendering them -------------------------------

    def save_shown(self) -> None:
        shown, opened = self.shown, self.opened
        if shown is None or opened is None:
            return
        suggested = Path.home() / Path(shown.name).name
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Save (not encrypted)"), str(suggested), tr("Markdown (*.md)")
        )
        if path:
            self.save_file(shown.name, Path(path))

    def save_report(self) -> None:
        opened = self.opened
        if opened is None:
            return
        choices = [
            (name, label)
            for name, label in ((REPORT_PDF, "PDF (*.pdf)"), (REPORT_HTML, "HTML (*.html)"))
            if name in opened.files
        ]
        path, chosen = QFileDialog.getSaveFileName(
            self,
            tr("Save their report (not encrypted)"),
            str(Path.home() / choices[0][0]),
            ";;".join(label for _, label in choices),
        )
        if path:
            name = next((n for n, label in choices if label == chosen), choices[0][0])
            self.save_file(name, Path(path))

    def save_file(self, name: str, path: Path) -> bool:
        """Write the bundle's file ``name`` as it is to ``path``, readable by you only."""
        opened = self.opened
        if opened is None or name not in opened.files:
            return False
        try:
            write_atomic(path, opened.files[name], mode=0o600)
        except StorageError as error:
            self.message.setText(str(error))
            return False
        self.message.setText(
            tr(
                "Saved {name}. It is not encrypted: anyone who can read that folder can read it."
            ).format(name=path.name)
        )
        return True

    # -- importing, off the UI thread ----------------------------------------------------

    def import_entries(self) -> None:
        opened = self.opened
        if opened is None or self.busy:
            return
        self.busy = True
        self._enable()
        generation = self._generation
        shares = self.session.shares
        self.message.setText(tr("Importing…"))

        def failed(error: BaseException) -> None:
            self.busy = False
            self._enable()
            self.message.clear()
            errors.report(self, error)

        self.session.tasks.run(
            lambda: shares.import_entries(opened),
            lambda summary: self._imported(generation, summary),
            failed,
        )

    def _imported(self, generation: int, summary: ImportSummary) -> None:
        self.busy = False
        self._enable()
        if generation != self._generation or not self.session.is_open:
            return
        text = tr("Imported {new}; {dupes} were already in your journal.").format(
            new=summary.imported, dupes=summary.skipped_duplicates
        )
        if summary.attachments:
            text += " " + plural(
                summary.attachments,
                "%n attached file came with them.",
                "%n attached files came with them.",
            )
        self.message.setText(text)
        self.imported.emit(summary.imported)
        self.session.changed.emit("entries_imported")

    def clear(self) -> None:
        self._generation += 1
        self.opened = None
        self.shown = None
        self.busy = False
        self.view.clear()
        self.contents.clear()
        self.shown_part.setCurrentIndex(0)
        self.key.clear()
        self.message.clear()
        self.part.clear()
        self._enable()


def _entry_header(entry: BundleEntry) -> str:
    """An entry's title, date, mood, tags and prompt, escaped, above its text."""
    facts = [entry.created.strftime("%Y-%m-%d %H:%M")]
    if entry.mood is not None:
        facts.append(tr("mood {mood}/10").format(mood=entry.mood))
    if entry.tags:
        facts.append(" ".join(f"#{tag}" for tag in entry.tags))
    if entry.journal:
        facts.append(tr("in {journal}").format(journal=entry.journal))
    lines = [
        f"<h1>{html.escape(entry.title or tr('(untitled)'), quote=False)}</h1>",
        f"<p>{html.escape(' · '.join(facts), quote=False)}</p>",
    ]
    if entry.prompt:
        prompt = entry.prompt if len(entry.prompt) <= 500 else entry.prompt[:500] + "…"
        written = tr("Written from the prompt: {prompt}").format(prompt=prompt)
        lines.append(f"<p><i>{html.escape(written, quote=False)}</i></p>")
    return "\n".join(lines) + "\n<hr>\n"
