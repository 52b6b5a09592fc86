"""Starting the desktop app and moving between its states.

First run (no vault yet) → unlock window → main window → (lock) → unlock
window. Locking saves the open entry, closes the main window (so no entry
text stays in any widget), drops the key, and shows the unlock window again.
"""

from __future__ import annotations

import logging
import os
import sys
from importlib.resources import files
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from therapy_journal import APP_DISPLAY_NAME, APP_ID, APP_NAME
from therapy_journal.gui import errors
from therapy_journal.gui.dialogs.backup_dialogs import RestoreDialog
from therapy_journal.gui.dialogs.first_run import FirstRunDialog
from therapy_journal.gui.dialogs.settings_dialog import SettingsDialog
from therapy_journal.gui.dialogs.unlock import UnlockWindow
from therapy_journal.gui.idle import IdleWatcher
from therapy_journal.gui.main_window import MainWindow, window_title
from therapy_journal.gui.session import Session
from therapy_journal.gui.settings import AppSettings
from therapy_journal.gui.single_instance import InstanceServer, ask_running_instance
from therapy_journal.gui.tasks import TaskRunner
from therapy_journal.gui.theme import apply_theme
from therapy_journal.locations import VAULT_ENV, default_vault_folder
from therapy_journal.store.keyfile import KdfParams
from therapy_journal.store.vault import KEY_NAME, Vault

log = logging.getLogger(__name__)


class App(QObject):
    """The app's states and the windows that show them."""

    def __init__(
        self,
        qapp: QApplication,
        vault_folder: Path,
        settings: AppSettings | None = None,
        kdf: KdfParams | None = None,
    ) -> None:
        super().__init__()
        self.qapp = qapp
        self.settings = settings or AppSettings.load()
        self.vault = Vault(vault_folder, kdf=kdf)
        self.tasks = TaskRunner(self)
        self.session: Session | None = None
        self.main_window: MainWindow | None = None
        self.unlock_window: UnlockWindow | None = None
        self.first_run: FirstRunDialog | None = None
        self.restore_dialog: RestoreDialog | None = None
        self.idle = IdleWatcher(0, self)
        self.idle.idle.connect(self.lock)
        qapp.installEventFilter(self.idle)
        apply_theme(qapp, self.settings.theme)

    def start(self) -> None:
        if self.vault.exists():
            self.show_unlock()
        else:
            self.first_run = FirstRunDialog(self.vault, self.tasks)
            self.first_run.created.connect(self.open_session)
            self.first_run.rejected.connect(self.qapp.quit)
            self.first_run.show()

    def show_unlock(self) -> None:
        if self.unlock_window is None:
            self.unlock_window = UnlockWindow(self.vault, self.tasks, window_title(self.settings))
            self.unlock_window.unlocked.connect(self.open_session)
        self.unlock_window.setWindowTitle(window_title(self.settings))
        self.unlock_window.show()
        self.unlock_window.raise_()
        self.unlock_window.passphrase.setFocus()
        log.info("unlock window shown")

    def open_session(self, vault: object) -> None:
        assert vault is self.vault
        self.session = Session(self.vault, self.tasks, self)
        self.session.locked.connect(self._close_main_window)
        window = MainWindow(self.session, self.settings)
        window.lock_requested.connect(self.lock)
        window.restore_requested.connect(self.restore_backup)
        window.settings_requested.connect(self.edit_settings)
        window.quit_requested.connect(self.quit)
        self.main_window = window
        window.show()
        if self.unlock_window is not None:
            self.unlock_window.hide()
        self.idle.set_minutes(self.settings.autolock_minutes)
        self.settings.last_vault = str(self.vault.folder)
        self.settings.save()

    def lock(self) -> None:
        if self.session is None:
            return
        self.idle.set_minutes(0)
        # The unlock window is shown first: closing the main window while no
        # other window is visible would count as closing the app's last window.
        self.show_unlock()
        self.session.lock()
        self.session = None

    def _close_main_window(self) -> None:
        window = self.main_window
        if window is None:
            return
        window.save_all()
        self.settings.geometry = window.geometry_text()
        self.settings.save()
        window.clear_all()
        window.close()
        window.deleteLater()
        self.main_window = None

    def edit_settings(self) -> None:
        if self.session is None or self.main_window is None:
            return
        dialog = SettingsDialog(self.settings, self.session, self.main_window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.settings = dialog.chosen(self.settings)
        self.settings.save()
        apply_theme(self.qapp, self.settings.theme)
        self.idle.set_minutes(self.settings.autolock_minutes)
        if self.main_window is not None:
            self.main_window.apply_settings(self.settings)

    def quit(self) -> None:
        self.lock()
        self.qapp.quit()

    def restore_backup(self) -> RestoreDialog:
        """Restore a backup over this vault (the app locks first); the dialog stays
        up to say how it went, over the unlock window."""
        dialog = RestoreDialog(self.tasks, self.vault.folder)
        dialog.lock_requested.connect(self.lock)
        self.restore_dialog = dialog
        dialog.open()
        return dialog

    def bring_to_front(self) -> None:
        """Another start asked for this vault: show the window it has instead."""
        for window in self.top_windows():
            if window.isVisible():
                window.showNormal()
                window.raise_()
                window.activateWindow()
                log.info("brought to the front for a second start")
                return

    def top_windows(self) -> list[QWidget]:
        return [w for w in (self.main_window, self.unlock_window, self.first_run) if w is not None]


def make_qapplication(argv: list[str]) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QApplication.setApplicationName(APP_NAME)
    QApplication.setApplicationDisplayName(APP_DISPLAY_NAME)
    QApplication.setDesktopFileName(APP_ID)
    qapp = QApplication(argv)
    icon = files("therapy_journal.resources").joinpath("icons", "therapy-journal.svg")
    qapp.setWindowIcon(QIcon(str(icon)))
    qapp.setAttribute(Qt.ApplicationAttribute.AA_DontShowIconsInMenus, False)
    return qapp


def choose_vault(given: Path | None, settings: AppSettings) -> Path:
    """``--vault``, else ``$THERAPY_JOURNAL_VAULT``, else the last vault opened
    (if it is still there), else the user data folder."""
    if given is not None:
        return given
    if not os.environ.get(VAULT_ENV) and settings.last_vault:
        last = Path(settings.last_vault)
        if (last / KEY_NAME).exists():
            return last
    return default_vault_folder()


def main(vault_folder: Path | None, argv: list[str] | None = None) -> int:
    """Run the desktop app until the last window closes."""
    qapp = make_qapplication(argv if argv is not None else sys.argv[:1])
    errors.install_excepthook()
    settings = AppSettings.load()
    folder = choose_vault(vault_folder, settings)
    if ask_running_instance(folder):
        return 0  # the app that has this vault open came to the front instead
    app = App(qapp, folder, settings)
    server = InstanceServer(folder, app)
    server.raise_requested.connect(app.bring_to_front)
    qapp.aboutToQuit.connect(app.lock)
    app.start()
    return int(qapp.exec())
