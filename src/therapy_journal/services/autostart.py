"""Starting the app at login: an XDG autostart entry.

``$XDG_CONFIG_HOME/autostart/<app id>.desktop`` (``~/.config`` when the
variable is unset, empty or not an absolute path, as the XDG base directory
specification says). The entry starts the app in the background: locked, in
the tray, only to remind. It names the app as the window does, so in discreet
mode a list of startup programs shows "Notes".
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from therapy_journal import APP_ID
from therapy_journal.store.atomic import write_atomic
from therapy_journal.store.errors import StorageError

BACKGROUND_OPTION = "--background"

# Characters that make the desktop entry specification ask for an argument in quotes.
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def autostart_file() -> Path:
    configured = os.environ.get("XDG_CONFIG_HOME", "")
    base = Path(configured) if configured and Path(configured).is_absolute() else None
    return (base or Path.home() / ".config") / "autostart" / f"{APP_ID}.desktop"


def start_command() -> list[str]:
    """This program, started in the background: the frozen executable, or this
    interpreter running the package (the same one that runs now)."""
    if getattr(sys, "frozen", False):
        command = [sys.executable]
    else:
        command = [sys.executable, "-P", "-m", "therapy_journal"]
    return [*command, BACKGROUND_OPTION]


def _exec_argument(word: str) -> str:
    """One argument of an Exec line, quoted and escaped as the specification says
    (first as an argument, then as a desktop-entry string)."""
    word = word.replace("%", "%%")
    if any(char in _RESERVED for char in word):
        for char in '\\"`$':
            word = word.replace(char, "\\" + char)
        word = f'"{word}"'
    return word.replace("\\", "\\\\")


def exec_line(command: Sequence[str]) -> str:
    return " ".join(_exec_argument(word) for word in command)


def entry_text(name: str, command: Sequence[str]) -> str:
    """The autostart entry, named ``name`` (the discreet name in discreet mode)."""
    name = " ".join(name.split()) or "Notes"
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        f"Name={name}\n"
        f"Exec={exec_line(command)}\n"
        f"Icon={APP_ID}\n"
        "Terminal=false\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def is_on() -> bool:
    return autostart_file().is_file()


def turn_on(name: str, command: Sequence[str] | None = None) -> Path:
    """Write (or rewrite) the entry. Raises :class:`StorageError` in plain words."""
    path = autostart_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = entry_text(name, command or start_command())
    write_atomic(path, text.encode("utf-8"), mode=0o644, what="the start-at-login entry")
    return path


def refresh(name: str, command: Sequence[str] | None = None) -> bool:
    """At start: keep an entry that is there up to date (the program may have
    moved, or been updated to another path); True if there is one. An entry
    removed elsewhere (a desktop's startup settings) is not put back."""
    path = autostart_file()
    try:
        current = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return False
    except (OSError, UnicodeError):
        return True  # there, but not readable: left as it is
    if current != entry_text(name, command or start_command()):
        # If it cannot be written the old entry stays; Settings says so when changed there.
        with contextlib.suppress(OSError, StorageError):
            turn_on(name, command)
    return True


def turn_off() -> None:
    """Remove the entry, if there is one. Raises OSError if it cannot be removed."""
    autostart_file().unlink(missing_ok=True)
