"""Reproducible benchmark of the vault and journal core; prints a Markdown table.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_core.py [--sizes 10000,100000] [--out benchmarks/out]
                                              [--repeat 15] [--rebuild]
                                              [--only sharing|safety|export|queries]

For each size N it

1. generates the synthetic corpus with ``../shared/bench/corpus.py N``
   (deterministic: same N, same bytes) and picks the search words from it;
2. builds a vault with the real command line (``init``, then ``import --from
   jsonl``) using the app's *default* KDF parameters, and times the import;
3. measures, in process, unlock (KDF alone and the rest), list pages, tag
   pages, searches, ``ids()`` and ``summaries()``, the progress charts
   (mood and activity per day, streaks): the median of ``--repeat`` runs after
   one warm-up; and sharing: an export of the newest 1,000 entries with the
   report to a passphrase, and opening it, each beyond age's passphrase encryption
   (``--only sharing`` measures just these, e.g. at ``--sizes 1000``);
4. measures, on a copy of the vault taken back to schema version
   :data:`MIGRATE_FROM`, the migration an older vault goes through at unlock;
5. measures a backup of the vault (``BackupService.backup``: snapshot, pack,
   the full check of the snapshot, test restore), the restore of that file into
   a new folder, the full check of the vault (``check``), and salvage of a copy
   of the vault with one page damaged (``--only safety`` measures just these);
6. measures, as whole processes, ``therapy-journal search WORD``: wall time
   (median of 5 after one warm-up) and peak memory.

Corpora, chosen words and built vaults are cached under ``--out`` keyed by N,
so a rerun only measures; ``--rebuild`` throws the cache away first. The
table goes to stdout and ``OUT/results.md``; raw numbers to ``OUT/results.json``.

Peak memory is ``ru_maxrss`` from ``wait4`` on the CLI process, spawned by a
tiny launcher process rather than by this one: Linux carries a parent's RSS
over into a child's ``ru_maxrss`` when the child is forked, so a CLI spawned
from this (large) process would report this process's memory as its own.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import pyrage
import sqlcipher3

from therapy_journal import __version__
from therapy_journal.render.markdown import render as render_markdown
from therapy_journal.services.backup import BackupService, restore
from therapy_journal.services.journal import JournalService, date_filter
from therapy_journal.services.progress import ProgressService, Span
from therapy_journal.services.salvage import Source, looks_like_an_entry, salvage
from therapy_journal.services.sharing.age_header import scrypt_work_factor
from therapy_journal.services.sharing.errors import BundleDamaged
from therapy_journal.services.sharing.received import open_bundle
from therapy_journal.services.sharing.selection import Selection
from therapy_journal.services.sharing.service import ShareService
from therapy_journal.store import integrity, migrations, textpack
from therapy_journal.store.db import Database
from therapy_journal.store.entries import utc_micros
from therapy_journal.store.keyfile import KeyFile
from therapy_journal.store.models import EntryFilter, PageCursor
from therapy_journal.store.pagefile import PAGE_SIZE, TABLE_LEAF, leaf_rows
from therapy_journal.store.vault import DB_NAME, Vault

T = TypeVar("T")

REPO = Path(__file__).resolve().parent.parent
CORPUS_SCRIPT = REPO.parent / "shared" / "bench" / "corpus.py"
DEFAULT_OUT = REPO / "benchmarks" / "out"
DEFAULT_SIZES = (10_000, 100_000)
TARGET_SIZE = 100_000  # the size the targets are stated for

PASSPHRASE = "benchmark passphrase for synthetic data only"  # noqa: S105 (not a secret)
WARMUP = 1
CLI_REPEAT = 5
PAGE_LIMIT = 50
SEARCH_LIMIT = 20  # what `therapy-journal search` shows by default
TAG = "sleep"
RARE_MIN_DF = 3  # a "rare" word still has to be found more than once or twice
MIGRATE_FROM = 2  # the schema version whose vaults the migration figure starts from
MIGRATION_REPEAT = 3  # each run rebuilds indexes over every entry: seconds, not ms
SHARE_ENTRIES = 1_000  # the newest entries an export benchmark shares
SHARE_REPEAT = 5  # each export and open runs age's scrypt (a second or two)
BACKUP_REPEAT = 3  # each run copies, writes and checks the whole vault: seconds
CHECK_REPEAT = 3  # the full check reads every page and the whole search index: seconds
SALVAGE_REPEAT = 1  # each run reads a damaged copy and writes every entry as a file

# What FTS5's unicode61 tokenizer calls a token, for the ASCII corpus.
TOKEN = re.compile(r"[0-9a-z]+")

# Runs one command with stdout to /dev/null and prints {"wall_s", "maxrss_kib",
# "exit"} as JSON. Being a small process, its own RSS (inherited by the child
# at spawn) stays below anything the CLI reaches.
LAUNCHER = r"""
import json, os, sys, time
start = time.perf_counter()
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ,
                     file_actions=[(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)])
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
print(json.dumps({"wall_s": wall, "maxrss_kib": usage.ru_maxrss,
                  "exit": os.waitstatus_to_exitcode(status)}))
