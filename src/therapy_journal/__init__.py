"""Therapy Journal: a private, encrypted, offline journal for finding a therapist
and doing the work of therapy."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("therapy-journal")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

APP_NAME = "therapy-journal"
APP_DISPLAY_NAME = "Therapy Journal"
# The freedesktop application id: names the .desktop file, the AppStream
# component and the icon in packaging/linux/, and the Wayland app id / X11 WM
# class through QGuiApplication.setDesktopFileName().
APP_ID = "io.github.therapyjournal.TherapyJournal"
