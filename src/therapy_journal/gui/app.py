"""Starting the desktop app and moving between its states.

First run (no vault yet) → unlock window → main window → (lock) → unlock
window. Locking abandons background work, saves the open entry, closes the
main window (so no entry text stays in any widget), drops the key, clears a
secret this app put on the clipboard, and shows the unlock window again.

With "keep running" on (Settings ▸ Reminders), closing the main window locks
the same way and the app stays, without a window, in the tray or the
background, to remind (gui/reminders); the fresh start then starts there
(``--background``), as a start at login does.

The desktop app then replaces its own process with a fresh start of the same
program on the same vault (:func:`relaunch`): Python cannot wipe the copies
of the passphrase, the key's hex text and the entries that strings, Qt and
SQLite leave in freed memory (after an in-process lock the app still held the
key's hex form twice, the passphrase four times and entry text five to nine
times), but a new process image holds none of the old memory. The same process
id, standard streams and vault carry on; work that was running ends with it,
and its temporary files are removed (:func:`therapy_journal.store.atomic.close_unfinished`).
"""

from __future__ import annotations

import faulthandler
import json
import logging
import os
import sys
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from therapy_journal import APP_DISPLAY_NAME, APP_ID, APP_NAME
from therapy_journal.cli.secrets import PASSPHRASE_ENV
from therapy_journal.gui import app_filter, display, errors
from therapy_journal.gui.clipboard import forget_secrets
from therapy_journal.gui.dialogs.backup_dialogs import RestoreDialog
from therapy_journal.gui.dialogs.first_run import FirstRunDialog
from therapy_journal.gui.dialogs.settings_dialog import SettingsDialog
from therapy_journal.gui.dialogs.unlock import UnlockWindow
from therapy_journal.gui.i18n import tr
from therapy_journal.gui.idle import IdleWatcher
from therapy_journal.gui.main_window import MainWindow, window_title
from therapy_journal.gui.reminders.reminders import Reminders
from therapy_journal.gui.session import Session
from therapy_journal.gui.settings import AppSettings
from therapy_journal.gui.single_instance import InstanceServer, ask_running_instance
from therapy_journal.gui.tasks import TaskRunner
from therapy_journal.gui.theme import apply_theme
from therapy_journal.hardening import harden_process, replace_process
from therapy_journal.locations import VAULT_ENV, default_vault_folder
from therapy_journal.services import autostart, leftovers, opened_copies
from therapy_journal.services.reminders import Notification
from therapy_journal.store import atomic
from therapy_journal.store.errors import StorageError
from therapy_journal.store.keyfile import KdfParams
from therapy_journal.store.vault import KEY_NAME, Vault

log = logging.getLogger(__name__)
TIDIED_SHOWN_MS = 20_000  # long enough to read what was cleaned up after a killed run

# Temporary files the replaced process image was writing when it locked
# (a JSON list of paths); the new image removes them once more at start.
UNFINISHED_ENV = "THERAPY_JOURNAL_UNFINISHED"


