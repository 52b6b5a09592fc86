"""Whole-process comparison with jrnl, interleaved, at every journal size; prints a Markdown table.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_jrnl.py [--sizes 10,100,1000] [--repeat 5]
                                              [--slow-seconds 30] [--slow-repeat 3]
                                              [--out benchmarks/out]

For each size N of the deterministic corpus (``../shared/bench/corpus.py N``,
the vault and search words built and cached by ``bench_core.py``'s helpers)
it times, as whole processes with stdout to ``/dev/null``:

- ``list``: ``therapy-journal list`` (its default 20 newest) against
  ``jrnl JOURNAL -n 20``;
- ``search`` of a rare word and of the most common word: ``therapy-journal
  search WORD`` (20 best) against ``jrnl JOURNAL -contains WORD -n 20``.

Each command runs in four variants:

- jrnl (encrypted): jrnl |JRNL_VERSION| with its own encryption (v3: PBKDF2,
  100,000 iterations, then Fernet over the whole file), the password read from
  a keyring. The keyring is ``keyrings.alt``'s plain file backend in a private
  folder, chosen by ``PYTHON_KEYRING_BACKEND``: jrnl otherwise asks for the
  password on the terminal, and a keyring is where jrnl itself offers to keep it;
- jrnl (plain): the same journal unencrypted, up to ``--plain-up-to``
  entries (10,000; beyond, it costs nearly as much as the encrypted one);
- ours (KDF): ``--passphrase-file``, the vault's default Argon2id at every
  command, each run in a fresh, empty kernel session keyring;
- ours (cache): after ``therapy-journal unlock --for 2h`` in this process's
  own session keyring (made at start, like ``keyctl session -``), so the
  command takes the key from the kernel and runs no KDF.

The runs are interleaved: each round runs every variant once, in an order
that rotates from round to round, so a change in the machine's load hits all
variants alike. The first round is a warm-up and is dropped; the table gives
the median of ``--repeat`` rounds, or of ``--slow-repeat`` rounds at a size
where a warm-up run of jrnl took more than ``--slow-seconds``. The load
average (``/proc/loadavg``) is printed at the start and the end, and beside
each size.

jrnl runs from its own virtual environment, ``OUT/jrnl-venv``, made on first
use with ``pip install jrnl==JRNL_VERSION keyrings.alt==KEYRINGS_ALT_VERSION``;
its configuration and keyring live in ``OUT/jrnl-home`` (``XDG_CONFIG_HOME``
and ``XDG_DATA_HOME``). Its journals are written from the same corpus in
jrnl's file format (``[YYYY-MM-DD HH:MM] title``, the body, the tags as
``@tag``), encrypted with jrnl's own ``Jrnlv3Encryption``, and cached in
``OUT`` by N. Results go to stdout, ``OUT/jrnl-results.md`` and
``OUT/jrnl-results.json`` (every sample, wall and CPU, and peak memory; kept
per size, so a later run of other sizes adds its rows and the table shows
every size measured so far, each with its own load; delete the file to start
afresh).
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench_core import (
    DEFAULT_OUT,
    PASSPHRASE,
    Words,
    cli_path,
    ensure_corpus,
    ensure_vault,
    ensure_words,
    log,
    unlocked_command,
    write_atomically,
)

JRNL_VERSION = "4.6"  # the newest jrnl on PyPI when this was written
KEYRINGS_ALT_VERSION = "5.0.2"
DEFAULT_SIZES = (10, 100, 1_000, 4_000, 10_000, 100_000, 300_000)
LIMIT = 20  # what `therapy-journal list` and `search` show by default
REPEAT = 5
SLOW_SECONDS = 30.0
SLOW_REPEAT = 3
PLAIN_UP_TO = 10_000  # jrnl's plain journal costs most of a run of the encrypted one
UNLOCK_FOR = "2h"  # longer than a size takes; locked again after it
COMMANDS = ("list", "search rare", "search common")

# Runs one command (stdin from /dev/null, stdout to /dev/null) and prints
# {"wall_s", "cpu_s", "maxrss_kib", "exit"} as JSON. With --fresh-keyring it
# first joins a new, empty session keyring (outside the timed span), so the
# command finds no key that `unlock --for` left in this benchmark's keyring.
# Being a small process, its own RSS (inherited by the child at spawn) stays
# below anything the commands reach.
LAUNCHER = r"""
import ctypes, json, os, sys, time
argv = sys.argv[1:]
if argv[0] == "--fresh-keyring":
    lib = ctypes.CDLL(argv[1])
    lib.keyctl_join_session_keyring.argtypes = [ctypes.c_char_p]
    lib.keyctl_join_session_keyring.restype = ctypes.c_int32
    if lib.keyctl_join_session_keyring(None) <= 0:
        sys.exit("could not join a new session keyring")
    argv = argv[2:]
