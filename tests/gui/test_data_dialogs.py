"""Import and Check vault from the app, through their dialogs, on a real vault."""

from __future__ import annotations

import json
from pathlib import Path

from pytestqt.qtbot import QtBot

from therapy_journal.gui.app import App
from therapy_journal.gui.dialogs.data_dialogs import CheckDialog, ImportDialog


def _lines(path: Path, count: int) -> Path:
    rows = [
        {"created": f"2025-01-{day:02d}T20:00:00+00:00", "title": f"Day {day}", "body": "b",
         "tags": ["imported"], "mood": 5}
        for day in range(1, count + 1)
    ]  # fmt: skip
    path.write_text("\n".join(json.dumps(row) for row in rows) + "\n", encoding="utf-8")
    return path


def test_importing_shows_a_summary_and_twice_adds_nothing(
    qtbot: QtBot, unlocked_app: App, tmp_path: Path
) -> None:
    window = unlocked_app.main_window
    assert window is not None
    dialog = ImportDialog(unlocked_app.session, window)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("jsonl"))
    dialog.path.setText(str(_lines(tmp_path / "in.jsonl", 12)))
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.summary is not None)
    assert "Imported 12 entries" in dialog.message.text()
    qtbot.waitUntil(lambda: window.journal.model.rowCount() == 12)
    dialog.summary = None
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.summary is not None)
    assert "Imported 0 entries; 12 were already" in dialog.message.text()


def test_a_malformed_file_imports_nothing_and_says_where(
    qtbot: QtBot, unlocked_app: App, tmp_path: Path
) -> None:
    bad = _lines(tmp_path / "bad.jsonl", 3)
    bad.write_text(bad.read_text(encoding="utf-8") + "{not json\n", encoding="utf-8")
    dialog = ImportDialog(unlocked_app.session)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("jsonl"))
    dialog.path.setText(str(bad))
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.start_button.isEnabled() and "Line 4" in dialog.message.text())
    assert unlocked_app.session.journal.count() == 0


def test_check_vault_reports_a_healthy_vault(qtbot: QtBot, unlocked_app: App) -> None:
    dialog = CheckDialog(unlocked_app.session)
    qtbot.addWidget(dialog)
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.problems is not None)
    assert dialog.problems == [] and "healthy" in dialog.message.text()
