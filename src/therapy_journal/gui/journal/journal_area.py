"""The Journal area: the journal chooser, filters, search as you type, the lazy
entry list, the editor."""

from __future__ import annotations

import logging
from array import array
from collections.abc import Callable
from datetime import date, datetime, time
from functools import partial
from typing import Any

from PySide6.QtCore import QDate, QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QHideEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui import errors
from therapy_journal.gui.date_fields import in_journal_range
from therapy_journal.gui.html_delegate import HtmlDelegate
from therapy_journal.gui.i18n import tr
from therapy_journal.gui.journal.calendar_view import CalendarPanel
from therapy_journal.gui.journal.due_bar import DueBar
from therapy_journal.gui.journal.editor import EntryEditor
from therapy_journal.gui.journal.empty_state import EmptyState
from therapy_journal.gui.journal.entry_card import EntryCardDelegate, card_height
from therapy_journal.gui.journal.entry_model import (
    DETAIL_ROLE,
    HEADING_ROLE,
    SNIPPET_HTML_ROLE,
    EntryListModel,
)
from therapy_journal.gui.journal.filter_combo import FilterCombo
from therapy_journal.gui.journal.journal_choice import JournalChooser
from therapy_journal.gui.journal.on_this_day import OnThisDayBar
from therapy_journal.gui.journal.template_menu import TemplateButton
from therapy_journal.gui.layouts import area_layout, column
from therapy_journal.gui.prompts.reasons import DailyPrompt
from therapy_journal.gui.session import Session
from therapy_journal.services.due import DueItem, due_items
from therapy_journal.services.journal import date_filter
from therapy_journal.services.journals import JournalsService
from therapy_journal.services.progress import month_days
from therapy_journal.services.prompts import ANY_PROMPT, Suggestion
from therapy_journal.services.reference import Prompt
from therapy_journal.services.templates import Template
from therapy_journal.store.models import EntryFilter, EntrySummary, Journal

log = logging.getLogger(__name__)

SEARCH_DEBOUNCE_MS = 250
SEARCH_LIMIT = 200
FIRST_PAGE = 60  # rows read first when the list is empty, before every id
LIST_WIDTH = 300  # the list's starting width; the editor takes the rest
WIDE_LIST = 480  # a list this wide (or wider) is a table; a narrower one shows cards
TAGS_WIDTH = 120
PAD = 16  # a cell's padding, both sides
SAMPLE_DATE = "2026-12-28 23:58"  # as wide as a listed date


