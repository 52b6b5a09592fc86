"""Writing entries: nothing typed is lost, whether the app stops or the person moves on."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.gui.helpers import click_row, row_titled, saved_entries, wait_listed
from tests.helpers.vaults import VaultInfo
from therapy_journal.gui.app import App
from therapy_journal.services.journal import make_entry
from therapy_journal.store.models import NewEntry

EARLIER = datetime(2024, 3, 1, 9, 0).astimezone()


def test_a_new_entry_is_autosaved_without_any_save_or_close(
    qtbot: QtBot, unlocked_app: App, vault_on_disk: VaultInfo
) -> None:
    window = unlocked_app.main_window
    assert window is not None
    editor = window.journal.editor
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert editor.isEnabled() and editor.body.hasFocus()

    qtbot.keyClicks(editor.title, "Thursday session")
    qtbot.mouseClick(editor.body, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.body, "We talked about the marmalade argument.")
    assert editor.dirty
    qtbot.waitUntil(lambda: not editor.dirty)

    # The app is never told to save or close: the entry must already be on disk,
    # where another program opening the vault finds it.
    found = [e for e in saved_entries(vault_on_disk.folder) if e.title == "Thursday session"]
    assert len(found) == 1
    assert found[0].body == "We talked about the marmalade argument."
    wait_listed(qtbot, window, 1)
    assert window.journal.model.index(0, 1).data() == "Thursday session"


@pytest.mark.parametrize(
    "seed_entries",
    [
        [
            make_entry(title="Entry A", body="first words", created=EARLIER),
            make_entry(title="Entry B", body="other words", created=EARLIER + timedelta(days=1)),
        ]
    ],
)
def test_moving_to_another_entry_saves_at_once(
    qtbot: QtBot, unlocked_app: App, vault_on_disk: VaultInfo, seed_entries: list[NewEntry]
) -> None:
    window = unlocked_app.main_window
    assert window is not None
    journal, editor = window.journal, window.journal.editor
    editor.timer.setInterval(3_600_000)  # autosave cannot be what saves here

    click_row(qtbot, journal.view, row_titled(window, "Entry A"))
    assert editor.title.text() == "Entry A"
    qtbot.mouseClick(editor.body, Qt.MouseButton.LeftButton)
    qtbot.keyClick(editor.body, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor.body, " and a bergamot afterthought")
    assert editor.dirty

    click_row(qtbot, journal.view, row_titled(window, "Entry B"))
    assert editor.title.text() == "Entry B"
    assert not editor.dirty

    bodies = {e.title: e.body for e in saved_entries(vault_on_disk.folder)}
    assert bodies["Entry A"] == "first words and a bergamot afterthought"
    assert bodies["Entry B"] == "other words"
