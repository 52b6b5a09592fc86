"""Peak memory of importing a large jrnl JSON export (issue 14: a million entries
were loaded whole, 828 MB).

Writes a jrnl export of N entries (default 1,000,000; about 240 MB) into
``--out``, then measures two whole processes with the launcher of
``bench_core``: reading the export alone (every entry parsed and validated,
nothing stored) and ``therapy-journal import --from jrnl-json`` into a new
vault made with the app's default KDF. Prints a Markdown table of wall time and
peak resident memory (``ru_maxrss``).

    .venv/bin/python benchmarks/bench_import_memory.py                 # 1,000,000 entries
    .venv/bin/python benchmarks/bench_import_memory.py --entries 100000 --read-only

Another checkout's code can be measured the same way (e.g. ``main`` before a
change) with ``PYTHONPATH=/path/to/checkout/src``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_core

# Reads the export the way the import does, and stores nothing.
READ_ONLY = """
import sys
from pathlib import Path
from therapy_journal.services import importers
count = sum(1 for _ in importers.read("jrnl-json", Path(sys.argv[1])))
sys.stderr.write(f"read {count} entries\\n")
"""


def write_export(path: Path, entries: int) -> None:
    """A jrnl export as ``jrnl --export json`` writes it (indented), ``entries`` long."""
    if path.exists():
        return
    bench_core.log(f"writing a jrnl export of {entries:,} entries")
    temp = path.with_name(path.name + ".tmp")
    with temp.open("w", encoding="utf-8") as out:
        out.write(f'{{\n  "tags": {{"@work": {entries}}},\n  "entries": [\n')
        for number in range(entries):
            entry = {
                "title": f"Entry number {number}.",
                "body": f"Some words about day {number}, with @work and more words.\n",
                "date": f"{2000 + number % 200:04d}-{1 + number % 12:02d}-{1 + number % 28:02d}",
                "time": f"{number % 24:02d}:{number % 60:02d}",
                "tags": ["@work"],
                "starred": number % 7 == 0,
            }
            out.write(("," if number else "") + json.dumps(entry, indent=4) + "\n")
        out.write("  ]\n}\n")
    temp.replace(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=bench_core.DEFAULT_OUT)
    parser.add_argument("--read-only", action="store_true", help="skip the import into a vault")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    export = args.out / f"jrnl-{args.entries}.json"
    write_export(export, args.entries)
    rows = []
    read = bench_core.run_process([sys.executable, "-c", READ_ONLY, str(export)])
    rows.append(("read and validate every entry", read))
    if not args.read_only:
        cli = bench_core.cli_path()
        folder = args.out / f"import-vault-{args.entries}"
        shutil.rmtree(folder, ignore_errors=True)
        secret = bench_core.passphrase_file(args.out)
        subprocess.run(
            [str(cli), "--vault", str(folder), "init", "--new-passphrase-file", str(secret)],
            capture_output=True,
            check=True,
        )
        command = bench_core.unlocked_command(
            cli, folder, args.out, "import", "--from", "jrnl-json", str(export)
        )
        rows.append(("therapy-journal import --from jrnl-json", bench_core.run_process(command)))
        shutil.rmtree(folder, ignore_errors=True)
    size_mb = export.stat().st_size / 1e6
    print(f"\n{args.entries:,} entries, a {size_mb:,.0f} MB jrnl export\n")
    print("| | wall | peak RSS |\n|---|---:|---:|")
    for name, run in rows:
        print(f"| {name} | {run.wall_s:,.1f} s | {run.maxrss_kib / 1024:,.0f} MiB |")


if __name__ == "__main__":
    main()
