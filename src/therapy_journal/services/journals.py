"""Journals of one vault: make, rename, delete them, and move entries between them.

Every entry belongs to exactly one journal (a vault made before journals has
one, "Journal", holding all its entries). A journal is deleted only when it
holds no entries, or after its entries move to another journal.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Callable, Iterable
from datetime import datetime

from therapy_journal.services.dates import now_local
from therapy_journal.store.journals import JournalRepository
from therapy_journal.store.models import Journal
from therapy_journal.store.vault import Vault

log = logging.getLogger(__name__)

MAX_NAME_CHARS = 60


class InvalidJournal(ValueError):
    """A journal change that cannot be made; the message says why in one sentence."""


class JournalNotFound(InvalidJournal, LookupError):
    def __init__(self, name: str) -> None:
        super().__init__(f"There is no journal called '{name}'.")
        self.name = name


class JournalNotEmpty(InvalidJournal):
    """A journal that still holds entries, which deleting it would lose."""


def clean_name(name: str) -> str:
    """A journal name as stored: NFC, spaces collapsed; refused when empty or too long."""
    text = " ".join(unicodedata.normalize("NFC", name).split())
    if not text:
        raise InvalidJournal("A journal needs a name.")
    if len(text) > MAX_NAME_CHARS:
        raise InvalidJournal(f"A journal's name can have at most {MAX_NAME_CHARS} characters.")
    return text


class JournalsService:
    """The journals of one unlocked vault."""

    def __init__(self, vault: Vault, clock: Callable[[], datetime] = now_local) -> None:
        self.vault = vault
        self.clock = clock

    @property
    def _repo(self) -> JournalRepository:
        return JournalRepository(self.vault.db)

    # -- reading ---------------------------------------------------------------

    def all(self) -> list[Journal]:
        """Every journal by name, with its number of entries outside the trash."""
        return self._repo.all()

    def names(self) -> dict[int, str]:
        """Each journal's name by id, by name as :meth:`all` orders them; no entry
        is counted, so it costs the same in a journal of any length."""
        return self._repo.names()

    def find(self, name: str) -> Journal:
        """The journal called ``name`` (case does not matter)."""
        found = self._repo.by_name(" ".join(unicodedata.normalize("NFC", name).split()))
        if found is None:
            raise JournalNotFound(name.strip())
        return found

    def ids(self, names: Iterable[str]) -> frozenset[int]:
        """The ids of the journals called ``names``; the first unknown one is refused."""
        return frozenset(self.find(name).id for name in names)

    def first(self) -> Journal:
        """The journal new entries go in when none is chosen."""
        found = self._repo.by_id(self._repo.first())
        assert found is not None
        return found

    def name_of(self, journal_id: int | None) -> str:
        """The name of a journal by id ('' for None or a journal that is gone)."""
        found = None if journal_id is None else self._repo.by_id(journal_id)
        return "" if found is None else found.name

    def holds_entries(self, journal_id: int) -> bool:
        """Whether the journal holds any entry, the trash included."""
        return any(self._repo.entry_count(journal_id, trashed=t) for t in (False, True))

    # -- writing ---------------------------------------------------------------

    def add(self, name: str) -> Journal:
        clean = clean_name(name)
        with self.vault.db.transaction():
            found = self._repo.by_name(clean)
            if found is not None:
                raise InvalidJournal(f"There is already a journal called '{found.name}'.")
            journal_id = self._repo.add(clean, self.clock())
        log.info("added journal %d", journal_id)
        return Journal(id=journal_id, name=clean)

    def ensure(self, name: str) -> Journal:
        """The journal called ``name``, made when there is none (an import, a bundle)."""
        clean = clean_name(name)
        with self.vault.db.transaction():
            found = self._repo.by_name(clean)
            if found is not None:
                return found
            return Journal(id=self._repo.add(clean, self.clock()), name=clean)

    def ensure_all(self, names: Iterable[str]) -> dict[str, int]:
        """Each of ``names`` with the id of the journal of that name, made when
        missing; a name no journal can have (empty, too long) is left out, and
        its entries go in the first journal."""
        found: dict[str, int] = {}
        with self.vault.db.transaction():
            for name in names:
                try:
                    found[name] = self.ensure(name).id
                except InvalidJournal:
                    log.info("a journal name that cannot be used was left out")
        return found

    def rename(self, old: str, new: str) -> Journal:
        clean = clean_name(new)
        with self.vault.db.transaction():
            journal = self.find(old)
            other = self._repo.by_name(clean)
            if other is not None and other.id != journal.id:
                raise InvalidJournal(f"There is already a journal called '{other.name}'.")
            self._repo.rename(journal.id, clean)
        return Journal(id=journal.id, name=clean)

    def delete(self, name: str, *, move_to: str | None = None) -> int:
        """Delete a journal; with ``move_to``, its entries (the trash too) move
        to that journal first. Returns how many entries moved. Refused while it
        holds entries and ``move_to`` is not given, and for the last journal."""
        with self.vault.db.transaction():
            journal = self.find(name)
            repo = self._repo
            if len(repo.names()) == 1:
                raise InvalidJournal(
                    f"'{journal.name}' is the only journal; a vault keeps at least one."
                )
            moved = 0
            if move_to is not None:
                target = self.find(move_to)
                if target.id == journal.id:
                    raise InvalidJournal("Choose another journal to move the entries to.")
                moved = repo.move_entries(journal.id, target.id)
            else:
                live = repo.entry_count(journal.id, trashed=False)
                trashed = repo.entry_count(journal.id, trashed=True)
                if live or trashed:
                    raise JournalNotEmpty(_not_empty(journal.name, live, trashed))
            repo.delete(journal.id)
        log.info("deleted journal %d, moving %d entries", journal.id, moved)
        return moved

    def move_entry(self, entry_id: int, journal_id: int) -> None:
        """Put an entry in another journal."""
        with self.vault.db.transaction():
            if self._repo.by_id(journal_id) is None:
                raise InvalidJournal("That journal no longer exists.")
            self._repo.move([entry_id], journal_id)


def _not_empty(name: str, live: int, trashed: int) -> str:
    held = []
    if live:
        held.append(f"{live} {'entry' if live == 1 else 'entries'}")
    if trashed:
        held.append(f"{trashed} in the trash")
    return (
        f"The journal '{name}' still holds {' and '.join(held)}; "
        f"move {'it' if live + trashed == 1 else 'them'} to another journal to delete it."
    )
