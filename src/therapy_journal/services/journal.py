"""Journal use cases: write, edit, list, search, trash, restore, purge, import.

The same service serves the command line and the desktop app. It validates
what people type (mood range, tags, dates) and leaves SQL to the store.
"""

from __future__ import annotations

import calendar
import logging
import unicodedata
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from therapy_journal.services.attachments import AttachmentProblem, AttachmentService
from therapy_journal.services.dates import as_local, now_local
from therapy_journal.services.milestones import MilestoneService
from therapy_journal.store import fts, integrity
from therapy_journal.store.entries import EntryRepository, fingerprint, utc_micros
from therapy_journal.store.models import (
    EVERYTHING,
    Entry,
    EntryFilter,
    EntrySummary,
    NewEntry,
    Page,
    PageCursor,
    SearchHit,
)
from therapy_journal.store.vault import Vault

log = logging.getLogger(__name__)

MAX_TAG_CHARS = 64
MAX_TITLE_CHARS = 500
MAX_BODY_BYTES = 10 * 1024 * 1024  # UTF-8; far beyond any entry a person writes
PROGRESS_EVERY = 500
INDEX_EVERY = 2000  # imported entries indexed for search at a time (bounded memory)


class InvalidEntry(ValueError):
    """An entry field that cannot be stored as given; the message says which."""


class EntryNotFound(LookupError):
    def __init__(self, entry_id: int) -> None:
        super().__init__(f"There is no entry {entry_id}.")
        self.entry_id = entry_id


class ImportCancelled(Exception):
    """The person cancelled an import; nothing was imported."""


@dataclass(frozen=True)
class Conflict:
    """A save that did not happen: the stored entry is no longer the version
    the caller loaded (the CLI, another window or a synced copy wrote it).

    ``current`` is the entry as stored now (in the trash, or None when it was
    deleted for good); ``copy`` is the new entry that keeps the caller's text,
    when one was asked for and there was text to keep.
    """

    current: Entry | None
    copy: Entry | None = None

    @property
    def deleted(self) -> bool:
        """The entry is gone from the journal: in the trash or deleted for good."""
        return self.current is None or self.current.in_trash


@dataclass
class ImportSummary:
    imported: int = 0
    skipped_duplicates: int = 0
    imported_ids: list[int] = field(default_factory=list, repr=False)
    attachments: int = 0  # files attached to the imported entries
    # Files found with them but not attached (each over the limit, or unreadable).
    attachments_left_out: int = 0


# Progress callbacks get the number of records handled so far and return
# False to cancel.
Progress = Callable[[int], bool | None]


def normalize_tag(tag: str) -> str:
    """One spelling per tag: NFC, lower case, no leading '#', words joined by '-'."""
    text = unicodedata.normalize("NFC", tag).strip().lstrip("#").strip().lower()
    text = "-".join(text.split())
    if len(text) > MAX_TAG_CHARS:
        raise InvalidEntry(f"The tag '{text[:20]}…' is longer than {MAX_TAG_CHARS} characters.")
    return text


