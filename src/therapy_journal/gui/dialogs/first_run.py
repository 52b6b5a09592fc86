"""First run: what the app keeps, a passphrase, and the recovery key shown once."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui import errors
from therapy_journal.gui.dialogs.busy import busy_bar
from therapy_journal.gui.dialogs.dialog_style import apply_dialog_style, centre
from therapy_journal.gui.dialogs.passphrase_fields import NewPassphraseFields
from therapy_journal.gui.dialogs.recovery_key_page import RecoveryKeyPage
from therapy_journal.gui.i18n import tr
from therapy_journal.gui.tasks import TaskRunner
from therapy_journal.services import regions
from therapy_journal.store.vault import Vault


class FirstRunDialog(QDialog):
    """Creates the vault. Accepted once the person confirms the recovery key is stored."""

    created = Signal(object)  # the unlocked Vault

    def __init__(self, vault: Vault, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FirstRunDialog")
        self.setWindowTitle(tr("Welcome to Therapy Journal"))
        self.vault = vault
        self.tasks = tasks
        self.pages = QStackedWidget()
        self.pages.addWidget(self._passphrase_page())
        self.key_page = RecoveryKeyPage()
        self.key_page.finished.connect(self._finish)
        self.pages.addWidget(self.key_page)
        centre(self, self.pages, 600)
        apply_dialog_style(self)
        self.resize(600, 460)

    # -- page 1: welcome and passphrase ---------------------------------------------

    def _passphrase_page(self) -> QWidget:
        page = QWidget()
        heading = QLabel(tr("Welcome"), objectName="Heading")
        intro = QLabel(
            tr(
                "Therapy Journal keeps your entries, what you hope for from therapy and your "
                "progress in one encrypted vault on this computer. Nothing leaves it unless "
                "you choose to export it."
            ),
            wordWrap=True,
        )
        ask = QLabel(
            tr("Choose a passphrase to lock the vault. Only you will know it."), wordWrap=True
        )
        self.fields = NewPassphraseFields()
        where = QLabel(
            tr("&Where do you live? It chooses the help lines and places to find a therapist."),
            wordWrap=True,
        )
        self.region = QComboBox()
        self.region.setAccessibleName(tr("Where you live"))
        for found in regions.regions().values():
            self.region.addItem(found.name, found.id)
        self.region.setCurrentIndex(max(self.region.findData(regions.system_region()), 0))
        where.setBuddy(self.region)
        self.busy = busy_bar()
        self.create_button = QPushButton(tr("&Create my journal"), default=True)
        self.create_button.setAccessibleName(tr("Create my journal"))
        self.create_button.clicked.connect(self.create_vault)
        self.fields.changed.connect(self._update_create)
        layout = QVBoxLayout(page)
        for widget in (heading, intro, ask, self.fields, where, self.region, self.busy):
            layout.addWidget(widget)
        layout.addStretch()
        layout.addWidget(self.create_button, alignment=Qt.AlignmentFlag.AlignRight)
        self._update_create()
        return page

    def chosen_region(self) -> str:
        """The region picked on the first page (the system's locale unless changed)."""
        return str(self.region.currentData())

    def _update_create(self) -> None:
        self.create_button.setEnabled(self.fields.problem() is None and not self.tasks.busy)

    def create_vault(self) -> None:
        if self.fields.problem() is not None:
            return
        passphrase = self.fields.value()
        self.create_button.setEnabled(False)
        self.fields.setEnabled(False)
        self.busy.show()
        self.tasks.run(lambda: self.vault.create(passphrase), self._created, self._failed)

    def _failed(self, error: BaseException) -> None:
        self.busy.hide()
        self.fields.setEnabled(True)
        self._update_create()
        errors.report(self, error)

    def _created(self, recovery_key: object) -> None:
        self.busy.hide()
        self.fields.clear()
        self.pages.setCurrentIndex(1)
        self.key_page.show_key(str(recovery_key))

    # -- page 2: the recovery key ----------------------------------------------------

    def _finish(self) -> None:
        self.created.emit(self.vault)
        self.accept()

    def reject(self) -> None:
        # Closing on the recovery page still leaves a working vault; it was made.
        if (
            self.vault.is_unlocked
            and self.pages.currentIndex() == 1
            and not self.key_page.stored.isChecked()
        ):
            errors.show_message(self, tr("Please store your recovery key before you go on."))
            return
        super().reject()
