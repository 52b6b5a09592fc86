"""Is there a screen to show the app on? Said in one line when there is not.

Without a display Qt prints several lines about platform plugins and aborts
(exit 134, a core dump where they are allowed). The app looks first, before
any QApplication exists: on X11 and Wayland systems, no ``DISPLAY`` or
``WAYLAND_DISPLAY`` (or only one naming a local server whose socket is not
there) and no ``QT_QPA_PLATFORM`` chosen means no graphical session. When Qt
still cannot start its platform plugin (a remote display that does not answer,
a plugin that is missing), :func:`platform_failure_ends_quietly` turns Qt's
fatal message into the same one line and exit status 1.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

NO_DISPLAY_EXIT = 1
_LOCAL_X = re.compile(r"^(?:unix)?:(\d+)(?:\.\d+)?$")


def no_display_text() -> str:
    return (
        "therapy-journal: the desktop app needs a graphical session and could not find one "
        "to use; the commands work without it (therapy-journal --help)."
    )


def _uses_x11_or_wayland(platform: str) -> bool:
    return platform.startswith(("linux", "freebsd", "openbsd", "netbsd", "sunos"))


def _x_server_there(display: str) -> bool:
    """False only for a local display (``:0``) whose socket is missing."""
    local = _LOCAL_X.match(display)
    if local is None:
        return True  # remote or unusual: only Qt can tell
    return Path(f"/tmp/.X11-unix/X{local.group(1)}").exists()  # noqa: S108 (X11's own path)


def _wayland_there(environ: Mapping[str, str]) -> bool:
    name = environ.get("WAYLAND_DISPLAY", "")
    if not name:
        return False
    if os.path.isabs(name):
        return Path(name).exists()
    runtime = environ.get("XDG_RUNTIME_DIR", "")
    return not runtime or (Path(runtime) / name).exists()


def display_missing(environ: Mapping[str, str] | None = None, platform: str = sys.platform) -> bool:
    """Whether this is surely a session without a display (checked before Qt starts)."""
    environ = os.environ if environ is None else environ
    if not _uses_x11_or_wayland(platform) or environ.get("QT_QPA_PLATFORM"):
        return False
    display = environ.get("DISPLAY", "")
    return not (display and _x_server_there(display)) and not _wayland_there(environ)


@contextmanager
def platform_failure_ends_quietly() -> Iterator[None]:
    """While Qt starts: its fatal "no platform plugin" ends the process with
    one line and status 1; its warnings on the way there are kept back
    (written only if it does start, so nothing is lost)."""
    kept: list[str] = []

    def handle(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
        if kind == QtMsgType.QtFatalMsg:
            sys.stderr.write(no_display_text() + "\n")
            sys.stderr.flush()
            os._exit(NO_DISPLAY_EXIT)
        kept.append(message)

    previous = qInstallMessageHandler(handle)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)
        for message in kept:
            sys.stderr.write(message + "\n")
