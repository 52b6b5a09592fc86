"""Both themes are readable: every text role reaches WCAG AA (4.5:1) on the
backgrounds it is drawn on, measured from the palette and the style sheet the
app really applies; inputs have a visible border; charts get distinct colours."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from therapy_journal.gui import theme
from therapy_journal.gui.layouts import card

AA_TEXT = 4.5
AA_GRAPHICS = 3.0  # borders, chart lines (WCAG 1.4.11)

Role = QPalette.ColorRole
Group = QPalette.ColorGroup


def luminance(color: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(part) for part in (color.redF(), color.greenF(), color.blueF()))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: QColor, other: QColor) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.fixture(params=["light", "dark"])
def themed(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    theme.apply_theme(qapp, request.param)
    yield request.param
    theme.apply_theme(qapp, "light")


TEXT_ON = [
    (Group.Active, Role.WindowText, Role.Window),
    (Group.Active, Role.Text, Role.Base),
    (Group.Active, Role.Text, Role.AlternateBase),
    (Group.Active, Role.ButtonText, Role.Button),
    (Group.Active, Role.PlaceholderText, Role.Base),
    (Group.Active, Role.PlaceholderText, Role.Window),
    (Group.Active, Role.Link, Role.Base),
    (Group.Active, Role.Link, Role.Window),
    (Group.Active, Role.HighlightedText, Role.Highlight),
    (Group.Active, Role.ToolTipText, Role.ToolTipBase),
    (Group.Disabled, Role.WindowText, Role.Window),
    (Group.Disabled, Role.Text, Role.Base),
    (Group.Disabled, Role.ButtonText, Role.Button),
]


def test_every_text_role_of_the_palette_reaches_aa(qapp: QApplication, themed: str) -> None:
    palette = qapp.palette()
    failing = []
    for group, text, background in TEXT_ON:
        ratio = contrast(palette.color(group, text), palette.color(Group.Active, background))
        if ratio < AA_TEXT:
            failing.append(f"{group.name} {text.name} on {background.name}: {ratio:.2f}")
    assert failing == [], themed


def shown_text_color(qtbot: QtBot, name: str, parent: QWidget) -> QColor:
    label = QLabel("Some words", objectName=name)
    parent.layout().addWidget(label)
    parent.show()
    qtbot.waitExposed(parent)
    return label.palette().color(Role.WindowText)


@pytest.mark.parametrize("name", ["Hint", "ErrorText", "WarningText", "SuccessText"])
def test_hint_and_message_labels_reach_aa_on_window_and_card(
    qtbot: QtBot, qapp: QApplication, themed: str, name: str
) -> None:
    colors = theme.colors(qapp)
    page = QWidget()
    QVBoxLayout(page)
    qtbot.addWidget(page)
    color = shown_text_color(qtbot, name, page)
    assert color != qapp.palette().color(Role.WindowText), "the style sheet colours it"
    for where, background in colors.backgrounds().items():
        ratio = contrast(color, QColor(background))
        assert ratio >= AA_TEXT, f"{name} on {where} in {themed}: {ratio:.2f}"


def test_an_input_has_a_border_to_be_seen_in_both_themes(
    qtbot: QtBot, qapp: QApplication, themed: str
) -> None:
    page = QFrame()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(20, 20, 20, 20)
    field = QLineEdit()
    layout.addWidget(field)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    image = page.grab().toImage()
    middle = field.geometry().center().y()
    window = qapp.palette().color(Role.Window)
    edge = max(
        contrast(image.pixelColor(field.geometry().left() + dx, middle), window) for dx in (0, 1)
    )
    assert edge >= AA_GRAPHICS, f"the field's border in {themed}: {edge:.2f}"


def test_chart_colours_are_distinct_and_seen_on_the_base(qapp: QApplication, themed: str) -> None:
    colors = theme.colors(qapp)
    assert colors.dark == (themed == "dark")
    base = QColor(colors.base)
    for name, color in colors.series.items():
        assert contrast(QColor(color), base) >= AA_GRAPHICS, (themed, name)
    assert len(set(colors.series.values())) == len(colors.series)
    assert len(set(colors.bands)) == len(colors.bands) >= 4
    mood, average = QColor(colors.series["mood"]), QColor(colors.series["average"])
    assert abs(mood.hslHue() - average.hslHue()) > 60, "mood and its average differ in hue"


def test_a_card_stands_apart_from_the_window_with_its_own_background(
    qtbot: QtBot, qapp: QApplication, themed: str
) -> None:
    colors = theme.colors(qapp)
    page = QWidget()
    outer = QVBoxLayout(page)
    outer.setContentsMargins(20, 20, 20, 20)
    grouped = card(QLabel("Steps"), title="A goal")
    outer.addWidget(grouped)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    image = page.grab().toImage()
    inside = grouped.geometry().topLeft() + QPoint(grouped.width() // 2, 3)
    assert image.pixelColor(inside).rgb() == QColor(colors.card).rgb(), themed
    assert image.pixelColor(QPoint(5, 5)).rgb() == QColor(colors.window).rgb(), themed
