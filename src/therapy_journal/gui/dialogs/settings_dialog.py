"""Settings in sections: privacy (discreet mode, auto-lock, passphrase), where you
are, reminders (gui/reminders), look (theme, editor font size) and automatic backups."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui import forms
from therapy_journal.gui.dialogs.passphrase_fields import NewPassphraseDialog
from therapy_journal.gui.i18n import tr
from therapy_journal.gui.reminders.settings_section import RemindersSection
from therapy_journal.gui.session import Session
from therapy_journal.gui.settings import BACKUP_EVERY, THEMES, AppSettings
from therapy_journal.gui.theme import SPACE
from therapy_journal.services import regions
from therapy_journal.store.errors import WrongPassphrase

MINIMUM_WIDTH = 520  # the hints read in two or three lines, not six


def discreet_text() -> str:
    return tr(
        "Discreet mode titles the window “Notes” instead of Therapy Journal, so a glance "
        "at the screen or the task switcher does not say what it is."
    )


def hint(text: str) -> QLabel:
    label: QLabel = QLabel(text, objectName="Hint", wordWrap=True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def section(title: str) -> tuple[QGroupBox, QFormLayout]:
    """A titled group of settings; labels go above their fields when narrow."""
    box = QGroupBox(title)
    form = QFormLayout(box)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    return box, form


class SettingsDialog(QDialog):
    """Edits a copy of the settings; the caller applies them when accepted."""

    def __init__(self, settings: AppSettings, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("SettingsDialog")
        self.setWindowTitle(tr("Settings"))
        self.session = session
        self.discreet = QCheckBox(tr("&Discreet mode"))
        self.discreet.setToolTip(discreet_text())
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
        self.region = QComboBox()
        self.region.setAccessibleName(tr("Where you live"))
        for found in regions.regions().values():
            self.region.addItem(tr(found.name), found.id)
        self.region.setCurrentIndex(max(self.region.findData(settings.effective_region), 0))
        self.professional = QCheckBox(tr("I work in &mental health"))
        self.professional.setChecked(settings.professional)
        self.reminders = RemindersSection(settings)
        change = QPushButton(tr("&Change passphrase…"))
        change.clicked.connect(self.change_passphrase)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self._lay_out(change, buttons)
        self.setMinimumWidth(MINIMUM_WIDTH)

    def _lay_out(self, change: QPushButton, buttons: QDialogButtonBox) -> None:
        page = QWidget()
        sections = QVBoxLayout(page)
        sections.setContentsMargins(0, 0, 0, 0)
        sections.setSpacing(SPACE.m)
        sections.addWidget(self._privacy_box(change))
        sections.addWidget(self._you_box())
        sections.addWidget(self.reminders)
        sections.addWidget(self._look_box())
        sections.addWidget(self._backups_box())
        sections.addStretch(1)
        # The sections scroll on a short screen; the buttons stay in sight.
        scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(page)
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACE.m)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(MINIMUM_WIDTH, min(page.sizeHint().height() + 80, 560))

    def _privacy_box(self, change: QPushButton) -> QGroupBox:
        box, form = section(tr("Privacy"))
        form.addRow(self.discreet)
        self.discreet_hint = hint(discreet_text())
        form.addRow(self.discreet_hint)
        forms.add_row(form, tr("&Lock after"), self.autolock)
        form.addRow(hint(tr("Locking closes the journal until the passphrase is typed again.")))
        form.addRow(tr("Passphrase"), change)
        return box

    def _you_box(self) -> QGroupBox:
        box, form = section(tr("Where you are"))
        forms.add_row(form, tr("&Region"), self.region)
        form.addRow(hint(tr("It chooses the help lines and the places to find a therapist.")))
        form.addRow(self.professional)
        form.addRow(
            hint(tr("Your support network then includes supervision and peer consultation."))
        )
        return box

    def _look_box(self) -> QGroupBox:
        box, form = section(tr("Look"))
        forms.add_row(form, tr("&Theme"), self.theme)
        forms.add_row(form, tr("Editor &font size"), self.font_size)
        return box

    def _backups_box(self) -> QGroupBox:
        box, form = section(tr("Automatic backups"))
        folder_row = forms.path_row(self.backup_folder, self._choose_folder, tr("Bro&wse…"))
        forms.add_row(form, tr("&Back up"), self.backup_every)
        forms.add_row(form, tr("&Keep the last"), self.backup_keep)
        forms.add_row(form, tr("Save them &in"), folder_row, self.backup_folder)
        form.addRow(
            hint(
                tr(
                    "Each backup is encrypted and tested after it is written. A folder on "
                    "another drive keeps them safe if this disk fails."
                )
            )
        )
        return box

    def chosen(self, base: AppSettings) -> AppSettings:
        base.discreet = self.discreet.isChecked()
        base.autolock_minutes = self.autolock.value()
        base.theme = str(self.theme.currentData())
        base.font_size = self.font_size.value()
        base.backup_every = str(self.backup_every.currentData())
        base.backup_keep = self.backup_keep.value()
        base.backup_folder = self.backup_folder.text().strip()
        base.region = str(self.region.currentData())
        base.professional = self.professional.isChecked()
        return self.reminders.chosen(base)

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
