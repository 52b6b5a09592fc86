"""Desktop notifications through the freedesktop notification service.

``org.freedesktop.Notifications`` on the session bus is what GNOME, KDE, Xfce
and the others show notifications with. Qt's tray icon reaches it only where
the desktop has a StatusNotifier tray (KDE; GNOME only with an extension), so
on a stock GNOME ``QSystemTrayIcon.showMessage`` showed nothing at all. This
talks to the service itself, with jeepney (pure Python D-Bus), and hears a
click on a notification (its "default" action) through a QSocketNotifier on
the bus connection, without blocking the window.

In discreet mode the notification carries the discreet name as the app's name
and no ``desktop-entry`` hint (which would let the desktop show this app's
real name and icon beside it).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from jeepney import DBusAddress, HeaderFields, MatchRule, Message, MessageType, new_method_call
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import DBusConnection, open_dbus_connection
from PySide6.QtCore import QObject, QSocketNotifier, Signal

from therapy_journal import APP_ID

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
NOTIFICATIONS = DBusAddress("/org/freedesktop/Notifications", bus_name=SERVICE, interface=SERVICE)
BUS_TIMEOUT_S = 1.0  # the bus daemon is local; it answers in well under a millisecond
EXPIRE_MS = -1  # the desktop's own default
DEFAULT_ACTION = "default"  # a click on the notification itself
KEPT = 20  # notifications a click is still heard for

# A notification service stopping, the bus going away, a malformed message.
_FAILURES = (OSError, ValueError, KeyError, TimeoutError, RuntimeError)


def session_bus_address() -> str | None:
    """``$DBUS_SESSION_BUS_ADDRESS``, else the per-user bus systemd provides."""
    address = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    if address:
        return address
    runtime = Path(os.environ.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}")
    return f"unix:path={runtime / 'bus'}" if (runtime / "bus").exists() else None


class DesktopNotifications(QObject):
    """Shows notifications and says which one was clicked (:attr:`clicked`,
    with the token given to :meth:`notify`)."""

    clicked = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.connection: DBusConnection | None = None
        self.notifier: QSocketNotifier | None = None
        self._pending: dict[int, object] = {}  # serial of a Notify call: its token
        self._shown: dict[int, object] = {}  # notification id: its token

    def _connect(self) -> DBusConnection | None:
        if self.connection is not None:
            return self.connection
        address = session_bus_address()
        if address is None:
            return None
        try:
            connection = open_dbus_connection(address, auth_timeout=BUS_TIMEOUT_S)
        except _FAILURES as error:  # no session bus (a bare X server, a container)
            log.info("no session bus for notifications: %s", type(error).__name__)
            return None
        self.connection = connection
        self._call_bus(
            message_bus.AddMatch(
                MatchRule(
                    type="signal",
                    interface=SERVICE,
                    member="ActionInvoked",
                    path=NOTIFICATIONS.object_path,
                )
            )
        )
        self.notifier = QSocketNotifier(connection.sock.fileno(), QSocketNotifier.Type.Read, self)
        self.notifier.activated.connect(self._read)
        return connection

    def close(self) -> None:
        """Leave the session bus (at quit)."""
        self._close()

    def _close(self) -> None:
        if self.notifier is not None:
            self.notifier.setEnabled(False)
            self.notifier.deleteLater()
            self.notifier = None
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def _call_bus(self, message: Message) -> tuple[Any, ...] | None:
        """Ask the bus daemon itself (not the notification service) and wait for
        its answer; what else arrives meanwhile is handled as it comes."""
        connection = self.connection
        if connection is None:
            return None
        serial = next(connection.outgoing_serial)
        connection.send(message, serial=serial)
        while True:
            reply = connection.receive(timeout=BUS_TIMEOUT_S)
            if reply.header.fields.get(HeaderFields.reply_serial) == serial:
                if reply.header.message_type == MessageType.error:
                    return None
                return tuple(reply.body)
            self._handle(reply)

    def available(self) -> bool:
        """Whether a notification service runs on the session bus now."""
        try:
            if self._connect() is None:
                return False
            answer = self._call_bus(message_bus.NameHasOwner(SERVICE))
            self._read()  # what arrived meanwhile, now buffered, the socket will not signal
        except _FAILURES as error:
            log.info("the session bus went away: %s", type(error).__name__)
            self._close()
            return False
        return bool(answer and answer[0])

    def notify(
        self, title: str, body: str, *, app_name: str, discreet: bool, token: object
    ) -> bool:
        """Show one notification; False if no notification service took it."""
        if not self.available():
            return False
        connection = self.connection
        assert connection is not None
        hints: dict[str, tuple[str, Any]] = {}
        if not discreet:
            hints["desktop-entry"] = ("s", APP_ID)
        message = new_method_call(
            NOTIFICATIONS,
            "Notify",
            "susssasa{sv}i",
            (app_name, 0, "", title, body, [DEFAULT_ACTION, "Open"], hints, EXPIRE_MS),
        )
        try:
            serial = next(connection.outgoing_serial)
            connection.send(message, serial=serial)
        except _FAILURES as error:
            log.info("the notification was not sent: %s", type(error).__name__)
            self._close()
            return False
        self._pending[serial] = token
        return True

    def _read(self) -> None:
        connection = self.connection
        if connection is None:
            return
        try:
            while True:
                self._handle(connection.receive(timeout=0))
        except TimeoutError:
            return  # all that had arrived is handled
        except _FAILURES as error:
            log.info("the session bus went away: %s", type(error).__name__)
            self._close()

    def _handle(self, message: Message) -> None:
        header = message.header
        replied_to = header.fields.get(HeaderFields.reply_serial)
        if replied_to in self._pending:
            token = self._pending.pop(replied_to)
            if header.message_type == MessageType.method_return and message.body:
                self._shown[int(message.body[0])] = token
                while len(self._shown) > KEPT:  # the oldest can no longer be clicked
                    del self._shown[next(iter(self._shown))]
            return
        if (
            header.message_type == MessageType.signal
            and header.fields.get(HeaderFields.member) == "ActionInvoked"
            and len(message.body) == 2
        ):
            notification_id, action = message.body
            token = self._shown.get(int(notification_id))
            if token is not None and action in (DEFAULT_ACTION, "Open"):
                self.clicked.emit(token)
