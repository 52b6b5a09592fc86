"""A second start on the same vault brings the first window forward instead."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.test_real_window import SHOWN, START_TIMEOUT_S, read_until, stop
from tests.helpers.cli import cli_env
from tests.helpers.processes import cli_argv, spawn
from tests.helpers.vaults import make_vault

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