start = time.perf_counter()
pid = os.posix_spawn(argv[0], argv, os.environ,
                     file_actions=[(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                                   (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)])
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
print(json.dumps({"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime,
                  "maxrss_kib": usage.ru_maxrss, "exit": os.waitstatus_to_exitcode(status)}))
"""

# Encrypts the plain journal argv[1] into argv[2] with jrnl's own v3
# encryption (what jrnl writes), the password on stdin. Runs in jrnl's venv.
ENCRYPT = r"""
import sys
from jrnl.encryption.Jrnlv3Encryption import Jrnlv3Encryption
encryption = Jrnlv3Encryption(sys.argv[3], {})
encryption.password = sys.stdin.read()
with open(sys.argv[1], encoding="utf-8") as plain:
    data = encryption._encrypt(plain.read())
with open(sys.argv[2] + ".tmp", "wb") as out:
    out.write(data)
import os
os.replace(sys.argv[2] + ".tmp", sys.argv[2])
"""

STORE_IN_KEYRING = r"""
import sys, keyring
keyring.set_password("jrnl", sys.argv[1], sys.stdin.read())
"""


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text(encoding="ascii").split()[:3])


def keyutils() -> str:
    found = ctypes.util.find_library("keyutils")
    if found is None:
        sys.exit("libkeyutils is missing (Debian: keyutils); the unlock cache needs it.")
    return found


def join_new_session_keyring(library: str) -> None:
    """Give this process (and so every command it runs) a new, empty session
    keyring, as ``keyctl session -`` does: the keys ``unlock --for`` caches
    here go when the benchmark ends, and never reach the login's keyring."""
    lib = ctypes.CDLL(library)
    lib.keyctl_join_session_keyring.argtypes = [ctypes.c_char_p]
    lib.keyctl_join_session_keyring.restype = ctypes.c_int32
    if lib.keyctl_join_session_keyring(None) <= 0:
        sys.exit("Could not make a session keyring for the unlock cache.")


# --- jrnl -----------------------------------------------------------------------


@dataclass(frozen=True)
class Jrnl:
    """jrnl's program and the environment that gives it its config and keyring."""

    program: Path
    env: dict[str, str]
    config: Path

    def python(self) -> str:
        return str(self.program.with_name("python"))


def ensure_jrnl(out: Path) -> Jrnl:
    venv = out / "jrnl-venv"
    program = venv / "bin" / "jrnl"
    marker = venv / f"installed-{JRNL_VERSION}"
    if not marker.exists():
        log(f"installing jrnl {JRNL_VERSION} into {venv}")
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        subprocess.run(
            [
                str(venv / "bin" / "pip"),
                "install",
                "-q",
                f"jrnl=={JRNL_VERSION}",
                f"keyrings.alt=={KEYRINGS_ALT_VERSION}",
            ],
            check=True,
        )
        marker.touch()
    home = out / "jrnl-home"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring",
    }
    return Jrnl(program, env, home / "config" / "jrnl" / "jrnl.yaml")


def jrnl_text(corpus: Path, target: Path) -> None:
    """The corpus in jrnl's file format, oldest first (as jrnl writes it)."""
    temp = target.with_name(target.name + ".tmp")
    with corpus.open(encoding="utf-8") as source, temp.open("w", encoding="utf-8") as out:
        first = True
        for line in source:
            record = json.loads(line)
            stamp = record["created"].replace("T", " ")[:16]
            body = record["body"].rstrip()
            tags = " ".join(f"@{tag}" for tag in record["tags"])
            if not first:
                out.write("\n")
            out.write(f"[{stamp}] {record['title'].strip()}\n{body}")
            out.write(f"\n{tags}\n" if tags else "\n")
            first = False
    temp.replace(target)


def journal_names(n: int) -> tuple[str, str]:
    return f"enc{n}", f"plain{n}"