"""


# --- small helpers --------------------------------------------------------------


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def timed(
    action: Callable[[], T], repeat: int, cleanup: Callable[[T], None] | None = None
) -> list[float]:
    """Seconds per call of ``action``, ``repeat`` times after :data:`WARMUP` calls.

    ``cleanup`` gets each result outside the timed span (e.g. to close what
    ``action`` opened).
    """
    samples: list[float] = []
    for run in range(WARMUP + repeat):
        start = time.perf_counter()
        result = action()
        elapsed = time.perf_counter() - start
        if cleanup is not None:
            cleanup(result)
        if run >= WARMUP:
            samples.append(elapsed)
    return samples


@contextmanager
def unlocked(folder: Path) -> Iterator[Vault]:
    vault = Vault(folder)
    vault.unlock(PASSPHRASE)
    try:
        yield vault
    finally:
        vault.lock()


def write_atomically(path: Path, text: str) -> None:
    temp = path.with_name(path.name + ".tmp")
    temp.write_text(text, encoding="utf-8")
    temp.replace(path)


# --- whole processes ------------------------------------------------------------


@dataclass(frozen=True)
class ProcessRun:
    wall_s: float
    maxrss_kib: int


def cli_path() -> Path:
    beside = Path(sys.executable).with_name("therapy-journal")
    found = beside if beside.exists() else shutil.which("therapy-journal")
    if found is None:
        sys.exit("therapy-journal is not installed; run this with the project's .venv/bin/python")
    return Path(found)


def run_process(argv: list[str]) -> ProcessRun:
    """Run ``argv`` through the launcher; fail loudly if it fails."""
    launcher = subprocess.run(
        [sys.executable, "-I", "-S", "-c", LAUNCHER, *argv],
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(launcher.stdout)
    if report["exit"] != 0:
        sys.exit(f"{' '.join(argv)} exited with {report['exit']}:\n{launcher.stderr}")
    return ProcessRun(report["wall_s"], report["maxrss_kib"])


# --- corpus and words -----------------------------------------------------------


@dataclass(frozen=True)
class Words:
    """Search words picked from a corpus by document frequency (df)."""

    entries: int
    rare: str
    rare_df: int
    common: str
    common_df: int
    second: str
    second_df: int
    prefix: str

    @property
    def two_words(self) -> str:
        return f"{self.common} {self.second}"


def ensure_corpus(n: int, out: Path) -> Path:
    path = out / f"corpus-{n}.jsonl"
    if path.exists():
        return path
    if not CORPUS_SCRIPT.exists():
        sys.exit(f"The corpus generator {CORPUS_SCRIPT} is missing.")
    log(f"generating corpus of {n:,} entries")
    temp = path.with_name(path.name + ".tmp")
    with temp.open("wb") as handle:
        subprocess.run([sys.executable, str(CORPUS_SCRIPT), str(n)], stdout=handle, check=True)
    temp.replace(path)
    return path


def document_frequencies(corpus: Path) -> tuple[Counter[str], int]:
    """How many entries each token occurs in (title, body and tags, like the index)."""
    df: Counter[str] = Counter()
    entries = 0
    with corpus.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            text = " ".join([record["title"], record["body"], *record["tags"]]).lower()
            df.update(set(TOKEN.findall(text)))
            entries += 1
    return df, entries


def pick_words(corpus: Path) -> Words:
    """Deterministic choices; ties go to the alphabetically first word.

    rare: the lowest df of at least :data:`RARE_MIN_DF`; common and second: the
    two highest df; prefix: the first three letters of the most common word
    longer than three letters, then ``*``.
    """
    df, entries = document_frequencies(corpus)
    by_rarity = sorted((count, word) for word, count in df.items() if count >= RARE_MIN_DF)
    by_commonness = sorted(df.items(), key=lambda item: (-item[1], item[0]))
    (common, common_df), (second, second_df) = by_commonness[:2]
    stem = next(word for word, _ in by_commonness if len(word) > 3)[:3]
    return Words(
        entries=entries,
        rare=by_rarity[0][1],
        rare_df=by_rarity[0][0],
        common=common,
        common_df=common_df,
        second=second,
        second_df=second_df,
        prefix=stem + "*",
    )


def ensure_words(n: int, corpus: Path, out: Path) -> Words:
    path = out / f"words-{n}.json"
    if path.exists():
        return Words(**json.loads(path.read_text(encoding="utf-8")))
    log(f"scanning corpus of {n:,} entries for search words")
    words = pick_words(corpus)
    write_atomically(path, json.dumps(asdict(words), indent=2))
    return words


# --- vault ----------------------------------------------------------------------

# What each migration statement makes or adds, to take a copy back to an older version.
CREATED = re.compile(r"CREATE\s+(TABLE|INDEX|VIRTUAL\s+TABLE|TRIGGER)\s+(\w+)", re.IGNORECASE)
ADDED = re.compile(r"ALTER\s+TABLE\s+(\w+)\s+ADD\s+COLUMN\s+(\w+)", re.IGNORECASE)


# The app's migrations, kept here: measure_migration puts older ones in their
# place for the time it measures.
EVERY_MIGRATION = list(migrations.MIGRATIONS)


def older_migrations() -> list[list[migrations.Step]]:
    """The migrations before the one that packs bodies (issue 20), which the
    migration figure measures; packing, the index's rebuild and the compaction
    are measured on their own (README, "Disk") and cannot be taken back."""
    return EVERY_MIGRATION[: EVERY_MIGRATION.index(migrations.PACK_BODIES)]


def undo_statements(after: int) -> list[str]:
    """What undoes the migrations after version ``after`` (up to the one that
    packs bodies), newest first: their tables, indexes and triggers dropped,
    the columns they added dropped."""
    undo = []
    for statements in older_migrations()[after:]:
        for statement in statements:
            if not isinstance(statement, str):
                continue
            created = CREATED.match(statement.strip())
            added = ADDED.match(statement.strip())
            if created:
                undo.append(f"DROP {created[1].split()[-1].upper()} IF EXISTS {created[2]}")
            elif added:
                undo.append(f"ALTER TABLE {added[1]} DROP COLUMN {added[2]}")
    return undo[::-1]


def latest_schema() -> dict[str, str]:
    """Each schema object's SQL as the migrations leave it (ALTERs included),
    made in an empty in-memory database."""
    conn = sqlcipher3.connect(":memory:")
    textpack.register(conn)
    try:
        for statements in migrations.MIGRATIONS:
            for statement in statements:
                if isinstance(statement, str):
                    conn.execute(statement)
        return {
            str(name): str(sql)
            for name, sql in conn.execute("SELECT name, sql FROM sqlite_master")
            if sql is not None
        }
    finally:
        conn.close()


def stale_schema(db: Database) -> list[str]:
    """Names whose definition in the vault differs from the migrations' (a vault
    cached before a migration changed, e.g. an index given more columns)."""
    stored = dict(db.query("SELECT name, sql FROM sqlite_master"))
    return [
        name
        for name, statement in latest_schema().items()
        if " ".join(str(stored.get(name)).split()) != " ".join(statement.split())
    ]


def passphrase_file(out: Path) -> Path:
    path = out / "passphrase.txt"
    if not path.exists():
        write_atomically(path, PASSPHRASE + "\n")
        path.chmod(0o600)
    return path


def unlocked_command(cli: Path, folder: Path, out: Path, *command: str) -> list[str]:
    """``therapy-journal`` on the vault ``folder`` with the benchmark passphrase."""
    secret = passphrase_file(out)
    return [str(cli), "--vault", str(folder), "--passphrase-file", str(secret), *command]


def ensure_vault(n: int, corpus: Path, out: Path, cli: Path) -> ProcessRun:
    """The vault for N (built with the CLI if not cached) and its import run."""
    folder, record = out / f"vault-{n}", out / f"vault-{n}.json"
    if folder.exists() and record.exists():
        return ProcessRun(**json.loads(record.read_text(encoding="utf-8")))
    shutil.rmtree(folder, ignore_errors=True)
    secret = passphrase_file(out)
    log(f"building vault of {n:,} entries (default KDF)")
    init = subprocess.run(
        [str(cli), "--vault", str(folder), "init", "--new-passphrase-file", str(secret)],
        capture_output=True,
        text=True,
        check=False,
    )
    if init.returncode != 0:
        sys.exit(f"therapy-journal init failed ({init.returncode}):\n{init.stderr}")
    run = run_process(unlocked_command(cli, folder, out, "import", "--from", "jsonl", str(corpus)))
    log(f"imported {n:,} entries in {run.wall_s:.1f} s")
    write_atomically(record, json.dumps(asdict(run)))
    return run


def clear_cache(n: int, out: Path) -> None:
    shutil.rmtree(out / f"vault-{n}", ignore_errors=True)
    for name in (f"vault-{n}.json", f"words-{n}.json", f"corpus-{n}.jsonl"):
        (out / name).unlink(missing_ok=True)


# --- in-process measurements ----------------------------------------------------


def empty_page_cache(db: Database) -> None:
    """Drop the connection's page cache, so the next query decrypts its pages
    again as the first one after unlock does (the OS cache stays warm)."""
    db.execute("PRAGMA shrink_memory")


Samples = dict[str, list[float]]


def measure_unlock(folder: Path, repeat: int) -> Samples:
    """KDF alone, the whole of ``Vault.unlock``, and what unlock does after the KDF
    (open and key the database, check the schema version) measured directly."""
    vault = Vault(folder)
    keyfile = KeyFile.load(vault.key_path)
    key = bytes(keyfile.unwrap_with_passphrase(PASSPHRASE))

    def open_database() -> Database:
        db = Database.open(
            vault.db_path, key, create=False, compatibility=keyfile.sqlcipher_compatibility
        )
        migrations.apply(db)
        return db

    def kdf() -> bytearray:
        return KeyFile.load(vault.key_path).unwrap_with_passphrase(PASSPHRASE)

    # The KDF's CPU time over all the process's threads: Argon2id's lanes run
    # in threads, so on two cores its wall time is about half its CPU time.
    kdf_cpu: list[float] = []

    def kdf_counted() -> bytearray:
        start = time.process_time()
        key = kdf()
        kdf_cpu.append(time.process_time() - start)
        return key

    walls = timed(kdf_counted, repeat)
    return {
        "kdf": walls,
        "kdf_cpu": kdf_cpu[WARMUP:],
        "unlock_total": timed(lambda: vault.unlock(PASSPHRASE), repeat, lambda _: vault.lock()),
        "unlock_open": timed(open_database, repeat, lambda db: db.close()),
    }


def cursor_at(journal: JournalService, entry_id: int) -> PageCursor:
    return PageCursor(created_utc=utc_micros(journal.get(entry_id).created), id=entry_id)


def measure_lists(journal: JournalService, repeat: int) -> Samples:
    """First and deep pages, for the whole journal and for one tag; ids and summaries.

    The deep page is the one after the middle entry in list order (entry 50,000
    of 100,000); the deep tag page is after the middle entry of the tag's list.
    Each deep page is checked to start right after its cursor.
    """
    everything, by_tag = EntryFilter(), date_filter(tag=TAG)
    ids, tag_ids = journal.ids(everything), journal.ids(by_tag)
    middle, tag_middle = len(ids) // 2, len(tag_ids) // 2
    deep = cursor_at(journal, ids[middle - 1])
    tag_deep = cursor_at(journal, tag_ids[tag_middle - 1])
    assert journal.page(everything, deep, PAGE_LIMIT).items[0].id == ids[middle]
    assert journal.page(by_tag, tag_deep, PAGE_LIMIT).items[0].id == tag_ids[tag_middle]
    some_ids = list(ids[middle : middle + PAGE_LIMIT])
    assert len(journal.summaries(some_ids)) == PAGE_LIMIT
    return {
        "page_first": timed(lambda: journal.page(everything, None, PAGE_LIMIT), repeat),
        "page_deep": timed(lambda: journal.page(everything, deep, PAGE_LIMIT), repeat),
        "page_tag_first": timed(lambda: journal.page(by_tag, None, PAGE_LIMIT), repeat),
        "page_tag_deep": timed(lambda: journal.page(by_tag, tag_deep, PAGE_LIMIT), repeat),
        "ids": timed(lambda: journal.ids(everything), repeat),
        "summaries": timed(lambda: journal.summaries(some_ids), repeat),
    }


def search_queries(words: Words) -> dict[str, str]:
    return {
        "search_rare": words.rare,
        "search_common": words.common,
        "search_prefix": words.prefix,
        "search_two": words.two_words,
    }


def measure_searches(journal: JournalService, words: Words, repeat: int) -> Samples:
    samples: Samples = {}
    for key, query in search_queries(words).items():
        if not journal.search(query, limit=SEARCH_LIMIT):
            sys.exit(f"searching {query!r} found nothing; the vault does not match its corpus")
        samples[key] = timed(partial(journal.search, query, limit=SEARCH_LIMIT), repeat)
    return samples


def measure_progress(vault: Vault, repeat: int) -> Samples:
    """The progress charts and streaks, as of the corpus's last day: warm, and
    with the page cache emptied before each run (the first chart after unlock)."""
    progress = ProgressService(vault)
    today = progress.activity()[-1].day
    year = Span.YEAR.start(today)
    if len(progress.mood_days(year, today)) < 300:
        sys.exit("the corpus's last year has too few days for a year's chart")
    actions: dict[str, Callable[[], object]] = {
        "progress_mood_year": lambda: progress.mood_days(year, today),
        "progress_mood_all": progress.mood_days,
        "progress_activity_all": progress.activity,
        "progress_streaks": lambda: progress.streaks(today),
    }
    samples: Samples = {}
    for key, action in actions.items():
        samples[key] = timed(action, repeat)
        samples[key + "_cold"] = timed(action, repeat, lambda _: empty_page_cache(vault.db))
    return samples


def take_back(db: Database, version: int) -> None:
    """Drop what the migrations after ``version`` made and mark the schema
    ``version``. Only for a throwaway copy: it drops tables with what they hold."""
    with db.transaction():
        for statement in undo_statements(after=version):
            db.execute(statement)
        db.execute(f"PRAGMA user_version = {version}")


def measure_migration(folder: Path, out: Path) -> Samples:
    """``migrations.apply`` from :data:`MIGRATE_FROM` to the latest version, as
    unlock runs it on an older vault, with the page cache emptied first.

    It runs on a copy of the database taken back to that version (its newer
    tables and indexes dropped), so the cached vault is left as it is.
    """
    vault = Vault(folder)
    keyfile = KeyFile.load(vault.key_path)
    key = bytes(keyfile.unwrap_with_passphrase(PASSPHRASE))
    with tempfile.TemporaryDirectory(dir=out, prefix="migration-") as temp:
        copy = Path(temp) / vault.db_path.name
        for part in folder.glob(vault.db_path.name + "*"):  # with its -wal, if any
            shutil.copyfile(part, Path(temp) / part.name)
        db = Database.open(copy, key, create=False, compatibility=keyfile.sqlcipher_compatibility)

        def back_to_old(_: object = None) -> None:
            take_back(db, MIGRATE_FROM)
            empty_page_cache(db)

        every, older = migrations.MIGRATIONS, older_migrations()
        try:
            migrations.MIGRATIONS, migrations.LATEST = older, len(older)
            back_to_old()
            samples = timed(lambda: migrations.apply(db), MIGRATION_REPEAT, back_to_old)
        finally:
            migrations.MIGRATIONS, migrations.LATEST = every, len(every)
            db.close()
    return {"migrate": samples}


def pdf_renderer() -> Callable[..., Any] | None:
    """The report's PDF maker as ``therapy-journal export`` finds it (render/,
    imported only when it is there); None means the bundles carry the HTML report only."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        module = importlib.import_module("therapy_journal.render.pdf")
    except ImportError:
        return None
    renderer: Callable[..., Any] | None = getattr(module, "render_pdf", None)
    return renderer


