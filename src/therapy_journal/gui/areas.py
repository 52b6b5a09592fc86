"""The areas of the app shown in the sidebar.

Adding an area is one line in :data:`AREAS`: a key, a title, a factory
taking the session and its parent (the window's stack, so the area is built
in place), and the name of its sidebar icon (``resources/icons/areas``).
An area is a QWidget with ``save()`` (keep unsaved work), ``clear()`` (forget
everything shown, at lock) and ``activate()`` (shown). It may have a
``status`` (str) signal, ``write_requested`` (a Prompt) to start a journal
entry answering it,
``open_requested`` (area key, item) to show an item of another area, and
``open_item(item)`` to show one of its own items when asked.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtWidgets import QWidget

from therapy_journal.gui.i18n import tr
from therapy_journal.gui.journal.journal_area import JournalArea
from therapy_journal.gui.session import Session


def _later(module: str, name: str) -> Callable[[Session, QWidget | None], QWidget]:
    """A factory that imports its area's module when the area is first shown, so
    starting the app does not load Qt Charts, printing and the rest up front."""

    def build(session: Session, parent: QWidget | None = None) -> QWidget:
        area: QWidget = getattr(importlib.import_module(module), name)(session, parent)
        return area

    return build


class Area(Protocol):
    def save(self) -> None: ...
    def clear(self) -> None: ...
    def activate(self) -> None: ...


@dataclass(frozen=True)
class AreaSpec:
    key: str
    title: str
    factory: Callable[[Session, QWidget | None], QWidget]
    icon: str


AREAS: list[AreaSpec] = [
    AreaSpec("journal", tr("Journal"), JournalArea, "notebook-pen"),
    AreaSpec(
        "prompts",
        tr("Prompts"),
        _later("therapy_journal.gui.prompts.prompts_area", "PromptsArea"),
        "lightbulb",
    ),
    AreaSpec(
        "goals", tr("Goals"), _later("therapy_journal.gui.goals.goals_area", "GoalsArea"), "target"
    ),
    AreaSpec(
        "contacts",
        tr("Contacts"),
        _later("therapy_journal.gui.contacts.contacts_area", "ContactsArea"),
        "users",
    ),
    AreaSpec(
        "checkins",
        tr("Check-ins"),
        _later("therapy_journal.gui.checkins.checkins_area", "CheckinsArea"),
        "clipboard-check",
    ),
    AreaSpec(
        "progress",
        tr("Progress"),
        _later("therapy_journal.gui.progress.progress_area", "ProgressArea"),
        "chart-line",
    ),
    AreaSpec(
        "profile",
        tr("Profile"),
        _later("therapy_journal.gui.profile.profile_area", "ProfileArea"),
        "user-round-cog",
    ),
    AreaSpec(
        "share", tr("Share"), _later("therapy_journal.gui.share.share_area", "ShareArea"), "send"
    ),
    AreaSpec(
        "trash",
        tr("Trash"),
        _later("therapy_journal.gui.journal.trash_area", "TrashArea"),
        "trash-2",
    ),
]