def normalize_tags(tags: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for tag in tags:
        name = normalize_tag(tag)
        if name:
            seen.setdefault(name, None)
    return tuple(seen)


def check_mood(mood: int | None) -> int | None:
    if mood is None:
        return None
    if isinstance(mood, bool) or not isinstance(mood, int) or not 1 <= mood <= 10:
        raise InvalidEntry("Mood is a whole number from 1 to 10.")
    return mood


def check_body_size(size: int) -> None:
    """Refuse an entry text of ``size`` UTF-8 bytes when it is over :data:`MAX_BODY_BYTES`."""
    if size > MAX_BODY_BYTES:
        raise InvalidEntry(
            f"An entry's text can be at most {MAX_BODY_BYTES // (1024 * 1024)} MB, "
            f"and this one is {size / (1024 * 1024):.1f} MB."
        )


def make_entry(
    *,
    title: str = "",
    body: str = "",
    mood: int | None = None,
    tags: Iterable[str] = (),
    created: datetime | None = None,
    prompt_id: str | None = None,
    journal_id: int | None = None,
) -> NewEntry:
    """A validated, normalized entry ready for the store."""
    clean_title = " ".join(unicodedata.normalize("NFC", title).split())
    if len(clean_title) > MAX_TITLE_CHARS:
        raise InvalidEntry(f"A title can have at most {MAX_TITLE_CHARS} characters.")
    clean_body = unicodedata.normalize("NFC", body)
    if len(clean_body) * 4 > MAX_BODY_BYTES:  # only then can it be too large in UTF-8
        check_body_size(len(clean_body.encode("utf-8", "surrogatepass")))
    return NewEntry(
        created=as_local(created) if created is not None else now_local(),
        title=clean_title,
        body=clean_body,
        mood=check_mood(mood),
        tags=normalize_tags(tags),
        prompt_id=prompt_id,
        journal_id=journal_id,
    )


def date_filter(
    *,
    tag: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    trashed: bool = False,
    journal_ids: frozenset[int] | None = None,
) -> EntryFilter:
    """An :class:`EntryFilter` from friendly values (``until`` is exclusive)."""
    return EntryFilter(
        tag=normalize_tag(tag) if tag else None,
        since_utc=utc_micros(as_local(since)) if since else None,
        until_utc=utc_micros(as_local(until)) if until else None,
        trashed=trashed,
        journal_ids=journal_ids,
    )


class _Unset:
    pass


UNSET = _Unset()


class JournalService:
    """Journal entries of one unlocked vault."""

    def __init__(self, vault: Vault, clock: Callable[[], datetime] = now_local) -> None:
        self.vault = vault
        self.clock = clock

    @property
    def _repo(self) -> EntryRepository:
        return EntryRepository(self.vault.db)

    @property
    def _milestones(self) -> MilestoneService:
        return MilestoneService(self.vault, self.clock)

    # -- writing ---------------------------------------------------------------

    def add(self, entry: NewEntry) -> int:
        with self.vault.db.transaction():
            entry_id = self._repo.insert(entry, self.clock())
            self._milestones.check_streak()
        log.debug("added entry %d", entry_id)
        return entry_id

    def edit(
        self,
        entry_id: int,
        *,
        title: str | _Unset = UNSET,
        body: str | _Unset = UNSET,
        mood: int | _Unset | None = UNSET,
        tags: Sequence[str] | _Unset = UNSET,
        created: datetime | _Unset = UNSET,
        journal_id: int | _Unset = UNSET,
    ) -> Entry:
        """Change the given fields of an entry; the others stay as they are."""
        with self.vault.db.transaction():
            current = self.get(entry_id)
            changed = make_entry(
                title=current.title if isinstance(title, _Unset) else title,
                body=current.body if isinstance(body, _Unset) else body,
                mood=current.mood if isinstance(mood, _Unset) else mood,
                tags=current.tags if isinstance(tags, _Unset) else tags,
                created=current.created if isinstance(created, _Unset) else created,
                prompt_id=current.prompt_id,
                journal_id=current.journal_id if isinstance(journal_id, _Unset) else journal_id,
            )
            if changed != _as_new(current):
                self._repo.update(entry_id, changed, self.clock())
            return self.get(entry_id)

    def save_over(
        self, loaded: Entry, changes: NewEntry, *, copy_suffix: str | None = None
    ) -> Entry | Conflict:
        """Save ``changes`` over ``loaded`` only while the stored entry is still
        that version; return the entry as saved, or a :class:`Conflict`.

        Nothing is overwritten: on a conflict, with ``copy_suffix``, the changes
        are kept in the same transaction as a new entry, titled with the suffix
        added while the entry is still in the journal (so the two are told
        apart), or with its own title when the entry was deleted meanwhile.
        Changes that equal what is stored now are no conflict.
        """
        if changes.journal_id is None:  # an editor that does not say: where it is
            changes = replace(changes, journal_id=loaded.journal_id)
        with self.vault.db.transaction():
            repo = self._repo
            if changes == _as_new(loaded):
                if repo.is_unchanged(loaded):
                    return loaded
            elif repo.update_if_unchanged(loaded, changes, self.clock()):
                return self.get(loaded.id)
            current = repo.get(loaded.id)
            if current is not None and not current.in_trash and _as_new(current) == changes:
                return current  # the same change was made elsewhere
            if copy_suffix is None or changes == _as_new(loaded):
                return Conflict(current)  # nothing of the caller's to keep apart
            kept = changes
            if current is not None and not current.in_trash:
                kept = replace(changes, title=_with_suffix(changes.title, copy_suffix))
            copy = self.get(repo.insert(kept, self.clock()))
        log.info("entry %d changed elsewhere; the new text is kept as entry %d", loaded.id, copy.id)
        return Conflict(current, copy)

    def keep_mine(self, loaded: Entry, mine: NewEntry, copy: Entry) -> Entry | Conflict:
        """The person chose their text over a newer stored one: save ``mine``
        over ``loaded`` (the version they now see), then delete ``copy``, the
        entry that kept their text meanwhile, unless it was changed since.
        If the stored entry changed again, nothing is written and the conflict
        is returned (with ``copy``, which still holds their text)."""
        with self.vault.db.transaction():
            saved = self.save_over(loaded, mine)
            if isinstance(saved, Conflict):
                return Conflict(saved.current, copy)
            self._repo.delete_if_unchanged(copy)
            return saved

    def move_to_trash(self, entry_id: int) -> None:
        with self.vault.db.transaction():
            self.get(entry_id)
            self._repo.move_to_trash(entry_id, self.clock())

    def restore(self, entry_id: int) -> bool:
        """Bring an entry back from the trash; False if it is not in the trash."""
        with self.vault.db.transaction():
            self.get(entry_id)
            return self._repo.restore(entry_id)

    def purge(self, entry_id: int) -> bool:
        """Delete an entry from the trash for good; False if it is not in the trash."""
        with self.vault.db.transaction():
            self.get(entry_id)
            return self._repo.purge(entry_id)

    def empty_trash(self) -> int:
        with self.vault.db.transaction():
            return self._repo.purge_trash()

    def import_entries(
        self,
        entries: Iterable[NewEntry],
        progress: Progress | None = None,
        *,
        alike_are_distinct: bool = False,
    ) -> ImportSummary:
        """Add many entries in one transaction, skipping ones the journal already held.

        If reading ``entries`` fails (a malformed file) or ``progress`` returns
        False, the whole import is rolled back: nothing is half-imported.
        """
        summary = ImportSummary()
        now = self.clock()
        repo = self._repo
        # With ``alike_are_distinct`` (a format whose entries carry their own
        # identity, like Day One's UUIDs), entries are skipped only as copies
        # of ones the journal held before this import: two alike in the file
        # are two entries. New ids are above every id there was (they are
        # never reused), so "held before" is "an id up to the highest one now".
        with self.vault.db.transaction(), repo.bulk_indexing() as index_new_rows:
            held_before = repo.highest_id() if alike_are_distinct else None
            for handled, entry in enumerate(entries, start=1):
                identity = fingerprint(entry.created, entry.title, entry.body)
                if repo.exists_fingerprint(identity, up_to_id=held_before):
                    summary.skipped_duplicates += 1
                else:
                    summary.imported_ids.append(repo.insert(entry, now))
                    summary.imported += 1
                    if entry.attachments:
                        self._attach_imported(summary.imported_ids[-1], entry, summary)
                    if summary.imported % INDEX_EVERY == 0:
                        index_new_rows()
                if (
                    progress is not None
                    and handled % PROGRESS_EVERY == 0
                    and progress(handled) is False
                ):
                    raise ImportCancelled("The import was canceled; nothing was imported.")
            self._milestones.check_streak()
        log.info(
            "imported %d entries, skipped %d duplicates",
            summary.imported,
            summary.skipped_duplicates,
        )
        return summary

    def _attach_imported(self, entry_id: int, entry: NewEntry, summary: ImportSummary) -> None:
        service = AttachmentService(self.vault, self.clock)
        for found in entry.attachments:
            try:
                service.add_pieces(entry_id, found.name, found.read(), found.mime)
                summary.attachments += 1
            except AttachmentProblem as problem:
                log.info("an imported file was not attached: %s", type(problem).__name__)
                summary.attachments_left_out += 1

    # -- reading ---------------------------------------------------------------

    def get(self, entry_id: int) -> Entry:
        entry = self._repo.get(entry_id)
        if entry is None:
            raise EntryNotFound(entry_id)
        return entry

    def find(self, entry_id: int) -> Entry | None:
        """The entry as stored now, or None if there is none (deleted for good)."""
        return self._repo.get(entry_id)

    def get_many(self, ids: Sequence[int]) -> list[Entry]:
        return self._repo.get_many(ids)

    def page(
        self, flt: EntryFilter = EVERYTHING, after: PageCursor | None = None, limit: int = 50
    ) -> Page:
        return self._repo.page(flt, after, limit)

    def ids(self, flt: EntryFilter = EVERYTHING, limit: int | None = None) -> array[int]:
        return self._repo.ids(flt, limit)

    def summaries(self, ids: Sequence[int]) -> list[EntrySummary]:
        return self._repo.summaries(ids)

    def on_this_day(
        self, today: date | None = None, journal_ids: frozenset[int] | None = None
    ) -> list[EntrySummary]:
        """Entries written on this date (month and day) in earlier years, newest
        first (only in ``journal_ids``, when given). On 28 February of a year
        that has no 29th, the 29ths are included."""
        today = today or self.clock().date()
        first = self._repo.first_day()
        if first is None:
            return []
        month_days = [f"{today:%m-%d}"]
        if (today.month, today.day) == (2, 28) and not calendar.isleap(today.year):
            month_days.append("02-29")
        days = [
            f"{year:04d}-{month_day}"
            for year in range(int(first[:4]), today.year)
            for month_day in month_days
        ]
        return self._repo.summaries(self._repo.ids_on_days(days, journal_ids))

    def count(self, flt: EntryFilter = EVERYTHING) -> int:
        return self._repo.count(flt)

    def prompt_answers(self) -> dict[str, int]:
        """How many entries outside the trash answer each prompt."""
        return self._repo.prompt_answers()

    def recent_moods(self, days: int = 14) -> list[int]:
        """Moods rated in the last ``days`` days, newest first."""
        since = self.clock() - timedelta(days=days)
        return self._repo.moods_since(utc_micros(since))

    def tags(self) -> list[tuple[str, int]]:
        return self._repo.tag_counts()

    def search(
        self,
        text: str,
        flt: EntryFilter = EVERYTHING,
        limit: int = 50,
        *,
        prefix_last: bool = False,
    ) -> list[SearchHit]:
        """Entries matching what a person typed, best first (see :mod:`fts`)."""
        match = fts.match_expression(text, prefix_last=prefix_last)
        if match is None:
            return []
        return self._repo.search(match, flt, limit)

    def integrity_problems(self) -> list[str]:
        """What the full check of the vault reports (:mod:`integrity`); empty when healthy."""
        return integrity.check_vault(self.vault).details()


def _with_suffix(title: str, suffix: str) -> str:
    """``title`` with ``suffix`` after it, within :data:`MAX_TITLE_CHARS`."""
    room = MAX_TITLE_CHARS - len(suffix) - 1
    return " ".join(part for part in (title[:room].rstrip(), suffix) if part)


def _as_new(entry: Entry) -> NewEntry:
    return NewEntry(
        created=entry.created,
        title=entry.title,
        body=entry.body,
        mood=entry.mood,
        tags=entry.tags,
        prompt_id=entry.prompt_id,
        journal_id=entry.journal_id,
    )