def scrypt_alone(bundle: bytes) -> float:
    """Seconds of age's scrypt for this passphrase file alone, at its own work factor.

    It decrypts the file's header with an empty payload (just the 16-byte nonce):
    pyrage runs scrypt, checks the header's MAC and stops at the missing payload.
    age picks the work factor by timing the machine, so one export may get 19 and
    the next 20, which costs twice as much; this is why each run is compared with
    its own file's scrypt, not with ``pyrage.passphrase.encrypt`` of an empty file.
    """
    header_end = bundle.index(b"\n", bundle.index(b"\n--- ") + 1) + 1
    tiny = bundle[: header_end + 16]
    start = time.perf_counter()
    try:
        pyrage.passphrase.decrypt(tiny, PASSPHRASE)
    except pyrage.DecryptError as error:
        elapsed = time.perf_counter() - start
        if "truncated" not in str(error):
            sys.exit(f"timing scrypt alone failed before the payload: {error}")
        return elapsed
    sys.exit("a bundle without its payload decrypted; scrypt alone was not timed")


def measure_sharing_to_a_key(vault: Vault, out: Path, selection: Selection, repeat: int) -> Samples:
    """The same export and open to an age key (X25519: microseconds, no KDF):
    what the passphrase figures beyond scrypt should come to, without the noise of
    subtracting a second or two of scrypt."""
    identity = pyrage.x25519.Identity.generate()
    recipient, secret = str(identity.to_public()), str(identity)
    shares = ShareService(vault)
    render = pdf_renderer()
    with tempfile.TemporaryDirectory(dir=out, prefix="share-key-") as temp:
        bundle = Path(temp) / "bundle.age"

        def export() -> None:
            bundle.unlink(missing_ok=True)
            shares.export(selection, bundle, recipients=[recipient], render_pdf=render)

        exported = timed(export, repeat)
        opened = timed(partial(open_bundle, bundle, identities=[secret]), repeat)
    return {"share_export_key": exported, "share_open_key": opened}


