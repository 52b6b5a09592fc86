"""The reminders while the app runs: a clock that looks every half minute
which of the person's times has come, and the notification it shows.

A reminder never unlocks anything. While locked it can only remind to write
(what is due lives in the vault); while unlocked it also names the check-ins
and follow-ups due (:mod:`therapy_journal.services.due`). In discreet mode the
texts name nothing (:func:`therapy_journal.services.reminders.reminder_text`).
"""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import QObject, QTimer

from therapy_journal.gui.main_window import window_title
from therapy_journal.gui.reminders.tray import Tray
from therapy_journal.gui.session import Session
from therapy_journal.gui.settings import AppSettings
from therapy_journal.services.due import DueItem, due_items
from therapy_journal.services.reminders import (
    Notification,
    moments_between,
    reminder_text,
    still_running_text,
)

log = logging.getLogger(__name__)

LOOK_EVERY_MS = 30_000


def now() -> datetime:
    return datetime.now().astimezone()


class Reminders(QObject):
    """Shows the reminders through :attr:`tray`; the app routes a click."""

    def __init__(self, settings: AppSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.session: Session | None = None
        self.tray = Tray(self)
        self.looked = now()  # reminder times up to this moment are behind us
        self.timer = QTimer(self, interval=LOOK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        self.apply(settings)

    def apply(self, settings: AppSettings) -> None:
        """Follow changed settings: the icon, its name, whether the clock runs."""
        self.settings = settings
        reminding = bool(settings.reminder_times) and (settings.remind_write or settings.remind_due)
        self.tray.set_shown(reminding or settings.keep_running, window_title(settings))
        if reminding and not self.timer.isActive():
            self.looked = now()
            self.timer.start()
        elif not reminding:
            self.timer.stop()

    def close(self) -> None:
        """The app quits: no more reminders, the icon goes, the bus is left."""
        self.timer.stop()
        self.tray.close()

    def set_session(self, session: Session | None) -> None:
        """The unlocked session (what is due can be read), or None when locked."""
        self.session = session

    @property
    def app_name(self) -> str:
        return window_title(self.settings)

    def check(self, at: datetime | None = None) -> Notification | None:
        """Show one notification if a reminder time has come since the last look."""
        at = at or now()
        moments = moments_between(self.settings.reminder_times, self.looked, at)
        self.looked = at
        if not moments:
            return None
        notification = reminder_text(
            write=self.settings.remind_write,
            due=self._due(at) if self.settings.remind_due else [],
            discreet=self.settings.discreet,
            app_name=self.app_name,
        )
        if notification is not None:
            self._show(notification)
            log.info("reminder shown")
        return notification

    def _due(self, at: datetime) -> list[DueItem]:
        session = self.session
        if session is None or not session.is_open:
            return []
        try:
            return due_items(session.vault, at.date())
        except Exception as error:  # a damaged vault: the reminder still comes, naming nothing
            log.warning("what is due could not be read: %s", type(error).__name__)
            return []

    def say_still_running(self) -> Notification:
        notification = still_running_text(
            discreet=self.settings.discreet, app_name=self.app_name, tray=Tray.available()
        )
        self._show(notification)
        return notification

    def _show(self, notification: Notification) -> None:
        self.tray.notify(notification, app_name=self.app_name, discreet=self.settings.discreet)
