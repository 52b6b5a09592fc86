"""An entry open in the editor and changed elsewhere: nothing is overwritten, nothing lost.

The other writer is a real ``therapy-journal`` process, or a second connection
to the same vault folder (another app, another machine on a synced folder).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.helpers import (
    click_row,
    row_titled,
    saved_entries,
    texts_containing,
    unlock_through_window,
    wait_listed,
)
from tests.helpers.cli import cli_env
from tests.helpers.processes import run_cli, write_secret
from tests.helpers.vaults import FAST_KDF, VaultInfo
from therapy_journal.gui.app import App
from therapy_journal.gui.journal.editor import EntryEditor
from therapy_journal.gui.main_window import MainWindow
from therapy_journal.gui.settings import AppSettings
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.store.models import Entry, NewEntry
from therapy_journal.store.vault import Vault

CREATED = datetime(2024, 2, 5, 21, 0).astimezone()
TITLE = "Monday"
FIRST = "Slept badly before the consultation."
THEIRS = "Written in the terminal: the consultation went better than I feared."
MINE = " Typed in the app: I want to ask about homework."


@pytest.fixture
def seed_entries() -> list[NewEntry]:
    return [make_entry(title=TITLE, body=FIRST, mood=4, tags=["sleep"], created=CREATED)]


def open_first_entry(qtbot: QtBot, app: App) -> tuple[MainWindow, EntryEditor]:
    window = app.main_window
    assert window is not None
    click_row(qtbot, window.journal.view, 0)
    editor = window.journal.editor
    assert editor.title.text() == TITLE
    return window, editor


def type_at_end(qtbot: QtBot, editor: EntryEditor, text: str) -> None:
    qtbot.mouseClick(editor.body, Qt.MouseButton.LeftButton)
    qtbot.keyClick(editor.body, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor.body, text)


def cli_in(info: VaultInfo, tmp_path: Path, *args: str, stdin: bytes = b"") -> None:
    """Run a real ``therapy-journal`` process on the app's vault."""
    secret = write_secret(tmp_path / "pass.txt", info.passphrase)
    result = run_cli(
        "--vault", str(info.folder), "--passphrase-file", str(secret), *args,
        env=cli_env(), stdin=stdin,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def by_body(folder: Path) -> dict[str, Entry]:
    return {entry.body: entry for entry in saved_entries(folder)}


def on_window(widget: QWidget) -> QRect:
    return QRect(widget.mapTo(widget.window(), widget.rect().topLeft()), widget.size())


def geometries(editor: EntryEditor) -> list[QRect]:
    QApplication.processEvents()  # layouts settle
    parts: list[QWidget] = [editor.title, editor.tabs, editor.body, editor.mood, editor.tags]
    return [on_window(part) for part in parts]


@dataclass
class EditorState:
    editor: EntryEditor
    entry_id: int
    geometries_before: list[QRect]


@pytest.fixture
def conflicted(
    qtbot: QtBot, unlocked_app: App, vault_on_disk: VaultInfo, tmp_path: Path
) -> tuple[MainWindow, EditorState]:
    """The entry open in the editor, changed by the CLI, then typed in here and autosaved."""
    window, editor = open_first_entry(qtbot, unlocked_app)
    entry_id = editor.entry_id
    assert entry_id is not None
    before = geometries(editor)
    cli_in(vault_on_disk, tmp_path, "edit", str(entry_id), "--body", stdin=THEIRS.encode())
    type_at_end(qtbot, editor, MINE)
    qtbot.waitUntil(editor.notice.isVisible)  # the autosave found the newer version
    return window, EditorState(editor, entry_id, before)


def test_a_cli_edit_while_typing_keeps_both_texts_and_says_so(
    qtbot: QtBot,
    conflicted: tuple[MainWindow, EditorState],
    vault_on_disk: VaultInfo,
    shown_messages: list[str],
) -> None:
    window, state = conflicted
    editor = state.editor
    # The editor shows the newer version; the person's text is offered beside it.
    assert editor.entry_id == state.entry_id
    assert editor.body.toPlainText() == THEIRS
    assert editor.notice.mine.toPlainText() == f"{TITLE}\n\n{FIRST}{MINE}"
    assert editor.notice.text.text() == (
        "This entry was changed elsewhere while you were writing. Yours is kept below."
    )
    assert "“Monday (my copy)”" in editor.notice.accessibleDescription()
    # Both texts are in the vault already, before any choice.
    stored = by_body(vault_on_disk.folder)
    assert stored[THEIRS].id == state.entry_id and stored[THEIRS].title == TITLE
    assert stored[FIRST + MINE].title == "Monday (my copy)"
    assert not stored[FIRST + MINE].in_trash
    assert stored[FIRST + MINE].tags == ("sleep",) and stored[FIRST + MINE].mood == 4
    wait_listed(qtbot, window, 2)
    # Calm: no dialog, and nothing in the editor moved under the pointer.
    assert QApplication.activeModalWidget() is None and shown_messages == []
    assert editor.mood.value() == 4 and editor.mood_label.text() == "4/10 · low"
    assert geometries(editor) == state.geometries_before
    assert on_window(editor.tabs).contains(on_window(editor.notice))  # it lies over the text


def test_keep_my_version_saves_it_over_the_newer_one(
    qtbot: QtBot, conflicted: tuple[MainWindow, EditorState], vault_on_disk: VaultInfo
) -> None:
    window, state = conflicted
    editor = state.editor
    qtbot.mouseClick(editor.notice.mine_button, Qt.MouseButton.LeftButton)

    assert not editor.notice.isVisible()
    assert editor.body.toPlainText() == FIRST + MINE and editor.title.text() == TITLE
    (only,) = saved_entries(vault_on_disk.folder)
    assert (only.id, only.title, only.body) == (state.entry_id, TITLE, FIRST + MINE)
    wait_listed(qtbot, window, 1)


def test_keep_the_newer_version_moves_mine_to_the_trash_with_undo(
    qtbot: QtBot, conflicted: tuple[MainWindow, EditorState], vault_on_disk: VaultInfo
) -> None:
    window, state = conflicted
    editor = state.editor
    qtbot.mouseClick(editor.notice.newer_button, Qt.MouseButton.LeftButton)

    assert not editor.notice.isVisible()
    assert editor.body.toPlainText() == THEIRS
    stored = by_body(vault_on_disk.folder)
    assert not stored[THEIRS].in_trash
    assert stored[FIRST + MINE].in_trash  # dropped only on this choice, and still recoverable
    wait_listed(qtbot, window, 1)
    assert window.undo_button.isVisible()
    qtbot.mouseClick(window.undo_button, Qt.MouseButton.LeftButton)
    assert not by_body(vault_on_disk.folder)[FIRST + MINE].in_trash


def test_keep_both_leaves_mine_as_its_own_entry(
    qtbot: QtBot, conflicted: tuple[MainWindow, EditorState], vault_on_disk: VaultInfo
) -> None:
    window, state = conflicted
    editor = state.editor
    qtbot.mouseClick(editor.notice.both_button, Qt.MouseButton.LeftButton)

    assert not editor.notice.isVisible()
    assert editor.body.toPlainText() == THEIRS
    stored = by_body(vault_on_disk.folder)
    assert {entry.title for entry in stored.values()} == {TITLE, "Monday (my copy)"}
    assert not any(entry.in_trash for entry in stored.values())
    wait_listed(qtbot, window, 2)
    click_row(qtbot, window.journal.view, row_titled(window, "Monday (my copy)"))
    assert editor.body.toPlainText() == FIRST + MINE


def test_locking_before_choosing_keeps_both_and_what_was_typed_since(
    qtbot: QtBot,
    conflicted: tuple[MainWindow, EditorState],
    vault_on_disk: VaultInfo,
    unlocked_app: App,
) -> None:
    window, state = conflicted
    editor = state.editor
    editor.timer.setInterval(3_600_000)  # only the lock can save what comes next
    type_at_end(qtbot, editor, " And a line added to the newer one.")
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: unlocked_app.main_window is None)

    assert texts_containing(["homework", "feared"]) == []  # nothing left in any widget
    stored = by_body(vault_on_disk.folder)
    assert set(stored) == {THEIRS + " And a line added to the newer one.", FIRST + MINE}
    window = unlock_through_window(qtbot, unlocked_app, vault_on_disk.passphrase)
    wait_listed(qtbot, window, 2)


