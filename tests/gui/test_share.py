"""The Share area: the wizard's preview is exactly what ends up in the bundle."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pyrage
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from tests.gui.helpers import open_area
from therapy_journal.gui.app import App
from therapy_journal.gui.contrast import contrast
from therapy_journal.gui.share.share_area import ShareArea
from therapy_journal.gui.theme import apply_theme
from therapy_journal.services.contact_model import Contact
from therapy_journal.services.journal import make_entry
from therapy_journal.services.sharing.received import open_bundle
from therapy_journal.services.sharing.service import ShareService
from therapy_journal.services.sharing.share_log import ShareRecord, record_share
from therapy_journal.store.models import NewEntry

NOW = datetime.now().astimezone().replace(microsecond=0)


@pytest.fixture
def seed_entries() -> list[NewEntry]:
    therapy = ["therapy"]
    return [
        make_entry(
            title="First call",
            body="It went <script>alert(1)</script> ok",
            tags=therapy,
            created=NOW - timedelta(days=3),
        ),
        make_entry(title="Waiting", body="No reply", tags=therapy, created=NOW - timedelta(days=2)),
        make_entry(title="Private", body="Only me", tags=["home"], created=NOW - timedelta(days=1)),
    ]


def test_the_preview_lists_exactly_what_ends_up_in_the_bundle(
    qtbot: QtBot, unlocked_app: App, tmp_path: Path
) -> None:
    unlocked_app.session.goals.create("Contact three therapists", steps=["Call Dr. Rivera"])
    _window, area = open_area(unlocked_app, "share", ShareArea)
    wizard = area.wizard
    wizard.what.by_tag.setChecked(True)
    qtbot.waitUntil(lambda: wizard.what.tag.findData("therapy") >= 0)  # read off the UI thread
    wizard.what.tag.setCurrentIndex(wizard.what.tag.findData("therapy"))
    wizard.what.include["goals"].setChecked(True)
    wizard.next_button.click()  # to "who"
    passphrase = wizard.who.passphrase.text()
    assert len(passphrase.split("-")) == 7
    wizard.who.as_age.click()  # an age file; the page has its own test below
    wizard.next_button.click()  # builds the preview off the UI thread
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 2, timeout=20_000)
    shown = [wizard.files.item(row).text().split("  (")[0] for row in range(wizard.files.count())]
    assert "goals.md" in shown and "report.html" in shown and "report.pdf" in shown
    assert sum(name.startswith("entries/") for name in shown) == 2
    preview = wizard.preview.toPlainText()
    assert "First call" in preview and "Private" not in preview
    assert "<script>" in preview  # shown as the text it is, not run

    previewed = wizard.contents
    assert previewed is not None
    target = tmp_path / "bundle.age"
    wizard.save_to(target)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 3, timeout=30_000)
    assert passphrase in wizard.saved.text.text()
    opened = open_bundle(target, passphrase=passphrase)
    assert sorted(opened.files) == sorted(shown)
    assert all(opened.files[name] == previewed.file(name) for name in shown)  # byte for byte
    assert [e.title for e in opened.entries] == ["First call", "Waiting"]
    assert target.stat().st_mode & 0o777 == 0o600

    area.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: area.log.topLevelItemCount() == 1)
    assert area.log.topLevelItem(0).text(1) == "a passphrase"
    assert "2 entries" in area.log.topLevelItem(0).text(3)


def test_a_bundle_to_a_therapists_key_and_receiving_one(
    qtbot: QtBot, unlocked_app: App, tmp_path: Path
) -> None:
    identity = pyrage.x25519.Identity.generate()
    unlocked_app.session.contacts.add(
        Contact(kind="therapist", name="Dr. Rivera", age_recipient=str(identity.to_public()))
    )
    _window, area = open_area(unlocked_app, "share", ShareArea)
    wizard = area.wizard
    wizard.what.everything.setChecked(True)
    wizard.next_button.click()
    wizard.who.to_contact.setChecked(True)
    assert wizard.who.as_age.isChecked()  # the default for a key
    qtbot.waitUntil(lambda: wizard.who.contact.currentText() == "Dr. Rivera")
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 2, timeout=20_000)
    target = tmp_path / "to-rivera.age"
    wizard.save_to(target)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 3, timeout=30_000)
    opened = open_bundle(target, identities=[str(identity)])
    assert len(opened.entries) == 3

    receive = area.receive
    receive.create_key()
    assert receive.key.text().startswith("age1")
    # A bundle sent to this vault's receiving key opens read-only and imports once.
    wizard.reset()
    wizard.what.everything.setChecked(True)
    wizard.next_button.click()
    wizard.who.to_key.setChecked(True)
    wizard.who.key.setText(receive.key.text())
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 2, timeout=20_000)
    mine = tmp_path / "to-me.age"
    wizard.save_to(mine)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 3, timeout=30_000)
    with qtbot.waitSignal(receive.rendered, timeout=30_000):  # opened off the UI thread
        receive.open_path(mine)
    assert receive.contents.count() == 3
    assert "First call" in receive.view.toPlainText()
    with qtbot.waitSignal(receive.imported, timeout=30_000):
        receive.import_button.click()
    assert "3 were already in your journal" in receive.message.text()


def test_a_bad_key_is_refused_before_any_work(qtbot: QtBot, unlocked_app: App) -> None:
    _window, area = open_area(unlocked_app, "share", ShareArea)
    wizard = area.wizard
    wizard.next_button.click()
    wizard.who.to_key.setChecked(True)
    wizard.who.key.setText("age1notakey")
    wizard.next_button.click()
    assert wizard.pages.currentIndex() == 1
    assert "age public key" in wizard.error.text()


def test_entries_picked_by_hand_stay_picked_while_searching(
    qtbot: QtBot, unlocked_app: App
) -> None:
    _window, area = open_area(unlocked_app, "share", ShareArea)
    what = area.wizard.what
    qtbot.waitUntil(lambda: what.picks.count() == 3)  # read off the UI thread
    what.by_hand.setChecked(True)
    first = next(r for r in range(3) if what.picks.item(r).text().endswith("First call"))
    what.picks.item(first).setCheckState(Qt.CheckState.Checked)
    what.search_box.setText("Private")
    qtbot.waitUntil(lambda: what.picks.count() == 1)  # the search hides "First call"
    what.picks.item(0).setCheckState(Qt.CheckState.Checked)
    what.search_box.clear()
    qtbot.waitUntil(lambda: what.picks.count() == 3)
    ticked = [
        what.picks.item(r).text().split("  ", 1)[1]
        for r in range(3)
        if what.picks.item(r).checkState() == Qt.CheckState.Checked
    ]
    assert sorted(ticked) == ["First call", "Private"]
    assert [e.title for e in unlocked_app.session.journal.get_many(what.selection().entry_ids)] == [
        "First call",
        "Private",
    ]


def test_a_passphrase_share_is_a_page_any_browser_opens_by_default(
    qtbot: QtBot, unlocked_app: App, tmp_path: Path
) -> None:
    _window, area = open_area(unlocked_app, "share", ShareArea)
    wizard = area.wizard
    wizard.what.everything.setChecked(True)
    wizard.next_button.click()
    who = wizard.who
    assert who.to_passphrase.isChecked() and who.as_page.isChecked()
    assert who.as_page.text() == "A page any browser opens (.html)"
    who.to_key.setChecked(True)
    assert who.as_age.isChecked()  # a key's default
    who.to_passphrase.setChecked(True)
    assert who.as_page.isChecked()
    assert not who.own_passphrase.isVisibleTo(wizard)
    who.passphrase.setText("my own words")
    assert who.own_passphrase.isVisibleTo(wizard)  # the lighter work, explained
    assert "seven words" in who.own_passphrase.text()
    who.new_passphrase()
    assert not who.own_passphrase.isVisibleTo(wizard)
    passphrase = who.passphrase.text()

    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 2, timeout=20_000)
    target = tmp_path / "for-my-doctor.html"
    wizard.save_to(target)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 3, timeout=30_000)
    assert target.read_bytes().startswith(b"<!DOCTYPE html>")
    assert "double click, in any browser" in wizard.saved.text.text()
    assert passphrase in wizard.saved.text.text()
    opened = open_bundle(target, passphrase=passphrase)
    assert [e.title for e in opened.entries] == ["First call", "Waiting", "Private"]
    receive = area.receive  # and the app's Receive tab opens the page too
    with qtbot.waitSignal(receive.rendered, timeout=30_000):
        receive.open_path(target, passphrase)
    assert receive.contents.count() == 3


def test_the_persons_choice_of_form_stays_until_the_next_share(
    qtbot: QtBot, unlocked_app: App
) -> None:
    _window, area = open_area(unlocked_app, "share", ShareArea)
    who = area.wizard.who
    who.as_age.click()  # the person picks an age file for a passphrase
    who.to_key.setChecked(True)
    who.to_passphrase.setChecked(True)
    assert who.as_age.isChecked() and who.bundle_form() == "age"
    area.wizard.reset()
    assert who.as_page.isChecked() and who.bundle_form() == "html"


def _items(box: QComboBox) -> list[tuple[str, bool]]:
    """(text, can be chosen) of each item of a combo box."""
    model = box.model()
    return [
        (box.itemText(row), bool(model.flags(model.index(row, 0)) & Qt.ItemFlag.ItemIsEnabled))
        for row in range(box.count())
    ]


def _add(app: App, kind: str, name: str, key: str = "") -> Contact:
    contact, _ = app.session.contacts.add(Contact(kind=kind, name=name, age_recipient=key))
    return contact


def test_the_wizard_lists_every_contact_with_a_key_grouped_by_kind(
    qtbot: QtBot, unlocked_app: App, tmp_path: Path
) -> None:
    kim = pyrage.x25519.Identity.generate()
    _add(
        unlocked_app, "therapist", "Dr. Rivera", str(pyrage.x25519.Identity.generate().to_public())
    )
    _add(unlocked_app, "therapist", "Sam Lee")
    _add(unlocked_app, "referral", "Dr. Kim", str(kim.to_public()))
    _add(unlocked_app, "organization", "NAMI")
    _add(unlocked_app, "support", "Jo", str(pyrage.x25519.Identity.generate().to_public()))
    _window, area = open_area(unlocked_app, "share", ShareArea)
    wizard = area.wizard
    wizard.what.everything.setChecked(True)
    wizard.next_button.click()
    who = wizard.who
    qtbot.waitUntil(lambda: who.contact.count() > 1)  # read off the UI thread
    assert _items(who.contact) == [
        ("Therapists", False),
        ("Dr. Rivera", True),
        ("Referral sources", False),
        ("Dr. Kim", True),
        ("Support network", False),
        ("Jo", True),
    ]
    assert who.contact.currentText() == "Dr. Rivera"  # a heading is never the choice
    assert [text for text, _ in _items(who.for_person)] == [
        "No one in my contacts",
        *("Therapists", "Dr. Rivera", "Sam Lee", "Referral sources", "Dr. Kim"),
        *("Organizations", "NAMI", "Support network", "Jo"),
    ]

    who.to_contact.setChecked(True)
    assert not who.for_person.isEnabled()  # a contact's key says who it is for
    who.contact.setCurrentIndex(who.contact.findText("Dr. Kim"))
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 2, timeout=20_000)
    target = tmp_path / "for-kim.age"
    wizard.save_to(target)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 3, timeout=30_000)
    assert len(open_bundle(target, identities=[str(kim)]).entries) == 3
    area.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: area.log.topLevelItemCount() == 1)
    row = area.log.topLevelItem(0)
    assert (row.text(1), row.text(2)) == ("Dr. Kim", "Their key, age file")


def test_a_passphrase_share_names_the_person_it_is_for(
    qtbot: QtBot, unlocked_app: App, tmp_path: Path
) -> None:
    jo = _add(unlocked_app, "support", "Jo")
    _window, area = open_area(unlocked_app, "share", ShareArea)
    wizard = area.wizard
    wizard.what.everything.setChecked(True)
    wizard.next_button.click()
    who = wizard.who
    assert who.to_passphrase.isChecked() and who.for_person.isEnabled()
    qtbot.waitUntil(lambda: who.for_person.findData(jo.id) >= 0)
    who.for_person.setCurrentIndex(who.for_person.findData(jo.id))
    passphrase = who.passphrase.text()
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 2, timeout=20_000)
    # The preview says whom it is for.
    assert wizard.preview_heading.text() == "This is exactly what Jo will be able to read:"
    target = tmp_path / "for-jo.html"
    wizard.save_to(target)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 3, timeout=30_000)
    assert len(open_bundle(target, passphrase=passphrase).entries) == 3
    (record,) = unlocked_app.session.shares.history()
    assert (record.recipient, record.contact_id, record.method) == ("Jo", jo.id, "passphrase")
    area.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: area.log.topLevelItemCount() == 1)
    row = area.log.topLevelItem(0)
    assert (row.text(1), row.text(2)) == ("Jo", "Passphrase, page")
    # When and What are not cut: the date takes the width it needs, and what
    # does not fit ends in an ellipsis with the whole text as a tooltip.
    QApplication.processEvents()
    width = area.log.fontMetrics().horizontalAdvance
    assert area.log.header().sectionSize(0) >= width(row.text(0))
    assert area.log.header().sectionSize(2) >= width(row.text(2))
    assert row.toolTip(3) == row.text(3) and row.toolTip(0) == row.text(0)
    wizard.reset()
    assert who.for_person.contact() is None  # the next share starts with no one


def test_a_bundle_is_not_saved_inside_the_vault_folder(qtbot: QtBot, unlocked_app: App) -> None:
    _window, area = open_area(unlocked_app, "share", ShareArea)
    wizard = area.wizard
    wizard.what.everything.setChecked(True)
    wizard.next_button.click()
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 2, timeout=20_000)
    inside = unlocked_app.session.vault.folder / "bundle.html"
    wizard.save_to(inside)
    assert "inside the vault folder" in wizard.error.text()
    assert wizard.pages.currentIndex() == 2 and not inside.exists()


@pytest.mark.skipif(shutil.which("age") is None, reason="needs the reference age tool")
@pytest.mark.parametrize("by_key", [True, False])
def test_the_saved_page_gives_the_age_command_that_opens_this_very_file(
    qtbot: QtBot, unlocked_app: App, tmp_path: Path, by_key: bool
) -> None:
    """The command names the saved file (and their key file for a key bundle),
    sits at the top of the page, and the reference age tool runs it as shown."""
    identity = pyrage.x25519.Identity.generate()
    _window, area = open_area(unlocked_app, "share", ShareArea)
    wizard = area.wizard
    wizard.what.everything.setChecked(True)
    wizard.next_button.click()
    if by_key:
        wizard.who.to_key.setChecked(True)
        wizard.who.key.setText(str(identity.to_public()))
        assert wizard.who.for_whom().startswith("whoever holds the key age1")
    else:
        wizard.who.as_age.click()
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 2, timeout=20_000)
    target = tmp_path / "for Dr Rivera.age"
    wizard.save_to(target)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 3, timeout=30_000)
    saved = wizard.saved
    command = saved.command.text()
    if by_key:
        assert command == "age -d -i key.txt 'for Dr Rivera.age' > bundle.zip"
        assert "key.txt" in saved.command_hint.text()
    else:
        assert command == "age -d 'for Dr Rivera.age' > bundle.zip"
    assert saved.command.isVisibleTo(wizard) and saved.command.isReadOnly()
    # Nothing stretched above or between: the words start at the top of the page.
    QApplication.processEvents()
    assert saved.text.y() == 0
    assert saved.text.height() <= saved.text.heightForWidth(saved.text.width()) + 2

    if not by_key:  # age reads a passphrase from a terminal only: the shape is the test
        return
    (tmp_path / "key.txt").write_text(str(identity) + "\n")
    subprocess.run(command, shell=True, cwd=tmp_path, check=True, timeout=60)  # noqa: S602 (the shown line)
    with zipfile.ZipFile(tmp_path / "bundle.zip") as bundle:
        assert "report.html" in bundle.namelist()


def test_step_one_shows_what_will_be_sent_as_the_choice_changes(
    qtbot: QtBot, unlocked_app: App
) -> None:
    _window, area = open_area(unlocked_app, "share", ShareArea)
    what = area.wizard.what

    def sent() -> list[str]:
        return [what.sent.item(row).text() for row in range(what.sent.count())]

    day = (NOW - timedelta(days=3)).strftime("%Y-%m-%d")
    # The last month, as the page opens: every entry, newest first.
    qtbot.waitUntil(lambda: what.sent_count.text() == "3 entries")
    assert [line.split("  ", 1)[1] for line in sent()] == ["Private", "Waiting", "First call"]
    assert f"{day}  First call" in sent()
    what.by_tag.setChecked(True)
    qtbot.waitUntil(lambda: what.tag.findData("therapy") >= 0)
    what.tag.setCurrentIndex(what.tag.findData("therapy"))
    qtbot.waitUntil(lambda: what.sent_count.text() == "2 entries")
    assert "Private" not in " ".join(sent())
    what.include["goals"].setChecked(True)  # there are no goals yet: said, left out
    qtbot.waitUntil(
        lambda: what.sent_count.text() == "2 entries (My goals: nothing there yet, left out)"
    )
    what.include["goals"].setChecked(False)
    unlocked_app.session.goals.create("Call three therapists")
    what.include["goals"].setChecked(True)
    qtbot.waitUntil(lambda: what.sent_count.text() == "2 entries and My goals")
    what.include["goals"].setChecked(False)
    what.by_hand.setChecked(True)
    qtbot.waitUntil(lambda: what.sent_count.text() == "No entries")
    assert sent() == []
    qtbot.waitUntil(lambda: what.picks.count() == 3)
    what.picks.item(0).setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: what.sent_count.text() == "1 entry")
    assert [line.split("  ", 1)[1] for line in sent()] == [
        what.picks.item(0).text().split("  ", 1)[1]
    ]


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_group_headings_of_the_person_list_are_readable_in_both_themes(
    qtbot: QtBot, unlocked_app: App, qapp: QApplication, theme: str
) -> None:
    """WCAG AA 4.5:1 for the text of a heading ("Therapists") in the open list,
    measured on the pixels drawn."""
    _add(
        unlocked_app, "therapist", "Dr. Rivera", str(pyrage.x25519.Identity.generate().to_public())
    )
    apply_theme(qapp, theme)
    try:
        _window, area = open_area(unlocked_app, "share", ShareArea)
        wizard = area.wizard
        wizard.next_button.click()
        box = wizard.who.contact
        qtbot.waitUntil(lambda: box.findText("Therapists") >= 0)
        box.showPopup()
        view = box.view()
        qtbot.waitUntil(view.isVisible)
        picture = view.viewport().grab().toImage()
        rect = view.visualRect(box.model().index(box.findText("Therapists"), 0))
        background = picture.pixelColor(rect.right() - 2, rect.center().y()).name()
        strongest = max(
            contrast(picture.pixelColor(x, y).name(), background)
            for x in range(rect.left(), rect.right())
            for y in range(rect.top(), rect.bottom())
        )
        box.hidePopup()
        assert strongest >= 4.5
    finally:
        apply_theme(qapp, "light")


def test_nothing_shared_yet_says_so_with_one_next_step(qtbot: QtBot, unlocked_app: App) -> None:
    _window, area = open_area(unlocked_app, "share", ShareArea)
    area.tabs.setCurrentIndex(1)
    # What was shared before is read off the UI thread.
    qtbot.waitUntil(lambda: area.nothing_shared.isVisible() and not area.log.isVisible())
    assert "Nothing shared yet" in area.nothing_shared.text()
    qtbot.mouseClick(area.share_first, Qt.MouseButton.LeftButton)
    assert area.tabs.currentWidget() is area.wizard


def test_a_long_reports_preview_shows_its_first_part_and_says_so(
    qtbot: QtBot, unlocked_app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A preview of every entry of a long journal would hold the whole report
    in one document (a gigabyte at 9,000 entries): it shows the first part."""
    from therapy_journal.render import pdf  # noqa: PLC0415

    start = NOW - timedelta(days=40)
    unlocked_app.session.journal.import_entries(
        make_entry(title=f"Entry {n}", body="Some words. " * 40, created=start + timedelta(days=n))
        for n in range(30)
    )
    monkeypatch.setattr(pdf, "PART_CHARS", 9_000)
    _window, area = open_area(unlocked_app, "share", ShareArea)
    wizard = area.wizard
    wizard.what.everything.setChecked(True)
    wizard.next_button.click()
    wizard.who.as_age.click()
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 2, timeout=30_000)
    text = wizard.preview.document().toPlainText()
    shown = len(re.findall(r"^Entry \d+$", text, re.MULTILINE))
    heading = wizard.preview_heading.text()
    assert wizard.contents is not None
    total = wizard.contents.file("report.html").decode().count("<article>")
    assert total >= 30 and 0 < shown < total
    assert (
        f"The preview shows the first {shown} of {total} entries; the bundle holds all." in heading
    )


