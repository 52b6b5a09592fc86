"""The report renders to a PDF in memory with Qt, with no widgets."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from therapy_journal.render import pdf as pdf_module
from therapy_journal.render.pdf import RenderCancelled, html_parts, print_document, render_pdf


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


def long_report(tmp_path: Path, entries: int) -> str:
    """A real report (the services' HTML) of ``entries`` numbered entries."""
    from datetime import datetime, timedelta  # noqa: PLC0415

    from tests.helpers.vaults import make_vault  # noqa: PLC0415
    from therapy_journal.services.journal import JournalService, make_entry  # noqa: PLC0415
    from therapy_journal.services.sharing.report import build_report  # noqa: PLC0415
    from therapy_journal.services.sharing.selection import Selection  # noqa: PLC0415

    info = make_vault(tmp_path / "vault", "a passphrase for the long report test")
    start = datetime(2025, 1, 1, 9).astimezone()
    JournalService(info.vault).import_entries(
        make_entry(
            title=f"Day number {n:03d}",
            body=f"Marker{n:03d} was written today. " + "Some ordinary words. " * 30,
            created=start + timedelta(days=n),
            mood=5,
        )
        for n in range(entries)
    )
    return build_report(info.vault, Selection(all_entries=True)).html


def test_a_long_report_is_split_between_entries_into_whole_bounded_documents(
    tmp_path: Path,
) -> None:
    html = long_report(tmp_path, 60)
    parts = html_parts(html, limit=12_000)
    assert len(parts) > 3
    for part in parts:
        assert part.startswith("<!DOCTYPE html>") and part.rstrip().endswith("</html>")
        assert "<style>" in part and part.count("<article>") == part.count("</article>")
        assert len(part) < 12_000 + 3_000  # the limit, and one part's head and tail
    seen = re.findall(r"Marker(\d{3})", "".join(parts))
    assert seen == re.findall(r"Marker(\d{3})", html) and len(set(seen)) == 60


def test_a_report_drawn_in_parts_has_every_entry_and_pages_numbered_through(
    tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    html = long_report(tmp_path, 60)
    monkeypatch.setattr(pdf_module, "PART_CHARS", 12_000)
    assert len(html_parts(html)) > 3
    asked: list[tuple[int, int]] = []
    text = pdf_text(render_pdf(html, lambda done, total: asked.append((done, total)) or True))
    for n in range(60):
        assert f"Marker{n:03d}" in text
    pages = max(total for _done, total in asked)
    numbers = re.findall(r"(\d+)/(\d+)", text)
    assert [int(a) for a, b in numbers if int(b) == pages] == list(range(1, pages + 1))


def test_one_long_entry_after_a_short_header_stays_one_document(tmp_path: Path) -> None:
    """The header is not split off a long entry: that would lay it out twice."""
    html = long_report(tmp_path, 1)
    assert html_parts(html, limit=len(html) - 200) == [html]


def test_a_report_too_long_for_one_document_is_split_into_smaller_parts() -> None:
    """Parts of a long report are laid out twice, so a report up to PART_CHARS
    is one document; a longer one is drawn in parts of SPLIT_CHARS at most,
    which hold far less memory laid out."""
    head, tail = "<html><head><style>p {}</style></head><body>", "</body></html>"
    entry = "\n<article><p>" + "word " * 200 + "</p></article>"
    short = head + entry * (pdf_module.PART_CHARS // len(entry) - 1) + tail
    assert html_parts(short) == [short]
    long = head + entry * (pdf_module.PART_CHARS // len(entry) + 10) + tail
    parts = html_parts(long)
    assert len(parts) >= pdf_module.PART_CHARS // pdf_module.SPLIT_CHARS
    assert all(len(part) <= pdf_module.SPLIT_CHARS + len(head) + len(tail) for part in parts)
    assert "".join(part[len(head) : -len(tail)] for part in parts) == long[len(head) : -len(tail)]


def _without_stamps(pdf: bytes) -> bytes:
    """``pdf`` without what differs between two runs: its dates and its id."""
    pdf = re.sub(rb"uuid:[0-9a-f-]+", b"uuid", pdf)
    pdf = re.sub(rb"/ID \[[^\]]*\]", b"/ID", pdf)
    pdf = re.sub(rb"D:\d{14}Z", b"D:", pdf)
    return re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", b"date", pdf)


def _kept_shaping(html: str) -> list[bool]:
    """Whether each paragraph of ``html``'s document kept its shaped text
    through being drawn into a PDF."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice  # noqa: PLC0415

    document = pdf_module.report_document(html)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = pdf_module.pdf_writer(buffer)
    assert print_document(document, writer) > 1
    del writer
    blocks = range(document.blockCount())
    return [document.findBlockByNumber(n).layout().cacheEnabled() for n in blocks]


def test_a_document_longer_than_a_part_keeps_its_shaped_text_and_draws_the_same(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One entry too long to be cut into parts keeps the glyphs its layout
    shaped, so that drawing does not shape them again: the same PDF, byte for
    byte; a report within a part's length does not keep them (memory)."""
    html = "<h1>One long entry</h1>" + "<p>Some ordinary words, then more. </p>" * 600
    monkeypatch.setattr(pdf_module, "PART_CHARS", 10_000)
    kept = render_pdf(html)
    assert all(_kept_shaping(html))
    monkeypatch.setattr(pdf_module, "PART_CHARS", 2_000_000)
    shaped_again = render_pdf(html)
    assert not any(_kept_shaping(html))
    assert _without_stamps(kept) == _without_stamps(shaped_again)
    assert "Someordinarywords,thenmore." in pdf_text(kept)
