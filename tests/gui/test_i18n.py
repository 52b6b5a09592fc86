"""Counts take the form that fits them: "1 entry", "2 entries", "1,200 entries"."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QApplication

from therapy_journal.gui.checkins.checkins_area import change_text
from therapy_journal.gui.goals.goals_area import progress_text
from therapy_journal.gui.i18n import plural
from therapy_journal.services.assessments import instruments
from therapy_journal.services.goals import Goal, Step


def test_a_count_takes_its_form(qapp: QApplication) -> None:
    assert plural(1, "%n check-in", "%n check-ins") == "1 check-in"
    assert plural(0, "%n check-in", "%n check-ins") == "0 check-ins"
    assert plural(2, "%n point higher", "%n points higher") == "2 points higher"
    assert plural(1200, "%n entry", "%n entries") == "1,200 entries"
    assert (
        plural(1, "Saved %n entry into {folder}.", "Saved %n entries into {folder}.").format(
            folder="x"
        )
        == "Saved 1 entry into x."
    )


def test_counts_in_the_areas_take_their_form(qapp: QApplication) -> None:
    phq9 = instruments()["phq9"]
    assert change_text(phq9, 1, False).startswith("1 point higher than last time.")
    assert change_text(phq9, -1, False).startswith("1 point lower than last time.")
    assert change_text(phq9, -6, True).startswith("6 points lower than last time.")
    when = datetime(2026, 1, 1).astimezone()
    goal = Goal(1, "Call", "", None, "active", None, when, when, None, (Step(1, "Ring", None),))
    assert progress_text(goal) == "0 of 1 step"
