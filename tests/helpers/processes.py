"""Real processes for end-to-end tests: the CLI and a Python writer loop, started
with Popen so a test can kill them, run them side by side or change their limits."""

from __future__ import annotations

import os
import selectors
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

from tests.helpers.cli import cli_env

REPO_ROOT = Path(__file__).resolve().parents[2]


def cli_argv(*args: str) -> list[str]:
    """The command line that runs ``therapy-journal ARGS`` with this interpreter."""
    return [sys.executable, "-m", "therapy_journal", *args]


def write_secret(path: Path, text: str) -> Path:
    """A passphrase file holding ``text`` (UTF-8, final line break), mode 0600."""
    path.write_bytes(text.encode("utf-8") + b"\n")
    path.chmod(0o600)
    return path


def spawn(
    argv: list[str],
    *,
    env: dict[str, str],
    cwd: Path | None = None,
    preexec_fn: Callable[[], None] | None = None,
    stdin: IO[bytes] | int = subprocess.PIPE,
) -> subprocess.Popen[bytes]:
    """Start ``argv`` with piped stdout and stderr, stdin piped unless given,
    and no controlling terminal."""
    return subprocess.Popen(
        argv,
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=cwd,
        preexec_fn=preexec_fn,
        start_new_session=True,
    )


def run_cli(
    *args: str,
    env: dict[str, str],
    stdin: bytes = b"",
    cwd: Path | None = None,
    preexec_fn: Callable[[], None] | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """Run the CLI to completion like :func:`tests.helpers.cli.cli_process`, with
    a chosen environment, working folder and pre-exec hook."""
    proc = spawn(cli_argv(*args), env=env, cwd=cwd, preexec_fn=preexec_fn)
    out, err = proc.communicate(stdin, timeout=timeout)
    return subprocess.CompletedProcess(
        proc.args, proc.returncode, out.decode("utf-8"), err.decode("utf-8")
    )


def writer_env(**extra: str) -> dict[str, str]:
    """Environment for :mod:`tests.helpers.add_loop`: importable test helpers, and
    this checkout's code (not whichever one is installed)."""
    env = cli_env()
    env["PYTHONPATH"] = os.pathsep.join([str(REPO_ROOT), str(REPO_ROOT / "src")])
    env.update(extra)
    return env


def spawn_writer(
    vault: Path,
    passphrase_file: Path,
    *,
    prefix: str,
    count: int = 0,
    body_chars: int = 200,
    wait_for_go: bool = False,
) -> subprocess.Popen[bytes]:
    """Start :mod:`tests.helpers.add_loop` (``count`` 0: add until killed)."""
    argv = [
        sys.executable,
        "-m",
        "tests.helpers.add_loop",
        str(vault),
        str(passphrase_file),
        prefix,
        str(count),
        str(body_chars),
    ]
    if wait_for_go:
        argv.append("--wait")
    return spawn(argv, env=writer_env(), cwd=REPO_ROOT)


def read_until_count(fd: int, needle: bytes, count: int, timeout: float) -> bytes:
    """What arrives on ``fd`` until ``needle`` was seen ``count`` times (or end, or timeout)."""
    seen = b""
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while seen.count(needle) < count:
            left = deadline - time.monotonic()
            if left <= 0 or not selector.select(left):
                break
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            seen += chunk
    return seen
