"""A stand-in for the desktop's notification service, on a private session bus.

A real ``dbus-daemon`` runs a session bus in a temporary folder; on it a thread
owns ``org.freedesktop.Notifications``, answers each ``Notify`` with a new id
and keeps what it was asked to show, and on request sends ``ActionInvoked``
for one of them, as a desktop does when the person clicks a notification.
Only this service is faked: the app's side (jeepney over the real bus) is not.
"""

from __future__ import annotations

import queue
import shutil
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jeepney import DBusAddress, HeaderFields, MessageType, new_method_return, new_signal
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"


@dataclass(frozen=True)
class Shown:
    id: int
    app_name: str
    title: str
    body: str
    actions: list[str]
    hints: dict[str, Any]


class NotificationDaemon:
    def __init__(self, folder: Path) -> None:
        tool = shutil.which("dbus-daemon")
        if tool is None:
            raise FileNotFoundError("dbus-daemon")
        self.process = subprocess.Popen(
            [
                tool,
                "--session",
                "--nofork",
                "--print-address=1",
                f"--address=unix:path={folder}/bus",
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.address = self.process.stdout.readline().strip()
        self.shown: list[Shown] = []
        self._clicks: queue.Queue[int] = queue.Queue()
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the stand-in notification service did not start")

    def _serve(self) -> None:
        connection = open_dbus_connection(self.address)
        connection.send_and_get_reply(message_bus.RequestName(SERVICE), timeout=5)
        self._ready.set()
        emitter = DBusAddress(PATH, interface=SERVICE)
        while not self._stop.is_set():
            while not self._clicks.empty():
                clicked = self._clicks.get()
                connection.send(new_signal(emitter, "ActionInvoked", "us", (clicked, "default")))
            try:
                message = connection.receive(timeout=0.05)
            except TimeoutError:
                continue
            header = message.header
            if header.message_type != MessageType.method_call:
                continue
            if header.fields.get(HeaderFields.member) == "Notify":
                app_name, _replaces, _icon, title, body, actions, hints, _expire = message.body
                shown = Shown(len(self.shown) + 1, app_name, title, body, list(actions), hints)
                self.shown.append(shown)
                connection.send(new_method_return(message, "u", (shown.id,)))
        connection.close()

    def click(self, shown: Shown) -> None:
        self._clicks.put(shown.id)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.process.terminate()
        self.process.wait(10)
        if self.process.stdout is not None:
            self.process.stdout.close()
