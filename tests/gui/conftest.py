"""Fixtures for GUI tests: the real app on a real encrypted vault, offscreen.

``gui_app`` is the app before it starts (an empty folder: first run).
``unlocked_app`` is the app on a vault made by :func:`make_vault`, holding the
entries of ``seed_entries`` (none unless a test module or a parametrization
overrides that fixture), unlocked by typing the passphrase into the unlock window.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.gui.helpers import unlock_through_window, wait_listed
from tests.helpers.vaults import FAST_KDF, VaultInfo, make_vault
from therapy_journal.gui import errors
from therapy_journal.gui.app import App
from therapy_journal.gui.settings import AppSettings
from therapy_journal.services.journal import JournalService
from therapy_journal.store.models import NewEntry


@pytest.fixture(autouse=True, scope="session")
def no_modal_dialogs() -> Iterator[None]:
    """No message ever blocks the run, also after a test's own fixtures are torn
    down (pytest-qt processes the events left over after them: a background
    task failing then would open a modal dialog that nobody closes)."""
    errors.SHOW_DIALOGS = False
    yield
    errors.SHOW_DIALOGS = True


@pytest.fixture(autouse=True)
def shown_messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Messages go to this list instead of blocking modal dialogs."""
    shown: list[str] = []
    monkeypatch.setattr(errors, "SHOW_DIALOGS", False)
    monkeypatch.setattr(errors, "shown", shown)
    return shown


@pytest.fixture
def gui_app(qapp: QApplication, vault_folder: Path) -> Iterator[App]:
    """The app on a vault folder (cheap KDF), not started yet."""
    app = App(qapp, vault_folder, AppSettings(), kdf=FAST_KDF)
    yield app
    app.lock()
    app.tasks.wait()
    app.idle.set_minutes(0)
    for window in app.top_windows():
        window.close()
        window.deleteLater()
    app.vault.lock()
    QApplication.processEvents()


@pytest.fixture
def seed_entries() -> list[NewEntry]:
    """Entries in the vault before the app opens it; override to add some."""
    return []


@pytest.fixture
def vault_on_disk(vault_folder: Path, seed_entries: list[NewEntry]) -> VaultInfo:
    """A real vault holding ``seed_entries``, locked: the app opens it."""
    info = make_vault(vault_folder)
    journal = JournalService(info.vault)
    for entry in seed_entries:
        journal.add(entry)
    info.vault.lock()
    return info


@pytest.fixture
def unlocked_app(
    qtbot: QtBot, gui_app: App, vault_on_disk: VaultInfo, seed_entries: list[NewEntry]
) -> App:
    """The app started on an existing vault and unlocked through the unlock window."""
    gui_app.start()
    window = unlock_through_window(qtbot, gui_app, vault_on_disk.passphrase)
    wait_listed(qtbot, window, len(seed_entries))
    return gui_app
