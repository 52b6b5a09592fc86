"""Keys, entries and encrypted bundles the sharing tests share."""

from __future__ import annotations

import pytest
from pyrage import x25519

from tests.helpers.bundles import (
    SECRET_WORDS,
    add,
    age_file,
    small_zip,
)
from therapy_journal.services.journal import JournalService
from therapy_journal.services.sharing.age import encrypt_with_passphrase
from therapy_journal.services.sharing.passphrases import generate_passphrase


@pytest.fixture(scope="module")
def key() -> tuple[str, str]:
    """(secret, public) of an age X25519 key pair."""
    identity = x25519.Identity.generate()
    return str(identity), str(identity.to_public())


@pytest.fixture(scope="module")
def other_key() -> tuple[str, str]:
    identity = x25519.Identity.generate()
    return str(identity), str(identity.to_public())


@pytest.fixture
def three(journal: JournalService) -> list[int]:
    """Three entries on March 1st, 2nd and 3rd, the first and last tagged 'work'."""
    return [
        add(journal, 1, "Monday", body="First day.\n\nSecond paragraph.", mood=4, tags=["work"]),
        add(journal, 2, "Tuesday", body="Rest.", mood=None, tags=["home"]),
        add(journal, 3, "Wednesday", body=f"Back at it. {SECRET_WORDS}", mood=7, tags=["work"]),
    ]


@pytest.fixture(scope="module")
def to_key(key: tuple[str, str]) -> bytes:
    return age_file(small_zip(), key[1])


@pytest.fixture(scope="module")
def by_passphrase() -> tuple[bytes, str]:
    """A small bundle locked with a passphrase (age's own work factor: seconds)."""
    phrase = generate_passphrase()
    return encrypt_with_passphrase(small_zip(), phrase), phrase
