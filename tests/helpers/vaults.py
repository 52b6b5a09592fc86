"""Making real vaults for tests, and looking at their files."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from therapy_journal.store import migrations
from therapy_journal.store.keyfile import KdfParams
from therapy_journal.store.vault import DB_NAME, Vault

PASSPHRASE = "correct horse battery staple"
# Cheap Argon2id for tests, passed as a parameter: the app's defaults stay as they are.
FAST_KDF = KdfParams(memory_kib=64, iterations=1, lanes=1)


@dataclass
class VaultInfo:
    vault: Vault
    folder: Path
    passphrase: str
    recovery_key: str


def make_vault(folder: Path, passphrase: str = PASSPHRASE) -> VaultInfo:
    """Create a real encrypted vault with a cheap KDF; it is left unlocked."""
    vault = Vault(folder, kdf=FAST_KDF)
    recovery = vault.create(passphrase)
    return VaultInfo(vault=vault, folder=folder, passphrase=passphrase, recovery_key=recovery)


def file_hashes(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder``, by relative path."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def files_containing(folder: Path, needles: list[str]) -> list[tuple[str, str]]:
    """(file, needle) pairs where a needle's UTF-8 bytes occur in a file under ``folder``."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            found += [(str(path), n) for n in needles if n.encode("utf-8") in data]
    return found


def make_vault_before(
    folder: Path, monkeypatch: pytest.MonkeyPatch, migration: list[migrations.Step]
) -> Vault:
    """A new vault (unlocked) at the schema before ``migration``: the app's
    migrations are cut short by ``monkeypatch`` until reopen_migrated."""
    before = migrations.MIGRATIONS[: migrations.MIGRATIONS.index(migration)]
    monkeypatch.setattr(migrations, "MIGRATIONS", before)
    monkeypatch.setattr(migrations, "LATEST", len(before))
    vault = Vault(folder, kdf=FAST_KDF)
    vault.create(PASSPHRASE)
    return vault


def reopen_migrated(
    old: Vault, monkeypatch: pytest.MonkeyPatch, opened: list[Vault], *, chunk: int
) -> tuple[Vault, int]:
    """Lock ``old`` (made with the migrations cut short by ``monkeypatch``),
    put the migrations back (``chunk`` entries per statement where they work
    in chunks, so a test sees several) and unlock it again: the migrated vault
    and the size its file had before."""
    old.db.checkpoint()
    old.lock()
    size_before = (old.folder / DB_NAME).stat().st_size
    monkeypatch.undo()
    monkeypatch.setattr(migrations, "PACK_CHUNK", chunk)
    vault = Vault(old.folder, kdf=FAST_KDF)
    vault.unlock(PASSPHRASE)
    opened.append(vault)
    assert migrations.schema_version(vault.db) == migrations.LATEST
    return vault, size_before
