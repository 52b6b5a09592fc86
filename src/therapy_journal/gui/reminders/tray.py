"""The tray icon: its menu, and the desktop notifications.

A notification goes to the desktop's notification service
(:mod:`therapy_journal.gui.reminders.freedesktop`) when there is one, else
through :meth:`QSystemTrayIcon.showMessage` (a balloon by the icon, on
Windows and on desktops with a tray but no service). Qt shows such a message
only while the icon is visible, so the icon is shown whenever there is a
reminder to show or the app stays running after its window closes.

The icon's tooltip and every text are the ones the caller gives: in discreet
mode "Notes", never the app's name.
"""

from __future__ import annotations

from importlib.resources import files
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from therapy_journal.gui.i18n import tr
from therapy_journal.services.reminders import Notification

if TYPE_CHECKING:
    from therapy_journal.gui.reminders.freedesktop import DesktopNotifications

SHOWN_MS = 15_000  # how long a notification stays where the desktop lets the app say


def app_icon() -> QIcon:
    """The app's icon (the one the app set, else the one it ships)."""
    icon = QApplication.windowIcon()
    if icon.isNull():
        icon = QIcon(
            str(files("therapy_journal.resources").joinpath("icons", "therapy-journal.svg"))
        )
    return icon


class Tray(QObject):
    """The tray icon; :attr:`last` is the notification a click on a message opens."""

    open_requested = Signal()
    write_requested = Signal()
    quit_requested = Signal()
    message_clicked = Signal(object)  # the Notification clicked

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.icon = QSystemTrayIcon(app_icon(), self)
        self.menu = QMenu()
        self.open_action = QAction(tr("&Open"), self.menu)
        self.write_action = QAction(tr("&New entry"), self.menu)
        self.quit_action = QAction(tr("&Quit"), self.menu)
        self.open_action.triggered.connect(self.open_requested.emit)
        self.write_action.triggered.connect(self.write_requested.emit)
        self.quit_action.triggered.connect(self.quit_requested.emit)
        for action in (self.open_action, self.write_action):
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.icon.messageClicked.connect(self._message_clicked)
        self.desktop: DesktopNotifications | None = None  # made at the first notification
        self.last: Notification | None = None

    def close(self) -> None:
        self.icon.hide()
        self.menu.deleteLater()  # a top-level widget of its own (a QObject cannot parent it)
        if self.desktop is not None:
            self.desktop.close()

    def _desktop(self) -> DesktopNotifications:
        """The notification service's client, made (and D-Bus code imported) when
        first needed: an app that never reminds pays nothing for it at start."""
        if self.desktop is None:
            from therapy_journal.gui.reminders.freedesktop import (  # noqa: PLC0415
                DesktopNotifications,
            )

            self.desktop = DesktopNotifications(self)
            self.desktop.clicked.connect(self.message_clicked.emit)
        return self.desktop

    @staticmethod
    def available() -> bool:
        """Whether the desktop shows tray icons at all (GNOME does not without an
        extension; the app can then still run in the background)."""
        return QSystemTrayIcon.isSystemTrayAvailable()

    def set_shown(self, shown: bool, tooltip: str) -> None:
        self.icon.setToolTip(tooltip)
        self.icon.setVisible(shown)

    def notify(self, notification: Notification, *, app_name: str, discreet: bool) -> None:
        """Show ``notification``, named ``app_name`` (in discreet mode, the
        discreet name, and nothing that would let the desktop name the app)."""
        self.last = notification
        if self._desktop().notify(
            notification.title,
            notification.body,
            app_name=app_name,
            discreet=discreet,
            token=notification,
        ):
            return
        self.icon.showMessage(
            notification.title,
            notification.body,
            QSystemTrayIcon.MessageIcon.Information,
            SHOWN_MS,
        )

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.open_requested.emit()

    def _message_clicked(self) -> None:
        if self.last is not None:
            self.message_clicked.emit(self.last)
        else:
            self.open_requested.emit()
