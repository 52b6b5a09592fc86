"""The Check-ins area: PHQ-9, GAD-7 and WHO-5, taken inside the window.

Three pages, no modal dialogs: the overview (each questionnaire, its last
result, a reminder every two weeks, the history), the questionnaire itself
(with its published wording and required notice), and the result (in plain
words, never a diagnosis). On the PHQ-9, any answer above 0 to item 9 shows
crisis resources at once, above the questions, and again before the score.
"""

from __future__ import annotations

import logging
from html import escape

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui import errors
from therapy_journal.gui.empty_state import empty_state
from therapy_journal.gui.flow_layout import FlowLayout
from therapy_journal.gui.i18n import plural, tr
from therapy_journal.gui.session import Session
from therapy_journal.gui.table_columns import fit_columns, with_tooltips
from therapy_journal.services.assessments import (
    REMINDER_DAYS,
    AnswerOption,
    Instrument,
    Result,
    crisis_info,
    instruments,
    not_a_diagnosis,
)

log = logging.getLogger(__name__)

ID_ROLE = Qt.ItemDataRole.UserRole
READING_WIDTH = 760  # a questionnaire's page: statements stay a comfortable line
ANSWER_GAP = 14
FIRST_CHECKIN = "who5"  # offered when there is none yet: five questions about well-being


def crisis_html() -> str:
    info = crisis_info()
    lines = "".join(f"<li>{escape(line)}</li>" for line in info.lines)
    return f"<b>{escape(info.title)}</b><br>{escape(info.opener)}<ul>{lines}</ul>"