def test_closing_the_window_with_unsaved_text_over_a_changed_entry_keeps_both(
    qtbot: QtBot,
    unlocked_app: App,
    vault_on_disk: VaultInfo,
    tmp_path: Path,
) -> None:
    window, editor = open_first_entry(qtbot, unlocked_app)
    editor.timer.setInterval(3_600_000)  # no autosave: closing is what saves
    cli_in(vault_on_disk, tmp_path, "edit", str(editor.entry_id), "--body", stdin=THEIRS.encode())
    type_at_end(qtbot, editor, MINE)
    window.close()

    stored = by_body(vault_on_disk.folder)
    assert set(stored) == {THEIRS, FIRST + MINE}
    assert stored[FIRST + MINE].title == "Monday (my copy)"


def test_an_entry_moved_to_the_trash_elsewhere_keeps_the_text_as_a_new_entry(
    qtbot: QtBot, unlocked_app: App, vault_on_disk: VaultInfo, tmp_path: Path
) -> None:
    window, editor = open_first_entry(qtbot, unlocked_app)
    entry_id = editor.entry_id
    cli_in(vault_on_disk, tmp_path, "delete", str(entry_id))
    type_at_end(qtbot, editor, MINE)
    qtbot.waitUntil(editor.notice.isVisible)

    assert "moved to the trash elsewhere" in editor.notice.text.text()
    assert editor.entry_id != entry_id
    assert (editor.title.text(), editor.body.toPlainText()) == (TITLE, FIRST + MINE)
    stored = by_body(vault_on_disk.folder)
    assert stored[FIRST].in_trash and not stored[FIRST + MINE].in_trash
    wait_listed(qtbot, window, 1)
    assert window.journal.model.entry_id(0) == editor.entry_id

    qtbot.mouseClick(editor.notice.restore_button, Qt.MouseButton.LeftButton)
    assert not editor.notice.isVisible()
    wait_listed(qtbot, window, 2)
    assert not any(entry.in_trash for entry in saved_entries(vault_on_disk.folder))

    # Going on writing goes into the new entry, as usual.
    type_at_end(qtbot, editor, " More.")
    qtbot.waitUntil(lambda: not editor.dirty)
    assert FIRST + MINE + " More." in by_body(vault_on_disk.folder)


