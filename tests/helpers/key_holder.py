"""A process that unlocks a vault, reads from it, locks it, and then waits.

``python -m tests.helpers.key_holder VAULT PASSPHRASE_FILE`` prints "locked"
once the vault is locked again, then waits for its stdin to close, so a test
can look at its memory meanwhile (what a command leaves behind after lock).
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.helpers.vaults import FAST_KDF
from therapy_journal.services.journal import JournalService
from therapy_journal.store.vault import Vault


def main() -> int:
    folder, secret_file = Path(sys.argv[1]), Path(sys.argv[2])
    vault = Vault(folder, kdf=FAST_KDF)
    vault.unlock(secret_file.read_text("utf-8").rstrip("\n"))
    journal = JournalService(vault)
    journal.search("anything")
    vault.snapshot(folder.parent / "snapshot.db")
    vault.lock()
    print("locked", flush=True)
    sys.stdin.read()
    return 0


if __name__ == "__main__":
    sys.exit(main())