@contextmanager
def timing_age_passphrase() -> Iterator[list[float]]:
    """Seconds of each call the app makes to age's passphrase encryption or
    decryption (``pyrage.passphrase``: scrypt, then the payload's cipher), timed
    around the call inside the same export or open: what the share itself does
    is the rest, without subtracting a second run of scrypt that a 1 GiB
    allocation makes vary by a tenth of a second either way."""
    from types import SimpleNamespace  # noqa: PLC0415

    from therapy_journal.services.sharing import age as age_module  # noqa: PLC0415

    real = age_module.age_passphrase
    calls: list[float] = []

    def timed_call(function: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args)
            finally:
                calls.append(time.perf_counter() - start)

        return call

    age_module.age_passphrase = SimpleNamespace(  # type: ignore[assignment]
        encrypt=timed_call(real.encrypt), decrypt=timed_call(real.decrypt)
    )
    try:
        yield calls
    finally:
        age_module.age_passphrase = real


def measure_sharing(vault: Vault, out: Path, repeat: int) -> Samples:
    """Export the newest :data:`SHARE_ENTRIES` entries with the report to a
    passphrase, and open that bundle, each beyond age's scrypt: each run less
    :func:`scrypt_alone` of the file it wrote or read, timed right after it (so
    the two see the same load on a shared machine)."""
    journal = JournalService(vault)
    ids = tuple(journal.ids()[:SHARE_ENTRIES])
    selection = Selection(entry_ids=ids)
    shares = ShareService(vault)
    render = pdf_renderer()
    export_s: list[float] = []
    export_kdf: list[float] = []
    export_age: list[float] = []
    factors: list[int] = []
    with tempfile.TemporaryDirectory(dir=out, prefix="share-") as temp:
        bundle = Path(temp) / "bundle.age"
        for run in range(WARMUP + SHARE_REPEAT):
            bundle.unlink(missing_ok=True)
            with timing_age_passphrase() as age_calls:
                start = time.perf_counter()
                shares.export(selection, bundle, passphrase=PASSPHRASE, render_pdf=render)
                elapsed = time.perf_counter() - start
            if len(age_calls) != 1:
                sys.exit(f"the export called age's passphrase encryption {len(age_calls)} times")
            if run >= WARMUP:
                data = bundle.read_bytes()
                export_s.append(elapsed)
                export_age.append(age_calls[0])
                export_kdf.append(scrypt_alone(data))
                factors.append(scrypt_work_factor(data) or 0)
        opened = open_bundle(bundle, passphrase=PASSPHRASE)
        if len(opened.entries) != len(ids):
            sys.exit(f"the bundle holds {len(opened.entries)} entries, not {len(ids)}")
        data = bundle.read_bytes()
        open_s: list[float] = []
        open_kdf: list[float] = []
        open_age: list[float] = []
        for run in range(WARMUP + SHARE_REPEAT):
            with timing_age_passphrase() as age_calls:
                start = time.perf_counter()
                open_bundle(bundle, passphrase=PASSPHRASE)
                elapsed = time.perf_counter() - start
            if len(age_calls) != 1:
                sys.exit(f"the open called age's passphrase decryption {len(age_calls)} times")
            if run >= WARMUP:  # each open paired with scrypt alone right after it
                open_s.append(elapsed)
                open_age.append(age_calls[0])
                open_kdf.append(scrypt_alone(data))
    return {
        **measure_sharing_to_a_key(vault, out, selection, repeat),
        "share_export": export_s,
        "share_export_kdf": export_kdf,
        "share_export_age": export_age,
        "share_export_beyond": [t - k for t, k in zip(export_s, export_age, strict=True)],
        "share_open": open_s,
        "share_open_kdf": open_kdf,
        "share_open_age": open_age,
        "share_open_beyond": [t - k for t, k in zip(open_s, open_age, strict=True)],
        "share_work_factors": [float(f) for f in factors],
        "share_bundle_bytes": [float(len(data))],
        "share_pdf": [1.0 if render is not None else 0.0],
    }