def ensure_journals(n: int, corpus: Path, out: Path, jrnl: Jrnl) -> tuple[Path, Path]:
    plain, encrypted = out / f"jrnl-{n}.txt", out / f"jrnl-{n}.enc"
    if not plain.exists():
        log(f"writing jrnl journal of {n:,} entries")
        jrnl_text(corpus, plain)
    if not encrypted.exists():
        log(f"encrypting jrnl journal of {n:,} entries with jrnl's own encryption")
        subprocess.run(
            [jrnl.python(), "-c", ENCRYPT, str(plain), str(encrypted), journal_names(n)[0]],
            input=PASSPHRASE,
            text=True,
            check=True,
        )
    return plain, encrypted


def write_jrnl_config(jrnl: Jrnl, journals: dict[int, tuple[Path, Path]]) -> None:
    """jrnl's config naming each size's journals, and each encrypted
    journal's password in the keyring file.

    The config is YAML with each value in JSON's flow style (which YAML reads);
    jrnl takes a config that is JSON as a whole for jrnl 1's and offers to upgrade it.
    """
    entries: dict[str, Any] = {}
    for n, (plain, encrypted) in sorted(journals.items()):
        enc_name, plain_name = journal_names(n)
        entries[enc_name] = {"journal": str(encrypted), "encrypt": True}
        entries[plain_name] = {"journal": str(plain), "encrypt": False}
    smallest = min(journals)
    entries["default"] = {"journal": str(journals[smallest][0]), "encrypt": False}
    config = {
        "version": JRNL_VERSION,  # as jrnl writes it, so it does not rewrite the file
        "journals": entries,
        "editor": "",
        "encrypt": False,
        "template": False,
        "default_hour": 9,
        "default_minute": 0,
        "timeformat": "%Y-%m-%d %H:%M",
        "tagsymbols": "#@",
        "highlight": True,
        "linewrap": 79,
        "indent_character": "|",
        "colors": {"body": "none", "date": "none", "tags": "none", "title": "none"},
    }
    jrnl.config.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(f"{key}: {json.dumps(value)}\n" for key, value in config.items())
    write_atomically(jrnl.config, text)
    for n in journals:
        subprocess.run(
            [jrnl.python(), "-c", STORE_IN_KEYRING, journal_names(n)[0]],
            input=PASSPHRASE,
            text=True,
            env=jrnl.env,
            check=True,
        )


def check_jrnl_reads(jrnl: Jrnl, n: int, corpus: Path) -> None:
    """jrnl finds the newest entry in both journals, the password from the keyring."""
    with corpus.open(encoding="utf-8") as handle:
        for line in handle:
            newest = line
    title = json.loads(newest)["title"].strip()
    for name in journal_names(n):
        shown = subprocess.run(
            [str(jrnl.program), name, "-n", "1", "--format", "json"],
            capture_output=True,
            text=True,
            env=jrnl.env,
            stdin=subprocess.DEVNULL,
            check=False,
        )
        if shown.returncode != 0 or json.loads(shown.stdout)["entries"][0]["title"] != title:
            sys.exit(f"jrnl could not read {name}:\n{shown.stderr[-2000:]}")


# --- runs -----------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    wall_s: float
    cpu_s: float
    maxrss_kib: int


@dataclass(frozen=True)
class Invocation:
    argv: list[str]
    env: dict[str, str] | None = None
    fresh_keyring: bool = False


def run(invocation: Invocation, library: str) -> Run:
    prefix = ["--fresh-keyring", library] if invocation.fresh_keyring else []
    launcher = subprocess.run(
        [sys.executable, "-I", "-S", "-c", LAUNCHER, *prefix, *invocation.argv],
        capture_output=True,
        text=True,
        env=invocation.env,
        check=True,
    )
    report = json.loads(launcher.stdout)
    if report["exit"] != 0:
        sys.exit(f"{' '.join(invocation.argv)} exited with {report['exit']}")
    return Run(report["wall_s"], report["cpu_s"], report["maxrss_kib"])


