"""Reminders in the app: a notification at the picked time, what a click on it
opens (never an unlocked vault), discreet texts, keeping running when the
window closes (locked), and the Reminders settings.

The notifications go through a real QSystemTrayIcon; offscreen there is no
notification service to show them, so a click is the tray's own
``messageClicked`` signal, as the desktop would send it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QTime, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from tests.gui.helpers import unlock_through_window
from tests.gui.test_wheel import roll_wheel
from tests.helpers.vaults import VaultInfo
from therapy_journal import APP_DISPLAY_NAME, APP_ID
from therapy_journal.gui.app import App, relaunch_command
from therapy_journal.gui.dialogs.settings_dialog import SettingsDialog
from therapy_journal.gui.settings import AppSettings
from therapy_journal.services import autostart
from therapy_journal.services.contact_model import Contact
from therapy_journal.services.contacts import ContactService
from therapy_journal.services.journal import make_entry
from therapy_journal.services.reminders import Notification
from therapy_journal.store.models import NewEntry

SECRET_TITLE = "Wombat grievance"
SECRET_BODY = "an aubergine-coloured regret"
CONTACT = "Dr. Quokka Bramble"


@pytest.fixture
def seed_entries() -> list[NewEntry]:
    return [
        make_entry(
            title=SECRET_TITLE, body=SECRET_BODY, created=datetime(2024, 1, 9, 7).astimezone()
        )
    ]


@pytest.fixture(autouse=True)
def app_wide_state_back(qapp: QApplication) -> Iterator[None]:
    """The app's name and quit-on-close belong to the QApplication: put them back."""
    yield
    qapp.setQuitOnLastWindowClosed(True)
    qapp.setApplicationDisplayName(APP_DISPLAY_NAME)


def at(hour: int, minute: int = 0) -> datetime:
    today = date.today()
    return datetime(today.year, today.month, today.day, hour, minute).astimezone()


def remind(app: App, times: list[str], **options: bool) -> None:
    app.settings.reminder_times = times
    for name, value in options.items():
        setattr(app.settings, name, value)
    app.apply_settings()


def reminder_at_eight(app: App) -> Notification:
    """The clock looks at 19:59 and then at 20:00: the reminder comes."""
    app.reminders.looked = at(19, 59)
    shown = app.reminders.check(at(20, 0))
    assert shown is not None
    assert app.reminders.tray.last == shown
    return shown


def click(app: App) -> None:
    app.reminders.tray.icon.messageClicked.emit()


def test_a_reminder_while_locked_says_to_write_and_a_click_shows_the_unlock_window(
    qtbot: QtBot, gui_app: App, vault_on_disk: VaultInfo
) -> None:
    remind(gui_app, ["20:00"], keep_running=True)
    gui_app.start()
    assert gui_app.unlock_window is not None
    gui_app.unlock_window.hide()  # in the background, as after closing the window

    shown = reminder_at_eight(gui_app)
    assert shown.opens == "write"
    assert gui_app.reminders.tray.icon.isVisible()
    assert gui_app.reminders.check(at(20, 1)) is None  # once

    click(gui_app)
    assert gui_app.unlock_window.isVisible()
    assert gui_app.main_window is None
    assert not gui_app.vault.is_unlocked


def test_a_click_while_unlocked_opens_a_new_entry_on_write_with_the_cursor_in_the_body(
    qtbot: QtBot, unlocked_app: App
) -> None:
    window = unlocked_app.main_window
    assert window is not None
    remind(unlocked_app, ["20:00"])
    window.open_area("goals")
    window.showMinimized()

    reminder_at_eight(unlocked_app)
    click(unlocked_app)

    qtbot.waitUntil(window.isActiveWindow)
    editor = window.journal.editor
    assert window.stack.currentWidget() is window.journal
    assert editor.entry_id is None and editor.body.toPlainText() == ""
    assert editor.tabs.currentWidget() is editor.body
    qtbot.waitUntil(editor.body.hasFocus)