class CrisisPanel(QLabel):
    """Where to find help now. Shown, never hidden behind a click."""

    def __init__(self) -> None:
        super().__init__(objectName="CrisisPanel", wordWrap=True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setText(crisis_html())
        self.setAccessibleName(tr("Crisis resources"))
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()


def score_text(result: Result) -> str:
    return tr("{name}: {score} of {top} · {band}").format(
        name=result.instrument.name,
        score=result.score,
        top=result.instrument.max_score,
        band=result.band.label,
    )


def change_text(instrument: Instrument, change: int | None, meaningful: bool) -> str:
    """How this result compares with the one before, without judging it."""
    if change is None:
        return tr("This is your first {name}. Later check-ins will show how things move.").format(
            name=instrument.name
        )
    if change == 0:
        return tr("The same score as last time.")
    if change > 0:
        text = plural(change, "%n point higher than last time.", "%n points higher than last time.")
    else:
        text = plural(-change, "%n point lower than last time.", "%n points lower than last time.")
    if instrument.meaningful_change is not None:
        text += " " + (
            tr("A change of this size is considered meaningful.")
            if meaningful
            else plural(
                instrument.meaningful_change,
                "Changes under %n point are usually within everyday ups and downs.",
                "Changes under %n points are usually within everyday ups and downs.",
            )
        )
    return text


class Questionnaire(QWidget):
    """One questionnaire: the stem, every item with its options, the notice."""

    submitted = Signal(str, list, object)  # instrument id, answers, closing answer or None
    cancelled = Signal()

    def __init__(self, instrument: Instrument) -> None:
        super().__init__(objectName="Questionnaire")
        self.setStyleSheet("QLabel#Question { font-weight: 600; }")
        self.instrument = instrument
        self.crisis = CrisisPanel()
        title = QLabel(instrument.title, objectName="Heading", wordWrap=True)
        stem = QLabel(instrument.stem, wordWrap=True)
        self.groups: list[QButtonGroup] = []
        items = QVBoxLayout()
        items.setSpacing(4)
        for number, text in enumerate(instrument.items):
            # The statement on its own line, its answers wrapping below it: the
            # words keep a reading width however many answers there are.
            label = QLabel(f"{number + 1}. {text}", wordWrap=True, objectName="Question")
            label.setTextFormat(Qt.TextFormat.PlainText)
            if number:
                items.addSpacing(12)
            items.addWidget(label)
            items.addWidget(self._options(number, text, instrument.options))
        self.closing: QButtonGroup | None = None
        closing_box = QWidget()
        closing_layout = QVBoxLayout(closing_box)
        closing_layout.setContentsMargins(0, 0, 0, 0)
        if instrument.closing_question:
            closing_layout.addWidget(QLabel(instrument.closing_question, wordWrap=True))
            row = self._options(-1, instrument.closing_question, instrument.closing_options)
            closing_layout.addWidget(row)
        self.notice = QLabel(
            f"{instrument.notice}\n{instrument.citation}", objectName="Hint", wordWrap=True
        )
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setAccessibleName(tr("Notice"))
        buttons = self._buttons()
        self.page = QWidget(objectName="QuestionnairePage")
        self.page.setMaximumWidth(READING_WIDTH)
        layout = QVBoxLayout(self.page)
        layout.addWidget(title)
        layout.addWidget(self.crisis)
        layout.addWidget(stem)
        layout.addLayout(items)
        layout.addWidget(closing_box)
        layout.addWidget(self.notice)
        layout.addStretch()
        inner = QWidget()
        centred = QHBoxLayout(inner)
        centred.setContentsMargins(0, 0, 0, 0)
        centred.addWidget(self.page)
        self.scroller = QScrollArea(widgetResizable=True)
        self.scroller.setWidget(inner)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroller, 1)
        outer.addLayout(buttons)
        self.save_button.clicked.connect(self._submit)
        self.cancel_button.clicked.connect(self.cancelled)

    def _buttons(self) -> QHBoxLayout:
        self.save_button = QPushButton(tr("&Save my answers"))
        self.save_button.setEnabled(False)
        self.cancel_button = QPushButton(tr("Cancel"))
        self.save_hint = QLabel(objectName="Hint", wordWrap=True)
        self._show_save_hint(0)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_hint, 1)
        buttons.addStretch()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        return buttons

    def _options(self, number: int, text: str, options: tuple[AnswerOption, ...]) -> QWidget:
        row = QWidget()
        row.setAccessibleName(text)
        layout = FlowLayout(row, across=ANSWER_GAP, down=2)
        layout.setContentsMargins(18, 0, 0, 0)  # under the statement's words
        group = QButtonGroup(row)
        for option in options:
            button = QRadioButton(option.label)
            button.setAccessibleName(f"{text}: {option.label}")
            group.addButton(button, option.value)
            layout.addWidget(button)
        if number < 0:
            self.closing = group
        else:
            self.groups.append(group)
            group.idToggled.connect(self._answered)
        return row

    def notice_text(self) -> str:
        return str(self.notice.text())

    def answers(self) -> list[int | None]:
        return [group.checkedId() if group.checkedId() >= 0 else None for group in self.groups]

    def choose(self, item: int, value: int) -> None:
        """Answer one item (what a click on its option does)."""
        button = self.groups[item].button(value)
        if button is not None:
            button.setChecked(True)

    def _answered(self, _value: int, checked: bool) -> None:
        if not checked:
            return
        answers = self.answers()
        if self.instrument.crisis(answers) and not self.crisis.isVisible():
            self.crisis.show()
            self.scroller.ensureWidgetVisible(self.crisis)
        elif not self.instrument.crisis(answers):
            self.crisis.hide()
        self._show_save_hint(sum(answer is not None for answer in answers))

    def _show_save_hint(self, answered: int) -> None:
        """The hint and the Save button say the same thing: what is left, or ready."""
        left = len(self.instrument.items) - answered
        self.save_button.setEnabled(left == 0)
        if left == 0:
            self.save_hint.setText(tr("Every question is answered. Save when you are ready."))
        elif left == len(self.instrument.items):
            self.save_hint.setText(tr("Answer every question to save."))
        else:
            self.save_hint.setText(
                plural(
                    len(self.instrument.items),
                    "{left} of %n question left to answer.",
                    "{left} of %n questions left to answer.",
                ).format(left=left)
            )

    def _submit(self) -> None:
        answers = self.answers()
        if any(answer is None for answer in answers):
            return
        closing = None
        if self.closing is not None and self.closing.checkedId() >= 0:
            closing = self.closing.checkedId()
        self.submitted.emit(self.instrument.id, answers, closing)