def invocations(
    n: int, words: Words, out: Path, cli: Path, jrnl: Jrnl, *, plain: bool
) -> dict[str, dict[str, Invocation]]:
    folder = out / f"vault-{n}"
    enc_name, plain_name = journal_names(n)
    ours = {
        "list": ["list"],
        "search rare": ["search", words.rare],
        "search common": ["search", words.common],
    }
    theirs = {
        "list": ["-n", str(LIMIT)],
        "search rare": ["-contains", words.rare, "-n", str(LIMIT)],
        "search common": ["-contains", words.common, "-n", str(LIMIT)],
    }
    program = str(jrnl.program)
    variants = {}
    for command in COMMANDS:
        variants[command] = {
            "jrnl": Invocation([program, enc_name, *theirs[command]], jrnl.env),
            "ours_kdf": Invocation(
                unlocked_command(cli, folder, out, *ours[command]), fresh_keyring=True
            ),
            "ours_cache": Invocation([str(cli), "--vault", str(folder), *ours[command]]),
        }
        if plain:
            variants[command]["jrnl_plain"] = Invocation(
                [program, plain_name, *theirs[command]], jrnl.env
            )
    return variants


def interleaved(
    variants: dict[str, Invocation], library: str, repeat: int, slow: float, slow_repeat: int
) -> tuple[dict[str, list[Run]], int]:
    """One warm-up round, then rounds of every variant once, the order rotating."""
    names = list(variants)
    warmup = {name: run(variants[name], library) for name in names}
    if max(warmup[name].wall_s for name in names if name.startswith("jrnl")) > slow:
        repeat = min(repeat, slow_repeat)
    samples: dict[str, list[Run]] = {name: [] for name in names}
    for round_ in range(repeat):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            samples[name].append(run(variants[name], library))
    return samples, repeat


def cache_unlock(cli: Path, folder: Path, out: Path) -> None:
    subprocess.run(
        unlocked_command(cli, folder, out, "unlock", "--for", UNLOCK_FOR),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        check=True,
    )


