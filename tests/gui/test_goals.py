"""The Goals area, the milestone celebration and the Journal header, on a real vault."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QSplitter
from pytestqt.qtbot import QtBot

from tests.gui.helpers import open_area, unlock_through_window
from tests.helpers.vaults import VaultInfo
from therapy_journal.gui.app import App
from therapy_journal.gui.goals.goals_area import GoalsArea
from therapy_journal.services.goals import GoalService
from therapy_journal.services.milestones import MilestoneService


def test_ticking_steps_moves_the_progress_bar_and_the_list(
    qtbot: QtBot, unlocked_app: App, vault_on_disk: VaultInfo
) -> None:
    _window, area = open_area(unlocked_app, "goals", GoalsArea)
    area.new_from_template("check_insurance")
    editor = area.editor
    assert editor.goal is not None and area.list.count() == 1
    total = editor.steps.count()
    assert total == len(editor.goal.steps) and editor.progress.value() == 0
    editor.steps.item(0).setCheckState(Qt.CheckState.Checked)
    editor.steps.item(1).setCheckState(Qt.CheckState.Checked)
    assert editor.progress.value() == round(200 / total)
    assert f"2 of {total} steps" in editor.progress.format()
    assert f"2 of {total} steps" in area.list.item(0).text()
    editor.steps.item(1).setCheckState(Qt.CheckState.Unchecked)
    assert editor.progress.value() == round(100 / total)

    qtbot.keyClicks(editor.new_step, "Ask about telehealth")
    qtbot.keyClick(editor.new_step, Qt.Key.Key_Return)
    assert editor.steps.count() == total + 1
    assert editor.steps.item(total).text() == "Ask about telehealth"
    assert f"1 of {total + 1} steps" in area.list.item(0).text()

    unlocked_app.lock()
    unlock_through_window(qtbot, unlocked_app, vault_on_disk.passphrase)
    _window, area = open_area(unlocked_app, "goals", GoalsArea)
    assert area.editor.steps.count() == total + 1
    assert area.editor.steps.item(0).checkState() == Qt.CheckState.Checked
    assert area.editor.progress.value() == round(100 / (total + 1))


def test_a_new_goal_keeps_its_title_reason_and_due_date(qtbot: QtBot, unlocked_app: App) -> None:
    window, area = open_area(unlocked_app, "goals", GoalsArea)
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_N, ctrl_shift)
    editor = area.editor
    assert editor.goal is not None and editor.title.hasFocus()
    qtbot.keyClicks(editor.title, "Find a therapist who does EMDR")
    qtbot.keyClick(editor.title, Qt.Key.Key_Tab)
    qtbot.keyClicks(editor.why, "Trauma work matters to me")
    editor.has_due.setChecked(True)
    editor.due.setDate(date(2026, 12, 1))
    window.open_area("journal")  # leaving the area saves
    goal = unlocked_app.session.goals.get(editor.goal.id)  # type: ignore[union-attr]
    assert goal.title == "Find a therapist who does EMDR"
    assert goal.why == "Trauma work matters to me"
    assert goal.due == date(2026, 12, 1)


def test_marking_a_goal_done_is_celebrated_once_without_a_dialog(
    qtbot: QtBot, unlocked_app: App
) -> None:
    window, area = open_area(unlocked_app, "goals", GoalsArea)
    area.new_from_template("prepare_questions")
    area.editor.mark_done()
    qtbot.waitUntil(window.banner.isVisible)
    assert "finished a goal" in window.banner.text.text()
    assert "Prepare questions" in window.banner.text.text()
    assert QApplication.activeModalWidget() is None  # never blocks the work
    assert area.list.count() == 0  # it left the active list
    window.banner.dismiss_button.click()
    assert not window.banner.isVisible()
    # Shown once: nothing left to celebrate, even after another change.
    qtbot.waitUntil(lambda: MilestoneService(unlocked_app.session.vault).uncelebrated() == [])
    unlocked_app.session.changed.emit("goals")
    qtbot.wait(100)
    assert not window.banner.isVisible()


def test_an_overdue_goal_shows_on_the_journal_header_and_opens_it(
    qtbot: QtBot, unlocked_app: App
) -> None:
    window = unlocked_app.main_window
    assert window is not None
    goals = GoalService(unlocked_app.session.vault)
    goal = goals.create("Call my insurer", due=date.today() - timedelta(days=3))
    goals.create("Not yet", due=date.today() + timedelta(days=3))
    journal = window.journal
    window.open_area("goals")
    window.open_area("journal")
    qtbot.waitUntil(journal.due.isVisible)
    assert "“Call my insurer” was due" in journal.due.text.text()
    assert "Not yet" not in journal.due.text.text()
    journal.due.text.linkActivated.emit("0")
    area = window.stack.currentWidget()
    assert isinstance(area, GoalsArea)
    assert area.editor.goal is not None and area.editor.goal.id == goal.id
    area.editor.mark_done()
    window.open_area("journal")
    qtbot.waitUntil(lambda: not journal.due.isVisible())


def test_a_streak_reached_from_the_cli_is_celebrated_at_the_next_unlock(
    qtbot: QtBot, gui_app: App, vault_on_disk: VaultInfo
) -> None:
    vault_on_disk.vault.unlock(vault_on_disk.passphrase)
    MilestoneService(vault_on_disk.vault).record("streak_7")
    vault_on_disk.vault.lock()
    gui_app.start()
    window = unlock_through_window(qtbot, gui_app, vault_on_disk.passphrase)
    qtbot.waitUntil(window.banner.isVisible)
    assert "Seven days" in window.banner.text.text()


def test_a_milestone_read_by_several_changes_at_once_is_shown_once(
    qtbot: QtBot, unlocked_app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every change asks for milestones not yet celebrated; reads in flight
    together all see the new one, and only the first may show it."""
    window, _area = open_area(unlocked_app, "goals", GoalsArea)
    qtbot.waitUntil(lambda: not unlocked_app.session.tasks.busy)
    shown: list[list[str]] = []
    celebrate = window.banner.celebrate
    monkeypatch.setattr(
        window.banner,
        "celebrate",
        lambda reached: (shown.append([m.kind for m in reached]), celebrate(reached)),
    )
    unlocked_app.session.milestones.record("first_therapist_identified")  # as the CLI would
    for _ in range(4):  # four changes before any read comes back
        unlocked_app.session.changed.emit("contacts")
    qtbot.waitUntil(window.banner.isVisible)
    qtbot.waitUntil(lambda: not unlocked_app.session.tasks.busy)
    qtbot.wait(50)
    assert shown == [["first_therapist_identified"]]
    assert MilestoneService(unlocked_app.session.vault).uncelebrated() == []


