"""The Settings dialog's Reminders section: the times of day, what to remind
of, keeping running after the window closes, and starting at login."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QTimeEdit,
    QWidget,
)

from therapy_journal.gui import forms
from therapy_journal.gui.i18n import tr
from therapy_journal.gui.reminders.tray import Tray
from therapy_journal.gui.settings import AppSettings
from therapy_journal.services.reminders import MAX_TIMES, normalized_times, parse_time

DEFAULT_TIME = QTime(20, 0)
LIST_ROWS = 3  # the list of times is this many rows high; it scrolls beyond


def hint(text: str) -> QLabel:
    label: QLabel = QLabel(text, objectName="Hint", wordWrap=True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def keep_running_hint(tray: bool) -> str:
    if tray:
        return tr(
            "Closing the window then locks the journal and leaves an icon in the tray, "
            "so reminders still come. Quit from the File menu or the icon."
        )
    return tr(
        "Closing the window then locks the journal and the app stays in the background, "
        "so reminders still come. This desktop shows no tray icon: open the app again "
        "from your applications to bring it back."
    )


class RemindersSection(QGroupBox):
    """Edits the reminder settings; :meth:`chosen` writes them into settings."""

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(tr("Reminders"), parent)
        self.setObjectName("RemindersSection")
        self.times = QListWidget()
        self.times.setAccessibleName(tr("Reminder times"))
        self.times.addItems(settings.reminder_times)
        rows = self.times.fontMetrics().height() + 6
        self.times.setFixedHeight(rows * LIST_ROWS + 2 * self.times.frameWidth())
        self.new_time = QTimeEdit(DEFAULT_TIME, displayFormat="HH:mm")
        self.new_time.setAccessibleName(tr("Reminder time to add"))
        self.add_button = QPushButton(tr("&Add"))
        self.add_button.setAccessibleName(tr("Add this reminder time"))
        self.add_button.clicked.connect(self.add_time)
        self.remove_button = QPushButton(tr("Remo&ve"))
        self.remove_button.setAccessibleName(tr("Remove the selected reminder time"))
        self.remove_button.clicked.connect(self.remove_time)
        self.write = QCheckBox(tr("Remind me to write in my &journal"))
        self.write.setChecked(settings.remind_write)
        self.due = QCheckBox(tr("Also name check-ins and follow-ups d&ue"))
        self.due.setChecked(settings.remind_due)
        self.keep_running = QCheckBox(tr("Kee&p running when the window closes"))
        self.keep_running.setChecked(settings.keep_running)
        self.start_at_login = QCheckBox(tr("Start at l&ogin, locked, in the background"))
        self.start_at_login.setChecked(settings.start_at_login and settings.keep_running)
        self.keep_running.toggled.connect(self._follow_keep_running)
        self.times.currentRowChanged.connect(self._follow_selection)
        self._lay_out()
        self._follow_keep_running(self.keep_running.isChecked())
        self._follow_selection()

    def _lay_out(self) -> None:
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        adding = QHBoxLayout()
        adding.addWidget(self.new_time)
        adding.addWidget(self.add_button)
        adding.addWidget(self.remove_button)
        adding.addStretch(1)
        forms.add_row(form, tr("R&eminder times"), self.times)
        forms.add_row(form, tr("&New time"), adding, self.new_time)
        form.addRow(self.write)
        form.addRow(self.due)
        form.addRow(
            hint(
                tr(
                    "Reminders come at these times while the app runs. What is due can be "
                    "named only while the journal is unlocked; a reminder never unlocks it, "
                    "and in discreet mode it names nothing."
                )
            )
        )
        form.addRow(self.keep_running)
        form.addRow(hint(keep_running_hint(Tray.available())))
        form.addRow(self.start_at_login)

    def times_chosen(self) -> list[str]:
        return normalized_times(self.times.item(row).text() for row in range(self.times.count()))

    def add_time(self) -> None:
        text = self.new_time.time().toString("HH:mm")
        chosen = self.times_chosen()
        if text not in chosen and len(chosen) < MAX_TIMES and parse_time(text) is not None:
            self.times.clear()
            self.times.addItems(normalized_times([*chosen, text]))
        matches = self.times.findItems(text, Qt.MatchFlag.MatchExactly)
        if matches:
            self.times.setCurrentItem(matches[0])
        self._follow_selection()

    def remove_time(self) -> None:
        row = self.times.currentRow()
        if row >= 0:
            self.times.takeItem(row)
        self._follow_selection()

    def _follow_selection(self, *_: object) -> None:
        self.remove_button.setEnabled(self.times.currentRow() >= 0)
        self.add_button.setEnabled(self.times.count() < MAX_TIMES)

    def _follow_keep_running(self, on: bool) -> None:
        """Starting at login means running in the background: only with keeping running."""
        self.start_at_login.setEnabled(on)
        if not on:
            self.start_at_login.setChecked(False)

    def chosen(self, base: AppSettings) -> AppSettings:
        base.reminder_times = self.times_chosen()
        base.remind_write = self.write.isChecked()
        base.remind_due = self.due.isChecked()
        base.keep_running = self.keep_running.isChecked()
        base.start_at_login = self.start_at_login.isChecked() and base.keep_running
        return base
