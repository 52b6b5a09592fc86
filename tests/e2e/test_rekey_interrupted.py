"""A data-key replacement killed at any moment leaves a vault that opens with
the passphrase and with the recovery key, with every entry.

A real process replaces the key of a real vault (big enough that the page copy
takes several steps) and sends itself SIGKILL at each point between its
writes; others are killed from outside after a delay. Then the vault is opened
as the next start would open it.
"""

from __future__ import annotations

import base64
import json
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers.processes import REPO_ROOT, spawn, writer_env
from tests.helpers.rekey_killed import POINTS
from tests.helpers.vaults import FAST_KDF, make_vault
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.store.keyfile import KeyFile, RecoveryKey
from therapy_journal.store.vault import Vault

OLD = "the passphrase before"
NEW = "the passphrase after"
ENTRIES = 1_500  # about 9 MB: the copy takes three steps of 4 MiB


def _incompressible(n: int) -> str:
    """About 6 KB of text that zlib does not shrink (bodies are stored compressed:
    repeated letters left the database too small to copy in steps)."""
    return base64.b64encode(random.Random(n).randbytes(4_500)).decode()


pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("template") / "vault"
    info = make_vault(folder, OLD)
    JournalService(info.vault).import_entries(
        make_entry(title=f"entry {n}", body=f"entry {n} " + _incompressible(n))
        for n in range(ENTRIES)
    )
    info.vault.lock()
    return folder, info.recovery_key


def start_rekey(tmp_path: Path, folder: Path, recovery: str, point: str) -> subprocess.Popen[bytes]:
    secrets = tmp_path / "secrets.json"
    secrets.write_text(
        json.dumps({"passphrase": OLD, "recovery_key": recovery, "new_passphrase": NEW}), "utf-8"
    )
    return spawn(
        [sys.executable, "-m", "tests.helpers.rekey_killed", str(folder), str(secrets), point],
        env=writer_env(),
        cwd=REPO_ROOT,
    )


def check_opens(folder: Path, recovery: str) -> str:
    """The vault opens with one of the two passphrases, every entry is there and
    every page checks out, and the recovery key opens the same key file; which
    passphrase opened it is returned. Leftovers are gone once it was opened."""
    opened_with = None
    for passphrase in (OLD, NEW):
        vault = Vault(folder, kdf=FAST_KDF)
        try:
            vault.unlock(passphrase)
        except Exception as error:
            assert type(error).__name__ == "WrongPassphrase", error
            continue
        try:
            assert vault.db.cipher_problems() == []
            assert JournalService(vault).count() == ENTRIES
        finally:
            vault.lock()
        assert opened_with is None, "both passphrases open it"
        opened_with = passphrase
    assert opened_with is not None, "no passphrase opens the vault"
    keyfile = KeyFile.load(folder / "vault.key")
    assert bytes(keyfile.unwrap_with_recovery(RecoveryKey.parse(recovery))) == bytes(
        keyfile.unwrap_with_passphrase(opened_with)
    )
    assert sorted(p.name for p in folder.iterdir()) == ["journal.db", "vault.key"]
    return opened_with


@pytest.mark.parametrize("point", POINTS)
def test_a_rekey_killed_between_its_writes_leaves_an_openable_vault(
    tmp_path: Path, template: tuple[Path, str], reaper: list, point: str
) -> None:
    source, recovery = template
    folder = tmp_path / "vault"
    shutil.copytree(source, folder)
    proc = start_rekey(tmp_path, folder, recovery, point)
    reaper.append(proc)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGKILL, (out, err)

    opened_with = check_opens(folder, recovery)
    # The new database taking its place is the moment the new key (and passphrase) count.
    committed = POINTS.index(point) >= POINTS.index("database-replaced")
    assert opened_with == (NEW if committed else OLD)


def test_a_rekey_killed_from_outside_at_any_moment_leaves_an_openable_vault(
    tmp_path: Path, template: tuple[Path, str], reaper: list
) -> None:
    source, recovery = template
    folder = tmp_path / "full"
    shutil.copytree(source, folder)
    started = time.monotonic()
    full = start_rekey(tmp_path, folder, recovery, "never")
    reaper.append(full)
    out, err = full.communicate(timeout=120)
    assert full.returncode == 0 and out == b"done\n", err
    whole = time.monotonic() - started
    assert check_opens(folder, recovery) == NEW

    for step in range(1, 6):
        folder = tmp_path / f"killed-{step}"
        shutil.copytree(source, folder)
        proc = start_rekey(tmp_path, folder, recovery, "never")
        reaper.append(proc)
        time.sleep(whole * step / 6)
        proc.kill()
        proc.communicate(timeout=120)
        check_opens(folder, recovery)


def test_after_a_rekey_cut_short_the_recovery_key_opens_the_vault_first(
    tmp_path: Path, template: tuple[Path, str], reaper: list
) -> None:
    source, recovery = template
    folder = tmp_path / "vault"
    shutil.copytree(source, folder)
    proc = start_rekey(tmp_path, folder, recovery, "database-replaced")
    reaper.append(proc)
    proc.communicate(timeout=120)
    assert (folder / "vault.key.rekey").exists()

    vault = Vault(folder, kdf=FAST_KDF)
    vault.unlock_with_recovery(recovery, "a third passphrase")
    try:
        assert JournalService(vault).count() == ENTRIES
    finally:
        vault.lock()
    assert sorted(p.name for p in folder.iterdir()) == ["journal.db", "vault.key"]
