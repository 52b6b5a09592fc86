"""The printable report: how long it takes to make, as HTML and as PDF.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_report.py [--entries 1000] [--big-mib 5]
                                                [--repeat 3]

Two vaults in a temporary folder, made with the services (a cheap KDF: the
unlock is not what is measured):

1. ``--entries`` entries of the synthetic corpus (``../shared/bench/corpus.py``),
   with their moods and tags;
2. one entry whose body is one paragraph of ``--big-mib`` MiB (words of the
   corpus, no line breaks: the case that took 20 s per 2 MB in Qt's layout).

For each: ``build_report`` (reading the entries, the overview, the Markdown
rendered to HTML), then ``render_pdf`` (Qt's layout and drawing, page by
page), wall and CPU time, median of ``--repeat`` after one warm-up, and the
number of pages. Prints a Markdown table and the machine's load (``uptime``);
nothing is kept.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.helpers.vaults import make_vault  # noqa: E402

from therapy_journal.render.pdf import render_pdf  # noqa: E402
from therapy_journal.services.journal import JournalService, make_entry  # noqa: E402
from therapy_journal.services.sharing.report import build_report  # noqa: E402
from therapy_journal.services.sharing.selection import Selection  # noqa: E402
from therapy_journal.store.vault import Vault  # noqa: E402

CORPUS_SCRIPT = REPO.parent / "shared" / "bench" / "corpus.py"


def corpus() -> Any:
    spec = importlib.util.spec_from_file_location("corpus", CORPUS_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fill_many(vault: Vault, count: int) -> None:
    journal = JournalService(vault)
    for item in corpus().entries(count):
        journal.add(
            make_entry(
                title=item["title"],
                body=item["body"],
                mood=item["mood"],
                tags=item["tags"],
                created=datetime.fromisoformat(item["created"]).astimezone(),
            )
        )


def fill_big(vault: Vault, mib: float) -> None:
    words: list[str] = []
    size = 0
    wanted = int(mib * 1024 * 1024)
    source = list(corpus().entries(200))
    while size < wanted:
        for item in source:
            for word in item["body"].split():
                words.append(word)
                size += len(word) + 1
    body = " ".join(words)[:wanted]
    JournalService(vault).add(make_entry(title="One long entry", body=body, mood=5))


def timed(work: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """Median wall and CPU seconds of ``repeat`` runs after a warm-up, and the last result."""
    result = work()
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def measure(vault: Vault, label: str, repeat: int) -> list[str]:
    selection = Selection(all_entries=True)
    wall, cpu, report = timed(lambda: build_report(vault, selection), repeat)
    rows = [f"| {label}: report as HTML (`build_report`) | {wall:.2f} s | {cpu:.2f} s | — |"]
    pages: list[int] = []

    def pdf() -> bytes:
        pages.clear()

        def progress(done: int, total: int) -> bool:
            pages.append(total)
            return True

        return render_pdf(report.html, progress)

    wall, cpu, data = timed(pdf, repeat)
    rows.append(
        f"| {label}: PDF (`render_pdf`, {pages[-1]:,} pages, {len(data) / 2**20:.1f} MiB) "
        f"| {wall:.2f} s | {cpu:.2f} s | — |"
    )
    total = sum(float(row.split("|")[2].strip().rstrip(" s")) for row in rows)
    rows.append(f"| {label}: both | {total:.2f} s | | < 3 s |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--big-mib", type=float, default=5.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = [
        "| Measurement | wall (median) | CPU (median) | Target |",
        "|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory() as temp:
        many = make_vault(Path(temp) / "many").vault
        fill_many(many, args.entries)
        rows += measure(many, f"{args.entries:,} entries", args.repeat)
        many.lock()
        big = make_vault(Path(temp) / "big").vault
        fill_big(big, args.big_mib)
        rows += measure(big, f"one {args.big_mib:g} MiB paragraph", args.repeat)
        big.lock()
    print("\n".join(rows))
    load = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()
    print(f"\n{platform.python_version()} on {os.cpu_count()} cores; {load}")


if __name__ == "__main__":
    main()
