"""The one place errors are shown to people.

Expected problems (a wrong passphrase, a damaged file, a full disk) get their
plain message in a dialog. Anything else is a bug: the crash dialog shows a
report to copy, with the type and traceback but never entry text (tracebacks
hold code lines, not values). Tests set :data:`SHOW_DIALOGS` to False and read
:data:`shown` instead.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from therapy_journal import __version__
from therapy_journal.gui.i18n import tr
from therapy_journal.services.assessments import InvalidAnswers
from therapy_journal.services.attachments import AttachmentNotFound, AttachmentProblem
from therapy_journal.services.contact_model import InvalidContact
from therapy_journal.services.contacts import ContactNotFound
from therapy_journal.services.dates import BadDate
from therapy_journal.services.goals import GoalNotFound, InvalidGoal
from therapy_journal.services.importers import ImportFormatError
from therapy_journal.services.journal import EntryNotFound, ImportCancelled, InvalidEntry
from therapy_journal.services.journals import InvalidJournal
from therapy_journal.services.prompts import InvalidPrompt
from therapy_journal.services.vcard import BadVCard
from therapy_journal.store.errors import VaultError

log = logging.getLogger(__name__)

SHOW_DIALOGS = True
shown: list[str] = []

EXPECTED = (
    VaultError,
    BadDate,
    InvalidEntry,
    EntryNotFound,
    ImportFormatError,
    ImportCancelled,
    InvalidGoal,
    GoalNotFound,
    InvalidAnswers,
    InvalidContact,
    ContactNotFound,
    BadVCard,
    InvalidPrompt,
    InvalidJournal,
    AttachmentProblem,
    AttachmentNotFound,
)


def is_expected(error: BaseException) -> bool:
    return isinstance(error, EXPECTED)


def show_message(parent: QWidget | None, message: str) -> None:
    shown.append(message)
    if SHOW_DIALOGS:
        QMessageBox.warning(parent, tr("Therapy Journal"), message)


def report(parent: QWidget | None, error: BaseException) -> None:
    """Show an expected error's message, or the crash dialog for a bug."""
    if is_expected(error):
        show_message(parent, str(error))
        return
    crash_dialog(type(error), error, error.__traceback__)


def crash_report(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> str:
    frames = "".join(traceback.format_tb(tb))
    # The exception's message can quote data; only its type goes in the report.
    return (
        f"Therapy Journal {__version__}, Python {sys.version.split()[0]}\n"
        f"{kind.__module__}.{kind.__qualname__}\n{frames}"
    )


def crash_dialog(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    text = crash_report(kind, error, tb)
    log.error("unexpected error: %s", kind.__qualname__)
    shown.append(text)
    if not SHOW_DIALOGS:
        return
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        tr("Something went wrong"),
        tr(
            "Therapy Journal hit a bug. Your saved entries are safe. The report below holds no "
            "journal text; copy it if you want to tell the developers."
        ),
    )
    box.setDetailedText(text)
    box.exec()


def install_excepthook() -> None:
    sys.excepthook = crash_dialog


def confirmed_delete(
    parent: QWidget, title: str, question: str, delete: Callable[[], object]
) -> bool:
    """Ask before deleting; run ``delete``, reporting a failure. True when deleted."""
    answer = QMessageBox.question(parent, title, question)
    if answer != QMessageBox.StandardButton.Yes:
        return False
    try:
        delete()
    except Exception as error:
        report(parent, error)
        return False
    return True
