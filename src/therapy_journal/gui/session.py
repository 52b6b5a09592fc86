"""The unlocked vault and its services, for the lifetime of one unlock.

Everything that needs the key goes through the session. :meth:`Session.lock`
abandons background work, tells every view to save and forget what it shows,
and drops the key.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from therapy_journal.gui.tasks import TaskRunner
from therapy_journal.services import opened_copies
from therapy_journal.services.assessments import AssessmentService
from therapy_journal.services.contacts import ContactService
from therapy_journal.services.goals import GoalService
from therapy_journal.services.journal import JournalService
from therapy_journal.services.milestones import MilestoneService
from therapy_journal.services.profile import ProfileService
from therapy_journal.services.prompts import PromptService
from therapy_journal.services.sharing.service import ShareService
from therapy_journal.store import keyring_cache
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
        """Drop the key now. Background work is abandoned, not waited for:
        first, so an import's transaction is cancelled and the editor's save
        does not wait behind it; its results are never delivered."""
        if not self.vault.is_unlocked:
            return
        self.tasks.abandon()
        self.locked.emit()  # views save and clear first, while the key is still there
        opened_copies.remove_all()  # attachments opened with other programs
        vault_id = self.vault.vault_id
        self.vault.lock()
        # Locking in the app ends an 'unlock --for' of the command line too.
        keyring_cache.forget(vault_id)
        log.info("the vault was locked")
