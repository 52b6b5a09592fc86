"""The Prompts area: "Suggested for you", the whole library, and the person's own prompts."""

from __future__ import annotations

import logging
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui import errors
from therapy_journal.gui.html_delegate import HtmlDelegate
from therapy_journal.gui.i18n import tr
from therapy_journal.gui.prompts.reasons import explain
from therapy_journal.gui.session import Session
from therapy_journal.services.prompts import InvalidPrompt, Suggestion
from therapy_journal.services.reference import Prompt, PromptCategory

log = logging.getLogger(__name__)

PROMPT_ROLE = Qt.ItemDataRole.UserRole
HTML_ROLE = Qt.ItemDataRole.UserRole + 1
SUGGESTED = 20


class WrappingTree(QTreeWidget):
    """A one-column tree whose rows wrap to its width: headings level with
    their prompts (no indentation to cut lines short), heights redone on resize."""

    def __init__(self, objectName: str = "") -> None:
        super().__init__(objectName=objectName)
        self.setHeaderHidden(True)
        self.setWordWrap(True)
        self.setIndentation(0)
        self.setRootIsDecorated(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()  # wrapped rows change height


class PromptDialog(QDialog):
    """Write a new prompt of one's own, or change one."""

    def __init__(
        self,
        session: Session,
        prompt: Prompt | None = None,
        category: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("PromptDialog")
        self.setWindowTitle(tr("Edit your prompt") if prompt else tr("New prompt"))
        self.session = session
        self.prompt = prompt
        self.saved: Prompt | None = None
        self.category = QComboBox()
        self.category.setAccessibleName(tr("Category"))
        for item in session.prompts.categories():
            self.category.addItem(item.title, item.id)
        chosen = prompt.category if prompt else category
        self.category.setCurrentIndex(max(self.category.findData(chosen), 0))
        self.text = QPlainTextEdit(prompt.text if prompt else "")
        self.text.setAccessibleName(tr("Prompt text"))
        self.text.setPlaceholderText(tr("A question you would like to come back to"))
        self.text.setTabChangesFocus(True)
        self.error = QLabel(objectName="ErrorText", wordWrap=True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(tr("&Category"), self.category)
        form.addRow(tr("&Prompt"), self.text)
        form.addRow(self.error)
        form.addRow(self.buttons)
        self.resize(480, 260)

    def submit(self) -> None:
        category, text = str(self.category.currentData()), self.text.toPlainText()
        try:
            if self.prompt is None:
                self.saved = self.session.prompts.add(category, text)
            else:
                self.saved = self.session.prompts.edit(self.prompt.id, category, text)
        except InvalidPrompt as error:
            self.error.setText(str(error))
            return
        except Exception as error:
            errors.report(self, error)
            return
        self.accept()


class PromptsArea(QWidget):
    """Suggestions and the library; writing from a prompt asks the window for an entry."""

    status = Signal(str)
    write_requested = Signal(object)  # the Prompt to answer in a new entry

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PromptsArea")
        self.session = session
        self._generation = 0
        self._select_next: Prompt | None = None  # a prompt just added or edited
        self.suggested = QListWidget(objectName="Suggested")
        self.suggested.setAccessibleName(tr("Prompts suggested for you"))
        self.suggested.setWordWrap(True)
        self.suggested.setSpacing(3)
        self.suggested.setAlternatingRowColors(True)
        self.suggested.setItemDelegate(HtmlDelegate(HTML_ROLE, self.suggested, fit=True))
        self.library = WrappingTree(objectName="Library")
        self.library.setAccessibleName(tr("All prompts by category"))
        self.library.setItemDelegate(HtmlDelegate(HTML_ROLE, self.library, fit=True))
        self.library.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.empty = QLabel(objectName="EmptyState", wordWrap=True)
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setMargin(48)  # a short measure, not one line across the area
        self.empty.setText(
            tr(
                "Every prompt is hidden, so there is nothing to suggest. Write one of your "
                "own with “New prompt…”, or bring some back under “All prompts”."
            )
        )
        self.show_hidden = QCheckBox(tr("Show hidden &prompts"))
        self.tabs = QTabWidget()
        self.suggested_page = QStackedWidget()
        self.suggested_page.addWidget(self.suggested)
        self.suggested_page.addWidget(self.empty)
        self.tabs.addTab(self.suggested_page, tr("&Suggested for you"))
        library_page = QWidget()
        library_layout = QVBoxLayout(library_page)
        library_layout.setContentsMargins(0, 6, 0, 0)
        library_layout.addWidget(self.library, 1)
        library_layout.addWidget(self.show_hidden)
        self.tabs.addTab(library_page, tr("&All prompts"))
        self.write = QPushButton(tr("&Write from this prompt"))
        self.write.setToolTip(tr("Opens a new entry with the prompt above it (Enter)"))
        self.add = QPushButton(tr("&New prompt…"))
        self.edit = QPushButton(tr("Ed&it…"))
        self.hide_button = QPushButton(tr("Hi&de"))
        self.hide_button.setToolTip(tr("Hidden prompts are never suggested"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.write)
        buttons.addStretch()
        for button in (self.add, self.edit, self.hide_button):
            buttons.addWidget(button)
        intro = QLabel(
            tr(
                "Prompts are questions to write from. Suggestions follow your profile, where "
                "you are in your search and how you have been feeling."
            ),
            wordWrap=True,
            objectName="Hint",
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(intro)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self._connect()
        self._update_buttons()

    def _connect(self) -> None:
        self.write.clicked.connect(self.write_current)
        self.add.clicked.connect(self.add_prompt)
        self.edit.clicked.connect(self.edit_current)
        self.hide_button.clicked.connect(self.toggle_hidden)
        self.show_hidden.toggled.connect(self.refresh)
        self.tabs.currentChanged.connect(self._update_buttons)
        self.suggested.currentItemChanged.connect(self._update_buttons)
        self.library.currentItemChanged.connect(self._update_buttons)
        self.suggested.itemActivated.connect(self.write_current)
        self.library.itemActivated.connect(self.write_current)
        for view in (self.suggested, self.library):
            shortcut = QShortcut(QKeySequence(Qt.Key.Key_Return), view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.write_current)

    # -- loading -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload suggestions and the library off the UI thread."""
        if not self.session.is_open:
            return
        self._generation += 1
        generation = self._generation
        prompts = self.session.prompts
        self.session.tasks.run(
            lambda: (prompts.suggestions(SUGGESTED), prompts.prompts(include_hidden=True)),
            lambda result: self._show(generation, *result),
        )

    def _show(self, generation: int, suggestions: list[Suggestion], every: list[Prompt]) -> None:
        if generation != self._generation or not self.session.is_open:
            return
        keep = self._select_next or self.current_prompt()
        self._select_next = None
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        self.suggested.clear()
        for suggestion in suggestions:
            why = explain(suggestion.reason)
            text = suggestion.prompt.text
            item = QListWidgetItem(f"{text}\n{why}" if why else text)
            item.setData(PROMPT_ROLE, suggestion.prompt)
            html = escape(text)
            if why:  # only where there is something specific to say
                html += f"<br><i style='color:{muted}'>{escape(why)}</i>"
            item.setData(HTML_ROLE, html)
            item.setToolTip(why or text)
            self.suggested.addItem(item)
        self.suggested_page.setCurrentWidget(self.suggested if suggestions else self.empty)
        self._fill_library(self.session.prompts.categories(), every)
        self._select(keep)
        if self.suggested.currentRow() < 0 and self.suggested.count():
            self.suggested.setCurrentRow(0)
        self._update_buttons()

    def _fill_library(self, categories: tuple[PromptCategory, ...], every: list[Prompt]) -> None:
        """Each category a heading with its count; each prompt wrapped in full."""
        self.library.clear()
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        show_hidden = self.show_hidden.isChecked()
        for category in categories:
            shown = [
                prompt
                for prompt in every
                if prompt.category == category.id and (show_hidden or not prompt.hidden)
            ]
            title = tr("{title} ({count})").format(title=category.title, count=len(shown))
            top = QTreeWidgetItem([title])
            top.setData(0, HTML_ROLE, f"<b>{escape(title)}</b>")
            top.setToolTip(0, category.description)
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for prompt in shown:
                notes = [tr("yours")] if prompt.custom else []
                notes += [tr("hidden")] if prompt.hidden else []
                label = prompt.text + (f"  ({', '.join(notes)})" if notes else "")
                html = escape(prompt.text)
                if notes:
                    html += f" <i style='color:{muted}'>({escape(', '.join(notes))})</i>"
                child = QTreeWidgetItem([label])
                child.setData(0, PROMPT_ROLE, prompt)
                child.setData(0, HTML_ROLE, f"<div style='margin-left:14px'>{html}</div>")
                child.setToolTip(0, label)
                top.addChild(child)
            self.library.addTopLevelItem(top)
        self.library.expandAll()

    def _select(self, prompt: Prompt | None) -> None:
        if prompt is None:
            return
        for row in range(self.suggested.count()):
            if self.suggested.item(row).data(PROMPT_ROLE).id == prompt.id:
                self.suggested.setCurrentRow(row)
        for top in range(self.library.topLevelItemCount()):
            parent = self.library.topLevelItem(top)
            for index in range(parent.childCount() if parent else 0):
                child = parent.child(index) if parent else None
                if child is not None and child.data(0, PROMPT_ROLE).id == prompt.id:
                    self.library.setCurrentItem(child)

    # -- the current prompt --------------------------------------------------------------

    def current_prompt(self) -> Prompt | None:
        if self.tabs.currentIndex() == 0:
            item = self.suggested.currentItem()
            found = item.data(PROMPT_ROLE) if item else None
        else:
            tree_item = self.library.currentItem()
            found = tree_item.data(0, PROMPT_ROLE) if tree_item else None
        return found if isinstance(found, Prompt) else None

    def _update_buttons(self) -> None:
        prompt = self.current_prompt()
        self.write.setEnabled(prompt is not None)
        self.edit.setEnabled(prompt is not None and prompt.custom)
        self.hide_button.setEnabled(prompt is not None)
        hidden = prompt is not None and prompt.hidden
        self.hide_button.setText(tr("Unhi&de") if hidden else tr("Hi&de"))

    def write_current(self) -> None:
        prompt = self.current_prompt()
        if prompt is not None:
            self.write_requested.emit(prompt)

    def add_prompt(self) -> None:
        current = self.current_prompt()
        dialog = PromptDialog(self.session, None, current.category if current else None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            self.status.emit(tr("Your prompt was added"))
            self.tabs.setCurrentIndex(1)
            self._after_change(dialog.saved)

    def edit_current(self) -> None:
        prompt = self.current_prompt()
        if prompt is None or not prompt.custom:
            return
        dialog = PromptDialog(self.session, prompt, None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            self.status.emit(tr("Your prompt was changed"))
            self._after_change(dialog.saved)

    def toggle_hidden(self) -> None:
        prompt = self.current_prompt()
        if prompt is None:
            return
        try:
            self.session.prompts.set_hidden(prompt.id, not prompt.hidden)
        except Exception as error:
            errors.report(self, error)
            return
        self.status.emit(
            tr("The prompt is shown again") if prompt.hidden else tr("The prompt is hidden")
        )
        self.refresh()

    def _after_change(self, prompt: Prompt) -> None:
        self._select_next = prompt
        self.refresh()

    # -- area protocol -------------------------------------------------------------------

    def save(self) -> None:
        """Nothing is kept unsaved here: every change is stored when made."""

    def clear(self) -> None:
        self._generation += 1
        self.suggested.clear()
        self.library.clear()
        self._update_buttons()

    def activate(self) -> None:
        self.refresh()
