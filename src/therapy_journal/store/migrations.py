"""Numbered schema migrations, applied in one transaction at unlock.

The schema version is SQLite's ``PRAGMA user_version``. Migration *n* (1-based)
takes a database from version n-1 to n. A vault made by a newer version of the
app is refused, never opened half-understood.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from therapy_journal.store import textpack
from therapy_journal.store.db import Database
from therapy_journal.store.errors import StorageError, VaultBusy, VaultDamaged, VaultTooNew

log = logging.getLogger(__name__)

# A migration step: an SQL statement, or a function for work one statement
# cannot do well (it gets the database, inside the migration's transaction).
Step = str | Callable[[Database], None]

# The meta key of the highest entry id given out before the entry was deleted
# for good (migration 8).
LAST_ENTRY_ID_KEY = "last_entry_id"

# The journal that holds the entries of a vault made before journals.
DEFAULT_JOURNAL = "Journal"

# Indexes each new entry for search (made by PACK_BODIES, which stores bodies
# compressed; see textpack); a bulk import drops it for the length of its
# transaction and indexes its rows in one statement instead
# (EntryRepository.bulk_indexing).
FTS_INSERT_TRIGGER = """CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN
            INSERT INTO entries_fts (rowid, title, body, tags_text)
            VALUES (new.id, new.title, entry_text(new.body), new.tags_text);
        END"""

# The search index's leaf size in bytes (FTS5's 'pgsz', default 4050). A
# SQLCipher page keeps 80 of its 4096 bytes for the IV and HMAC, so a 4050-byte
# leaf did not fit in a page: every leaf spilled into an overflow page. At 3900
# a leaf fits in one page: the index is about 7% smaller.
FTS_LEAF_BYTES = 3900

# The search index's prefix lists: two-letter prefixes only. Three letters
# and more are widened into words by search (entries.INDEXED_PREFIX, read from this).
FTS_PREFIX = "2"

FTS_TABLE = f"""CREATE VIRTUAL TABLE entries_fts USING fts5 (
        title, body, tags_text,
        content = 'entries_text', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '{FTS_PREFIX}'
    )"""

PACK_CHUNK = 2000


def _update_in_chunks(db: Database, update: str, params: tuple[Any, ...] = ()) -> None:
    """Run ``update`` (ending in ``id > ? AND id <= ?``) over every entry, a
    chunk of entries per statement: one UPDATE of every row held 250 MB more
    memory at 100,000 entries, chunks of 2,000 none to speak of."""
    low = 0
    while True:
        high = db.scalar(
            "SELECT id FROM entries WHERE id > ? ORDER BY id LIMIT 1 OFFSET ?",
            (low, PACK_CHUNK - 1),
        )
        if high is None:
            db.execute(update, (*params, low, 2**63 - 1))
            return
        db.execute(update, (*params, low, int(high)))
        low = int(high)


def _pack_bodies(db: Database) -> None:
    """Store every plain-text body compressed."""
    _update_in_chunks(
        db,
        "UPDATE entries SET body = entry_pack(body) "
        "WHERE typeof(body) = 'text' AND id > ? AND id <= ?",
    )


def _drop_short_excerpts(db: Database) -> None:
    """Keep the excerpt only beside a body that may spill out of its row
    (textpack.EXCERPT_ABOVE_BYTES); lists make the others from the body."""
    _update_in_chunks(
        db,
        "UPDATE entries SET excerpt = '' WHERE excerpt <> '' "
        "AND length(CAST(body AS BLOB)) <= ? AND id > ? AND id <= ?",
        (textpack.EXCERPT_ABOVE_BYTES,),
    )


def _narrow_prefixes(db: Database) -> None:
    """Make the search index again with prefix lists on two letters only,
    unless it was made so (a vault packed by PACK_BODIES since)."""
    made = str(db.scalar("SELECT sql FROM sqlite_schema WHERE name = 'entries_fts'"))
    if f"prefix = '{FTS_PREFIX}'" in made:
        return
    db.execute("PRAGMA secure_delete = OFF")  # compact() rewrites the file (see PACK_BODIES)
    db.execute("DROP TABLE entries_fts")
    db.execute("PRAGMA secure_delete = ON")
    db.execute(FTS_TABLE)
    db.execute(f"INSERT INTO entries_fts (entries_fts, rank) VALUES ('pgsz', {FTS_LEAF_BYTES})")
    db.execute("INSERT INTO entries_fts (entries_fts) VALUES ('rebuild')")


# The first disk migration (issue 20): bodies stored compressed (textpack: a BLOB
# is zlib-compressed UTF-8, TEXT is plain), and the search index made again
# over a view that reads them as text, with leaves that fit a SQLCipher page.
# The vault was 3.1x its entries' text at 100,000 entries, and is 2.1x; see
# the README's "Disk" section. The index is rebuilt, not kept: its content
# table changes, and the rebuild writes it with the new leaf size.
PACK_BODIES: list[Step] = [
    "DROP TRIGGER entries_fts_insert",
    "DROP TRIGGER entries_fts_delete",
    "DROP TRIGGER entries_fts_update",
    # The pages this frees hold the index and the old copies of bodies that
    # are all still in the vault, and compact() (VACUUM) rewrites the file
    # right after: zeroing them first (secure_delete) took 7 s and 270 MB of
    # memory at 100,000 entries.
    "PRAGMA secure_delete = OFF",
    "DROP TABLE entries_fts",
    _pack_bodies,
    "PRAGMA secure_delete = ON",
    """CREATE VIEW entries_text AS
        SELECT id, title, entry_text(body) AS body, tags_text FROM entries""",
    FTS_TABLE,
    f"INSERT INTO entries_fts (entries_fts, rank) VALUES ('pgsz', {FTS_LEAF_BYTES})",
    "INSERT INTO entries_fts (entries_fts) VALUES ('rebuild')",
    FTS_INSERT_TRIGGER,
    """CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN
        INSERT INTO entries_fts (entries_fts, rowid, title, body, tags_text)
        VALUES ('delete', old.id, old.title, entry_text(old.body), old.tags_text);
    END""",
    """CREATE TRIGGER entries_fts_update AFTER UPDATE OF title, body, tags_text ON entries
    BEGIN
        INSERT INTO entries_fts (entries_fts, rowid, title, body, tags_text)
        VALUES ('delete', old.id, old.title, entry_text(old.body), old.tags_text);
        INSERT INTO entries_fts (rowid, title, body, tags_text)
        VALUES (new.id, new.title, entry_text(new.body), new.tags_text);
    END""",
]


NARROW: list[Step] = [_drop_short_excerpts, _narrow_prefixes]

# Migrations after which compact() gives the pages they freed back to the disk.
COMPACTING = (PACK_BODIES, NARROW)

# Each migration is a list of statements, run in order inside one transaction.
MIGRATIONS: list[list[Step]] = [
    # 1: entries, tags, full-text index.
    [
        """CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID""",
        # Small columns first, the body last: SQLite reads a row's columns in
        # order, so filters on deleted_at or created_utc never touch the
        # overflow pages a long body spills into.
        """CREATE TABLE entries (
            id INTEGER PRIMARY KEY,
            created_utc INTEGER NOT NULL,    -- microseconds since the epoch, for order and filters
            deleted_at TEXT,                 -- set while in the trash
            mood INTEGER CHECK (mood IS NULL OR mood BETWEEN 1 AND 10),
            created TEXT NOT NULL,           -- ISO-8601 with the writer's UTC offset
            updated TEXT NOT NULL,
            prompt_id TEXT,
            word_count INTEGER NOT NULL DEFAULT 0,
            fingerprint BLOB,                -- SHA-256 of date, title and body; finds duplicates
            tags_text TEXT NOT NULL DEFAULT '',   -- the tags, space-separated, for list and search
            title TEXT NOT NULL DEFAULT '',
            excerpt TEXT NOT NULL DEFAULT '',     -- start of the body: lists never load bodies
            body TEXT NOT NULL DEFAULT ''
        )""",
        """CREATE INDEX entries_newest ON entries (created_utc DESC, id DESC)
            WHERE deleted_at IS NULL""",
        "CREATE INDEX entries_trash ON entries (deleted_at) WHERE deleted_at IS NOT NULL",
        "CREATE INDEX entries_fingerprint ON entries (fingerprint)",
        """CREATE TABLE tags (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE
        )""",
        # created_utc is repeated here so a tag's entries page newest-first
        # straight off an index, like the whole journal does.
        """CREATE TABLE entry_tags (
            tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
            entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
            created_utc INTEGER NOT NULL,
            PRIMARY KEY (tag_id, entry_id)
        ) WITHOUT ROWID""",
        "CREATE INDEX entry_tags_newest ON entry_tags (tag_id, created_utc DESC, entry_id DESC)",
        "CREATE INDEX entry_tags_entry ON entry_tags (entry_id)",
        # External-content FTS5 over entries: the text is stored once, in entries.
        """CREATE VIRTUAL TABLE entries_fts USING fts5 (
            title, body, tags_text,
            content = 'entries', content_rowid = 'id',
            tokenize = 'unicode61 remove_diacritics 2',
            prefix = '2 3'
        )""",
        """CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN
            INSERT INTO entries_fts (rowid, title, body, tags_text)
            VALUES (new.id, new.title, new.body, new.tags_text);
        END""",
        """CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN
            INSERT INTO entries_fts (entries_fts, rowid, title, body, tags_text)
            VALUES ('delete', old.id, old.title, old.body, old.tags_text);
        END""",
        """CREATE TRIGGER entries_fts_update AFTER UPDATE OF title, body, tags_text ON entries
        BEGIN
            INSERT INTO entries_fts (entries_fts, rowid, title, body, tags_text)
            VALUES ('delete', old.id, old.title, old.body, old.tags_text);
            INSERT INTO entries_fts (rowid, title, body, tags_text)
            VALUES (new.id, new.title, new.body, new.tags_text);
        END""",
    ],
    # 2: the preference profile (every saved version kept), the person's own
    # prompts, hidden prompts, and entries found by the prompt they answer.
    [
        """CREATE TABLE profile_versions (
            id INTEGER PRIMARY KEY,
            saved TEXT NOT NULL,             -- ISO-8601 with the writer's UTC offset
            data TEXT NOT NULL               -- the profile as JSON
        )""",
        """CREATE TABLE user_prompts (
            id INTEGER PRIMARY KEY,          -- shown as prompt id 'user-<id>'
            category TEXT NOT NULL,
            text TEXT NOT NULL,
            tags TEXT NOT NULL DEFAULT '',   -- space-separated
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        )""",
        """CREATE TABLE hidden_prompts (
            prompt_id TEXT PRIMARY KEY,
            hidden TEXT NOT NULL
        ) WITHOUT ROWID""",
        """CREATE INDEX entries_prompt ON entries (prompt_id, created_utc DESC, id DESC)
            WHERE prompt_id IS NOT NULL""",
    ],
    # 3: goals and their steps, milestones (each kind once per subject), the
    # results of self-assessments, and a day index for charts and streaks.
    [
        """CREATE TABLE goals (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            why TEXT NOT NULL DEFAULT '',
            due TEXT,                        -- ISO date, or NULL for no due date
            status TEXT NOT NULL DEFAULT 'active'
                CHECK (status IN ('active', 'done', 'dropped')),
            template TEXT,                   -- the template it was made from
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            finished TEXT                    -- when it was marked done or dropped
        )""",
        """CREATE TABLE goal_steps (
            id INTEGER PRIMARY KEY,
            goal_id INTEGER NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            text TEXT NOT NULL,
            done TEXT                        -- when it was ticked, NULL while open
        )""",
        "CREATE INDEX goal_steps_goal ON goal_steps (goal_id, position)",
        """CREATE TABLE milestones (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            subject TEXT NOT NULL DEFAULT '',   -- what it is about (a goal id), '' for one-offs
            happened TEXT NOT NULL,             -- ISO-8601 with the writer's UTC offset
            detail TEXT NOT NULL DEFAULT '',    -- e.g. the goal's title, for the timeline
            celebrated TEXT,                    -- when the app showed it; NULL until then
            UNIQUE (kind, subject)
        )""",
        """CREATE TABLE assessments (
            id INTEGER PRIMARY KEY,
            instrument TEXT NOT NULL,
            taken TEXT NOT NULL,             -- ISO-8601 with the writer's UTC offset
            taken_utc INTEGER NOT NULL,      -- microseconds since the epoch
            answers TEXT NOT NULL,           -- JSON: item answers and the unscored question
            score INTEGER NOT NULL           -- as published (WHO-5 as a percentage)
        )""",
        "CREATE INDEX assessments_taken ON assessments (instrument, taken_utc)",
        # The writer's local day of each entry, with its mood and words,
        # straight off an index: charts and streaks aggregate without reading a
        # single row. deleted_at is always NULL here but is listed all the same:
        # SQLite counts a column the query names as needed from the row unless
        # the index holds it, even one the partial-index WHERE fixes, and so
        # never took this index as covering (one header byte per entry).
        # word_count made the words-per-day chart read no rows either: 690 ms
        # -> 12 ms at 100,000 entries.
        """CREATE INDEX entries_day ON entries
            (substr(created, 1, 10), mood, word_count, deleted_at)
            WHERE deleted_at IS NULL""",
    ],
    # 4: referral contacts, where each therapist stands in the search (every
    # move kept with its date), the log of calls and emails, and how anxious
    # reaching out felt before and after.
    [
        """CREATE TABLE contacts (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,              -- therapist, referral, organization, support
            name TEXT NOT NULL,
            stage TEXT,                      -- a therapist's place in the pipeline
            follow_up TEXT,                  -- ISO date
            referred_by INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            data TEXT NOT NULL DEFAULT '{}'  -- the other fields, as JSON
        )""",
        "CREATE INDEX contacts_kind ON contacts (kind, name)",
        "CREATE INDEX contacts_follow_up ON contacts (follow_up) WHERE follow_up IS NOT NULL",
        """CREATE TABLE contact_stages (
            id INTEGER PRIMARY KEY,
            contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
            stage TEXT NOT NULL,
            at TEXT NOT NULL,                -- ISO-8601 with the writer's UTC offset
            reason TEXT NOT NULL DEFAULT ''  -- why "not a fit"
        )""",
        "CREATE INDEX contact_stages_contact ON contact_stages (contact_id, at)",
        """CREATE TABLE interactions (
            id INTEGER PRIMARY KEY,
            contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
            kind TEXT NOT NULL,              -- called, left_message, emailed, consultation, …
            at TEXT NOT NULL,
            notes TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX interactions_contact ON interactions (contact_id, at)",
        """CREATE TABLE outreach_checkins (
            id INTEGER PRIMARY KEY,
            contact_id INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
            moment TEXT NOT NULL CHECK (moment IN ('before', 'after')),
            at TEXT NOT NULL,
            anxiety INTEGER NOT NULL CHECK (anxiety BETWEEN 0 AND 10),
            note TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX outreach_at ON outreach_checkins (at)",
    ],
    # 5: what was shared with whom (never the passphrase), and the keys this
    # vault receives bundles with. The secret half of a receiving key lives
    # here on purpose: the database is SQLCipher-encrypted.
    [
        """CREATE TABLE shares (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,                -- ISO-8601 with the writer's UTC offset
            recipient TEXT NOT NULL,         -- a label, or the age public keys
            method TEXT NOT NULL,            -- 'key' or 'passphrase'
            items TEXT NOT NULL,             -- JSON: what the bundle holds (no entry text)
            fingerprint TEXT NOT NULL,       -- SHA-256 of the encrypted file, hex
            file_name TEXT NOT NULL
        )""",
        """CREATE TABLE receiving_keys (
            id INTEGER PRIMARY KEY,
            created TEXT NOT NULL,
            identity TEXT NOT NULL,          -- AGE-SECRET-KEY-1…
            recipient TEXT NOT NULL          -- age1…, to give to whoever sends a bundle
        )""",
    ],
    # 6: a version per entry, counting its writes, so an editor saves only over
    # the version it loaded (an `updated` stamp can repeat within a clock tick,
    # or on two machines). Added at the end of the row, after the body: adding
    # a column rewrites no row, and only whole-entry reads and writes, which
    # read the body anyway, look at it; lists and search never do.
    [
        "ALTER TABLE entries ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
    ],
    # 7: the contact a shared bundle was for, passphrase shares included. The
    # share's ``recipient`` keeps their name as it was, so the log still says
    # who it was for after the contact is deleted (then this is NULL).
    [
        "ALTER TABLE shares ADD COLUMN contact_id INTEGER "
        "REFERENCES contacts (id) ON DELETE SET NULL",
        "CREATE INDEX shares_contact ON shares (contact_id) WHERE contact_id IS NOT NULL",
    ],
    # 8: an entry id is never given again once its entry is deleted for good,
    # so share logs and notes that name an old id never point at a new entry.
    # The highest id ever deleted is kept in meta (the ids in use now, for a
    # vault that had some); new entries are numbered above it and above every
    # id in use (EntryRepository.insert). A high-water mark rather than
    # AUTOINCREMENT: that would mean rebuilding the entries table, its
    # full-text index and every table that refers to it.
    [
        f"INSERT OR REPLACE INTO meta (key, value) "
        f"SELECT '{LAST_ENTRY_ID_KEY}', CAST(coalesce(max(id), 0) AS TEXT) FROM entries",
        f"""CREATE TRIGGER entries_last_id AFTER DELETE ON entries BEGIN
            UPDATE meta SET value = CAST(old.id AS TEXT)
            WHERE key = '{LAST_ENTRY_ID_KEY}' AND CAST(value AS INTEGER) < old.id;
        END""",
    ],
    # Journals (issue 19): each entry belongs to one journal; the entries a
    # vault held before are put in one called "Journal". journal_id comes
    # after the body (an added column always does), so lists and search never
    # read it from the row: the index below answers "this journal's entries,
    # newest first" (trash too) and which entries a journal holds.
    # No REFERENCES: SQLite cannot add one with a default while foreign keys
    # are on; the trigger refuses to delete a journal that still holds entries.
    [
        """CREATE TABLE journals (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            created TEXT NOT NULL             -- ISO-8601 with the writer's UTC offset
        )""",
        f"INSERT INTO journals (id, name, created) VALUES (1, '{DEFAULT_JOURNAL}', "
        "strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'))",
        "ALTER TABLE entries ADD COLUMN journal_id INTEGER NOT NULL DEFAULT 1",
        """CREATE INDEX entries_journal ON entries
            (journal_id, deleted_at, created_utc DESC, id DESC)""",
        """CREATE TRIGGER journals_keep_entries BEFORE DELETE ON journals
        WHEN EXISTS (SELECT 1 FROM entries WHERE journal_id = old.id) BEGIN
            SELECT RAISE(ABORT, 'the journal still holds entries');
        END""",
    ],
    # attachments: photos and files attached to an entry, inside the encrypted
    # database. The bytes are split into chunks of at most 1 MiB
    # (store.attachments.CHUNK_BYTES), one row each, so an attachment is
    # written and read a chunk at a time: sqlcipher3 has no incremental blob
    # I/O, and a whole 50 MB value would be held several times over in memory.
    # Deleting an entry for good deletes its attachments (ON DELETE CASCADE);
    # the trash, which only marks the entry, keeps them.
    [
        """CREATE TABLE attachments (
            id INTEGER PRIMARY KEY,
            entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
            name TEXT NOT NULL,              -- the file name, unique within the entry
            mime TEXT NOT NULL,
            size INTEGER NOT NULL,           -- bytes
            sha256 TEXT NOT NULL,            -- hex, of the whole file
            created TEXT NOT NULL,           -- ISO-8601 with the writer's UTC offset
            UNIQUE (entry_id, name)
        )""",
        """CREATE TABLE attachment_chunks (
            attachment_id INTEGER NOT NULL REFERENCES attachments (id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (attachment_id, seq)
        )""",
    ],
    # bodies stored compressed, the search index over them (issue 20, disk).
    PACK_BODIES,
    # the second disk migration (issue 20): prefix lists on two letters only
    # (three-letter lists were 0.44x the entries' text; search widens longer
    # prefixes into words), and excerpts kept only beside long bodies (they
    # were 0.16x). 2.11x the text at 100,000 entries before; see the README.
    NARROW,
]

LATEST = len(MIGRATIONS)


def schema_version(db: Database) -> int:
    return int(db.scalar("PRAGMA user_version"))


def apply(db: Database, *, new: bool = False) -> int:
    """Bring the database up to :data:`LATEST`; return the version it had.

    Only a ``new`` database may start from version 0: an existing vault at
    version 0 lost its schema and is reported as damaged, not rebuilt empty.
    """
    found = schema_version(db)
    if found == 0 and not new:
        raise VaultDamaged(db.path, "it holds no journal")
    if found > LATEST:
        raise VaultTooNew(found, LATEST)
    if found == LATEST:
        return found
    with db.transaction():
        # Another process may have migrated while we waited for the write lock.
        found = schema_version(db)
        for version in range(found + 1, LATEST + 1):
            log.info("migrating the vault schema to version %d", version)
            for statement in MIGRATIONS[version - 1]:
                if callable(statement):
                    statement(db)
                else:
                    db.execute(statement)
        db.execute(f"PRAGMA user_version = {LATEST}")
    if found > 0 and any(
        step in MIGRATIONS and found <= MIGRATIONS.index(step) for step in COMPACTING
    ):
        compact(db)
    return found


def compact(db: Database) -> None:
    """Give the pages the disk migrations freed back to the disk (``VACUUM``).

    Packing bodies and dropping excerpts shrink the rows where they are,
    leaving pages of the entries table half empty, and rebuilding the search
    index frees the old one's pages: without this the file keeps its size
    (the space is reused by later writing). Run once, after the migrations in
    :data:`COMPACTING`: at 100,000 entries packing took the file from 514 MB
    to 333 MB. The copy VACUUM makes is held
    in memory (temp_store is MEMORY: nothing plaintext is written). Where it
    fails (a full disk, another program holding the vault), the vault keeps
    its size and works all the same.
    """
    try:
        db.execute("VACUUM")
        db.checkpoint()
    except (StorageError, VaultBusy) as error:
        log.info("the vault was not compacted (%s)", type(error).__name__)