class App(QObject):
    """The app's states and the windows that show them."""

    def __init__(
        self,
        qapp: QApplication,
        vault_folder: Path,
        settings: AppSettings | None = None,
        kdf: KdfParams | None = None,
        relaunch: Callable[[Path], None] | None = None,
        *,
        background: bool = False,
    ) -> None:
        super().__init__()
        self.qapp = qapp
        # Called with the vault folder after a lock to replace the process
        # (main() passes :func:`relaunch`); without it the app stays as it is,
        # locked (tests drive the app in their own process this way).
        self.relaunch = relaunch
        # Started without a window (--background), or the window was closed
        # to keep running: the fresh start after a lock starts the same way.
        self.in_background = background
        self.settings = settings or AppSettings.load()
        self.vault = Vault(vault_folder, kdf=kdf)
        self.tasks = TaskRunner(self)
        self.session: Session | None = None
        self.main_window: MainWindow | None = None
        self.unlock_window: UnlockWindow | None = None
        self.first_run: FirstRunDialog | None = None
        self.tidied: list[str] = []  # what start() did about leftovers of killed runs
        self.restore_dialog: RestoreDialog | None = None
        self._afresh_pending = False
        self.tasks.busy_changed.connect(self._maybe_start_afresh)
        self.idle = IdleWatcher(0, self)
        self.idle.idle.connect(self.lock)
        app_filter.install(qapp).watch_idle(self.idle)
        apply_theme(qapp, self.settings.theme)
        self.reminders = Reminders(self.settings, self)
        tray = self.reminders.tray
        tray.open_requested.connect(self.bring_to_front)
        tray.write_requested.connect(self.write_from_reminder)
        tray.quit_requested.connect(self.quit)
        tray.message_clicked.connect(self.open_notification)
        self.apply_settings()

    def apply_settings(self) -> None:
        """What the settings change app-wide: the name the desktop shows (window
        titles, notifications), reminders, whether closing the window quits."""
        self.qapp.setApplicationDisplayName(window_title(self.settings))
        self.qapp.setQuitOnLastWindowClosed(not self.settings.keep_running)
        self.reminders.apply(self.settings)

    def start(self) -> None:
        # What a killed run left (an unfinished export, backup or restore swap)
        # is dealt with first: a restore swap may have taken the vault away.
        self.tidied = leftovers.clean_up(self.vault.folder)
        opened_copies.remove_all()  # a run killed before it locked left them
        if self.settings.start_at_login and not autostart.refresh(window_title(self.settings)):
            self.settings.start_at_login = False  # turned off in the desktop's own settings
            self.settings.save()
        if self.vault.exists() and self.in_background and self.settings.keep_running:
            self._tell_keeps_running()
            log.info("started in the background, locked")
        elif self.vault.exists():
            self.in_background = False
            self.show_unlock()
        else:
            self.first_run = FirstRunDialog(self.vault, self.tasks)
            self.first_run.created.connect(self._keep_region)
            self.first_run.created.connect(self.open_session)
            self.first_run.rejected.connect(self.qapp.quit)
            self.first_run.show()

    def _keep_region(self, _vault: object) -> None:
        """Asked once, at first run; changeable in Settings."""
        if self.first_run is not None:
            self.settings.region = self.first_run.chosen_region()
            self.settings.save()

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
        self.in_background = False
        window = MainWindow(self.session, self.settings)
        window.closing.connect(self._window_closed)
        window.lock_requested.connect(self.lock)
        window.restore_requested.connect(self.restore_backup)
        window.settings_requested.connect(self.edit_settings)
        window.quit_requested.connect(self.quit)
        self.main_window = window
        window.show()
        if self.tidied:
            window.statusBar().showMessage(" ".join(self.tidied), TIDIED_SHOWN_MS)
            self.tidied = []
        if self.unlock_window is not None:
            self.unlock_window.hide()
        self.idle.set_minutes(self.settings.autolock_minutes)
        self.settings.last_vault = str(self.vault.folder)
        self.settings.save()
        self.reminders.set_session(self.session)

    def _window_closed(self) -> None:
        """The person closed the main window: with "keep running" on, the app
        locks and stays in the background to remind; otherwise Qt quits."""
        if self.session is not None and self.settings.keep_running:
            self.lock(background=True)

    def _tell_keeps_running(self) -> None:
        """Said once ever, the first time the app stays without a window."""
        if not self.settings.told_keeps_running:
            self.reminders.say_still_running()
            self.settings.told_keeps_running = True
            self.settings.save()

    def lock(self, *, background: bool = False) -> None:
        """Lock now (Ctrl+L, auto-lock): nothing waits for background work.
        Then start afresh in a new process image, when the app can.

        ``background``: the window was closed to keep running; no unlock
        window is shown, here or in the fresh start."""
        if self.session is None:
            return
        self.in_background = background
        if self.relaunch is None:
            self._lock_here(show_unlock=not background)
            if background:
                self._tell_keeps_running()
            return
        # The new image shows the unlock window; this one shows it only if it
        # stays. Meanwhile closing the main window must not end the app.
        quit_on_close = self.qapp.quitOnLastWindowClosed()
        self.qapp.setQuitOnLastWindowClosed(False)
        try:
            self._lock_here(show_unlock=False)
            self.start_afresh()
            if not background:
                self.show_unlock()  # still here: not replaced, or not yet
        finally:
            self.qapp.setQuitOnLastWindowClosed(quit_on_close)

    def shut_down(self) -> None:
        """The app is quitting: lock, without starting again."""
        self._lock_here()
        forget_secrets()
        self.reminders.close()

    def _lock_here(self, *, show_unlock: bool = True) -> None:
        """Lock in this process: abandon tasks, save, clear every view, drop the key."""
        forget_secrets()
        if self.session is None:
            return
        self.reminders.set_session(None)
        self.idle.set_minutes(0)
        if show_unlock:
            # Shown first: closing the main window while no other window is
            # visible would count as closing the app's last window.
            self.show_unlock()
        self.session.lock()
        self.session = None

    def start_afresh(self) -> None:
        """Replace the locked app's process with a new one on the same vault.

        Waits only for work that runs while locked (a restore, an unlock under
        way): that is the person's own, and ending it half-way could leave no
        vault at all. Work of the unlocked session was abandoned at lock.
        """
        if self.relaunch is None or self.session is not None:
            return
        if self.tasks.busy or (self.restore_dialog is not None and self.restore_dialog.isVisible()):
            self._afresh_pending = True
            return
        self._afresh_pending = False
        log.info("starting afresh in a new process image")
        self.relaunch(self.vault.folder)
        # Still here: replacing the process failed; the app stays locked as it is.

    def _maybe_start_afresh(self, *_: object) -> None:
        if self._afresh_pending and self.session is None:
            self.start_afresh()

    def _close_main_window(self) -> None:
        window = self.main_window
        if window is None:
            return
        window.closing.disconnect(self._window_closed)  # closed by the lock, not the person
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
        self.apply_settings()
        problem = self._apply_start_at_login()
        if self.main_window is not None:
            self.main_window.apply_settings(self.settings)
            if problem:
                self.main_window.show_status(problem)

    def _apply_start_at_login(self) -> str:
        """Write or remove the autostart entry as the settings say (its name
        follows discreet mode); a problem comes back as one sentence."""
        try:
            if self.settings.start_at_login:
                autostart.turn_on(window_title(self.settings))
            else:
                autostart.turn_off()
        except (OSError, StorageError) as error:
            log.warning("the start-at-login entry was not changed: %s", type(error).__name__)
            return tr("Starting at login could not be changed: {why}").format(why=error)
        return ""

    def quit(self) -> None:
        self.shut_down()
        self.qapp.quit()

    def restore_backup(self) -> RestoreDialog:
        """Restore a backup over this vault (the app locks first); the dialog stays
        up to say how it went, over the unlock window, and the app starts
        afresh once it is closed."""
        dialog = RestoreDialog(self.tasks, self.vault.folder)
        dialog.lock_requested.connect(self._lock_for_restore)
        dialog.finished.connect(self._maybe_start_afresh)
        self.restore_dialog = dialog
        dialog.open()
        return dialog

    def _lock_for_restore(self) -> None:
        if self.session is not None:
            self._lock_here()
            self._afresh_pending = True

    def second_start(self) -> None:
        """Another start asked for this vault: show this app instead."""
        self.bring_to_front()
        log.info("brought to the front for a second start")

    def bring_to_front(self) -> None:
        """Show the window the app has, or (running in the background) the
        unlock window: for a second start, or the tray icon clicked."""
        for window in self.top_windows():
            if window.isVisible():
                self._raise(window)
                return
        if self.main_window is not None:
            self._raise(self.main_window)
        elif self.vault.exists():
            self.in_background = False
            self.show_unlock()
            if self.unlock_window is not None:
                self._raise(self.unlock_window)

    @staticmethod
    def _raise(window: QWidget) -> None:
        window.showNormal()
        window.raise_()
        window.activateWindow()

    def write_from_reminder(self) -> None:
        """A reminder (or the tray's New entry) was clicked: a new entry if the
        journal is unlocked, else the unlock window. Never unlocks anything."""
        if self.session is None or self.main_window is None:
            self.bring_to_front()
            return
        self._raise(self.main_window)
        self.main_window.new_entry()

    def open_notification(self, notification: object) -> None:
        """Where a click on a notification goes (see :class:`Notification`)."""
        if not isinstance(notification, Notification):
            return
        if notification.opens == "write":
            self.write_from_reminder()
            return
        self.bring_to_front()
        if self.main_window is not None and notification.item:
            self.main_window.open_item(notification.opens, notification.item)

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
        # A restore stopped halfway may have the vault away from its folder;
        # App.start finishes or undoes it.
        if (last / KEY_NAME).exists() or leftovers.restore_noted(last):
            return last
    return default_vault_folder()


