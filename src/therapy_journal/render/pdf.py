"""The printable report as PDF (or on a printer), rendered with Qt: a
QTextDocument drawn page by page, with no widgets.

Rendered in memory: the PDF goes into the encrypted bundle, or is written once
whole by the caller, and never touches the disk on its own. The CLI imports
this module only inside the commands that render (it has no window), so a
headless ``QGuiApplication`` on the offscreen platform is started when none is
running.

Time is linear in the text. Qt lays out a paragraph in time that grows faster
than its length, so the report's HTML (:mod:`.markdown`) holds long paragraphs
in pieces of bounded length; and pages are drawn one at a time
(:func:`print_document`) rather than by ``QTextDocument.print_``, so that a
``progress`` callback is asked between pages and can stop the work: locking
the app abandons a PDF being made within a page.

The report's mood chart is an inline SVG, which Qt's rich text does not draw:
each ``<svg>`` the report itself wrote is drawn here with QtSvg into an image
the document holds as a resource, so nothing is loaded from anywhere.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtSvg import QSvgRenderer

Progress = Callable[[int, int], bool | None]

log = logging.getLogger(__name__)

_headless: QGuiApplication | None = None

_SVG = re.compile(r"<svg\b[^>]*>.*?</svg>", re.DOTALL)
_SIZE = re.compile(r'\b(width|height)="(\d+)"')
_CHART_SCHEME = "tj-chart"
_CHART_SCALE = 3  # pixels of the image per pixel of the page: sharp when printed
FOOTER_PX = 28  # the page number's band at the foot of each page
RESOLUTION = 96
# The most HTML drawn as one document (see print_html): about 1,200 entries
# of the benchmark's corpus, or 120 MB of memory laid out. A longer report is
# drawn in parts of at most SPLIT_CHARS (about 300 entries, 30 MB laid out):
# its parts are laid out twice (to count the pages first), which a report
# drawn whole is spared. At 9,000 entries parts of 500,000 characters peaked
# 76 MB lower than parts of 2,000,000, and were no slower.
PART_CHARS = 2_000_000
SPLIT_CHARS = 500_000
_BODY_START, _BODY_END = "<body>", "</body>"
_ENTRY_START = "\n<article>"  # how report_page starts each entry


class RenderCancelled(Exception):
    """The person (or locking the app) stopped the rendering."""


def _ensure_application() -> None:
    global _headless  # noqa: PLW0603  # one application per process, kept alive
    if QGuiApplication.instance() is None:
        # Drawing needs no window system: offscreen, whatever QT_QPA_PLATFORM
        # says (an "xcb" with no display would abort the process).
        _headless = QGuiApplication(["therapy-journal", "-platform", "offscreen"])


def _check(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None and progress(done, total) is False:
        raise RenderCancelled("The report was cancelled; nothing was written.")


def _svg_image(svg: str) -> QImage | None:
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    if not renderer.isValid():
        return None
    size = renderer.defaultSize() * _CHART_SCALE
    image = QImage(size, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image


def report_document(html: str) -> QTextDocument:
    """The report's HTML as a QTextDocument, its SVG charts drawn as images.
    Also what the app shows as a preview."""
    _ensure_application()
    charts: list[tuple[str, QImage]] = []

    def as_image(found: re.Match[str]) -> str:
        svg = found.group()
        image = _svg_image(svg)
        if image is None:
            return ""
        name = f"{_CHART_SCHEME}:{len(charts)}"
        charts.append((name, image))
        sizes = dict(_SIZE.findall(svg.split(">", 1)[0]))
        width, height = sizes.get("width", "600"), sizes.get("height", "170")
        return f'<img src="{name}" width="{width}" height="{height}">'

    document = QTextDocument()
    document.setDefaultFont(QFont("DejaVu Serif", 11))
    document.setHtml(_SVG.sub(as_image, html))
    for name, image in charts:
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
    return document


def html_parts(html: str, limit: int | None = None) -> list[str]:
    """``html`` (a report) as one or more whole HTML documents, split only
    between entries: itself when it is at most ``limit`` (:data:`PART_CHARS`)
    characters, else parts of about ``limit`` or :data:`SPLIT_CHARS`, whichever
    is less, at most. Each holds the report's head and style, and the entries
    of its part in order. An entry longer than that makes a part longer."""
    return [part() for part in _part_makers(html, limit)]


def _part_makers(html: str, limit: int | None = None) -> list[Callable[[], str]]:
    """The parts of :func:`html_parts`, each made only when it is called, so
    that no more than one part's copy of the report is held at a time."""
    limit = PART_CHARS if limit is None else limit
    whole: list[Callable[[], str]] = [partial(str, html)]
    if len(html) <= limit:
        return whole
    limit = min(limit, SPLIT_CHARS)
    start, end = html.find(_BODY_START), html.rfind(_BODY_END)
    if start < 0 or end < start:
        return whole
    start += len(_BODY_START)
    # Where each piece of the body starts: its beginning, then every entry.
    cuts = [start]
    found = html.find(_ENTRY_START, start, end)
    while found >= 0:
        if found > start:
            cuts.append(found)
        found = html.find(_ENTRY_START, found + 1, end)
    cuts.append(end)
    spans: list[tuple[int, int]] = []
    first = start
    for piece_start, piece_end in itertools.pairwise(cuts):
        size = piece_start - first
        # A part is not ended while it is short (a report's header before
        # one long entry): that would lay the long entry out twice for nothing.
        if size and size + (piece_end - piece_start) > limit and size > limit // 10:
            spans.append((first, piece_start))
            first = piece_start
    spans.append((first, end))
    return [partial(_part, html, start, end, span) for span in spans]


