"""Locking a vault leaves no copy of its data key in the process.

The key lives only in buffers that are wiped (never in ``bytes`` or ``str``):
it is unwrapped straight into a bytearray, handed to SQLCipher through
``sqlite3_key`` from a bytearray (not as ``PRAGMA key`` text), and copies made
for work such as a snapshot are wiped when the work ends. A process unlocks a
vault, searches it, snapshots it and locks it; then its memory is searched for
the key, raw and in its hex form. (The desktop app goes further and replaces
its whole process at lock: see test_lock_memory.py.)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.helpers.memory import encodings, find_in_memory
from tests.helpers.processes import REPO_ROOT, spawn, write_secret, writer_env
from tests.helpers.vaults import VaultInfo
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.store.keyfile import KeyFile


def test_after_lock_the_data_key_is_nowhere_in_the_process_memory(
    tmp_path: Path, vault_info: VaultInfo, reaper: list[subprocess.Popen[bytes]]
) -> None:
    JournalService(vault_info.vault).add(make_entry(title="t", body="something to find"))
    vault_info.vault.lock()
    passphrase = vault_info.passphrase
    key = bytes(KeyFile.load(vault_info.vault.key_path).unwrap_with_passphrase(passphrase))
    secret = write_secret(tmp_path / "passphrase.txt", passphrase)
    holder = spawn(
        [sys.executable, "-m", "tests.helpers.key_holder", str(vault_info.folder), str(secret)],
        env=writer_env(),
        cwd=REPO_ROOT,
    )
    reaper.append(holder)
    assert holder.stdout is not None
    assert holder.stdout.readline() == b"locked\n", holder.stderr.read() if holder.stderr else ""

    found = find_in_memory(
        holder.pid,
        {
            "data key (raw)": key,
            **encodings("data key (hex)", key.hex()),
            **encodings("data key (HEX)", key.hex().upper()),
        },
    )
    assert found == {}, found