def test_ticking_every_step_offers_inline_to_mark_the_goal_done(
    qtbot: QtBot, unlocked_app: App
) -> None:
    window, area = open_area(unlocked_app, "goals", GoalsArea)
    area.new_from_template("check_insurance")
    editor = area.editor
    assert editor.goal is not None
    goal_id = editor.goal.id
    QApplication.processEvents()  # laid out as a person sees it
    row_height = editor.progress_row.height()
    steps_top = editor.steps.mapTo(window, editor.steps.rect().topLeft())
    for row in range(editor.steps.count()):
        assert not editor.mark_done_button.isVisible()
        editor.steps.item(row).setCheckState(Qt.CheckState.Checked)
    # Every step ticked: asked in the window, not in a dialog, and nothing moved.
    QApplication.processEvents()
    assert editor.mark_done_button.isVisible()
    assert editor.done_offer.text() == "All steps ticked."
    assert editor.mark_done_button.text().replace("&", "") == "Mark the goal done"
    assert QApplication.activeModalWidget() is None
    assert editor.progress_row.height() == row_height
    assert editor.steps.mapTo(window, editor.steps.rect().topLeft()) == steps_top
    assert unlocked_app.session.goals.get(goal_id).status == "active"

    editor.not_yet_button.click()  # "Not yet" keeps it active and puts the bar back
    assert not editor.mark_done_button.isVisible() and editor.progress.isVisible()
    editor.steps.item(0).setCheckState(Qt.CheckState.Unchecked)
    editor.steps.item(0).setCheckState(Qt.CheckState.Checked)
    assert editor.mark_done_button.isVisible()  # ticking the last step again asks again

    qtbot.mouseClick(editor.mark_done_button, Qt.MouseButton.LeftButton)
    assert unlocked_app.session.goals.get(goal_id).status == "done"
    assert not editor.mark_done_button.isVisible()


