"""The "Get help now" window: the region's own lines first, call and text
labelled, lines that are not always open say when they are."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.gui.fit import fit_problems
from therapy_journal.gui.care.help_now import HelpNowDialog
from therapy_journal.gui.settings import AppSettings


def test_the_regions_lines_come_first_then_danger_then_elsewhere(qtbot: QtBot) -> None:
    dialog = HelpNowDialog("uk")
    qtbot.addWidget(dialog)
    dialog.show()
    text = dialog.shown_text()
    assert text.index("Samaritans") < text.index("Call 116 123")
    assert text.index("Shout") < text.index("call 999") < text.index("findahelpline.com")
    assert "Text SHOUT to 85258" in text


def test_switching_the_region_shows_its_lines_only(qtbot: QtBot) -> None:
    dialog = HelpNowDialog("us")
    qtbot.addWidget(dialog)
    dialog.show()
    assert "Call 988" in dialog.shown_text() and "Text HOME to 741741" in dialog.shown_text()
    assert "Open Monday to Friday, 10 am to 10 pm Eastern time" in dialog.shown_text()
    dialog.region.setCurrentIndex(dialog.region.findData("nz"))
    text = dialog.shown_text()
    assert "Call 1737" in text and "Text 1737" in text and "call 111" in text
    assert "988" not in text and "NAMI" not in text


def test_somewhere_else_still_says_where_to_look(qtbot: QtBot) -> None:
    dialog = HelpNowDialog("elsewhere")
    qtbot.addWidget(dialog)
    dialog.show()
    text = dialog.shown_text()
    assert "your local emergency number" in text and "findahelpline.com" in text


def test_the_window_fits_a_small_screen(qtbot: QtBot) -> None:
    dialog = HelpNowDialog("us")
    qtbot.addWidget(dialog)
    dialog.show()
    from PySide6.QtCore import QSize  # noqa: PLC0415

    assert fit_problems(dialog, QSize(420, 480)) == []


def test_the_region_setting_falls_back_to_the_locale(monkeypatch: object) -> None:
    import pytest  # noqa: PLC0415

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setenv("LC_ALL", "en_IE.UTF-8")
    assert AppSettings().effective_region == "ie"
    assert AppSettings(region="au").effective_region == "au"
    assert AppSettings(region="mars").checked().region == ""
