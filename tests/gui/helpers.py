"""Small steps GUI tests share: unlocking as a person would, waiting for the list,
opening the vault from outside the app, and reading every text the widgets hold."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import shiboken6
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QCompleter,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStatusBar,
    QTableView,
    QTextEdit,
)
from pytestqt.qtbot import QtBot

from tests.helpers.vaults import FAST_KDF, PASSPHRASE
from therapy_journal.gui.app import App
from therapy_journal.gui.journal.entry_model import SNIPPET_HTML_ROLE
from therapy_journal.gui.main_window import MainWindow
from therapy_journal.services.journal import JournalService, date_filter
from therapy_journal.store.models import Entry
from therapy_journal.store.vault import Vault

AreaT = TypeVar("AreaT")


def unlock_through_window(qtbot: QtBot, app: App, passphrase: str = PASSPHRASE) -> MainWindow:
    """Type the passphrase into the unlock window, press Enter, wait for the main window."""
    window = app.unlock_window
    assert window is not None and window.isVisible()
    # The unlock window ignores Enter while a task of the closed session is finishing.
    qtbot.waitUntil(lambda: not app.tasks.busy)
    qtbot.keyClicks(window.passphrase, passphrase)
    qtbot.keyClick(window.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: app.main_window is not None and app.main_window.isVisible())
    assert app.main_window is not None
    return app.main_window


def wait_listed(qtbot: QtBot, window: MainWindow, count: int) -> None:
    """Wait until the journal list shows ``count`` rows and no loading is under way."""
    qtbot.waitUntil(
        lambda: (
            window.journal.model.rowCount() == count
            and window.journal.listed_in_full
            and not window.session.tasks.busy
        )
    )


def click_row(qtbot: QtBot, view: QTableView, row: int) -> None:
    """Click a row of a table as a person would (the title column)."""
    view.scrollTo(view.model().index(row, 1))
    rect = view.visualRect(view.model().index(row, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def listed_titles(window: MainWindow) -> list[str]:
    model = window.journal.model
    return [model.index(row, 1).data() for row in range(model.rowCount())]


def row_titled(window: MainWindow, title: str) -> int:
    return listed_titles(window).index(title)


def saved_entries(folder: Path, passphrase: str = PASSPHRASE) -> list[Entry]:
    """Every entry (trash included) as a second program opening the vault would find it."""
    vault = Vault(folder, kdf=FAST_KDF)
    vault.unlock(passphrase)
    try:
        journal = JournalService(vault)
        ids = [*journal.ids(), *journal.ids(date_filter(trashed=True))]
        return journal.get_many(ids)
    finally:
        vault.lock()


def _model_texts(model: QAbstractItemModel, parent: QModelIndex) -> Iterator[str]:
    roles = (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.EditRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.UserRole,
        SNIPPET_HTML_ROLE,
    )
    # hasIndex(): list models make columnCount() and hasChildren() private in PySide.
    row = 0
    while model.hasIndex(row, 0, parent):
        column = 0
        while model.hasIndex(row, column, parent):
            index = model.index(row, column, parent)
            for role in roles:
                value = index.data(role)
                if value is not None:
                    yield str(value)
            if model.hasIndex(0, 0, index):
                yield from _model_texts(model, index)
            column += 1
        row += 1


def visible_texts() -> list[str]:
    """Every text held by any widget of the application, and by the item models behind them."""
    texts: list[str] = []
    models: list[QAbstractItemModel] = []
    for widget in QApplication.allWidgets():
        texts += [widget.windowTitle(), widget.toolTip(), widget.accessibleName()]
        if isinstance(widget, QLineEdit | QLabel | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QPlainTextEdit):
            texts.append(widget.toPlainText())
        if isinstance(widget, QTextEdit):  # QTextBrowser too
            texts += [widget.toPlainText(), widget.toHtml()]
        if isinstance(widget, QStatusBar):
            texts.append(widget.currentMessage())
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            models.append(widget.model())
        if isinstance(widget, QComboBox):
            models.append(widget.model())
            texts.append(widget.currentText())
        for completer in widget.findChildren(QCompleter):
            models.append(completer.model())
    for model in models:
        if shiboken6.isValid(model):  # a closed window's models may be gone already
            texts += _model_texts(model, QModelIndex())
    return texts


def texts_containing(words: list[str]) -> list[str]:
    return [text for text in visible_texts() for word in words if word in text]


def open_area(app: App, key: str, kind: type[AreaT]) -> tuple[MainWindow, AreaT]:
    """Show the area ``key`` of the unlocked app's window; the window and the area."""
    window = app.main_window
    assert window is not None
    area = window.open_area(key)
    assert isinstance(area, kind)
    return window, area