def _part(html: str, start: int, end: int, span: tuple[int, int]) -> str:
    """The report's head (up to ``start``), the body's ``span``, and its tail (from ``end``)."""
    return html[:start] + html[span[0] : span[1]] + html[end:]


def entry_count(html: str) -> int:
    """How many entries the report (or a part of it) ``html`` holds."""
    return html.count(_ENTRY_START)


def _page_geometry(device: QPagedPaintDevice) -> tuple[float, QSizeF, float]:
    """The drawing scale, the size of a page's text and the width of its foot."""
    layout = device.pageLayout()
    dpi = device.logicalDpiY()  # a PDF writer's or a printer's resolution
    rect = layout.paintRectPixels(dpi)
    scale = dpi / RESOLUTION
    width, height = rect.width() / scale, rect.height() / scale
    return scale, QSizeF(width, height - FOOTER_PX), width


def print_document(
    document: QTextDocument, device: QPagedPaintDevice, progress: Progress | None = None
) -> int:
    """Draw ``document`` on ``device`` (a PDF writer or a printer) a page at a
    time, with the page number at the foot of each; returns the number of
    pages. ``progress(page, pages)`` is asked before each page; False stops
    with :class:`RenderCancelled`."""
    return _print([lambda: document], device, progress, counts=None)


def print_html(html: str, device: QPagedPaintDevice, progress: Progress | None = None) -> int:
    """Draw the report ``html`` on ``device`` as :func:`print_document` does.

    A long report is drawn as several documents one after the other (see
    :func:`html_parts`; each part starts on a new page), so memory stays
    bounded: laid out, a QTextDocument holds about 60 times its HTML (16 MB of
    HTML, 9,000 entries, took 1 GB as one document). The parts are laid out
    once first to count the pages for "n / N", then again to be drawn.
    """
    parts = _part_makers(html)
    if len(parts) == 1:
        return print_document(report_document(parts[0]()), device, progress)
    _scale, page, _width = _page_geometry(device)
    counts = []
    for part in parts:
        _check(progress, 0, 0)
        document = report_document(part())
        document.setPageSize(page)
        counts.append(document.pageCount())
        del document  # its layout's memory, before the next part is read
    makers = [_document_of(part) for part in parts]
    return _print(makers, device, progress, counts)


def _document_of(part: Callable[[], str]) -> Callable[[], QTextDocument]:
    return lambda: report_document(part())


def _print(
    documents: Sequence[Callable[[], QTextDocument]],
    device: QPagedPaintDevice,
    progress: Progress | None,
    counts: list[int] | None,
) -> int:
    """Draw each of ``documents`` (made when its turn comes) on ``device``, on
    pages numbered through; ``counts`` are their page counts, when known."""
    scale, page, width = _page_geometry(device)
    _check(progress, 0, 0)
    painter = QPainter()
    number = 0
    try:
        for index, make in enumerate(documents):
            document = make()
            _keep_shaping(document)
            document.setPageSize(page)
            pages = document.pageCount()  # lays the document out, once
            total = sum(counts) if counts is not None else pages
            if not painter.isActive():
                if not painter.begin(device):
                    raise OSError("Could not start drawing the report.")
                painter.scale(scale, scale)
            for own in range(pages):
                _check(progress, number, total)
                if number:
                    device.newPage()
                _draw_page(painter, document, own, page)
                painter.setPen(QColor("#444444"))
                painter.drawText(
                    QRectF(0, page.height(), width, FOOTER_PX),
                    int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
                    f"{number + 1} / {total}",
                )
                number += 1
            del document
            if counts is not None and pages != counts[index]:
                log.warning("a part of the report was laid out on a different number of pages")
    finally:
        if painter.isActive():
            painter.end()
    return number


def _keep_shaping(document: QTextDocument) -> None:
    """Have a document too long to be a part keep the glyphs its layout
    shaped, for drawing.

    A paragraph's layout frees its shaped text once its lines are placed, and
    drawing shapes it again: a sixth of the time of a long report. Kept, the
    glyphs take about 33 bytes per character until the document is drawn, so
    only a document longer than :data:`PART_CHARS` keeps them: one that could
    not be cut between entries because a single entry is that long (a 5 MB
    entry: 2.3 s instead of 2.7 s, 490 MiB instead of 320 MiB). A report of
    many entries, drawn whole or in parts, stays within the memory it took."""
    if document.characterCount() <= PART_CHARS:
        return
    block = document.begin()
    while block.isValid():
        block.layout().setCacheEnabled(True)
        block = block.next()


def _draw_page(painter: QPainter, document: QTextDocument, own: int, page: QSizeF) -> None:
    painter.save()
    top = own * page.height()
    painter.translate(0, -top)
    document.drawContents(painter, QRectF(0, top, page.width(), page.height()))
    painter.restore()


def pdf_writer(buffer: QBuffer) -> QPdfWriter:
    writer = QPdfWriter(buffer)
    writer.setTitle("Therapy Journal report")
    writer.setCreator("Therapy Journal")
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(18, 18, 18, 18),
            QPageLayout.Unit.Millimeter,
        )
    )
    return writer


def render_pdf(html: str, progress: Progress | None = None) -> bytes:
    """The report's HTML as an A4 PDF (Qt's rich text: no scripts, nothing
    loaded). ``progress(page, pages)`` is asked between pages; returning False
    stops with :class:`RenderCancelled`."""
    _ensure_application()
    _check(progress, 0, 0)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = pdf_writer(buffer)
    try:
        print_html(html, writer, progress)
    finally:
        del writer  # finishes the PDF
        buffer.close()
    return bytes(data.data())
