"""The full check of a vault's database, in one place.

``therapy-journal check``, the app's Check vault, every backup (on its
snapshot, before the backup may call itself tested) and every restore (on the
vault it built) use :func:`check_database`. Its parts:

* **pages**: SQLCipher's ``cipher_integrity_check`` reads every page of the
  file and verifies its HMAC, used pages and free ones alike;
* **structure**: SQLite's ``integrity_check`` of every table with its indexes
  (b-trees, overflow chains, index entries against rows), one table at a time;
* **schema**: a schema version this app knows, and every table, index and
  trigger its migrations make;
* **search index**: FTS5's own ``integrity-check`` of the index against the
  entries (``thorough``), or (quick) that the index lists exactly the entries.

Why one table at a time: SQLite's whole-database ``integrity_check`` also runs
FTS5's check of its own index, which the search-index part runs anyway, and at
100,000 entries that index check alone takes longer than all the b-trees
together. Checked table by table, the free list's structure is the one thing
not walked; its pages' contents are covered by the page check.

The parts run on two threads, each on connections of their own (SQLite
releases the GIL), so a 2-core machine does the work in about the time of the
longest part. The result is structured: :meth:`Health.summary` is the one
line for people, :meth:`Health.details` what SQLite said, for ``--verbose``.

The quick search-index check is what a backup can afford: the thorough one
costs about as much as the rest of the backup together, and what only it finds
(an index out of step with the entries: search misses or finds too much) loses
no entry and is mended by rebuilding the index, so it is no reason to refuse a
backup. A damaged page of the index's tables is found by the structure part.
"""

from __future__ import annotations

import enum
import logging
import re
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial

from therapy_journal.store import migrations
from therapy_journal.store.db import Database
from therapy_journal.store.errors import VaultBusy, VaultDamaged, VaultError, VaultLocked
from therapy_journal.store.vault import Vault

log = logging.getLogger(__name__)

# The page cache of a checking connection: every page is read about once, so
# a big cache would only grow memory for the length of the check.
CHECK_CACHE_KIB = 2048
MAX_DETAIL_LINES = 1000  # SQLite's report can list every page; --verbose shows this many

_PAGE_NUMBER = re.compile(r"\bpage (\d+)")
_CREATED = re.compile(
    r"CREATE\s+(?:TABLE|INDEX|VIRTUAL\s+TABLE|TRIGGER|VIEW)\s+(\w+)", re.IGNORECASE | re.ASCII
)

# Called with (parts done, parts in all) as the check goes.
CheckProgress = Callable[[int, int], object]


class Part(enum.Enum):
    """The parts of the check, in the order a person reads about them."""

    PAGES = "pages"
    STRUCTURE = "structure"
    SCHEMA = "schema"
    SEARCH_INDEX = "search index"


@dataclass(frozen=True)
class Finding:
    """One problem: which part found it, and what was said (SQLite's words or ours)."""

    part: Part
    text: str


@dataclass(frozen=True)
class Health:
    """What a check found; no findings means every part passed."""

    findings: tuple[Finding, ...] = ()
    thorough: bool = True  # whether the search index was checked against the entries
    # The database could only be opened read-only (a backup drive): FTS5
    # compares its index with the entries only through a write statement.
    read_only: bool = False

    @property
    def ok(self) -> bool:
        return not self.findings

    def of(self, part: Part) -> list[Finding]:
        return [finding for finding in self.findings if finding.part is part]

    @property
    def damaged_pages(self) -> tuple[int, ...]:
        """Pages whose HMAC does not match (the page check's findings)."""
        numbers = {
            int(match[1]) for f in self.of(Part.PAGES) for match in _PAGE_NUMBER.finditer(f.text)
        }
        return tuple(sorted(numbers))

    @property
    def loses_entries(self) -> bool:
        """Whether some of the journal cannot be read: a used page or the
        structure is damaged, or the schema is not the journal's. Damaged pages
        with a sound structure are unused ones (every used page was read)."""
        return bool(self.of(Part.STRUCTURE) or self.of(Part.SCHEMA))

    @property
    def only_unused_pages(self) -> bool:
        """Damage confined to pages that hold nothing (freed by deletes)."""
        return bool(self.of(Part.PAGES)) and not self.loses_entries

    @property
    def only_search_index(self) -> bool:
        return bool(self.findings) and all(f.part is Part.SEARCH_INDEX for f in self.findings)

    def summary(self) -> str:
        """One line for people: what is wrong, or that all is well."""
        if self.ok:
            index = (
                "the search index matches the entries"
                if self.thorough
                else "the search index lists every entry"
            )
            unwritable = (
                " (The search index was not compared word by word with the entries: that "
                "needs a disk that can be written.)"
                if self.read_only
                else ""
            )
            return (
                "The vault is healthy: every page decrypts and checks out, its structure and "
                f"schema are sound, and {index}.{unwritable}"
            )
        if self.only_search_index:
            return (
                "The search index does not match the entries, so search may miss or wrongly "
                "find entries; no entry is lost."
            )
        pages = self.damaged_pages
        if self.only_unused_pages:
            they = "it holds" if len(pages) == 1 else "they hold"
            return (
                f"{_count(len(pages), 'unused page')} of the database "
                f"({_page_list(pages)}) cannot be read; {they} none of your journal, and "
                "everything else checks out."
            )
        parts = []
        if pages:
            parts.append(
                f"{_count(len(pages), 'page')} of its database cannot be read ({_page_list(pages)})"
            )
        if self.of(Part.STRUCTURE) and not pages:
            parts.append("the structure of its database is damaged")
        if self.of(Part.SCHEMA):
            parts.append("its tables are not those of a journal this app knows")
        return "The vault is damaged: " + "; ".join(parts) + "."

    def details(self) -> list[str]:
        """What each part reported, one line each (SQLite's report split into lines)."""
        lines: list[str] = []
        for finding in self.findings:
            for line in finding.text.splitlines():
                if line.strip() and not line.startswith("*** in database"):
                    lines.append(f"{finding.part.value}: {line.strip()}")
        if len(lines) > MAX_DETAIL_LINES:
            more = len(lines) - MAX_DETAIL_LINES
            lines = [*lines[:MAX_DETAIL_LINES], f"… and {more:,} more lines"]
        return lines


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" if number == 1 else f"{number:,} {noun}s"


