"""Translation of strings shown to people (Qt's translation functions)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

CONTEXT = "TherapyJournal"


def tr(text: str) -> str:
    """Translate a user-visible string in the app's one translation context."""
    return QCoreApplication.translate(CONTEXT, text)
