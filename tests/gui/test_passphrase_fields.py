"""Choosing a passphrase: what the fields say, when, and in which colour, in both themes.

Also the look of the passphrase dialogs' fields (a visible border in the dark
theme) and the contrast of every colour they use.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from therapy_journal.gui.app import App
from therapy_journal.gui.dialogs import dialog_style
from therapy_journal.gui.dialogs.first_run import FirstRunDialog
from therapy_journal.gui.theme import apply_theme
from therapy_journal.services.sharing.passphrases import eff_words

STRONG = "mossy kettle orbit lantern"  # zxcvbn 4
FAIR = "quietharbor"  # zxcvbn 2: accepted, just
EASY = "password1"  # long enough, zxcvbn 0: refused


def luminance(color: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(c) for c in (color.redF(), color.greenF(), color.blueF()))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: QColor, other: QColor) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.fixture(params=["light", "dark"])
def theme(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    apply_theme(qapp, request.param)
    yield request.param
    apply_theme(qapp, "light")


def first_run(qtbot: QtBot, gui_app: App) -> FirstRunDialog:
    gui_app.start()
    dialog = gui_app.first_run
    assert dialog is not None
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def shown_colour(widget: QWidget, x: int, y: int) -> QColor:
    return widget.grab().toImage().pixelColor(x, y)


def test_nothing_is_said_under_an_empty_passphrase(qtbot: QtBot, gui_app: App) -> None:
    fields = first_run(qtbot, gui_app).fields
    assert fields.feedback.text() == ""
    assert fields.word.text() == ""
    qtbot.keyClicks(fields.passphrase, STRONG)
    assert fields.feedback.text() != ""
    fields.passphrase.clear()
    assert fields.feedback.text() == ""


def test_the_two_differ_only_once_the_repeat_field_is_typed_in_or_left(
    qtbot: QtBot, gui_app: App
) -> None:
    dialog = first_run(qtbot, gui_app)
    fields = dialog.fields
    qtbot.keyClicks(fields.passphrase, STRONG)
    assert "differ" not in fields.feedback.text()
    assert not dialog.create_button.isEnabled()  # still not repeated

    fields.confirm.setFocus()
    qtbot.waitUntil(fields.confirm.hasFocus)
    assert "differ" not in fields.feedback.text()
    fields.passphrase.setFocus()  # left the repeat field empty
    qtbot.waitUntil(fields.passphrase.hasFocus)
    assert "differ" in fields.feedback.text()

    fields.clear()
    qtbot.keyClicks(fields.passphrase, STRONG)
    assert "differ" not in fields.feedback.text()
    qtbot.keyClicks(fields.confirm, "moss")
    assert "differ" in fields.feedback.text()
    qtbot.keyClicks(fields.confirm, STRONG[4:])
    assert "differ" not in fields.feedback.text()
    assert dialog.create_button.isEnabled()


@pytest.mark.parametrize(
    ("typed", "level", "word"),
    [
        ("abc", "weak", "Too short"),
        (EASY, "weak", "Very weak"),
        (FAIR, "fair", "Fair"),
        (STRONG, "strong", "Very strong"),
    ],
)
def test_the_strength_bar_is_red_amber_or_green_with_its_word(  # noqa: PLR0917 (parameters)
    qtbot: QtBot, gui_app: App, theme: str, typed: str, level: str, word: str
) -> None:
    fields = first_run(qtbot, gui_app).fields
    qtbot.keyClicks(fields.passphrase, typed)
    expected = QColor(getattr(dialog_style.colours(theme == "dark"), level))
    assert fields.word.text() == word
    assert fields.meter.text() == word
    meter = fields.meter
    qtbot.waitUntil(lambda: meter.width() > 20)
    assert shown_colour(meter, 4, meter.height() // 2) == expected
    word_pixels = fields.word.grab().toImage()
    seen = {
        word_pixels.pixelColor(x, y).name()
        for x in range(word_pixels.width())
        for y in range(word_pixels.height())
    }
    assert expected.name() in seen, f"the word is not drawn in {expected.name()}"


def test_the_dialog_colours_are_readable_on_both_themes(qapp: QApplication) -> None:
    for name in ("light", "dark"):
        apply_theme(qapp, name)
        window = qapp.palette().window().color()
        colours = dialog_style.colours(name == "dark")
        for text in (colours.weak, colours.fair, colours.strong):
            assert contrast(QColor(text), window) >= 4.5, (name, text)
        for edge in (colours.border, colours.focus):
            assert contrast(QColor(edge), window) >= 3, (name, edge)
            assert contrast(QColor(edge), qapp.palette().base().color()) >= 3, (name, edge)
    apply_theme(qapp, "light")


def test_the_unlock_field_has_a_visible_border_in_both_themes(
    qtbot: QtBot, gui_app: App, vault_on_disk: object, theme: str
) -> None:
    gui_app.start()
    unlock = gui_app.unlock_window
    assert unlock is not None
    window = unlock.palette().window().color()
    field = unlock.passphrase
    qtbot.waitUntil(lambda: field.width() > 20)
    edge = shown_colour(field, 0, field.height() // 2)
    assert contrast(edge, window) >= 3, f"{edge.name()} on {window.name()}"


def test_the_unlock_window_follows_a_theme_change_while_unlocked(
    qtbot: QtBot, gui_app: App, vault_on_disk: object, qapp: QApplication
) -> None:
    gui_app.start()
    unlock = gui_app.unlock_window
    assert unlock is not None
    unlock.hide()
    apply_theme(qapp, "dark")
    try:
        unlock.show()
        field = unlock.passphrase
        qtbot.waitUntil(lambda: field.width() > 20)
        edge = shown_colour(field, 0, field.height() // 2)
        assert edge == QColor(dialog_style.DARK.border)
    finally:
        apply_theme(qapp, "light")


def test_show_what_i_type_shows_both_fields_until_they_are_cleared(
    qtbot: QtBot, gui_app: App
) -> None:
    fields = first_run(qtbot, gui_app).fields
    qtbot.keyClicks(fields.passphrase, STRONG)
    assert fields.passphrase.echoMode() == QLineEdit.EchoMode.Password
    qtbot.mouseClick(fields.show_typed, Qt.MouseButton.LeftButton)
    assert fields.passphrase.echoMode() == QLineEdit.EchoMode.Normal
    assert fields.confirm.echoMode() == QLineEdit.EchoMode.Normal
    fields.clear()
    assert fields.passphrase.echoMode() == QLineEdit.EchoMode.Password
    assert fields.confirm.echoMode() == QLineEdit.EchoMode.Password


def test_suggest_one_fills_in_random_words_shown_for_the_person_to_repeat(
    qtbot: QtBot, gui_app: App
) -> None:
    dialog = first_run(qtbot, gui_app)
    fields = dialog.fields
    qtbot.mouseClick(fields.suggest_button, Qt.MouseButton.LeftButton)
    words = fields.passphrase.text().split(" ")
    assert len(words) == 5
    assert set(words) <= eff_words()
    assert fields.passphrase.echoMode() == QLineEdit.EchoMode.Normal
    assert fields.word.text() in {"Strong", "Very strong"}
    assert fields.confirm.text() == ""
    qtbot.waitUntil(fields.confirm.hasFocus)
    assert not dialog.create_button.isEnabled()
    qtbot.keyClicks(fields.confirm, fields.passphrase.text())
    assert dialog.create_button.isEnabled()
    qtbot.mouseClick(fields.suggest_button, Qt.MouseButton.LeftButton)
    assert fields.passphrase.text().split(" ") != words
