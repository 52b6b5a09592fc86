"""Receiving keys: age key pairs whose secret half stays in the (encrypted)
vault, so people can send bundles to it."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from pyrage import x25519

from therapy_journal.store.vault import Vault

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReceivingKey:
    """The public half of a receiving key, and when it was made."""

    recipient: str  # age1…, to give to whoever sends a bundle
    created: datetime


def create_receiving_key(vault: Vault, now: datetime) -> str:
    """A new key pair, kept in the vault. Returns the public key to give out (age1…)."""
    identity = x25519.Identity.generate()
    public = str(identity.to_public())
    with vault.db.transaction():
        vault.db.execute(
            "INSERT INTO receiving_keys (created, identity, recipient) VALUES (?, ?, ?)",
            (now.isoformat(), str(identity), public),
        )
    log.info("created a receiving key")
    return public


def newest_receiving_key(vault: Vault) -> str | None:
    """The newest public receiving key, or None before one is made."""
    row = vault.db.query_one("SELECT recipient FROM receiving_keys ORDER BY id DESC LIMIT 1")
    return None if row is None else str(row[0])


def receiving_identities(vault: Vault) -> list[str]:
    """The secret receiving keys (AGE-SECRET-KEY-1…), newest first. Never log them."""
    return [
        str(row[0])
        for row in vault.db.query("SELECT identity FROM receiving_keys ORDER BY id DESC")
    ]


def receiving_keys(vault: Vault) -> list[ReceivingKey]:
    """The public receiving keys, newest first (every one still opens what was
    sent to it)."""
    return [
        ReceivingKey(str(recipient), datetime.fromisoformat(str(created)))
        for recipient, created in vault.db.query(
            "SELECT recipient, created FROM receiving_keys ORDER BY id DESC"
        )
    ]