@pytest.fixture
def follow_up_due(vault_on_disk: VaultInfo) -> str:
    """A contact whose follow-up is today, stored before the app opens the vault."""
    vault = vault_on_disk.vault
    vault.unlock(vault_on_disk.passphrase)
    ContactService(vault).add(Contact(name=CONTACT, follow_up=date.today()))
    vault.lock()
    return CONTACT


def test_while_unlocked_a_reminder_names_what_is_due_and_opens_it(
    qtbot: QtBot, follow_up_due: str, unlocked_app: App
) -> None:
    remind(unlocked_app, ["20:00"], remind_write=False)
    shown = reminder_at_eight(unlocked_app)
    assert follow_up_due in shown.body
    assert shown.opens == "contacts"

    click(unlocked_app)
    window = unlocked_app.main_window
    assert window is not None
    assert window.stack.currentWidget() is window.areas["contacts"]


def test_in_discreet_mode_no_notification_names_the_app_what_is_due_or_the_journal(
    qtbot: QtBot, follow_up_due: str, unlocked_app: App
) -> None:
    remind(unlocked_app, ["20:00"], discreet=True, keep_running=True)
    assert QApplication.applicationDisplayName() == "Notes"  # the name notifications carry
    shown = [reminder_at_eight(unlocked_app)]
    remind(unlocked_app, ["20:00"], remind_write=False)
    shown.append(reminder_at_eight(unlocked_app))
    window = unlocked_app.main_window
    assert window is not None
    window.close()  # keeps running, locked: says so once
    assert not unlocked_app.vault.is_unlocked
    last = unlocked_app.reminders.tray.last
    assert last is not None and last not in shown
    shown.append(last)
    remind(unlocked_app, ["20:00"], remind_write=True)
    shown.append(reminder_at_eight(unlocked_app))  # locked now

    for notification in shown:
        text = (
            f"{notification.title} {notification.body} {unlocked_app.reminders.tray.icon.toolTip()}"
        )
        for word in ("therapy", "journal", CONTACT, "Quokka", SECRET_TITLE, SECRET_BODY, "wombat"):
            assert word.lower() not in text.lower(), text


def test_closing_the_window_while_keeping_running_locks_and_leaves_no_window(
    qtbot: QtBot, unlocked_app: App
) -> None:
    relaunched: list[Path] = []
    unlocked_app.relaunch = relaunched.append
    remind(unlocked_app, [], keep_running=True)
    window = unlocked_app.main_window
    assert window is not None
    assert not unlocked_app.qapp.quitOnLastWindowClosed()

    window.close()

    assert not unlocked_app.vault.is_unlocked
    assert unlocked_app.session is None and unlocked_app.main_window is None
    assert not any(w.isVisible() for w in unlocked_app.top_windows())
    assert relaunched == [unlocked_app.vault.folder]
    assert unlocked_app.in_background  # the fresh start starts in the background too
    assert relaunch_command(unlocked_app.vault.folder, background=True)[-1] == "--background"
    # The tray icon (or a second start) brings the unlock window, never the journal.
    unlocked_app.reminders.tray.open_requested.emit()
    assert unlocked_app.unlock_window is not None and unlocked_app.unlock_window.isVisible()
    assert not unlocked_app.vault.is_unlocked


def test_without_keeping_running_closing_the_window_still_quits(
    qtbot: QtBot, unlocked_app: App
) -> None:
    assert unlocked_app.qapp.quitOnLastWindowClosed()
    assert not unlocked_app.reminders.tray.icon.isVisible()


def test_a_start_in_the_background_shows_no_window_until_asked(
    qtbot: QtBot, qapp: QApplication, vault_on_disk: VaultInfo, gui_app: App
) -> None:
    remind(gui_app, ["09:00"], keep_running=True)
    gui_app.in_background = True
    gui_app.start()
    assert not any(w.isVisible() for w in gui_app.top_windows())
    assert gui_app.reminders.tray.icon.isVisible()
    gui_app.second_start()  # what the single-instance server calls
    assert gui_app.unlock_window is not None and gui_app.unlock_window.isVisible()
    unlock_through_window(qtbot, gui_app, vault_on_disk.passphrase)
    assert not gui_app.in_background


