"""Icons shipped in ``resources/icons`` (Lucide, ISC licence), tinted for the theme.

The SVGs draw with ``currentColor``; :func:`tinted_icon` gives that the
theme's text colour for the normal state, the selection's text colour for a
selected item and the disabled text colour, so an icon is as readable as the
words beside it in both themes.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from therapy_journal.gui.theme import Colors

ICON_SIZE = QSize(20, 20)


@cache
def svg_text(name: str) -> str:
    """The SVG ``resources/icons/areas/NAME.svg``."""
    return files("therapy_journal.resources").joinpath("icons", "areas", f"{name}.svg").read_text()


def _pixmap(svg: str, color: str, size: QSize, ratio: float) -> QPixmap:
    renderer = QSvgRenderer(QByteArray(svg.replace("currentColor", color).encode()))
    pixmap = QPixmap(size * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    renderer.render(painter, QRectF(0, 0, size.width(), size.height()))
    painter.end()
    return pixmap


def tinted_icon(name: str, colors: Colors, size: QSize = ICON_SIZE) -> QIcon:
    """The icon ``name`` in the colours of ``colors``' text, selection and disabled text."""
    svg, icon = svg_text(name), QIcon()
    ratio = (
        QGuiApplication.primaryScreen().devicePixelRatio()
        if QGuiApplication.primaryScreen()
        else 1.0
    )
    for mode, color in (
        (QIcon.Mode.Normal, colors.window_text),
        (QIcon.Mode.Active, colors.window_text),
        (QIcon.Mode.Selected, colors.highlighted_text),
        (QIcon.Mode.Disabled, colors.disabled),
    ):
        icon.addPixmap(_pixmap(svg, color, size, ratio), mode)
    return icon