def _entries(number: int) -> str:
    return "1 entry is" if number == 1 else f"{number:,} entries are"


def _page_list(pages: tuple[int, ...], shown: int = 3) -> str:
    words = ", ".join(str(page) for page in pages[:shown])
    more = f" and {len(pages) - shown:,} more" if len(pages) > shown else ""
    return ("page " if len(pages) == 1 else "pages ") + words + more


# --- reading a damaged database -------------------------------------------------


class Reader:
    """A connection that is opened again after damage was met.

    Once SQLite has met a page that fails its HMAC inside some statements (an
    integrity check, for one), the connection keeps failing every later
    statement, even on sound pages. A fresh connection reads them again, and
    opening one costs next to nothing (the key is given raw).
    """

    def __init__(self, opener: Callable[[], Database], cache_kib: int = CHECK_CACHE_KIB) -> None:
        self._opener = opener
        self._cache_kib = cache_kib
        self._db: Database | None = None

    @property
    def db(self) -> Database:
        if self._db is None:
            db = self._opener()
            db.execute(f"PRAGMA cache_size = -{self._cache_kib}")
            self._db = db
        return self._db

    def spoiled(self) -> None:
        """Damage was met: the next use opens a new connection."""
        self.close()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


# --- the parts --------------------------------------------------------------------


def check_pages(reader: Reader) -> list[Finding]:
    """Every page read from the file and its HMAC verified."""
    return [Finding(Part.PAGES, text) for text in reader.db.cipher_problems()]


def tables(db: Database) -> list[str]:
    """The tables stored as b-trees (virtual tables have none), sqlite_schema first."""
    names = db.query("SELECT name FROM sqlite_schema WHERE type = 'table' AND rootpage > 0")
    return ["sqlite_schema", *sorted(str(row[0]) for row in names)]


def check_table(reader: Reader, table: str) -> list[Finding]:
    """SQLite's integrity check of one table and its indexes."""
    quoted = '"' + table.replace('"', '""') + '"'
    rows = reader.db.query(f"PRAGMA integrity_check({quoted})")
    return [Finding(Part.STRUCTURE, f"{table}: {row[0]}") for row in rows if row[0] != "ok"]


def check_structure(
    reader: Reader, *, only: frozenset[str] | None = None, skip: frozenset[str] = frozenset()
) -> list[Finding]:
    """Every table's check (or those in ``only``, or all but those in ``skip``)."""
    found: list[Finding] = []
    for table in tables(reader.db):
        if (only is None or table in only) and table not in skip:
            check = partial(check_table, reader, table)
            found += _guarded(Part.STRUCTURE, reader, check, f"{table}: ")
    return found


# The table that holds most of a journal's pages: checked in a lane of its own
# when the search index's quick check leaves the other lane almost idle.
_BIGGEST = frozenset({"entries"})


def expected_names(version: int) -> set[str]:
    """What the migrations up to ``version`` create: tables, indexes, triggers."""
    names = set()
    for statements in migrations.MIGRATIONS[:version]:
        for statement in statements:
            if not isinstance(statement, str):
                continue
            match = _CREATED.match(statement.strip())
            if match:
                names.add(match[1])
    return names


def check_schema(reader: Reader, expected_version: int | None = None) -> list[Finding]:
    """A known schema version (``expected_version`` if given) and everything it makes."""
    db = reader.db
    version = migrations.schema_version(db)
    if expected_version is not None and version != expected_version:
        return [
            Finding(
                Part.SCHEMA,
                f"the schema version is {version}, where {expected_version} was expected",
            )
        ]
    if not 1 <= version <= migrations.LATEST:
        return [Finding(Part.SCHEMA, f"the schema version {version} is not one this app knows")]
    present = {str(row[0]) for row in db.query("SELECT name FROM sqlite_schema")}
    missing = sorted(expected_names(version) - present)
    return [Finding(Part.SCHEMA, f"{name} is missing") for name in missing]


