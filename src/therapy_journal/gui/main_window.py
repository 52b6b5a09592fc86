"""The main window: a sidebar of areas, a menu bar, a status bar, shortcuts."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import cast

from PySide6.QtCore import QByteArray, QEvent, QSize, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from therapy_journal import APP_DISPLAY_NAME, __version__
from therapy_journal.gui import errors, theme
from therapy_journal.gui.areas import AREAS, Area
from therapy_journal.gui.care.help_now import SHORTCUT as HELP_KEYS
from therapy_journal.gui.care.help_now import HelpNowDialog
from therapy_journal.gui.dialogs.backup_dialogs import BackupDialog, BackupSchedule, verified_text
from therapy_journal.gui.dialogs.data_dialogs import CheckDialog, ExportAllDialog, ImportDialog
from therapy_journal.gui.goals.celebrate import CelebrationBanner
from therapy_journal.gui.i18n import plural, tr
from therapy_journal.gui.icons import ICON_SIZE, tinted_icon
from therapy_journal.gui.journal.journal_area import JournalArea
from therapy_journal.gui.session import Session
from therapy_journal.gui.settings import AppSettings
from therapy_journal.gui.theme import editor_font
from therapy_journal.services.backup import BackupResult, BackupService
from therapy_journal.services.milestones import MILESTONE_STAGES, Milestone
from therapy_journal.services.reference import Prompt

log = logging.getLogger(__name__)

DISCREET_TITLE = "Notes"
SIDEBAR_WIDTH = 160
CELEBRATE_RETRY_MS = 3000  # a held celebration looks again this often


def read_only_text() -> str:
    return tr(
        "This vault can only be read here: its disk or folder cannot be written. You can "
        "read, search, export and back it up; changes cannot be saved."
    )


def window_title(settings: AppSettings) -> str:
    return DISCREET_TITLE if settings.discreet else APP_DISPLAY_NAME


class AreaStack(QStackedWidget):
    """The areas, one shown at a time, sized by the one shown.

    A QStackedWidget is at least as large as the largest page it holds, so
    once a wide area had been shown the window could never be narrower again.
    """

    def __init__(self) -> None:
        super().__init__()
        self.currentChanged.connect(self.updateGeometry)

    def sizeHint(self) -> QSize:
        shown = self.currentWidget()
        return shown.sizeHint() if shown is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        shown = self.currentWidget()
        if shown is None:
            return super().minimumSizeHint()
        return shown.minimumSizeHint().expandedTo(shown.minimumSize())


class MainWindow(QMainWindow):
    """Shows the areas of one unlocked session."""

    lock_requested = Signal()
    restore_requested = Signal()
    settings_requested = Signal()
    quit_requested = Signal()
    closing = Signal()  # the window is closing (by the person, or at lock)

    def __init__(self, session: Session, settings: AppSettings) -> None:
        super().__init__()
        self.setObjectName("MainWindow")
        self.session = session
        self.settings = settings
        self.sidebar = QListWidget(objectName="Sidebar")
        self.sidebar.setAccessibleName(tr("Areas"))
        self.sidebar.setIconSize(ICON_SIZE)
        self.stack = AreaStack()
        # Areas are built when first shown (the journal at once): unlocking
        # pays only for what is on screen.
        self.areas: dict[str, QWidget] = {}
        self.keys = [spec.key for spec in AREAS]
        for spec in AREAS:
            self.sidebar.addItem(spec.title)
            self.stack.addWidget(QWidget())
        self.area("journal")
        self.sidebar.currentRowChanged.connect(self.show_area)
        self._build_central()
        self._build_status_bar()
        self._connect_journal()
        session.changed.connect(self.celebrate)
        self._build_menus()
        self.apply_settings(settings)
        if settings.geometry:
            self.restoreGeometry(QByteArray.fromBase64(settings.geometry.encode()))
        else:
            self.resize(1100, 720)
        if session.vault.read_only:
            self._offer_no_editing()
        self.sidebar.setCurrentRow(0)
        self.help_now: HelpNowDialog | None = None
        self._celebrate_later = QTimer(self, singleShot=True, interval=CELEBRATE_RETRY_MS)
        self._celebrate_later.timeout.connect(self.celebrate)
        self.celebrate()  # milestones reached while the app was closed (the CLI writes too)
        self.show_backup_state()
        self.schedule = BackupSchedule(session, settings, self)
        self.schedule.finished.connect(self._backed_up)
        QTimer.singleShot(3000, self.schedule.check)

    def _build_central(self) -> None:
        """The sidebar beside the area shown; the milestone banner floats over them."""
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.banner = CelebrationBanner(self, along=self.stack)
        self.banner.open_progress.connect(partial(self.open_area, "progress"))
        # Shown from the start or never, so it moves nothing under the pointer.
        self.read_only_notice = QLabel(read_only_text(), objectName="ReadOnlyNotice")
        self.read_only_notice.setWordWrap(True)
        self.read_only_notice.setAccessibleName(tr("Read-only vault"))
        self.read_only_notice.setVisible(self.session.vault.read_only)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        right.addWidget(self.read_only_notice)
        right.addWidget(self.stack, 1)
        layout.addWidget(self._sidebar_column())
        layout.addLayout(right, 1)
        self.setCentralWidget(central)

    def _sidebar_column(self) -> QWidget:
        """The areas, and below them the way to crisis help, always in reach."""
        self.help_button = QPushButton(tr("Get help now"), objectName="HelpNowButton", flat=True)
        self.help_button.setAccessibleName(tr("Get help now: crisis lines"))
        self.help_button.setToolTip(
            tr("Crisis lines where you are ({keys})").format(keys=HELP_KEYS)
        )
        self.help_button.setIconSize(ICON_SIZE)
        self.help_button.clicked.connect(self.show_help_now)
        column = QWidget(objectName="SidebarColumn")
        column.setFixedWidth(SIDEBAR_WIDTH)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, theme.SPACE.s)
        layout.setSpacing(0)
        layout.addWidget(self.sidebar, 1)
        layout.addWidget(self.help_button)
        return column

    def _build_status_bar(self) -> None:
        self.count_label = QLabel()
        self.backup_label = QLabel(objectName="Hint")
        self.statusBar().addPermanentWidget(self.backup_label)
        self.statusBar().addPermanentWidget(self.count_label)
        self.journal.model.unreadable_found.connect(self._entries_unreadable)
        self.undo_button = QPushButton(tr("&Undo"), flat=True)
        self.undo_button.hide()
        self.statusBar().addWidget(self.undo_button)
        self._undo_id: int | None = None
        self.undo_button.clicked.connect(self.undo_trash)

    def area(self, key: str) -> QWidget:
        """The area registered under ``key``, built the first time it is asked for."""
        if key not in self.areas:
            row = self.keys.index(key)
            # Built inside the stack: a finished tree of widgets moved under
            # the styled window is styled all over again (half the time a
            # first visit took).
            area = AREAS[row].factory(self.session, self.stack)
            placeholder = self.stack.widget(row)
            assert placeholder is not None
            self.stack.insertWidget(row, area)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self._connect_area(area)
            self.areas[key] = area
        return self.areas[key]

    def _connect_area(self, area: QWidget) -> None:
        for name in ("status",):
            signal = getattr(area, name, None)
            if signal is not None:
                signal.connect(self.show_status)
        if isinstance(area, JournalArea):  # the count means something only there
            area.count_changed.connect(self._show_count)
        write = getattr(area, "write_requested", None)
        if write is not None:
            write.connect(self.write_from_prompt)
        opener = getattr(area, "open_requested", None)
        if opener is not None:
            opener.connect(self.open_item)
        days = getattr(area, "days_requested", None)
        if days is not None:
            days.connect(self.open_days)

    @property
    def journal(self) -> JournalArea:
        area = self.area("journal")
        assert isinstance(area, JournalArea)
        return area

    # -- menus ----------------------------------------------------------------------------

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence.StandardKey | str | None = None,
        fallback: str | None = None,
    ) -> QAction:
        """An action with the platform's standard keys for *shortcut* plus *fallback*.

        Some platforms bind no key to a standard action (Quit and Preferences
        have none on Windows or in a bare X session), so the keys this app
        documents are always added as well.
        """
        action = QAction(text, self)
        keys: list[QKeySequence] = []
        if isinstance(shortcut, QKeySequence.StandardKey):
            keys.extend(QKeySequence.keyBindings(shortcut))
        elif shortcut is not None:
            keys.append(QKeySequence(shortcut))
        if fallback is not None and QKeySequence(fallback) not in keys:
            keys.append(QKeySequence(fallback))
        if keys:
            action.setShortcuts(keys)
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(tr("&File"))
        self.new_action = self._action(
            tr("&New entry"), self.new_entry, QKeySequence.StandardKey.New, "Ctrl+N"
        )
        self.lock_action = self._action(tr("&Lock"), self.lock_requested.emit, "Ctrl+L")
        self.settings_action = self._action(
            tr("&Settings…"),
            self.settings_requested.emit,
            QKeySequence.StandardKey.Preferences,
            "Ctrl+,",
        )
        self.quit_action = self._action(
            tr("&Quit"), self.quit_requested.emit, QKeySequence.StandardKey.Quit, "Ctrl+Q"
        )
        for action in (self.new_action, self.lock_action, self.settings_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        self.import_action = self._action(tr("&Import from another journal…"), self.import_entries)
        self.export_all_action = self._action(tr("&Export everything…"), self.export_all)
        self.backup_action = self._action(tr("&Back up now…"), self.back_up, "Ctrl+Shift+B")
        self.restore_action = self._action(
            tr("&Restore from a backup…"), self.restore_requested.emit
        )
        for action in (self.backup_action, self.restore_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        self.check_action = self._action(tr("&Check vault…"), self.check_vault)
        for action in (self.import_action, self.export_all_action, self.check_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu(tr("&Edit"))
        self.find_action = self._action(
            tr("&Find…"), self.focus_search, QKeySequence.StandardKey.Find, "Ctrl+F"
        )
        self.trash_action = self._action(
            tr("Move entry to &trash"), self.journal.trash_current, "Ctrl+Delete"
        )
        self.undo_trash_action = self._action(tr("&Undo move to trash"), self.undo_trash)
        self.undo_trash_action.setEnabled(False)
        for action in (self.find_action, self.trash_action, self.undo_trash_action):
            edit_menu.addAction(action)

        view_menu = bar.addMenu(tr("&View"))
        for row, spec in enumerate(AREAS):
            view_menu.addAction(
                self._action(
                    spec.title,
                    partial(self.sidebar.setCurrentRow, row),
                    f"Ctrl+{row + 1}",
                )
            )

        help_menu = bar.addMenu(tr("&Help"))
        self.help_now_action = self._action(tr("Get &help now…"), self.show_help_now, HELP_KEYS)
        help_menu.addAction(self.help_now_action)
        help_menu.addSeparator()
        help_menu.addAction(self._action(tr("&Keyboard shortcuts"), self.show_shortcuts))
        help_menu.addAction(self._action(tr("&About Therapy Journal"), self.show_about))

    def _offer_no_editing(self) -> None:
        """A vault that can only be read: the journal shows entries but does not edit
        them, and the commands that write into the vault are off. (Other areas
        that write say in one line that nothing was changed.)"""
        for action in (self.new_action, self.trash_action, self.import_action):
            action.setEnabled(False)
        self.restore_action.setEnabled(False)
        journal = self.journal
        for button in (journal.new_button, journal.trash_button, journal.daily.write):
            button.setEnabled(False)
        editor = journal.editor
        for line in (editor.title, editor.tags):
            line.setReadOnly(True)
        editor.body.setReadOnly(True)
        editor.mood.setEnabled(False)

    # -- actions --------------------------------------------------------------------------

    def show_area(self, row: int) -> None:
        current = self.stack.currentWidget()
        if current in self.areas.values():
            cast("Area", current).save()
        area = self.area(self.keys[row])
        self.stack.setCurrentWidget(area)
        self.count_label.setVisible(area is self.journal)
        cast("Area", area).activate()

    def _connect_journal(self) -> None:
        self.journal.trashed.connect(self._offer_undo)
        self.journal.focus_mode_changed.connect(self._writing_only)
        self._state_before_focus = self.windowState()

    def _writing_only(self, on: bool) -> None:
        """Distraction-free writing (the journal's): full screen, no sidebar."""
        self.sidebar.setVisible(not on)
        if on:
            self._state_before_focus = self.windowState()
            self.showFullScreen()
        else:
            self.setWindowState(self._state_before_focus)

    def new_entry(self) -> None:
        self.sidebar.setCurrentRow(0)
        if self.session.vault.read_only:
            self.show_status(read_only_text())
            return
        self.journal.new_entry()

    def open_area(self, key: str) -> QWidget:
        """Show the area registered under ``key`` in :data:`AREAS`; return it."""
        self.sidebar.setCurrentRow(self.keys.index(key))
        return self.area(key)

    def open_item(self, key: str, item: str) -> None:
        """Show one item (a goal, a contact) of the area registered under ``key``."""
        if key in self.keys:
            opener = getattr(self.open_area(key), "open_item", None)
            if opener is not None:
                opener(item)

    def celebrate(self, _what: str = "") -> None:
        """Show milestones not yet celebrated, once each, without interrupting."""
        if not self.session.is_open:
            return
        milestones, contacts = self.session.milestones, self.session.contacts
        placeholder = tr("New therapist")  # the name a new therapist has until given one

        def read() -> tuple[list[Milestone], bool]:
            names = {c.name for c in contacts.contacts("therapist")}
            return milestones.uncelebrated(), names != {placeholder}

        self.session.tasks.run(read, self._celebrate)

    def _celebrate(self, found: tuple[list[Milestone], bool]) -> None:
        reached, therapist_named = found
        # Several reads can be in flight at once (each change asks); a milestone
        # one of them already showed is not shown again by the others.
        reached = self.banner.not_shown(reached)
        if not therapist_named:  # kept until the therapist is saved with a name
            reached = [m for m in reached if m.kind not in MILESTONE_STAGES]
        if not reached or not self.session.is_open:
            return
        if self.worry_shown():
            self._celebrate_later.start()  # held until the crisis help or the result is gone
            return
        self.banner.celebrate(reached)
        if not self.session.vault.read_only:  # else shown again next time, where it can be kept
            self.session.milestones.mark_celebrated(milestone.id for milestone in reached)

    def worry_shown(self) -> bool:
        """Crisis help, or a check-in result that suggests talking to a professional,
        is on screen (a visible ``#CrisisPanel``, or a widget with the ``worrying``
        property): no celebration beside it."""
        return any(
            widget.isVisible()
            and (widget.objectName() == "CrisisPanel" or bool(widget.property("worrying")))
            for widget in self.findChildren(QWidget)
        )

    def write_from_prompt(self, prompt: Prompt) -> None:
        """Go to the journal with a new entry answering ``prompt``."""
        self.sidebar.setCurrentRow(0)
        if self.session.vault.read_only:
            self.show_status(read_only_text())
            return
        self.journal.new_entry(prompt)

    def open_days(self, first: date, last: date) -> None:
        """Go to the journal listing the entries written from ``first`` to ``last``."""
        self.open_area("journal")
        self.journal.show_day(first, last)
        self.journal.view.setFocus()

    def import_entries(self) -> None:
        ImportDialog(self.session, self).exec()

    def back_up(self) -> None:
        dialog = BackupDialog(self.session, self)
        dialog.backed_up.connect(self._backed_up)
        dialog.exec()

    def _backed_up(self, result: object) -> None:
        if isinstance(result, BaseException):
            self.show_status(tr("An automatic backup did not work: {why}").format(why=result))
            return
        self.show_backup_state()
        if isinstance(result, BackupResult):
            self.show_status(tr("Backed up and tested: {name}").format(name=result.path.name))

    def show_backup_state(self) -> None:
        if self.session.is_open:
            self.backup_label.setText(
                verified_text(BackupService(self.session.vault).last_verified())
            )

    def export_all(self) -> None:
        ExportAllDialog(self.session, self).exec()

    def check_vault(self) -> None:
        CheckDialog(self.session, self).exec()

    def focus_search(self) -> None:
        self.sidebar.setCurrentRow(0)
        self.journal.focus_search()

    def _entries_unreadable(self) -> None:
        """Kept in the status bar (not a dialog, not timed): the list goes on
        showing every entry that can be read."""
        self.statusBar().showMessage(
            tr(
                "Some entries could not be read: the vault is damaged. File ▸ Check vault… "
                "says what is wrong and saves what can still be read."
            )
        )

    def show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 4000)

    def _show_count(self, count: int) -> None:
        self.count_label.setText(plural(count, "%n entry", "%n entries"))

    def _offer_undo(self, entry_id: int) -> None:
        """One line at a time: the offer takes the place of the message before it
        ("Saved"); a later message hides it for a while, as Qt's status bar does."""
        self._undo_id = entry_id
        self.statusBar().clearMessage()
        self.undo_button.setText(tr("Moved to the trash. &Undo"))
        self.undo_button.show()
        self.undo_trash_action.setEnabled(True)

    def undo_trash(self) -> None:
        if self._undo_id is None:
            return
        try:
            self.journal.restore(self._undo_id)
        except Exception as error:
            errors.report(self, error)
        self._undo_id = None
        self.undo_button.hide()
        self.undo_trash_action.setEnabled(False)

    def show_help_now(self) -> HelpNowDialog:
        """The crisis lines of the person's region, in a window beside the work."""
        if self.help_now is None:
            self.help_now = HelpNowDialog(self.settings.effective_region, self)
        self.help_now.show()
        self.help_now.raise_()
        self.help_now.activateWindow()
        return self.help_now

    def show_shortcuts(self) -> None:
        areas = "\n".join(f"Ctrl+{row + 1}  {spec.title.lower()}" for row, spec in enumerate(AREAS))
        QMessageBox.information(
            self,
            tr("Keyboard shortcuts"),
            tr(
                "Ctrl+N  new entry\nCtrl+F  search\nCtrl+L  lock\n"
                "F11 or Ctrl+Shift+F  distraction-free writing (Esc leaves)\n"
                "Ctrl+Shift+L  show or hide the entry list\n"
                "Ctrl+Delete  move entry to trash\nCtrl+S  save the profile or the contact\n"
                "Ctrl+Shift+N  new goal\nCtrl+Shift+B  back up now\n"
                "Ctrl+,  settings\nCtrl+Shift+H  get help now\nCtrl+Q  quit\n"
            )
            + areas,
        )

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            tr("About Therapy Journal"),
            tr(
                "Therapy Journal {version}\nA private journal kept encrypted on this computer."
            ).format(version=__version__),
        )

    # -- settings, lock, close ------------------------------------------------------------

    def tint_icons(self) -> None:
        """The sidebar's icons in the colours of the theme in use."""
        colors = theme.colors()
        for row, spec in enumerate(AREAS):
            item = self.sidebar.item(row)
            if item is not None:
                item.setIcon(tinted_icon(spec.icon, colors))
        self.help_button.setIcon(tinted_icon("life-buoy", colors))

    def apply_settings(self, settings: AppSettings) -> None:
        self.settings = settings
        self.tint_icons()
        if hasattr(self, "schedule"):
            self.schedule.settings = settings
        self.setWindowTitle(window_title(settings))
        self.journal.editor.body.setFont(editor_font(settings.font_size))

    def save_all(self) -> None:
        for area in self.areas.values():
            cast("Area", area).save()

    def clear_all(self) -> None:
        """Forget every entry shown, in every area (lock)."""
        for area in self.areas.values():
            cast("Area", area).clear()
        self.undo_button.hide()
        self._celebrate_later.stop()
        self.banner.forget()
        self.statusBar().clearMessage()
        self.count_label.clear()
        self.backup_label.clear()

    def geometry_text(self) -> str:
        return bytes(self.saveGeometry().toBase64().data()).decode()

    def changeEvent(self, event: QEvent) -> None:
        """Coming back to the window shows what the CLI (or another tool) wrote."""
        super().changeEvent(event)
        if (
            event.type() == QEvent.Type.ActivationChange
            and self.isActiveWindow()
            and self.session.is_open
            and self.stack.currentWidget() is self.areas.get("journal")
        ):
            self.journal.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.session.is_open:
            self.save_all()
        super().closeEvent(event)
        self.closing.emit()
