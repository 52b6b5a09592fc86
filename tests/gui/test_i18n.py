"""Counts take the form that fits them: "1 entry", "2 entries", "1,200 entries"."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from therapy_journal.gui.i18n import plural


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
