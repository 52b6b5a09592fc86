"""Render the app icon (resources/icons/therapy-journal.svg) into the hicolor theme.

Writes packaging/linux/icons/hicolor/<N>x<N>/apps/<APP_ID>.png for each size and
copies the SVG to scalable/apps/. Run it again after changing the SVG:

    PYTHONPATH=src python packaging/linux/render_icons.py
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from therapy_journal import APP_ID

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "resources" / "icons" / "therapy-journal.svg"
THEME = Path(__file__).resolve().parent / "icons" / "hicolor"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(size: int, target: Path) -> None:
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SOURCE}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    target.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(target), "PNG"):
        raise SystemExit(f"cannot write {target}")


def main() -> None:
    _app = QGuiApplication(sys.argv)
    for size in SIZES:
        render(size, THEME / f"{size}x{size}" / "apps" / f"{APP_ID}.png")
    scalable = THEME / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE, scalable)


if __name__ == "__main__":
    main()
