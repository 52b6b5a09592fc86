"""A random identifier per vault, for the UIDs of the calendar files it writes.

RFC 5545 wants a UID unique across every calendar: "contact 1" alone is the
same in every vault, so two people's (or one person's two vaults')
consultations with their contact 1 would replace each other in a calendar. The
UID is made from this identifier, the contact and the kind of event: stable
across re-exports of the same event, different from any other vault's. It is
random (not the vault id of the key file) and kept in the vault's meta table,
encrypted with everything else.
"""

from __future__ import annotations

import secrets

from therapy_journal.store.vault import Vault

META_KEY = "calendar_uid_key"


def calendar_key(vault: Vault) -> str:
    """This vault's calendar identifier, made (and stored) the first time it is asked for."""
    db = vault.db
    found = db.scalar("SELECT value FROM meta WHERE key = ?", (META_KEY,))
    if found:
        return str(found)
    with db.transaction():
        db.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
            (META_KEY, secrets.token_hex(16)),
        )
        return str(db.scalar("SELECT value FROM meta WHERE key = ?", (META_KEY,)))
