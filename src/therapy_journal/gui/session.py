"""The unlocked vault and its services, for the lifetime of one unlock.

Everything that needs the key goes through the session. :meth:`Session.lock`
drops the key and tells every view to forget what it shows.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from therapy_journal.gui.tasks import TaskRunner
from therapy_journal.services.assessments import AssessmentService
from therapy_journal.services.contacts import ContactService
from therapy_journal.services.goals import GoalService
from therapy_journal.services.journal import JournalService
from therapy_journal.services.milestones import MilestoneService
from therapy_journal.services.profile import ProfileService
from therapy_journal.services.prompts import PromptService
from therapy_journal.services.sharing.service import ShareService
from therapy_journal.store.vault import Vault

log = logging.getLogger(__name__)


class Session(QObject):
    """One unlocked vault. Emits :attr:`locked` once, when the key is dropped.

    Areas emit :attr:`changed` with what they wrote ("entries", "entries_imported",
    "goals", "assessments", "contacts", "shares", …), so other views (the Journal
    header, Progress, the milestone celebration) can refresh without knowing who
    wrote.
    """

    locked = Signal()
    changed = Signal(str)

    def __init__(self, vault: Vault, tasks: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.tasks = tasks
        self.journal = JournalService(vault)
        self.profile = ProfileService(vault)
        self.prompts = PromptService(vault)
        self.goals = GoalService(vault)
        self.assessments = AssessmentService(vault)
        self.contacts = ContactService(vault)
        self.shares = ShareService(vault)
        self.milestones = MilestoneService(vault)

    @property
    def is_open(self) -> bool:
        return self.vault.is_unlocked

    def lock(self) -> None:
        if not self.vault.is_unlocked:
            return
        self.locked.emit()  # views save and clear first, while the key is still there
        self.tasks.wait()
        self.vault.lock()
        log.info("the vault was locked")
