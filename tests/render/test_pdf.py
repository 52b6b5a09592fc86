"""The report renders to a PDF in memory with Qt, with no widgets."""

from __future__ import annotations

import subprocess
import sys

from pytestqt.qtbot import QtBot

from therapy_journal.render.pdf import render_pdf


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
