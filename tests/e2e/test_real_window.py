"""The real program on a real X server (Xvfb) through Qt's xcb platform plugin.

Every other GUI test runs offscreen, which needs none of the X libraries the
xcb plugin loads; this one catches a missing system library (the app would
print "Could not load the Qt platform plugin" and exit) before a person does.
"""

from __future__ import annotations

import os
import selectors
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from tests.helpers.cli import cli_env
from tests.helpers.processes import cli_argv, spawn
from tests.helpers.vaults import make_vault

START_TIMEOUT_S = 20.0
SHOWN = b"unlock window shown"
SCREEN = ("-screen", "0", "1280x800x24")
PLATFORM_ERRORS = ("could not load the qt platform plugin", "xcb", "could not connect to display")


def read_until(fd: int, needle: bytes, timeout: float) -> bytes:
    """What arrives on ``fd`` until ``needle`` (or end of file, or the timeout)."""
    seen = b""
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while needle not in seen:
            left = deadline - time.monotonic()
            if left <= 0 or not selector.select(left):
                break
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            seen += chunk
    return seen


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Terminate ``proc`` (kill it if it lingers) and reap it."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    proc.wait()
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()


@pytest.fixture
def x_display(tmp_path: Path) -> Iterator[str]:
    """A private Xvfb server on a free display number; stopped afterwards."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.skip("Xvfb is not installed; .ci/run installs it")
    ready_read, ready_write = os.pipe()
    log: IO[bytes] = (tmp_path / "xvfb.log").open("wb")
    try:
        server = subprocess.Popen(
            [xvfb, "-displayfd", str(ready_write), *SCREEN, "-nolisten", "tcp"],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            pass_fds=(ready_write,),
            start_new_session=True,
        )
    finally:
        os.close(ready_write)
        log.close()
    try:
        number = read_until(ready_read, b"\n", START_TIMEOUT_S).strip()
        if not number.isdigit():
            log_text = (tmp_path / "xvfb.log").read_text(errors="replace")
            pytest.fail(
                f"Xvfb did not report its display within {START_TIMEOUT_S:.0f} s:\n{log_text}"
            )
        yield f":{number.decode()}"
    finally:
        os.close(ready_read)
        stop(server)


def test_the_app_shows_its_unlock_window_on_a_real_x_server(tmp_path: Path, x_display: str) -> None:
    folder = tmp_path / "vault"
    make_vault(folder).vault.lock()
    env = cli_env(DISPLAY=x_display, QT_QPA_PLATFORM="xcb")
    env.pop("WAYLAND_DISPLAY", None)

    app = spawn(cli_argv("--vault", str(folder), "--verbose"), env=env)
    try:
        assert app.stderr is not None
        err = read_until(app.stderr.fileno(), SHOWN, START_TIMEOUT_S)
        err += read_until(app.stderr.fileno(), b"\0", 1.0)  # a moment later (or its end)
        alive = app.poll() is None
    finally:
        stop(app)

    text = err.decode("utf-8", errors="replace")
    assert SHOWN.decode() in text, f"no unlock window within {START_TIMEOUT_S:.0f} s:\n{text}"
    assert alive, f"the app exited after showing its window:\n{text}"
    problems = [
        line for line in text.splitlines() if any(e in line.lower() for e in PLATFORM_ERRORS)
    ]
    assert not problems, text