def test_the_share_history_is_read_off_the_ui_thread_and_a_read_ending_after_a_clear_is_dropped(
    qtbot: QtBot, unlocked_app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The history is read on a worker (read on the UI thread, it waited there
    behind the step-1 counts); a read that ends after the area was cleared (as
    locking clears it, and the vault may be open again by then) is dropped."""
    session = unlocked_app.session
    record_share(
        session.vault,
        at=datetime(2026, 11, 30, 9, 0),
        recipient="Dr. Rivera",
        method="key",
        items={"entries": 3},
        fingerprint="ab" * 32,
        file_name="to-rivera.age",
    )
    readers: list[threading.Thread] = []
    release = threading.Event()
    real_history = ShareService.history

    def history(shares: ShareService) -> list[ShareRecord]:
        readers.append(threading.current_thread())
        release.wait(10)
        return real_history(shares)

    monkeypatch.setattr(ShareService, "history", history)
    _window, area = open_area(unlocked_app, "share", ShareArea)
    qtbot.waitUntil(lambda: bool(readers))
    assert readers[0] is not threading.main_thread()
    assert area.log.topLevelItemCount() == 0  # not read yet
    release.set()
    qtbot.waitUntil(lambda: area.log.topLevelItemCount() == 1)
    assert area.log.topLevelItem(0).text(1) == "Dr. Rivera"

    release.clear()
    area.fill_log()
    qtbot.waitUntil(lambda: len(readers) == 2)
    area.clear()  # what locking does to the area
    release.set()
    qtbot.waitUntil(lambda: not unlocked_app.tasks.busy)
    assert area.log.topLevelItemCount() == 0
