"""Saving what can still be read from a damaged vault, as export-all writes it.

When a check finds damage, this is what gets the person's writing out: every
entry that can be read, in the layout of :mod:`export_all` (its writers, so
the files read back with ``import --from markdown`` like an export), plus
``SALVAGE-REPORT.txt`` saying what could not be read. Nothing in the vault is
changed.

How entries are found, from the surest way to the last resort:

1. **SQLite, by ranges of ids.** A damaged page fails only the reads that
   touch it, so the entries are read 256 ids at a time and a range that fails
   is split in halves down to single ids. An entry whose long body runs
   through a damaged page still gives its date, title, tags, mood and first
   lines (the columns stored before the body).
2. **The pages themselves** (:mod:`therapy_journal.store.pagefile`), when so
   many reads fail that a page *above* the rows must be damaged (the root of
   the entries table, or page 1, which holds the schema): every sound leaf
   page is decrypted on its own and its rows are read without SQLite.
3. **The search index's words**, for an entry whose text is on a damaged
   page: FTS5 keeps every word of every entry with its position, so the
   words come back in order, though without capitals, accents or
   punctuation. Such entries say so at their top.

Which entries existed at all is known from the indexes (the newest-first
index holds each live entry's id and time, the trash index the others), the
search index's list of documents and the tags table, each read as far as it
can be. Entries in the trash are left out, as an export leaves them out.

Salvage reads through connections of its own, opened again after each
damaged page (one that met a damaged page may refuse every later read).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from therapy_journal.services import export_all, words
from therapy_journal.services.prompts import USER_PREFIX
from therapy_journal.services.reference import prompt_library
from therapy_journal.services.sharing.pages import SharedEntry
from therapy_journal.store import textpack
from therapy_journal.store.buffers import wipe
from therapy_journal.store.db import Database
from therapy_journal.store.errors import VaultBusy, VaultDamaged, VaultError, VaultLocked
from therapy_journal.store.integrity import Reader
from therapy_journal.store.models import Entry
from therapy_journal.store.pagefile import NotReadable, PageFile, RawRow, table_rows
from therapy_journal.store.vault import DB_NAME, Vault

log = logging.getLogger(__name__)

REPORT_FILE = "SALVAGE-REPORT.txt"
CHUNK_IDS = 256
# Failed reads before salvage stops asking SQLite and reads the pages
# themselves: finding the entries of one damaged leaf (a few dozen at most)
# by halving ranges costs fewer, so more mean a page above the rows is damaged.
FAILURES_BEFORE_PAGES = 150
SALVAGE_CACHE_KIB = 8 * 1024

# The columns of ``entries`` in their stored order (see migration 1).
_COLUMNS = (
    "id, created_utc, deleted_at, mood, created, updated, prompt_id, word_count, "
    "fingerprint, tags_text, title, excerpt, body"
)
_SMALL = "id, created_utc, deleted_at, mood, created, updated, prompt_id, tags_text, title, excerpt"
_ENTRY_ARITY = 13

READ_NOTE = (
    "[Saved by salvage from a damaged vault: the text of this entry could not be read. "
    "Below is what could.]"
)
WORDS_NOTE = (
    "Its words as the search index kept them, in order, without capitals, accents or punctuation:"
)

# Called with (thousandths done, 1000); returning False cancels.
SalvageProgress = Callable[[int, int], bool | None]
PROGRESS_TOTAL = 1000
_PHASES = {"find": (0, 100), "read": (100, 600), "pages": (600, 800), "words": (800, 850)}


class SalvageError(Exception):
    """Salvage could not write anything; the message says why. Nothing was written."""


class NothingReadable(SalvageError):
    """Not one entry or page of the vault could be read."""


# --- what salvage reads from ------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """A damaged vault's database: through SQLite (which may fail to open it
    at all), and page by page. :meth:`forget` wipes a key it holds."""

    folder: Path
    open_database: Callable[[], Database]
    open_pages: Callable[[], PageFile]
    secret: bytearray | None = None

    @classmethod
    def of_vault(cls, vault: Vault) -> Source:
        """An unlocked vault's database, read through connections of salvage's own."""
        return cls(vault.folder, lambda: vault.open_copy(vault.db_path), vault.open_pages)

    @classmethod
    def of_file(cls, folder: Path, key: bytearray, compatibility: int) -> Source:
        """A vault's database read with the data key from its key file, without
        unlocking the vault (which reads the schema and may migrate it). Takes
        ``key``: :meth:`forget` wipes it."""
        path = Path(folder) / DB_NAME

        def opener() -> Database:
            return Database.open(path, key, create=False, compatibility=compatibility)

        return cls(Path(folder), opener, lambda: PageFile(path, bytearray(key)), key)

    def forget(self) -> None:
        if self.secret is not None:
            wipe(self.secret)


class _VaultOver(Vault):
    """A vault seen through one connection of salvage's own, for the services
    that read the profile, goals, check-ins and contacts: after a damaged page,
    a connection can refuse every later read, the app's own included."""

    def __init__(self, folder: Path, db: Database) -> None:
        super().__init__(folder)
        self._over = db

    @property
    def db(self) -> Database:
        return self._over


