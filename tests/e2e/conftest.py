"""Fixtures for end-to-end tests: a real vault on disk, locked, so that real
processes can open it, and the passphrase in a file for them to read."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.processes import write_secret
from tests.helpers.vaults import VaultInfo, make_vault
from therapy_journal.services.journal import JournalService, make_entry


@pytest.fixture
def locked_vault(vault_folder: Path) -> VaultInfo:
    """A fresh vault (cheap KDF) holding no entries, locked."""
    info = make_vault(vault_folder)
    info.vault.lock()
    return info


@pytest.fixture
def passphrase_file(tmp_path: Path, locked_vault: VaultInfo) -> Path:
    return write_secret(tmp_path / "passphrase.txt", locked_vault.passphrase)


@pytest.fixture
def seeded_vault(vault_folder: Path) -> VaultInfo:
    """A locked vault holding three entries titled 'first', 'second', 'third'."""
    info = make_vault(vault_folder)
    journal = JournalService(info.vault)
    for title in ("first", "second", "third"):
        journal.add(make_entry(title=title, body=f"the {title} entry's body"))
    info.vault.lock()
    return info
