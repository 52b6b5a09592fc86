"""The entry editor: title, Markdown body with a rendered preview, mood, tags.

Nothing typed is lost: the entry is saved a moment after typing stops
(:data:`AUTOSAVE_MS`), and :meth:`EntryEditor.save_now` is called on every
navigation, on lock and on close.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSlider,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui import errors
from therapy_journal.gui.i18n import tr
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.services.reference import Prompt
from therapy_journal.store.models import Entry

log = logging.getLogger(__name__)

AUTOSAVE_MS = 800


class TagCompleter(QCompleter):
    """Completes the last of the comma-separated tags being typed."""

    def __init__(self, line: QLineEdit) -> None:
        super().__init__(line)
        self.tag_model = QStringListModel(self)
        self.setModel(self.tag_model)
        self.line = line
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setWidget(line)
        self.activated.connect(self._insert)
        line.textEdited.connect(self._update)

    def set_tags(self, tags: list[str]) -> None:
        self.tag_model.setStringList(tags)

    def _update(self, text: str) -> None:
        last = text.rsplit(",", maxsplit=1)[-1].strip()
        popup = self.popup()
        if not last and popup is not None:
            popup.hide()
        if not last:
            return
        self.setCompletionPrefix(last)
        self.complete()

    def _insert(self, tag: str) -> None:
        parts = [p.strip() for p in self.line.text().split(",")[:-1] if p.strip()]
        self.line.setText(", ".join([*parts, tag]) + ", ")


class EntryEditor(QWidget):
    """Edits one entry at a time; creates it on the first save of a new one."""

    saved = Signal(int)  # entry id, after every save
    status = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal: JournalService | None = None
        self.entry_id: int | None = None
        self.created: datetime | None = None
        self.prompt_id: str | None = None
        # Finds a prompt's text by id for entries written from one (set by the area).
        self.prompt_text: Callable[[str], str | None] = lambda _prompt_id: None
        self._dirty = False
        self._loading = False

        self.title = QLineEdit(objectName="Title")
        self.title.setPlaceholderText(tr("Title"))
        self.title.setAccessibleName(tr("Entry title"))
        self.date = QLabel(objectName="Hint")
        self.prompt = QLabel(objectName="Prompt", wordWrap=True)
        self.prompt.setAccessibleName(tr("The prompt this entry answers"))
        self.prompt.setTextFormat(Qt.TextFormat.PlainText)
        self.prompt.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body = QPlainTextEdit(objectName="Body")
        self.body.setAccessibleName(tr("Entry text (Markdown)"))
        self.body.setPlaceholderText(
            tr("Write freely. Markdown works: *emphasis*, # headings, - lists.")
        )
        self.preview = QTextBrowser(objectName="Preview")
        self.preview.setAccessibleName(tr("Rendered entry"))
        self.preview.setOpenLinks(False)  # nothing is fetched or opened from an entry
        self.tabs = QTabWidget()
        self.tabs.addTab(self.body, tr("&Write"))
        self.tabs.addTab(self.preview, tr("Pre&view"))
        self.tabs.currentChanged.connect(self._render_preview)
        self.mood = QSlider(Qt.Orientation.Horizontal, minimum=0, maximum=10, pageStep=1)
        self.mood.setAccessibleName(tr("Mood, 1 to 10; 0 means not rated"))
        self.mood_label = QLabel()
        self.tags = QLineEdit()
        self.tags.setPlaceholderText(tr("tags, separated by commas"))
        self.tags.setAccessibleName(tr("Tags"))
        self.completer = TagCompleter(self.tags)
        self.words = QLabel(objectName="Hint")
        self._lay_out()

        self.timer = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self.timer.timeout.connect(self.save_now)
        for signal in (self.title.textEdited, self.tags.textEdited, self.body.textChanged):
            signal.connect(self._changed)
        self.mood.valueChanged.connect(self._mood_changed)
        self.body.textChanged.connect(self._count_words)
        self.clear()

    def _lay_out(self) -> None:
        mood_row = QHBoxLayout()
        mood_row.addWidget(self.mood, 1)
        mood_row.addWidget(self.mood_label)
        form = QFormLayout()
        form.addRow(tr("Mood"), mood_row)
        form.addRow(tr("T&ags"), self.tags)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.date)
        layout.addWidget(self.prompt)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(form)
        layout.addWidget(self.words, alignment=Qt.AlignmentFlag.AlignRight)

    # -- state ---------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return self._dirty

    def start_new(self, journal: JournalService, prompt: Prompt | None = None) -> None:
        """An empty editor for a new entry (answering ``prompt``, if given);
        it is created on the first save."""
        self.save_now()
        self._show(journal, None, prompt)

    def load(self, journal: JournalService, entry: Entry) -> None:
        self.save_now()
        self._show(journal, entry)

    def _show(
        self, journal: JournalService, entry: Entry | None, prompt: Prompt | None = None
    ) -> None:
        self._loading = True
        self.journal = journal
        self.entry_id = entry.id if entry else None
        self.created = entry.created if entry else None
        if entry is not None:
            self.prompt_id = entry.prompt_id
            text = self.prompt_text(entry.prompt_id) if entry.prompt_id else None
        else:
            self.prompt_id = prompt.id if prompt else None
            text = prompt.text if prompt else None
        self.prompt.setText(text or "")
        self.prompt.setVisible(bool(text))
        self.title.setText(entry.title if entry else "")
        self.body.setPlainText(entry.body if entry else "")
        self.mood.setValue(entry.mood or 0 if entry else 0)
        self.tags.setText(", ".join(entry.tags) if entry else "")
        when = (entry.created if entry else datetime.now().astimezone()).strftime(
            "%A %d %B %Y, %H:%M"
        )
        self.date.setText(when)
        self._mood_changed(self.mood.value(), mark=False)
        self._render_preview()
        self._dirty = False
        self._loading = False
        self.setEnabled(True)

    def clear(self) -> None:
        """Empty every field (used at lock); nothing is saved."""
        self.timer.stop()
        self._loading = True
        for line in (self.title, self.tags):
            line.clear()
        self.body.clear()
        self.preview.clear()
        self.prompt.clear()
        self.prompt.hide()
        self.prompt_id = None
        self.date.clear()
        self.words.clear()
        self.mood.setValue(0)
        self.completer.set_tags([])
        self._loading = False
        self._dirty = False
        self.journal = None
        self.entry_id = None
        self.setEnabled(False)

    # -- saving --------------------------------------------------------------------------

    def _changed(self) -> None:
        if self._loading:
            return
        self._dirty = True
        self.status.emit(tr("Editing…"))
        self.timer.start()

    def _mood_changed(self, value: int, *, mark: bool = True) -> None:
        self.mood_label.setText(f"{value}/10" if value else tr("not rated"))
        if mark:
            self._changed()

    def _tag_list(self) -> list[str]:
        return [part.strip() for part in self.tags.text().split(",") if part.strip()]

    def save_now(self) -> int | None:
        """Save if anything changed; return the entry id (None if nothing to save)."""
        self.timer.stop()
        if not self._dirty or self.journal is None:
            return self.entry_id
        mood = self.mood.value() or None
        try:
            if self.entry_id is None:
                if not (self.title.text().strip() or self.body.toPlainText().strip()):
                    return None  # an untouched new entry is not worth keeping
                entry = make_entry(
                    title=self.title.text(),
                    body=self.body.toPlainText(),
                    mood=mood,
                    tags=self._tag_list(),
                    prompt_id=self.prompt_id,
                )
                self.entry_id = self.journal.add(entry)
                self.created = entry.created
            else:
                self.journal.edit(
                    self.entry_id,
                    title=self.title.text(),
                    body=self.body.toPlainText(),
                    mood=mood,
                    tags=self._tag_list(),
                )
        except Exception as error:  # shown to the person; the text stays in the editor
            errors.report(self, error)
            return self.entry_id
        self._dirty = False
        self.status.emit(tr("Saved"))
        self.saved.emit(self.entry_id)
        return self.entry_id

    # -- display -------------------------------------------------------------------------

    def _render_preview(self) -> None:
        if self.tabs.currentWidget() is self.preview:
            self.preview.setMarkdown(self.body.toPlainText())

    def _count_words(self) -> None:
        count = len(self.body.toPlainText().split())
        self.words.setText(
            tr("1 word") if count == 1 else tr("{count} words").format(count=f"{count:,}")
        )

    def focus_body(self) -> None:
        self.tabs.setCurrentWidget(self.body)
        self.body.setFocus()