def change_settings(qtbot: QtBot, app: App, choose: Callable[[SettingsDialog], None]) -> None:
    """Open Settings from the menu, let ``choose`` set the fields, press OK."""
    window = app.main_window
    assert window is not None
    seen: list[SettingsDialog] = []

    def fill_in() -> None:
        dialog = next(d for d in window.findChildren(SettingsDialog) if d.isVisible())
        seen.append(dialog)
        choose(dialog)
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, fill_in)
    window.settings_action.trigger()  # returns when the modal dialog closes
    assert len(seen) == 1, "the settings dialog did not open"


def test_the_reminder_settings_are_kept_in_settings_json_and_start_at_login_writes_the_entry(
    qtbot: QtBot, unlocked_app: App, isolated_home: Path
) -> None:
    def choose(dialog: SettingsDialog) -> None:
        section = dialog.reminders
        for hour in (21, 7):
            section.new_time.setTime(QTime(hour, 30))
            section.add_button.click()
        section.due.setChecked(False)
        assert not section.start_at_login.isEnabled()
        section.keep_running.setChecked(True)
        section.start_at_login.setChecked(True)

    change_settings(qtbot, unlocked_app, choose)

    saved = json.loads(AppSettings.path().read_text(encoding="utf-8"))
    assert saved["reminder_times"] == ["07:30", "21:30"]
    assert (saved["remind_write"], saved["remind_due"]) == (True, False)
    assert saved["keep_running"] and saved["start_at_login"]
    text = AppSettings.path().read_text(encoding="utf-8")
    assert "Wombat" not in text and "aubergine" not in text
    entry = isolated_home / ".config" / "autostart" / f"{APP_ID}.desktop"
    assert "Name=Therapy Journal\n" in entry.read_text(encoding="utf-8")

    change_settings(qtbot, unlocked_app, lambda d: d.discreet.setChecked(True))
    assert "Name=Notes\n" in entry.read_text(encoding="utf-8")

    def stop(dialog: SettingsDialog) -> None:
        dialog.reminders.keep_running.setChecked(False)  # starting at login goes with it
        dialog.reminders.times.setCurrentRow(0)
        dialog.reminders.remove_button.click()

    change_settings(qtbot, unlocked_app, stop)
    assert not entry.exists() and not autostart.is_on()
    assert AppSettings.load().reminder_times == ["21:30"]
    assert unlocked_app.qapp.quitOnLastWindowClosed()


def test_a_hand_edited_settings_file_cannot_break_the_reminders(isolated_home: Path) -> None:
    path = AppSettings.path()
    path.parent.mkdir(parents=True)
    path.write_text(
        json.dumps({"reminder_times": "20:00", "keep_running": "yes", "remind_due": 0}),
        encoding="utf-8",
    )
    settings = AppSettings.load()
    assert settings.reminder_times == []
    assert settings.keep_running is False and settings.remind_due is True
    path.write_text(json.dumps({"reminder_times": ["9:05", "99:00", 3]}), encoding="utf-8")
    assert AppSettings.load().reminder_times == ["09:05"]


def test_the_wheel_over_the_new_reminder_time_leaves_it_as_it_was(
    qtbot: QtBot, unlocked_app: App
) -> None:
    dialog = SettingsDialog(unlocked_app.settings, unlocked_app.session, unlocked_app.main_window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    edit = dialog.reminders.new_time
    edit.clearFocus()
    before = edit.time()
    roll_wheel(edit, -2)
    roll_wheel(edit, 3)
    assert edit.time() == before


def test_starting_at_login_turned_off_in_the_desktop_s_settings_is_off_here_too(
    qtbot: QtBot, gui_app: App, vault_on_disk: VaultInfo
) -> None:
    remind(gui_app, [], keep_running=True, start_at_login=True)  # but no entry is there
    gui_app.start()
    assert not gui_app.settings.start_at_login
    assert not AppSettings.load().start_at_login