def measure_hostile(out: Path, repeat: int) -> Samples:
    """Received bundles crafted to freeze the app (issue 14): how fast each is
    refused, or rendered in part. The files are built with the test suite's
    helpers (tests/helpers/bundles.py), written to a temporary folder and
    opened with :func:`open_bundle` as the app opens them."""
    sys.path.insert(0, str(REPO))
    from tests.helpers.bundles import (  # noqa: PLC0415  # test helpers, only here
        DEEP_QUOTES,
        TEN_MB_BODY,
        age_file,
        many_recipients,
        zip_claiming,
        zip_with_index,
    )

    identity = pyrage.x25519.Identity.generate()
    public, secret = str(identity.to_public()), str(identity)
    crafted = {
        "hostile_header": many_recipients(10_000, public),
        "hostile_index_claim": age_file(zip_claiming(5_000_000), public),
        "hostile_index_real": age_file(zip_with_index(1_000_000), public),
    }
    samples: Samples = {}
    with tempfile.TemporaryDirectory(dir=out, prefix="hostile-") as temp:
        for key, data in crafted.items():
            path = Path(temp) / f"{key}.age"
            path.write_bytes(data)

            def refuse(path: Path = path) -> None:
                try:
                    open_bundle(path, identities=[secret])
                except BundleDamaged:
                    return
                sys.exit(f"{path.name} was not refused")

            samples[key] = timed(refuse, repeat)
    samples["hostile_render_10mb"] = timed(lambda: render_markdown(TEN_MB_BODY), repeat)
    samples["hostile_render_quotes"] = timed(lambda: render_markdown(DEEP_QUOTES), repeat)
    return samples


def measure_backup(folder: Path, out: Path) -> Samples:
    """A backup of the vault to one file (snapshot, pack, test restore), and the
    restore of that file into a new folder (check, KDF, extract, open and check).
    The files go to a temporary folder under ``out`` (the same disk) and are
    removed; each backup records its test in the cached vault's meta table."""
    with tempfile.TemporaryDirectory(dir=out, prefix="backup-") as temp:
        target, restored = Path(temp) / "vault.tjbackup", Path(temp) / "restored"
        with unlocked(folder) as vault:
            service = BackupService(vault)
            backup = timed(lambda: service.backup(target), BACKUP_REPEAT)
        again = timed(
            lambda: restore(target, restored, passphrase=PASSPHRASE),
            BACKUP_REPEAT,
            lambda _: shutil.rmtree(restored),
        )
    return {"backup": backup, "restore": again}


def measure_check(folder: Path) -> Samples:
    """The full check (`check`, Check vault) of the vault, on connections of its own."""
    with unlocked(folder) as vault:
        return {"check": timed(lambda: integrity.check_vault(vault), CHECK_REPEAT)}


