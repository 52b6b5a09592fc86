"""The one-folder app that PyInstaller builds (packaging/build.sh) really works.

Not part of the default run: building takes a minute or two and downloads the
build environment, so pytest does not recurse into this folder
(``norecursedirs`` in pyproject.toml). ``.ci/run`` runs it as a second
command: ``python -m pytest tests/frozen``.

The build is used as a person gets it: the program in
dist/therapy-journal/, started from a temporary folder without
``PYTHONPATH``. The command line round trip opens a real vault (SQLCipher),
the bundle export uses the age bindings (pyrage), the prompts come from the
collected resources, and the desktop app shows its unlock window on Xvfb.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from tests.e2e.test_real_window import (
    SHOWN,
    START_TIMEOUT_S,
    read_until,
    stop,
)
from tests.helpers.cli import cli_env
from tests.helpers.processes import spawn, write_secret
from tests.helpers.vaults import make_vault
from therapy_journal import __version__

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dist" / "therapy-journal" / "therapy-journal"
BUILD_TIMEOUT_S = 1800
AGE_RECIPIENT = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"


@pytest.fixture(scope="session")
def built_app() -> Path:
    """Build the app once per run with packaging/build.sh; report how long it took."""
    started = time.monotonic()
    subprocess.run([str(ROOT / "packaging" / "build.sh")], check=True, timeout=BUILD_TIMEOUT_S)
    print(f"packaging/build.sh took {time.monotonic() - started:.0f} s")
    assert os.access(APP, os.X_OK)
    return APP


def _run(
    app: Path, cwd: Path, *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    clean = env or cli_env()
    clean.pop("PYTHONPATH", None)
    proc = subprocess.run(
        [str(app), *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=clean,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return proc


def test_the_build_holds_every_resource_file(built_app: Path) -> None:
    bundled = built_app.parent / "_internal" / "therapy_journal" / "resources"
    missing = [
        path.relative_to(ROOT / "resources").as_posix()
        for path in (ROOT / "resources").rglob("*")
        if path.is_file() and path.suffix != ".py" and "__pycache__" not in path.parts
        and not (bundled / path.relative_to(ROOT / "resources")).is_file()
    ]  # fmt: skip
    assert missing == []


def test_the_built_app_prints_its_version(built_app: Path, tmp_path: Path) -> None:
    assert _run(built_app, tmp_path, "--version").stdout == f"therapy-journal {__version__}\n"


def test_the_built_app_keeps_a_journal_in_a_vault_and_shares_it(
    built_app: Path, tmp_path: Path
) -> None:
    secret = write_secret(tmp_path / "passphrase", "correct horse battery staple")
    vault = ["--vault", str(tmp_path / "vault"), "--passphrase-file", str(secret)]
    _run(built_app, tmp_path, *vault, "init", "--new-passphrase-file", str(secret))
    _run(built_app, tmp_path, *vault, "add", "--title", "Frozen", stdin="Built by PyInstaller.")
    listed = json.loads(_run(built_app, tmp_path, *vault, "list", "--json").stdout)
    assert [entry["title"] for entry in listed] == ["Frozen"]
    assert "Frozen" in _run(built_app, tmp_path, *vault, "search", "pyinstaller").stdout
    assert "healthy" in _run(built_app, tmp_path, *vault, "check").stdout
    bundle = tmp_path / "bundle.age"
    _run(built_app, tmp_path, *vault, "export", "--all", "--to-recipient", AGE_RECIPIENT,
         "-o", str(bundle))  # fmt: skip
    assert bundle.read_bytes().startswith(b"age-encryption.org/v1\n")


def test_the_built_app_shows_its_unlock_window_on_xvfb(
    built_app: Path, tmp_path: Path, x_display: str
) -> None:
    folder = tmp_path / "vault"
    make_vault(folder).vault.lock()
    env = cli_env(DISPLAY=x_display, QT_QPA_PLATFORM="xcb")
    env.pop("WAYLAND_DISPLAY", None)
    env.pop("PYTHONPATH", None)
    app = spawn([str(built_app), "--vault", str(folder), "--verbose"], env=env, cwd=tmp_path)
    try:
        assert app.stderr is not None
        err = read_until(app.stderr.fileno(), SHOWN, START_TIMEOUT_S)
        err += read_until(app.stderr.fileno(), b"\0", 1.0)
        alive = app.poll() is None
    finally:
        stop(app)
    text = err.decode("utf-8", errors="replace")
    assert SHOWN.decode() in text, text
    assert alive, text
    assert "Traceback" not in text, text
