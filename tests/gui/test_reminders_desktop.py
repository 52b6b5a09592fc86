"""Reminders reach the desktop's notification service over D-Bus, and a click
there comes back to the app: the unlock window, or a new entry, never an
unlocked vault. The service is a stand-in on a private, real session bus
(tests/helpers/notification_daemon.py); everything on the app's side is real.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.helpers.notification_daemon import NotificationDaemon, Shown
from tests.helpers.vaults import VaultInfo
from therapy_journal import APP_DISPLAY_NAME, APP_ID
from therapy_journal.gui.app import App
from therapy_journal.services.journal import make_entry
from therapy_journal.store.models import NewEntry

SECRET_TITLE = "Wombat grievance"
SECRET_BODY = "an aubergine-coloured regret"


@pytest.fixture
def seed_entries() -> list[NewEntry]:
    return [
        make_entry(
            title=SECRET_TITLE, body=SECRET_BODY, created=datetime(2024, 1, 9, 7).astimezone()
        )
    ]


@pytest.fixture
def desktop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[NotificationDaemon]:
    try:
        daemon = NotificationDaemon(tmp_path)
    except FileNotFoundError:
        pytest.skip("dbus-daemon is not installed (Debian: dbus-daemon)")
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", daemon.address)
    yield daemon
    daemon.stop()


@pytest.fixture(autouse=True)
def app_wide_state_back(qapp: QApplication, gui_app: App) -> Iterator[None]:
    yield
    gui_app.reminders.close()  # its connection to the bus
    qapp.setQuitOnLastWindowClosed(True)
    qapp.setApplicationDisplayName(APP_DISPLAY_NAME)


def reminder_at_eight(qtbot: QtBot, app: App, desktop: NotificationDaemon) -> Shown:
    before = len(desktop.shown)
    app.settings.reminder_times = ["20:00"]
    app.apply_settings()
    today = date.today()
    app.reminders.looked = datetime(today.year, today.month, today.day, 19, 59).astimezone()
    assert app.reminders.check(app.reminders.looked.replace(minute=0, hour=20)) is not None
    qtbot.waitUntil(lambda: len(desktop.shown) == before + 1)
    return desktop.shown[-1]


def test_a_reminder_goes_to_the_notification_service_and_its_click_shows_the_unlock_window(
    qtbot: QtBot, desktop: NotificationDaemon, vault_on_disk: VaultInfo, gui_app: App
) -> None:
    gui_app.settings.keep_running = True
    gui_app.start()
    assert gui_app.unlock_window is not None
    gui_app.unlock_window.hide()

    shown = reminder_at_eight(qtbot, gui_app, desktop)
    assert shown.app_name == APP_DISPLAY_NAME
    assert shown.title == "Time to write"
    assert "default" in shown.actions  # a click on the notification itself
    assert shown.hints.get("desktop-entry") == ("s", APP_ID)

    desktop.click(shown)
    qtbot.waitUntil(gui_app.unlock_window.isVisible)
    assert gui_app.main_window is None and not gui_app.vault.is_unlocked


def test_a_click_while_unlocked_opens_a_new_entry(
    qtbot: QtBot, desktop: NotificationDaemon, unlocked_app: App
) -> None:
    window = unlocked_app.main_window
    assert window is not None
    window.open_area("goals")
    shown = reminder_at_eight(qtbot, unlocked_app, desktop)

    desktop.click(shown)
    editor = window.journal.editor
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.journal)
    assert editor.entry_id is None and editor.tabs.currentWidget() is editor.body
    qtbot.waitUntil(editor.body.hasFocus)


def test_in_discreet_mode_the_desktop_is_not_told_the_app_or_anything_of_the_journal(
    qtbot: QtBot, desktop: NotificationDaemon, unlocked_app: App
) -> None:
    unlocked_app.settings.discreet = True
    unlocked_app.settings.keep_running = True
    reminder_at_eight(qtbot, unlocked_app, desktop)
    window = unlocked_app.main_window
    assert window is not None
    window.close()  # keeps running, locked, and says so
    qtbot.waitUntil(lambda: len(desktop.shown) == 2)

    for shown in desktop.shown:
        assert shown.app_name == "Notes"
        assert "desktop-entry" not in shown.hints  # it would name the app and show its icon
        text = f"{shown.app_name} {shown.title} {shown.body}".lower()
        for word in ("therapy", "journal", "wombat", "aubergine", SECRET_TITLE.lower()):
            assert word not in text, text
