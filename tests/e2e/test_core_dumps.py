"""A crash of the app or of a command writes no core file.

A core file is a copy of the process's memory: the data key, the passphrase,
entries. The processes here are started with the core size limit raised to
unlimited (as a person's shell might have it), then killed with SIGABRT,
whose default action is to dump core. A plain Python process treated the same
way shows that this system would write the core file where the test looks.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.cli import cli_env
from tests.helpers.processes import cli_argv, read_until_count, spawn, write_secret
from tests.helpers.vaults import VaultInfo
from therapy_journal.hardening import harden_process, is_dumpable

WAIT_S = 60.0


def allow_core_dumps() -> None:
    resource.setrlimit(resource.RLIMIT_CORE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))


def cores_in(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.startswith("core"))


def crash(proc: subprocess.Popen[bytes]) -> None:
    """SIGABRT, and wait until the process (and the kernel's dump) is done."""
    os.kill(proc.pid, signal.SIGABRT)
    proc.communicate(timeout=WAIT_S)
    assert proc.returncode == -signal.SIGABRT


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.05)


@pytest.fixture
def cores_are_files(tmp_path: Path, reaper: list[subprocess.Popen[bytes]]) -> None:
    """Skip where the kernel hands cores to a program (core_pattern '|…') rather
    than writing a file in the crashed process's folder."""
    folder = tmp_path / "control"
    folder.mkdir()
    code = "import sys, time; print('ready', flush=True); time.sleep(120)"
    control = spawn(
        [sys.executable, "-c", code], env=dict(os.environ), cwd=folder, preexec_fn=allow_core_dumps
    )
    reaper.append(control)
    assert control.stdout is not None
    assert control.stdout.readline() == b"ready\n"
    crash(control)
    if not cores_in(folder):
        pattern = Path("/proc/sys/kernel/core_pattern").read_text().strip()
        pytest.skip(f"this system does not write core files in the process's folder ({pattern})")
    for name in cores_in(folder):
        (folder / name).unlink()


def open_files(pid: int) -> list[str]:
    names = []
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            names.append(os.readlink(f"/proc/{pid}/fd/{fd}"))
        except OSError:
            continue
    return names


def test_the_locked_app_writes_no_core_file_when_it_crashes(
    tmp_path: Path, locked_vault: VaultInfo, cores_are_files: None, reaper: list
) -> None:
    folder = tmp_path / "app"
    folder.mkdir()
    app = spawn(
        cli_argv("--vault", str(locked_vault.folder), "--verbose"),
        env=cli_env(),
        cwd=folder,
        preexec_fn=allow_core_dumps,
    )
    reaper.append(app)
    assert app.stderr is not None
    shown = read_until_count(app.stderr.fileno(), b"unlock window shown", 1, WAIT_S)
    assert b"unlock window shown" in shown, shown.decode(errors="replace")
    limits = Path(f"/proc/{app.pid}/limits").read_text()
    assert any(line.split()[4:6] == ["0", "0"] for line in limits.splitlines() if "core" in line)

    crash(app)
    assert cores_in(folder) == []


def test_a_command_holding_the_key_writes_no_core_file_when_it_crashes(
    tmp_path: Path, locked_vault: VaultInfo, cores_are_files: None, reaper: list
) -> None:
    folder = tmp_path / "cli"
    folder.mkdir()
    secret = write_secret(tmp_path / "passphrase.txt", locked_vault.passphrase)
    # 'add' unlocks the vault, then waits for the entry's text on stdin.
    command = spawn(
        cli_argv("--passphrase-file", str(secret), "add", "--title", "waiting"),
        env=cli_env(locked_vault.folder),
        cwd=folder,
        preexec_fn=allow_core_dumps,
    )
    reaper.append(command)
    db = str(locked_vault.folder / "journal.db")
    wait_for(lambda: db in open_files(command.pid), "the command has the vault open")

    crash(command)
    assert cores_in(folder) == []


def test_hardening_turns_core_dumps_and_ptrace_reading_off() -> None:
    code = (
        "import resource\n"
        "from therapy_journal.hardening import harden_process, is_dumpable\n"
        "before = is_dumpable()\n"
        "done = harden_process()\n"
        "print(before, is_dumpable(), done.core_dumps_off, done.not_dumpable,\n"
        "      resource.getrlimit(resource.RLIMIT_CORE))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.split(None, 4) == ["True", "False", "True", "True", "(0, 0)\n"]
    assert harden_process is not None and is_dumpable() is True  # this process: untouched