# --- the result --------------------------------------------------------------------


@dataclass(frozen=True)
class SalvageResult:
    """What salvage wrote, and what it could not read."""

    folder: Path
    format: str
    saved: int  # entries written as they were
    partial: tuple[int, ...]  # ids of entries written with only part of their text
    lost: tuple[int, ...]  # ids of entries of which nothing could be read
    in_trash: int  # entries in the trash, left out as an export leaves them out
    pages: tuple[str, ...]  # files besides the entries, e.g. "profile.md"
    pages_lost: tuple[str, ...]  # parts that could not be read: "profile", "goals", ...
    read_pages: bool  # whether the pages themselves had to be read, SQLite falling short
    damage_seen: bool  # whether any read met damage

    @property
    def entries(self) -> int:
        """Entries written, whole or in part."""
        return self.saved + len(self.partial)

    def summary(self) -> str:
        """One line for people."""
        written = f"Saved {words.entries(self.entries)}"
        if self.partial:
            written += f" ({len(self.partial):,} of them only in part)"
        also = f" and {', '.join(self.pages)}" if self.pages else ""
        text = f"{written}{also} to {self.folder}."
        if self.lost:
            text += f" {_count(len(self.lost), 'entry', 'entries')} could not be read at all"
            text += f" ({_ids(self.lost)})."
        elif self.damage_seen:
            text += " No entry known to the vault was lost entirely."
        else:
            text += " Every entry could be read."
        if self.pages_lost:
            text += f" Could not read: {', '.join(self.pages_lost)}."
        if self.read_pages:
            text += f" Part of the vault was read page by page (see {REPORT_FILE})."
        return text


def _count(number: int, one: str, many: str) -> str:
    return f"1 {one}" if number == 1 else f"{number:,} {many}"


def _ids(ids: tuple[int, ...], shown: int = 10) -> str:
    listed = ", ".join(str(i) for i in ids[:shown])
    more = f" and {len(ids) - shown:,} more" if len(ids) > shown else ""
    return ("id " if len(ids) == 1 else "ids ") + listed + more


# --- finding and reading entries ---------------------------------------------------


@dataclass
class _Found:
    """What is known of the journal's entries, gathered from every source."""

    rows: dict[int, Entry] = field(default_factory=dict)  # read whole
    partial: dict[int, Entry] = field(default_factory=dict)  # read without their body
    live: dict[int, int] = field(default_factory=dict)  # id -> created_utc, from the index
    trashed: set[int] = field(default_factory=set)
    indexed: set[int] = field(default_factory=set)  # ids the search index lists
    tags: dict[int, list[str]] = field(default_factory=dict)
    prompts: dict[str, str | None] = field(default_factory=dict)
    failed: list[tuple[int, int]] = field(default_factory=list)  # id ranges SQLite could not read
    damage: bool = False
    read_pages: bool = False
    opened: bool = True  # whether SQLite opened the database at all

    def known(self) -> set[int]:
        return {*self.rows, *self.partial, *self.live, *self.trashed, *self.indexed}


