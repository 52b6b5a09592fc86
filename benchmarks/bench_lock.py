"""Reproducible benchmark of locking and of replacing the data key; prints a Markdown table.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_lock.py [--entries 5000] [--samples 5] [--out benchmarks/out]

It builds a vault (the app's default Argon2id) of ``--entries`` synthetic
entries plus one of 600 KB, cached under ``--out``, and measures:

1. lock while a share is being built: the real app (offscreen), driven by
   ``tests/helpers/app_driver.py``, unlocks the vault, starts a share preview
   of every entry (report and PDF) and locks (File > Lock, as Ctrl+L) while it runs. From the
   driver's "locking" line to the app's "the vault was locked" (the key is
   dropped and every view cleared), and to the "unlock window shown" of the
   new process image that replaces it;
2. ``therapy-journal passwd --rekey`` on a copy of the vault, the whole
   command: two Argon2id derivations (the current passphrase, and the new
   key file's passphrase slot) and every page copied under the new key and
   checked.

Times are taken by this process as the lines arrive on the app's stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import selectors
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "src")]

from therapy_journal.services.journal import JournalService, make_entry  # noqa: E402
from therapy_journal.store.vault import Vault  # noqa: E402

PASSPHRASE = "benchmark passphrase for synthetic data only"  # noqa: S105 (not a secret)
BIG_ENTRY = ("one long evening of writing, " * 20 + "\n") * 1000  # about 600 KB
TIMEOUT_S = 300.0


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def ensure_vault(out: Path, entries: int) -> tuple[Path, str]:
    folder = out / f"lock-vault-{entries}"
    recovery_file = out / f"lock-vault-{entries}.recovery"
    if (folder / "vault.key").exists() and recovery_file.exists():
        return folder, recovery_file.read_text("utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    log(f"building a vault of {entries:,} entries")
    vault = Vault(folder)
    recovery = vault.create(PASSPHRASE)
    start = datetime(2024, 1, 1).astimezone()
    journal = JournalService(vault)
    journal.import_entries(
        make_entry(
            title=f"day {n}",
            body=f"Entry {n}: a walk, a call, a worry, a plan. " * 12,
            created=start + timedelta(hours=n),
        )
        for n in range(entries)
    )
    journal.add(make_entry(title="long one", body=BIG_ENTRY))
    vault.lock()
    recovery_file.write_text(recovery, "utf-8")
    return folder, recovery


def env() -> dict[str, str]:
    values = {k: v for k, v in os.environ.items() if not k.startswith("THERAPY_JOURNAL_")}
    values["PYTHONPATH"] = os.pathsep.join([str(REPO), str(REPO / "src")])
    values["QT_QPA_PLATFORM"] = "offscreen"
    return values


def lock_sample(folder: Path, work: Path) -> dict[str, float]:
    """One app process: seconds from Ctrl+L to the key dropped and to the new image's window."""
    copy = work / "vault"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(folder, copy)
    home = work / "home"
    shutil.rmtree(home, ignore_errors=True)
    plan = work / "plan.json"
    plan.write_text(
        json.dumps({"passphrase": PASSPHRASE, "typed": "typed", "during": "share"}), "utf-8"
    )
    run_env = {**env(), "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.app_driver", str(copy), str(plan)],
        cwd=REPO,
        env=run_env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert proc.stderr is not None
    marks: dict[str, float] = {}
    seen: list[bytes] = []
    shown = 0
    buffer = b""
    deadline = time.monotonic() + TIMEOUT_S
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(proc.stderr, selectors.EVENT_READ)
            while shown < 2 and time.monotonic() < deadline:
                if not selector.select(deadline - time.monotonic()):
                    break
                chunk = os.read(proc.stderr.fileno(), 65536)
                if not chunk:
                    break
                now = time.perf_counter()
                buffer += chunk
                *lines, buffer = buffer.split(b"\n")
                seen += lines
                for line in lines:
                    if b"driver: locking" in line:
                        marks["locking"] = now
                    elif b"the vault was locked" in line:
                        marks["locked"] = now
                    elif b"unlock window shown" in line:
                        shown += 1
                        if shown == 2:
                            marks["shown"] = now
    finally:
        proc.kill()
        proc.wait()
    if not {"locking", "locked", "shown"} <= marks.keys():
        text = b"\n".join(seen).decode(errors="replace")
        raise SystemExit(f"the app did not lock as expected: {sorted(marks)}\n{text}")
    return {
        "key_dropped_s": marks["locked"] - marks["locking"],
        "new_window_s": marks["shown"] - marks["locking"],
    }


def rekey_sample(folder: Path, recovery: str, work: Path) -> float:
    copy = work / "rekey"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(folder, copy)
    files = {}
    for name, text in (("pass", PASSPHRASE), ("recovery", recovery)):
        files[name] = work / f"{name}.txt"
        files[name].write_text(text + "\n", "utf-8")
    command = [
        sys.executable, "-m", "therapy_journal", "--vault", str(copy),
        "--passphrase-file", str(files["pass"]), "passwd", "--rekey",
        "--new-passphrase-file", str(files["pass"]),
        "--recovery-key-file", str(files["recovery"]),
    ]  # fmt: skip
    start = time.perf_counter()
    subprocess.run(command, env=env(), check=True, capture_output=True, timeout=TIMEOUT_S)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # A bundle holds at most 9,984 entries: the share needs fewer.
    parser.add_argument("--entries", type=int, default=5_000)
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    folder, recovery = ensure_vault(args.out, args.entries)
    size_mb = (folder / "journal.db").stat().st_size / 1e6
    with tempfile.TemporaryDirectory(dir=args.out) as scratch:
        work = Path(scratch)
        locks = [lock_sample(folder, work) for _ in range(args.samples)]
        rekeys = [rekey_sample(folder, recovery, work) for _ in range(args.samples)]
    load = os.getloadavg()
    print(
        f"Lock and rekey, {args.entries:,} entries + one of 600 KB ({size_mb:.0f} MB vault); "
        f"{platform.machine()}, {os.cpu_count()} cores, load {load[0]:.2f}; "
        f"median of {args.samples}\n"
    )
    print("| figure | median | max |\n|---|---|---|")
    for label, values in (
        (
            "Ctrl+L during a share preview → key dropped, views cleared",
            [s["key_dropped_s"] for s in locks],
        ),
        (
            "Ctrl+L during a share preview → new image's unlock window",
            [s["new_window_s"] for s in locks],
        ),
        ("`passwd --rekey` (whole command)", rekeys),
    ):
        print(f"| {label} | {statistics.median(values):.3f} s | {max(values):.3f} s |")


if __name__ == "__main__":
    main()
