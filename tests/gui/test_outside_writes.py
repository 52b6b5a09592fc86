"""The CLI writing while the app is open: the app shows the entry when it comes back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.helpers.cli import cli_env
from tests.helpers.processes import cli_argv, spawn, write_secret
from tests.helpers.vaults import VaultInfo
from therapy_journal.gui.app import App


def test_an_entry_the_cli_adds_shows_when_the_window_is_active_again(
    qtbot: QtBot, unlocked_app: App, vault_on_disk: VaultInfo, tmp_path: Path
) -> None:
    window = unlocked_app.main_window
    assert window is not None
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.journal.model.rowCount() == 0
    secret = write_secret(tmp_path / "pass.txt", vault_on_disk.passphrase)
    env = cli_env()
    writer = spawn(
        cli_argv("--vault", str(vault_on_disk.folder), "--passphrase-file", str(secret), "add",
                 "--title", "Written from the terminal"),
        env=env,
    )  # fmt: skip
    _out, err = writer.communicate(b"while the app was open", timeout=60)
    assert writer.returncode == 0, err.decode(errors="replace")
    QApplication.sendEvent(window, QEvent(QEvent.Type.ActivationChange))
    qtbot.waitUntil(lambda: window.journal.model.rowCount() == 1)
    summary = window.journal.model.summary(0)
    assert summary is not None and summary.title == "Written from the terminal"
