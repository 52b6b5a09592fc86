"""Print… and Save as PDF… in the Share area: the report of the wizard's
choice, made off the UI thread, written 0600 and never inside the vault, and
stopped by locking."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from tests.gui.helpers import open_area
from therapy_journal.gui.app import App
from therapy_journal.gui.share import print_report, share_area
from therapy_journal.gui.share.share_area import ShareArea
from therapy_journal.render.pdf import RenderCancelled
from therapy_journal.services.journal import make_entry
from therapy_journal.store.models import NewEntry

NOW = datetime.now().astimezone().replace(microsecond=0)


@pytest.fixture
def seed_entries() -> list[NewEntry]:
    return [
        make_entry(
            title="Before the appointment",
            body="I slept **badly** and <script>alert(1)</script> worried.",
            tags=["sleep"],
            mood=3,
            created=NOW - timedelta(days=2),
        ),
        make_entry(title="Private", body="Only me", tags=["home"], created=NOW - timedelta(days=1)),
    ]


def pdf_words(path: Path) -> str:
    """The PDF's text, read back with Qt's PDF module, without white space."""
    document = QPdfDocument()
    document.load(str(path))
    assert document.status() == QPdfDocument.Status.Ready
    text = "".join(document.getAllText(p).text() for p in range(document.pageCount()))
    return "".join(text.split())


def choose_sleep(qtbot: QtBot, area: ShareArea) -> None:
    what = area.wizard.what
    what.by_tag.setChecked(True)
    qtbot.waitUntil(lambda: what.tag.findData("sleep") >= 0)  # read off the UI thread
    what.tag.setCurrentIndex(what.tag.findData("sleep"))


def test_save_as_pdf_writes_the_chosen_entries_for_the_owner_only(
    qtbot: QtBot, unlocked_app: App, tmp_path: Path
) -> None:
    _window, area = open_area(unlocked_app, "share", ShareArea)
    wizard = area.wizard
    assert all(button.isVisible() for button in wizard.printing.buttons)
    assert wizard.printing.pdf_button.accessibleName() or wizard.printing.pdf_button.text()
    choose_sleep(qtbot, area)
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "report.pdf"
    wizard.printing.save_pdf_to(target)
    qtbot.waitUntil(lambda: "Saved" in wizard.error.text(), timeout=30_000)
    assert "NOT encrypted" in wizard.error.text()
    assert target.stat().st_mode & 0o777 == 0o600
    words = pdf_words(target)
    assert "Beforetheappointment" in words and "Isleptbadlyand<script>alert(1)</script>" in words
    assert "Private" not in words and "**" not in words
    assert [p.name for p in target.parent.iterdir()] == ["report.pdf"]


def test_save_as_pdf_inside_the_vault_is_refused_before_any_work(
    qtbot: QtBot, unlocked_app: App
) -> None:
    _window, area = open_area(unlocked_app, "share", ShareArea)
    target = unlocked_app.session.vault.folder / "report.pdf"
    area.wizard.printing.save_pdf_to(target)
    assert "inside the vault folder" in area.wizard.error.text()
    assert not area.wizard.progress.isVisible()
    assert not target.exists()


def test_print_draws_the_report_on_the_printer(
    qtbot: QtBot, unlocked_app: App, tmp_path: Path
) -> None:
    """A printer printing to a PDF file stands in for paper."""
    _window, area = open_area(unlocked_app, "share", ShareArea)
    choose_sleep(qtbot, area)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    area.wizard.printing.print_to(printer)
    qtbot.waitUntil(lambda: "Sent 1 page to" in area.wizard.error.text(), timeout=30_000)
    del printer  # finishes the file
    words = pdf_words(tmp_path / "printed.pdf")
    assert "Beforetheappointment" in words and "Private" not in words


def test_the_buttons_show_on_the_first_step_only(qtbot: QtBot, unlocked_app: App) -> None:
    _window, area = open_area(unlocked_app, "share", ShareArea)
    wizard = area.wizard
    wizard.next_button.click()
    assert not any(button.isVisible() for button in wizard.printing.buttons)
    wizard.back_button.click()
    assert all(button.isVisible() for button in wizard.printing.buttons)


def test_locking_cancels_a_pdf_being_made(
    qtbot: QtBot, unlocked_app: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _window, area = open_area(unlocked_app, "share", ShareArea)
    wizard = area.wizard
    wizard.what.everything.setChecked(True)
    # The work waits until the app is locked, so the lock comes while it runs.
    locked = threading.Event()
    real = print_report.build_report

    def build_after_lock(*args: Any, **kwargs: Any) -> Any:
        locked.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(print_report, "build_report", build_after_lock)
    target = tmp_path / "report.pdf"
    wizard.printing.save_pdf_to(target)
    source = wizard.progress_source
    assert source is not None
    unlocked_app.session.tasks.abandon()
    locked.set()
    assert source.cancelled  # the work stops at its next entry or page
    unlocked_app.session.tasks.wait()
    assert not target.exists()


def test_locking_stops_the_pdf_of_a_bundle_being_previewed(
    qtbot: QtBot, unlocked_app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    _window, area = open_area(unlocked_app, "share", ShareArea)
    wizard = area.wizard
    wizard.what.everything.setChecked(True)
    wizard.next_button.click()  # to "who"
    drawing, locked = threading.Event(), threading.Event()
    outcome: list[str] = []
    real = share_area.render_pdf

    def render_after_lock(html: str, progress: Any = None) -> bytes:
        drawing.set()  # the entries are read: the PDF is next
        locked.wait(10)
        try:
            return real(html, progress)
        except RenderCancelled:
            outcome.append("cancelled")
            raise

    monkeypatch.setattr(share_area, "render_pdf", render_after_lock)
    wizard.next_button.click()  # builds the preview off the UI thread
    assert drawing.wait(10)
    unlocked_app.session.tasks.abandon()
    locked.set()
    unlocked_app.session.tasks.wait()
    assert outcome == ["cancelled"]
