"""The printable report as PDF, rendered with Qt (QTextDocument and QPdfWriter).

Rendered in memory: the PDF goes into the encrypted bundle and never touches
the disk on its own. The CLI imports this module only inside its export
command (it has no window), so a headless ``QGuiApplication`` on the offscreen
platform is started when none is running.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QSizeF
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument

_headless: QGuiApplication | None = None


def _ensure_application() -> None:
    global _headless  # noqa: PLW0603  # one application per process, kept alive
    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _headless = QGuiApplication(["therapy-journal"])


def render_pdf(html: str) -> bytes:
    """The report's HTML as an A4 PDF (Qt's rich text: no scripts, nothing loaded)."""
    _ensure_application()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle("Therapy Journal report")
    writer.setCreator("Therapy Journal")
    writer.setResolution(96)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(18, 18, 18, 18),
            QPageLayout.Unit.Millimeter,
        )
    )
    document = QTextDocument()
    document.setHtml(html)
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    document.setPageSize(QSizeF(rect.size()))
    document.print_(writer)
    del writer  # finishes the PDF
    buffer.close()
    return bytes(data.data())
