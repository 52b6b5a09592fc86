"""Attachments in the editor: the button's path, drop, paste, thumbnails, the
preview's pictures from memory only, Open with its warning, Save as."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QObject, QPointF, Qt, QUrl, Slot
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QImage,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.gui.helpers import saved_entries
from tests.helpers.vaults import FAST_KDF, PASSPHRASE, VaultInfo
from therapy_journal.gui.app import App
from therapy_journal.gui.journal.attachments_bar import THUMB_PX
from therapy_journal.gui.journal.editor import EntryEditor
from therapy_journal.services import opened_copies
from therapy_journal.services.attachments import MAX_ATTACHMENT_BYTES, AttachmentService
from therapy_journal.services.journal import make_entry
from therapy_journal.store.models import NewEntry
from therapy_journal.store.vault import Vault


@pytest.fixture
def seed_entries() -> list[NewEntry]:
    return [
        make_entry(
            title="A walk", body="By the river.", created=datetime(2026, 3, 1, 9).astimezone()
        )
    ]


def _photo(path: Path, width: int = 800, height: int = 600) -> Path:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("seagreen"))
    assert image.save(str(path), "PNG")
    return path


def _editor(qtbot: QtBot, app: App) -> EntryEditor:
    window = app.main_window
    assert window is not None
    editor = window.journal.editor
    window.journal.view.setCurrentIndex(window.journal.model.index(0, 0))
    qtbot.waitUntil(lambda: editor.entry_id is not None)
    return editor


def _stored(folder: Path) -> dict[str, bytes]:
    vault = Vault(folder, kdf=FAST_KDF)
    vault.unlock(PASSPHRASE)
    try:
        service = AttachmentService(vault)
        found = {}
        for entry_id in vault.db.query("SELECT DISTINCT entry_id FROM attachments"):
            for item in service.of_entry(int(entry_id[0])):
                found[item.name] = service.read(item.id)
        return found
    finally:
        vault.lock()


def test_attached_photos_show_as_thumbnails_and_the_original_is_kept(
    qtbot: QtBot, unlocked_app: App, vault_on_disk: VaultInfo, tmp_path: Path
) -> None:
    editor = _editor(qtbot, unlocked_app)
    photo = _photo(tmp_path / "river.png", 1600, 1200)
    added = editor.attachments.attach_files([photo])
    assert [a.name for a in added] == ["river.png"]
    qtbot.waitUntil(lambda: "river.png" in editor.attachments.images)  # decoded off the UI thread
    item = editor.attachments.list.item(0)
    assert item.text() == "river.png"
    shown = item.icon().availableSizes()[0]
    assert max(shown.width(), shown.height()) <= THUMB_PX
    assert editor.attachments.list.accessibleDescription() == "1 attachment"
    assert _stored(vault_on_disk.folder) == {"river.png": photo.read_bytes()}


def test_attaching_to_a_new_entry_saves_it_first(
    qtbot: QtBot, unlocked_app: App, vault_on_disk: VaultInfo, tmp_path: Path
) -> None:
    window = unlocked_app.main_window
    assert window is not None
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = window.journal.editor
    assert editor.entry_id is None
    editor.attachments.attach_files([_photo(tmp_path / "only a photo.png")])
    assert editor.entry_id is not None
    assert len(saved_entries(vault_on_disk.folder)) == 2
    assert list(_stored(vault_on_disk.folder)) == ["only a photo.png"]


def test_a_file_over_the_limit_is_one_sentence_and_nothing_is_attached(
    qtbot: QtBot, unlocked_app: App, tmp_path: Path, shown_messages: list[str]
) -> None:
    editor = _editor(qtbot, unlocked_app)
    big = tmp_path / "film.mov"
    with big.open("wb") as out:
        out.truncate(MAX_ATTACHMENT_BYTES + 1)
    assert editor.attachments.attach_files([big]) == []
    assert shown_messages == [
        "“film.mov” is 50.0 MB; an attachment can be at most 50.0 MB, so it was not attached."
    ]
    assert editor.attachments.items == []


def test_dropping_files_on_the_text_attaches_them_and_shows_pictures_inline(
    qtbot: QtBot, unlocked_app: App, tmp_path: Path
) -> None:
    editor = _editor(qtbot, unlocked_app)
    photo, letter = _photo(tmp_path / "dog.png"), tmp_path / "letter.pdf"
    letter.write_bytes(b"%PDF-1.4 a letter")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo)), QUrl.fromLocalFile(str(letter))])
    viewport = editor.body.viewport()
    where = QPointF(10, 10)
    enter = QDragEnterEvent(
        where.toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        where, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(viewport, drop)
    assert [a.name for a in editor.attachments.items] == ["dog.png", "letter.pdf"]
    text = editor.body.toPlainText()
    assert "![dog.png](attachment:dog.png)" in text
    assert str(tmp_path) not in text  # no paths typed into the entry

    editor.tabs.setCurrentWidget(editor.preview)
    qtbot.waitUntil(lambda: "dog.png" in editor.attachments.images)
    document = editor.preview.document()
    image = document.resource(QTextDocument.ResourceType.ImageResource, QUrl("attachment:dog.png"))
    assert isinstance(image, QImage) and not image.isNull()


def test_a_pasted_picture_is_attached_as_png(
    qtbot: QtBot, unlocked_app: App, vault_on_disk: VaultInfo
) -> None:
    editor = _editor(qtbot, unlocked_app)
    picture = QImage(40, 30, QImage.Format.Format_RGB32)
    picture.fill(QColor("tomato"))
    QGuiApplication.clipboard().setImage(picture)
    editor.focus_body()
    qtbot.keyClick(editor.body, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(editor.attachments.items) == 1)
    (pasted,) = editor.attachments.items
    assert (pasted.name, pasted.mime) == ("pasted picture.png", "image/png")
    assert "![pasted picture.png](attachment:pasted%20picture.png)" in editor.body.toPlainText()
    QGuiApplication.clipboard().clear()


def test_the_preview_never_loads_a_picture_from_disk(
    qtbot: QtBot, unlocked_app: App, tmp_path: Path
) -> None:
    editor = _editor(qtbot, unlocked_app)
    on_disk = _photo(tmp_path / "on disk.png")
    editor.body.setPlainText(
        f"![a]({QUrl.fromLocalFile(str(on_disk)).toString()})\n\n![b]({on_disk})"
    )
    editor.tabs.setCurrentWidget(editor.preview)
    document = editor.preview.document()
    for url in (QUrl.fromLocalFile(str(on_disk)), QUrl(str(on_disk))):
        found = document.resource(QTextDocument.ResourceType.ImageResource, url)
        assert found is None or (isinstance(found, QImage) and found.isNull())


class _Opened(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_open_warns_writes_a_private_copy_and_lock_removes_it(
    qtbot: QtBot, unlocked_app: App, tmp_path: Path, shown_messages: list[str]
) -> None:
    editor = _editor(qtbot, unlocked_app)
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(b"%PDF-1.4 a letter")
    editor.attachments.attach_files([letter])
    editor.attachments.list.setCurrentRow(0)
    opened = _Opened()
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        copy = editor.attachments.open_selected()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert copy is not None and opened.urls == [QUrl.fromLocalFile(str(copy))]
    assert "will see a decrypted copy" in shown_messages[-1]
    assert copy.read_bytes() == letter.read_bytes()
    assert copy.stat().st_mode & 0o777 == 0o600
    assert opened_copies.folder().stat().st_mode & 0o777 == 0o700
    unlocked_app.lock()
    assert not copy.exists()


def test_copies_left_by_a_killed_run_are_removed_at_start(gui_app: App) -> None:
    left = opened_copies.write_copy("left.pdf", [b"%PDF"])
    gui_app.start()
    assert not left.exists()


def test_save_as_writes_a_private_copy(
    qtbot: QtBot, unlocked_app: App, tmp_path: Path, shown_messages: list[str]
) -> None:
    editor = _editor(qtbot, unlocked_app)
    photo = _photo(tmp_path / "cat.png")
    editor.attachments.attach_files([photo])
    editor.attachments.list.setCurrentRow(0)
    target = tmp_path / "saved.png"
    assert editor.attachments.save_to(target)
    assert target.read_bytes() == photo.read_bytes()
    assert os.stat(target).st_mode & 0o777 == 0o600
    assert not editor.attachments.save_to(target)
    assert "already exists" in shown_messages[-1]


def test_the_attachment_buttons_are_keyboard_reachable_and_named(
    qtbot: QtBot, unlocked_app: App, tmp_path: Path
) -> None:
    editor = _editor(qtbot, unlocked_app)
    bar = editor.attachments
    bar.attach_files([_photo(tmp_path / "a.png")])
    for widget in (
        bar.attach_button,
        bar.open_button,
        bar.save_button,
        bar.remove_button,
        bar.list,
    ):
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        assert widget.accessibleName() or widget.text()
    bar.list.setCurrentRow(0)
    bar.list.setFocus()
    qtbot.keyClick(bar.list, Qt.Key.Key_Delete)
    assert bar.items == []
