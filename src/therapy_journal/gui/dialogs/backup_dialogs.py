"""Backups from the app: now, on a schedule, and restoring one.

Every backup is test-restored right after it is written (the service does
that); the window shows the date of the last one that passed. Automatic
backups go into the folder chosen in the settings, named by date, and only the
last N of them are kept.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QLineEdit,
    QWidget,
)

from therapy_journal.gui import forms
from therapy_journal.gui.dialogs.data_dialogs import Progress, WorkDialog
from therapy_journal.gui.i18n import plural, tr
from therapy_journal.gui.session import Session
from therapy_journal.gui.settings import BACKUP_EVERY, AppSettings
from therapy_journal.gui.tasks import TaskRunner
from therapy_journal.services.backup import (
    BACKUP_SUFFIX,
    BackupResult,
    BackupService,
    RestoreResult,
    restore,
)

log = logging.getLogger(__name__)

AUTO_PREFIX = "therapy-journal-auto-"
AUTO_NAME = re.compile(re.escape(AUTO_PREFIX) + r"\d{8}-\d{6}" + re.escape(BACKUP_SUFFIX) + "$")
CHECK_EVERY_MS = 60 * 60 * 1000  # while unlocked, look once an hour whether one is due


def backup_name(moment: datetime, *, automatic: bool = False) -> str:
    stamp = moment.strftime("%Y%m%d-%H%M%S")
    prefix = AUTO_PREFIX if automatic else "therapy-journal-"
    return f"{prefix}{stamp}{BACKUP_SUFFIX}"


def verified_text(when: datetime | None) -> str:
    if when is None:
        return tr("No tested backup yet")
    return tr("Last tested backup: {when}").format(when=when.strftime("%Y-%m-%d %H:%M"))


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete the oldest automatic backups in ``folder`` beyond the newest ``keep``."""
    autos = sorted(p for p in folder.iterdir() if p.is_file() and AUTO_NAME.match(p.name))
    removed = autos[: max(0, len(autos) - keep)]
    for path in removed:
        try:
            path.unlink()
        except OSError as error:
            log.warning("could not remove an old automatic backup: %s", type(error).__name__)
    return removed


class BackupDialog(WorkDialog):
    """Back up now: one file, written, then test-restored."""

    backed_up = Signal(object)  # BackupResult

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session.tasks, tr("Back up"), parent)
        self.session = self.salvage_session = session
        self.path = QLineEdit(str(Path.home() / backup_name(datetime.now())))
        self.path.setAccessibleName(tr("Backup file"))
        row = forms.path_row(self.path, self._browse, tr("Bro&wse…"))
        forms.add_row(self.form, tr("&Save to"), row, self.path)
        self.message.setText(
            tr(
                "The backup stays encrypted. It opens with your passphrase as it is today, "
                "or with your recovery key. Keep it on another drive too."
            )
        )
        self.start_button.setText(tr("&Back up"))
        self.start_button.clicked.connect(self.start)
        self.result_: BackupResult | None = None

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Backup file"), self.path.text(), f"*{BACKUP_SUFFIX}"
        )
        if path:
            self.path.setText(path)

    def start(self) -> None:
        text = self.path.text().strip()
        if not text:
            self.message.setText(tr("Choose where to save the backup."))
            return
        service, path = BackupService(self.session.vault), Path(text)
        self.run(lambda progress: service.backup(path, progress), self._done)

    def _done(self, result: BackupResult) -> None:
        self.result_ = result
        text = plural(
            result.entries,
            "Backed up %n entry to {path}, and test-restored it: it is good.",
            "Backed up %n entries to {path}, and test-restored it: it is good.",
        ).format(path=result.path)
        if result.vault_damage is not None:
            text += " " + plural(
                len(result.vault_damage.damaged_pages),
                "Your vault has %n damaged unused page that the backup does not have; "
                "the disk may be failing. Restore this backup for a clean vault.",
                "Your vault has %n damaged unused pages that the backup does not have; "
                "the disk may be failing. Restore this backup for a clean vault.",
            )
        self.message.setText(text)
        self.backed_up.emit(result)


