"""Goals, their steps and the milestones they reach, on a real encrypted vault."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from tests.helpers.vaults import VaultInfo, files_containing
from therapy_journal.services.due import DUE_SOURCES, DueItem, due_items
from therapy_journal.services.goals import GoalNotFound, GoalService, InvalidGoal
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.services.milestones import MilestoneService, UnknownMilestone
from therapy_journal.services.reference import goal_templates, goal_templates_for
from therapy_journal.services.regions import regions
from therapy_journal.store.vault import Vault

TODAY = date(2026, 3, 20)


class Clock:
    """Local time on a settable day, a minute later at every reading."""

    def __init__(self, day: date = TODAY) -> None:
        self.now = datetime(day.year, day.month, day.day, 9, 0).astimezone()

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now

    def set_day(self, day: date) -> None:
        self.now = datetime(day.year, day.month, day.day, 9, 0).astimezone()


def test_ticking_steps_moves_progress_and_survives_reopening(vault_info: VaultInfo) -> None:
    goals = GoalService(vault_info.vault, Clock())
    goal = goals.create("Contact three therapists", "So one is not everything", None, ["A", "B"])
    assert goal.progress == 0.0 and goal.steps_done == 0
    goal = goals.set_step_done(goal.steps[0].id, True)
    assert goal.progress == 0.5 and goal.steps[0].is_done
    goal = goals.add_step(goal.id, "  C  ")
    assert [s.text for s in goal.steps] == ["A", "B", "C"]
    assert goal.progress == pytest.approx(1 / 3)
    goal = goals.set_step_done(goal.steps[0].id, False)
    assert goal.progress == 0.0
    vault_info.vault.lock()
    vault_info.vault.unlock(vault_info.passphrase)
    reopened = GoalService(vault_info.vault).get(goal.id)
    assert [(s.text, s.is_done) for s in reopened.steps] == [
        ("A", False),
        ("B", False),
        ("C", False),
    ]
    assert reopened.why == "So one is not everything"


def test_steps_can_be_edited_reordered_and_removed(vault_info: VaultInfo) -> None:
    goals = GoalService(vault_info.vault, Clock())
    goal = goals.create("Goal", steps=["one", "two", "three"])
    goal = goals.move_step(goal.steps[2].id, 0)
    assert [s.text for s in goal.steps] == ["three", "one", "two"]
    goal = goals.edit_step(goal.steps[1].id, "first")
    goal = goals.remove_step(goal.steps[0].id)
    assert [s.text for s in goal.steps] == ["first", "two"]
    with pytest.raises(GoalNotFound):
        goals.remove_step(99999)


def test_a_goal_needs_a_title_and_bad_input_changes_nothing(vault_info: VaultInfo) -> None:
    goals = GoalService(vault_info.vault, Clock())
    with pytest.raises(InvalidGoal, match="title"):
        goals.create("   ")
    with pytest.raises(InvalidGoal, match="step"):
        goals.create("Fine", steps=["ok", "  "])
    with pytest.raises(InvalidGoal):
        goals.create("x" * 201)
    assert goals.goals() == []
    goal = goals.create("Fine")
    with pytest.raises(InvalidGoal):
        goals.set_status(goal.id, "finished")
    with pytest.raises(InvalidGoal):
        goals.add_step(goal.id, "")
    assert goals.get(goal.id).steps == () and goals.get(goal.id).status == "active"


def test_templates_make_the_usual_referral_goals_due_from_today(vault_info: VaultInfo) -> None:
    ids = {t.id for t in goal_templates()}
    assert {"contact_three", "schedule_consultation", "check_insurance", "prepare_questions"} <= ids
    goals = GoalService(vault_info.vault, Clock())
    goal = goals.from_template("contact_three", today=TODAY)
    template = next(t for t in goal_templates() if t.id == "contact_three")
    assert goal.title == template.title and goal.template == "contact_three"
    assert [s.text for s in goal.steps] == list(template.steps)
    assert goal.due == TODAY + timedelta(days=template.due_in_days or 0)
    with pytest.raises(InvalidGoal):
        goals.from_template("no_such_template")


def test_goal_done_is_a_milestone_once_even_if_reopened_and_done_again(
    vault_info: VaultInfo,
) -> None:
    clock = Clock()
    goals = GoalService(vault_info.vault, clock)
    goal = goals.create("Check my insurance coverage")
    reached = goals.set_status(goal.id, "done")
    assert [m.kind for m in reached] == ["goal_done"] and reached[0].detail == goal.title
    assert goals.get(goal.id).finished is not None and goals.get(goal.id).progress == 1.0
    assert goals.set_status(goal.id, "done") == []  # already done
    assert goals.set_status(goal.id, "active") == []
    assert goals.get(goal.id).finished is None
    assert goals.set_status(goal.id, "done") == []  # celebrated once only
    other = goals.create("Another")
    assert goals.set_status(other.id, "dropped") == []  # dropping is not a milestone
    timeline = MilestoneService(vault_info.vault).timeline()
    assert [(m.kind, m.subject) for m in timeline] == [("goal_done", str(goal.id))]


def test_goals_list_active_first_soonest_due_first(vault_info: VaultInfo) -> None:
    goals = GoalService(vault_info.vault, Clock())
    later = goals.create("Later", due=TODAY + timedelta(days=9))
    undated = goals.create("Undated")
    soon = goals.create("Soon", due=TODAY + timedelta(days=1))
    done = goals.create("Done", due=TODAY)
    goals.set_status(done.id, "done")
    assert [g.id for g in goals.goals()] == [soon.id, later.id, undated.id, done.id]
    assert [g.id for g in goals.goals("done")] == [done.id]
    assert goals.counts() == {"active": 3, "done": 1, "dropped": 0}


def test_overdue_goals_are_due_items_and_done_ones_are_not(vault_info: VaultInfo) -> None:
    goals = GoalService(vault_info.vault, Clock())
    overdue = goals.create("Call my insurer", due=TODAY - timedelta(days=2))
    goals.create("Due today is not overdue", due=TODAY)
    finished = goals.create("Finished late", due=TODAY - timedelta(days=5))
    goals.set_status(finished.id, "done")
    items = due_items(vault_info.vault, TODAY)
    assert items == [DueItem("goal", "Call my insurer", overdue.due, "goals", str(overdue.id))]


def test_other_areas_add_due_sources(vault_info: VaultInfo) -> None:
    def follow_ups(_vault: Vault, today: date) -> list[DueItem]:
        return [DueItem("follow_up", "Call back", today - timedelta(days=9), "contacts", "1")]

    GoalService(vault_info.vault).create("Goal", due=TODAY - timedelta(days=1))
    DUE_SOURCES.append(follow_ups)
    try:
        kinds = [item.kind for item in due_items(vault_info.vault, TODAY)]
    finally:
        DUE_SOURCES.remove(follow_ups)
    assert kinds == ["follow_up", "goal"]  # the longest overdue first


def test_a_milestone_kind_is_recorded_once_per_subject(vault_info: VaultInfo) -> None:
    milestones = MilestoneService(vault_info.vault, Clock())
    first = milestones.record("first_therapist_identified", detail="from contacts")
    assert first is not None and not first.celebrated
    assert milestones.record("first_therapist_identified") is None
    assert milestones.has("first_therapist_identified")
    with pytest.raises(UnknownMilestone):
        milestones.record("won_the_lottery")
    assert len(milestones.timeline()) == 1


def test_each_milestone_is_celebrated_once(vault_info: VaultInfo) -> None:
    milestones = MilestoneService(vault_info.vault, Clock())
    a = milestones.record("first_consultation_scheduled")
    b = milestones.record("first_consultation_attended")
    assert a is not None and b is not None
    assert [m.id for m in milestones.uncelebrated()] == [a.id, b.id]
    milestones.mark_celebrated([a.id])
    assert [m.id for m in milestones.uncelebrated()] == [b.id]
    milestones.mark_celebrated([a.id, b.id])
    assert milestones.uncelebrated() == []
    assert all(m.celebrated for m in milestones.timeline())


def _write_on(journal: JournalService, clock: Clock, day: date, hour: int = 20) -> None:
    clock.set_day(day)
    moment = datetime(day.year, day.month, day.day, hour, 0).astimezone()
    journal.add(make_entry(title="t", body="b", created=moment))


@pytest.mark.parametrize("days", [7, 30, 100])
def test_a_streak_milestone_fires_on_the_day_it_is_reached_not_before(
    vault_info: VaultInfo, days: int
) -> None:
    clock = Clock()
    journal = JournalService(vault_info.vault, clock)
    milestones = MilestoneService(vault_info.vault, clock)
    start = TODAY - timedelta(days=days - 1)
    for offset in range(days - 1):
        _write_on(journal, clock, start + timedelta(days=offset))
    assert not milestones.has(f"streak_{days}")
    _write_on(journal, clock, TODAY)
    assert milestones.has(f"streak_{days}")
    assert milestones.current_streak(TODAY) == days
    _write_on(journal, clock, TODAY)  # a second entry the same day changes nothing
    kinds = [m.kind for m in milestones.timeline()]
    assert kinds.count(f"streak_{days}") == 1


def test_a_gap_breaks_the_streak_and_late_evening_counts_for_its_own_day(
    vault_info: VaultInfo,
) -> None:
    clock = Clock()
    journal = JournalService(vault_info.vault, clock)
    milestones = MilestoneService(vault_info.vault, clock)
    for offset in (0, 1, 2, 4, 5, 6, 7):  # day 3 missing
        _write_on(journal, clock, TODAY - timedelta(days=offset), hour=23)
    assert milestones.current_streak(TODAY) == 3
    assert not milestones.has("streak_7")
    # Written at 23:30 local, after midnight UTC: still the day it was written.
    assert milestones.current_streak(TODAY + timedelta(days=1)) == 3  # yesterday counts
    assert milestones.current_streak(TODAY + timedelta(days=2)) == 0


def test_an_entry_in_the_trash_does_not_count_towards_a_streak(vault_info: VaultInfo) -> None:
    clock = Clock()
    journal = JournalService(vault_info.vault, clock)
    _write_on(journal, clock, TODAY - timedelta(days=1))
    _write_on(journal, clock, TODAY)
    milestones = MilestoneService(vault_info.vault, clock)
    assert milestones.current_streak(TODAY) == 2
    newest = journal.ids()[0]
    journal.move_to_trash(newest)
    assert milestones.current_streak(TODAY) == 1


def test_milestones_and_goals_do_not_touch_disk_in_plaintext(
    vault_info: VaultInfo,
) -> None:
    goals = GoalService(vault_info.vault, Clock())
    goal = goals.create("Secret goal title xyzzy", "secret reason plugh", steps=["secret step"])
    goals.set_status(goal.id, "done")
    vault_info.vault.lock()
    needles = ["xyzzy", "plugh", "secret step"]
    assert files_containing(vault_info.folder, needles) == []


def test_templates_offered_follow_the_region_and_name_real_regions() -> None:
    for template in goal_templates():
        assert set(template.regions) <= set(regions()), template.id
    us = {t.id for t in goal_templates_for("us")}
    uk = {t.id for t in goal_templates_for("uk")}
    assert "check_insurance" in us and "check_costs" not in us
    assert "check_costs" in uk and "check_insurance" not in uk
    for region_id in regions():
        offered = {t.id for t in goal_templates_for(region_id)}
        assert {"ask_referral", "first_call", "while_waiting", "contact_three"} <= offered