def check_search_index(reader: Reader, *, thorough: bool) -> list[Finding]:
    """The full-text index against the entries: FTS5's own check (thorough),
    or that it holds exactly the entries' ids (quick)."""
    db = reader.db
    if thorough:
        try:
            db.execute("INSERT INTO entries_fts (entries_fts, rank) VALUES ('integrity-check', 1)")
        except VaultDamaged:  # FTS5 reports a mismatch as SQLITE_CORRUPT_VTAB
            return [Finding(Part.SEARCH_INDEX, "the search index does not match the entries")]
        return []
    unlisted = db.scalar(
        "SELECT count(*) FROM entries e WHERE NOT EXISTS "
        "(SELECT 1 FROM entries_fts_docsize d WHERE d.id = e.id)"
    )
    extra = db.scalar(
        "SELECT count(*) FROM entries_fts_docsize d WHERE NOT EXISTS "
        "(SELECT 1 FROM entries e WHERE e.id = d.id)"
    )
    found = []
    if unlisted:
        found.append(Finding(Part.SEARCH_INDEX, f"{_entries(unlisted)} not in the search index"))
    if extra:
        found.append(
            Finding(Part.SEARCH_INDEX, f"the search index lists {_entries(extra)} no longer there")
        )
    return found


# --- the whole check --------------------------------------------------------------


def check_database(
    opener: Callable[[], Database],
    *,
    thorough: bool = True,
    pages: bool = True,
    expected_version: int | None = None,
    progress: CheckProgress | None = None,
) -> Health:
    """Every part of the check on the database ``opener`` opens (once per thread).

    ``pages=False`` leaves out the page check (a backup checks the vault's
    own pages while it copies them); ``expected_version`` is the schema
    version the database must have (a backup's manifest says it).
    """
    Job = tuple[Part, Callable[[Reader], list[Finding]]]
    schema: Job = (Part.SCHEMA, partial(check_schema, expected_version=expected_version))
    read_only = [False]

    def search_index(reader: Reader) -> list[Finding]:
        # FTS5 compares its index with the entries through an INSERT command,
        # which a database opened read-only refuses: then the ids are compared.
        read_only[0] = reader.db.read_only
        return check_search_index(reader, thorough=thorough and not read_only[0])

    search: Job = (Part.SEARCH_INDEX, search_index)
    first: list[Job] = [(Part.PAGES, check_pages)] if pages else []
    # Two lanes of about equal length: the thorough search check (the longest
    # part) alone in one, or else the biggest table's structure.
    if thorough:
        lanes = [[search], [*first, (Part.STRUCTURE, check_structure), schema]]
    else:
        biggest: Job = (Part.STRUCTURE, partial(check_structure, only=_BIGGEST))
        rest: Job = (Part.STRUCTURE, partial(check_structure, skip=_BIGGEST))
        lanes = [[biggest], [*first, rest, schema, search]]
    jobs = [job for lane in lanes for job in lane]
    done = [0]

    def run(lane: list[Job]) -> list[Finding]:
        found: list[Finding] = []
        reader = Reader(opener)
        try:
            for part, job in lane:
                try:
                    reader.db  # noqa: B018 (opens it: a database that does not open is a finding)
                except VaultDamaged as error:
                    return [Finding(Part.STRUCTURE, f"the database does not open: {error.detail}")]
                found += _guarded(part, reader, partial(job, reader))
                done[0] += 1
                if progress is not None:
                    progress(done[0], len(jobs))
        finally:
            reader.close()
        return found

    with ThreadPoolExecutor(2, thread_name_prefix="check") as pool:
        results = list(pool.map(run, lanes))
    order = list(Part)
    findings = sorted(
        _unique(f for found in results for f in found), key=lambda f: order.index(f.part)
    )
    health = Health(tuple(findings), thorough=thorough and not read_only[0], read_only=read_only[0])
    log.info("checked a database: %s", "healthy" if health.ok else f"{len(findings)} findings")
    return health


def check_vault(
    vault: Vault, *, thorough: bool = True, progress: CheckProgress | None = None
) -> Health:
    """The full check of an unlocked vault's database, on connections of its own
    (so a page the app's connection has in its cache is read from disk again)."""
    return check_database(
        lambda: vault.open_copy(vault.db_path), thorough=thorough, progress=progress
    )


def _guarded(
    part: Part, reader: Reader, job: Callable[[], list[Finding]], what: str = ""
) -> list[Finding]:
    """A part's findings; a part that cannot even run because of damage is a finding too."""
    try:
        return job()
    except (VaultBusy, VaultLocked):  # not damage: the vault is in use, or was locked
        raise
    except VaultDamaged as error:
        reader.spoiled()
        said = f" ({error.__cause__})" if error.__cause__ is not None else ""
        return [Finding(part, f"{what}{error.detail or 'cannot be read'}{said}")]
    except VaultError as error:  # e.g. a read error of the disk
        reader.spoiled()
        return [Finding(part, f"{what}{error}")]


def _unique(findings: Iterable[Finding]) -> list[Finding]:
    return list(dict.fromkeys(findings))
