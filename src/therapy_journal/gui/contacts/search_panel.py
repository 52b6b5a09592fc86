"""One therapist in the search: where they stand, how they fit, what to ask.

The fit is shown part by part, in plain words, with how sure it is: what is
not known yet lowers the confidence, not the score, and becomes a question to
ask them. The questions are generated from the profile and can be edited
(the edited text is kept with the contact) and printed.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui.contacts.wrapping import wrapping_list
from therapy_journal.gui.date_fields import in_journal_range
from therapy_journal.gui.flow_layout import FlowLayout
from therapy_journal.gui.i18n import tr
from therapy_journal.services.contact_model import PIPELINE, PIPELINE_ORDER, Contact
from therapy_journal.services.contacts import StageMove
from therapy_journal.services.matching import FitScore


def next_stage(stage: str) -> str | None:
    """The step after ``stage`` on the way to choosing someone (None at the end)."""
    forward = PIPELINE_ORDER[: PIPELINE_ORDER.index("chosen") + 1]
    if stage not in forward or stage == "chosen":
        return None
    return forward[forward.index(stage) + 1]


def local_qdatetime(moment: datetime) -> QDateTime:
    """``moment`` as a QDateTime in local time, to the minute."""
    local = moment.astimezone() if moment.tzinfo else moment
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))


def suggested_consultation(today: QDate) -> QDateTime:
    """Where the consultation field starts when one is first booked: a week
    from today at 10:00, a round time the person changes."""
    return QDateTime(today.addDays(7), QTime(10, 0))


def _mark(score: float | None) -> str:
    if score is None:
        return "?"
    return "✓" if score >= 0.75 else "~" if score >= 0.4 else "✗"


def fit_html(fit: FitScore) -> str:
    """The fit, part by part; what is unknown is marked as such, not as a miss."""
    if fit.score is None:
        head = tr("Not enough is known yet to say how well they fit.")
    else:
        head = tr("Fit {score} of 100 · {confidence} confidence").format(
            score=fit.score, confidence=tr(fit.confidence_label)
        )
    rows = []
    for part in fit.parts:
        mark = _mark(part.score)
        label = tr(part.label)
        if part.essential:
            label = tr("{part} (essential)").format(part=label)
        rows.append(
            f"<tr><td>{mark}</td><td><b>{escape(label)}</b></td><td>{escape(part.text)}</td></tr>"
        )
    capped = "".join(f"<p>{escape(reason)}.</p>" for reason in fit.capped)
    table = f"<table cellspacing=4>{''.join(rows)}</table>" if rows else ""
    asks = ""
    if fit.missing:
        items = "".join(f"<li>{escape(ask)}</li>" for ask in fit.missing)
        asks = f"<p>{escape(tr('Not known yet, so worth asking:'))}</p><ul>{items}</ul>"
    return f"<p><b>{escape(head)}</b></p>{capped}{table}{asks}"


class SearchPanel(QWidget):
    """Pipeline, fit and questions for one therapist."""

    move_requested = Signal(str, str)  # stage, reason
    questions_edited = Signal(str)
    calendar_requested = Signal()  # export the booked consultation as .ics
    consultation_edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="SearchPanel")
        self.stage_label = QLabel(objectName="CardTitle")
        self.next_button = QPushButton()
        self.next_button.setAccessibleName(tr("Move to the next step"))
        self.stage = QComboBox()
        self.stage.setAccessibleName(tr("Step of the search"))
        for key, label in PIPELINE.items():
            self.stage.addItem(tr(label), key)
        self.reason = QLineEdit()
        self.reason.setAccessibleName(tr("Why they are not a fit"))
        self.reason.setPlaceholderText(tr("Why not a fit (a few words help later)"))
        self.move_button = QPushButton(tr("&Move"))
        self.history = QListWidget()
        self.history.setAccessibleName(tr("Steps so far"))
        self.history.setMaximumHeight(110)
        wrapping_list(self.history)
        self.fit = QLabel(wordWrap=True, objectName="Fit")
        self.fit.setTextFormat(Qt.TextFormat.RichText)
        self.fit.setAccessibleName(tr("How they fit your profile"))
        self.booked = QCheckBox(tr("Consultation &booked for"))
        self.booked.setAccessibleName(tr("A consultation is booked"))
        self.when = in_journal_range(
            QDateTimeEdit(calendarPopup=True, displayFormat="yyyy-MM-dd HH:mm")
        )
        self.when.setAccessibleName(tr("Consultation date and time"))
        self.calendar_button = QPushButton(tr("Add to &calendar…"))
        self.calendar_note = QLabel(objectName="Hint", wordWrap=True)
        self.calendar_note.setTextFormat(Qt.TextFormat.PlainText)
        self._showing = False
        self.questions = QPlainTextEdit()
        self.questions.setAccessibleName(tr("Questions to ask"))
        self.questions.setTabChangesFocus(True)
        self.questions.setMinimumHeight(180)
        self.reset_button = QPushButton(tr("Suggest again"))
        self.print_button = QPushButton(tr("&Print…"))
        self.suggested = ""
        self.current_stage = "identified"
        self._lay_out()
        self.next_button.clicked.connect(self._next)
        self.move_button.clicked.connect(self._move)
        self.stage.currentIndexChanged.connect(self._stage_chosen)
        self.calendar_button.clicked.connect(self.calendar_requested)
        self.booked.toggled.connect(self._booked_toggled)
        self.when.dateTimeChanged.connect(self._consultation_changed)
        self.reset_button.clicked.connect(lambda: self.questions.setPlainText(self.suggested))
        self.print_button.clicked.connect(self.print_questions)

    def _lay_out(self) -> None:
        where = QGroupBox(tr("Where they stand"))
        moves = QHBoxLayout()
        moves.addWidget(self.stage)
        moves.addWidget(self.reason, 1)
        moves.addWidget(self.move_button)
        consult = QWidget()  # wraps to two lines in a narrow window
        consult_flow = FlowLayout(consult)
        for widget in (self.booked, self.when, self.calendar_button):
            consult_flow.addWidget(widget)
        where_layout = QVBoxLayout(where)
        top = QWidget()
        top_flow = FlowLayout(top)
        top_flow.addWidget(self.stage_label)
        top_flow.addWidget(self.next_button)
        where_layout.addWidget(top)
        where_layout.addLayout(moves)
        where_layout.addWidget(self.history)
        where_layout.addWidget(consult)
        where_layout.addWidget(self.calendar_note)
        fit = QGroupBox(tr("How they fit"))
        QVBoxLayout(fit).addWidget(self.fit)
        asks = QGroupBox(tr("Questions to ask"))
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.print_button)
        asks_layout = QVBoxLayout(asks)
        asks_layout.addWidget(self.questions, 1)
        asks_layout.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(where)
        layout.addWidget(fit)
        layout.addWidget(asks, 1)

    def show_therapist(
        self, contact: Contact, moves: list[StageMove], fit: FitScore, suggested: str
    ) -> None:
        stage = contact.stage or "identified"
        self.current_stage = stage
        self.stage_label.setText(tr(PIPELINE[stage]))
        after = next_stage(stage)
        self.next_button.setVisible(after is not None)
        if after is not None:
            self.next_button.setText(tr("Move to “{stage}”").format(stage=tr(PIPELINE[after])))
        self.stage.blockSignals(True)
        self.stage.setCurrentIndex(max(self.stage.findData(stage), 0))
        self.stage.blockSignals(False)
        self._stage_chosen()
        self.reason.setText(contact.not_a_fit_reason)
        self.history.clear()
        for move in moves:
            when = QDateTime(move.at).toString("d MMM yyyy")
            reason = f" ({move.reason})" if move.reason else ""
            self.history.addItem(f"{when}  {tr(PIPELINE.get(move.stage, move.stage))}{reason}")
        self.fit.setText(fit_html(fit))
        self.suggested = suggested
        self.questions.blockSignals(True)
        self.questions.setPlainText(contact.questions or suggested)
        self.questions.blockSignals(False)
        self.show_consultation(contact.consultation)
        if stage == "consultation_scheduled" and contact.consultation is None:
            self.show_calendar_note(
                tr("When is it? Tick “Consultation booked for” to keep the date and time.")
            )

    # -- the consultation ------------------------------------------------------------

    def show_consultation(self, moment: datetime | None) -> None:
        """The booked consultation, or nothing at all when none is booked."""
        self._showing = True
        try:
            self.booked.setChecked(moment is not None)
            if moment is not None:
                self.when.setDateTime(local_qdatetime(moment))
            self._show_booked()
            self.calendar_note.clear()
            self.calendar_note.hide()
        finally:
            self._showing = False

    def consultation(self) -> datetime | None:
        """The booked consultation as the fields show it (local time), or None."""
        if not self.booked.isChecked():
            return None
        shown = self.when.dateTime()
        day, clock = shown.date(), shown.time()
        moment = datetime(day.year(), day.month(), day.day(), clock.hour(), clock.minute())
        return moment.astimezone()

    def _show_booked(self) -> None:
        booked = self.booked.isChecked()
        self.when.setVisible(booked)
        self.calendar_button.setEnabled(booked)

    def _booked_toggled(self, booked: bool) -> None:
        if booked and not self._showing:
            self._showing = True
            self.when.setDateTime(suggested_consultation(QDate.currentDate()))
            self._showing = False
        self._show_booked()
        self._consultation_changed()

    def _consultation_changed(self) -> None:
        if not self._showing:
            self.consultation_edited.emit()

    def show_calendar_note(self, text: str) -> None:
        self.calendar_note.setText(text)
        self.calendar_note.show()

    def _stage_chosen(self) -> None:
        self.reason.setVisible(self.stage.currentData() == "not_a_fit")

    def _next(self) -> None:
        after = next_stage(self.current_stage)
        if after is not None:
            self.move_requested.emit(after, "")

    def _move(self) -> None:
        self.move_requested.emit(self.stage.currentData(), self.reason.text())

    def edited_questions(self) -> str:
        """The questions if the person changed them, else "" (the suggestion is not kept)."""
        text = self.questions.toPlainText().strip()
        return "" if text == self.suggested.strip() else text

    def question_document(self) -> QTextDocument:
        document = QTextDocument()
        document.setPlainText(self.questions.toPlainText())
        return document

    def print_questions(self) -> None:
        # Qt Print Support is loaded when something is printed, not with the area.
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter  # noqa: PLC0415

        printer = QPrinter()
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.question_document().print_(printer)

    def clear(self) -> None:
        self.stage_label.clear()
        self.history.clear()
        self.fit.clear()
        self.questions.clear()
        self.reason.clear()
        self.suggested = ""
        self.show_consultation(None)