def test_an_entry_deleted_for_good_elsewhere_keeps_the_text_and_says_so(
    qtbot: QtBot, unlocked_app: App, vault_on_disk: VaultInfo, opened: list[Vault]
) -> None:
    window, editor = open_first_entry(qtbot, unlocked_app)
    entry_id = editor.entry_id
    assert entry_id is not None
    other = Vault(vault_on_disk.folder, kdf=FAST_KDF)
    other.unlock(vault_on_disk.passphrase)
    opened.append(other)
    elsewhere = JournalService(other)
    elsewhere.move_to_trash(entry_id)
    elsewhere.purge(entry_id)
    type_at_end(qtbot, editor, MINE)
    qtbot.waitUntil(editor.notice.isVisible)

    assert "deleted elsewhere" in editor.notice.text.text()
    assert not editor.notice.restore_button.isVisible()
    assert editor.body.toPlainText() == FIRST + MINE
    (only,) = saved_entries(vault_on_disk.folder)
    assert (only.title, only.body) == (TITLE, FIRST + MINE)
    qtbot.mouseClick(editor.notice.ok_button, Qt.MouseButton.LeftButton)
    assert not editor.notice.isVisible()
    wait_listed(qtbot, window, 1)


def test_with_nothing_typed_returning_to_the_window_shows_the_newer_version(
    qtbot: QtBot, unlocked_app: App, vault_on_disk: VaultInfo, tmp_path: Path
) -> None:
    window, editor = open_first_entry(qtbot, unlocked_app)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    cli_in(vault_on_disk, tmp_path, "edit", str(editor.entry_id), "--body", stdin=THEIRS.encode())
    QApplication.sendEvent(window, QEvent(QEvent.Type.ActivationChange))
    qtbot.waitUntil(lambda: editor.body.toPlainText() == THEIRS)

    assert not editor.notice.isVisible() and not editor.dirty
    type_at_end(qtbot, editor, MINE)  # typed over the version now shown: a plain save
    qtbot.waitUntil(lambda: not editor.dirty)
    assert [entry.body for entry in saved_entries(vault_on_disk.folder)] == [THEIRS + MINE]


# -- two apps on one vault folder (two machines sharing a synced folder) -----------------


@pytest.fixture
def second_app(qtbot: QtBot, qapp: QApplication, vault_on_disk: VaultInfo) -> Iterator[App]:
    app = App(qapp, vault_on_disk.folder, AppSettings(), kdf=FAST_KDF)
    app.start()
    yield app
    app.lock()
    app.tasks.wait()
    app.idle.set_minutes(0)
    for window in app.top_windows():
        window.close()
        window.deleteLater()
    app.vault.lock()
    QApplication.processEvents()


def test_two_apps_writing_the_same_entry_keep_both_texts(
    qtbot: QtBot, unlocked_app: App, second_app: App, vault_on_disk: VaultInfo
) -> None:
    _, laptop = open_first_entry(qtbot, unlocked_app)
    desktop_window = unlock_through_window(qtbot, second_app, vault_on_disk.passphrase)
    wait_listed(qtbot, desktop_window, 1)
    _, desktop = open_first_entry(qtbot, second_app)

    type_at_end(qtbot, laptop, " Written on the laptop.")
    qtbot.waitUntil(lambda: not laptop.dirty)
    type_at_end(qtbot, desktop, " Written on the desktop.")
    qtbot.waitUntil(desktop.notice.isVisible)

    assert desktop.body.toPlainText() == FIRST + " Written on the laptop."
    assert desktop.notice.mine.toPlainText().endswith(FIRST + " Written on the desktop.")
    assert not laptop.notice.isVisible()
    assert set(by_body(vault_on_disk.folder)) == {
        FIRST + " Written on the laptop.",
        FIRST + " Written on the desktop.",
    }

    # The laptop goes on writing over what it saved; the desktop chooses its own version.
    type_at_end(qtbot, laptop, " Later.")
    qtbot.waitUntil(lambda: not laptop.dirty)
    qtbot.mouseClick(desktop.notice.mine_button, Qt.MouseButton.LeftButton)
    # The newer version changed again while the desktop was choosing: it is shown,
    # and the desktop's own text is still kept and offered.
    assert desktop.notice.isVisible()
    assert desktop.body.toPlainText() == FIRST + " Written on the laptop. Later."
    qtbot.mouseClick(desktop.notice.mine_button, Qt.MouseButton.LeftButton)
    assert not desktop.notice.isVisible()
    (only,) = saved_entries(vault_on_disk.folder)
    assert only.body == FIRST + " Written on the desktop."
