"""Keeping the journal safe from the app: import, export everything, back up,
check the vault. Each runs off the UI thread with a progress bar; a failure is
one plain sentence and changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui import errors, forms
from therapy_journal.gui.i18n import tr
from therapy_journal.gui.session import Session
from therapy_journal.gui.tasks import TaskRunner
from therapy_journal.services import export_all, importers
from therapy_journal.services.journal import ImportSummary

log = logging.getLogger(__name__)

FORMAT_LABELS = {
    "jrnl-json": "jrnl (its JSON export)",
    "dayone-json": "Day One (its JSON export)",
    "markdown": "A folder of Markdown files",
    "jsonl": "JSON lines (one entry per line)",
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
        self.cancel_button.hide()
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.cancel_button.clicked.connect(self._cancel)
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
        self.start_button.setEnabled(True)

    def _finished(self, done: Callable[[Any], None], result: Any) -> None:
        self._settle()
        done(result)

    def _failed(self, error: BaseException) -> None:
        self._settle()
        if errors.is_expected(error) or isinstance(
            error, ValueError | OSError | export_all.ExportError
        ):
            self.message.setText(str(error))
        else:
            errors.report(self, error)

    def _cancel(self) -> None:
        if self.progress_source is not None:
            self.progress_source.cancel()


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
        self.form.addRow(tr("&Format"), self.format)
        self.form.addRow(tr("&From"), row)
        self.message.setText(
            tr("Everything is imported in one go, or nothing is. Importing twice adds nothing.")
        )
        self.start_button.setText(tr("&Import"))
        self.start_button.clicked.connect(self.start)
        self.summary: ImportSummary | None = None

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
        fmt, path, journal = self.format.currentData(), Path(text), self.session.journal
        self.run(
            lambda progress: journal.import_entries(importers.read(fmt, path), progress),
            self._imported,
        )

    def _imported(self, summary: ImportSummary) -> None:
        self.summary = summary
        self.message.setText(
            tr("Imported {new} entries; {dupes} were already in your journal.").format(
                new=summary.imported, dupes=summary.skipped_duplicates
            )
        )
        self.session.changed.emit("entries_imported")


class CheckDialog(WorkDialog):
    """SQLCipher's integrity checks, reported in plain words."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session.tasks, tr("Check vault"), parent)
        self.session = session
        self.message.setText(
            tr("Reads every page of the vault and checks that it decrypts and fits together.")
        )
        self.start_button.setText(tr("&Check"))
        self.start_button.clicked.connect(self.start)
        self.problems: list[str] | None = None

    def start(self) -> None:
        journal = self.session.journal
        self.run(lambda _progress: journal.integrity_problems(), self._checked)

    def _checked(self, problems: list[str]) -> None:
        self.problems = problems
        if problems:
            self.message.setText(
                tr(
                    "The vault has {count} problem(s). Keep the app open, make no changes, "
                    "and restore your latest backup. First: {first}"
                ).format(count=len(problems), first=problems[0])
            )
        elif self.session.vault.read_only:
            self.message.setText(
                tr(
                    "The vault is healthy: every page decrypts. The search index was not "
                    "compared with the entries: that needs a disk that can be written."
                )
            )
        else:
            self.message.setText(
                tr("The vault is healthy: every page decrypts and the search index matches.")
            )


class ExportAllDialog(WorkDialog):
    """Every entry (and the profile, goals, check-ins, contacts) as Markdown or JSON."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session.tasks, tr("Export everything"), parent)
        self.session = session
        self.format = QComboBox()
        self.format.setAccessibleName(tr("Format"))
        self.format.addItem(tr("Markdown files (one per entry)"), "markdown")
        self.format.addItem(tr("One JSON file"), "json")
        self.folder = QLineEdit()
        self.folder.setAccessibleName(tr("Folder to export into"))
        self.folder.setPlaceholderText(tr("A new or empty folder"))
        row = forms.path_row(self.folder, self._browse)
        self.form.addRow(tr("&Format"), self.format)
        self.form.addRow(tr("&Into"), row)
        self.message.setText(
            tr(
                "These files will NOT be encrypted: anyone who can read the folder can read "
                "your journal. They are made readable by you only."
            )
        )
        self.start_button.setText(tr("&Export"))
        self.start_button.clicked.connect(self.start)
        self.exported: export_all.ExportResult | None = None

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, tr("Folder to export into"))
        if chosen:
            self.folder.setText(chosen)

    def start(self) -> None:
        text = self.folder.text().strip()
        if not text:
            self.message.setText(tr("Choose a new or empty folder first."))
            return
        folder, vault = Path(text), self.session.vault
        write = (
            export_all.export_markdown
            if self.format.currentData() == "markdown"
            else export_all.export_json
        )
        self.run(lambda progress: write(vault, folder, progress), self._exported)

    def _exported(self, result: export_all.ExportResult) -> None:
        self.exported = result
        self.message.setText(
            tr("Exported {count} entries into {folder}. These files are not encrypted.").format(
                count=result.entries, folder=result.folder
            )
        )
