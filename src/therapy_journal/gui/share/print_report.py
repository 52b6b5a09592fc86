"""Print… and Save as PDF… in the Share area: the report of the entries and
pages chosen in step 1 of the wizard (the same choice a bundle would share),
on paper or as a PDF file for a person who wants to bring pages to an
appointment.

The same report a bundle carries (:func:`build_report`), drawn page by page
with :mod:`therapy_journal.render.pdf`, off the UI thread with the wizard's
progress bar and Cancel; locking cancels it within a page. A PDF is NOT
encrypted: the file dialog and the message after saving say so, and it is
written readable by its owner only (0600), whole or not at all, never inside
the vault folder.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QBoxLayout, QDialog, QFileDialog, QPushButton, QWidget

from therapy_journal.gui.dialogs.data_dialogs import Progress
from therapy_journal.gui.i18n import plural, tr
from therapy_journal.gui.session import Session
from therapy_journal.render.pdf import print_html, render_pdf
from therapy_journal.services.destination import BadDestination, check_destination
from therapy_journal.services.sharing.report import NOT_ENCRYPTED, build_report, write_report
from therapy_journal.services.sharing.selection import Selection

log = logging.getLogger(__name__)

Run = Callable[[Callable[[Progress], Any], Callable[[Any], None]], None]


class ReportPrinting:
    """The two buttons and what they do. ``selection`` reads the wizard's
    choice; ``run(work, done)`` runs ``work(progress)`` off the UI thread
    with the wizard's progress bar and Cancel; ``say`` shows one sentence.
    The buttons are added to ``layout`` when it is given."""

    def __init__(
        self,
        session: Session,
        parent: QWidget,
        *,
        selection: Callable[[], Selection],
        run: Run,
        say: Callable[[str], None],
        layout: QBoxLayout | None = None,
    ) -> None:
        self.session = session
        self.parent = parent
        self.selection = selection
        self.run = run
        self.say = say
        self.print_button = QPushButton(tr("Pr&int…"), objectName="PrintReport")
        self.print_button.setToolTip(tr("Print the report of these entries (not encrypted)"))
        self.pdf_button = QPushButton(tr("Save &as PDF…"), objectName="SaveReportPdf")
        self.pdf_button.setToolTip(
            tr("Save the report of these entries as a PDF file, NOT encrypted")
        )
        self._printer: QPrinter | None = None
        self.print_button.clicked.connect(self.print_report)
        self.pdf_button.clicked.connect(self.save_pdf)
        if layout is not None:
            self.add_to(layout)

    def add_to(self, layout: QBoxLayout) -> None:
        for button in self.buttons:
            layout.addWidget(button)

    @property
    def buttons(self) -> tuple[QPushButton, QPushButton]:
        return (self.print_button, self.pdf_button)

    # -- Save as PDF -------------------------------------------------------------------

    def save_pdf(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.parent,
            tr("Save the report as PDF (NOT encrypted)"),
            str(Path.home() / "journal-report.pdf"),
            tr("PDF (*.pdf)"),
        )
        if path:
            self.save_pdf_to(Path(path))

    def save_pdf_to(self, path: Path) -> None:
        """Make the report of the wizard's choice and save it to ``path``, off
        the UI thread; where it goes is checked first."""
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        vault = self.session.vault
        try:
            check_destination(path, vault.folder, what="report")
        except BadDestination as error:
            self.say(str(error))
            return
        selection = self.selection()

        def work(progress: Progress) -> Path:
            report = build_report(vault, selection, progress=progress)
            write_report(path, render_pdf(report.html, progress), vault.folder)
            return path

        self.run(work, self._saved)

    def _saved(self, path: Path) -> None:
        log.info("saved a report as PDF")
        self.say(tr("Saved {path}.").format(path=path) + " " + NOT_ENCRYPTED.format(path=path.name))

    # -- Print -------------------------------------------------------------------------

    def print_report(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self.parent)
        dialog.setWindowTitle(tr("Print the report"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Make the report of the wizard's choice and draw it on ``printer``,
        off the UI thread (painting on a printer may happen in any thread)."""
        vault, selection = self.session.vault, self.selection()

        def work(progress: Progress) -> int:
            report = build_report(vault, selection, progress=progress)
            return print_html(report.html, printer, progress)

        self._printer = printer  # kept alive until the work is done
        self.run(work, self._printed)

    def _printed(self, pages: int) -> None:
        self._printer = None
        self.say(plural(pages, "Sent %n page to the printer.", "Sent %n pages to the printer."))
