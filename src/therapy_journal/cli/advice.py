"""What a person can do about damage a check found, in a sentence or two."""

from __future__ import annotations

from therapy_journal.cli.common import PROG
from therapy_journal.store.integrity import Health


def for_damage(health: Health) -> str:
    if health.only_search_index:
        return (
            "Every entry can still be read and exported; restore your latest backup to get a "
            "matching index."
        )
    if health.only_unused_pages:
        return (
            f"The disk may be failing. A backup of the vault is complete: '{PROG} backup -o "
            f"FILE', then '{PROG} restore FILE --replace' gives you a clean vault."
        )
    return (
        f"Save every entry that can still be read with '{PROG} salvage -o DIR' (into Markdown "
        "or JSON files, as export-all writes them), then restore your latest backup."
    )