def relaunch_command(folder: Path, *, background: bool = False) -> list[str]:
    """This program on ``folder``: the frozen executable, or this interpreter
    running the package (``-P``: the working folder is not put on the module
    path, as it is not for the installed command)."""
    if getattr(sys, "frozen", False):
        command = [sys.executable]
    else:
        command = [sys.executable, "-P", "-m", "therapy_journal"]
    command += ["--vault", str(folder)]
    if background:
        command.append(autostart.BACKGROUND_OPTION)
    if logging.getLogger("therapy_journal").isEnabledFor(logging.INFO):
        command.append("--verbose")
    return command


def relaunch(folder: Path, *, background: bool = False) -> None:
    """Replace this process with a fresh start of the app on ``folder``.

    Every temporary file still being written is removed first, and no new one
    can start; their names go to the new image, which removes them once more
    (a thread may have been half-way through one). The environment is passed
    on without the passphrase variable. Returns only if the process could not
    be replaced.
    """
    unfinished = atomic.close_unfinished()
    env = {name: value for name, value in os.environ.items() if name != PASSPHRASE_ENV}
    env[UNFINISHED_ENV] = json.dumps([str(path) for path in unfinished])
    if getattr(sys, "frozen", False):
        # PyInstaller (>= 6.10): the new image is an app of its own, not a
        # worker process of this one reusing its bootloader state.
        env["PYINSTALLER_RESET_ENVIRONMENT"] = "1"
    try:
        replace_process(relaunch_command(folder, background=background), env)
    except OSError as error:
        atomic.reopen_unfinished()
        log.warning("could not start afresh after locking: %s", error)


