"""Import and Check vault from the app, through their dialogs, on a real vault."""

from __future__ import annotations

import json
from pathlib import Path

from pytestqt.qtbot import QtBot

from therapy_journal.gui.app import App
from therapy_journal.gui.dialogs.data_dialogs import CheckDialog, ExportAllDialog, ImportDialog
from therapy_journal.services import importers


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


def test_export_everything_warns_and_writes_files_only_the_user_can_read(
    qtbot: QtBot, unlocked_app: App, tmp_path: Path
) -> None:
    session = unlocked_app.session
    session.journal.import_entries(importers.read("jsonl", _lines(tmp_path / "in.jsonl", 3)))
    dialog = ExportAllDialog(session)
    qtbot.addWidget(dialog)
    assert "NOT be encrypted" in dialog.message.text()
    target = tmp_path / "export"
    dialog.folder.setText(str(target))
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.exported is not None)
    assert dialog.exported is not None and dialog.exported.entries == 3
    assert "not encrypted" in dialog.message.text()
    files = [path for path in target.rglob("*") if path.is_file()]
    assert files and all(path.stat().st_mode & 0o777 == 0o600 for path in files)
    dialog.exported = None
    dialog.start_button.click()  # the folder is not empty any more: refused, nothing changed
    qtbot.waitUntil(lambda: dialog.start_button.isEnabled() and "empty" in dialog.message.text())
    assert sorted(p for p in target.rglob("*") if p.is_file()) == sorted(files)


def test_a_markdown_folder_lists_the_files_it_cannot_read_and_imports_the_rest_on_request(
    qtbot: QtBot, unlocked_app: App, tmp_path: Path
) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "2023-09-12.md").write_text("# A walk\n\nBy the river.\n", encoding="utf-8")
    (folder / "2023-09-13 Second.md").write_text("Rain all day.\n", encoding="utf-8")
    (folder / "Template.md").write_text("---\ndate: {{date}}\n---\nx\n", encoding="utf-8")
    dialog = ImportDialog(unlocked_app.session)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("markdown"))
    dialog.path.setText(str(folder))
    dialog.start_button.click()
    qtbot.waitUntil(lambda: "cannot be read" in dialog.message.text())
    assert "Template.md" in dialog.message.text()
    assert unlocked_app.session.journal.count() == 0  # nothing before the go-ahead
    assert "Import the 2 that can be read" in dialog.start_button.text().replace("&", "")
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.summary is not None)
    assert unlocked_app.session.journal.count() == 2
    assert "Imported 2 entries" in dialog.message.text()


def test_this_apps_own_export_comes_back_in_full(
    qtbot: QtBot, unlocked_app: App, tmp_path: Path
) -> None:
    from tests.helpers.vaults import make_vault  # noqa: PLC0415
    from therapy_journal.services import export_all  # noqa: PLC0415
    from therapy_journal.services.goals import GoalService  # noqa: PLC0415
    from therapy_journal.services.journal import make_entry  # noqa: PLC0415

    other = make_vault(tmp_path / "other")
    from therapy_journal.services.journal import JournalService  # noqa: PLC0415

    JournalService(other.vault).add(make_entry(title="From the other vault", body="x"))
    GoalService(other.vault).create("Call three therapists")
    export_all.export_json(other.vault, tmp_path / "out")
    other.vault.lock()
    dialog = ImportDialog(unlocked_app.session)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("therapy-journal-json"))
    assert "Export everything" in dialog.format.currentText()
    dialog.path.setText(str(tmp_path / "out" / "journal.json"))
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.summary is not None)
    assert "Imported 1 entry" in dialog.message.text() and "goal" in dialog.message.text()
    assert [g.title for g in unlocked_app.session.goals.goals()] == ["Call three therapists"]
