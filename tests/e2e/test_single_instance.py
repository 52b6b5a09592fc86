"""A second start on the same vault brings the first window forward instead."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
from pathlib import Path

import pytest

from tests.e2e.test_real_window import SHOWN, START_TIMEOUT_S, read_until, stop
from tests.helpers.cli import cli_env
from tests.helpers.processes import cli_argv, spawn
from tests.helpers.vaults import make_vault
from therapy_journal.gui.single_instance import socket_name

FORWARD = b"asked it to come forward"
RAISED = b"brought to the front for a second start"


def test_a_second_start_on_the_same_vault_raises_the_first_and_exits(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    make_vault(folder).vault.lock()
    env = cli_env(QT_QPA_PLATFORM="offscreen")
    first = spawn(cli_argv("--vault", str(folder), "--verbose"), env=env)
    try:
        assert first.stderr is not None
        shown = read_until(first.stderr.fileno(), SHOWN, START_TIMEOUT_S)
        assert SHOWN in shown, shown.decode(errors="replace")
        second = spawn(cli_argv("--vault", str(folder), "--verbose"), env=env)
        try:
            _out, err = second.communicate(timeout=START_TIMEOUT_S)
        finally:
            stop(second)
        assert second.returncode == 0, err.decode(errors="replace")
        assert FORWARD in err and SHOWN not in err  # no second window
        raised = read_until(first.stderr.fileno(), RAISED, START_TIMEOUT_S)
        assert RAISED in raised, raised.decode(errors="replace")
        assert first.poll() is None  # the first one carries on
    finally:
        stop(first)


def test_another_vault_opens_its_own_window(tmp_path: Path) -> None:
    env = cli_env(QT_QPA_PLATFORM="offscreen")
    apps = []
    try:
        for name in ("one", "two"):
            folder = tmp_path / name
            make_vault(folder).vault.lock()
            app = spawn(cli_argv("--vault", str(folder), "--verbose"), env=env)
            apps.append(app)
            assert app.stderr is not None
            seen = read_until(app.stderr.fileno(), SHOWN, START_TIMEOUT_S)
            assert SHOWN in seen, seen.decode(errors="replace")
    finally:
        for app in apps:
            stop(app)


# --- where the socket lives, and whose it is ----------------------------------------
#
# Another local user must not be able to make the app quit on start by
# listening first where it looks. "Another user" is played by a socket chowned
# to nobody (uid 65534), which needs root; the tests skip otherwise.

NOBODY = 65534
IGNORED = b"not a socket of this user's"


def _old_name(folder: Path) -> str:
    """The socket's name before: Qt put it in TMPDIR, shared by every user."""
    return f"therapy-journal-{socket_name(folder)}"


@pytest.fixture
def short(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a short path: a socket's whole path must fit in 107 bytes."""
    return tmp_path_factory.mktemp("rt")


def _needs_root() -> None:
    if os.geteuid() != 0:
        pytest.skip("planting a socket of another user needs root (to chown it)")


def _planted_listener(path: Path) -> socket.socket:
    """A listening socket at ``path`` owned by another user: connecting to it succeeds."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(8)
    os.chown(path, NOBODY, NOBODY)
    return listener


def _private(folder: Path) -> Path:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)
    return folder


def _start_and_wait_for_window(
    folder: Path, env: dict[str, str]
) -> tuple[subprocess.Popen[bytes], bytes]:
    app = spawn(cli_argv("--vault", str(folder), "--verbose"), env=env)
    assert app.stderr is not None
    return app, read_until(app.stderr.fileno(), SHOWN, START_TIMEOUT_S)


def test_a_socket_another_user_planted_in_the_shared_temp_folder_does_not_stop_the_app(
    tmp_path: Path, short: Path
) -> None:
    # Before, the socket was TMPDIR/therapy-journal-<hash> (the shared /tmp),
    # so anyone could listen there first, and every start quit at once.
    _needs_root()
    folder = tmp_path / "vault"
    make_vault(folder).vault.lock()
    shared_tmp = short
    shared_tmp.chmod(0o1777)  # like /tmp
    listener = _planted_listener(shared_tmp / _old_name(folder))
    env = cli_env(QT_QPA_PLATFORM="offscreen", TMPDIR=str(shared_tmp))
    try:
        app, seen = _start_and_wait_for_window(folder, env)
        try:
            assert SHOWN in seen, seen.decode(errors="replace")
            assert FORWARD not in seen
            assert app.poll() is None
        finally:
            stop(app)
    finally:
        listener.close()


def test_a_foreign_socket_in_the_runtime_folder_is_ignored_and_replaced(
    tmp_path: Path, short: Path
) -> None:
    _needs_root()
    folder = tmp_path / "vault"
    make_vault(folder).vault.lock()
    runtime = _private(short)
    sockets = _private(runtime / "therapy-journal")
    planted = sockets / socket_name(folder)
    listener = _planted_listener(planted)
    env = cli_env(QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(runtime))
    try:
        first, seen = _start_and_wait_for_window(folder, env)
        try:
            assert SHOWN in seen, seen.decode(errors="replace")
            assert IGNORED in seen  # one log line says why
            # The app listens there now, as this user; a second start finds it.
            assert planted.lstat().st_uid == os.getuid()
            second = spawn(cli_argv("--vault", str(folder), "--verbose"), env=env)
            try:
                _out, err = second.communicate(timeout=START_TIMEOUT_S)
            finally:
                stop(second)
            assert second.returncode == 0, err.decode(errors="replace")
            assert FORWARD in err and SHOWN not in err
        finally:
            stop(first)
    finally:
        listener.close()


@pytest.mark.parametrize("whose", ["another-users", "open-to-all"])
def test_a_runtime_folder_that_is_not_private_is_not_used(tmp_path: Path, whose: str) -> None:
    folder = tmp_path / "vault"
    make_vault(folder).vault.lock()
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    if whose == "another-users":
        _needs_root()
        os.chown(runtime, NOBODY, NOBODY)
        runtime.chmod(0o700)
    else:
        runtime.chmod(0o1777)
    env = cli_env(QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(runtime))
    first, seen = _start_and_wait_for_window(folder, env)
    try:
        assert SHOWN in seen, seen.decode(errors="replace")
        assert list(runtime.iterdir()) == []  # nothing made there
        # The socket went to the private folder in the user's state folder.
        fallback = Path(env["XDG_STATE_HOME"]) / "therapy-journal" / "run"
        assert fallback.stat().st_mode & 0o777 == 0o700
        assert stat.S_ISSOCK((fallback / socket_name(folder)).lstat().st_mode)
        second = spawn(cli_argv("--vault", str(folder), "--verbose"), env=env)
        try:
            _out, err = second.communicate(timeout=START_TIMEOUT_S)
        finally:
            stop(second)
        assert FORWARD in err and SHOWN not in err
    finally:
        stop(first)
