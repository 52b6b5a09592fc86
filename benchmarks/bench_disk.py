"""Disk use of the vault: its parts, and the designs measured for issue 20.

Two measurements, both on the synthetic corpus (``../shared/bench/corpus.py N``):

``parts VAULT``
    The size of each table and index of a vault's ``journal.db`` against the
    entries' text (titles and bodies, UTF-8), counted page by page: each page
    is decrypted in memory (``tests/helpers/pages.py``) and SQLite's ``dbstat``
    says what it holds. Nothing plaintext is written. Checkpoint the vault
    first (any command that opens it does on close).

``designs CORPUS``
    Builds throwaway SQLCipher databases (random key, the app's cipher
    settings) holding only the search index, or only the entries table, in
    the variants the README's "Disk" section compares, and prints each one's
    size against the text and (for the index) the median time of the app's
    search query for a rare word, ``ka*``, ``ora*``, ``oran*``, a common
    word and two; a prefix of three letters or more both as FTS5 answers it
    and widened into words as the app's search does ("widened", the look-up
    of the words included; see store/entries.py).

    .venv/bin/python benchmarks/bench_disk.py parts benchmarks/out/vault-100000 \\
        --passphrase-file benchmarks/out/passphrase.txt
    .venv/bin/python benchmarks/bench_disk.py designs benchmarks/out/corpus-100000.jsonl
"""

from __future__ import annotations

import argparse
import json
import secrets
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import sqlcipher3

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.helpers.pages import PAGE_SIZE, page_owners

from therapy_journal.store import fts, textpack
from therapy_journal.store.db import Database
from therapy_journal.store.entries import EntryRepository
from therapy_journal.store.migrations import FTS_LEAF_BYTES

# (prefix indexes, leaf bytes or None for FTS5's default, merged into one segment)
INDEX_DESIGNS = [
    ("2 3", None, False),
    ("2 3", FTS_LEAF_BYTES, True),
    ("2", FTS_LEAF_BYTES, True),
    ("", FTS_LEAF_BYTES, True),
]
# (a query, and its prefix term widened into words as the app's search does:
# "... widened", the time including the look-up of the words)
# (zlib level or None for plain text, with the 200-character excerpt)
TABLE_DESIGNS = [(None, True), (6, True), (6, False), (9, False), (1, False)]
QUERIES = ['"umlofi"', '"ka"*', '"ora"*', '"oran"*', '"oranhu"', '"oranhu" AND "saorbe"']
REPEAT = 7


def text_bytes(entries: list[dict[str, Any]]) -> int:
    return sum(len(e["title"].encode()) + len(e["body"].encode()) for e in entries)


def parts(folder: Path, passphrase: str, text: int | None) -> None:
    owners = page_owners(folder, passphrase)
    counts = Counter(owner.name for owner in owners.values())
    total = sum(counts.values()) * PAGE_SIZE
    print(f"{folder / 'journal.db'}: {total / 1e6:.1f} MB", end="")
    print(f" = {total / text:.3f}x the text" if text else "")
    for name, pages in counts.most_common():
        size = pages * PAGE_SIZE
        share = f" {size / text:.3f}x" if text else ""
        print(f"  {name:28} {pages:7} pages {size / 1e6:8.1f} MB{share}")


def database(path: Path) -> Any:
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{secrets.token_hex(32)}'\"")
    conn.execute("PRAGMA cipher_compatibility = 4")
    conn.execute("PRAGMA journal_mode = WAL").fetchone()
    conn.execute("PRAGMA cache_size = -65536")
    return conn


def settled_size(conn: Any, path: Path) -> int:
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if conn.execute("PRAGMA freelist_count").fetchone()[0]:
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return path.stat().st_size


