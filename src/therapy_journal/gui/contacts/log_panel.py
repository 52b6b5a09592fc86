"""A contact's log (calls, messages, consultations) and the outreach check-in.

The check-in is one tap: how anxious reaching out feels, 0 (calm) to 10,
before or after the call, with a line of notes if the person wants one. Over
time the Contacts area shows how it felt at first and how it feels now.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateTimeEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui import forms
from therapy_journal.gui.contacts.wrapping import wrapping_list
from therapy_journal.gui.date_fields import in_journal_range
from therapy_journal.gui.flow_layout import FlowLayout
from therapy_journal.gui.i18n import plural, tr
from therapy_journal.services.contacts import INTERACTION_KINDS, Interaction, OutreachTrend

ANXIETY_WORDS = {0: "calm", 5: "uneasy", 10: "very anxious"}


def trend_text(trend: OutreachTrend) -> str:
    """How outreach felt at first and how it feels now, without grading it."""
    if trend.count == 0:
        return tr(
            "Before or after you reach out, note how anxious it felt. Over time you will "
            "see how it changes."
        )
    parts = []
    if trend.first is not None and trend.recent is not None:
        parts.append(
            tr("Before your first calls you felt {first:.1f} of 10; lately {recent:.1f}.").format(
                first=trend.first, recent=trend.recent
            )
        )
    if trend.before is not None and trend.after is not None:
        parts.append(
            tr("On average {before:.1f} before reaching out and {after:.1f} after.").format(
                before=trend.before, after=trend.after
            )
        )
    if not parts:
        parts.append(plural(trend.count, "%n check-in so far.", "%n check-ins so far."))
    return " ".join(parts)


class LogPanel(QWidget):
    """The interaction log of one contact, and the outreach check-in."""

    log_requested = Signal(str, object, str)  # kind, when (datetime), notes
    outreach_recorded = Signal(str, int, str)  # before/after, anxiety 0-10, note

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="LogPanel")
        self.kind = forms.combo(tr("What happened"), INTERACTION_KINDS, tr("What happened"))
        self.kind.removeItem(0)
        self.when = in_journal_range(
            QDateTimeEdit(calendarPopup=True, displayFormat="yyyy-MM-dd HH:mm")
        )
        self.when.setAccessibleName(tr("When"))
        self.notes = forms.line(tr("Notes on this"), tr("A line of notes (optional)"))
        self.log_button = QPushButton(tr("Lo&g it"))
        self.entries = QListWidget(objectName="InteractionLog")
        self.entries.setAccessibleName(tr("Log"))
        wrapping_list(self.entries)
        self.moment = QComboBox()
        self.moment.setAccessibleName(tr("Before or after reaching out"))
        self.moment.addItem(tr("Before reaching out"), "before")
        self.moment.addItem(tr("After reaching out"), "after")
        self.scale = QButtonGroup(self)
        self.scale_row = QWidget()
        self.scale_row.setAccessibleName(tr("How anxious it feels, 0 to 10"))
        row = FlowLayout(self.scale_row)  # 0 to 10 on one line, or two when narrow
        for value in range(11):
            button = QRadioButton(str(value))
            button.setAccessibleName(
                tr("{value} of 10, {word}")
                .format(value=value, word=tr(ANXIETY_WORDS.get(value, "")))
                .rstrip(", ")
            )
            self.scale.addButton(button, value)
            row.addWidget(button)
        self.scale_words = QHBoxLayout()
        self.scale_words.addWidget(QLabel(tr("0 is calm")))
        self.scale_words.addStretch()
        self.scale_words.addWidget(QLabel(tr("10 is very anxious")))
        self.outreach_note = forms.line(tr("Outreach note"), tr("What made it easier or harder?"))
        self.outreach_button = QPushButton(tr("Save &check-in"))
        self.trend = QLabel(wordWrap=True, objectName="OutreachTrend")
        self.trend.setTextFormat(Qt.TextFormat.PlainText)
        self._lay_out()
        self.log_button.clicked.connect(self._log)
        self.notes.returnPressed.connect(self._log)
        self.outreach_button.clicked.connect(self._outreach)

    def _lay_out(self) -> None:
        what = QHBoxLayout()
        what.addWidget(self.kind, 1)
        what.addWidget(self.when, 1)
        add = QHBoxLayout()
        add.addWidget(self.notes, 1)
        add.addWidget(self.log_button)
        log_box = QGroupBox(tr("Log"))
        log_layout = QVBoxLayout(log_box)
        log_layout.addLayout(what)
        log_layout.addLayout(add)
        log_layout.addWidget(self.entries, 1)
        outreach = QGroupBox(tr("How reaching out feels"))
        outreach_layout = QVBoxLayout(outreach)
        outreach_layout.addWidget(self.moment)
        outreach_layout.addWidget(self.scale_row)
        outreach_layout.addLayout(self.scale_words)
        note_row = QHBoxLayout()
        note_row.addWidget(self.outreach_note, 1)
        note_row.addWidget(self.outreach_button)
        outreach_layout.addLayout(note_row)
        outreach_layout.addWidget(self.trend)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(log_box, 1)
        layout.addWidget(outreach)

    def show_log(self, interactions: list[Interaction], trend: OutreachTrend) -> None:
        self.entries.clear()
        for item in interactions:
            when = QDateTime(item.at).toString("d MMM yyyy, HH:mm")
            kind = tr(INTERACTION_KINDS.get(item.kind, item.kind))
            notes = f" — {item.notes}" if item.notes else ""
            self.entries.addItem(f"{when}  {kind}{notes}")
        if not interactions:
            empty = QListWidgetItem(tr("Nothing logged yet. Calls, messages and sessions go here."))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)  # a hint, not an entry
            self.entries.addItem(empty)
        self.when.setDateTime(QDateTime.currentDateTime())
        self.show_trend(trend)

    def show_trend(self, trend: OutreachTrend) -> None:
        self.trend.setText(trend_text(trend))

    def _log(self) -> None:
        when = self.when.dateTime().toPython()
        assert isinstance(when, datetime)
        when = when.astimezone()
        self.log_requested.emit(self.kind.currentData(), when, self.notes.text())
        self.notes.clear()

    def _outreach(self) -> None:
        value = self.scale.checkedId()
        if value < 0:
            self.trend.setText(tr("Choose a number from 0 (calm) to 10 first."))
            return
        self.outreach_recorded.emit(self.moment.currentData(), value, self.outreach_note.text())
        self.outreach_note.clear()
        checked = self.scale.checkedButton()
        if checked is not None:  # ready for the next check-in
            self.scale.setExclusive(False)
            checked.setChecked(False)
            self.scale.setExclusive(True)

    def clear(self) -> None:
        self.entries.clear()
        self.notes.clear()
        self.outreach_note.clear()
        self.trend.clear()