class _Salvager:
    def __init__(self, source: Source, progress: SalvageProgress | None) -> None:
        self.source = source
        self.reader = Reader(source.open_database, SALVAGE_CACHE_KIB)
        self.found = _Found()
        self._progress = progress

    # -- progress ----------------------------------------------------------------

    def report(self, phase: str, done: int, total: int) -> None:
        if self._progress is None:
            return
        first, last = _PHASES[phase]
        value = first + (last - first) * min(done, total) // max(total, 1)
        if self._progress(value, PROGRESS_TOTAL) is False:
            raise SalvageError("The salvage was canceled; nothing was written.")

    # -- reading through SQLite ------------------------------------------------------

    def _try(self, read: Callable[[Database], Any]) -> Any:
        """``read`` on the connection; None (and a fresh connection next time)
        when it meets damage."""
        try:
            return read(self.reader.db)
        except (VaultBusy, VaultLocked):  # not damage: the vault is in use, or was locked
            raise
        except VaultError as error:
            self.found.damage = True
            self.reader.spoiled()
            log.info("salvage: a read met damage (%s)", type(error).__name__)
            return None

    def find(self) -> None:
        """The ids the indexes, the search index and the tags know of."""
        found = self.found
        try:
            self.reader.db  # noqa: B018 (opens it)
        except VaultDamaged:
            found.opened, found.damage = False, True
            log.info("salvage: SQLite cannot open the database")
            return
        live = self._try(
            lambda db: db.query(
                "SELECT id, created_utc FROM entries INDEXED BY entries_newest "
                "WHERE deleted_at IS NULL"
            )
        )
        found.live = {int(i): int(t) for i, t in live or []}
        self.report("find", 1, 4)
        trashed = self._try(
            lambda db: db.query(
                "SELECT id FROM entries INDEXED BY entries_trash WHERE deleted_at IS NOT NULL"
            )
        )
        found.trashed = {int(i) for (i,) in trashed or []}
        self.report("find", 2, 4)
        indexed = self._try(lambda db: db.query("SELECT id FROM entries_fts_docsize"))
        found.indexed = {int(i) for (i,) in indexed or []}
        self.report("find", 3, 4)
        tags = self._try(
            lambda db: db.query(
                "SELECT et.entry_id, t.name FROM entry_tags et JOIN tags t ON t.id = et.tag_id"
            )
        )
        for entry_id, name in tags or []:
            found.tags.setdefault(int(entry_id), []).append(str(name))
        self.report("find", 4, 4)

    def read(self) -> None:
        """Every entry SQLite can read, by ranges of ids split where they fail."""
        found = self.found
        if not found.opened:
            return
        top = self._try(lambda db: db.scalar("SELECT max(id) FROM entries"))
        highest = max([int(top or 0), *found.known(), 0])
        failures = [0]

        def take(low: int, high: int) -> None:
            if failures[0] > FAILURES_BEFORE_PAGES:
                found.failed.append((low, high))
                return
            rows = self._try(
                lambda db: db.query(
                    f"SELECT {_COLUMNS} FROM entries WHERE id BETWEEN ? AND ?", (low, high)
                )
            )
            if rows is not None:
                for row in rows:
                    entry = _entry_of(row, found.tags)
                    if entry is None:
                        continue
                    # A damaged last overflow page can read back as zeros
                    # without an error; the compressed body then fails its
                    # check, and the entry is kept as read in part.
                    if _read_whole(entry):
                        found.rows[entry.id] = entry
                    else:
                        found.partial[entry.id] = entry
                return
            failures[0] += 1
            if low == high:
                self._read_small(low)
            else:
                middle = (low + high) // 2
                take(low, middle)
                take(middle + 1, high)

        for low in range(1, highest + 1, CHUNK_IDS):
            take(low, min(low + CHUNK_IDS - 1, highest))
            self.report("read", low, highest)

    def _read_small(self, entry_id: int) -> None:
        """One entry's columns before its body, when the whole row fails."""
        found = self.found
        row = self._try(
            lambda db: db.query_one(f"SELECT {_SMALL} FROM entries WHERE id = ?", (entry_id,))
        )
        if row is None:
            found.failed.append((entry_id, entry_id))
            return
        entry = _entry_of((*row[:7], None, None, *row[7:], None), found.tags)
        if entry is not None:
            found.partial[entry.id] = entry

    # -- reading the pages themselves ------------------------------------------------

    def read_pages(self) -> None:
        """Rows of the entries table straight from the pages, for the ranges
        SQLite could not read (or everything, when it cannot open the file)."""
        found = self.found
        everything = not found.opened or (found.damage and not found.rows)
        if not everything and not found.failed:
            return
        found.read_pages = True

        def wanted(entry_id: int) -> bool:
            if entry_id in found.rows:
                return False
            return everything or any(low <= entry_id <= high for low, high in found.failed)

        try:
            pages = self.source.open_pages()
        except (OSError, NotReadable) as error:
            log.info("salvage: the pages cannot be read either (%s)", type(error).__name__)
            return
        best: dict[int, RawRow] = {}
        with pages:
            rows = table_rows(
                pages,
                min_columns=_ENTRY_ARITY,
                want=wanted,
                progress=lambda done, total: self.report("pages", done, total),
            )
            for row in rows:
                if looks_like_an_entry(row):
                    earlier = best.get(row.rowid)
                    if earlier is None or _newer(row, earlier):
                        best[row.rowid] = row
        for entry_id, raw in best.items():
            values = (entry_id, *raw.values[1:])  # the id is the rowid, stored as NULL
            entry = _entry_of(values, found.tags, complete=raw.complete)
            if entry is None:
                continue
            if raw.complete and _read_whole(entry):
                found.rows[entry_id] = entry
                found.partial.pop(entry_id, None)
            elif entry_id not in found.partial:
                found.partial[entry_id] = entry

    # -- the search index's words --------------------------------------------------

    def words(self, ids: list[int]) -> dict[int, dict[int, list[str]]]:
        """For each of ``ids``: its words by column (0 title, 1 body, 2 tags), in order."""
        if not ids or not self.found.opened:
            return {}
        wanted = json.dumps(sorted(ids))
        collected: dict[int, dict[int, list[tuple[int, str]]]] = {}

        def gather(db: Database) -> None:
            db.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.salvage_words "
                "USING fts5vocab(main, 'entries_fts', 'instance')"
            )
            cursor = db.execute(
                "SELECT doc, col, offset, term FROM temp.salvage_words "
                "WHERE doc IN (SELECT value FROM json_each(?))",
                (wanted,),
            )
            for doc, col, offset, term in cursor:
                column = {"title": 0, "body": 1, "tags_text": 2}.get(str(col), 1)
                collected.setdefault(int(doc), {}).setdefault(column, []).append(
                    (int(offset), str(term))
                )

        self._try(gather)  # what was gathered before a damaged page is kept
        self.report("words", 1, 1)
        return {
            doc: {col: [term for _, term in sorted(terms)] for col, terms in cols.items()}
            for doc, cols in collected.items()
        }

    # -- prompts -------------------------------------------------------------------

    def prompt_text(self, prompt_id: str | None) -> str | None:
        if prompt_id is None:
            return None
        cache = self.found.prompts
        if prompt_id not in cache:
            text = next((p.text for p in prompt_library()[1] if p.id == prompt_id), None)
            if text is None and prompt_id.startswith(USER_PREFIX):
                number = prompt_id.removeprefix(USER_PREFIX)
                if number.isdigit():
                    text = self._try(
                        lambda db: db.scalar(
                            "SELECT text FROM user_prompts WHERE id = ?", (int(number),)
                        )
                    )
            cache[prompt_id] = None if text is None else str(text)
        return cache[prompt_id]

    def close(self) -> None:
        self.reader.close()


