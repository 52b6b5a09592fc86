"""Benchmark of a vault full of photos; prints a Markdown table.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_attachments.py [--photos 2000] [--mb 3]
                                                     [--out /tmp/bench-attachments]

It builds a vault (the app's default KDF) with ``--photos`` entries, each with
one "photo" of ``--mb`` MB: random bytes behind a JPEG header (random bytes do
not compress, as JPEG data does not; no real pictures are decoded here), added
through :class:`AttachmentService` as the app adds a file. It then measures

* adding the photos (whole, and per photo);
* unlock (default Argon2id KDF included), median of 5 after one warm-up;
* the journal's first page (50 entries) right after unlock, and the list of
  the newest entry's attachments (what the editor asks for), medians of 15;
* the vault folder's size on disk against the photos' own size;
* one backup (``BackupService.backup``: snapshot, pack, check, test restore).

Everything is written under ``--out`` (about 4 times the photos' size at the
peak of the backup) and removed at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from therapy_journal.services.attachments import AttachmentService
from therapy_journal.services.backup import BackupService
from therapy_journal.services.dates import now_local
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.store.vault import Vault

PASSPHRASE = "correct horse battery staple for photos"  # noqa: S105 (a benchmark vault)
JPEG_HEADER = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def median_ms(action: Callable[[], object], repeat: int, after: Callable[[], object]) -> float:
    action()
    after()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
        after()
    return statistics.median(samples) * 1000


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_blocks * 512 for path in folder.rglob("*") if path.is_file())


def build(folder: Path, photos: int, size: int) -> float:
    vault = Vault(folder)
    vault.create(PASSPHRASE)
    journal, attachments = JournalService(vault), AttachmentService(vault)
    start_day = now_local() - timedelta(days=photos)
    started = time.perf_counter()
    for number in range(photos):
        created: datetime = start_day + timedelta(days=number)
        entry_id = journal.add(make_entry(title=f"Day {number}", body="A walk.", created=created))
        data = JPEG_HEADER + os.urandom(size - len(JPEG_HEADER))
        attachments.add_bytes(entry_id, f"IMG_{number:04d}.jpg", data)
        if number % 200 == 199:
            log(f"{number + 1} photos added")
    elapsed = time.perf_counter() - started
    vault.lock()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=2000)
    parser.add_argument("--mb", type=int, default=3)
    parser.add_argument(
        "--out", type=Path, default=Path(tempfile.gettempdir()) / "bench-attachments"
    )
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    size = args.mb * 1000 * 1000
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    folder = args.out / "vault"
    rows: list[tuple[str, str]] = []
    try:
        log(f"building a vault with {args.photos} photos of {args.mb} MB")
        adding = build(folder, args.photos, size)
        rows.append(("adding the photos (whole)", f"{adding:.1f} s"))
        rows.append(("adding one photo", f"{adding / args.photos * 1000:.0f} ms"))

        vault = Vault(folder)
        unlock = median_ms(lambda: vault.unlock(PASSPHRASE), 5, vault.lock)
        rows.append(("unlock (default KDF included)", f"{unlock:.0f} ms"))

        vault.unlock(PASSPHRASE)
        journal, attachments = JournalService(vault), AttachmentService(vault)
        first = median_ms(lambda: journal.page(limit=50), 15, lambda: None)
        rows.append(("first page (50 entries)", f"{first:.2f} ms"))
        newest = journal.page(limit=1).items[0].id
        listed = median_ms(lambda: attachments.of_entry(newest), 15, lambda: None)
        rows.append(("an entry's attachments (the editor's list)", f"{listed:.2f} ms"))
        one = median_ms(lambda: attachments.read(attachments.of_entry(newest)[0].id), 5, list)
        rows.append(("reading one photo's bytes", f"{one:.1f} ms"))
        vault.db.checkpoint()
        photos_bytes = args.photos * size
        vault_bytes = folder_bytes(folder)
        rows.append(
            (
                "vault folder on disk / the photos' size",
                f"{vault_bytes / 1e9:.2f} GB / {photos_bytes / 1e9:.2f} GB "
                f"({vault_bytes / photos_bytes:.3f} times)",
            )
        )
        log("backing up")
        target = args.out / "photos.tjbackup"
        started = time.perf_counter()
        BackupService(vault).backup(target)
        backup = time.perf_counter() - started
        rows.append(("backup (snapshot, pack, check, test restore)", f"{backup:.1f} s"))
        rows.append(("backup file size", f"{target.stat().st_size / 1e9:.2f} GB"))
        vault.lock()
    finally:
        if not args.keep:
            shutil.rmtree(args.out, ignore_errors=True)
    print(f"| Measurement | {args.photos:,} photos of {args.mb} MB |")
    print("|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
