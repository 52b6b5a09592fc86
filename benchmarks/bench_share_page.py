"""The shared HTML page: how long a browser takes to open it, and how large it is.

Usage (from the repository root; needs Debian's chromium and chromium-driver)::

    .venv/bin/python benchmarks/bench_share_page.py [--sizes 1,1000] [--factors 15-20]
                                                    [--repeat 3]

1. For each scrypt work factor in ``--factors``: a one-entry page locked with a
   passphrase at that factor, opened in a fresh headless Chromium
   (tests/helpers/browser.py) by typing the passphrase and pressing Enter; the
   time from Enter until the report is shown (median of ``--repeat``), and the
   peak memory (VmHWM) of the page's renderer process. This is what chose
   ``html_page.PAGE_WORK_FACTOR``.
2. For each size N in ``--sizes``: a vault of the first N entries of the
   synthetic corpus (``../shared/bench/corpus.py``), built with the real
   command line (``init``, ``import --from jsonl``), and ``therapy-journal
   export --all --as html`` run as a process, once to a passphrase (the app's
   factor) and once to an age key: the page's size, the time to write it, and
   the time to open it in Chromium (passphrase, and pasted key: the second is
   the work beyond scrypt: unzipping, checking every SHA-256, rendering).

Prints a Markdown table; nothing is kept (temporary folders only).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import pyrage  # noqa: E402
from tests.helpers.browser import Browser, chromium  # noqa: E402

from therapy_journal.services.sharing.age_scrypt import (  # noqa: E402
    armor,
    encrypt_with_passphrase,
)
from therapy_journal.services.sharing.html_page import PAGE_WORK_FACTOR, make_page  # noqa: E402

CORPUS_SCRIPT = REPO.parent / "shared" / "bench" / "corpus.py"
CLI = Path(sys.executable).with_name("therapy-journal")
VAULT_PASSPHRASE = "benchmark passphrase for synthetic data only"  # noqa: S105
PAGE_PASSPHRASE = "tulip-anchor-river-stone-lamp-cloud-quiet"  # noqa: S105
ENTRY = (
    b'---\ndate: "2026-03-01T20:30:00+01:00"\ntitle: "One entry"\nmood: 5\ntags: ["a"]\n'
    b"---\n\nA short entry.\n"
)


def renderer_peak_kib(browser: Browser) -> int:
    """The largest VmHWM among the browser's renderer processes, in KiB."""
    driver_pid = browser.driver.service.process.pid
    peak = 0
    for pid in _descendants(driver_pid):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        if b"--type=renderer" not in command:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peak = max(peak, int(line.split()[1]))
    return peak


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def time_open(browser: Browser, page: Path, secret: str, *, paste: bool = False) -> float:
    browser.open(page)
    start = time.monotonic()
    (browser.paste_secret if paste else browser.type_secret)(secret)
    result = browser.settled(timeout=600)
    elapsed = time.monotonic() - start
    if result != "opened":
        sys.exit(f"{page.name} did not open: {result}")
    return elapsed


def one_entry_zip() -> bytes:
    from tests.helpers.bundles import contents_of  # noqa: PLC0415

    from therapy_journal.services.sharing.pack import pack  # noqa: PLC0415

    return pack(contents_of({"entries/0001-2026-03-01-one-entry.md": ENTRY}, entries=1))


def bench_factors(factors: list[int], repeat: int, temp: Path) -> list[str]:
    rows = []
    data = one_entry_zip()
    for factor in factors:
        page = temp / f"factor-{factor}.html"
        page.write_bytes(make_page(armor(encrypt_with_passphrase(data, PAGE_PASSPHRASE, factor))))
        with chromium() as browser:
            times = [time_open(browser, page, PAGE_PASSPHRASE) for _ in range(repeat)]
            peak = renderer_peak_kib(browser)
        chosen = " (the app's)" if factor == PAGE_WORK_FACTOR else ""
        rows.append(
            f"| open a passphrase page, scrypt factor {factor}{chosen} "
            f"| {statistics.median(times):.2f} s | {peak / 1024:.0f} MiB |"
        )
        print(rows[-1], file=sys.stderr, flush=True)
    return rows


