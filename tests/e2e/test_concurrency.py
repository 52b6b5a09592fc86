"""Two processes writing to the same vault at the same time lose nothing."""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

from tests.helpers.add_loop import body_for, title_for
from tests.helpers.cli import cli_env
from tests.helpers.journals import all_titles, open_journal
from tests.helpers.processes import cli_argv, spawn, spawn_writer
from tests.helpers.vaults import VaultInfo
from therapy_journal.store.vault import Vault

PER_WRITER = 40
BODY_CHARS = 4_000


def test_two_python_writers_adding_40_entries_each_at_once_lose_nothing(
    locked_vault: VaultInfo,
    passphrase_file: Path,
    opened: list[Vault],
    reaper: list[subprocess.Popen[bytes]],
) -> None:
    prefixes = ("alpha", "beta")
    writers = [
        spawn_writer(
            locked_vault.folder,
            passphrase_file,
            prefix=prefix,
            count=PER_WRITER,
            body_chars=BODY_CHARS,
            wait_for_go=True,
        )
        for prefix in prefixes
    ]
    reaper.extend(writers)
    for writer in writers:  # both unlocked before either writes
        assert writer.stdout is not None
        assert writer.stdout.readline() == b"ready\n"
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write(b"go\n")
        writer.stdin.flush()
    reported: dict[int, str] = {}
    for prefix, writer in zip(prefixes, writers, strict=True):
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err.decode()
        lines = out.decode().splitlines()
        assert len(lines) == PER_WRITER
        for line in lines:
            _, entry_id, index = line.split()
            reported[int(entry_id)] = title_for(prefix, int(index))

    journal = open_journal(locked_vault.folder, locked_vault.passphrase, opened)
    titles = all_titles(journal)
    assert len(reported) == 2 * PER_WRITER  # no id handed out twice
    assert titles == reported
    expected = {title_for(p, i) for p in prefixes for i in range(PER_WRITER)}
    assert set(titles.values()) == expected
    for entry in journal.get_many(list(titles)):
        prefix, _, index = entry.title.rpartition("-")
        assert entry.body == body_for(prefix, int(index), BODY_CHARS)
    assert journal.integrity_problems() == []


def test_two_shell_loops_of_cli_adds_at_once_lose_nothing(
    locked_vault: VaultInfo,
    passphrase_file: Path,
    opened: list[Vault],
    reaper: list[subprocess.Popen[bytes]],
) -> None:
    count = 6
    env = cli_env(locked_vault.folder)
    loops = []
    for name in ("left", "right"):
        add = shlex.join(cli_argv("--passphrase-file", str(passphrase_file), "add", "--title"))
        script = (
            f"for i in $(seq 1 {count}); do "
            f'echo "body of {name} $i" | {add} "{name}-$i" || exit 1; done'
        )
        loops.append(spawn(["sh", "-c", script], env=env, stdin=subprocess.DEVNULL))
    reaper.extend(loops)
    added: dict[int, str] = {}
    for name, loop in zip(("left", "right"), loops, strict=True):
        out, err = loop.communicate(timeout=120)
        assert loop.returncode == 0, err.decode()
        lines = out.decode().splitlines()
        assert len(lines) == count
        for number, line in enumerate(lines, start=1):
            assert line.startswith("Added entry "), line
            added[int(line.removeprefix("Added entry ").rstrip("."))] = f"{name}-{number}"

    journal = open_journal(locked_vault.folder, locked_vault.passphrase, opened)
    assert all_titles(journal) == added
    assert len(added) == 2 * count
    for entry in journal.get_many(list(added)):
        loop_name, _, loop_number = entry.title.rpartition("-")
        assert entry.body == f"body of {loop_name} {loop_number}\n"
    assert journal.integrity_problems() == []
