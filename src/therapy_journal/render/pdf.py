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

import re
from collections.abc import Callable

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

_headless: QGuiApplication | None = None

_SVG = re.compile(r"<svg\b[^>]*>.*?</svg>", re.DOTALL)
_SIZE = re.compile(r'\b(width|height)="(\d+)"')
_CHART_SCHEME = "tj-chart"
_CHART_SCALE = 3  # pixels of the image per pixel of the page: sharp when printed
FOOTER_PX = 28  # the page number's band at the foot of each page
RESOLUTION = 96


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


def print_document(
    document: QTextDocument, device: QPagedPaintDevice, progress: Progress | None = None
) -> int:
    """Draw ``document`` on ``device`` (a PDF writer or a printer) a page at a
    time, with the page number at the foot of each; returns the number of
    pages. ``progress(page, pages)`` is asked before each page; False stops
    with :class:`RenderCancelled`."""
    layout = device.pageLayout()
    dpi = device.logicalDpiY()  # a PDF writer's or a printer's resolution
    rect = layout.paintRectPixels(dpi)
    scale = dpi / RESOLUTION
    width, height = rect.width() / scale, rect.height() / scale
    page = QSizeF(width, height - FOOTER_PX)
    document.setPageSize(page)
    _check(progress, 0, 0)
    pages = document.pageCount()  # lays the document out, once
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("Could not start drawing the report.")
    try:
        painter.scale(scale, scale)
        for number in range(pages):
            _check(progress, number, pages)
            if number:
                device.newPage()
            painter.save()
            top = number * page.height()
            painter.translate(0, -top)
            document.drawContents(painter, QRectF(0, top, page.width(), page.height()))
            painter.restore()
            painter.setPen(QColor("#444444"))
            painter.drawText(
                QRectF(0, page.height(), width, FOOTER_PX),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
                f"{number + 1} / {pages}",
            )
    finally:
        painter.end()
    return pages


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
    document = report_document(html)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = pdf_writer(buffer)
    try:
        print_document(document, writer, progress)
    finally:
        del writer  # finishes the PDF
        buffer.close()
    return bytes(data.data())
