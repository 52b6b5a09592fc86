"""The sidebar: an icon from resources/icons beside each area's name, drawn in
the theme's text colour (and the selection's), and the words kept for screen
readers."""

from __future__ import annotations

from importlib.resources import files

import pytest
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from therapy_journal.gui import theme
from therapy_journal.gui.app import App
from therapy_journal.gui.areas import AREAS


def ink(icon: QIcon, mode: QIcon.Mode = QIcon.Mode.Normal) -> QColor:
    """The colour of the icon's strokes (its most opaque pixel)."""
    image = icon.pixmap(20, 20, mode).toImage()
    pixels = (image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height()))
    return max(pixels, key=lambda color: color.alpha())


def same_rgb(one: QColor, other: str) -> bool:
    return one.rgb() == QColor(other).rgb()


def test_every_area_has_a_shipped_icon_with_its_licence() -> None:
    folder = files("therapy_journal.resources").joinpath("icons", "areas")
    for spec in AREAS:
        assert folder.joinpath(f"{spec.icon}.svg").is_file(), spec.key
    assert "ISC License" in folder.joinpath("LICENSE-lucide.txt").read_text()


@pytest.mark.parametrize("name", ["light", "dark"])
def test_sidebar_icons_are_tinted_for_the_theme(
    qtbot: QtBot, unlocked_app: App, qapp: QApplication, name: str
) -> None:
    window = unlocked_app.main_window
    assert window is not None
    theme.apply_theme(qapp, name)
    try:
        window.apply_settings(unlocked_app.settings)
        colors = theme.colors()
        for row, spec in enumerate(AREAS):
            item = window.sidebar.item(row)
            assert item.text() == spec.title  # what a screen reader says
            assert not item.icon().isNull()
            assert same_rgb(ink(item.icon()), colors.window_text), spec.key
            assert same_rgb(ink(item.icon(), QIcon.Mode.Selected), colors.highlighted_text)
    finally:
        theme.apply_theme(qapp, "light")
