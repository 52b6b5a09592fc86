"""The Receive tab: a received bundle is hostile input, and may crash nothing and
freeze nothing. Its entries are shown from their Markdown through the app's own
renderer, off the UI thread and a part at a time; the sender's report is only
ever saved, never rendered."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextEdit
from pytestqt.qtbot import QtBot

from tests.gui.helpers import open_area
from tests.helpers.bundles import (
    DEEP_LIST,
    DEEP_QUOTES,
    NESTED_TABLES_300,
    NESTED_TABLES_5000,
    TEN_MB_BODY,
    entry_file,
    lone_surrogate_manifest,
    received_bundle,
)
from tests.helpers.vaults import make_vault
from therapy_journal.gui.app import App
from therapy_journal.gui.share import receive_panel
from therapy_journal.gui.share.receive_panel import SHOWN_STEP, ReceivePanel
from therapy_journal.gui.share.share_area import ShareArea
from therapy_journal.services.attachments import AttachmentService
from therapy_journal.services.journal import JournalService, date_filter, make_entry
from therapy_journal.services.sharing.selection import Selection
from therapy_journal.services.sharing.service import ShareService


@pytest.fixture
def receive(unlocked_app: App) -> ReceivePanel:
    """The Receive tab of the unlocked app, with a receiving key made."""
    _window, area = open_area(unlocked_app, "share", ShareArea)
    area.tabs.setCurrentWidget(area.receive)
    area.receive.create_key()
    return area.receive


def opened(qtbot: QtBot, receive: ReceivePanel, bundle: bytes, tmp_path: Path) -> None:
    """Open ``bundle`` in the panel with the vault's key; wait until its first file is shown."""
    path = tmp_path / "received.age"
    path.write_bytes(bundle)
    with qtbot.waitSignal(receive.rendered, timeout=60_000):
        receive.open_path(path)