def flip_page(db: Path, page: int) -> None:
    """Flip one bit in the middle of ``page``: its HMAC fails, SQLCipher refuses it."""
    with db.open("r+b") as handle:
        handle.seek((page - 1) * PAGE_SIZE + PAGE_SIZE // 2)
        byte = handle.read(1)[0]
        handle.seek(-1, os.SEEK_CUR)
        handle.write(bytes([byte ^ 1]))


def entries_pages(vault: Vault) -> tuple[int, int]:
    """(a leaf page of the entries table near the middle of the file, its root page)."""
    root = int(vault.db.scalar("SELECT rootpage FROM sqlite_schema WHERE name = 'entries'"))
    with vault.open_pages() as pages:
        for number in range(pages.page_count // 2, pages.page_count + 1):
            page = pages.page(number)
            if page is None or page[0] != TABLE_LEAF:
                continue
            if any(looks_like_an_entry(row) for row in leaf_rows(pages, number, page)):
                return number, root
    sys.exit("no leaf page of entries found")


def measure_salvage(folder: Path, out: Path) -> Samples:
    """Salvage (as `therapy-journal salvage -o DIR`, Markdown) of a copy of the
    vault with one leaf page of the entries damaged, then with the root page of
    the entries damaged instead (every leaf then read from the pages)."""
    samples: Samples = {}
    with tempfile.TemporaryDirectory(dir=out, prefix="salvage-") as temp:
        damaged, saved = Path(temp) / "vault", Path(temp) / "saved"
        shutil.copytree(folder, damaged)
        with unlocked(damaged) as vault:
            leaf, root = entries_pages(vault)
        keyfile = KeyFile.load(Vault(damaged).key_path)  # as the CLI does, outside the timing
        key = keyfile.unwrap_with_passphrase(PASSPHRASE)
        source = Source.of_file(damaged, key, keyfile.sqlcipher_compatibility)
        for name, page in (("salvage_leaf", leaf), ("salvage_root", root)):
            flip_page(damaged / DB_NAME, page)
            samples[name] = timed(
                lambda: salvage(source, saved), SALVAGE_REPEAT, lambda _: shutil.rmtree(saved)
            )
            flip_page(damaged / DB_NAME, page)  # undone, for the next case
    return samples


def measure_cli_search(folder: Path, out: Path, cli: Path, word: str) -> list[ProcessRun]:
    argv = unlocked_command(cli, folder, out, "search", word)
    runs = [run_process(argv) for _ in range(WARMUP + CLI_REPEAT)]
    return runs[WARMUP:]


def check_cached(vault: Vault, n: int) -> None:
    count = JournalService(vault).count()
    if count != n:
        sys.exit(f"the cached vault for {n:,} holds {count:,} entries; use --rebuild")
    stale = stale_schema(vault.db)
    if stale:
        sys.exit(f"the cached vault for {n:,} has an old {', '.join(stale)}; use --rebuild")


def measure_size(
    n: int, out: Path, cli: Path, repeat: int, rebuild: bool, *, only: str | None = None
) -> dict[str, Any]:
    """Every figure for a vault of N entries, or with ``only="sharing"`` just the
    sharing rows (which need no year of data, so a quick run at 1,000 works)."""
    if rebuild:
        clear_cache(n, out)
    corpus = ensure_corpus(n, out)
    words = ensure_words(n, corpus, out)
    imported = ensure_vault(n, corpus, out, cli)
    folder = out / f"vault-{n}"
    samples: Samples = {"import": [imported.wall_s]}
    if only == "sharing":
        log(f"measuring an export of {min(n, SHARE_ENTRIES):,} entries and opening it")
        with unlocked(folder) as vault:
            check_cached(vault, n)
            samples.update(measure_sharing(vault, out, repeat))
        log("measuring hostile bundles: refusing them, and rendering in part")
        samples.update(measure_hostile(out, repeat))
        memory = {"import_rss": imported.maxrss_kib}
        return {"words": asdict(words), "samples": samples, "peak_memory_kib": memory}
    if only == "safety":
        samples.update(measure_safety(n, folder, out))
        memory = {"import_rss": imported.maxrss_kib}
        return {"words": asdict(words), "samples": samples, "peak_memory_kib": memory}
    if only == "export":
        samples.update(measure_export_all(n, folder, out))
        memory = {"import_rss": imported.maxrss_kib}
        return {"words": asdict(words), "samples": samples, "peak_memory_kib": memory}
    log(f"measuring {n:,} entries in process")
    samples.update(measure_unlock(folder, repeat))
    with unlocked(folder) as vault:
        check_cached(vault, n)
        journal = JournalService(vault)
        samples.update(measure_lists(journal, repeat))
        samples.update(measure_searches(journal, words, repeat))
        samples.update(measure_progress(vault, repeat))
        if only == "queries":
            memory = {"import_rss": imported.maxrss_kib}
            return {"words": asdict(words), "samples": samples, "peak_memory_kib": memory}
        log(f"measuring an export of {min(n, SHARE_ENTRIES):,} entries and opening it")
        samples.update(measure_sharing(vault, out, repeat))
    log("measuring hostile bundles: refusing them, and rendering in part")
    samples.update(measure_hostile(out, repeat))
    log(f"measuring the migration from schema version {MIGRATE_FROM} at {n:,} entries")
    samples.update(measure_migration(folder, out))
    samples.update(measure_safety(n, folder, out))
    log(f"measuring {n:,} entries as whole processes")
    runs = measure_cli_search(folder, out, cli, words.common)
    samples["cli_search"] = [run.wall_s for run in runs]
    memory = {"import_rss": imported.maxrss_kib, "cli_search_rss": max(r.maxrss_kib for r in runs)}
    return {"words": asdict(words), "samples": samples, "peak_memory_kib": memory}


EXPORT_REPEAT = 3  # each export at 100,000 entries writes 100,000 files or 180 MB


def measure_export_all(n: int, folder: Path, out: Path) -> Samples:
    """Export everything as Markdown and as JSON (in process, after the KDF),
    each into a new folder under ``out``, interleaved; the time includes the
    export's own sync of what it wrote.

    The folders are removed after the last run, not after each: on ext4
    without a journal (this machine's disk) the kernel avoids reusing an inode
    freed in the last minutes and checks those it passes over each time it
    makes a file (``find_inode_bit``/``recently_deleted`` in a profile), so an
    export made right after 100,000 files were deleted nearby can take several
    times as long (here up to 55 s instead of 6 to 9 s); that measures the
    benchmark's cleaning up, not the export."""
    from therapy_journal.services.export_all import export_json, export_markdown  # noqa: PLC0415

    log(f"measuring export-all at {n:,} entries ({EXPORT_REPEAT} each, interleaved)")
    samples: Samples = {"export_markdown": [], "export_json": []}
    with unlocked(folder) as vault, tempfile.TemporaryDirectory(dir=out) as scratch:
        check_cached(vault, n)
        for run in range(EXPORT_REPEAT):
            for key, export in (("export_markdown", export_markdown), ("export_json", export_json)):
                start = time.perf_counter()
                result = export(vault, Path(scratch) / f"{key}-{run}")
                samples[key].append(time.perf_counter() - start)
                assert result.entries == n, result
    return samples


def measure_safety(n: int, folder: Path, out: Path) -> Samples:
    """Backup, restore, the full check and salvage."""
    log(f"measuring backup and restore at {n:,} entries")
    samples = measure_backup(folder, out)
    log(f"measuring the full check at {n:,} entries")
    samples.update(measure_check(folder))
    log(f"measuring salvage of a damaged copy of {n:,} entries")
    samples.update(measure_salvage(folder, out))
    return samples


# --- report ---------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    unit: str  # "s" (seconds, from samples) or "kib" (peak memory)
    target: str = "—"
    # The limit in the row's unit for a size's results, when there is one.
    limit: Callable[[dict[str, Any]], float] | None = None


def median_of(result: dict[str, Any], key: str) -> float:
    return float(statistics.median(result["samples"][key]))


def has_value(result: dict[str, Any], row: Row) -> bool:
    return row.key in (result["peak_memory_kib"] if row.unit == "kib" else result["samples"])


def value_of(result: dict[str, Any], row: Row) -> float:
    return result["peak_memory_kib"][row.key] if row.unit == "kib" else median_of(result, row.key)


def ms_limit(ms: float) -> Callable[[dict[str, Any]], float]:
    return lambda _result: ms / 1000


ROWS = [
    Row("import", "import N entries (whole process)", "s", "— (issue 8: < 60 s)"),
    Row("import_rss", "import peak memory (whole process)", "kib"),
    Row("kdf", "unlock: KDF alone (key file load + Argon2id unwrap)", "s"),
    Row(
        "kdf_cpu",
        "unlock: KDF alone, CPU time of all threads (two cores: about twice the wall)",
        "s",
    ),
    Row("unlock_total", "unlock: `Vault.unlock` total", "s"),
    Row(
        "unlock_open",
        "unlock beyond KDF (open DB + migrations check)",
        "s",
        "< 100 ms",
        ms_limit(100),
    ),
    Row("page_first", "list: first page (50)", "s", "< 20 ms", ms_limit(20)),
    Row("page_deep", "list: page after the middle entry (keyset)", "s", "< 20 ms", ms_limit(20)),
    Row("page_tag_first", f"list: first page of tag '{TAG}'", "s", "< 20 ms", ms_limit(20)),
    Row(
        "page_tag_deep", f"list: page after the middle of tag '{TAG}'", "s", "< 20 ms", ms_limit(20)
    ),
    Row("search_rare", "search: rare word", "s", "< 20 ms", ms_limit(20)),
    Row("search_common", "search: most common word", "s", "< 20 ms", ms_limit(20)),
    Row("search_prefix", "search: prefix (3 letters + `*`)", "s", "< 20 ms", ms_limit(20)),
    Row("search_two", "search: two common words", "s", "< 20 ms", ms_limit(20)),
    Row("ids", "`ids()` of all entries", "s"),
    Row("summaries", "`summaries()` of 50 ids", "s"),
    *(
        Row(key + cache, label + when, "s", "< 100 ms", ms_limit(100))
        for key, label in (
            ("progress_mood_year", "progress: `mood_days` for a year"),
            ("progress_mood_all", "progress: `mood_days` all time"),
            ("progress_activity_all", "progress: `activity` all time"),
            ("progress_streaks", "progress: `streaks` (reads all time)"),
        )
        for cache, when in (("", ""), ("_cold", ", page cache emptied"))
    ),
    Row(
        "migrate",
        f"unlock of a v{MIGRATE_FROM} vault: migrating to v{len(older_migrations())}",
        "s",
    ),
    Row(
        "backup",
        "backup to one file, with the full check of its snapshot and its test restore",
        "s",
        "< 10 s",
        ms_limit(10_000),
    ),
    Row(
        "restore",
        "restore of that file into a new folder, with the full check",
        "s",
        "< 10 s",
        ms_limit(10_000),
    ),
    Row("check", "the full check (`check`, Check vault)", "s"),
    Row(
        "export_markdown",
        "export-all as Markdown (one file per entry, synced)",
        "s",
        "< 10 s",
        ms_limit(10_000),
    ),
    Row("export_json", "export-all as JSON (one file, synced)", "s", "< 4 s", ms_limit(4_000)),
    Row("salvage_leaf", "salvage of a copy with one leaf page of entries damaged", "s"),
    Row("salvage_root", "salvage of a copy with the entries' root page damaged", "s"),
    Row(
        "share_export",
        f"share: export the newest {SHARE_ENTRIES:,} entries with the report to a passphrase",
        "s",
    ),
    Row(
        "share_export_age", "share: … of which age's passphrase encryption (scrypt and cipher)", "s"
    ),
    Row(
        "share_export_kdf",
        "share: … age's scrypt alone, timed right after (the file's own work factor)",
        "s",
    ),
    Row(
        "share_export_beyond",
        "share: … export beyond age's passphrase encryption",
        "s",
        "< 3 s",
        ms_limit(3000),
    ),
    Row("share_open", f"share: open that bundle ({SHARE_ENTRIES:,} entries)", "s"),
    Row("share_open_age", "share: … of which age's passphrase decryption (scrypt and cipher)", "s"),
    Row("share_open_kdf", "share: … age's scrypt alone, timed right after", "s"),
    Row(
        "share_open_beyond",
        "share: … open beyond age's passphrase decryption",
        "s",
        "< 3 s",
        ms_limit(3000),
    ),
    Row("share_export_key", "share: the same export to an age key (no KDF)", "s"),
    Row("share_open_key", "share: opening that with the key (no KDF)", "s"),
    Row(
        "hostile_header",
        "received: refuse an age header of 20,000 recipient lines",
        "s",
        "< 100 ms",
        ms_limit(100),
    ),
    Row(
        "hostile_index_claim",
        "received: refuse a ZIP index that claims 5,000,000 files",
        "s",
        "< 100 ms",
        ms_limit(100),
    ),
    Row(
        "hostile_index_real",
        "received: refuse a ZIP index that lists 1,000,000 files (55 MB, decrypted first)",
        "s",
        "< 3 s",
        ms_limit(3000),
    ),
    Row(
        "hostile_render_10mb",
        "received: render the first 50,000 characters of a 10 MB entry",
        "s",
        "< 100 ms",
        ms_limit(100),
    ),
    Row(
        "hostile_render_quotes",
        "received: render 5,000 nested quotes",
        "s",
        "< 100 ms",
        ms_limit(100),
    ),
    Row(
        "cli_search",
        "`therapy-journal search` common word (whole process, wall)",
        "s",
        "< KDF + 0.5 s",
        lambda result: median_of(result, "kdf") + 0.5,
    ),
    Row(
        "cli_search_rss",
        "`therapy-journal search` peak memory",
        "kib",
        "< 150 MiB",
        lambda _result: 150 * 1024,
    ),
]


def format_value(value: float, unit: str) -> str:
    if unit == "kib":
        return f"{value / 1024:.0f} MiB"
    if value >= 1:
        return f"{value:.2f} s"
    ms = value * 1000
    return f"{ms:.2f} ms" if ms < 10 else f"{ms:.1f} ms"


def target_cell(row: Row, results: dict[int, dict[str, Any]]) -> str:
    """The target, and whether the run at :data:`TARGET_SIZE` met it."""
    result = results.get(TARGET_SIZE)
    if row.limit is None or result is None or not has_value(result, row):
        return row.target
    limit = row.limit(result)
    shown = row.target
    if row.key == "cli_search":
        shown += f" = {format_value(limit, row.unit)}"
    verdict = "met" if value_of(result, row) < limit else "**missed**"
    return f"{shown} ({verdict})"


def render_table(results: dict[int, dict[str, Any]]) -> str:
    sizes = sorted(results)
    header = ["Measurement", *(f"{n:,} entries" for n in sizes), "Target"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in ROWS:
        if not any(has_value(results[n], row) for n in sizes):
            continue  # not measured in this run (--only)
        cells = [
            format_value(value_of(results[n], row), row.unit) if has_value(results[n], row) else "—"
            for n in sizes
        ]
        lines.append("| " + " | ".join([row.label, *cells, target_cell(row, results)]) + " |")
    return "\n".join(lines)


def render_words(results: dict[int, dict[str, Any]]) -> str:
    lines = []
    for n in sorted(results):
        w = Words(**results[n]["words"])
        lines.append(
            f"- {n:,} entries: rare `{w.rare}` (in {w.rare_df:,} entries), "
            f"most common `{w.common}` (in {w.common_df:,}), prefix `{w.prefix}`, "
            f"two words `{w.two_words}` (second in {w.second_df:,})"
        )
    return "\n".join(lines)


NOTES = f"""\
Notes:
- In-process figures are medians of {{repeat}} runs after {WARMUP} warm-up, on a warm
  cache (the OS page cache and SQLCipher's page cache of the open connection).
- "Unlock beyond KDF" is measured directly: `Database.open` with the unwrapped key
  (keying, first read of the schema, pragmas) plus `migrations.apply`, exactly what
  `Vault.unlock` does after the KDF. `Vault.unlock` total is shown for comparison.
- Searches ask for {SEARCH_LIMIT} hits with snippets, as the CLI does. Words are picked
  from each corpus by document frequency: the rarest word found in at least
  {RARE_MIN_DF} entries, the two most common words, and a 3-letter prefix of the most
  common word longer than 3 letters.
- Whole-process search: median wall time of {CLI_REPEAT} runs after {WARMUP} warm-up
  (Python start-up, imports, KDF, open, search, output); peak memory is the highest
  `ru_maxrss` of those runs.
- Progress figures are taken as of the corpus's last day (a year: that day and the
  364 before). "Page cache emptied": `PRAGMA shrink_memory` before each run, so the
  query decrypts its pages again like the first one after unlock (the OS cache is warm).
- Migration: `migrations.apply` on a copy of the vault taken back to schema v{MIGRATE_FROM}
  (the newer tables and indexes dropped), page cache emptied first; median of
  {MIGRATION_REPEAT} runs after {WARMUP} warm-up. It is what unlock adds, once, to an
  older vault; most of it is building the `entries_day` index over every entry. It
  stops before the migration that packs bodies (issue 20), which cannot be taken back
  and is measured on its own (README, "Disk").
- Sharing: `ShareService.export` of the newest {SHARE_ENTRIES:,} entries (all of them in
  a smaller vault) with the report to an age passphrase, and `open_bundle` of that file;
  medians of {SHARE_REPEAT} runs after {WARMUP} warm-up. Each run's call to age's passphrase
  encryption or decryption (`pyrage.passphrase`: scrypt, then the payload's cipher) is
  timed inside that run, and "beyond" is the median of each run less that call: the
  bundle's own work (reading the entries, the report, the ZIP, the checks). age picks
  its scrypt work factor by timing the machine, and one step more doubles the cost, so
  scrypt alone is also timed right after each run on the very file it wrote or read
  (its header decrypted with an empty payload, which runs scrypt and stops); a second
  run of scrypt, with its 1 GiB, varies by a tenth of a second, so it is shown, not
  subtracted. The same export and open to an age key (no KDF at all; medians of
  {{repeat}} runs) give the bundle's own work directly.
- Backup: `BackupService.backup` (a snapshot: the vault's files copied as they are,
  still encrypted; the ZIP written and sealed, hashing each byte once, and read
  back while the snapshot gets the full check on the other core:
  every page's HMAC, every table's `integrity_check`, the schema, the search
  index's ids). Restore: `restore` into a new folder (the whole file checked, one
  Argon2id derivation, the database extracted and given the same full check).
  Medians of {BACKUP_REPEAT} runs after {WARMUP} warm-up; the backup file is the size
  of `journal.db` plus about 2 KiB.
- Full check: `integrity.check_vault` as `check` runs it (pages, every table's
  `integrity_check`, schema, FTS5's own `integrity-check` against the entries, on
  two threads); median of {CHECK_REPEAT} runs after {WARMUP} warm-up.
- Salvage: `salvage` (Markdown, one file per entry, as `therapy-journal salvage -o
  DIR`) of a copy of the vault with one bit flipped in a leaf page of the entries
  (SQLite reads the rest by ranges; the entries on that page come back from the
  search index's words; the pages are also read one by one), then with the root
  page of the entries damaged instead (SQLite reaches no entry; every leaf page is
  decrypted and read directly). One run each after {WARMUP} warm-up.
- Targets are for {TARGET_SIZE:,} entries; "met"/"missed" refers to that column."""


def machine_info(vault_key: Path) -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    probe = sqlcipher3.connect(":memory:")
    cipher, sqlite = probe.execute("PRAGMA cipher_version").fetchone()[0], sqlcipher3.sqlite_version
    probe.close()
    kdf = KeyFile.load(vault_key).passphrase_kdf
    return (
        f"Machine: {os.cpu_count()} CPUs ({model}), Python {platform.python_version()}, "
        f"SQLCipher {cipher} (SQLite {sqlite}), therapy-journal {__version__}, "
        f"Argon2id {kdf.memory_kib // 1024} MiB / {kdf.iterations} passes / {kdf.lanes} lanes."
    )


def render_sharing(results: dict[int, dict[str, Any]]) -> str:
    lines = []
    for n in sorted(results):
        samples = results[n]["samples"]
        if "share_pdf" not in samples:
            continue  # not measured in this run (--only safety)
        pdf = "HTML and PDF" if samples["share_pdf"][0] else "HTML only (no PDF maker found)"
        kib = samples["share_bundle_bytes"][0] / 1024
        factors = ", ".join(str(int(f)) for f in samples["share_work_factors"])
        lines.append(
            f"- {n:,} entries: the report was {pdf}; the bundle of "
            f"{min(n, SHARE_ENTRIES):,} entries is {kib:,.0f} KiB; scrypt work factors "
            f"of the exports: {factors}"
        )
    return "\n".join(lines)


def report(results: dict[int, dict[str, Any]], repeat: int, machine: str) -> str:
    return (
        "\n\n".join(
            [
                machine,
                render_table(results),
                "Search words:\n" + render_words(results),
                "Bundles:\n" + render_sharing(results),
                NOTES.format(repeat=repeat),
            ]
        )
        + "\n"
    )


# --- main -----------------------------------------------------------------------


def base_parser(doc: str) -> argparse.ArgumentParser:
    """The options every benchmark here shares: --sizes and --out."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=lambda text: [int(part) for part in text.split(",")],
        default=list(DEFAULT_SIZES),
        help="comma-separated vault sizes (default: 10000,100000)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help="cache and results folder (default: benchmarks/out)",
    )
    return parser


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = base_parser(__doc__)
    parser.add_argument("--repeat", type=int, default=15, help="timed runs per in-process figure")
    parser.add_argument(
        "--rebuild",
        action="store_true",
        help="regenerate corpora and rebuild vaults instead of using the cache",
    )
    parser.add_argument(
        "--only",
        choices=("sharing", "safety", "export", "queries"),
        help="measure only these rows (sharing: export and open a bundle, works at 1000; "
        "safety: backup, restore, the full check, salvage; export: export-all; "
        "queries: unlock, lists, searches and progress in process)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    cli = cli_path()
    results = {
        n: measure_size(n, out, cli, args.repeat, args.rebuild, only=args.only) for n in args.sizes
    }
    machine = machine_info(Vault(out / f"vault-{max(args.sizes)}").key_path)
    text = report(results, args.repeat, machine)
    print(text)
    write_atomically(out / "results.md", text)
    raw = {
        "machine": machine,
        "repeat": args.repeat,
        "warmup": WARMUP,
        "sizes": {str(n): results[n] for n in sorted(results)},
    }
    write_atomically(out / "results.json", json.dumps(raw, indent=2))
    log(f"wrote {out / 'results.md'} and {out / 'results.json'}")


if __name__ == "__main__":
    main()