def looks_like_an_entry(row: RawRow) -> bool:
    """Whether a row found on a page has the shape of an ``entries`` row (no
    other table has 13 columns, nor these types)."""
    values = row.values
    if len(values) < 5 or (row.complete and len(values) < _ENTRY_ARITY):
        return False
    return (
        values[0] is None  # the id is the rowid, stored as NULL
        and isinstance(values[1], int)
        and (values[2] is None or isinstance(values[2], str))
        and (values[3] is None or isinstance(values[3], int))
        and isinstance(values[4], str)
        and _is_date(values[4])
    )


def _is_date(text: str) -> bool:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def _newer(row: RawRow, other: RawRow) -> bool:
    """Of two copies of one row (a stale page), the complete and later one."""
    if row.complete != other.complete:
        return row.complete
    updated = row.values[5] if len(row.values) > 5 else ""
    earlier = other.values[5] if len(other.values) > 5 else ""
    return str(updated) > str(earlier)


def _entry_of(
    values: Iterable[Any], tags: dict[int, list[str]], *, complete: bool = True
) -> Entry | None:
    """An Entry from the ``entries`` columns in stored order (as many as were
    read); the body is None when it could not be read."""
    row = list(values)
    row += [None] * (_ENTRY_ARITY - len(row))
    (
        entry_id,
        _created_utc,
        deleted_at,
        mood,
        created,
        updated,
        prompt_id,
        _words,
        _fingerprint,
        tags_text,
        title,
        excerpt,
        body,
    ) = row[:_ENTRY_ARITY]
    try:
        when = datetime.fromisoformat(str(created))
        changed = datetime.fromisoformat(str(updated)) if updated else when
        trashed = datetime.fromisoformat(str(deleted_at)) if deleted_at else None
    except ValueError:
        return None
    if entry_id is None:
        return None
    own_tags = str(tags_text).split() if tags_text else tags.get(int(entry_id), [])
    text = _body_text(body) if body is not None and complete else None
    if text is None:
        text = _partial_body(excerpt)
    return Entry(
        id=int(entry_id),
        created=when,
        updated=changed,
        title=str(title) if title is not None else "",
        body=text,
        mood=int(mood) if isinstance(mood, int) and 1 <= mood <= 10 else None,
        tags=tuple(own_tags),
        prompt_id=str(prompt_id) if prompt_id is not None else None,
        deleted_at=trashed,
        version=0,  # what salvage writes out is not saved back over anything
    )