class ResultPage(QWidget):
    """A result in plain words: crisis help first when needed, then the score."""

    done = Signal()

    def __init__(self) -> None:
        super().__init__(objectName="ResultPage")
        self.crisis = CrisisPanel()
        self.heading = QLabel(objectName="Heading", wordWrap=True)
        self.explanation = QLabel(wordWrap=True, objectName="Explanation")
        self.professional = QLabel(wordWrap=True)
        self.change = QLabel(wordWrap=True)
        self.diagnosis = QLabel(not_a_diagnosis(), wordWrap=True, objectName="NotADiagnosis")
        self.citation = QLabel(wordWrap=True, objectName="Hint")
        for label in (self.heading, self.explanation, self.professional, self.change):
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.done_button = QPushButton(tr("&Done"))
        layout = QVBoxLayout(self)
        layout.setSpacing(14)
        layout.addWidget(self.crisis)
        layout.addWidget(self.heading)
        layout.addWidget(self.explanation)
        layout.addWidget(self.professional)
        layout.addWidget(self.change)
        layout.addWidget(self.diagnosis)
        layout.addWidget(self.citation)
        layout.addStretch()
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.done_button)
        layout.addLayout(row)
        self.done_button.clicked.connect(self.done)

    def show_result(self, result: Result, change: int | None, meaningful: bool) -> None:
        self.crisis.setVisible(result.crisis)
        # No milestone is celebrated beside a worrying result (see MainWindow.worry_shown).
        self.setProperty("worrying", result.crisis or result.band.talk_to_professional)
        self.heading.setText(score_text(result))
        self.explanation.setText(result.band.explanation)
        self.professional.setVisible(result.band.talk_to_professional)
        self.professional.setText(
            tr(
                "Scores in this range are a good reason to talk with a doctor, therapist or "
                "counselor about how you have been feeling."
            )
        )
        self.change.setText(change_text(result.instrument, change, meaningful))
        self.citation.setText(result.instrument.citation)


