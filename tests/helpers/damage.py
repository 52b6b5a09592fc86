"""A vault worth damaging, and damage at a chosen kind of place.

:func:`make_layered_vault` writes a journal whose database spans many pages:
entries of a few hundred bytes to 20 KB (so the entries table has several
leaves, an interior page and overflow chains), tags, a profile, a goal, and a
long entry that was written and purged, so its pages are on the free list.
:func:`damage` flips one bit in the middle of a page of the chosen kind; the
page's HMAC no longer matches and SQLCipher refuses all of it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from tests.helpers.pages import FREE, flip_page, page_owners, pages_of
from tests.helpers.vaults import VaultInfo, make_vault
from therapy_journal.services.goals import GoalService
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.services.profile import Profile, ProfileService
from therapy_journal.store.vault import DB_NAME

ENTRIES = 60
LONG_PURGED_CHARS = 400_000


_SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ru",
    "sa",
    "te",
    "vi",
    "zo",
    "an",
    "el",
    "is",
    "or",
    "um",
    "be",
    "da",
    "fi",
    "go",
    "hu",
]


def body_of(number: int) -> str:
    """Entry ``number``'s body: a few hundred bytes, every seventh one 20 KB.

    After its first sentence come made-up words, which compress about as much
    as journal text does (bodies are stored compressed), so the long bodies
    still run over overflow pages and a leaf holds several entries."""
    size = 20_000 if number % 7 == 0 else 300 + 40 * number
    rng = random.Random(number)
    parts = [f"entry{number} feels steady today and the walk helped. "]
    length = len(parts[0])
    while length < size:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 3))) + " "
        parts.append(word)
        length += len(word)
    return "".join(parts)[:size]


def make_layered_vault(folder: Path) -> VaultInfo:
    """A locked vault of :data:`ENTRIES` entries (titled 'entry N'), with its
    write-ahead log checkpointed into ``journal.db``."""
    info = make_vault(folder)
    journal = JournalService(info.vault)
    for number in range(1, ENTRIES + 1):
        journal.add(
            make_entry(
                title=f"entry {number}",
                body=body_of(number),
                mood=number % 10 + 1,
                tags=["walk", f"week{number % 4}"],
            )
        )
        if number == ENTRIES // 2:  # freed pages in the middle of the file
            long = journal.add(make_entry(title="to purge", body="gone " * LONG_PURGED_CHARS))
            journal.move_to_trash(long)
            journal.purge(long)
    ProfileService(info.vault).save(Profile(hopes="someone who listens"))
    GoalService(info.vault).create("Contact three therapists", steps=["call the first one"])
    info.vault.db.checkpoint()
    info.vault.lock()
    return info


@dataclass(frozen=True)
class Place:
    """Where to damage: a table or index (or :data:`FREE`) and a kind of page."""

    owner: str
    kind: str


PLACES = {
    "entries-leaf": Place("entries", "leaf"),
    "entries-overflow": Place("entries", "overflow"),
    "entries-interior": Place("entries", "internal"),
    "index": Place("entries_newest", "leaf"),
    "search-index": Place("entries_fts_data", "leaf"),
    "freed-pages": Place(FREE, "free"),
    "profile": Place("profile_versions", "leaf"),
    "page-1": Place("sqlite_schema", "leaf"),
}


def pages_at(info: VaultInfo, where: str) -> list[int]:
    place = PLACES[where]
    found = pages_of(page_owners(info.folder, info.passphrase), place.kind).get(place.owner, [])
    if where == "page-1":
        return [1]
    return [page for page in found if page != 1]


def damage(info: VaultInfo, where: str, pick: int | None = None) -> int:
    """Flip a bit in a page of the kind ``where`` names (the middle one, or
    the ``pick``-th in file order); return its number."""
    pages = pages_at(info, where)
    assert pages, f"the vault has no page of the kind {where}"
    page = pages[len(pages) // 2 if pick is None else pick]
    flip_page(info.folder / DB_NAME, page)
    return page
