"""The report renders to a PDF in memory with Qt, with no widgets."""

from __future__ import annotations

import subprocess
import sys

import pytest
from pytestqt.qtbot import QtBot

from therapy_journal.render.pdf import RenderCancelled, render_pdf


def test_the_report_renders_to_a_pdf_in_memory(qtbot: QtBot) -> None:
    pdf = render_pdf("<h1>Report</h1>" + "<p>A day &lt;script&gt; at a time.</p>" * 200)
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert b"/Page" in pdf


def test_rendering_needs_a_gui_application_but_no_widgets() -> None:
    """What the CLI does: a process with no application renders a PDF on a
    QGuiApplication it starts itself, without loading Qt Widgets."""
    code = (
        "import sys\n"
        "from therapy_journal.render.pdf import render_pdf\n"
        "from PySide6.QtGui import QGuiApplication\n"
        "pdf = render_pdf('<h1>Report</h1>')\n"
        "app = QGuiApplication.instance()\n"
        "print(pdf.startswith(b'%PDF-'), type(app).__name__,"
        " 'PySide6.QtWidgets' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.split() == ["True", "QGuiApplication", "False"]


def pdf_text(pdf: bytes) -> str:
    """The text of every page of ``pdf``, read back with Qt's PDF module,
    without white space (which its reading puts between letters at times)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice  # noqa: PLC0415
    from PySide6.QtPdf import QPdfDocument  # noqa: PLC0415

    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    assert document.status() == QPdfDocument.Status.Ready
    pages = (document.getAllText(page).text() for page in range(document.pageCount()))
    return "".join("".join(pages).split())


def test_pages_are_numbered_and_the_text_is_there(qtbot: QtBot) -> None:
    pdf = render_pdf("<h1>Report</h1>" + "<p>A day at a time, slowly.</p>" * 400)
    text = pdf_text(pdf)
    assert "Adayatatime,slowly." in text
    pages = text.count("/")
    assert pages > 1 and f"1/{pages}" in text and f"{pages}/{pages}" in text


def test_rendering_can_be_stopped_between_pages(qtbot: QtBot) -> None:
    asked: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        asked.append((done, total))
        return done < 2  # stop before the third page

    with pytest.raises(RenderCancelled, match="cancelled"):
        render_pdf("<p>Words and more words.</p>" * 2000, progress)
    assert asked[-1][0] == 2 and asked[-1][1] > 2


def test_the_reports_svg_chart_is_drawn_as_an_image(qtbot: QtBot) -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50" viewBox="0 0 200 50">'
        '<polyline points="0,50 100,0 200,25" fill="none" stroke="#000" stroke-width="2"/></svg>'
    )
    pdf = render_pdf(f"<p>Mood:</p><p>{svg}</p>")
    assert b"/Subtype /Image" in pdf
    assert "polyline" not in pdf_text(pdf)