def index_design(folder: Path, entries: list[dict[str, Any]], design: tuple[Any, ...]) -> str:
    prefix, leaf, merged = design
    path = folder / "index.db"
    conn = database(path)
    options = f", prefix = '{prefix}'" if prefix else ""
    conn.execute(
        "CREATE VIRTUAL TABLE entries_fts USING fts5 (title, body, tags_text, content = '', "
        f"contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'{options})"
    )
    if leaf:
        conn.execute(f"INSERT INTO entries_fts (entries_fts, rank) VALUES ('pgsz', {leaf})")
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO entries_fts (rowid, title, body, tags_text) VALUES (?, ?, ?, ?)",
        ((n, e["title"], e["body"], " ".join(e["tags"])) for n, e in enumerate(entries, 1)),
    )
    conn.execute("COMMIT")
    if merged:
        conn.execute("INSERT INTO entries_fts (entries_fts) VALUES ('optimize')")
    size = settled_size(conn, path)
    times = []
    repo = EntryRepository(Database(conn, path))
    for query in QUERIES:
        for widen in (False, True):
            if widen and fts.widen_prefixes(query, repo._words_starting) == query:
                continue  # nothing to widen
            samples = []
            for _ in range(REPEAT):
                start = time.perf_counter()
                match = fts.widen_prefixes(query, repo._words_starting) if widen else query
                conn.execute(
                    "SELECT rowid, bm25(entries_fts, 4.0, 1.0, 2.0) FROM entries_fts "
                    "WHERE entries_fts MATCH ? ORDER BY rowid DESC LIMIT 1000",
                    (match,),
                ).fetchall()
                samples.append(time.perf_counter() - start)
            how = " widened" if widen else ""
            times.append(f"{query}{how} {statistics.median(samples) * 1000:.1f} ms")
    conn.close()
    path.unlink()
    label = f"index prefix='{prefix}' leaf={leaf or 'default'} merged={merged}"
    return f"{label}: {size / 1e6:.1f} MB = {size / text_bytes(entries):.3f}x; " + ", ".join(times)


def table_design(folder: Path, entries: list[dict[str, Any]], design: tuple[Any, ...]) -> str:
    level, excerpt = design
    path = folder / "entries.db"
    conn = database(path)
    conn.execute(
        """CREATE TABLE entries (id INTEGER PRIMARY KEY, created_utc INTEGER NOT NULL,
            deleted_at TEXT, mood INTEGER, created TEXT NOT NULL, updated TEXT NOT NULL,
            prompt_id TEXT, word_count INTEGER NOT NULL, fingerprint BLOB,
            tags_text TEXT NOT NULL, title TEXT NOT NULL, excerpt TEXT NOT NULL,
            body NOT NULL, version INTEGER NOT NULL DEFAULT 1)"""
    )

    def body(text: str) -> Any:
        if level is None:
            return text
        textpack.LEVEL = level
        return textpack.pack(text)

    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO entries VALUES (?, ?, NULL, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, 1)",
        (
            (
                n,
                n * 1_000_000,
                e["mood"],
                e["created"] + ":00+00:00",
                "2026-12-02T15:00:00.123456+00:00",
                len(e["body"].split()),
                secrets.token_bytes(32),
                " ".join(e["tags"]),
                e["title"],
                " ".join(e["body"][:400].split())[:200] if excerpt else "",
                body(e["body"]),
            )
            for n, e in enumerate(entries, 1)
        ),
    )
    conn.execute("COMMIT")
    size = settled_size(conn, path)
    conn.close()
    path.unlink()
    label = f"entries table zlib={level or 'none'} excerpt={excerpt}"
    return f"{label}: {size / 1e6:.1f} MB = {size / text_bytes(entries):.3f}x"


def designs(corpus: Path, out: Path) -> None:
    entries = [json.loads(line) for line in corpus.open(encoding="utf-8")]
    print(f"{len(entries):,} entries, {text_bytes(entries) / 1e6:.1f} MB of titles and bodies")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out, prefix="disk-") as temp:
        for design in INDEX_DESIGNS:
            print(index_design(Path(temp), entries, design), flush=True)
        for table in TABLE_DESIGNS:
            print(table_design(Path(temp), entries, table), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    one = sub.add_parser("parts", help="a vault's tables and indexes by size")
    one.add_argument("vault", type=Path)
    one.add_argument("--passphrase-file", type=Path, required=True)
    one.add_argument("--corpus", type=Path, help="the corpus it was built from, for the ratio")
    two = sub.add_parser("designs", help="the index and table designs on a corpus")
    two.add_argument("corpus", type=Path)
    two.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    args = parser.parse_args()
    if args.what == "parts":
        text = None
        if args.corpus:
            text = text_bytes([json.loads(line) for line in args.corpus.open(encoding="utf-8")])
        parts(args.vault, args.passphrase_file.read_text(encoding="utf-8").strip(), text)
    else:
        designs(args.corpus, args.out)


if __name__ == "__main__":
    main()
