"""Opening real vaults in the test process and reading back what they hold."""

from __future__ import annotations

from pathlib import Path

from therapy_journal.services.journal import JournalService
from therapy_journal.store.vault import Vault


def open_journal(folder: Path, passphrase: str, opened: list[Vault]) -> JournalService:
    """Unlock the vault in ``folder`` (its KDF comes from the key file); the
    vault is appended to ``opened`` so the test can lock it at teardown."""
    vault = Vault(folder)
    vault.unlock(passphrase)
    opened.append(vault)
    return JournalService(vault)


def all_titles(journal: JournalService) -> dict[int, str]:
    """Every entry's title by id, trash excluded."""
    ids = list(journal.ids())
    return {entry.id: entry.title for entry in journal.get_many(ids)}


def temp_files(folder: Path) -> list[str]:
    """Names of leftover temporary files of an atomic write in ``folder``."""
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(".tmp"))
