"""Keeping the journal safe from the app: import, export everything, back up,
check the vault, save what a damaged vault still holds. Each runs off the UI
thread with a progress bar; a failure is one plain sentence and changes
nothing, and a failure that comes from damage to the vault offers "Save what
can be read…" beside it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui import errors, forms
from therapy_journal.gui.i18n import plural, tr
from therapy_journal.gui.session import Session
from therapy_journal.gui.tasks import TaskRunner
from therapy_journal.services import export_all, importers
from therapy_journal.services.backup import BackupRefused
from therapy_journal.services.importers import ImportNotes, own_export
from therapy_journal.services.importers.own_export import RestoreSummary
from therapy_journal.services.journal import ImportSummary
from therapy_journal.services.salvage import (
    REPORT_FILE,
    SalvageError,
    SalvageResult,
    Source,
    salvage,
)
from therapy_journal.store import integrity
from therapy_journal.store.errors import VaultDamaged
from therapy_journal.store.models import NewEntry

log = logging.getLogger(__name__)

FORMAT_LABELS = {
    "jrnl-json": "jrnl (its JSON export)",
    "dayone-json": "Day One (its JSON export)",
    "markdown": "A folder of Markdown files",
    "jsonl": "JSON lines (one entry per line)",
    "therapy-journal-json": "This app's Export everything (journal.json), in full",
}


class Progress(QObject):
    """Progress reported from a worker thread, delivered on the UI thread."""

    advanced = Signal(int, int)

    def __init__(self) -> None:
        super().__init__()
        self.cancelled = False

    def __call__(self, done: int, total: int = 0) -> bool:
        self.advanced.emit(done, total)
        return not self.cancelled

    def cancel(self) -> None:
        """The work stops at its next progress report."""
        self.cancelled = True


class WorkDialog(QDialog):
    """A small dialog that runs one piece of work with a progress bar and Cancel."""

    def __init__(self, tasks: TaskRunner, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.tasks = tasks
        self.salvage_session: Session | None = None  # dialogs on an open vault set it
        self.progress_source: Progress | None = None
        self.form = QFormLayout()
        self.message = QLabel(wordWrap=True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(tr("Progress"))
        self.progress.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.start_button = self.buttons.addButton(
            tr("&Start"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.cancel_button = QPushButton(tr("Cancel"))
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_button.hide()  # after addButton, which shows it; Close or Cancel, never both
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        self.salvage_button = QPushButton(tr("Save what can be &read…"))
        self.salvage_button.setToolTip(
            tr("Write every entry that can still be read into a folder, NOT encrypted")
        )
        self.buttons.addButton(self.salvage_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.salvage_button.hide()
        self.buttons.rejected.connect(self.reject)
        self.cancel_button.clicked.connect(self._cancel)
        self.salvage_button.clicked.connect(self.open_salvage)
        self.salvage_dialog: SalvageDialog | None = None
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def run(self, work: Callable[[Progress], Any], done: Callable[[Any], None]) -> None:
        progress = Progress()
        progress.advanced.connect(self._advanced)
        self.progress_source = progress
        self.progress.setRange(0, 0)
        self.progress.show()
        self.close_button.hide()
        self.cancel_button.show()
        self.start_button.setEnabled(False)
        self.message.setText(tr("Working…"))
        self.tasks.run(
            lambda: work(progress),
            lambda result: self._finished(done, result),
            self._failed,
            cancel=progress.cancel,  # a lock cancels it too
        )

    def _advanced(self, done: int, total: int) -> None:
        if total:
            self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _settle(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.close_button.show()
        self.start_button.setEnabled(True)

    @property
    def working(self) -> bool:
        return self.cancel_button.isVisibleTo(self)

    def reject(self) -> None:
        """Escape (or the window's close) while the work runs cancels it; the dialog
        stays to say how it ended."""
        if self.working:
            self._cancel()
            return
        super().reject()

    def _finished(self, done: Callable[[Any], None], result: Any) -> None:
        self._settle()
        done(result)

    def _failed(self, error: BaseException) -> None:
        self._settle()
        if errors.is_expected(error) or isinstance(
            error, ValueError | OSError | export_all.ExportError | SalvageError
        ):
            self.message.setText(str(error))
            self.offer_salvage(isinstance(error, VaultDamaged | BackupRefused))
        else:
            errors.report(self, error)

    def _cancel(self) -> None:
        if self.progress_source is not None:
            self.progress_source.cancel()

    def offer_salvage(self, damaged: bool) -> None:
        """Show "Save what can be read…" beside a message about damage."""
        self.salvage_button.setVisible(damaged and self.salvage_session is not None)

    def open_salvage(self) -> None:
        if self.salvage_session is None:
            return
        vault = self.salvage_session.vault
        self.salvage_dialog = SalvageDialog(
            self.salvage_session.tasks, lambda: Source.of_vault(vault), self
        )
        self.salvage_dialog.open()


class ImportDialog(WorkDialog):
    """Import entries from jrnl, Day One, Markdown files or JSON lines."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session.tasks, tr("Import from another journal"), parent)
        self.session = session
        self.format = QComboBox()
        self.format.setAccessibleName(tr("Format"))
        for key in importers.FORMATS:
            self.format.addItem(tr(FORMAT_LABELS.get(key, key)), key)
        self.path = QLineEdit()
        self.path.setAccessibleName(tr("File or folder to import"))
        row = forms.path_row(self.path, self._browse)
        forms.add_row(self.form, tr("&Format"), self.format)
        forms.add_row(self.form, tr("Fr&om"), row, self.path)
        self.message.setText(
            tr("Everything is imported in one go, or nothing is. Importing twice adds nothing.")
        )
        self.start_button.setText(tr("&Import"))
        self.start_button.clicked.connect(self.start)
        self.summary: ImportSummary | None = None
        self.pending: list[NewEntry] | None = None  # read, waiting for the go-ahead
        self.format.currentIndexChanged.connect(self._forget_pending)
        self.path.textChanged.connect(self._forget_pending)

    def _forget_pending(self) -> None:
        self.pending = None
        self.start_button.setText(tr("&Import"))

    def _browse(self) -> None:
        if self.format.currentData() == "markdown":
            chosen = QFileDialog.getExistingDirectory(self, tr("Folder of Markdown files"))
        else:
            chosen, _ = QFileDialog.getOpenFileName(self, tr("File to import"))
        if chosen:
            self.path.setText(chosen)

    def start(self) -> None:
        text = self.path.text().strip()
        if not text:
            self.message.setText(tr("Choose the file or folder to import first."))
            return
        fmt, path, vault = str(self.format.currentData()), Path(text), self.session.vault
        if fmt == "therapy-journal-json":  # everything export-all wrote, not only entries
            self.run(lambda progress: own_export.restore(vault, path, progress), self._restored)
            return
        journal, notes = self.session.journal, importers.ImportNotes()
        pending, self.pending = self.pending, None
        if fmt == "markdown" and pending is None:
            # Every file is read first: the ones that cannot be read are listed,
            # and the rest imported only when the person agrees.
            self.run(lambda _progress: (list(importers.read(fmt, path, notes)), notes), self._read)
            return

        def work(progress: Progress) -> tuple[ImportSummary, ImportNotes]:
            entries = pending if pending is not None else importers.read(fmt, path, notes)
            summary = journal.import_entries(
                entries, progress, alike_are_distinct=fmt in importers.DISTINCT_ENTRIES
            )
            return summary, notes

        self.run(work, self._imported)

    def _read(self, result: tuple[list[NewEntry], ImportNotes]) -> None:
        entries, notes = result
        if not notes.unreadable:
            self.pending = entries
            self.start()
            return
        self.pending = entries
        problems = "\n".join(f"• {problem}" for _name, problem in notes.unreadable[:8])
        more = len(notes.unreadable) - 8
        if more > 0:
            problems += "\n" + tr("…and {count} more.").format(count=more)
        self.message.setText(
            plural(len(notes.unreadable), "%n file cannot be read:", "%n files cannot be read:")
            + "\n"
            + problems
            + "\n"
            + tr("Nothing is imported yet. Fix those files and try again, or import the rest.")
        )
        self.start_button.setText(
            plural(
                len(entries), "&Import the %n that can be read", "&Import the %n that can be read"
            )
        )

    def _imported(self, result: tuple[ImportSummary, ImportNotes]) -> None:
        summary, notes = result
        self.summary = summary
        self.start_button.setText(tr("&Import"))
        lines = [
            plural(summary.imported, "Imported %n entry", "Imported %n entries")
            + "; "
            + plural(
                summary.skipped_duplicates,
                "%n was already in your journal.",
                "%n were already in your journal.",
            )
        ]
        lines += [f"{count:,} {what}." for what, count in notes.counts.items()]
        lines += list(notes.warnings[:5])
        if notes.unreadable:
            lines.append(
                plural(len(notes.unreadable), "%n file was left out.", "%n files were left out.")
            )
        self.message.setText("\n".join(lines))
        self.session.changed.emit("entries_imported")

    def _restored(self, restored: RestoreSummary) -> None:
        self.summary = restored.entries
        added = ", ".join(f"{count:,} {kind}" for kind, count in restored.added.items() if count)
        text = plural(restored.entries.imported, "Imported %n entry", "Imported %n entries") + "; "
        text += plural(
            restored.entries.skipped_duplicates,
            "%n was already in your journal.",
            "%n were already in your journal.",
        )
        if added:
            text += " " + tr("Also added: {added}.").format(added=added)
        self.message.setText(text)
        self.session.changed.emit("entries_imported")


class CheckDialog(WorkDialog):
    """The full check of the vault (:mod:`integrity`), reported in plain words;
    what SQLite said is under "Details"."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session.tasks, tr("Check vault"), parent)
        self.session = self.salvage_session = session
        self.message.setText(
            tr(
                "Reads every page of the vault and checks that it decrypts, that its tables "
                "and indexes fit together, and that the search index matches the entries."
            )
        )
        self.details = QPlainTextEdit(readOnly=True)
        self.details.setAccessibleName(tr("What the check reported"))
        self.details.hide()
        self.details_button = self.buttons.addButton(
            tr("Show &details"), QDialogButtonBox.ButtonRole.HelpRole
        )
        self.details_button.hide()
        self.details_button.clicked.connect(self._toggle_details)
        cast(QVBoxLayout, self.layout()).insertWidget(2, self.details)
        self.start_button.setText(tr("&Check"))
        self.start_button.clicked.connect(self.start)
        self.health: integrity.Health | None = None
        self.problems: list[str] | None = None

    def start(self) -> None:
        vault = self.session.vault
        self.run(lambda progress: integrity.check_vault(vault, progress=progress), self._checked)

    def _checked(self, health: integrity.Health) -> None:
        self.health = health
        self.problems = health.details()
        self.message.setText(health_text(health))
        self.details.setPlainText("\n".join(self.problems))
        self.details_button.setVisible(not health.ok)
        self.offer_salvage(health.loses_entries)

    def _toggle_details(self) -> None:
        shown = not self.details.isVisible()
        self.details.setVisible(shown)
        self.details_button.setText(tr("Hide &details") if shown else tr("Show &details"))


def health_text(health: integrity.Health) -> str:
    """What a check found, in words for people (the CLI's line, translated)."""
    if health.ok and health.read_only:
        return tr(
            "The vault is healthy: every page decrypts and checks out, its structure and "
            "schema are sound, and the search index lists every entry. It was not compared "
            "word by word with the entries: that needs a disk that can be written."
        )
    if health.ok:
        return tr(
            "The vault is healthy: every page decrypts and checks out, its structure and "
            "schema are sound, and the search index matches the entries."
        )
    if health.only_search_index:
        return tr(
            "The search index does not match the entries, so search may miss some; no entry "
            "is lost. Restoring your latest backup gives a matching index."
        )
    pages = health.damaged_pages
    listed = ", ".join(str(page) for page in pages[:3]) + ("…" if len(pages) > 3 else "")
    if health.only_unused_pages:
        return plural(
            len(pages),
            "%n unused page of the vault cannot be read (page {pages}); it holds none "
            "of your journal. The disk may be failing: back up now, and restore that backup "
            "for a clean vault.",
            "%n unused pages of the vault cannot be read (pages {pages}); they hold none "
            "of your journal. The disk may be failing: back up now, and restore that backup "
            "for a clean vault.",
        ).format(pages=listed)
    if pages:
        what = plural(
            len(pages),
            "%n page of its database cannot be read (page {pages})",
            "%n pages of its database cannot be read (pages {pages})",
        ).format(pages=listed)
    elif health.of(integrity.Part.SCHEMA):
        what = tr("its tables are not those of a journal this app knows")
    else:
        what = tr("the structure of its database is damaged")
    return tr(
        "The vault is damaged: {what}. Make no changes. Save what can still be read, then "
        "restore your latest backup."
    ).format(what=what)


class FolderDialog(WorkDialog):
    """A dialog that writes Markdown or JSON into a new or empty folder: the
    format and folder rows, Browse, and the check that a folder was given."""

    def __init__(
        self, tasks: TaskRunner, title: str, folder_name: str, parent: QWidget | None
    ) -> None:
        super().__init__(tasks, title, parent)
        self.folder_name = folder_name
        self.format = QComboBox()
        self.format.setAccessibleName(tr("Format"))
        self.format.addItem(tr("Markdown files (one per entry)"), "markdown")
        self.format.addItem(tr("One JSON file"), "json")
        self.folder = QLineEdit()
        self.folder.setAccessibleName(folder_name)
        self.folder.setPlaceholderText(tr("A new or empty folder"))
        row = forms.path_row(self.folder, self._browse)
        forms.add_row(self.form, tr("&Format"), self.format)
        forms.add_row(self.form, tr("&Into"), row, self.folder)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.folder_name)
        if chosen:
            self.folder.setText(chosen)

    def chosen_folder(self) -> Path | None:
        """The folder typed or picked; None (and a line saying so) when there is none."""
        text = self.folder.text().strip()
        if not text:
            self.message.setText(tr("Choose a new or empty folder first."))
            return None
        return Path(text)


class ExportAllDialog(FolderDialog):
    """Every entry (and the profile, goals, check-ins, contacts) as Markdown or JSON."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(
            session.tasks, tr("Export everything"), tr("Folder to export into"), parent
        )
        self.session = self.salvage_session = session
        self.message.setText(
            tr(
                "These files will NOT be encrypted: anyone who can read the folder can read "
                "your journal. They are made readable by you only."
            )
        )
        self.start_button.setText(tr("&Export"))
        self.start_button.clicked.connect(self.start)
        self.exported: export_all.ExportResult | None = None

    def start(self) -> None:
        folder, vault = self.chosen_folder(), self.session.vault
        if folder is None:
            return
        write = (
            export_all.export_markdown
            if self.format.currentData() == "markdown"
            else export_all.export_json
        )
        self.run(lambda progress: write(vault, folder, progress), self._exported)

    def _exported(self, result: export_all.ExportResult) -> None:
        self.exported = result
        self.message.setText(
            plural(
                result.entries,
                "Exported %n entry into {folder}. These files are not encrypted.",
                "Exported %n entries into {folder}. These files are not encrypted.",
            ).format(folder=result.folder)
        )


class SalvageDialog(FolderDialog):
    """Save what a damaged vault still holds (:mod:`salvage`) into a folder."""

    def __init__(
        self, tasks: TaskRunner, source: Callable[[], Source], parent: QWidget | None = None
    ) -> None:
        """``source`` is called off the UI thread (it may derive a key)."""
        super().__init__(tasks, tr("Save what can be read"), tr("Folder to save into"), parent)
        self.source = source
        self.message.setText(
            tr(
                "Every entry that can still be read is written into the folder, as Export "
                "everything writes it, with a report of what could not be read. The vault "
                "itself is not changed. These files will NOT be encrypted."
            )
        )
        self.start_button.setText(tr("&Save"))
        self.start_button.clicked.connect(self.start)
        self.result_: SalvageResult | None = None

    def start(self) -> None:
        folder, fmt, opener = self.chosen_folder(), str(self.format.currentData()), self.source
        if folder is None:
            return

        def work(progress: Progress) -> SalvageResult:
            source = opener()
            try:
                return salvage(source, folder, fmt, progress)
            finally:
                source.forget()

        self.run(work, self._saved)

    def _saved(self, result: SalvageResult) -> None:
        self.result_ = result
        text = plural(
            result.entries,
            "Saved %n entry into {folder}. These files are not encrypted.",
            "Saved %n entries into {folder}. These files are not encrypted.",
        ).format(folder=result.folder)
        if result.partial:
            text += " " + plural(
                len(result.partial),
                "%n of them could be read only in part; it says so at its top.",
                "%n of them could be read only in part; each says so at its top.",
            )
        if result.lost:
            text += " " + plural(
                len(result.lost),
                "%n entry could not be read at all.",
                "%n entries could not be read at all.",
            )
        if result.pages_lost:
            text += " " + tr("Could not read: {parts}.").format(parts=", ".join(result.pages_lost))
        text += " " + tr("The folder's {report} lists the details.").format(report=REPORT_FILE)
        self.message.setText(text)
