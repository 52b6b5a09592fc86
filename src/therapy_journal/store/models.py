"""Plain dataclasses the repositories return. No SQL, no Qt."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

# Private-use characters around highlighted words in search snippets. They
# cannot occur in a query match's surrounding text by accident, and each
# client renders them its own way (bold in a terminal, <b> in the GUI).
MARK_START = "\ue000"
MARK_END = "\ue001"


@dataclass(frozen=True)
class NewEntry:
    """What is needed to store an entry; the store assigns id and times."""

    created: datetime
    title: str = ""
    body: str = ""
    mood: int | None = None
    tags: tuple[str, ...] = ()
    prompt_id: str | None = None
    # When it was last changed, for an entry brought back from an export;
    # None means now.
    updated: datetime | None = None
    # The journal it goes in; None means the first journal (a new entry) or
    # the one it is in (an edit).
    journal_id: int | None = None
    # Files an importer found with the entry, attached as it is imported.
    # Not part of what the entry says: two entries alike but for these are alike.
    attachments: tuple[ImportedFile, ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class ImportedFile:
    """A file to attach to an imported entry: its name, type, and how to read it
    (a chunk at a time, while the importer still has its source open)."""

    name: str
    mime: str
    read: Callable[[], Iterable[bytes]] = field(repr=False)


@dataclass(frozen=True)
class Entry:
    """A whole journal entry, as stored at one version.

    ``version`` counts the writes to the entry (its content, the trash): a
    writer that loaded version *n* saves over it only while it is still *n*.
    """

    id: int
    created: datetime
    updated: datetime
    title: str
    body: str
    mood: int | None
    tags: tuple[str, ...]
    version: int
    prompt_id: str | None = None
    deleted_at: datetime | None = None
    journal_id: int | None = None  # None only for an entry read outside a vault (salvage)

    @property
    def in_trash(self) -> bool:
        return self.deleted_at is not None


@dataclass(frozen=True)
class EntrySummary:
    """An entry as a list shows it: everything but the body."""

    id: int
    created: datetime
    updated: datetime
    title: str
    mood: int | None
    tags: tuple[str, ...]
    excerpt: str
    word_count: int
    prompt_id: str | None = None
    deleted_at: datetime | None = None


@dataclass(frozen=True)
class SearchHit:
    """One search result: the entry, a snippet with marked matches, its score."""

    entry: EntrySummary
    snippet: str
    score: float


@dataclass(frozen=True)
class EntryFilter:
    """Which entries a list or search covers. Times are UTC microseconds,
    ``since`` inclusive and ``until`` exclusive."""

    tag: str | None = None
    since_utc: int | None = None
    until_utc: int | None = None
    trashed: bool = False
    prompt_ids: frozenset[str] | None = None  # only entries written from one of these prompts
    journal_ids: frozenset[int] | None = None  # only entries in one of these journals


@dataclass(frozen=True)
class Journal:
    """A journal of the vault, with how many entries it holds outside the trash."""

    id: int
    name: str
    entries: int = 0


EVERYTHING = EntryFilter()
"""The default filter: every entry outside the trash."""


@dataclass(frozen=True)
class PageCursor:
    """Where the next page starts: after this (created, id) in newest-first order."""

    created_utc: int
    id: int


@dataclass
class Page:
    """A page of summaries and the cursor for the next one (None at the end)."""

    items: list[EntrySummary] = field(default_factory=list)
    next_cursor: PageCursor | None = None