def _read_whole(entry: Entry) -> bool:
    return not entry.body.startswith(_EXCERPT_MARK)


def _body_text(body: object) -> str | None:
    """A stored body as text (bodies are stored compressed, see textpack);
    None when it does not decompress."""
    try:
        return textpack.unpack(body)
    except textpack.DamagedText:
        return None


_EXCERPT_MARK = "\x00salvaged-excerpt\x00"


def _partial_body(excerpt: object) -> str:
    """A marker the writer replaces by the note and what could be read."""
    return _EXCERPT_MARK + (str(excerpt) if excerpt else "")


# --- writing -----------------------------------------------------------------------


def salvage(
    source: Source, folder: Path, fmt: str = "markdown", progress: SalvageProgress | None = None
) -> SalvageResult:
    """Write every entry of the vault that can be read (and its other pages)
    into ``folder`` (new or empty) as :mod:`export_all` would, with a report.

    Raises :class:`NothingReadable` (and writes nothing) when not one entry
    or page could be read; :class:`SalvageError` for a folder it cannot use.
    """
    if fmt not in export_all.FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    worker = _Salvager(source, progress)
    try:
        worker.find()
        worker.read()
        worker.read_pages()
        found = worker.found
        missing = sorted((found.known() - set(found.rows) - set(found.partial)) - found.trashed)
        without_body = sorted(
            i for i, e in found.partial.items() if e.body.startswith(_EXCERPT_MARK)
        )
        words = worker.words(missing + without_body)
        entries, partial, lost = _assemble(found, words)
        items = [SharedEntry(e, worker.prompt_text(e.prompt_id)) for e in entries]
        pages, pages_lost, json_parts = _other_parts(source, fmt)
    finally:
        worker.close()
    in_trash = len(found.trashed | {i for i, e in found.rows.items() if e.in_trash})
    result = SalvageResult(
        folder=folder,
        format=fmt,
        saved=len(items) - len(partial),
        partial=tuple(partial),
        lost=tuple(lost),
        in_trash=in_trash,
        pages=tuple(name for name, _ in pages) if fmt == "markdown" else tuple(json_parts),
        pages_lost=pages_lost,
        read_pages=found.read_pages,
        damage_seen=found.damage,
    )
    if not items and not pages and not json_parts and (lost or found.damage or not found.opened):
        raise NothingReadable(
            "Not one entry could be read from the vault: "
            + ("its database does not open, " if not found.opened else "")
            + "and its pages hold no readable entries. Nothing was written; restore your "
            "latest backup."
        )
    report = {REPORT_FILE: _report(result).encode("utf-8")}
    try:
        if fmt == "markdown":
            written = export_all.write_markdown(
                folder,
                _counted(items, progress),
                lambda: pages,
                record_in=source.folder,
                also=report,
                salvage=True,
            )
        else:
            header = {**export_all.json_head(), **json_parts}
            written = export_all.write_json(
                folder,
                header,
                _counted(items, progress),
                record_in=source.folder,
                also=report,
                salvage=True,
            )
    except export_all.ExportError as error:
        raise SalvageError(str(error)) from None
    log.info(
        "salvaged %d entries (%d in part); %d could not be read",
        written.entries,
        len(partial),
        len(lost),
    )
    return result


