"""Crafting key files: a valid one edited field by field, its checks recomputed
so the edit reaches the field checks instead of stopping at the SHA-256 seals.

Each crafted file is what a person with a text editor (or a damaged disk and
some bad luck) could produce; the app must call every one of them damaged.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

from therapy_journal.store.keyfile import _check_of

Document = dict[str, Any]
Edit = Callable[[Document], None]


def reseal(document: Any) -> None:
    """Recompute the header's and each slot's check, wherever they are objects."""
    if not isinstance(document, dict):
        return
    header = document.get("header")
    if isinstance(header, dict):
        header["check"] = _check_of(header)
    slots = document.get("slots")
    if isinstance(slots, dict):
        for slot in slots.values():
            if isinstance(slot, dict):
                slot["check"] = _check_of(slot)


def crafted(raw: bytes, edit: Edit, *, sealed: bool = True) -> bytes:
    """``raw`` (a valid key file) with ``edit`` applied, resealed unless ``sealed`` is False."""
    document = json.loads(raw)
    edit(document)
    if sealed:
        reseal(document)
    return json.dumps(document, indent=2).encode("utf-8")


def b64_of_size(size: int) -> str:
    """``size`` bytes in base64, as the key file stores salts, nonces and keys."""
    return base64.b64encode(bytes(size)).decode()


def set_field(*path: str, value: Any) -> Edit:
    def edit(document: Document) -> None:
        target = document
        for name in path[:-1]:
            target = target[name]
        target[path[-1]] = value

    return edit


def drop_field(*path: str) -> Edit:
    def edit(document: Document) -> None:
        target = document
        for name in path[:-1]:
            target = target[name]
        del target[path[-1]]

    return edit


GIB_IN_KIB = 1024 * 1024

# name -> edit: every one must be reported as a damaged key file, before any
# key derivation. The first five are the ones issue 14 found.
CRAFTED: dict[str, Edit] = {
    "memory-4-gib": set_field("slots", "passphrase", "memory_kib", value=4 * GIB_IN_KIB),
    "memory-decimal": set_field("slots", "passphrase", "memory_kib", value=64.5),
    "salt-empty": set_field("slots", "passphrase", "salt", value=""),
    "nonce-3-bytes": set_field("slots", "passphrase", "nonce", value=b64_of_size(3)),
    "vault-id-missing": drop_field("header", "vault_id"),
    "memory-as-text": set_field("slots", "passphrase", "memory_kib", value="65536"),
    "memory-below-argon2-minimum": set_field("slots", "passphrase", "memory_kib", value=4),
    "iterations-a-million": set_field("slots", "passphrase", "iterations", value=1_000_000),
    "iterations-zero": set_field("slots", "passphrase", "iterations", value=0),
    "iterations-true": set_field("slots", "passphrase", "iterations", value=True),
    "lanes-negative": set_field("slots", "passphrase", "lanes", value=-1),
    "lanes-1000": set_field("slots", "passphrase", "lanes", value=1000),
    "salt-a-number": set_field("slots", "passphrase", "salt", value=5),
    "salt-not-base64": set_field("slots", "passphrase", "salt", value="not base64!"),
    "recovery-salt-short": set_field("slots", "recovery", "salt", value=b64_of_size(3)),
    "recovery-nonce-null": set_field("slots", "recovery", "nonce", value=None),
    "wrapped-key-short": set_field("slots", "passphrase", "wrapped_key", value=b64_of_size(16)),
    "kdf-unknown": set_field("slots", "passphrase", "kdf", value="scrypt"),
    "kdf-missing": drop_field("slots", "passphrase", "kdf"),
    "recovery-slot-missing": drop_field("slots", "recovery"),
    "slot-a-list": set_field("slots", "passphrase", value=[1, 2]),
    "vault-id-not-hex": set_field("header", "vault_id", value="../../etc/passwd"),
    "vault-id-a-number": set_field("header", "vault_id", value=12345),
    "version-true": set_field("header", "version", value=True),
    "compatibility-decimal": set_field("header", "sqlcipher_compatibility", value=4.5),
    "compatibility-text": set_field("header", "sqlcipher_compatibility", value="4; DROP"),
    "cipher-unknown": set_field("header", "cipher", value="rot13"),
    "created-not-a-date": set_field("header", "created", value=["yesterday"]),
}