class JournalArea(QWidget):
    """Where entries are written, found and read."""

    status = Signal(str)
    count_changed = Signal(int)
    trashed = Signal(int)  # entry id moved to the trash (the window offers Undo)
    open_requested = Signal(str, str)  # area, item: a due item was clicked
    focus_mode_changed = Signal(bool)  # distraction-free writing on or off

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("JournalArea")
        self.session = session
        self._generation = 0  # ignores results of superseded searches and loads
        self._complete = -1  # the generation whose every id (or hit) is shown
        self._partial = -1  # the generation whose first page is shown
        # Reads that wait for the list's first page (see activate).
        self._after_first_page: list[Callable[[], None]] = []

        self.journal_choice = JournalChooser()
        self.search = QLineEdit(objectName="Search", clearButtonEnabled=True)
        self.search.setPlaceholderText(tr("Search your journal  (Ctrl+F)"))
        self.search.setAccessibleName(tr("Search entries"))
        self.tag = FilterCombo()
        self.tag.setAccessibleName(tr("Filter by tag"))
        self.prompt_filter = FilterCombo()
        self.prompt_filter.setAccessibleName(tr("Filter by prompt category"))
        self.prompt_filter.addItem(tr("Any entry"), None)
        self.prompt_filter.addItem(tr("Written from a prompt"), ANY_PROMPT)
        for category in session.prompts.categories():
            self.prompt_filter.addItem(category.title, category.id)
        self.daily = DailyPrompt()
        self.due = DueBar()
        self.on_this_day = OnThisDayBar()
        self.use_dates = QCheckBox(tr("&Between"))
        self.since = in_journal_range(QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd"))
        self.until = in_journal_range(QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd"))
        self.since.setAccessibleName(tr("From date"))
        self.until.setAccessibleName(tr("To date"))
        today = QDate.currentDate()
        self.since.setDate(today.addMonths(-1))
        self.until.setDate(today)
        self.new_button = QPushButton(tr("&New entry"))
        self.new_button.setToolTip(tr("New entry (Ctrl+N)"))
        self.template_button = TemplateButton()
        self.template_button.vault = session.vault
        self.trash_button = QPushButton(tr("Move to &trash"))

        self.model = EntryListModel(session.journal)
        self.view = self._entry_view()
        self.next_step = QPushButton(objectName="NextStep")
        self.empty_state = EmptyState(self.next_step)
        self.editor = EntryEditor()
        self.editor.prompt_text = self._prompt_text
        self.editor.attachments.tasks = session.tasks
        self.tag.addItem(tr("All tags"), None)
        self.focus_mode = False
        self._writing_tools()
        self._lay_out()
        self._connect()
        # The list is filled when the window shows this area (activate()).

    def _entry_view(self) -> QTableView:
        view = QTableView(objectName="EntryList")
        view.setAccessibleName(tr("Entries"))
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(30)
        view.setShowGrid(False)
        view.setWordWrap(False)
        view.setAlternatingRowColors(True)
        view.setItemDelegateForColumn(
            EntryListModel.MATCH,
            HtmlDelegate(SNIPPET_HTML_ROLE, view, min_lines=3, heading_role=HEADING_ROLE),
        )
        self.cards = EntryCardDelegate(DETAIL_ROLE, view)
        view.setItemDelegateForColumn(EntryListModel.TITLE, self.cards)
        view.viewport().installEventFilter(self)  # resized: the columns follow
        return view

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._size_columns()
        if watched is self.search and isinstance(event, QKeyEvent):
            return self._escape_clears_search(event) or super().eventFilter(watched, event)
        return super().eventFilter(watched, event)

    def _escape_clears_search(self, event: QKeyEvent) -> bool:
        """Escape in the search field clears it; the whole list comes back."""
        escape = event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape
        if escape and self.search.text():
            self.search.clear()
            return True
        return False

    def _lay_out(self) -> None:
        pick = QHBoxLayout()
        pick.addWidget(self.tag, 1)
        pick.addWidget(self.prompt_filter, 1)
        # The dates show once "Between" is ticked: the row keeps its height.
        self.date_range = QWidget()
        between = QHBoxLayout(self.date_range)
        between.setContentsMargins(0, 0, 0, 0)
        between.addWidget(self.since, 1)
        between.addWidget(QLabel(tr("to")))
        between.addWidget(self.until, 1)
        self.date_range.hide()
        dates = QHBoxLayout()
        dates.addWidget(self.use_dates)
        dates.addWidget(self.date_range, 1)
        dates.addStretch()
        self.calendar_toggle = QToolButton(objectName="CalendarToggle", checkable=True)
        self.calendar_toggle.setText(tr("Calendar"))
        self.calendar_toggle.setAccessibleName(tr("Show a calendar of entries"))
        self.calendar_toggle.setToolTip(tr("A month at a glance; click a day for its entries"))
        dates.addWidget(self.calendar_toggle)
        self.calendar = CalendarPanel()
        self.calendar.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.template_button)
        buttons.addStretch()
        buttons.addWidget(self.trash_button)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.view)
        self.list_stack.addWidget(self.empty_state)
        self.list_panel = column(
            self.journal_choice,
            self.search,
            pick,
            dates,
            self.calendar,
            self.list_stack,
            buttons,
            stretch=self.list_stack,
        )
        self.list_panel.setContentsMargins(0, 0, 0, 0)
        # Writing first: the list keeps its width and gives way; the editor takes the rest.
        self.splitter = QSplitter(objectName="JournalSplitter")
        self.splitter.addWidget(self.list_panel)
        self.splitter.addWidget(self._beside_rail(self.editor))
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(0, True)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([LIST_WIDTH, 3 * LIST_WIDTH])
        self.header = column(self.due, self.on_this_day, self.daily, margins=0)
        layout = area_layout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.splitter, 1)

    def _beside_rail(self, editor: QWidget) -> QWidget:
        """The editor with a narrow rail of the buttons that make room for writing
        (outside the editor, which is disabled while no entry is open)."""
        rail = QVBoxLayout()
        rail.setContentsMargins(0, 0, 0, 0)
        for button in (self.list_toggle, self.focus_button):
            button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            rail.addWidget(button)
        rail.addStretch()
        side = QWidget()
        layout = QHBoxLayout(side)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(rail)
        layout.addWidget(editor, 1)
        return side

    def _writing_tools(self) -> None:
        """The buttons and keys that make room for writing."""
        self.list_toggle = QToolButton(objectName="ListToggle", checkable=True, checked=True)
        self.list_toggle.setText(tr("List"))
        self.list_toggle.setAccessibleName(tr("Show the list of entries"))
        self.list_toggle.setToolTip(tr("Show or hide the list of entries (Ctrl+Shift+L)"))
        self.list_toggle.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.focus_button = QToolButton(objectName="FocusButton", checkable=True)
        self.focus_button.setText(tr("Focus"))
        self.focus_button.setAccessibleName(tr("Distraction-free writing"))
        self.focus_button.setToolTip(tr("Only the editor, nothing else (F11); Esc leaves"))
        self.focus_action = QAction(tr("Distraction-free writing"), self)
        self.focus_action.setShortcuts([QKeySequence("F11"), QKeySequence("Ctrl+Shift+F")])
        self.leave_focus_action = QAction(tr("Leave distraction-free writing"), self)
        self.leave_focus_action.setShortcut(QKeySequence("Esc"))
        self.leave_focus_action.setEnabled(False)
        for action in (self.focus_action, self.leave_focus_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)

    def _connect(self) -> None:
        self.debounce = QTimer(self, singleShot=True, interval=SEARCH_DEBOUNCE_MS)
        self.debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(self.debounce.start)
        self.tag.currentIndexChanged.connect(self.refresh)
        self.journal_choice.chosen.connect(self._journal_chosen)
        self.journal_choice.journals_changed.connect(self._journals_changed)
        self.editor.moved.connect(self._entries_changed)
        self.prompt_filter.currentIndexChanged.connect(self.refresh)
        self.daily.write.clicked.connect(self._write_daily)
        self.due.open_item.connect(self.open_requested)
        self.on_this_day.open_entry.connect(self.open_entry)
        self.calendar_toggle.toggled.connect(self._show_calendar)
        self.calendar.month_shown.connect(self._fill_month)
        self.calendar.day_chosen.connect(self.show_day)
        self.template_button.chosen.connect(self.new_from_template)
        self.session.changed.connect(self._something_changed)
        self.use_dates.toggled.connect(self.date_range.setVisible)
        self.use_dates.toggled.connect(self.refresh)
        self.since.dateChanged.connect(self._dates_changed)
        self.until.dateChanged.connect(self._dates_changed)
        self.new_button.clicked.connect(self.new_entry)
        self.trash_button.clicked.connect(self.trash_current)
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        self.editor.saved.connect(self._saved)
        self.editor.tags_saved.connect(self._fill_tags)
        self.editor.opened.connect(self._entry_open)
        self._entry_open(self.editor.isEnabled())
        self.next_step.clicked.connect(self._empty_action)
        self.search.installEventFilter(self)  # Escape clears it
        self.editor.entries_changed.connect(self._entries_changed)
        self.editor.discarded.connect(self.trashed)
        self.editor.status.connect(self.status)
        self.list_toggle.toggled.connect(self.show_list)
        self.splitter.splitterMoved.connect(self._list_moved)
        self.focus_button.clicked.connect(self.set_focus_mode)
        self.focus_action.triggered.connect(self.toggle_focus_mode)
        self.leave_focus_action.triggered.connect(lambda: self.set_focus_mode(False))

    def _entry_open(self, is_open: bool) -> None:
        """Move to trash only does something with an entry open (and a vault that can change)."""
        self.trash_button.setEnabled(is_open and not self.session.vault.read_only)

    # -- room for writing -------------------------------------------------------------------

    def show_list(self, shown: bool) -> None:
        """Show or hide the list; the editor takes the room."""
        if self.list_toggle.isChecked() != shown:
            self.list_toggle.setChecked(shown)  # comes back here through toggled
            return
        self.list_toggle.setAccessibleName(
            tr("Hide the list of entries") if shown else tr("Show the list of entries")
        )
        if self.focus_mode:
            return
        self.list_panel.setVisible(shown)
        if shown and self.splitter.sizes()[0] == 0:
            self.splitter.setSizes([LIST_WIDTH, max(self.splitter.width() - LIST_WIDTH, 1)])

    def _list_moved(self) -> None:
        """Dragging the list closed is the same as hiding it."""
        if self.splitter.sizes()[0] == 0 and self.list_panel.isVisible():
            self.list_panel.hide()
            self.list_toggle.setChecked(False)

    def hideEvent(self, event: QHideEvent) -> None:
        """Another area shown (not the window minimised): writing only is over."""
        if not event.spontaneous():
            self.set_focus_mode(False)
        super().hideEvent(event)

    def toggle_focus_mode(self) -> None:
        self.set_focus_mode(not self.focus_mode)

    def set_focus_mode(self, on: bool) -> None:
        """Distraction-free writing: only the editor shows (the window hides the rest)."""
        if on == self.focus_mode:
            return
        self.focus_mode = on
        self.header.setVisible(not on)
        self.list_toggle.setVisible(not on)
        self.list_panel.setVisible(not on and self.list_toggle.isChecked())
        self.leave_focus_action.setEnabled(on)
        self.focus_button.setChecked(on)
        self.focus_mode_changed.emit(on)
        if self.editor.isEnabled():
            self.editor.body.setFocus()

    # -- filters and loading ------------------------------------------------------------------

    def _fill_tags(self) -> None:
        """Refresh the tag filter and the editor's tag completion, off the UI thread."""
        if self.session.is_open:
            self.session.tasks.run(self.session.journal.tags, self._show_tags)

    def _show_tags(self, tags: list[tuple[str, int]]) -> None:
        if not self.session.is_open:
            return
        current = self.tag.currentData()
        self.tag.blockSignals(True)
        self.tag.clear()
        self.tag.addItem(tr("All tags"), None)
        for name, count in tags:
            self.tag.addItem(f"#{name} ({count})", name)
        found = self.tag.findData(current)
        self.tag.setCurrentIndex(max(found, 0))
        self.tag.blockSignals(False)
        self.editor.completer.set_tags([name for name, _ in tags])

    def _fill_journals(self) -> None:
        """The journals and their counts, read off the UI thread."""
        if self.session.is_open:
            service = JournalsService(self.session.vault)
            self.journal_choice.service = service
            self.session.tasks.run(service.all, self._show_journals)

    def _show_journals(self, journals: list[Journal]) -> None:
        if self.session.is_open:
            self.journal_choice.show_journals(journals)
            self.editor.set_journals(journals)

    def _journal_chosen(self) -> None:
        """Another journal (or all of them): the list, calendar and on this day follow,
        and a new entry goes into it."""
        self.editor.new_journal_id = self.journal_choice.chosen_id
        self.refresh()
        self._fill_due()
        if self.calendar.isVisible():
            calendar = self.calendar.calendar
            self._fill_month(calendar.yearShown(), calendar.monthShown())

    def _journals_changed(self) -> None:
        self.session.changed.emit("journals")
        self.editor.set_journals(self.journal_choice.journals)
        self._fill_journals()

    def _dates_changed(self) -> None:
        if self.use_dates.isChecked():
            self.refresh()

    def current_filter(self) -> EntryFilter:
        since = until = None
        if self.use_dates.isChecked():
            since = datetime.combine(self.since.date().toPython(), time.min).astimezone()
            end = self.until.date().addDays(1).toPython()
            until = datetime.combine(end, time.min).astimezone()
        return date_filter(
            tag=self.tag.currentData(),
            since=since,
            until=until,
            journal_ids=self.journal_choice.chosen_ids(),
        )

    def refresh(self) -> None:
        """Reload the list (or the search results) off the UI thread."""
        if not self.session.is_open:
            return
        self._generation += 1
        generation = self._generation
        dates_and_tag = self.current_filter()
        category = self.prompt_filter.currentData()
        prompts = self.session.prompts
        text = self.search.text().strip()
        journal = self.session.journal

        def scope() -> EntryFilter:  # runs in the worker: it reads the prompts
            return prompts.narrow(dates_and_tag, category)

        if text:
            self.session.tasks.run(
                lambda: journal.search(text, scope(), SEARCH_LIMIT, prefix_last=True),
                lambda hits: self._loaded(generation, self.model.set_hits, hits),
            )
            self._read_the_rest()
        else:

            def every_id() -> None:
                self.session.tasks.run(
                    lambda: journal.ids(scope()),
                    lambda ids: self._loaded(generation, self._every_id, ids),
                )

            if self.model.rowCount():
                every_id()
                self._read_the_rest()
            else:
                # Unlocked (or an empty list): a screenful first, a keyset page
                # read in constant time; every id (linear: 159 ms at 300,000
                # entries) for the scroll bar and the count only once it is
                # shown, appended below it. Read beside the window being built
                # and painted, the ids' Python loop held the interpreter lock
                # from it (issue 20: the first page in 150 ms at any size).
                self.session.tasks.run(
                    lambda: journal.ids(scope(), FIRST_PAGE),
                    lambda ids: self._first_page(generation, ids, every_id),
                    lambda error: self._first_page_failed(generation, error, every_id),
                )
        self._check_open_entry()

    def _first_page(self, generation: int, ids: array[int], then: Callable[[], None]) -> None:
        """Show the list's first rows, then (after they are painted) read every id.
        The rows are read as shown, by the model (which copes with damaged pages)."""
        # After the paint, as every id is: the reads that waited for this page.
        QTimer.singleShot(0, self, self._read_the_rest)
        if generation != self._generation or not self.session.is_open:
            return
        if ids and self._complete != generation:
            self._partial = generation
            self.model.set_ids(ids)
            self._size_columns()
            self.list_stack.setCurrentWidget(self.view)
        # A zero-time timer fires after the paint the rows just asked for. An
        # empty page waits for the full read to say whether the list is empty.
        QTimer.singleShot(0, self, partial(self._still, generation, then))

    def _first_page_failed(
        self, generation: int, error: BaseException, then: Callable[[], None]
    ) -> None:
        """The full read tells the person what went wrong, if it goes wrong again."""
        log.warning("the list's first page could not be read: %s", type(error).__name__)
        self._still(generation, then)
        self._read_the_rest()

    def _still(self, generation: int, then: Callable[[], None]) -> None:
        """Run ``then`` unless a newer refresh has begun (or the vault was locked)."""
        if generation == self._generation and self.session.is_open:
            then()

    def _every_id(self, ids: array[int]) -> None:
        if self._partial == self._generation:
            self.model.extend_to(ids)  # below the first page, which stays as it is
        else:
            self.model.set_ids(ids)

    def _check_open_entry(self) -> None:
        """Read the open entry as stored now, off the UI thread: if another
        program changed it and nothing is being typed, the editor shows it."""
        base, editor = self.editor.base, self.editor
        if base is None or editor.dirty:
            return
        journal, generation = self.session.journal, editor.generation
        self.session.tasks.run(
            lambda: journal.find(base.id), lambda stored: editor.stored_now(generation, stored)
        )

    @property
    def listed_in_full(self) -> bool:
        """Whether the list (or the search results) last asked for is shown whole,
        not only its first page."""
        return self._complete == self._generation

    def _loaded(self, generation: int, apply: Callable[[Any], None], result: Any) -> None:
        if generation != self._generation or not self.session.is_open:
            return
        self._complete = generation
        selected = self.editor.entry_id
        apply(result)
        self._size_columns()
        self._show_empty_state()
        self.count_changed.emit(self.model.rowCount())
        row = self.model.row_of(selected) if selected is not None else None
        if row is not None:
            self.view.selectionModel().blockSignals(True)
            self.view.selectRow(row)
            self.view.selectionModel().blockSignals(False)
        log.info("list shown: %d rows", self.model.rowCount())

    def _show_empty_state(self) -> None:
        """An empty list says why, with one next step: the journal is empty, or the
        search or the filters found nothing."""
        if self.model.rowCount():
            self.list_stack.setCurrentWidget(self.view)
            return
        text = self.search.text().strip()
        if text:
            self.empty_state.say(
                tr("Nothing matched “{text}”.").format(text=text),
                tr("Try fewer or other words."),
                tr("Clear the search"),
            )
        elif self._filtered():
            self.empty_state.say(tr("No entries match these filters."), "", tr("Show every entry"))
        else:
            self.empty_state.say(
                tr("Your journal is empty."),
                tr("Whatever is on your mind is a good start."),
                "" if self.session.vault.read_only else tr("Write your first entry"),
            )
        self.list_stack.setCurrentWidget(self.empty_state)

    def _filtered(self) -> bool:
        return bool(
            self.tag.currentData() or self.prompt_filter.currentData() or self.use_dates.isChecked()
        )

    def _empty_action(self) -> None:
        if self.search.text().strip():
            self.search.clear()
            self.refresh()
        elif self._filtered():
            self.tag.setCurrentIndex(0)
            self.prompt_filter.setCurrentIndex(0)
            self.use_dates.setChecked(False)
        else:
            self.new_entry()

    def _size_columns(self) -> None:
        """A narrow list shows each entry as a card (its title over its date, mood and
        tags); a wide one a table, dates and moods as wide as their text, the title
        taking the rest. Search results show the date and the match under the title.
        Widths come from the font, never from reading rows: a long journal is not
        measured."""
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        searching = self.model.searching
        cards = not searching and self.view.viewport().width() < WIDE_LIST
        self.cards.compact = cards
        stretch = EntryListModel.MATCH if searching else EntryListModel.TITLE
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        header.setVisible(not cards)
        text, heading = self.view.fontMetrics(), header.fontMetrics()
        self.view.setColumnWidth(EntryListModel.DATE, text.horizontalAdvance(SAMPLE_DATE) + PAD)
        mood = max(heading.horizontalAdvance(tr("Mood")), text.horizontalAdvance("10")) + PAD
        self.view.setColumnWidth(EntryListModel.MOOD, mood)
        self.view.setColumnWidth(EntryListModel.TAGS, TAGS_WIDTH)
        self.view.setColumnHidden(EntryListModel.DATE, cards)
        self.view.setColumnHidden(EntryListModel.TITLE, searching)
        self.view.setColumnHidden(EntryListModel.MOOD, searching or cards)
        self.view.setColumnHidden(EntryListModel.TAGS, searching or cards)
        if searching:
            rows = 3 * text.lineSpacing() + 12  # the title, two lines of the match
        else:
            rows = card_height(self.view.font()) if cards else 30
        self.view.verticalHeader().setDefaultSectionSize(rows)

    # -- entries ---------------------------------------------------------------------------

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        entry_id = self.model.entry_id(current.row())
        if entry_id == self.editor.entry_id:
            return
        if self.model.is_unreadable(current.row()):
            self.status.emit(tr("This entry is on a damaged part of the vault and cannot be read."))
            return
        try:
            entry = self.session.journal.get(entry_id)
        except Exception as error:  # e.g. purged by another program meanwhile
            errors.report(self, error)
            return
        self.editor.load(self.session.journal, entry)

    def new_entry(self, prompt: Prompt | None = None) -> None:
        """Start an entry (answering ``prompt``, if given), on Write with the cursor
        in the body: the title is optional, the words are not."""
        self.view.clearSelection()
        self.editor.start_new(self.session.journal, prompt)
        self.editor.focus_body()

    def _show_calendar(self, shown: bool) -> None:
        self.calendar.setVisible(shown)
        if shown:
            calendar = self.calendar.calendar
            self._fill_month(calendar.yearShown(), calendar.monthShown())

    def _fill_month(self, year: int, month: int) -> None:
        """The month's days with entries and their mood, read off the UI thread."""
        if not self.session.is_open or not self.calendar.isVisible():
            return
        vault = self.session.vault
        chosen = self.journal_choice.chosen_ids()
        self.session.tasks.run(
            lambda: month_days(vault, year, month, chosen),
            lambda days: self.calendar.show_month_days(year, month, days),
        )

    def show_day(self, day: date, last: date | None = None) -> None:
        """List the entries of ``day`` (to ``last``, if given: the Progress area's
        calendar by weeks): the date filter from that day to that day."""
        for field, when in ((self.since, day), (self.until, last or day)):
            field.blockSignals(True)
            field.setDate(QDate(when.year, when.month, when.day))
            field.blockSignals(False)
        if self.use_dates.isChecked():
            self.refresh()
        else:
            self.use_dates.setChecked(True)  # shows the dates and refreshes

    def new_from_template(self, template: Template) -> None:
        """Start an entry laid out by ``template``, on Write, in the body."""
        self.view.clearSelection()
        self.editor.start_from_template(self.session.journal, template)
        self.editor.focus_body()

    def open_entry(self, entry_id: int) -> None:
        """Show one entry: selected in the list when it is listed, else in the editor."""
        row = self.model.row_of(entry_id)
        if row is not None:
            self.view.selectRow(row)
            return
        try:
            entry = self.session.journal.get(entry_id)
        except Exception as error:  # gone meanwhile (purged by another program)
            errors.report(self, error)
            return
        self.view.clearSelection()
        self.editor.load(self.session.journal, entry)

    def _prompt_text(self, prompt_id: str) -> str | None:
        prompt = self.session.prompts.get(prompt_id)
        return prompt.text if prompt else None

    def _fill_daily(self) -> None:
        """The prompt of the day, chosen off the UI thread."""
        if self.session.is_open:
            self.session.tasks.run(self.session.prompts.prompt_of_the_day, self._show_daily)

    def _show_daily(self, suggestion: Suggestion | None) -> None:
        if self.session.is_open:
            self.daily.show_suggestion(suggestion)

    def _fill_due(self) -> None:
        """Overdue goals, due check-ins and follow-ups, read off the UI thread."""
        if self.session.is_open:
            vault = self.session.vault
            today = date.today()
            self.session.tasks.run(
                lambda: due_items(vault, today), lambda items: self._show_due(items, today)
            )

    def _show_due(self, items: list[DueItem], today: date) -> None:
        if not self.session.is_open:
            return
        self.due.show_items(items, today)
        journal = self.session.journal  # this date in earlier years, also off the UI thread
        chosen = self.journal_choice.chosen_ids()
        self.session.tasks.run(lambda: journal.on_this_day(today, chosen), self._show_on_this_day)

    def _show_on_this_day(self, entries: list[EntrySummary]) -> None:
        if self.session.is_open:
            self.on_this_day.show_entries(entries)

    def _something_changed(self, what: str) -> None:
        if not self.session.is_open:
            return
        if what == "entries_imported":  # entries came from elsewhere: show them
            self._fill_tags()
            self._fill_journals()
            self.refresh()
        elif what != "entries":
            self._fill_due()

    def _write_daily(self) -> None:
        if self.daily.suggestion is not None:
            self.new_entry(self.daily.suggestion.prompt)

    def _saved(self, entry_id: int) -> None:
        self.session.changed.emit("entries")
        if self.model.row_of(entry_id) is None:  # a new entry: a journal counts one more
            self._fill_journals()
            self.refresh()
        else:
            self.model.forget(entry_id)

    def _entries_changed(self) -> None:
        self.session.changed.emit("entries")
        self._fill_tags()
        self._fill_journals()
        self.refresh()

    def trash_current(self) -> None:
        before = self.editor.conflict
        entry_id = self.editor.save_now()
        if entry_id is None or self.editor.conflict is not before:
            return  # changed elsewhere meanwhile: the person sees it before anything goes
        try:
            self.session.journal.move_to_trash(entry_id)
        except Exception as error:
            errors.report(self, error)
            return
        self.editor.clear()
        self._fill_tags()
        self.refresh()
        self.trashed.emit(entry_id)

    def restore(self, entry_id: int) -> None:
        self.session.journal.restore(entry_id)
        self._fill_tags()
        self.refresh()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # -- area protocol -------------------------------------------------------------------

    def save(self) -> None:
        self.editor.save_now()

    def clear(self) -> None:
        self._generation += 1
        self.set_focus_mode(False)
        self.empty_state.say("")  # it may quote the search
        self.list_stack.setCurrentWidget(self.view)
        self.editor.clear()
        self.daily.show_suggestion(None)
        self.due.show_items([], date.today())
        self.on_this_day.show_entries([])
        self.calendar.clear()
        self.calendar_toggle.setChecked(False)
        self.model.clear()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.tag.blockSignals(True)
        self.tag.clear()
        self.tag.blockSignals(False)
        self.journal_choice.clear()
        self.editor.set_journals([])
        self.editor.new_journal_id = None
        self._after_first_page = []

    def activate(self) -> None:
        # The list's first page first. The other reads count or scan every
        # entry (the journals' and the tags' counts, what is due: 50-120 ms
        # each at 300,000 entries); asked for first, they held the database
        # while the first page waited behind them (issue 20).
        self._after_first_page = [
            self._fill_journals,
            self._fill_due,
            self._fill_tags,
            self._fill_daily,
        ]
        self.refresh()

    def _read_the_rest(self) -> None:
        """Start the reads that waited for the list's first page."""
        waiting, self._after_first_page = self._after_first_page, []
        for read in waiting:
            read()
