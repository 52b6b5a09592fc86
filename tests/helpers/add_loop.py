"""A child process that adds entries to a vault in a loop, for crash and
concurrency tests.

    python -m tests.helpers.add_loop VAULT PASSPHRASE_FILE PREFIX COUNT BODY_CHARS [--wait]

It unlocks the vault, prints ``ready``, (with ``--wait``) waits for a line on
stdin, then adds entry ``PREFIX-i`` for i = 0, 1, ... (COUNT of them, or
forever when COUNT is 0) and prints ``added ID i`` after each add has returned,
flushing stdout every time. A parent that saw that line knows the add had
returned before anything it does next.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.store.vault import Vault

_WORDS = [
    "calm",
    "worry",
    "session",
    "therapist",
    "breathe",
    "walk",
    "sleep",
    "morning",
    "anxious",
    "hopeful",
    "grief",
    "friend",
    "call",
    "listen",
    "journal",
    "boundary",
    "patience",
    "progress",
    "relapse",
    "gentle",
    "steady",
]


def title_for(prefix: str, index: int) -> str:
    return f"{prefix}-{index}"


def body_for(prefix: str, index: int, chars: int) -> str:
    """A deterministic body of exactly ``chars`` characters, unique to (prefix, index)."""
    rng = random.Random(f"{prefix}:{index}")
    head = f"{prefix} entry {index}: "
    chunk = " ".join(rng.choice(_WORDS) + str(rng.randrange(1000)) for _ in range(800)) + "\n"
    repeats = chars // len(chunk) + 1
    return (head + chunk * repeats)[:chars]


def main(argv: list[str]) -> int:
    vault_folder, passphrase_file, prefix, count_text, chars_text = argv[:5]
    wait = "--wait" in argv[5:]
    count, chars = int(count_text), int(chars_text)
    passphrase = Path(passphrase_file).read_text("utf-8").rstrip("\n")
    vault = Vault(Path(vault_folder))
    vault.unlock(passphrase)
    journal = JournalService(vault)
    print("ready", flush=True)
    if wait:
        sys.stdin.readline()
    index = 0
    while count == 0 or index < count:
        entry = make_entry(title=title_for(prefix, index), body=body_for(prefix, index, chars))
        entry_id = journal.add(entry)
        print(f"added {entry_id} {index}", flush=True)
        index += 1
    vault.lock()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
