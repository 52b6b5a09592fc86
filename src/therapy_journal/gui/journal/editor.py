"""The entry editor: title, Markdown body with a rendered preview, mood, tags,
and (when the vault has more than one) the journal the entry is in.

Nothing typed is lost: the entry is saved a moment after typing stops
(:data:`AUTOSAVE_MS`), and :meth:`EntryEditor.save_now` is called on every
navigation, on lock and on close.

Nothing stored is overwritten either: the editor saves only over the version
of the entry it loaded. When the entry was changed elsewhere meanwhile (the
CLI, another window, a synced copy), the person's text is kept in the vault as
an entry of its own, the editor shows the newer version, and a notice over its
lower part offers the person's version beside it until they choose.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QImage, QKeyEvent, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui import errors
from therapy_journal.gui.i18n import plural, tr
from therapy_journal.gui.journal.attachments_bar import AttachmentsBar, attachment_url
from therapy_journal.gui.journal.conflict_notice import ConflictNotice
from therapy_journal.gui.journal.filter_combo import FilterCombo
from therapy_journal.gui.journal.mood import MoodSlider, mood_text, widest_mood_text
from therapy_journal.gui.journal.writing import ReadingView, WritingEdit
from therapy_journal.services.attachments import AttachmentService
from therapy_journal.services.journal import Conflict, JournalService, make_entry
from therapy_journal.services.reference import Prompt
from therapy_journal.services.templates import Template
from therapy_journal.store.models import Entry, Journal, NewEntry

log = logging.getLogger(__name__)

_PREVIEW_MARKDOWN = (
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub
    | QTextDocument.MarkdownFeature.MarkdownNoHTML
)

AUTOSAVE_MS = 800
WORD_COUNT_MS = 250
NOTICE_MARGIN = 8
TITLE_SCALE = 1.2


def is_typing(event: QKeyEvent) -> bool:
    """Whether a key press would put text into an editor (not a shortcut or a move)."""
    commands = (
        Qt.KeyboardModifier.ControlModifier
        | Qt.KeyboardModifier.AltModifier
        | Qt.KeyboardModifier.MetaModifier
    )
    if event.modifiers() & commands:
        return False
    text = event.text()
    return bool(text) and (
        text.isprintable() or event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
    )


def copy_suffix() -> str:
    """Added to the title of the entry that keeps a person's text apart."""
    return tr("(my copy)")


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
    opened = Signal(bool)  # an entry (or a new one) is open; False: the editor is empty
    tags_saved = Signal()  # a save changed the entry's tags: the tag lists need reading again
    status = Signal(str)
    # Entries changed other than by a plain save (a conflict kept a copy, a
    # choice removed it): the list needs reading again.
    entries_changed = Signal()
    discarded = Signal(int)  # entry id moved to the trash by a choice (the window offers Undo)
    moved = Signal()  # a save put the entry in another journal

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal: JournalService | None = None
        # The entry as stored when loaded or last saved: saves go over this version only.
        self.base: Entry | None = None
        # An unresolved conflict and the person's text in it (kept in the vault as conflict.copy).
        self.conflict: Conflict | None = None
        self.mine: NewEntry | None = None
        self.generation = 0  # counts loads and saves, so late reads of the stored entry are ignored
        self.prompt_id: str | None = None
        self.new_journal_id: int | None = None  # where a new entry goes (None: the first)
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
        self.body = WritingEdit()
        self.body.setObjectName("Body")
        self.body.setAccessibleName(tr("Entry text (Markdown)"))
        self.body.setPlaceholderText(
            tr("Write freely. Markdown works: *emphasis*, # headings, - lists.")
        )
        self.preview = ReadingView(objectName="Preview")
        self.preview.setAccessibleName(tr("Rendered entry"))
        self.preview.setOpenLinks(False)  # nothing is fetched or opened from an entry
        # Read-only: Tab never lands here, and typing that reaches it goes to Write.
        self.preview.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.preview.installEventFilter(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.body, tr("&Write"))
        self.tabs.addTab(self.preview, tr("P&review"))
        self.tabs.currentChanged.connect(self._render_preview)
        self.mood = MoodSlider()
        self.mood_label = QLabel(objectName="MoodWords")
        self.mood_label.setMinimumWidth(
            max(self.mood_label.fontMetrics().horizontalAdvance(t) for t in widest_mood_text())
        )
        self.tags = QLineEdit()
        self.tags.setPlaceholderText(tr("tags, separated by commas"))
        self.tags.setAccessibleName(tr("Tags"))
        self.completer = TagCompleter(self.tags)
        self.journal_box = FilterCombo()
        self.journal_box.setObjectName("EntryJournal")
        self.journal_box.setAccessibleName(tr("Journal this entry is in"))
        self.words = QLabel(objectName="Hint")
        self._make_attachments()
        self.notice = ConflictNotice()
        self.notice.setParent(self)
        self._lay_out()
        self._connect_notice()

        self._start_timers()
        self.clear()

    def _start_timers(self) -> None:
        """Autosave a moment after typing stops; the word count too (counting a long
        entry's words at every key would make typing in it lag)."""
        self.timer = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self.timer.timeout.connect(self.save_now)
        self.counting = QTimer(self, singleShot=True, interval=WORD_COUNT_MS)
        self.counting.timeout.connect(self._count_words)
        for signal in (self.title.textEdited, self.tags.textEdited, self.body.textChanged):
            signal.connect(self._changed)
        self.journal_box.currentIndexChanged.connect(self._changed)
        self.mood.valueChanged.connect(self._mood_changed)
        self.body.textChanged.connect(self._text_changed)

    def _lay_out(self) -> None:
        mood_row = QHBoxLayout()
        mood_row.addWidget(self.mood, 1)
        mood_row.addWidget(self.mood_label)
        form = QFormLayout()
        form.addRow(tr("Mood"), mood_row)
        form.addRow(tr("T&ags"), self.tags)
        form.addRow(tr("Jour&nal"), self.journal_box)
        form.setRowVisible(self.journal_box, False)  # until there are two journals
        self.form = form
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.date)
        layout.addWidget(self.prompt)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.attachments)
        layout.addLayout(form)
        layout.addWidget(self.words, alignment=Qt.AlignmentFlag.AlignRight)
        QWidget.setTabOrder(self.title, self.body)  # past the Write/Preview tabs
        self.body.font_changed.connect(self._fonts_follow_body)
        self._fonts_follow_body()

    def _fonts_follow_body(self) -> None:
        """Preview in the body's font; the title a step larger, as a heading."""
        font = self.body.font()
        self.preview.setFont(font)
        heading = QFont(font)
        heading.setPointSizeF(font.pointSizeF() * TITLE_SCALE)
        heading.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(heading)

    def _make_attachments(self) -> None:
        self.attachments = AttachmentsBar()
        self.attachments.entry_for_attaching = self.entry_for_attaching
        self.attachments.changed.connect(self._render_preview)
        self.attachments.pictures_ready.connect(self._render_preview)
        self.body.files_given.connect(self._attach_given_files)
        self.body.image_given.connect(self._attach_pasted_image)

    def _connect_notice(self) -> None:
        self.tabs.installEventFilter(self)  # the notice lies over the writing area
        self.notice.keep_mine.connect(self.keep_mine)
        self.notice.keep_newer.connect(self.keep_newer)
        self.notice.keep_both.connect(self.keep_both)
        self.notice.restore_older.connect(self.restore_older)
        self.notice.dismissed.connect(self._resolved)

    # -- state ---------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return self._dirty

    @property
    def entry_id(self) -> int | None:
        return self.base.id if self.base is not None else None

    def start_new(self, journal: JournalService, prompt: Prompt | None = None) -> None:
        """An empty editor for a new entry (answering ``prompt``, if given);
        it is created on the first save."""
        self.save_now()
        self._leave_conflict()
        self._show(journal, None, prompt)
        self.tabs.setCurrentWidget(self.body)  # a new entry is written, never previewed

    def start_from_template(self, journal: JournalService, template: Template) -> None:
        """A new entry laid out by ``template`` (title, headings, tags). Nothing
        is stored until the person writes; the cursor waits under the first heading."""
        self.start_new(journal)
        self._loading = True
        self.title.setText(template.title_for(datetime.now().astimezone()))
        self.title.setCursorPosition(0)
        self.body.setPlainText(template.body)
        self.tags.setText(", ".join(template.tags))
        self._render_preview()
        self._loading = False
        text = template.body
        first = text.find("\n", text.find("## ")) if "## " in text else -1
        cursor = self.body.textCursor()
        cursor.setPosition(min(first + 2, len(text)) if first >= 0 else len(text))
        self.body.setTextCursor(cursor)

    def load(self, journal: JournalService, entry: Entry) -> None:
        self.save_now()
        self._leave_conflict()
        self._show(journal, entry)

    def _show(
        self,
        journal: JournalService,
        entry: Entry | None,
        prompt: Prompt | None = None,
        *,
        keep_place: bool = False,
    ) -> None:
        """Show ``entry`` (None: a new one); ``keep_place`` leaves the cursor and
        scrolling where they were (a newer version of the same text)."""
        cursor, scrolled = self.body.textCursor().position(), self.body.verticalScrollBar().value()
        self._loading = True
        self.generation += 1
        self.journal = journal
        self.base = entry
        if entry is not None:
            self.prompt_id = entry.prompt_id
            text = self.prompt_text(entry.prompt_id) if entry.prompt_id else None
        else:
            self.prompt_id = prompt.id if prompt else None
            text = prompt.text if prompt else None
        self.prompt.setText(text or "")
        self.prompt.setVisible(bool(text))
        self.title.setText(entry.title if entry else "")
        self.title.setCursorPosition(0)  # a long title shows from its start
        self.title.setToolTip(entry.title if entry else "")
        self.body.setPlainText(entry.body if entry else "")
        self.mood.setValue(entry.mood or 0 if entry else 0)
        self.tags.setText(", ".join(entry.tags) if entry else "")
        self._show_journal(entry.journal_id if entry else self.new_journal_id)
        when = (entry.created if entry else datetime.now().astimezone()).strftime(
            "%A %d %B %Y, %H:%M"
        )
        self.date.setText(when)
        self._mood_changed(self.mood.value(), mark=False)
        self.attachments.show_entry(
            AttachmentService(journal.vault), entry.id if entry is not None else None
        )
        self._render_preview()
        if keep_place:
            text_cursor = self.body.textCursor()
            text_cursor.setPosition(min(cursor, len(self.body.toPlainText())))
            self.body.setTextCursor(text_cursor)
            self.body.verticalScrollBar().setValue(scrolled)
        self._dirty = False
        self._loading = False
        self.setEnabled(True)
        self.opened.emit(True)

    def clear(self) -> None:
        """Empty every field (used at lock); nothing is saved."""
        self.timer.stop()
        self.counting.stop()
        self.generation += 1
        self._resolved()
        self._loading = True
        for line in (self.title, self.tags):
            line.clear()
        self.title.setToolTip("")
        self.body.clear()
        self.preview.clear()
        self.prompt.clear()
        self.prompt.hide()
        self.prompt_id = None
        self.date.clear()
        self.words.clear()
        self.mood.setValue(0)
        self.completer.set_tags([])
        self.attachments.clear()
        self._loading = False
        self._dirty = False
        self.journal = None
        self.base = None
        self.setEnabled(False)
        self.opened.emit(False)

    # -- saving --------------------------------------------------------------------------

    def _changed(self) -> None:
        if self._loading:
            return
        self._dirty = True
        self.status.emit(tr("Editing…"))
        self.timer.start()

    def _mood_changed(self, value: int, *, mark: bool = True) -> None:
        self.mood_label.setText(mood_text(value))
        if mark:
            self._changed()

    def set_journals(self, journals: list[Journal]) -> None:
        """The journals an entry can be in; the choice shows when there are two or more."""
        current = self.journal_box.currentData()
        self.journal_box.blockSignals(True)
        self.journal_box.clear()
        for journal in journals:
            self.journal_box.addItem(journal.name, journal.id)
        self.journal_box.setCurrentIndex(max(self.journal_box.findData(current), 0))
        self.journal_box.blockSignals(False)
        self.form.setRowVisible(self.journal_box, len(journals) > 1)

    def _show_journal(self, journal_id: int | None) -> None:
        found = self.journal_box.findData(journal_id)
        if found < 0:  # a new entry with none chosen: the first journal (the oldest)
            ids = [self.journal_box.itemData(i) for i in range(self.journal_box.count())]
            found = ids.index(min(ids)) if ids else -1
        self.journal_box.setCurrentIndex(found)

    def _tag_list(self) -> list[str]:
        return [part.strip() for part in self.tags.text().split(",") if part.strip()]

    def _changes(self) -> NewEntry:
        """What the fields hold, validated, as it would be stored."""
        base = self.base
        return make_entry(
            title=self.title.text(),
            body=self.body.toPlainText(),
            mood=self.mood.value() or None,
            tags=self._tag_list(),
            created=base.created if base is not None else None,
            prompt_id=base.prompt_id if base is not None else self.prompt_id,
            journal_id=self.journal_box.currentData(),
        )

    def save_now(self) -> int | None:
        """Save if anything changed; return the entry id (None if nothing to save).

        An existing entry is saved only over the version this editor loaded;
        when it was changed elsewhere meanwhile, both texts are kept (see
        :meth:`_conflicted`).
        """
        self.timer.stop()
        if not self._dirty or self.journal is None:
            return self.entry_id
        try:
            changes = self._changes()
            if self.base is None:
                if not (changes.title or changes.body.strip()):
                    return None  # an untouched new entry is not worth keeping
                result: Entry | Conflict = self.journal.get(self.journal.add(changes))
            else:
                result = self.journal.save_over(self.base, changes, copy_suffix=copy_suffix())
        except Exception as error:  # shown to the person; the text stays in the editor
            errors.report(self, error)
            return self.entry_id
        if isinstance(result, Conflict):
            self._conflicted(result, changes)
            return self.entry_id
        tags_before = set(self.base.tags) if self.base is not None else set()
        moved = self.base is not None and self.base.journal_id != result.journal_id
        self.base = result
        self.generation += 1
        self._dirty = False
        self.status.emit(tr("Saved"))
        self.saved.emit(result.id)
        if set(result.tags) != tags_before:
            self.tags_saved.emit()
        if moved:
            self.moved.emit()
        return result.id

    # -- changed elsewhere ---------------------------------------------------------------

    def _conflicted(self, conflict: Conflict, mine: NewEntry) -> None:
        """The stored entry is no longer the version this editor loaded.

        The person's text is already kept in the vault (``conflict.copy``).
        Changed elsewhere: show the newer version, and the person's beside it
        until they choose. Deleted elsewhere: go on with their text as the new
        entry it now is. With nothing of theirs to keep, just show what is stored.
        """
        assert self.journal is not None
        journal = self.journal
        self._resolved()
        copy, current = conflict.copy, conflict.current
        if copy is None:
            if conflict.deleted:
                self.clear()
                self.status.emit(tr("This entry was deleted elsewhere."))
            else:
                assert current is not None
                self._show_newer(current)
            self.entries_changed.emit()
            return
        self.conflict, self.mine = conflict, mine
        writing_at = self.body.textCursor().position()
        if conflict.deleted:
            self._show(journal, copy, keep_place=True)
            self.notice.show_deleted(in_trash=current is not None)
        else:
            assert current is not None
            self._show(journal, current, keep_place=True)
            self.notice.show_changed(mine, copy.title, writing_at)
        # The notice covers the lower part: the text keeps clear of it.
        self._place_notice()
        self.body.ensureCursorVisible()
        self.status.emit(
            tr("Deleted elsewhere: your text is kept as a new entry.")
            if conflict.deleted
            else tr("Changed elsewhere: both versions are kept.")
        )
        self.entries_changed.emit()

    def stored_now(self, generation: int, stored: Entry | None) -> None:
        """The open entry as another program may have left it, read at ``generation``.

        With nothing unsaved here, a newer version is simply shown; with
        unsaved text, the next save finds the conflict and keeps both.
        """
        if (
            generation != self.generation
            or self._dirty
            or self.journal is None
            or self.base is None
            or stored == self.base
        ):
            return
        if stored is None or stored.in_trash:
            self.clear()
            self.status.emit(
                tr("This entry was moved to the trash elsewhere.")
                if stored is not None
                else tr("This entry was deleted elsewhere.")
            )
        else:
            self._show_newer(stored)

    def _show_newer(self, stored: Entry) -> None:
        assert self.journal is not None
        self._show(self.journal, stored, keep_place=True)
        self.status.emit(tr("This entry was changed elsewhere; it shows the newer version."))

    def keep_mine(self) -> None:
        """Save the person's version over the newer one they now see."""
        conflict = self.conflict
        if conflict is None or conflict.copy is None or conflict.deleted or self.mine is None:
            return
        self.save_now()  # what was typed over the newer version is saved first
        if self.conflict is not conflict or self.base is None or self.journal is None:
            return  # that save found yet another change: the notice shows it
        assert conflict.copy is not None
        try:
            result = self.journal.keep_mine(self.base, self.mine, conflict.copy)
        except Exception as error:
            errors.report(self, error)
            return
        if isinstance(result, Conflict):
            self._conflicted(result, self.mine)
            self.status.emit(tr("It was changed again elsewhere; your version is still kept."))
            return
        self._resolved()
        self._show(self.journal, result, keep_place=True)
        self.status.emit(tr("Your version is saved."))
        self.saved.emit(result.id)
        self.entries_changed.emit()

    def keep_newer(self) -> None:
        """Drop the person's version (to the trash, where Undo can bring it back)."""
        if self.conflict is None or self.conflict.copy is None or self.journal is None:
            return
        copy = self.conflict.copy
        try:
            self.journal.move_to_trash(copy.id)
        except Exception as error:
            errors.report(self, error)
            return
        self._resolved()
        self.status.emit(tr("Your version was moved to the trash."))
        self.discarded.emit(copy.id)
        self.entries_changed.emit()

    def keep_both(self) -> None:
        self._leave_conflict()

    def restore_older(self) -> None:
        """Deleted elsewhere: bring the older version back from the trash too."""
        if self.conflict is None or self.conflict.current is None or self.journal is None:
            return
        try:
            self.journal.restore(self.conflict.current.id)
        except Exception as error:
            errors.report(self, error)
            return
        self._resolved()
        self.status.emit(tr("The older version is back in the journal, beside yours."))
        self.entries_changed.emit()

    def _leave_conflict(self) -> None:
        """Moving on without choosing keeps both: the person's text is its own entry."""
        conflict = self.conflict
        if conflict is not None and conflict.copy is not None and not conflict.deleted:
            title = conflict.copy.title
            self.status.emit(tr("Both versions are kept; yours is “{title}”.").format(title=title))
        self._resolved()

    def _resolved(self) -> None:
        self.conflict = None
        self.mine = None
        self.notice.forget()
        self.body.set_room_below(0)

    def _place_notice(self) -> None:
        """Over the lower half of the writing area, at most: nothing in the editor moves."""
        area = self.tabs.geometry()
        width = max(area.width() - 2 * NOTICE_MARGIN, 0)
        height = area.height() // 2
        if not self.notice.mine.isVisibleTo(self.notice):  # a message and buttons: as tall as they
            wanted = self.notice.heightForWidth(width)
            height = min(wanted if wanted > 0 else self.notice.sizeHint().height(), height)
        top = area.y() + area.height() - height - NOTICE_MARGIN
        self.notice.setGeometry(area.x() + NOTICE_MARGIN, top, width, height)
        if self.conflict is not None:
            self.body.set_room_below(height + NOTICE_MARGIN)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.tabs and event.type() in (QEvent.Type.Resize, QEvent.Type.Move):
            self._place_notice()
        if (
            watched is self.preview
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and is_typing(event)
        ):
            self._type_in_body(event)
            return True
        return super().eventFilter(watched, event)

    def _type_in_body(self, event: QKeyEvent) -> None:
        """Typing that reached the read-only preview: switch to Write and keep it."""
        self.focus_body()
        if not self.body.isReadOnly():
            again = QKeyEvent(event.type(), event.key(), event.modifiers(), event.text())
            QApplication.sendEvent(self.body, again)

    # -- display -------------------------------------------------------------------------

    def _render_preview(self) -> None:
        if self.tabs.currentWidget() is self.preview:
            # Raw HTML in an entry (an imported one, say) is shown as text: Qt's HTML
            # engine takes minutes over a few nested tables and can crash on thousands.
            self.preview.images = self.attachments.images
            self.preview.show_markdown(self._preview_text(), _PREVIEW_MARKDOWN)

    def _preview_text(self) -> str:
        """The body, then the attached pictures it does not show inline already."""
        text = self.body.toPlainText()
        shown = [
            f"![{name}]({attachment_url(name)})"
            for name in self.attachments.images
            if attachment_url(name) not in text
        ]
        return "\n\n".join([text, "---", *shown]) if shown else text

    # -- attaching -----------------------------------------------------------------------

    def entry_for_attaching(self) -> int | None:
        """The open entry's id, saving it first; a new entry is created even when
        nothing is written yet (a photo can be the whole entry)."""
        if self.journal is None:
            return None
        if self.base is None:
            self._dirty = True
            try:
                changes = self._changes()
                self.base = self.journal.get(self.journal.add(changes))
            except Exception as error:
                errors.report(self, error)
                return None
            self._dirty = False
            self.generation += 1
            self.saved.emit(self.base.id)
            return self.base.id
        return self.save_now()

    def _attach_given_files(self, paths: list[str]) -> None:
        added = self.attachments.attach_files([Path(path) for path in paths])
        self._refer_inline([item.name for item in added if item.is_image])

    def _attach_pasted_image(self, image: QImage) -> None:
        added = self.attachments.attach_image(image)
        if added is not None:
            self._refer_inline([added.name])

    def _refer_inline(self, names: list[str]) -> None:
        """Pictures pasted or dropped into the text show there: a Markdown image
        at the cursor names each one."""
        if names:
            self.body.textCursor().insertText(
                "".join(f"![{name}]({attachment_url(name)})\n" for name in names)
            )

    def _text_changed(self) -> None:
        if self._loading:
            self.counting.stop()
            self._count_words()  # shown with the entry
        else:
            self.counting.start()

    def _count_words(self) -> None:
        count = len(self.body.toPlainText().split())
        self.words.setText(plural(count, "%n word", "%n words"))

    def focus_body(self) -> None:
        self.tabs.setCurrentWidget(self.body)
        self.body.setFocus()
