"""Settings: discreet mode, auto-lock, theme, editor font size, passphrase change."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui import errors
from therapy_journal.gui.dialogs.busy import busy_bar
from therapy_journal.gui.dialogs.passphrase_fields import NewPassphraseFields
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


class ChangePassphraseDialog(QDialog):
    """The current passphrase and a new one; only the key file is rewritten."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ChangePassphraseDialog")
        self.setWindowTitle(tr("Change passphrase"))
        self.session = session
        self.current = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.current.setAccessibleName(tr("Current passphrase"))
        self.fields = NewPassphraseFields()
        self.error = QLabel(objectName="ErrorText", wordWrap=True)
        self.busy = busy_bar()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.fields.changed.connect(self._update)
        form = QFormLayout()
        form.addRow(tr("C&urrent passphrase"), self.current)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.fields)
        layout.addWidget(QLabel(tr("Your recovery key keeps working."), objectName="Hint"))
        layout.addWidget(self.busy)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.fields.problem() is None)

    def submit(self) -> None:
        current, new = self.current.text(), self.fields.value()
        vault = self.session.vault
        self.busy.show()
        self.buttons.setEnabled(False)
        self.session.tasks.run(
            lambda: vault.change_passphrase(current, new), self._done, self._failed
        )

    def _done(self, _: object) -> None:
        self.busy.hide()
        self.current.clear()
        self.fields.clear()
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.busy.hide()
        self.buttons.setEnabled(True)
        if isinstance(error, WrongPassphrase):
            self.error.setText(tr("The current passphrase is not right."))
        else:
            errors.report(self, error)
