"""The share log: every bundle made, when, for whom (the contact too, when it
was for one), how, what, and the SHA-256 fingerprint of the file (never the
passphrase or any entry text)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from therapy_journal.store.vault import Vault


@dataclass(frozen=True)
class ShareRecord:
    """One bundle that was made: when, for whom, how, what, and its fingerprint.

    ``recipient`` is who it was for in words: the contact's name as it was
    then, a label, the age public keys, or "" for a passphrase share for no
    one named. ``contact_id`` is the contact it was for, None when it was for
    no contact or the contact has since been deleted.
    """

    id: int
    at: datetime
    recipient: str
    method: str  # "key" or "passphrase"
    items: dict[str, Any]
    fingerprint: str
    file_name: str
    contact_id: int | None = None


def record_share(
    vault: Vault,
    *,
    at: datetime,
    recipient: str,
    method: str,
    items: dict[str, Any],
    fingerprint: str,
    file_name: str,
    contact_id: int | None = None,
) -> ShareRecord:
    """Log one bundle that was written."""
    with vault.db.transaction():
        cursor = vault.db.execute(
            "INSERT INTO shares (at, recipient, method, items, fingerprint, file_name, contact_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                at.isoformat(),
                recipient,
                method,
                json.dumps(items),
                fingerprint,
                file_name,
                contact_id,
            ),
        )
    return ShareRecord(
        int(cursor.lastrowid), at, recipient, method, items, fingerprint, file_name, contact_id
    )


def share_history(vault: Vault) -> list[ShareRecord]:
    """Every bundle made, newest first."""
    return [
        ShareRecord(
            int(row[0]),
            datetime.fromisoformat(str(row[1])),
            str(row[2]),
            str(row[3]),
            _items(str(row[4])),
            str(row[5]),
            str(row[6]),
            None if row[7] is None else int(row[7]),
        )
        for row in vault.db.query(
            "SELECT id, at, recipient, method, items, fingerprint, file_name, contact_id "
            "FROM shares ORDER BY id DESC"
        )
    ]


def _items(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
