"""One window per vault: a second start brings the first window to the front.

The first app to open a vault listens on a local socket named after the vault
folder (a hash of its path, so the name says nothing about the person); a
second start connects, asks it to come forward, and exits. The socket accepts
nothing but that one request.

The socket lives in a folder only this user can enter: the user's runtime
folder (``$XDG_RUNTIME_DIR/therapy-journal``) when it is this user's and
private, else ``therapy-journal/run`` in the user's state folder. Each folder
is made 0700 and checked to belong to this user, and a socket found there is
used only if it belongs to this user too. Never a shared folder like ``/tmp``,
where another local user could create the socket first and make the app quit
on every start. When no such folder can be had, the app starts anyway, only
without this check.
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
import sys
from pathlib import Path

import platformdirs
from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from therapy_journal import APP_NAME

log = logging.getLogger(__name__)

RAISE = b"raise\n"
TIMEOUT_MS = 1000
RUNTIME_ENV = "XDG_RUNTIME_DIR"
# sockaddr_un's sun_path holds 108 bytes with the final NUL on Linux.
MAX_SOCKET_PATH_BYTES = 107


def socket_name(vault_folder: Path) -> str:
    """The socket's file name: a hash of the vault folder's path."""
    return hashlib.sha256(str(vault_folder.resolve()).encode("utf-8")).hexdigest()[:24]


def socket_path(vault_folder: Path) -> str | None:
    """Where the socket for this vault lives; None if there is no private place for it."""
    if sys.platform == "win32":  # a named pipe; UserAccessOption limits it to this user
        return f"{APP_NAME}-{socket_name(vault_folder)}"
    folder = socket_folder()
    if folder is None:
        return None
    path = str(folder / socket_name(vault_folder))
    if len(os.fsencode(path)) > MAX_SOCKET_PATH_BYTES:
        log.warning("the path for the single-instance socket is too long; going without it")
        return None
    return path


def socket_folder() -> Path | None:
    """This user's private folder for the socket, made if needed; None if there is none."""
    runtime = os.environ.get(RUNTIME_ENV, "")
    if runtime and Path(runtime).is_absolute():
        if _is_private(Path(runtime)):
            return _private_folder(Path(runtime) / APP_NAME)
        log.warning("%s is not this user's private folder; not using it", RUNTIME_ENV)
    return _private_folder(platformdirs.user_state_path(APP_NAME, appauthor=False) / "run")


def _is_private(folder: Path) -> bool:
    """A real folder (not a link) that belongs to this user and no one else may enter."""
    try:
        info = folder.lstat()
    except OSError:
        return False
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.getuid()
        and not info.st_mode & (stat.S_IRWXG | stat.S_IRWXO)
    )


def _private_folder(folder: Path) -> Path | None:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
        if stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid():
            if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
                folder.chmod(0o700)  # ours, only too open
            return folder
    except OSError as error:
        log.warning("could not make a private folder for the single-instance socket: %s", error)
        return None
    log.warning(
        "%s is not this user's own folder; going without the single-instance socket", folder
    )
    return None


def _is_our_socket(path: str) -> bool:
    """True for a socket of this user's at ``path``; anything else there is logged."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError as error:
        log.warning("could not look at the single-instance socket: %s", error)
        return False
    if stat.S_ISSOCK(info.st_mode) and info.st_uid == os.getuid():
        return True
    log.warning("ignored %s: it is not a socket of this user's", path)
    return False


def ask_running_instance(vault_folder: Path) -> bool:
    """True if an app already has this vault open (it was asked to come forward)."""
    path = socket_path(vault_folder)
    if path is None or (sys.platform != "win32" and not _is_our_socket(path)):
        return False
    socket = QLocalSocket()
    socket.connectToServer(path)
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
        path = socket_path(vault_folder)
        if path is None:
            return
        if not self.server.listen(path):
            # Left by a crashed app (nothing answered it, checked by the
            # caller), or not ours: in our private folder, either can go.
            QLocalServer.removeServer(path)
            if not self.server.listen(path):
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
