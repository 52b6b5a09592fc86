"""Test set-up shared by every test.

The Qt platform is chosen here, before any QApplication can exist. Every test
runs with its own HOME and XDG folders in a temporary directory, so nothing
touches the real user folders, and in a fixed time zone with daylight saving,
so local-time handling is exercised the same way everywhere.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["TZ"] = "America/New_York"
time.tzset()

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from tests.helpers.vaults import FAST_KDF, PASSPHRASE, VaultInfo, make_vault  # noqa: E402
from therapy_journal.services.journal import JournalService  # noqa: E402
from therapy_journal.store.keyfile import KdfParams  # noqa: E402
from therapy_journal.store.vault import Vault  # noqa: E402

_ENV_TO_CLEAR = ("THERAPY_JOURNAL_VAULT", "THERAPY_JOURNAL_PASSPHRASE", "THERAPY_JOURNAL_DEBUG")


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for name, sub in (
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
    ):
        monkeypatch.setenv(name, str(home / sub))
    runtime = home / "run"  # where opened attachments go (XDG_RUNTIME_DIR, private)
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    for name in _ENV_TO_CLEAR:
        monkeypatch.delenv(name, raising=False)
    # No session bus: reminders tell no desktop of the person running the
    # tests (tests/helpers/notification_daemon.py makes one where wanted).
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={home / 'no-session-bus'}")
    return home


@pytest.fixture(autouse=True)
def no_stray_gui_application() -> Iterator[None]:
    """A test must not leave a bare QGuiApplication (the PDF maker starts one
    when none is running): it would stay for the rest of the run and stand in
    the way of pytest-qt's QApplication, failing every GUI test after it."""
    yield
    qtgui = sys.modules.get("PySide6.QtGui")
    if qtgui is None:
        return
    app = qtgui.QGuiApplication.instance()
    if app is not None and type(app).__name__ == "QGuiApplication":
        pytest.fail(
            "this test left a headless QGuiApplication in the test process (an in-process "
            "PDF?): use the tests' no_pdf_maker_in_this_process fixture or a real process"
        )


@pytest.fixture
def fast_kdf() -> KdfParams:
    return FAST_KDF


@pytest.fixture
def vault_folder(tmp_path: Path) -> Path:
    return tmp_path / "vault"


@pytest.fixture
def vault_info(vault_folder: Path) -> Iterator[VaultInfo]:
    """A fresh vault with a cheap KDF, unlocked; locked again after the test."""
    info = make_vault(vault_folder)
    yield info
    info.vault.lock()


@pytest.fixture
def vault(vault_info: VaultInfo):  # type: ignore[no-untyped-def]
    return vault_info.vault


@pytest.fixture
def journal(vault) -> JournalService:  # type: ignore[no-untyped-def]
    return JournalService(vault)


@pytest.fixture
def passphrase() -> str:
    return PASSPHRASE


@pytest.fixture
def opened() -> Iterator[list[Vault]]:
    """Vaults a test unlocks in this process; all locked again at teardown."""
    vaults: list[Vault] = []
    yield vaults
    for vault in vaults:
        vault.lock()


@pytest.fixture
def reaper() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Child processes a test starts; any still running at teardown (a failed
    assertion) are killed and reaped, so none outlives its test."""
    children: list[subprocess.Popen[bytes]] = []
    yield children
    for child in children:
        if child.poll() is None:
            child.kill()
        child.communicate(timeout=30)
