"""The entries repository: all SQL about journal entries and their tags.

Two designs keep it fast at 100,000 entries:

* **Keyset paging.** Pages continue *after* the last (created, id) seen, using
  the ``entries_newest`` index, so page 2,000 costs what page 1 costs;
  ``LIMIT/OFFSET`` would walk every skipped row.
* **Bounded ranking.** FTS5 computes BM25 for every match before it can sort
  by it: for a word found in most entries that is tens of thousands of scores
  per keystroke. Search instead takes the newest :data:`RANK_WINDOW` matches,
  which FTS5 reads straight off its index in rowid order and stops, and ranks
  those. A rare word has fewer matches than the window, so it is ranked over
  all of them; for a common word, BM25 barely tells matches apart anyway
  (its weight falls with how common the word is) and recent entries are the
  ones a person is most likely looking for.
* **Prefixes widened into words.** The index keeps prefix lists for
  two-letter prefixes only (the lists for three letters were 0.44x the
  text on disk). FTS5 answers a longer prefix it has no list for by merging
  the lists of every word that starts with it, whole, before the first match
  comes out, and again for BM25's counts: ``ora*`` took 20 ms at 100,000
  entries. Search writes such a prefix as the words that start with it
  (``ora*`` as ``oracle OR orange OR ...``, read from the index's vocabulary),
  which FTS5 reads lazily in rowid order: the same entries in about 5 ms.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from therapy_journal.store import fts, snippets, textpack
from therapy_journal.store.db import Database, Row
from therapy_journal.store.errors import VaultDamaged
from therapy_journal.store.migrations import FTS_INSERT_TRIGGER, FTS_PREFIX, LAST_ENTRY_ID_KEY
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

RANK_WINDOW = 1000
# The search index keeps prefix lists for prefixes of up to this many
# letters (migrations.FTS_PREFIX); a longer prefix typed in a search is widened
# into the words that start with it when at most WIDEN_MAX_WORDS do (see search).
INDEXED_PREFIX = max(int(length) for length in FTS_PREFIX.split())
WIDEN_MAX_WORDS = 64
T = TypeVar("T")
EXCERPT_CHARS = 200
SNIPPET_TOKENS = 16
# BM25 column weights: title, body, tags.
_BM25 = "bm25(entries_fts, 4.0, 1.0, 2.0)"

_SUMMARY_COLUMNS = (
    "e.id, e.created, e.updated, e.title, e.mood, e.tags_text, "
    "CASE e.excerpt WHEN '' THEN e.body ELSE e.excerpt END, e.word_count, "
    "e.prompt_id, e.deleted_at"
)
_ENTRY_COLUMNS = (
    "e.id, e.created, e.updated, e.title, e.body, e.mood, e.tags_text, e.prompt_id, e.deleted_at, "
    "e.version, e.journal_id"
)


def utc_micros(moment: datetime) -> int:
    """Microseconds since the epoch for an aware datetime."""
    delta = moment - datetime(1970, 1, 1, tzinfo=UTC)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def fingerprint(created: datetime, title: str, body: str) -> bytes:
    """Identity of an entry's content, used to skip duplicates on import."""
    digest = hashlib.sha256()
    for part in (str(utc_micros(created)), title, body):
        encoded = part.encode("utf-8")
        digest.update(len(encoded).to_bytes(8, "big"))
        digest.update(encoded)
    return digest.digest()


def _excerpt(body: str) -> str:
    head = body[: EXCERPT_CHARS * 2]
    return " ".join(head.split())[:EXCERPT_CHARS]


def _row_values(entry: NewEntry, now: datetime) -> tuple[Any, ...]:
    """Column values in the order: created, created_utc, updated, title, body, mood,
    prompt_id, tags_text, excerpt, word_count, fingerprint. The excerpt is
    stored only for a body that may spill out of its row (see textpack)."""
    stored = textpack.pack(entry.body)
    long_body = textpack.stored_size(stored) > textpack.EXCERPT_ABOVE_BYTES
    return (
        entry.created.isoformat(),
        utc_micros(entry.created),
        (entry.updated or now).isoformat(),
        entry.title,
        stored,
        entry.mood,
        entry.prompt_id,
        " ".join(entry.tags),
        _excerpt(entry.body) if long_body else "",
        len(entry.body.split()),
        fingerprint(entry.created, entry.title, entry.body),
    )


