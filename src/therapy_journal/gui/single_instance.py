"""One window per vault: a second start brings the first window to the front.

The first app to open a vault listens on a local socket named after the vault
folder (a hash of its path, so the name says nothing about the person); a
second start connects, asks it to come forward, and exits. The socket lives
in the user's runtime folder and accepts nothing but that one request.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

RAISE = b"raise\n"
TIMEOUT_MS = 1000


def server_name(vault_folder: Path) -> str:
    digest = hashlib.sha256(str(vault_folder.resolve()).encode("utf-8")).hexdigest()[:24]
    return f"therapy-journal-{digest}"


def ask_running_instance(vault_folder: Path) -> bool:
    """True if an app already has this vault open (it was asked to come forward)."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(vault_folder))
    if not socket.waitForConnected(TIMEOUT_MS):
        return False
    socket.write(RAISE)
    socket.waitForBytesWritten(TIMEOUT_MS)
    socket.disconnectFromServer()
    log.info("the vault is open in another window; asked it to come forward")
    return True


class InstanceServer(QObject):
    """Listens for a second start on the same vault; emits :attr:`raise_requested`."""

    raise_requested = Signal()

    def __init__(self, vault_folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._connected)
        name = server_name(vault_folder)
        if not self.server.listen(name):
            # A socket left by a crashed app: nothing answers it (checked by
            # the caller), so it can go.
            QLocalServer.removeServer(name)
            if not self.server.listen(name):
                log.warning("could not listen for a second start: %s", self.server.errorString())

    def _connected(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            if socket is None:
                return
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(RAISE):
            self.raise_requested.emit()

    def close(self) -> None:
        self.server.close()
