"""Settings: discreet mode, auto-lock, theme, editor font size, passphrase change."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui import forms
from therapy_journal.gui.dialogs.passphrase_fields import NewPassphraseDialog
from therapy_journal.gui.i18n import tr
from therapy_journal.gui.session import Session
from therapy_journal.gui.settings import BACKUP_EVERY, THEMES, AppSettings
from therapy_journal.store.errors import WrongPassphrase


class SettingsDialog(QDialog):
    """Edits a copy of the settings; the caller applies them when accepted."""

    def __init__(self, settings: AppSettings, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("SettingsDialog")
        self.setWindowTitle(tr("Settings"))
        self.session = session
        self.discreet = QCheckBox(tr("&Discreet mode"))
        self.discreet.setToolTip(
            tr("A neutral window title, and no journal text in the task switcher.")
        )
        self.discreet.setChecked(settings.discreet)
        self.autolock = QSpinBox(minimum=0, maximum=240, suffix=tr(" min"))
        self.autolock.setSpecialValueText(tr("Never"))
        self.autolock.setValue(settings.autolock_minutes)
        self.autolock.setAccessibleName(tr("Lock after minutes without use"))
        self.theme = QComboBox()
        for key, label in zip(
            THEMES, [tr("Follow the system"), tr("Light"), tr("Dark")], strict=True
        ):
            self.theme.addItem(label, key)
        self.theme.setCurrentIndex(THEMES.index(settings.theme))
        self.font_size = QSpinBox(minimum=8, maximum=32, suffix=" pt")
        self.font_size.setValue(settings.font_size)
        self.backup_every = QComboBox()
        self.backup_every.setAccessibleName(tr("Automatic backups"))
        for key, label in zip(
            BACKUP_EVERY, [tr("Off"), tr("Every day"), tr("Every week")], strict=True
        ):
            self.backup_every.addItem(label, key)
        self.backup_every.setCurrentIndex(list(BACKUP_EVERY).index(settings.backup_every))
        self.backup_keep = QSpinBox(minimum=1, maximum=365, suffix=tr(" backups"))
        self.backup_keep.setAccessibleName(tr("Automatic backups to keep"))
        self.backup_keep.setValue(settings.backup_keep)
        self.backup_folder = QLineEdit(settings.backup_folder)
        self.backup_folder.setAccessibleName(tr("Folder for automatic backups"))
        self.backup_folder.setPlaceholderText(tr("Choose a folder, ideally on another drive"))
        folder_row = forms.path_row(self.backup_folder, self._choose_folder)
        change = QPushButton(tr("&Change passphrase…"))
        change.clicked.connect(self.change_passphrase)
        form = QFormLayout()
        form.addRow("", self.discreet)
        form.addRow(tr("&Lock after"), self.autolock)
        form.addRow(tr("&Theme"), self.theme)
        form.addRow(tr("Editor &font size"), self.font_size)
        form.addRow(tr("Passphrase"), change)
        form.addRow(tr("&Back up"), self.backup_every)
        form.addRow(tr("&Keep the last"), self.backup_keep)
        form.addRow(tr("Backup &folder"), folder_row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def chosen(self, base: AppSettings) -> AppSettings:
        base.discreet = self.discreet.isChecked()
        base.autolock_minutes = self.autolock.value()
        base.theme = str(self.theme.currentData())
        base.font_size = self.font_size.value()
        base.backup_every = str(self.backup_every.currentData())
        base.backup_keep = self.backup_keep.value()
        base.backup_folder = self.backup_folder.text().strip()
        return base

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, tr("Folder for automatic backups"), self.backup_folder.text()
        )
        if folder:
            self.backup_folder.setText(folder)

    def accept(self) -> None:
        if self.backup_every.currentData() != "off" and not self.backup_folder.text().strip():
            self.backup_folder.setFocus()
            self.backup_folder.setPlaceholderText(tr("Automatic backups need a folder"))
            return
        super().accept()

    def change_passphrase(self) -> None:
        ChangePassphraseDialog(self.session, self).exec()


class ChangePassphraseDialog(NewPassphraseDialog):
    """The current passphrase and a new one; only the key file is rewritten."""

    refused = WrongPassphrase

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        current = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        current.setAccessibleName(tr("Current passphrase"))
        super().__init__(
            session.tasks,
            title=tr("Change passphrase"),
            proof_label=tr("C&urrent passphrase"),
            proof=current,
            hint=tr("Your recovery key keeps working."),
            parent=parent,
        )
        self.setObjectName("ChangePassphraseDialog")
        self.session = session
        self.current = current

    def work(self, proof: str, passphrase: str) -> object:
        self.session.vault.change_passphrase(proof, passphrase)
        return None

    def refusal(self, error: Exception) -> str:
        return tr("The current passphrase is not right.")
