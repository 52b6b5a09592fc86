"""Settings: discreet mode, auto-lock, theme, editor font size, passphrase change."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui.dialogs.passphrase_fields import NewPassphraseDialog
from therapy_journal.gui.i18n import tr
from therapy_journal.gui.session import Session
from therapy_journal.gui.settings import THEMES, AppSettings
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
        change = QPushButton(tr("&Change passphrase…"))
        change.clicked.connect(self.change_passphrase)
        form = QFormLayout()
        form.addRow("", self.discreet)
        form.addRow(tr("&Lock after"), self.autolock)
        form.addRow(tr("&Theme"), self.theme)
        form.addRow(tr("Editor &font size"), self.font_size)
        form.addRow(tr("Passphrase"), change)
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
        return base

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