def make_vault(size: int, temp: Path) -> Path:
    folder = temp / f"vault-{size}"
    corpus = temp / f"corpus-{size}.jsonl"
    with corpus.open("wb") as out:
        subprocess.run([sys.executable, str(CORPUS_SCRIPT), str(size)], stdout=out, check=True)
    secret = temp / "vault-pass.txt"
    secret.write_text(VAULT_PASSPHRASE + "\n")
    base = [str(CLI), "--vault", str(folder)]
    subprocess.run(
        [*base, "init", "--new-passphrase-file", str(secret)], check=True, capture_output=True
    )
    subprocess.run(
        [*base, "--passphrase-file", str(secret), "import", "--from", "jsonl", str(corpus)],
        check=True,
        capture_output=True,
    )
    return folder


def export_page(folder: Path, temp: Path, out: Path, *to: str) -> float:
    secret = temp / "vault-pass.txt"
    command = [str(CLI), "--vault", str(folder), "--passphrase-file", str(secret)]
    start = time.monotonic()
    subprocess.run(
        [*command, "export", "--all", *to, "--as", "html", "-o", str(out)],
        check=True,
        capture_output=True,
    )
    return time.monotonic() - start


def bench_sizes(sizes: list[int], repeat: int, temp: Path) -> list[str]:
    rows = []
    phrase_file = temp / "page-pass.txt"
    phrase_file.write_text(PAGE_PASSPHRASE + "\n")
    key = pyrage.x25519.Identity.generate()
    for size in sizes:
        folder = make_vault(size, temp)
        by_phrase, by_key = temp / f"page-{size}.html", temp / f"page-{size}-key.html"
        wrote = export_page(folder, temp, by_phrase, "--to-passphrase-file", str(phrase_file))
        export_page(folder, temp, by_key, "--to-recipient", str(key.to_public()))
        with chromium() as browser:
            phrase_times = [time_open(browser, by_phrase, PAGE_PASSPHRASE) for _ in range(repeat)]
            key_times = [time_open(browser, by_key, str(key), paste=True) for _ in range(repeat)]
            peak = renderer_peak_kib(browser)
        noun = "entry" if size == 1 else "entries"
        rows += [
            f"| {size:,} {noun}: page size | {by_phrase.stat().st_size / 1024:,.0f} KiB | |",
            f"| {size:,} {noun}: `export --as html` (a process, PDF report included) "
            f"| {wrote:.2f} s | |",
            f"| {size:,} {noun}: open with the passphrase (factor {PAGE_WORK_FACTOR}) "
            f"| {statistics.median(phrase_times):.2f} s | {peak / 1024:.0f} MiB |",
            f"| {size:,} {noun}: open with a pasted key (no scrypt) "
            f"| {statistics.median(key_times):.2f} s | |",
        ]
        print("\n".join(rows[-4:]), file=sys.stderr, flush=True)
    return rows


def numbers(text: str) -> list[int]:
    if "-" in text:
        low, high = text.split("-")
        return list(range(int(low), int(high) + 1))
    return [int(part) for part in text.split(",") if part]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,1000")
    parser.add_argument("--factors", default="15-20")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tj-bench-page-") as name:
        temp = Path(name)
        rows = bench_factors(numbers(args.factors), args.repeat, temp)
        rows += bench_sizes(numbers(args.sizes), args.repeat, temp)
    chromium_version = subprocess.run(
        ["chromium", "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    print(
        f"{chromium_version}, headless; {os.cpu_count()} cores, {platform.machine()}; "
        f"load before the run {os.getloadavg()[0]:.2f}; medians of {args.repeat}\n"
    )
    print("| what | time | peak memory of the page |\n|---|---|---|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