def test_ticked_steps_are_struck_through(qtbot: QtBot, unlocked_app: App) -> None:
    _window, area = open_area(unlocked_app, "goals", GoalsArea)
    area.new_from_template("check_insurance")
    steps = area.editor.steps
    steps.item(1).setCheckState(Qt.CheckState.Checked)
    assert steps.item(1).font().strikeOut()
    assert not steps.item(0).font().strikeOut()
    steps.item(1).setCheckState(Qt.CheckState.Unchecked)
    assert not steps.item(1).font().strikeOut()


def test_no_goals_yet_offers_one_way_to_a_first(qtbot: QtBot, unlocked_app: App) -> None:
    window, area = open_area(unlocked_app, "goals", GoalsArea)
    editor = area.editor
    assert editor.start_button.isVisible() and "No goals yet" in editor.placeholder.text()
    assert not area.empty.isVisible()  # said once, beside the way to start
    window.resize(960, 600)
    QApplication.processEvents()
    text = editor.placeholder  # every wrapped line of it shown, none cut
    assert text.height() >= text.heightForWidth(text.width())
    qtbot.mouseClick(editor.start_button, Qt.MouseButton.LeftButton)
    menu = area.template_button.menu()
    qtbot.waitUntil(menu.isVisible)
    menu.actions()[0].trigger()
    menu.hide()
    assert area.list.count() == 1 and editor.goal is not None
    assert editor.title.isVisible() and not editor.start_button.isVisible()


def test_a_long_goal_title_wraps_in_a_narrow_list(qtbot: QtBot, unlocked_app: App) -> None:
    _window, area = open_area(unlocked_app, "goals", GoalsArea)
    unlocked_app.session.goals.create(
        "Contact three therapists before the end of the month, and ask each about fees"
    )
    area.refresh()
    splitter = area.list.parentWidget().parentWidget()
    assert isinstance(splitter, QSplitter)
    splitter.setSizes([220, 600])
    QApplication.processEvents()
    assert not area.list.horizontalScrollBar().isVisible()  # no sideways scrolling


@pytest.mark.parametrize(
    ("region", "offered", "not_offered"),
    [
        ("us", "Check my insurance coverage", "Find out what therapy will cost"),
        ("uk", "Find out what therapy will cost", "Check my insurance coverage"),
    ],
)
def test_templates_offered_are_those_of_the_region_in_settings(
    qtbot: QtBot, unlocked_app: App, region: str, offered: str, not_offered: str
) -> None:
    from therapy_journal.gui.settings import AppSettings  # noqa: PLC0415

    AppSettings(region=region).save()  # as Settings does
    _window, area = open_area(unlocked_app, "goals", GoalsArea)
    qtbot.mouseClick(area.editor.start_button, Qt.MouseButton.LeftButton)
    menu = area.template_button.menu()
    qtbot.waitUntil(menu.isVisible)
    titles = [action.text() for action in menu.actions()]
    assert offered in titles and not_offered not in titles
    menu.actions()[titles.index(offered)].trigger()
    menu.hide()
    assert area.editor.goal is not None and area.editor.goal.title == offered


def test_a_template_goal_fits_960_by_600_without_scrolling_sideways(
    qtbot: QtBot, unlocked_app: App
) -> None:
    from tests.gui.fit import fit_problems  # noqa: PLC0415

    window, area = open_area(unlocked_app, "goals", GoalsArea)
    area.new_from_template("check_insurance")  # the longest steps
    assert fit_problems(window) == []
    assert not area.editor.steps.horizontalScrollBar().isVisible()