def _remove_left_unfinished() -> None:
    """Remove what the process image this one replaced was writing when it locked."""
    raw = os.environ.pop(UNFINISHED_ENV, None)
    if not raw:
        return
    try:
        paths = [Path(str(name)) for name in json.loads(raw)]
    except (ValueError, TypeError):
        return
    atomic.remove_temporaries(paths)


def main(
    vault_folder: Path | None, argv: list[str] | None = None, *, background: bool = False
) -> int:
    """Run the desktop app until the last window closes."""
    harden_process()
    # A crash in Qt or a C library prints where each thread was (file, line and
    # function names only, never data), so a report of it can say where.
    faulthandler.enable()
    os.environ.pop(PASSPHRASE_ENV, None)  # the app never reads it; its children get nothing
    _remove_left_unfinished()
    if display.display_missing():
        sys.stderr.write(display.no_display_text() + "\n")
        return display.NO_DISPLAY_EXIT
    with display.platform_failure_ends_quietly():
        qapp = make_qapplication(argv if argv is not None else sys.argv[:1])
    errors.install_excepthook()
    settings = AppSettings.load()
    folder = choose_vault(vault_folder, settings)
    if ask_running_instance(folder):
        return 0  # the app that has this vault open came to the front instead
    # Only POSIX exec replaces the process image in place (same process id,
    # streams and parent); elsewhere the app locks in its own process.
    app = App(qapp, folder, settings, background=background)
    if os.name == "posix":
        app.relaunch = lambda folder: relaunch(folder, background=app.in_background)
    server = InstanceServer(folder, app)
    server.raise_requested.connect(app.second_start)
    qapp.aboutToQuit.connect(app.shut_down)
    app.start()
    code = int(qapp.exec())
    # Abandoned work (a PDF being drawn, a backup) would hold the exit until
    # it ended, with its data in memory: remove its temporary files and end now.
    app.tasks.abandon()
    if app.tasks.threads_working:
        atomic.close_unfinished()
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code
