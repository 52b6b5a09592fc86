"""Lists and search limited to one journal, against the whole vault (issue 19).

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_journals.py [--sizes 100000] [--out benchmarks/out]
                                                  [--repeat 9]

It takes the cached vault of ``bench_core.py`` for each size N (built the same
way when missing), copies it once to ``OUT/vault-N-journals`` (the first unlock
there migrates it, and the time is shown), and splits its entries, by id, into
three journals: "Everyday" (every third entry, a third of the vault), "Dreams"
(one entry in a hundred) and the first journal (the rest). Then it measures, as
``bench_core`` does (median of ``--repeat`` runs after one warm-up), the first
and a deep list page, every id in list order, the first page of one tag
(``bench_core.TAG``), and search for a rare word, a
common word and a prefix, for all journals, for Everyday and for Dreams. The
table goes to stdout and ``OUT/results_journals.md``.
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_core import (
    PAGE_LIMIT,
    SEARCH_LIMIT,
    TAG,
    base_parser,
    cli_path,
    ensure_corpus,
    ensure_vault,
    ensure_words,
    log,
    timed,
    unlocked,
    write_atomically,
)
from therapy_journal.services.journal import JournalService
from therapy_journal.services.journals import JournalsService
from therapy_journal.store.entries import utc_micros
from therapy_journal.store.models import EntryFilter, PageCursor

SPLIT = {"Everyday": "id % 3 = 0", "Dreams": "id % 100 = 1"}


def prepared(n: int, out: Path) -> tuple[Path, float | None]:
    """The copy of the vault for N split into journals; the migration's seconds
    when this run made the copy (None when it was there already)."""
    source, folder = out / f"vault-{n}", out / f"vault-{n}-journals"
    migrated = None
    if not (folder / "journal.db").exists():
        shutil.rmtree(folder, ignore_errors=True)
        log(f"copying the vault of {n:,} entries")
        shutil.copytree(source, folder)
        start = time.perf_counter()
        with unlocked(folder) as vault:
            migrated = time.perf_counter() - start
            journals = JournalsService(vault)
            with vault.db.transaction():
                for name, where in SPLIT.items():
                    journal_id = journals.ensure(name).id
                    vault.db.execute(
                        f"UPDATE entries SET journal_id = ? WHERE {where}", (journal_id,)
                    )
    return folder, migrated


def measure(journal: JournalService, flt: EntryFilter, words: Any, repeat: int) -> dict[str, float]:
    ids = journal.ids(flt)
    middle = ids[len(ids) // 2]
    deep = PageCursor(created_utc=utc_micros(journal.get(middle).created), id=middle)
    samples = {
        "entries": [float(len(ids))],
        "page_first": timed(lambda: journal.page(flt, None, PAGE_LIMIT), repeat),
        "page_deep": timed(lambda: journal.page(flt, deep, PAGE_LIMIT), repeat),
        "ids": timed(lambda: journal.ids(flt), repeat),
        "tag_page": timed(lambda: journal.page(replace(flt, tag=TAG), None, PAGE_LIMIT), repeat),
    }
    for key, word in (("rare", words.rare), ("common", words.common), ("prefix", words.prefix)):
        samples[f"search_{key}"] = timed(
            lambda word=word: journal.search(word, flt, SEARCH_LIMIT), repeat
        )
    return {key: statistics.median(values) for key, values in samples.items()}


def main(argv: list[str] | None = None) -> None:
    parser = base_parser(__doc__)
    parser.set_defaults(sizes=[100_000])
    parser.add_argument("--repeat", type=int, default=9, help="timed runs per figure")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    lines = [
        "| N | journal | entries | first page | deep page | ids() | tag's first page "
        "| search rare | search common | search prefix |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    notes = []
    raw: dict[str, Any] = {}
    for n in args.sizes:
        corpus = ensure_corpus(n, out)
        words = ensure_words(n, corpus, out)
        ensure_vault(n, corpus, out, cli_path())
        folder, migrated = prepared(n, out)
        if migrated is not None:
            notes.append(f"Unlocking the copy of {n:,}, with its migration: {migrated:.2f} s.")
        with unlocked(folder) as vault:
            journal = JournalService(vault)
            journals = JournalsService(vault)
            scopes = {"all journals": EntryFilter()}
            for name in SPLIT:
                scopes[name] = EntryFilter(journal_ids=frozenset({journals.find(name).id}))
            for label, flt in scopes.items():
                log(f"measuring {label} at {n:,}")
                row = measure(journal, flt, words, args.repeat)
                raw[f"{n}/{label}"] = row
                ms = [f"{row[key] * 1000:.1f} ms" for key in list(row)[1:]]
                lines.append(f"| {n:,} | {label} | {int(row['entries']):,} | {' | '.join(ms)} |")
    words_note = f"Search words: rare '{words.rare}', common '{words.common}', '{words.prefix}'."
    text = "\n".join([*lines, "", *notes, words_note, ""])
    print(text)
    write_atomically(out / "results_journals.md", text)
    write_atomically(out / "results_journals.json", json.dumps(raw, indent=2))


if __name__ == "__main__":
    main()