class BackupSchedule(QObject):
    """Makes the automatic backups the settings ask for, while the vault is unlocked."""

    finished = Signal(object)  # BackupResult, or an exception when one failed

    def __init__(self, session: Session, settings: AppSettings, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.settings = settings
        self.running = False
        self.timer = QTimer(self, interval=CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        session.locked.connect(self.timer.stop)

    def due(self, now: datetime) -> bool:
        days = BACKUP_EVERY.get(self.settings.backup_every, 0)
        if not days or not self.settings.backup_folder or not self.session.is_open:
            return False
        last = BackupService(self.session.vault).last_verified()
        return last is None or now - last >= timedelta(days=days) - timedelta(minutes=5)

    def check(self) -> bool:
        """Start an automatic backup if one is due; True if one was started."""
        now = datetime.now().astimezone()
        if self.running or not self.due(now):
            return False
        folder = Path(self.settings.backup_folder)
        keep = self.settings.backup_keep
        service = BackupService(self.session.vault)
        self.running = True

        def work() -> BackupResult:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            result = service.backup(folder / backup_name(now, automatic=True))
            prune(folder, keep)
            return result

        self.session.tasks.run(work, self._done, self._failed)
        return True

    def _done(self, result: BackupResult) -> None:
        self.running = False
        self.finished.emit(result)

    def _failed(self, error: BaseException) -> None:
        self.running = False
        log.warning("an automatic backup failed: %s", type(error).__name__)
        self.finished.emit(error)


class RestoreDialog(WorkDialog):
    """Restore a backup over this vault: checked first, the current vault kept aside."""

    lock_requested = Signal()
    restored = Signal(object)  # RestoreResult

    def __init__(self, tasks: TaskRunner, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(tasks, tr("Restore from a backup"), parent)
        self.folder = folder
        self.path = QLineEdit()
        self.path.setAccessibleName(tr("Backup file"))
        row = forms.path_row(self.path, self._browse, tr("Bro&wse…"))
        self.secret = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.secret.setAccessibleName(tr("Passphrase when the backup was made"))
        self.use_recovery = QCheckBox(tr("Use my recovery &key instead"))
        forms.add_row(self.form, tr("&Backup"), row, self.path)
        forms.add_row(self.form, tr("&Passphrase"), self.secret)
        self.form.addRow("", self.use_recovery)
        self.message.setText(
            tr(
                "A backup opens with the passphrase that was current when it was made, or "
                "with your recovery key. The backup is checked before anything changes, and "
                "your current vault is kept in a folder beside it. The app locks first."
            )
        )
        self.start_button.setText(tr("&Restore"))
        self.start_button.clicked.connect(self.start)
        self.use_recovery.toggled.connect(self._secret_kind)
        self.result_: RestoreResult | None = None

    def _secret_kind(self, recovery: bool) -> None:
        self.secret.setAccessibleName(
            tr("Recovery key") if recovery else tr("Passphrase when the backup was made")
        )

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Backup file"), str(Path.home()), f"*{BACKUP_SUFFIX};;*"
        )
        if path:
            self.path.setText(path)

    def start(self) -> None:
        text, secret = self.path.text().strip(), self.secret.text()
        if not text or not secret:
            self.message.setText(tr("Choose the backup and give its passphrase first."))
            return
        self.lock_requested.emit()
        path, folder = Path(text), self.folder
        recovery = self.use_recovery.isChecked()
        self.secret.clear()

        def work(progress: Progress) -> RestoreResult:
            if recovery:
                return restore(path, folder, replace=True, recovery_key=secret, progress=progress)
            return restore(path, folder, replace=True, passphrase=secret, progress=progress)

        self.run(work, self._done)

    def _done(self, result: RestoreResult) -> None:
        self.result_ = result
        kept = tr(" Your previous vault is kept in {path}.").format(path=result.replaced)
        self.message.setText(
            plural(
                result.entries,
                "Restored %n entry from the backup of {when}. Unlock it with the "
                "passphrase it was made with.",
                "Restored %n entries from the backup of {when}. Unlock it with the "
                "passphrase it was made with.",
            ).format(when=result.backup_created.strftime("%Y-%m-%d %H:%M"))
            + (kept if result.replaced else "")
        )
        self.restored.emit(result)
