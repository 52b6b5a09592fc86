"""A process killed with SIGKILL while it writes leaves a vault that opens, passes
every integrity check, and holds every entry whose add had returned; a killed
import leaves the vault exactly as it was before.

The kill moments are random but seeded, so a failure can be replayed.
"""

from __future__ import annotations

import contextlib
import json
import os
import pty
import random
import re
import select
import signal
import subprocess
import time
from pathlib import Path

from tests.helpers.add_loop import body_for, title_for
from tests.helpers.cli import cli_env
from tests.helpers.journals import all_titles, open_journal
from tests.helpers.processes import cli_argv, run_cli, spawn, spawn_writer, write_secret
from tests.helpers.vaults import VaultInfo
from therapy_journal.store.vault import Vault

SEED = 20_260_523
ADDED = re.compile(r"^Added entry (\d+)\.$", re.MULTILINE)
BODY_CHARS = 1_000_000


def _added_id(stdout: str) -> int | None:
    match = ADDED.search(stdout)
    return int(match.group(1)) if match else None


def _kill(proc: subprocess.Popen[bytes]) -> tuple[str, str]:
    """SIGKILL ``proc`` if it still runs; return what it had written."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=30)
    return out.decode("utf-8"), err.decode("utf-8")


def test_sigkill_in_a_stream_of_cli_adds_keeps_a_healthy_vault_with_every_completed_entry(
    locked_vault: VaultInfo, passphrase_file: Path, tmp_path: Path, opened: list[Vault]
) -> None:
    rng = random.Random(SEED)
    env = cli_env(locked_vault.folder)
    add = ("--passphrase-file", str(passphrase_file), "add", "--title")
    body_file = tmp_path / "body.txt"
    body_file.write_text(body_for("cli", 0, BODY_CHARS), encoding="utf-8")
    returned: dict[int, str] = {}  # id -> title, for every add that printed its id
    killed_titles: set[str] = set()

    for round_no in range(3):
        for index in range(2):
            title = f"round{round_no}-done{index}"
            with body_file.open("rb") as body:
                proc = spawn(cli_argv(*add, title), env=env, stdin=body)
            out, err = proc.communicate(timeout=60)
            assert proc.returncode == 0, err.decode()
            entry_id = _added_id(out.decode())
            assert entry_id is not None
            returned[entry_id] = title
        title = f"round{round_no}-killed"
        with body_file.open("rb") as body:
            victim = spawn(cli_argv(*add, title), env=env, stdin=body)
        # A whole 1 MB add takes ~0.35 s here, most of it start-up and unlock.
        with contextlib.suppress(subprocess.TimeoutExpired):
            victim.wait(timeout=rng.uniform(0.15, 0.4))
        victim_out, _ = _kill(victim)
        killed_titles.add(title)
        if (victim_id := _added_id(victim_out)) is not None:  # it returned before the kill
            returned[victim_id] = title

    journal = open_journal(locked_vault.folder, locked_vault.passphrase, opened)
    assert journal.integrity_problems() == []
    titles = all_titles(journal)
    for entry_id, title in returned.items():
        assert titles.get(entry_id) == title, f"entry {entry_id} ({title}) was lost"
    # A killed add is all there or not there at all.
    for entry_id in set(titles) - set(returned):
        assert titles[entry_id] in killed_titles
    expected_body = body_for("cli", 0, BODY_CHARS)
    assert all(entry.body == expected_body for entry in journal.get_many(list(titles)))


def test_sigkill_of_a_python_loop_adding_1mb_entries_keeps_every_returned_entry(
    locked_vault: VaultInfo,
    passphrase_file: Path,
    opened: list[Vault],
    reaper: list[subprocess.Popen[bytes]],
) -> None:
    rng = random.Random(SEED + 1)
    returned: dict[int, tuple[str, int]] = {}  # id -> (prefix, index)
    prefixes = [f"loop{round_no}" for round_no in range(3)]

    for prefix in prefixes:
        writer = spawn_writer(
            locked_vault.folder, passphrase_file, prefix=prefix, body_chars=BODY_CHARS
        )
        reaper.append(writer)
        assert writer.stdout is not None
        assert writer.stdout.readline() == b"ready\n"
        for _ in range(rng.randint(1, 4)):  # let some adds return first
            line = writer.stdout.readline().decode()
            assert line.startswith("added "), line
            _, first_id, first_index = line.split()
            returned[int(first_id)] = (prefix, int(first_index))
        # Then kill it somewhere inside one of the next adds (~60 ms each).
        with contextlib.suppress(subprocess.TimeoutExpired):
            writer.wait(timeout=rng.uniform(0.0, 0.12))
        rest, err = _kill(writer)
        assert writer.returncode == -signal.SIGKILL, err
        for line in rest.splitlines():  # printed after their add returned, before the kill
            _, printed_id, printed_index = line.split()
            returned[int(printed_id)] = (prefix, int(printed_index))

    journal = open_journal(locked_vault.folder, locked_vault.passphrase, opened)
    assert journal.integrity_problems() == []
    stored = {entry.id: entry for entry in journal.get_many(list(journal.ids()))}
    for entry_id, (writer_prefix, number) in returned.items():
        assert entry_id in stored, f"entry {entry_id} ({writer_prefix} #{number}) was lost"
        assert stored[entry_id].title == title_for(writer_prefix, number)
        assert stored[entry_id].body == body_for(writer_prefix, number, BODY_CHARS)
    # Whatever else is there is a whole entry from a killed add, never a torn one.
    for extra_id in set(stored) - set(returned):
        extra_prefix, _, extra_index = stored[extra_id].title.rpartition("-")
        assert extra_prefix in prefixes
        assert stored[extra_id].body == body_for(extra_prefix, int(extra_index), BODY_CHARS)


def test_vault_takes_new_cli_adds_after_a_writer_was_killed(
    locked_vault: VaultInfo,
    passphrase_file: Path,
    opened: list[Vault],
    reaper: list[subprocess.Popen[bytes]],
) -> None:
    writer = spawn_writer(
        locked_vault.folder, passphrase_file, prefix="victim", body_chars=BODY_CHARS
    )
    reaper.append(writer)
    assert writer.stdout is not None
    assert writer.stdout.readline() == b"ready\n"
    assert writer.stdout.readline().startswith(b"added ")
    _kill(writer)
    assert (locked_vault.folder / "journal.db-wal").exists()  # a hot WAL, not checkpointed

    result = run_cli(
        "--passphrase-file",
        str(passphrase_file),
        "add",
        "--title",
        "after the crash",
        env=cli_env(locked_vault.folder),
        stdin=b"still here",
    )

    assert result.returncode == 0, result.stderr
    entry_id = _added_id(result.stdout)
    assert entry_id is not None
    journal = open_journal(locked_vault.folder, locked_vault.passphrase, opened)
    assert journal.get(entry_id).body == "still here"
    assert journal.integrity_problems() == []


def _write_big_jsonl(path: Path, count: int, body_chars: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            record = {
                "created": f"2020-01-01T00:00:{n % 60:02d}+00:00",
                "title": f"imported-{n}",
                "body": f"{n} " + "x" * body_chars,
                "tags": ["bulk"],
            }
            out.write(json.dumps(record) + "\n")


def _read_until(fd: int, needle: bytes, proc: subprocess.Popen[bytes], timeout: float) -> bytes:
    """What ``proc`` writes to the terminal ``fd``, up to and including ``needle``."""
    seen = b""
    deadline = time.monotonic() + timeout
    while needle not in seen:
        assert proc.poll() is None, f"it ended before writing {needle!r}: {seen!r}"
        assert time.monotonic() < deadline, f"no {needle!r} in time: {seen!r}"
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            seen += os.read(fd, 4096)
    return seen


def test_sigkill_during_a_big_import_leaves_the_vault_as_it_was(
    seeded_vault: VaultInfo,
    tmp_path: Path,
    opened: list[Vault],
    reaper: list[subprocess.Popen[bytes]],
) -> None:
    big = tmp_path / "big.jsonl"
    _write_big_jsonl(big, 20_000, 2_000)
    passphrase_file = write_secret(tmp_path / "pass.txt", seeded_vault.passphrase)
    # stderr is a terminal, so the import shows its progress there; it is
    # killed halfway through reading the file, well before it could commit.
    terminal, child_end = pty.openpty()
    try:
        importer = subprocess.Popen(
            cli_argv(
                "--passphrase-file", str(passphrase_file), "import", "--from", "jsonl", str(big)
            ),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=child_end,
            env=cli_env(seeded_vault.folder),
            start_new_session=True,
        )
        reaper.append(importer)
        os.close(child_end)
        _read_until(terminal, b"Read 10,000 entries", importer, timeout=60)
        importer.send_signal(signal.SIGKILL)
        importer.communicate(timeout=30)
    finally:
        os.close(terminal)
    assert importer.returncode == -signal.SIGKILL

    journal = open_journal(seeded_vault.folder, seeded_vault.passphrase, opened)
    assert journal.integrity_problems() == []
    assert sorted(all_titles(journal).values()) == ["first", "second", "third"]
    assert journal.tags() == []
