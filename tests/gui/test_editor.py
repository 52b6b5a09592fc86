"""The editor's parts: Markdown preview, word count, mood, tags with completion,
and changing the passphrase from Settings."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QTextCharFormat
from PySide6.QtWidgets import QDialogButtonBox, QStyle, QStyleOptionSlider
from pytestqt.qtbot import QtBot

from tests.gui.helpers import saved_entries
from tests.helpers.vaults import FAST_KDF, VaultInfo
from therapy_journal.gui.app import App
from therapy_journal.gui.dialogs.settings_dialog import ChangePassphraseDialog
from therapy_journal.gui.main_window import MainWindow
from therapy_journal.services.journal import make_entry
from therapy_journal.store.errors import WrongPassphrase
from therapy_journal.store.models import NewEntry
from therapy_journal.store.vault import Vault

NEW_PASSPHRASE = "lantern orchard velvet compass"


@pytest.fixture
def seed_entries() -> list[NewEntry]:
    return [
        make_entry(
            title="Old one",
            body="x",
            tags=["sleep", "sister"],
            created=datetime(2024, 2, 1, 8).astimezone(),
        )
    ]


def new_entry(qtbot: QtBot, app: App) -> MainWindow:
    window = app.main_window
    assert window is not None
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    return window


def test_the_preview_renders_markdown_with_qt(qtbot: QtBot, unlocked_app: App) -> None:
    editor = new_entry(qtbot, unlocked_app).journal.editor
    editor.body.setPlainText("# A heading\n\nSome **strong** words\n\n- one\n- two\n")
    editor.tabs.setCurrentWidget(editor.preview)

    document = editor.preview.document()
    assert document.toPlainText().startswith("A heading")
    assert "#" not in document.toPlainText() and "**" not in document.toPlainText()
    first = document.firstBlock()
    assert first.blockFormat().headingLevel() == 1
    cursor = document.find("strong")
    assert cursor.charFormat().fontWeight() > QTextCharFormat().fontWeight()
    assert document.findBlockByNumber(2).textList() is not None  # "- one" is a list item


def test_the_preview_shows_raw_html_as_text_and_never_renders_it(
    qtbot: QtBot, unlocked_app: App
) -> None:
    editor = new_entry(qtbot, unlocked_app).journal.editor
    hostile = "<table><tr><td>" * 3 + "inside" + "</td></tr></table>" * 3
    editor.body.setPlainText(f"Before\n\n{hostile}\n\n<img src=x onerror=alert(1)>\n")
    editor.tabs.setCurrentWidget(editor.preview)

    shown = editor.preview.document().toPlainText()
    assert "<table><tr><td>" in shown
    assert "<img src=x onerror=alert(1)>" in shown
    assert editor.preview.document().rootFrame().childFrames() == []  # no table was laid out


def test_the_word_count_follows_the_text(qtbot: QtBot, unlocked_app: App) -> None:
    editor = new_entry(qtbot, unlocked_app).journal.editor
    qtbot.mouseClick(editor.body, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.body, "one")
    qtbot.waitUntil(lambda: editor.words.text() == "1 word")
    qtbot.keyClicks(editor.body, " two  three")
    qtbot.keyClick(editor.body, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.body, "four")
    qtbot.waitUntil(lambda: editor.words.text() == "4 words")


def test_mood_and_tags_are_saved_with_the_entry(
    qtbot: QtBot, unlocked_app: App, vault_on_disk: VaultInfo
) -> None:
    editor = new_entry(qtbot, unlocked_app).journal.editor
    qtbot.keyClicks(editor.title, "Tuesday")
    editor.mood.setFocus()
    for _ in range(7):
        qtbot.keyClick(editor.mood, Qt.Key.Key_Right)
    assert editor.mood_label.text() == "7/10 · good"
    qtbot.keyClicks(editor.tags, "work, Family ,work,")
    qtbot.waitUntil(lambda: not editor.dirty)

    (saved,) = [e for e in saved_entries(vault_on_disk.folder) if e.title == "Tuesday"]
    assert saved.mood == 7
    assert sorted(saved.tags) == ["family", "work"]


def test_tags_complete_from_the_ones_already_used(qtbot: QtBot, unlocked_app: App) -> None:
    editor = new_entry(qtbot, unlocked_app).journal.editor
    completer = editor.completer
    qtbot.waitUntil(lambda: completer.tag_model.rowCount() == 2)  # tags load off the UI thread

    qtbot.keyClicks(editor.tags, "calm, s")
    offered = [completer.completionModel().index(row, 0).data() for row in range(2)]
    assert completer.completionCount() == 2
    assert sorted(offered) == ["sister", "sleep"]
    qtbot.keyClicks(editor.tags, "i")
    assert completer.completionCount() == 1
    assert completer.currentCompletion() == "sister"
    completer.activated.emit("sister")
    assert editor.tags.text() == "calm, sister, "


def change_passphrase(qtbot: QtBot, app: App, current: str, new: str) -> ChangePassphraseDialog:
    window = app.main_window
    assert window is not None and app.session is not None
    dialog = ChangePassphraseDialog(app.session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.current, current)
    qtbot.keyClicks(dialog.fields.passphrase, new)
    qtbot.keyClicks(dialog.fields.confirm, new)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled()
    QTimer.singleShot(0, lambda: qtbot.mouseClick(ok, Qt.MouseButton.LeftButton))
    return dialog


def test_changing_the_passphrase_from_settings(
    qtbot: QtBot, unlocked_app: App, vault_on_disk: VaultInfo
) -> None:
    dialog = change_passphrase(qtbot, unlocked_app, vault_on_disk.passphrase, NEW_PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted):
        pass
    assert dialog.current.text() == "" and dialog.fields.passphrase.text() == ""

    other = Vault(vault_on_disk.folder, kdf=FAST_KDF)
    with pytest.raises(WrongPassphrase):
        other.unlock(vault_on_disk.passphrase)
    other.unlock(NEW_PASSPHRASE)
    other.lock()


def test_a_wrong_current_passphrase_changes_nothing(
    qtbot: QtBot, unlocked_app: App, vault_on_disk: VaultInfo
) -> None:
    key_file = vault_on_disk.folder / "vault.key"
    before = key_file.read_bytes()
    dialog = change_passphrase(qtbot, unlocked_app, "not the passphrase at all", NEW_PASSPHRASE)
    qtbot.waitUntil(lambda: dialog.error.text() != "")
    assert dialog.error.text() == "The current passphrase is not right."
    assert dialog.isVisible()
    assert key_file.read_bytes() == before


@pytest.mark.parametrize(
    ("value", "word"),
    [(1, "very low"), (2, "very low"), (3, "low"), (5, "okay"), (8, "good"), (10, "very good")],
)
def test_the_mood_says_a_word_as_well_as_the_number(
    qtbot: QtBot, unlocked_app: App, value: int, word: str
) -> None:
    editor = new_entry(qtbot, unlocked_app).journal.editor
    editor.mood.setFocus()
    qtbot.keyClick(editor.mood, Qt.Key.Key_Home)
    assert editor.mood_label.text() == "not rated"
    assert "not rated" in editor.mood.accessibleName()
    for _ in range(value):
        qtbot.keyClick(editor.mood, Qt.Key.Key_Right)
    assert editor.mood_label.text() == f"{value}/10 · {word}"
    assert editor.mood.accessibleName() == f"Mood: {value} of 10, {word}"


def test_a_click_on_the_mood_track_sets_the_value_where_clicked(
    qtbot: QtBot, unlocked_app: App
) -> None:
    editor = new_entry(qtbot, unlocked_app).journal.editor
    qtbot.keyClicks(editor.body, "A walk")
    slider = editor.mood
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    style = slider.style()
    control = QStyle.ComplexControl.CC_Slider
    groove = style.subControlRect(control, option, QStyle.SubControl.SC_SliderGroove, slider)
    handle = style.subControlRect(control, option, QStyle.SubControl.SC_SliderHandle, slider)
    span = groove.width() - handle.width()
    for value in (8, 3, 10):
        x = groove.x() + handle.width() // 2 + QStyle.sliderPositionFromValue(0, 10, value, span)
        qtbot.mouseClick(slider, Qt.MouseButton.LeftButton, pos=QPoint(x, slider.height() // 2))
        assert slider.value() == value
    qtbot.waitUntil(lambda: not editor.dirty)  # a click is a change like any other