def cache_lock(cli: Path, folder: Path) -> None:
    subprocess.run(
        [str(cli), "--vault", str(folder), "lock"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        check=False,
    )


def measure(n: int, out: Path, cli: Path, *, jrnl: Jrnl, library: str, args: Any) -> dict[str, Any]:
    words = ensure_words(n, ensure_corpus(n, out), out)
    folder = out / f"vault-{n}"
    load_before = load_average()
    cache_unlock(cli, folder, out)
    commands: dict[str, Any] = {}
    try:
        plain = n <= args.plain_up_to
        for command, variants in invocations(n, words, out, cli, jrnl, plain=plain).items():
            log(f"{n:,} entries: {command} (load {load_average()})")
            samples, repeat = interleaved(
                variants, library, args.repeat, args.slow_seconds, args.slow_repeat
            )
            commands[command] = {
                "repeat": repeat,
                "samples": {name: [asdict(r) for r in runs] for name, runs in samples.items()},
            }
    finally:
        cache_lock(cli, folder)
    return {
        "load_before": load_before,
        "load_after": load_average(),
        "words": asdict(words),
        "commands": commands,
    }


# --- report ---------------------------------------------------------------------


def median(result: dict[str, Any], command: str, variant: str, key: str = "wall_s") -> float:
    return float(statistics.median(s[key] for s in result["commands"][command]["samples"][variant]))


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def plain_cell(result: dict[str, Any], command: str, key: str = "wall_s") -> str:
    if "jrnl_plain" not in result["commands"][command]["samples"]:
        return "—"
    return seconds(median(result, command, "jrnl_plain", key))


def ratio(theirs: float, ours: float) -> str:
    return f"{theirs / ours:.2f}×"  # noqa: RUF001 (the multiplication sign)


def command_cell(command: str, words: dict[str, Any]) -> str:
    if command == "list":
        return "list (20 newest)"
    word, df = (
        (words["rare"], words["rare_df"])
        if command == "search rare"
        else (words["common"], words["common_df"])
    )
    return f"search `{word}` (in {df:,})"


def render(results: dict[int, dict[str, Any]]) -> str:
    lines = [
        "| entries | command | jrnl (encrypted) | jrnl (plain) | ours (KDF) | ours (cache) "
        "| jrnl ÷ ours (KDF) | jrnl ÷ ours (cache) | runs | load |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for n in sorted(results):
        result = results[n]
        for command in COMMANDS:
            if command not in result["commands"]:
                continue
            theirs, kdf, cache = (
                median(result, command, name) for name in ("jrnl", "ours_kdf", "ours_cache")
            )
            lines.append(
                f"| {n:,} | {command_cell(command, result['words'])} | {seconds(theirs)} "
                f"| {plain_cell(result, command)} | {seconds(kdf)} "
                f"| {seconds(cache)} | {ratio(theirs, kdf)} | {ratio(theirs, cache)} "
                f"| {result['commands'][command]['repeat']} "
                f"| {result['load_before']} → {result['load_after']} |"
            )
    return "\n".join(lines)


def render_cpu(results: dict[int, dict[str, Any]]) -> str:
    """CPU time (user + system) medians, where the load does not count."""
    lines = [
        "| entries | command | jrnl (encrypted) | jrnl (plain) | ours (KDF) | ours (cache) "
        "| peak memory: jrnl (enc.) / ours (KDF) / ours (cache) |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for n in sorted(results):
        result = results[n]
        for command in COMMANDS:
            if command not in result["commands"]:
                continue
            cpu = [
                seconds(median(result, command, "jrnl", "cpu_s")),
                plain_cell(result, command, "cpu_s"),
                seconds(median(result, command, "ours_kdf", "cpu_s")),
                seconds(median(result, command, "ours_cache", "cpu_s")),
            ]
            memory = [
                median(result, command, name, "maxrss_kib") / 1024
                for name in ("jrnl", "ours_kdf", "ours_cache")
            ]
            lines.append(
                f"| {n:,} | {command_cell(command, result['words'])} | "
                + " | ".join(cpu)
                + " | "
                + " / ".join(f"{value:,.0f}" for value in memory)
                + " MiB |"
            )
    return "\n".join(lines)


def report(results: dict[int, dict[str, Any]], start: str, end: str) -> str:
    return "\n".join(
        [
            f"Whole-process wall time, medians (load average at start {start}, at end {end}; "
            "each row's load: before → after its size):",
            "",
            render(results),
            "",
            "CPU time (user + system), medians:",
            "",
            render_cpu(results),
            "",
        ]
    )


# --- main -----------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=lambda text: [int(part) for part in text.split(",")],
        default=list(DEFAULT_SIZES),
        help="comma-separated journal sizes (default: 10 to 300000)",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="cache and results folder")
    parser.add_argument("--repeat", type=int, default=REPEAT, help="timed rounds (default 5)")
    parser.add_argument(
        "--slow-seconds",
        type=float,
        default=SLOW_SECONDS,
        help="a jrnl warm-up run longer than this uses --slow-repeat rounds (default 30)",
    )
    parser.add_argument("--slow-repeat", type=int, default=SLOW_REPEAT, help="(default 3)")
    parser.add_argument(
        "--plain-up-to",
        type=int,
        default=PLAIN_UP_TO,
        help="run jrnl's plain journal too up to this size (default 10000)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    library = keyutils()
    join_new_session_keyring(library)
    cli, jrnl = cli_path(), ensure_jrnl(out)
    journals: dict[int, tuple[Path, Path]] = {}
    for n in args.sizes:
        corpus = ensure_corpus(n, out)
        ensure_words(n, corpus, out)
        ensure_vault(n, corpus, out, cli)
        journals[n] = ensure_journals(n, corpus, out, jrnl)
    write_jrnl_config(jrnl, journals)
    for n in args.sizes:
        check_jrnl_reads(jrnl, n, out / f"corpus-{n}.jsonl")

    raw_path = out / "jrnl-results.json"
    raw: dict[str, Any] = (
        json.loads(raw_path.read_text(encoding="utf-8")) if raw_path.exists() else {}
    )
    raw.setdefault("sizes", {})
    raw["jrnl_version"] = JRNL_VERSION
    start = load_average()
    print(f"load average at start: {start}", flush=True)
    began = time.perf_counter()
    for n in args.sizes:
        raw["sizes"][str(n)] = measure(n, out, cli, jrnl=jrnl, library=library, args=args)
        write_atomically(raw_path, json.dumps(raw, indent=2))
    end = load_average()
    print(f"load average at end: {end} ({time.perf_counter() - began:.0f} s)", flush=True)
    results = {int(n): result for n, result in raw["sizes"].items()}
    text = report(results, start, end)
    print(text)
    write_atomically(out / "jrnl-results.md", text)
    log(f"wrote {out / 'jrnl-results.md'} and {raw_path}")


if __name__ == "__main__":
    main()