@pytest.fixture
def rich_text_given(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text handed to Qt's rich-text engine (HTML or Markdown) during the test."""
    given: list[str] = []
    for kind in (QTextDocument, QTextEdit):
        for name in ("setHtml", "setMarkdown"):
            original = getattr(kind, name)

            def record(widget: Any, text: str, *rest: Any, _original: Any = original) -> None:
                given.append(text)
                _original(widget, text, *rest)

            monkeypatch.setattr(kind, name, record)
    return given


@pytest.mark.parametrize(
    "report", [NESTED_TABLES_5000, NESTED_TABLES_300], ids=["5,000 tables", "300 tables"]
)
def test_a_report_of_nested_tables_is_never_rendered_and_the_entries_are_shown(
    qtbot: QtBot,
    receive: ReceivePanel,
    tmp_path: Path,
    report: bytes,
    rich_text_given: list[str],
) -> None:
    public = receive.key.text()
    bundle = received_bundle(
        public, entries=[entry_file(title="First call", body="*It went* ok")], report=report
    )
    opened(qtbot, receive, bundle, tmp_path)
    assert receive.contents.count() == 1
    shown = receive.view.toPlainText()
    assert "First call" in shown and "It went ok" in shown
    assert rich_text_given, "the entry was shown through Qt's rich text"
    assert not any("table" in text for text in rich_text_given)
    assert receive.message.textFormat() == Qt.TextFormat.PlainText
    # The report is there to save, as it is.
    assert receive.report_button.isEnabled()
    saved = tmp_path / "their-report.html"
    assert receive.save_file("report.html", saved)
    assert saved.read_bytes() == report
    assert saved.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("body", [DEEP_QUOTES, DEEP_LIST], ids=["5,000 quotes", "5,000 lists"])
def test_deeply_nested_markdown_is_shown_at_a_bounded_depth(
    qtbot: QtBot, receive: ReceivePanel, tmp_path: Path, body: str
) -> None:
    opened(
        qtbot,
        receive,
        received_bundle(receive.key.text(), entries=[entry_file(body=body)]),
        tmp_path,
    )
    shown = receive.view.toPlainText()
    assert "level 5000" in shown or "deepest item" in shown
    assert "level 200" in shown or "item 149" in shown  # deep text is kept, drawn shallower
    assert receive.view.document().blockCount() < 300


def test_a_10_mb_entry_is_shown_in_part_with_show_more_and_save(
    qtbot: QtBot, receive: ReceivePanel, tmp_path: Path
) -> None:
    bundle = received_bundle(receive.key.text(), entries=[entry_file(body=TEN_MB_BODY)])
    opened(qtbot, receive, bundle, tmp_path)
    first = len(receive.view.toPlainText())
    assert first < 2 * SHOWN_STEP
    assert "Shown: the first" in receive.part.text() and "10,2" in receive.part.text()
    assert receive.more_button.isEnabled()
    with qtbot.waitSignal(receive.rendered, timeout=30_000):
        receive.more_button.click()
    assert len(receive.view.toPlainText()) > first
    saved = tmp_path / "entry.md"
    assert receive.save_file("entries/0001-x.md", saved)
    assert saved.read_bytes().endswith(TEN_MB_BODY.encode())


def test_the_window_stays_responsive_while_an_entry_is_prepared(
    qtbot: QtBot, receive: ReceivePanel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rendering waits, off the UI thread, for a timer that only a free event loop
    can fire: on the UI thread it would wait forever (and fail here)."""
    ticked = threading.Event()
    real_render = receive_panel.render

    def render_after_a_tick(*args: Any, **kwargs: Any) -> Any:
        assert threading.current_thread() is not threading.main_thread()
        assert ticked.wait(timeout=20), "the event loop did not run while rendering"
        return real_render(*args, **kwargs)

    monkeypatch.setattr(receive_panel, "render", render_after_a_tick)
    QTimer.singleShot(50, ticked.set)
    bundle = received_bundle(receive.key.text(), entries=[entry_file(body=DEEP_QUOTES)])
    opened(qtbot, receive, bundle, tmp_path)
    assert ticked.is_set() and "level 1" in receive.view.toPlainText()


def test_lone_surrogates_in_an_entry_and_the_manifest_are_shown_and_imported(
    qtbot: QtBot, receive: ReceivePanel, unlocked_app: App, tmp_path: Path
) -> None:
    public = receive.key.text()
    bundle = received_bundle(
        public,
        entries=[entry_file(raw_title=b'"Half \\ud800 a pair"', raw_tags=b'["ok", "\\udfff"]')],
    )
    opened(qtbot, receive, bundle, tmp_path)
    assert "Half \ufffd a pair" in receive.view.toPlainText()
    with qtbot.waitSignal(receive.imported, timeout=20_000):
        receive.import_button.click()
    (entry,) = unlocked_app.session.journal.get_many(
        list(unlocked_app.session.journal.ids(date_filter()))
    )
    assert entry.title == "Half \ufffd a pair" and set(entry.tags) == {"ok", "\ufffd"}

    with qtbot.waitSignal(receive.opened_bundle, timeout=20_000):
        path = tmp_path / "manifest.age"
        path.write_bytes(lone_surrogate_manifest(public))
        receive.open_path(path)
    assert "Opened: 1 entry." in receive.message.text()


def test_a_damaged_bundle_is_one_plain_sentence(
    qtbot: QtBot, receive: ReceivePanel, tmp_path: Path
) -> None:
    path = tmp_path / "damaged.age"
    path.write_bytes(b"age-encryption.org/v1\n" + b"-> X25519 a\nAAAA\n" * 2000)
    receive.open_path(path)
    qtbot.waitUntil(lambda: not receive.busy)
    assert receive.message.text().endswith(".") and "\n" not in receive.message.text()
    assert "header" in receive.message.text()
    assert receive.opened is None


def test_locking_forgets_the_bundle_and_a_late_result_is_dropped(
    qtbot: QtBot, receive: ReceivePanel, unlocked_app: App, tmp_path: Path
) -> None:
    opened(qtbot, receive, received_bundle(receive.key.text()), tmp_path)
    show: Callable[..., None] = receive._show
    generation = receive._generation
    unlocked_app.lock()
    assert receive.opened is None and receive.view.toPlainText() == ""
    assert receive.contents.count() == 0
    show(generation, "<h2>late</h2>", receive_panel.render("late"))
    assert receive.view.toPlainText() == ""


def test_nothing_opened_yet_says_what_the_tab_is_for(
    qtbot: QtBot, receive: ReceivePanel, unlocked_app: App, tmp_path: Path
) -> None:
    assert receive.nothing_opened.isVisible() and not receive.view.isVisible()
    assert "Open a bundle" in receive.nothing_opened.text()
    opened(qtbot, receive, received_bundle(receive.key.text()), tmp_path)
    assert receive.view.isVisible() and not receive.nothing_opened.isVisible()
    unlocked_app.lock()
    assert receive.shown_part.currentIndex() == 0  # back to saying nothing is opened


def test_a_bundles_attachments_are_named_and_imported_with_their_entry(
    qtbot: QtBot, receive: ReceivePanel, unlocked_app: App, tmp_path: Path
) -> None:
    sender = make_vault(tmp_path / "sender")
    journal = JournalService(sender.vault)
    entry_id = journal.add(
        make_entry(title="Beach", body="Calm.", created=datetime(2026, 3, 1, 9).astimezone())
    )
    AttachmentService(sender.vault).add_bytes(entry_id, "beach.jpg", b"\xff\xd8\xffphoto")
    path = tmp_path / "from-a-friend.age"
    ShareService(sender.vault).export(
        Selection(all_entries=True), path, recipients=[receive.key.text()]
    )
    sender.vault.lock()
    with qtbot.waitSignal(receive.rendered, timeout=60_000):
        receive.open_path(path)
    assert receive.contents.item(0).text().endswith("Beach  (1 attachment)")
    with qtbot.waitSignal(receive.imported, timeout=20_000):
        receive.import_button.click()
    assert "1 attached file came with them." in receive.message.text()
    session = unlocked_app.session
    assert session is not None
    (new,) = session.journal.ids(date_filter())
    assert [a.name for a in AttachmentService(session.vault).of_entry(new)] == ["beach.jpg"]
