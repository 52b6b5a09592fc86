"""'From a template': the built-in entry templates and the person's own, as a
menu beside New entry. The list is read when the menu opens (one small read)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMenu, QToolButton

from therapy_journal.gui.i18n import tr
from therapy_journal.services.templates import Template, TemplateService
from therapy_journal.store.vault import Vault


class TemplateButton(QToolButton):
    """Opens a menu of templates; :attr:`chosen` says which one was picked."""

    chosen = Signal(object)  # a Template

    def __init__(self) -> None:
        super().__init__(objectName="TemplateButton")
        self.setText(tr("Tem&plate"))
        self.setToolTip(tr("New entry from a template"))
        self.setAccessibleName(tr("New entry from a template"))
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setStyleSheet("QToolButton#TemplateButton { padding-right: 14px; }")  # its arrow
        self.vault: Vault | None = None
        self.menu_ = QMenu(self)
        self.menu_.aboutToShow.connect(self.fill)
        self.setMenu(self.menu_)

    def fill(self) -> None:
        self.menu_.clear()
        if self.vault is None or not self.vault.is_unlocked:
            return
        templates = TemplateService(self.vault).all()
        for template in templates:
            action = self.menu_.addAction(template.name.replace("&", "&&"))
            action.triggered.connect(lambda _=False, t=template: self.chosen.emit(t))

    def templates(self) -> list[Template]:
        """What the menu offers now (for tests and the File menu)."""
        if self.vault is None or not self.vault.is_unlocked:
            return []
        return TemplateService(self.vault).all()
