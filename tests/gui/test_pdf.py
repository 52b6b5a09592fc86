"""The report renders to a PDF in memory with Qt."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from therapy_journal.gui.pdf import render_pdf


def test_the_report_renders_to_a_pdf_in_memory(qtbot: QtBot) -> None:
    pdf = render_pdf("<h1>Report</h1>" + "<p>A day &lt;script&gt; at a time.</p>" * 200)
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert b"/Page" in pdf