class CheckinsArea(QWidget):
    """Self-assessments: take one, see the last results, choose reminders."""

    status = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CheckinsArea")
        self.session = session
        self.pages = QStackedWidget()
        self.overview = QWidget()
        self.cards: dict[str, tuple[QLabel, QCheckBox]] = {}
        self.take_buttons: dict[str, QPushButton] = {}
        self.history = QTreeWidget(objectName="CheckinHistory")
        self.history.setAccessibleName(tr("Past check-ins"))
        self.history.setHeaderLabels([tr("Date"), tr("Check-in"), tr("Score"), tr("Meaning")])
        fit_columns(self.history, stretch=(3,))
        self.history.setRootIsDecorated(False)
        self.history.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.delete_button = QPushButton(tr("&Delete this result"))
        self.delete_button.setEnabled(False)
        self.questionnaire: Questionnaire | None = None
        self.result_page = ResultPage()
        self._build_overview()
        self.pages.addWidget(self.overview)
        self.pages.addWidget(self.result_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.pages)
        self.result_page.done.connect(self.show_overview)
        self.history.currentItemChanged.connect(
            lambda item, _old: self.delete_button.setEnabled(item is not None)
        )
        self.delete_button.clicked.connect(self.delete_current)

    def _build_overview(self) -> None:
        intro = QLabel(
            tr(
                "Short, standard questionnaires about the last two weeks. They can help you "
                "notice change over time and give you words for a first conversation with a "
                "therapist. They are not a diagnosis."
            ),
            wordWrap=True,
        )
        cards = QHBoxLayout()
        for instrument in instruments().values():
            cards.addWidget(self._card(instrument))
        layout = QVBoxLayout(self.overview)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addLayout(cards)
        layout.addWidget(QLabel(tr("Past check-ins"), objectName="Hint"))
        self.past = QStackedWidget()
        self.past.addWidget(self.history)
        self.past.addWidget(self._empty_state())
        layout.addWidget(self.past, 1)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.delete_button)
        layout.addLayout(row)

    def _empty_state(self) -> QWidget:
        """No results yet: what they will be, and one step to the first."""
        first = instruments()[FIRST_CHECKIN]
        self.empty_text = QLabel(
            tr(
                "No check-ins yet. Your results will be listed here, and drawn over time "
                "in Progress. The {name} is a gentle start: five questions, about two minutes."
            ).format(name=first.name),
            objectName="EmptyState",
            wordWrap=True,
        )
        self.first_button = QPushButton(tr("Take the {name} now").format(name=first.name))
        self.first_button.clicked.connect(lambda: self.take(first.id))
        return empty_state(self.empty_text, self.first_button)

    def _card(self, instrument: Instrument) -> QFrame:
        card = QFrame(objectName="CheckinCard")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        name = QLabel(instrument.name, objectName="CardTitle")
        about = QLabel(instrument.about, wordWrap=True)
        last = QLabel(objectName="Hint", wordWrap=True)
        take = QPushButton(tr("Take the {name}").format(name=instrument.name))
        take.clicked.connect(lambda: self.take(instrument.id))
        remind = QCheckBox(tr("Remind me every {days} days").format(days=REMINDER_DAYS))
        remind.setAccessibleName(
            tr("Remind me to take the {name} every {days} days").format(
                name=instrument.name, days=REMINDER_DAYS
            )
        )
        remind.toggled.connect(lambda on: self._set_reminder(instrument.id, on))
        layout = QVBoxLayout(card)
        layout.addWidget(name)
        layout.addWidget(about)
        layout.addWidget(last)
        layout.addStretch()
        layout.addWidget(take)
        layout.addWidget(remind)
        self.cards[instrument.id] = (last, remind)
        self.take_buttons[instrument.id] = take
        return card

    # -- overview ---------------------------------------------------------------------

    def refresh(self) -> None:
        if not self.session.is_open:
            return
        service = self.session.assessments
        reminders = service.reminders()
        results = service.results()  # newest first: the cards and the history share it
        for instrument_id, (last, remind) in self.cards.items():
            latest = next((r for r in results if r.instrument.id == instrument_id), None)
            last.setText(
                tr("Last: {score}, {band}, on {when}").format(
                    score=latest.score,
                    band=latest.band.label.lower(),
                    when=QDate(latest.taken.date()).toString("d MMM yyyy"),
                )
                if latest
                else tr("Not taken yet")
            )
            remind.blockSignals(True)
            remind.setChecked(instrument_id in reminders)
            remind.blockSignals(False)
        self.history.clear()
        for result in results:
            item = QTreeWidgetItem(
                [
                    QDate(result.taken.date()).toString("yyyy-MM-dd"),
                    result.instrument.name,
                    f"{result.score} / {result.instrument.max_score}",
                    result.band.label,
                ]
            )
            item.setData(0, ID_ROLE, result.id)
            self.history.addTopLevelItem(with_tooltips(item))
        self.past.setCurrentIndex(0 if results else 1)
        self.delete_button.setVisible(bool(results))
        self.delete_button.setEnabled(False)

    def _set_reminder(self, instrument_id: str, on: bool) -> None:
        try:
            self.session.assessments.set_reminder(instrument_id, on)
        except Exception as error:
            errors.report(self, error)
            return
        self.session.changed.emit("assessments")

    def show_overview(self) -> None:
        self._drop_questionnaire()
        self.pages.setCurrentWidget(self.overview)
        self.refresh()

    def delete_current(self) -> None:
        item = self.history.currentItem()
        if item is None:
            return
        try:
            self.session.assessments.delete(int(item.data(0, ID_ROLE)))
        except Exception as error:
            errors.report(self, error)
            return
        self.refresh()
        self.session.changed.emit("assessments")

    # -- taking one --------------------------------------------------------------------

    def take(self, instrument_id: str) -> Questionnaire:
        """Show the questionnaire ``instrument_id``; return it."""
        self._drop_questionnaire()
        questionnaire = Questionnaire(instruments()[instrument_id])
        questionnaire.submitted.connect(self._submitted)
        questionnaire.cancelled.connect(self.show_overview)
        self.questionnaire = questionnaire
        self.pages.addWidget(questionnaire)
        self.pages.setCurrentWidget(questionnaire)
        return questionnaire

    def _drop_questionnaire(self) -> None:
        if self.questionnaire is not None:
            self.pages.removeWidget(self.questionnaire)
            self.questionnaire.deleteLater()
            self.questionnaire = None

    def _submitted(self, instrument_id: str, answers: list[int], closing: int | None) -> None:
        service = self.session.assessments
        try:
            result = service.record(instrument_id, answers, closing)
            change, meaningful = service.change(result), service.meaningful(result)
        except Exception as error:
            errors.report(self, error)
            return
        self._drop_questionnaire()
        self.result_page.show_result(result, change, meaningful)
        self.pages.setCurrentWidget(self.result_page)
        self.session.changed.emit("assessments")

    def open_item(self, ref: str) -> None:
        """Start the questionnaire a reminder on the Journal header names."""
        if ref in instruments():
            self.take(ref)

    # -- area protocol -----------------------------------------------------------------

    def save(self) -> None:
        """Answers half given are not kept: a check-in is taken in one go."""

    def clear(self) -> None:
        self._drop_questionnaire()
        self.pages.setCurrentWidget(self.overview)
        self.history.clear()
        for last, _remind in self.cards.values():
            last.clear()

    def activate(self) -> None:
        if self.pages.currentWidget() is self.overview:
            self.refresh()