def _listed_excerpt(value: object) -> str:
    """The excerpt of a summary row: the stored excerpt, or the start of the
    body where none is stored (the body is in the row; see _row_values)."""
    try:
        return _excerpt(textpack.unpack_head(value, EXCERPT_CHARS * 2))
    except textpack.DamagedText:
        return ""  # the entry is still listed; opening it says it is damaged


def _tags(tags_text: str) -> tuple[str, ...]:
    return tuple(tags_text.split()) if tags_text else ()


def _dt(text: str | None) -> datetime | None:
    return _moment(text) if text else None


def _moment(text: str) -> datetime:
    """A stored timestamp, always aware. This app stores ISO-8601 with the UTC
    offset; one without it (written by another tool) is read as local time, or
    as UTC where local time cannot be computed (near the ends of the calendar)."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is not None:
        return moment
    try:
        return moment.astimezone()
    except (OverflowError, ValueError, OSError):
        return moment.replace(tzinfo=UTC)


def _summary(row: Row) -> EntrySummary:
    return EntrySummary(
        id=row[0],
        created=_moment(row[1]),
        updated=_moment(row[2]),
        title=row[3],
        mood=row[4],
        tags=_tags(row[5]),
        excerpt=_listed_excerpt(row[6]),
        word_count=row[7],
        prompt_id=row[8],
        deleted_at=_dt(row[9]),
    )


def _entry(row: Row) -> Entry:
    return Entry(
        id=row[0],
        created=_moment(row[1]),
        updated=_moment(row[2]),
        title=row[3],
        body=textpack.unpack(row[4]),
        mood=row[5],
        tags=_tags(row[6]),
        prompt_id=row[7],
        deleted_at=_dt(row[8]),
        version=row[9],
        journal_id=row[10],
    )


_TAG_ID = "(SELECT id FROM tags WHERE name = :tag)"
# Above every id in use and every id an entry deleted for good had: ids are
# never given twice (migration 8 keeps the deleted ones' highest in meta).
_NEXT_ID = (
    "(SELECT max(coalesce((SELECT max(id) FROM entries), 0), "
    f"coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = '{LAST_ENTRY_ID_KEY}'), 0))"
    " + 1)"
)


@dataclass(frozen=True)
class _Scope:
    """The FROM, WHERE and ORDER BY for the entries a filter covers.

    Live entries with a tag are read from ``entry_tags``' own newest-first
    index, so a tag's pages cost what the journal's pages cost; without a tag,
    from ``entries_newest``. The trash is ordered by deletion time.
    """

    source: str
    where: str
    order: str
    key: tuple[str, str]  # the (time, id) columns of the order, for keyset paging

    @classmethod
    def of(cls, flt: EntryFilter, params: dict[str, Any]) -> _Scope:
        clauses = ["e.deleted_at IS NOT NULL" if flt.trashed else "e.deleted_at IS NULL"]
        by_tag = flt.tag is not None and not flt.trashed
        if flt.tag is not None:
            params["tag"] = flt.tag
            if not by_tag:
                clauses.append(_tag_exists())
        time_col, id_col = ("k.created_utc", "k.entry_id") if by_tag else ("e.created_utc", "e.id")
        if flt.since_utc is not None:
            params["since"] = flt.since_utc
            clauses.append(f"{time_col} >= :since")
        if flt.until_utc is not None:
            params["until"] = flt.until_utc
            clauses.append(f"{time_col} < :until")
        if by_tag:
            source = "entry_tags k JOIN entries e ON e.id = k.entry_id"
            clauses.insert(0, f"k.tag_id = {_TAG_ID}")
        else:
            source = "entries e"
        if flt.prompt_ids is not None:
            clauses.append(_prompt_in(flt.prompt_ids, params))
        if flt.journal_ids is not None:
            # Through a tag's index, each entry's journal is looked up in the
            # journals' own index, not read from the row (see _journal_ids).
            clauses.append(
                f"k.entry_id IN {_journal_ids(flt, params)}"
                if by_tag
                else _journal_in(flt.journal_ids, params)
            )
        if flt.trashed:
            time_col = "e.deleted_at"
        return cls(
            source, " AND ".join(clauses), f"{time_col} DESC, {id_col} DESC", (time_col, id_col)
        )


def _tag_exists() -> str:
    return f"EXISTS (SELECT 1 FROM entry_tags k WHERE k.tag_id = {_TAG_ID} AND k.entry_id = e.id)"


def _prompt_in(prompt_ids: frozenset[str], params: dict[str, Any]) -> str:
    names = []
    for number, prompt_id in enumerate(sorted(prompt_ids)):
        params[f"prompt{number}"] = prompt_id
        names.append(f":prompt{number}")
    return f"e.prompt_id IN ({', '.join(names)})" if names else "0"


def _journal_in(journal_ids: frozenset[int], params: dict[str, Any]) -> str:
    """The entries of these journals: one journal is an equality, which the
    ``entries_journal`` index serves in list order."""
    names = []
    for number, journal_id in enumerate(sorted(journal_ids)):
        params[f"journal{number}"] = journal_id
        names.append(f":journal{number}")
    if len(names) == 1:
        return f"e.journal_id = {names[0]}"
    return f"e.journal_id IN ({', '.join(names)})" if names else "0"


def _journal_ids(flt: EntryFilter, params: dict[str, Any]) -> str:
    """The ids of the chosen journals' entries, as a subquery over the
    ``entries_journal`` index alone. ``journal_id`` is stored after the body,
    so reading it from each row walks a long entry's overflow pages: testing
    each of 100,000 matches of a common word that way, to find the few in a
    small journal, took 1.4 s; against this list of ids, a few milliseconds."""
    assert flt.journal_ids is not None
    trash = "IS NOT NULL" if flt.trashed else "IS NULL"
    return (
        f"(SELECT e.id FROM entries e INDEXED BY entries_journal "
        f"WHERE {_journal_in(flt.journal_ids, params)} AND e.deleted_at {trash})"
    )


def _search_where(flt: EntryFilter, params: dict[str, Any]) -> str:
    """Conditions on ``e`` for a search, which the full-text index drives."""
    clauses = ["e.deleted_at IS NOT NULL" if flt.trashed else "e.deleted_at IS NULL"]
    if flt.tag is not None:
        params["tag"] = flt.tag
        clauses.append(_tag_exists())
    if flt.since_utc is not None:
        params["since"] = flt.since_utc
        clauses.append("e.created_utc >= :since")
    if flt.until_utc is not None:
        params["until"] = flt.until_utc
        clauses.append("e.created_utc < :until")
    if flt.prompt_ids is not None:
        clauses.append(_prompt_in(flt.prompt_ids, params))
    if flt.journal_ids is not None:
        # "+": not handed to FTS5 as a rowid constraint, which would run the
        # match once per id of the journal (5 s for 1,000 ids at 100,000).
        clauses.append(f"+f.rowid IN {_journal_ids(flt, params)}")
    return " AND ".join(clauses)


class EntryRepository:
    """Reads and writes entries. Writes expect to run inside a transaction."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- writing ---------------------------------------------------------------

    @contextmanager
    def bulk_indexing(self) -> Iterator[Callable[[], None]]:
        """Within a write transaction: the rows inserted meanwhile are indexed
        for search in batches (call the function this yields now and then, say
        every few thousand rows; the rest is indexed at the end), not one by
        one by the insert trigger. FTS5 indexes a batch in about 40% of the
        CPU time (1.4 s against 3.5 s for 20,000 entries), and batches keep
        its memory bounded. The trigger is dropped and made again inside the
        same transaction, so another connection never sees it missing, and a
        rollback (a failed or canceled import) restores it."""
        if not self.db.in_transaction:
            raise RuntimeError("bulk indexing needs a write transaction")
        indexed = [int(self.db.scalar("SELECT coalesce(max(id), 0) FROM entries"))]

        def index_new_rows() -> None:
            # New ids are above every id there was (ids are never given again).
            top = int(self.db.scalar("SELECT coalesce(max(id), 0) FROM entries"))
            self.db.execute(
                "INSERT INTO entries_fts (rowid, title, body, tags_text) "
                "SELECT id, title, body, tags_text FROM entries_text WHERE id > ? AND id <= ?",
                (indexed[0], top),
            )
            indexed[0] = top

        self.db.execute("DROP TRIGGER entries_fts_insert")
        try:
            yield index_new_rows
            index_new_rows()
        finally:
            self.db.execute(FTS_INSERT_TRIGGER)

    def insert(self, new: NewEntry, now: datetime) -> int:
        cursor = self.db.execute(
            f"""INSERT INTO entries (id, created, created_utc, updated, title, body, mood,
                                    prompt_id, tags_text, excerpt, word_count, fingerprint,
                                    journal_id)
               VALUES ({_NEXT_ID}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                       coalesce(?, (SELECT min(id) FROM journals)))""",
            (*_row_values(new, now), new.journal_id),
        )
        entry_id = int(cursor.lastrowid)
        self._link_tags(entry_id, new.tags, utc_micros(new.created))
        return entry_id

    def update(self, entry_id: int, changes: NewEntry, now: datetime) -> None:
        """Replace an entry's content (all fields of ``changes``), whatever version is stored."""
        self.db.execute(
            """UPDATE entries SET created = ?, created_utc = ?, updated = ?, title = ?, body = ?,
                   mood = ?, prompt_id = ?, tags_text = ?, excerpt = ?, word_count = ?,
                   fingerprint = ?, journal_id = coalesce(?, journal_id), version = version + 1
               WHERE id = ?""",
            (*_row_values(changes, now), changes.journal_id, entry_id),
        )
        self.db.execute("DELETE FROM entry_tags WHERE entry_id = ?", (entry_id,))
        self._link_tags(entry_id, changes.tags, utc_micros(changes.created))
        self._drop_unused_tags()

    def is_unchanged(self, loaded: Entry) -> bool:
        """Whether the stored entry is still the version ``loaded`` was read at.

        The version counter says so within one database; the ``updated`` stamp
        and trash state are compared too, so that two copies of a vault that
        each counted to the same version (two machines over a synced folder)
        are still told apart.
        """
        row = self.db.query_one(
            "SELECT version, updated, deleted_at FROM entries WHERE id = ?", (loaded.id,)
        )
        return (
            row is not None
            and row[0] == loaded.version
            and datetime.fromisoformat(row[1]) == loaded.updated
            and _dt(row[2]) == loaded.deleted_at
        )

    def update_if_unchanged(self, loaded: Entry, changes: NewEntry, now: datetime) -> bool:
        """The conditional save: replace the entry's content only if it is still
        the version ``loaded`` was read at; False (and nothing written) otherwise.

        Run it inside the write transaction, which holds the write lock from
        the check to the update, so no other writer can come in between.
        """
        if not self.db.in_transaction:
            raise RuntimeError("a conditional save runs inside a write transaction")
        if not self.is_unchanged(loaded):
            return False
        self.update(loaded.id, changes, now)
        return True

    def delete_if_unchanged(self, loaded: Entry) -> bool:
        """Delete an entry for good, only if it is still the version ``loaded``
        was read at (e.g. a copy made to keep a person's text, once its text
        is saved elsewhere); False otherwise."""
        if not self.db.in_transaction:
            raise RuntimeError("a conditional delete runs inside a write transaction")
        if not self.is_unchanged(loaded):
            return False
        self.db.execute("DELETE FROM entries WHERE id = ?", (loaded.id,))
        self._drop_unused_tags()
        return True

    def _link_tags(self, entry_id: int, tags: Sequence[str], created_utc: int) -> None:
        for name in tags:
            self.db.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", (name,))
            self.db.execute(
                "INSERT OR IGNORE INTO entry_tags (tag_id, entry_id, created_utc) "
                "SELECT id, ?, ? FROM tags WHERE name = ?",
                (entry_id, created_utc, name),
            )

    def move_to_trash(self, entry_id: int, now: datetime) -> bool:
        cursor = self.db.execute(
            "UPDATE entries SET deleted_at = ?, version = version + 1 "
            "WHERE id = ? AND deleted_at IS NULL",
            (now.isoformat(), entry_id),
        )
        return bool(cursor.rowcount)

    def restore(self, entry_id: int) -> bool:
        cursor = self.db.execute(
            "UPDATE entries SET deleted_at = NULL, version = version + 1 "
            "WHERE id = ? AND deleted_at IS NOT NULL",
            (entry_id,),
        )
        return bool(cursor.rowcount)

    def purge(self, entry_id: int) -> bool:
        """Delete for good an entry that is in the trash."""
        cursor = self.db.execute(
            "DELETE FROM entries WHERE id = ? AND deleted_at IS NOT NULL", (entry_id,)
        )
        self._drop_unused_tags()
        return bool(cursor.rowcount)

    def purge_trash(self) -> int:
        cursor = self.db.execute("DELETE FROM entries WHERE deleted_at IS NOT NULL")
        self._drop_unused_tags()
        return int(cursor.rowcount)

    def _drop_unused_tags(self) -> None:
        self.db.execute(
            "DELETE FROM tags WHERE NOT EXISTS "
            "(SELECT 1 FROM entry_tags et WHERE et.tag_id = tags.id)"
        )

    # -- reading ---------------------------------------------------------------

    def get(self, entry_id: int) -> Entry | None:
        if not _can_be_id(entry_id):
            return None
        row = self.db.query_one(
            f"SELECT {_ENTRY_COLUMNS} FROM entries e WHERE e.id = ?", (entry_id,)
        )
        with self._damaged_text():
            return _entry(row) if row else None

    def get_many(self, ids: Sequence[int]) -> list[Entry]:
        """Whole entries for ``ids``, in the order given (missing ids are left out)."""
        with self._damaged_text():
            return self._by_ids(_ENTRY_COLUMNS, _entry, ids)

    @contextmanager
    def _damaged_text(self) -> Iterator[None]:
        """A stored body that does not decompress is damage to the vault."""
        try:
            yield
        except textpack.DamagedText as error:
            raise VaultDamaged(self.db.path, "an entry's text cannot be read") from error

    def exists_fingerprint(self, value: bytes, up_to_id: int | None = None) -> bool:
        """Whether an entry has this fingerprint (among ids up to ``up_to_id``, when given)."""
        if up_to_id is None:
            return (
                self.db.query_one("SELECT 1 FROM entries WHERE fingerprint = ?", (value,))
                is not None
            )
        return (
            self.db.query_one(
                "SELECT 1 FROM entries WHERE fingerprint = ? AND id <= ?", (value, up_to_id)
            )
            is not None
        )

    def highest_id(self) -> int:
        """The highest entry id in use (0 for none)."""
        return int(self.db.scalar("SELECT coalesce(max(id), 0) FROM entries"))

    def count(self, flt: EntryFilter = EVERYTHING) -> int:
        params: dict[str, Any] = {}
        scope = _Scope.of(flt, params)
        return int(
            self.db.scalar(f"SELECT count(*) FROM {scope.source} WHERE {scope.where}", params)
        )

    def page(
        self, flt: EntryFilter = EVERYTHING, after: PageCursor | None = None, limit: int = 50
    ) -> Page:
        """Newest first (in the trash: most recently deleted first), ``limit`` at a time."""
        params: dict[str, Any] = {"limit": limit}
        scope = _Scope.of(flt, params)
        where = scope.where
        if after is not None and not flt.trashed:
            params.update(c=after.created_utc, i=after.id)
            where += f" AND ({scope.key[0]}, {scope.key[1]}) < (:c, :i)"
        rows = self.db.query(
            f"SELECT {_SUMMARY_COLUMNS}, e.created_utc FROM {scope.source} WHERE {where} "
            f"ORDER BY {scope.order} LIMIT :limit",
            params,
        )
        items = [_summary(row) for row in rows]
        cursor = None
        if len(rows) == limit and not flt.trashed:
            cursor = PageCursor(created_utc=rows[-1][-1], id=rows[-1][0])
        return Page(items=items, next_cursor=cursor)

    def ids(self, flt: EntryFilter = EVERYTHING, limit: int | None = None) -> array[int]:
        """Every matching id in list order (the first ``limit``, when given): a
        compact index for lazy list views."""
        params: dict[str, Any] = {}
        scope = _Scope.of(flt, params)
        first = ""
        if limit is not None:
            params["limit"] = limit
            first = " LIMIT :limit"
        return self.db.integers(
            f"SELECT e.id FROM {scope.source} WHERE {scope.where} ORDER BY {scope.order}{first}",
            params,
        )

    def first_day(self) -> str | None:
        """The writer's local day (YYYY-MM-DD) of the oldest entry outside the
        trash, straight off the ``entries_day`` index."""
        value = self.db.scalar(
            "SELECT min(substr(created, 1, 10)) FROM entries WHERE deleted_at IS NULL"
        )
        return None if value is None else str(value)

    def ids_on_days(
        self, days: Sequence[str], journal_ids: frozenset[int] | None = None
    ) -> list[int]:
        """Ids of the entries outside the trash written on any of ``days``
        (the writer's local YYYY-MM-DD), newest first; one index lookup a day.
        With ``journal_ids``, only those journals' entries."""
        if not days:
            return []
        params: dict[str, Any] = {f"day{n}": day for n, day in enumerate(days)}
        marks = ",".join(f":day{n}" for n in range(len(days)))
        journals = "" if journal_ids is None else " AND " + _journal_in(journal_ids, params)
        rows = self.db.query(
            f"SELECT e.id FROM entries e WHERE substr(e.created, 1, 10) IN ({marks}) "
            f"AND e.deleted_at IS NULL{journals} ORDER BY e.created_utc DESC, e.id DESC",
            params,
        )
        return [int(row[0]) for row in rows]

    def summaries(self, ids: Sequence[int]) -> list[EntrySummary]:
        """Summaries for ``ids``, in the order given (missing ids are left out)."""
        return self._by_ids(_SUMMARY_COLUMNS, _summary, ids)

    def _by_ids(self, columns: str, convert: Callable[[Row], T], ids: Sequence[int]) -> list[T]:
        found: dict[int, T] = {}
        for chunk in _chunks([i for i in ids if _can_be_id(i)], 500):
            marks = ",".join("?" * len(chunk))
            for row in self.db.query(
                f"SELECT {columns} FROM entries e WHERE e.id IN ({marks})", chunk
            ):
                found[row[0]] = convert(row)
        return [found[i] for i in ids if i in found]

    def tag_counts(self) -> list[tuple[str, int]]:
        """Every tag in use by entries outside the trash, with how many use it.

        Counted straight off ``entry_tags``' own index, minus what the (usually
        small) trash holds: joining every tagged entry to check it is not in the
        trash took 280 ms at 100,000 entries.

        The trash's share is found through the trash's own index, and reads
        only indexes. Written as a join of entries and entry_tags, SQLite walked
        all of entry_tags in tag order (to skip sorting for GROUP BY) and read
        every tagged entry's row to test ``deleted_at``: 1.6 to 2.6 s at 100,000
        entries, even with an empty trash, holding the database (and so the list
        the app loads at unlock) all that time.
        """
        counts: dict[int, int] = dict(
            self.db.query("SELECT tag_id, count(*) FROM entry_tags GROUP BY tag_id")
        )
        for tag_id, trashed in self.db.query(
            """SELECT tag_id, count(*) FROM entry_tags
               WHERE entry_id IN (SELECT id FROM entries WHERE deleted_at IS NOT NULL)
               GROUP BY tag_id"""
        ):
            counts[tag_id] -= trashed
        names: dict[int, str] = dict(self.db.query("SELECT id, name FROM tags"))
        return sorted((names[t], n) for t, n in counts.items() if n > 0)

    def prompt_answers(self) -> dict[str, int]:
        """How many entries outside the trash answer each prompt, by prompt id."""
        return {
            str(prompt_id): int(count)
            for prompt_id, count in self.db.query(
                """SELECT prompt_id, count(*) FROM entries
                   WHERE prompt_id IS NOT NULL AND deleted_at IS NULL GROUP BY prompt_id"""
            )
        }

    def moods_since(self, since_utc: int) -> list[int]:
        """The moods of entries written since ``since_utc``, newest first."""
        return [
            int(mood)
            for (mood,) in self.db.query(
                """SELECT mood FROM entries INDEXED BY entries_newest
                   WHERE deleted_at IS NULL AND created_utc >= ? AND mood IS NOT NULL
                   ORDER BY created_utc DESC, id DESC""",
                (since_utc,),
            )
        ]

    def search(self, match: str, flt: EntryFilter = EVERYTHING, limit: int = 50) -> list[SearchHit]:
        """The best ``limit`` matches of an FTS5 expression among the newest
        :data:`RANK_WINDOW` matches (see the module docstring)."""
        widened = fts.widen_prefixes(match, self._words_starting)
        params: dict[str, Any] = {"match": widened, "window": RANK_WINDOW, "limit": limit}
        where = _search_where(flt, params)
        rows = self.db.query(
            f"""SELECT {_SUMMARY_COLUMNS}, c.score FROM (
                    SELECT f.rowid AS id, {_BM25} AS score
                    FROM entries_fts f JOIN entries e ON e.id = f.rowid
                    WHERE entries_fts MATCH :match AND {where}
                    ORDER BY f.rowid DESC LIMIT :window
                ) c JOIN entries e ON e.id = c.id
                ORDER BY c.score, e.created_utc DESC, e.id DESC
                LIMIT :limit""",
            params,
        )
        return [
            SearchHit(
                entry=_summary(row),
                snippet=self._snippet(match, row[0]),
                score=-row[-1],
            )
            for row in rows
        ]

    def _words_starting(self, prefix: str) -> list[str] | None:
        """The indexed words that start with ``prefix`` (lower case), for
        :func:`fts.widen_prefixes`; None where FTS5's own prefix search is
        as fast: a prefix as short as its prefix lists (:data:`INDEXED_PREFIX`
        letters) or shorter, or one more than :data:`WIDEN_MAX_WORDS` words
        start with."""
        if len(prefix) <= INDEXED_PREFIX:
            return None
        self.db.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.entries_words "
            "USING fts5vocab(main, 'entries_fts', 'row')"
        )
        # Only ASCII letters and digits get here: the next string after every
        # word that starts with the prefix is the prefix with its last letter
        # raised by one.
        after = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        words = [
            str(row[0])
            for row in self.db.query(
                "SELECT term FROM temp.entries_words WHERE term >= ? AND term < ? LIMIT ?",
                (prefix, after, WIDEN_MAX_WORDS + 1),
            )
        ]
        return words if len(words) <= WIDEN_MAX_WORDS else None

    def _snippet(self, match: str, entry_id: int) -> str:
        # Made in Python from the start of the body, not with FTS5's snippet():
        # that re-runs the query for each hit, which for a long prefix
        # ("oranhu"*, typed while searching as you type) cost 9 ms per hit at
        # 100,000 entries, and it slows down sharply on long entries full of
        # matches. See the snippets module.
        # The body is stored compressed: only its start is decompressed.
        stored = self.db.scalar("SELECT body FROM entries WHERE id = ?", (entry_id,))
        try:
            head = textpack.unpack_head(stored, snippets.SCAN_CHARS)
        except textpack.DamagedText:
            return ""  # the entry is still found; opening it says it is damaged
        return snippets.snippet(head, match, SNIPPET_TOKENS)


def _can_be_id(value: int) -> bool:
    """Whether ``value`` fits an SQLite integer; no entry has an id beyond (a
    typed ``show 99999999999999999999`` is "no such entry", not an overflow)."""
    return -(2**63) <= value < 2**63


def _chunks(items: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
