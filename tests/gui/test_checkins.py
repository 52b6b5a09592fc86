"""The Check-ins area: questionnaires taken through their widgets, on a real vault."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from tests.gui.helpers import open_area, unlock_through_window
from tests.helpers.vaults import VaultInfo
from therapy_journal.gui.app import App
from therapy_journal.gui.checkins.checkins_area import CheckinsArea, Questionnaire
from therapy_journal.services.assessments import AssessmentService


def _answer(form: Questionnaire, answers: list[int]) -> None:
    for item, value in enumerate(answers):
        form.choose(item, value)


def test_phq9_item_9_shows_crisis_resources_at_once_and_before_the_score(
    qtbot: QtBot, unlocked_app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")  # the person's region: the US lines
    _window, area = open_area(unlocked_app, "checkins", CheckinsArea)
    form = area.take("phq9")
    assert "Spitzer" in form.notice_text() and "Pfizer" in form.notice_text()
    assert not form.crisis.isVisible()
    form.choose(8, 1)  # item 9 first, nothing else answered yet
    assert form.crisis.isVisible()
    assert "988" in form.crisis.text()
    assert not form.save_button.isEnabled()
    form.choose(8, 0)
    assert not form.crisis.isVisible()
    _answer(form, [1, 1, 1, 1, 1, 0, 0, 0, 2])
    assert form.crisis.isVisible() and form.save_button.isEnabled()
    form.save_button.click()
    page = area.result_page
    assert area.pages.currentWidget() is page
    assert page.crisis.isVisible()
    layout = page.layout()
    assert layout.indexOf(page.crisis) < layout.indexOf(page.heading)  # help comes first
    assert "PHQ-9: 7 of 27" in page.heading.text() and "Mild" in page.heading.text()
    assert "not a diagnosis" in page.diagnosis.text()
    assert QApplication.activeModalWidget() is None


def test_a_result_is_stored_with_its_answers_and_shown_in_the_history(
    qtbot: QtBot, unlocked_app: App, vault_on_disk: VaultInfo
) -> None:
    window, area = open_area(unlocked_app, "checkins", CheckinsArea)
    form = area.take("gad7")
    assert "Pfizer" in form.notice_text()
    _answer(form, [3, 3, 3, 3, 3, 0, 0])
    form.save_button.click()
    page = area.result_page
    assert "GAD-7: 15 of 21" in page.heading.text() and "Severe" in page.heading.text()
    assert page.professional.isVisible() and not page.crisis.isVisible()
    page.done_button.click()
    assert area.pages.currentWidget() is area.overview
    assert area.history.topLevelItemCount() == 1
    assert area.history.topLevelItem(0).text(2) == "15 / 21"
    QApplication.processEvents()  # the date takes the width it needs; Meaning the rest
    row = area.history.topLevelItem(0)
    assert area.history.header().sectionSize(0) >= area.history.fontMetrics().horizontalAdvance(
        row.text(0)
    )
    assert row.toolTip(3) == row.text(3)  # a meaning cut short is there in full
    qtbot.waitUntil(window.banner.isVisible)  # the first check-in is a milestone
    assert "first check-in" in window.banner.text.text()

    unlocked_app.lock()
    unlock_through_window(qtbot, unlocked_app, vault_on_disk.passphrase)
    stored = AssessmentService(unlocked_app.session.vault).results()
    assert [(r.instrument.id, r.answers, r.score) for r in stored] == [
        ("gad7", (3, 3, 3, 3, 3, 0, 0), 15)
    ]


def test_who5_shows_a_meaningful_change_and_its_notice(qtbot: QtBot, unlocked_app: App) -> None:
    _window, area = open_area(unlocked_app, "checkins", CheckinsArea)
    earlier = datetime.now().astimezone() - timedelta(days=20)
    unlocked_app.session.assessments.record("who5", [2, 2, 2, 2, 2], when=earlier)  # 40
    form = area.take("who5")
    assert "CC BY-NC-SA 3.0 IGO" in form.notice_text()
    _answer(form, [3, 3, 3, 3, 2])  # 14 raw -> 56
    form.save_button.click()
    text = area.result_page.change.text()
    assert "16 points higher" in text and "meaningful" in text


def test_cancelling_a_questionnaire_stores_nothing(qtbot: QtBot, unlocked_app: App) -> None:
    _window, area = open_area(unlocked_app, "checkins", CheckinsArea)
    form = area.take("phq9")
    _answer(form, [1] * 9)
    form.cancel_button.click()
    assert area.pages.currentWidget() is area.overview
    assert unlocked_app.session.assessments.results() == []


def test_a_due_reminder_shows_on_the_journal_header_and_starts_the_check_in(
    qtbot: QtBot, unlocked_app: App
) -> None:
    window, area = open_area(unlocked_app, "checkins", CheckinsArea)
    _last, remind = area.cards["phq9"]
    taken = datetime.now().astimezone() - timedelta(days=15)
    unlocked_app.session.assessments.record("phq9", [0] * 9, when=taken)
    remind.click()
    assert unlocked_app.session.assessments.reminders() == {"phq9"}
    journal = window.journal
    window.open_area("journal")
    qtbot.waitUntil(journal.due.isVisible)
    assert "PHQ-9 check-in" in journal.due.text.text()
    journal.due.text.linkActivated.emit("0")
    assert window.stack.currentWidget() is area
    assert area.questionnaire is not None and area.questionnaire.instrument.id == "phq9"


def test_the_save_hint_follows_the_answers_and_says_when_it_is_ready(
    qtbot: QtBot, unlocked_app: App
) -> None:
    _window, area = open_area(unlocked_app, "checkins", CheckinsArea)
    form = area.take("who5")
    assert form.save_hint.text() == "Answer every question to save."
    assert not form.save_button.isEnabled()
    _answer(form, [3, 3, 3])
    assert "2 of 5 questions left" in form.save_hint.text()
    assert not form.save_button.isEnabled()
    _answer(form, [3, 3, 3, 3, 3])
    assert form.save_button.isEnabled()
    assert "Answer every question" not in form.save_hint.text()
    assert "Save when you are ready" in form.save_hint.text()


def test_who5_statements_keep_a_reading_width_and_answers_wrap_below(
    qtbot: QtBot, unlocked_app: App
) -> None:
    window, area = open_area(unlocked_app, "checkins", CheckinsArea)
    window.resize(960, 600)
    form = area.take("who5")
    qtbot.waitUntil(lambda: form.scroller.widget().width() > 0)
    QApplication.processEvents()
    assert not form.scroller.horizontalScrollBar().isVisible()
    statements = form.findChildren(QLabel, "Question")
    assert len(statements) == 5
    for label in statements:  # each short statement reads on one line
        assert label.width() >= label.fontMetrics().horizontalAdvance(label.text())
    # The six answers wrap under their statement instead of pushing it aside.
    first, last = form.groups[0].buttons()[0], form.groups[0].buttons()[-1]
    assert (
        last.mapTo(form, last.rect().topLeft()).y() > first.mapTo(form, first.rect().topLeft()).y()
    )


def test_no_results_yet_shows_one_next_step(qtbot: QtBot, unlocked_app: App) -> None:
    _window, area = open_area(unlocked_app, "checkins", CheckinsArea)
    area.refresh()
    assert area.empty_text.isVisible() and not area.history.isVisible()
    assert "No check-ins yet" in area.empty_text.text()
    assert not area.delete_button.isVisible()  # nothing to delete
    qtbot.mouseClick(area.first_button, Qt.MouseButton.LeftButton)
    assert area.questionnaire is not None and area.questionnaire.instrument.id == "who5"
    _answer(area.questionnaire, [3, 3, 3, 3, 3])
    area.questionnaire.save_button.click()
    area.result_page.done_button.click()
    assert area.history.isVisible() and not area.empty_text.isVisible()