def _assemble(
    found: _Found, words: dict[int, dict[int, list[str]]]
) -> tuple[list[Entry], list[int], list[int]]:
    """The entries to write, oldest first; the ids written in part; the ids lost."""
    entries = [e for e in found.rows.values() if not e.in_trash]
    partial: list[int] = []
    for entry in found.partial.values():
        if entry.in_trash:
            continue
        entries.append(_with_what_was_read(entry, words.get(entry.id, {})))
        partial.append(entry.id)
    lost: list[int] = []
    known_missing = found.known() - set(found.rows) - set(found.partial) - found.trashed
    for entry_id in sorted(known_missing):
        found_words = words.get(entry_id)
        if not found_words:
            lost.append(entry_id)
            continue
        created = _utc(found.live.get(entry_id))
        title = " ".join(found_words.get(0, [])) or f"Entry {entry_id}"
        bare = Entry(
            id=entry_id,
            created=created,
            updated=created,
            title=title,
            body=_EXCERPT_MARK,
            mood=None,
            tags=tuple(found.tags.get(entry_id, found_words.get(2, []))),
            version=0,
        )
        entries.append(_with_what_was_read(bare, found_words))
        partial.append(entry_id)
    entries.sort(key=lambda e: (e.created, e.id))
    return entries, sorted(partial), lost


def _utc(micros: int | None) -> datetime:
    """A time stored as microseconds since the epoch (the epoch itself if unknown)."""
    return datetime.fromtimestamp((micros or 0) / 1_000_000, UTC)


def _with_what_was_read(entry: Entry, words: dict[int, list[str]]) -> Entry:
    """The entry with a note at the top, its first lines and its indexed words."""
    excerpt = entry.body.removeprefix(_EXCERPT_MARK)
    parts = [READ_NOTE]
    if excerpt:
        parts.append(f"Its first lines: {excerpt}…")
    if words.get(1):
        parts.append(f"{WORDS_NOTE}\n\n{' '.join(words[1])}")
    if len(parts) == 1:
        parts.append("Only its date, title and tags could be read.")
    return replace(entry, body="\n\n".join(parts))


def _counted(items: list[SharedEntry], progress: SalvageProgress | None) -> Iterator[SharedEntry]:
    first, last = 850, PROGRESS_TOTAL
    for done, item in enumerate(items, start=1):
        yield item
        if progress is not None and done % 100 == 0:
            value = first + (last - first) * done // len(items)
            if progress(value, PROGRESS_TOTAL) is False:
                raise export_all.ExportError("The salvage was canceled; nothing was written.")
    if progress is not None:
        progress(PROGRESS_TOTAL, PROGRESS_TOTAL)


def _other_parts(
    source: Source, fmt: str
) -> tuple[list[tuple[str, bytes]], tuple[str, ...], dict[str, Any]]:
    """The profile, goals, check-ins and contacts that can be read: as files
    (Markdown) or as parts of ``journal.json``; and the names of those that
    cannot. Each is read through a connection of its own."""
    files: list[tuple[str, bytes]] = []
    parts: dict[str, Any] = {}
    lost: list[str] = []
    for name in export_all.PAGE_NAMES:
        try:
            db = source.open_database()
        except VaultDamaged:
            lost.append(name)
            continue
        vault = _VaultOver(source.folder, db)
        try:
            if fmt == "markdown":
                files += export_all.page_files(vault, [name])
            else:
                parts[name] = export_all.json_sections(vault)[name]()
        except (VaultBusy, VaultLocked):
            raise
        except VaultError:
            lost.append(name)
        finally:
            db.close()
    return files, tuple(lost), parts


def _report(result: SalvageResult) -> str:
    lines = [
        "Therapy Journal salvage report",
        "",
        result.summary(),
        "",
        "These files are NOT encrypted: anyone who can read this folder can read them.",
        "",
    ]
    if result.partial:
        lines += [
            "Entries saved only in part (each says so at its top):",
            "  " + ", ".join(str(i) for i in result.partial),
            "",
        ]
    if result.lost:
        lines += [
            "Entries of which nothing could be read (by id):",
            "  " + ", ".join(str(i) for i in result.lost),
            "",
        ]
    if result.in_trash:
        lines += [f"Entries in the trash were left out: {result.in_trash:,}.", ""]
    if result.read_pages:
        lines += [
            "Part of the vault could not be reached through its index pages, so its pages "
            "were read one by one; entries that were on damaged pages and are known to no "
            "index may be missing without being listed above.",
            "",
        ]
    return "\n".join(lines)
