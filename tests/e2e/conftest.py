"""Fixtures for end-to-end tests: a real vault on disk, locked, so that real
processes can open it, and the passphrase in a file for them to read."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.processes import write_secret
from tests.helpers.vaults import VaultInfo, make_vault
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.store.vault import Vault


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


@pytest.fixture
def opened() -> Iterator[list[Vault]]:
    """Vaults a test unlocks in this process; all locked again at teardown."""
    vaults: list[Vault] = []
    yield vaults
    for vault in vaults:
        vault.lock()


@pytest.fixture
def reaper() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Child processes a test starts; any still running at teardown (a failed
    assertion) are killed and reaped, so none outlives its test."""
    children: list[subprocess.Popen[bytes]] = []
    yield children
    for child in children:
        if child.poll() is None:
            child.kill()
        child.communicate(timeout=30)
