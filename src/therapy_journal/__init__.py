"""Therapy Journal: a private, encrypted, offline journal for finding a therapist
and doing the work of therapy."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("therapy-journal")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

APP_NAME = "therapy-journal"
APP_DISPLAY_NAME = "Therapy Journal"
