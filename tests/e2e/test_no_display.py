"""Started with no screen to show it on, the app says so in one line and exits 1
(it aborted with Qt's seven lines and status 134)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.processes import REPO_ROOT, cli_argv

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="X11 and Wayland sessions")

NO_SERVER = ":197"  # a display number with no X server (its socket would be /tmp/.X11-unix/X197)


@pytest.mark.parametrize(
    "display",
    [
        pytest.param({}, id="an empty environment"),
        pytest.param({"DISPLAY": NO_SERVER}, id="a display with no server"),
        pytest.param({"QT_QPA_PLATFORM": "xcb", "DISPLAY": NO_SERVER}, id="the plugin fails"),
    ],
)
def test_without_a_display_the_app_says_so_in_one_line(
    tmp_path: Path, display: dict[str, str]
) -> None:
    assert not Path(f"/tmp/.X11-unix/X{NO_SERVER[1:]}").exists()
    env = {"HOME": str(tmp_path), "PYTHONPATH": str(REPO_ROOT), **display}
    done = subprocess.run(
        cli_argv("--vault", str(tmp_path / "vault")),
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
    )
    lines = done.stderr.decode().splitlines()
    assert (done.returncode, len(lines)) == (1, 1), done.stderr.decode()
    assert "needs a graphical session" in lines[0]
    assert done.stdout == b""
    assert not (tmp_path / "vault").exists()
