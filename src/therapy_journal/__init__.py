"""Therapy Journal: a private, encrypted, offline journal for finding a therapist
and doing the work of therapy."""

# The one place the version is written: pyproject.toml reads it from here, so
# the program need not ask importlib.metadata (which costs 20-40 ms at start).
__version__ = "0.1.0"

APP_NAME = "therapy-journal"
APP_DISPLAY_NAME = "Therapy Journal"
# The freedesktop application id: names the .desktop file, the AppStream
# component and the icon in packaging/linux/, and the Wayland app id / X11 WM
# class through QGuiApplication.setDesktopFileName().
APP_ID = "io.github.therapyjournal.TherapyJournal"
