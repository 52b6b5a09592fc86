"""The Goals area: goals with a checklist of steps, made from scratch or a template.

The list on the left shows each goal's progress and due date; the right side
edits the selected goal. Ticking a step saves at once; the title, the reason and
the due date save when the person leaves the field, the goal or the area.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui import errors
from therapy_journal.gui.date_fields import in_journal_range
from therapy_journal.gui.empty_state import empty_state
from therapy_journal.gui.i18n import plural, tr
from therapy_journal.gui.layouts import area_layout, column, list_beside_editor
from therapy_journal.gui.session import Session
from therapy_journal.services.goals import Goal, InvalidGoal
from therapy_journal.services.reference import goal_templates_for
from therapy_journal.services.regions import configured_region

log = logging.getLogger(__name__)

ID_ROLE = Qt.ItemDataRole.UserRole


def status_labels() -> dict[str, str]:
    return {"active": tr("Active"), "done": tr("Done"), "dropped": tr("Dropped")}


def progress_text(goal: Goal) -> str:
    if not goal.steps:
        return tr("No steps yet")
    return plural(len(goal.steps), "{done} of %n step", "{done} of %n steps").format(
        done=goal.steps_done
    )


def due_text(goal: Goal, today: date) -> str:
    if goal.due is None:
        return ""
    when = QDate(goal.due).toString("d MMM yyyy")
    if goal.is_overdue(today):
        return tr("was due {when}").format(when=when)
    if goal.status == "active" and goal.due == today:
        return tr("due today")
    return tr("due {when}").format(when=when)


class GoalEditor(QWidget):
    """Edits one goal: its words, due date, status and steps."""

    changed = Signal(int)  # goal id: saved, the list should show it anew

    def __init__(self, session: Session) -> None:
        super().__init__(objectName="GoalEditor")
        self.session = session
        self.goal: Goal | None = None
        self.title = QLineEdit()
        self.title.setAccessibleName(tr("Goal title"))
        self.title.setPlaceholderText(tr("What do you want to do?"))
        self.why = QPlainTextEdit()
        self.why.setAccessibleName(tr("Why this goal matters"))
        self.why.setPlaceholderText(tr("Why it matters to you (optional)"))
        self.why.setTabChangesFocus(True)
        self.why.setMaximumHeight(90)
        self.has_due = QCheckBox(tr("&Due by"))
        self.due = in_journal_range(QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd"))
        self.due.setAccessibleName(tr("Due date"))
        self.status = QComboBox()
        self.status.setAccessibleName(tr("Status"))
        for key, label in status_labels().items():
            self.status.addItem(label, key)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(tr("Progress"))
        self.progress.setRange(0, 100)
        self.done_offer = QLabel(tr("All steps ticked."), objectName="DoneOffer")
        self.mark_done_button = QPushButton(tr("&Mark the goal done"))
        self.not_yet_button = QPushButton(tr("Not &yet"))
        self.not_yet_button.setAccessibleName(tr("Keep the goal active"))
        self.not_yet: set[int] = set()  # goals whose offer the person turned down
        self.progress_row = QStackedWidget(objectName="ProgressRow")
        self.steps = QListWidget(objectName="Steps")
        self.steps.setAccessibleName(tr("Steps"))
        self.steps.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        # A long step (a template's) wraps instead of scrolling the list sideways.
        self.steps.setWordWrap(True)
        self.steps.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.new_step = QLineEdit()
        self.new_step.setAccessibleName(tr("New step"))
        self.new_step.setPlaceholderText(tr("Add a step and press Enter"))
        self.add_step_button = QPushButton(tr("&Add step"))
        self.remove_step_button = QPushButton(tr("&Remove step"))
        self.up_button = QPushButton(tr("Move &up"))
        self.down_button = QPushButton(tr("Move do&wn"))
        self.error = QLabel(objectName="ErrorText", wordWrap=True)
        self.placeholder = QLabel(objectName="EmptyState", wordWrap=True)
        self.start_button = QPushButton(tr("Start from a template…"))
        self.show_empty(first=False)
        self._lay_out()
        self._connect()
        self.show_goal(None)

    def _lay_out(self) -> None:
        due_row = QHBoxLayout()
        due_row.addWidget(self.has_due)
        due_row.addWidget(self.due)
        due_row.addStretch()
        form = QFormLayout()
        form.addRow(tr("&Goal"), self.title)
        form.addRow(tr("&Why"), self.why)
        form.addRow(tr("When"), due_row)
        form.addRow(tr("&Status"), self.status)
        form.addRow(tr("Progress"), self._progress_row())
        for label, buddy in ((form.labelForField(self.title), self.title),):
            if isinstance(label, QLabel):
                label.setBuddy(buddy)
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_step, 1)
        add_row.addWidget(self.add_step_button)
        step_buttons = QHBoxLayout()
        step_buttons.addWidget(self.up_button)
        step_buttons.addWidget(self.down_button)
        step_buttons.addStretch()
        step_buttons.addWidget(self.remove_step_button)
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(form)
        body.addWidget(QLabel(tr("Steps"), objectName="Hint"))
        body.addWidget(self.steps, 1)
        body.addLayout(add_row)
        body.addLayout(step_buttons)
        body.addWidget(self.error)
        self.nothing_shown = empty_state(self.placeholder, self.start_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.nothing_shown, 1)
        layout.addWidget(self.body, 1)

    def show_empty(self, *, first: bool) -> None:
        """What shows with no goal chosen: with no goals at all, one way to a first."""
        self.placeholder.setText(
            tr(
                "No goals yet. A goal with small, concrete steps is easier to begin; "
                "a template gives you one to make your own."
            )
            if first
            else tr("Choose a goal, or make a new one. Small, concrete steps work best.")
        )
        self.start_button.setVisible(first)

    def _progress_row(self) -> QStackedWidget:
        """The progress bar, or in its place once every step is ticked, an
        offer to mark the goal done: the row keeps its height, nothing moves."""
        offer = QWidget()
        row = QHBoxLayout(offer)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.done_offer, 1)
        row.addWidget(self.mark_done_button)
        row.addWidget(self.not_yet_button)
        bar = QWidget()
        bar_layout = QVBoxLayout(bar)
        bar_layout.setContentsMargins(0, 0, 0, 0)
        bar_layout.addWidget(self.progress, 0, Qt.AlignmentFlag.AlignVCenter)
        self.progress_row.addWidget(bar)
        self.progress_row.addWidget(offer)
        # The offer's height from the start, so it never pushes the steps down.
        self.progress_row.setMinimumHeight(offer.sizeHint().height())
        return self.progress_row

    def _connect(self) -> None:
        self.mark_done_button.clicked.connect(self.mark_done)
        self.not_yet_button.clicked.connect(self._keep_active)
        self.title.editingFinished.connect(self.save_now)
        self.why_timer = QTimer(self, singleShot=True, interval=1500)
        self.why_timer.timeout.connect(self.save_now)
        self.why.textChanged.connect(self.why_timer.start)
        self.has_due.toggled.connect(self._due_toggled)
        self.due.dateChanged.connect(self.save_now)
        self.status.activated.connect(self._status_chosen)
        self.steps.itemChanged.connect(self._step_changed)
        self.steps.model().rowsMoved.connect(self._steps_dragged)
        self.new_step.returnPressed.connect(self.add_step)
        self.add_step_button.clicked.connect(self.add_step)
        self.remove_step_button.clicked.connect(self.remove_step)
        self.up_button.clicked.connect(lambda: self.move_step(-1))
        self.down_button.clicked.connect(lambda: self.move_step(1))
        self.steps.currentRowChanged.connect(self._update_buttons)

    # -- showing -----------------------------------------------------------------------

    def show_goal(self, goal: Goal | None) -> None:
        self.goal = goal
        self.error.clear()
        self.nothing_shown.setVisible(goal is None)
        self.body.setVisible(goal is not None)
        if goal is None:
            self.title.clear()
            self.why.clear()
            self.steps.clear()
            return
        for widget in (self.title, self.why, self.has_due, self.due, self.status):
            widget.blockSignals(True)
        self.title.setText(goal.title)
        self.why.setPlainText(goal.why)
        self.has_due.setChecked(goal.due is not None)
        self.due.setEnabled(goal.due is not None)
        self.due.setDate(QDate(goal.due) if goal.due else QDate.currentDate().addDays(7))
        self.status.setCurrentIndex(max(self.status.findData(goal.status), 0))
        for widget in (self.title, self.why, self.has_due, self.due, self.status):
            widget.blockSignals(False)
        self._show_steps(goal)

    def _show_steps(self, goal: Goal) -> None:
        row = self.steps.currentRow()
        self.steps.blockSignals(True)
        self.steps.clear()
        for step in goal.steps:
            item = QListWidgetItem(step.text)
            item.setData(ID_ROLE, step.id)
            item.setFlags(
                item.flags()
                | Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsEditable
                | Qt.ItemFlag.ItemIsDragEnabled
            )
            item.setCheckState(Qt.CheckState.Checked if step.is_done else Qt.CheckState.Unchecked)
            font = item.font()
            font.setStrikeOut(step.is_done)  # a ticked step reads as done
            item.setFont(font)
            self.steps.addItem(item)
        self.steps.setCurrentRow(min(row, self.steps.count() - 1))
        self.steps.blockSignals(False)
        self.progress.setValue(round(goal.progress * 100))
        self.progress.setFormat(progress_text(goal) if goal.status != "done" else tr("Done"))
        self._offer_done(goal)
        self._update_buttons()

    def _offer_done(self, goal: Goal) -> None:
        """Every step ticked and the goal still active: ask, inline, whether it is done."""
        if goal.steps_done < len(goal.steps):
            self.not_yet.discard(goal.id)  # ticking the last step again asks again
        offer = (
            goal.status == "active"
            and bool(goal.steps)
            and goal.steps_done == len(goal.steps)
            and goal.id not in self.not_yet
        )
        self.progress_row.setCurrentIndex(1 if offer else 0)

    def _keep_active(self) -> None:
        if self.goal is not None:
            self.not_yet.add(self.goal.id)
            self._offer_done(self.goal)
            self.steps.setFocus()

    def _update_buttons(self) -> None:
        row = self.steps.currentRow()
        self.remove_step_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.steps.count() - 1)

    # -- saving --------------------------------------------------------------------------

    def _run(self, work: Callable[[], Goal]) -> bool:
        """Make one change through the goals service and show the goal it returns.

        A change the service refuses is explained under the form (and the steps
        shown as stored again); anything else is reported.
        """
        try:
            goal = work()
        except InvalidGoal as error:
            self.error.setText(str(error))
            if self.goal is not None:
                self._show_steps(self.goal)
            return False
        except Exception as error:
            errors.report(self, error)
            return False
        self.error.clear()
        self._apply(goal)
        self.session.changed.emit("goals")
        return True

    def _apply(self, work: object) -> None:
        """Show the goal a service call returned, and tell the list."""
        if isinstance(work, Goal):
            self.goal = work
            self._show_steps(work)
            self.changed.emit(work.id)

    def save_now(self) -> None:
        """Keep the title, the reason and the due date as they are on screen."""
        goal = self.goal
        if goal is None or not self.session.is_open:
            return
        due = self.due.date().toPython() if self.has_due.isChecked() else None
        title, why = self.title.text(), self.why.toPlainText()
        if (goal.title, goal.why.strip(), goal.due) == (title.strip(), why.strip(), due):
            return
        self._run(lambda: self.session.goals.update(goal.id, title, why, due))

    def _due_toggled(self, on: bool) -> None:
        self.due.setEnabled(on)
        self.save_now()

    def _status_chosen(self) -> None:
        goal = self.goal
        status = self.status.currentData()
        if goal is None or status == goal.status:
            return
        self.save_now()

        def change() -> Goal:
            self.session.goals.set_status(goal.id, status)
            return self.session.goals.get(goal.id)

        self._run(change)

    def mark_done(self) -> None:
        self.status.setCurrentIndex(self.status.findData("done"))
        self._status_chosen()
        self.status.setFocus()  # the offer it may have come from is gone

    # -- steps -----------------------------------------------------------------------------

    def _step_changed(self, item: QListWidgetItem) -> None:
        step_id = int(item.data(ID_ROLE))
        step = next((s for s in self.goal.steps if s.id == step_id), None) if self.goal else None
        if step is None:
            return
        done = item.checkState() == Qt.CheckState.Checked
        goals, text = self.session.goals, item.text()
        if done != step.is_done:
            self._run(lambda: goals.set_step_done(step_id, done))
        elif text.strip() != step.text:
            self._run(lambda: goals.edit_step(step_id, text))

    def add_step(self) -> None:
        if self.goal is None or not self.new_step.text().strip():
            return
        goal_id, text = self.goal.id, self.new_step.text()
        if self._run(lambda: self.session.goals.add_step(goal_id, text)):
            self.new_step.clear()
            self.steps.setCurrentRow(self.steps.count() - 1)

    def remove_step(self) -> None:
        item = self.steps.currentItem()
        if item is None:
            return
        step_id = int(item.data(ID_ROLE))
        self._run(lambda: self.session.goals.remove_step(step_id))

    def move_step(self, by: int) -> None:
        row = self.steps.currentRow()
        item = self.steps.currentItem()
        if item is None or not 0 <= row + by < self.steps.count():
            return
        step_id = int(item.data(ID_ROLE))
        if self._run(lambda: self.session.goals.move_step(step_id, row + by)):
            self.steps.setCurrentRow(row + by)

    def _steps_dragged(self) -> None:
        """Keep the order the person dragged the steps into."""
        if self.goal is None:
            return
        for row in range(self.steps.count()):
            step_id = int(self.steps.item(row).data(ID_ROLE))
            self.goal = self.session.goals.move_step(step_id, row)
        self._apply(self.goal)


class GoalsArea(QWidget):
    """Goals and their steps."""

    status = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("GoalsArea")
        self.session = session
        self.filter = QComboBox()
        self.filter.setAccessibleName(tr("Show goals"))
        self.filter.addItem(tr("Active goals"), "active")
        self.filter.addItem(tr("Done"), "done")
        self.filter.addItem(tr("Dropped"), "dropped")
        self.filter.addItem(tr("All goals"), None)
        self.list = QListWidget(objectName="GoalList")
        self.list.setAccessibleName(tr("Goals"))
        # A long title wraps in a narrow list instead of scrolling it sideways.
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.empty = QLabel(objectName="Hint", wordWrap=True)
        self.new_button = QPushButton(tr("&New goal"))
        self.template_button = QToolButton(text=tr("From a &template"))
        self.template_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.template_button.setAccessibleName(tr("New goal from a template"))
        menu = QMenu(self.template_button)
        menu.setAccessibleName(tr("Goal templates"))
        # Read as it opens: the region may have changed in Settings meanwhile.
        menu.aboutToShow.connect(self._fill_templates)
        menu.triggered.connect(lambda action: self.new_from_template(str(action.data())))
        self.template_button.setMenu(menu)
        self.delete_button = QPushButton(tr("&Delete goal"))
        self.editor = GoalEditor(session)
        self._lay_out()
        self.filter.currentIndexChanged.connect(self.refresh)
        self.list.currentItemChanged.connect(self._selected)
        self.new_button.clicked.connect(self.new_goal)
        self.delete_button.clicked.connect(self.delete_current)
        self.editor.changed.connect(self._goal_changed)
        self.editor.start_button.clicked.connect(self._offer_templates)
        shortcut = QShortcut(QKeySequence("Ctrl+Shift+N"), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)  # only while the area shows
        shortcut.activated.connect(self.new_goal)

    def _lay_out(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.template_button)
        buttons.addStretch()
        buttons.addWidget(self.delete_button)
        left = column(self.filter, self.list, self.empty, buttons, stretch=self.list)
        area_layout(self).addWidget(list_beside_editor(left, self.editor))

    # -- list ------------------------------------------------------------------------------

    def refresh(self, select: int | None = None) -> None:
        if not self.session.is_open:
            return
        if select is None:
            select = self.editor.goal.id if self.editor.goal else None
        goals = self.session.goals.goals(self.filter.currentData())
        today = self.session.goals.clock().date()
        self.list.blockSignals(True)
        self.list.clear()
        for goal in goals:
            self.list.addItem(self._item(goal, today))
        self.list.blockSignals(False)
        ids = [goal.id for goal in goals]
        row = ids.index(select) if select in ids else (0 if ids else -1)
        self.list.setCurrentRow(row)
        if row < 0:
            self.editor.show_goal(None)
        self.delete_button.setEnabled(row >= 0)
        first = not goals and self.filter.currentData() == "active"
        self.editor.show_empty(first=first)  # the editor's side says it, with a way to start
        self.empty.setVisible(not goals and not first)
        self.empty.setText(tr("Nothing here."))

    @staticmethod
    def _item(goal: Goal, today: date) -> QListWidgetItem:
        details = [progress_text(goal) if goal.status == "active" else status_labels()[goal.status]]
        due = due_text(goal, today)
        if due and goal.status == "active":
            details.append(due)
        item = QListWidgetItem(f"{goal.title}\n{'  ·  '.join(details)}")
        item.setData(ID_ROLE, goal.id)
        item.setToolTip(goal.title)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{goal.title}, {', '.join(details)}")
        return item

    def _selected(self, current: QListWidgetItem | None, _previous: object) -> None:
        self.editor.save_now()
        self.delete_button.setEnabled(current is not None)
        if current is None:
            return
        try:
            self.editor.show_goal(self.session.goals.get(int(current.data(ID_ROLE))))
        except Exception as error:
            errors.report(self, error)

    def _goal_changed(self, goal_id: int) -> None:
        row = self.list.currentRow()
        item = self.list.item(row)
        if item is None or item.data(ID_ROLE) != goal_id or self.editor.goal is None:
            self.refresh(goal_id)
            return
        goal = self.editor.goal
        if self.filter.currentData() not in (None, goal.status):
            self.refresh(goal_id)
            return
        fresh = self._item(goal, self.session.goals.clock().date())
        self.list.blockSignals(True)
        item.setText(fresh.text())
        item.setData(
            Qt.ItemDataRole.AccessibleTextRole, fresh.data(Qt.ItemDataRole.AccessibleTextRole)
        )
        self.list.blockSignals(False)

    # -- actions ---------------------------------------------------------------------------

    def _show_new(self, goal: Goal) -> None:
        self.filter.blockSignals(True)
        self.filter.setCurrentIndex(0)
        self.filter.blockSignals(False)
        self.refresh(goal.id)
        self.session.changed.emit("goals")

    def new_goal(self) -> None:
        self.editor.save_now()
        try:
            goal = self.session.goals.create(tr("New goal"))
        except Exception as error:
            errors.report(self, error)
            return
        self._show_new(goal)
        self.editor.title.setFocus()
        self.editor.title.selectAll()

    def _fill_templates(self) -> None:
        """The templates for where the person lives (Settings, else the locale):
        insurance steps in the US, public services and fees elsewhere."""
        menu = self.template_button.menu()
        menu.clear()
        for template in goal_templates_for(configured_region()):
            action = menu.addAction(tr(template.title))
            action.setData(template.id)

    def _offer_templates(self) -> None:
        """The templates, open under the button that asked for them."""
        button = self.editor.start_button
        menu = self.template_button.menu()
        menu.popup(button.mapToGlobal(button.rect().bottomLeft()))

    def new_from_template(self, template_id: str) -> None:
        self.editor.save_now()
        try:
            goal = self.session.goals.from_template(template_id)
        except Exception as error:
            errors.report(self, error)
            return
        self._show_new(goal)
        self.status.emit(tr("Goal added. Change anything to make it yours."))

    def delete_current(self) -> None:
        goal = self.editor.goal
        if goal is None:
            return
        if not errors.confirmed_delete(
            self,
            tr("Delete goal"),
            tr("Delete this goal and its steps? Milestones it reached stay on your timeline."),
            lambda: self.session.goals.delete(goal.id),
        ):
            return
        self.editor.show_goal(None)
        self.refresh()
        self.session.changed.emit("goals")

    def open_item(self, ref: str) -> None:
        """Show one goal (a due item on the Journal header names it by id)."""
        self.filter.blockSignals(True)
        self.filter.setCurrentIndex(self.filter.findData(None))
        self.filter.blockSignals(False)
        self.refresh(int(ref) if ref.isdigit() else None)

    # -- area protocol ---------------------------------------------------------------------

    def save(self) -> None:
        self.editor.save_now()

    def clear(self) -> None:
        self.list.blockSignals(True)  # clearing must not select (and show) another goal
        self.list.clear()
        self.list.blockSignals(False)
        self.editor.why_timer.stop()
        self.editor.show_goal(None)

    def activate(self) -> None:
        self.refresh()
