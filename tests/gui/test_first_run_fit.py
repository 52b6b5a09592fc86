"""The first-run, unlock and recovery windows fit a small screen in both themes:
the window takes the size asked, nothing scrolls sideways, nothing is cut off
(see :mod:`tests.gui.fit`), and the content stays a readable column."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.fit import fit_problems
from tests.helpers.vaults import VaultInfo
from therapy_journal.gui.app import App
from therapy_journal.gui.dialogs.unlock import RecoveryDialog
from therapy_journal.gui.theme import apply_theme

STRONG = "mossy kettle orbit lantern"
SIZES = [QSize(960, 600), QSize(800, 560), QSize(640, 480)]
READABLE = 640  # widest a line of these windows' text may run, in pixels


@pytest.fixture(params=["light", "dark"])
def theme(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    apply_theme(qapp, request.param)
    yield request.param
    apply_theme(qapp, "light")


def problems_at_every_size(window: QWidget) -> list[str]:
    found = []
    for size in SIZES:
        found += [f"{size.width()}x{size.height()}: {p}" for p in fit_problems(window, size)]
        for label in window.findChildren(QLabel):
            if label.isVisible() and label.wordWrap() and label.width() > READABLE:
                found.append(f"{size.width()}x{size.height()}: {label.text()[:30]!r} runs wide")
    return found


def test_the_first_run_fits_small_screens(qtbot: QtBot, gui_app: App, theme: str) -> None:
    gui_app.start()
    dialog = gui_app.first_run
    assert dialog is not None
    qtbot.keyClicks(dialog.fields.passphrase, STRONG)
    assert problems_at_every_size(dialog) == []
    qtbot.keyClicks(dialog.fields.confirm, STRONG)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1)
    qtbot.mouseClick(dialog.key_page.copy_button, Qt.MouseButton.LeftButton)
    assert problems_at_every_size(dialog) == []
    label = dialog.key_page.key_label
    assert label.width() >= label.fontMetrics().horizontalAdvance(label.text())


def test_the_unlock_and_recovery_windows_fit_small_screens(
    qtbot: QtBot, gui_app: App, vault_on_disk: VaultInfo, theme: str
) -> None:
    gui_app.start()
    unlock = gui_app.unlock_window
    assert unlock is not None
    unlock.error.setText("That passphrase does not open this journal. Please try again.")
    assert problems_at_every_size(unlock) == []
    unlock.error.setText(
        "The journal's database is damaged and does not open. Restore it from a "
        "backup, or save every entry that can still be read into a folder."
    )
    unlock.salvage_button.show()
    assert problems_at_every_size(unlock) == []
    unlock.clear()
    assert unlock.salvage_button.isHidden()
    dialog = RecoveryDialog(gui_app.vault, gui_app.tasks, unlock)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.fields.passphrase, "abc")
    assert problems_at_every_size(dialog) == []
    dialog.resize(dialog.minimumSizeHint())
    QApplication.processEvents()
    key = dialog.key
    assert key.width() >= key.fontMetrics().horizontalAdvance(key.placeholderText())
