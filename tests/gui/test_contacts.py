"""The Contacts area through its widgets, on a real vault."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyrage
import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QDialog, QLabel, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.fit import SMALL_SCREEN, fit_problems
from tests.gui.helpers import open_area, unlock_through_window
from tests.helpers.vaults import VaultInfo
from therapy_journal.gui.app import App
from therapy_journal.gui.contacts.contacts_area import VIEWS, ContactsArea
from therapy_journal.gui.contacts.directory_dialog import DirectoryDialog
from therapy_journal.gui.contacts.vcard_preview import VCardPreview
from therapy_journal.services.calendar_export import consultation_ics
from therapy_journal.services.contact_model import Contact
from therapy_journal.services.directory import directory
from therapy_journal.services.milestones import MilestoneService
from therapy_journal.services.profile import Profile


def test_a_therapist_is_added_moved_through_the_search_and_followed_up(
    qtbot: QtBot, unlocked_app: App, vault_on_disk: VaultInfo
) -> None:
    window, area = open_area(unlocked_app, "contacts", ContactsArea)
    area.new_contact("therapist")
    editor = area.editor
    form = editor.form
    assert form.name.hasFocus()
    form.name.clear()
    qtbot.keyClicks(form.name, "Dr. Ana Rivera")
    form.specialties["anxiety"].setChecked(True)
    form.has_follow_up.setChecked(True)
    form.follow_up.setDate(date.today() - timedelta(days=1))
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not editor.dirty and editor.contact is not None
    assert editor.contact.name == "Dr. Ana Rivera"
    qtbot.waitUntil(window.banner.isVisible)  # the first therapist identified
    assert "first therapist" in window.banner.text.text()

    search = editor.search
    assert "Identified" in search.stage_label.text()
    search.next_button.click()
    assert "Contacted" in search.stage_label.text()
    search.next_button.click()  # consultation scheduled: a milestone
    assert "Consultation scheduled" in search.stage_label.text()
    assert search.history.count() == 3
    qtbot.waitUntil(lambda: "consultation is booked" in window.banner.text.text())
    tree = area.trees["therapists"]
    groups = {tree.topLevelItem(i).text(0): tree.topLevelItem(i).childCount() for i in range(6)}
    assert groups["Consultation scheduled (1)"] == 1

    journal = window.journal
    window.open_area("journal")
    qtbot.waitUntil(journal.due.isVisible)
    assert "follow up: Dr. Ana Rivera" in journal.due.text.text()
    journal.due.text.linkActivated.emit("0")
    assert window.stack.currentWidget() is area
    assert area.editor.contact is not None and area.editor.contact.name == "Dr. Ana Rivera"

    unlocked_app.lock()
    unlock_through_window(qtbot, unlocked_app, vault_on_disk.passphrase)
    stored = unlocked_app.session.contacts.contacts("therapist")
    assert [(c.name, c.stage, c.specialties) for c in stored] == [
        ("Dr. Ana Rivera", "consultation_scheduled", ("anxiety",))
    ]
    kinds = [m.kind for m in MilestoneService(unlocked_app.session.vault).timeline()]
    assert kinds == ["first_therapist_identified", "first_consultation_scheduled"]


def test_not_a_fit_asks_for_a_reason(qtbot: QtBot, unlocked_app: App) -> None:
    _window, area = open_area(unlocked_app, "contacts", ContactsArea)
    area.new_contact("therapist")
    search = area.editor.search
    search.stage.setCurrentIndex(search.stage.findData("not_a_fit"))
    assert search.reason.isVisibleTo(search)
    search.move_button.click()
    assert "why" in area.editor.error.text()
    qtbot.keyClicks(search.reason, "Only weekday mornings")
    search.move_button.click()
    assert area.editor.contact is not None and area.editor.contact.stage == "not_a_fit"
    assert "Only weekday mornings" in search.history.item(1).text()


def test_the_fit_says_why_and_what_to_ask(qtbot: QtBot, unlocked_app: App) -> None:
    session = unlocked_app.session
    session.profile.save(Profile(concerns=("anxiety", "trauma"), budget_per_session=100))
    session.contacts.add(Contact(kind="therapist", name="Sam", specialties=("anxiety",), fee=120))
    _window, area = open_area(unlocked_app, "contacts", ContactsArea)
    tree = area.trees["therapists"]
    tree.setCurrentItem(tree.topLevelItem(0).child(0))
    fit_text = area.editor.search.fit.text()
    assert "1 of your 2 concerns" in fit_text
    assert "20 over your budget" in fit_text
    questions = area.editor.search.questions.toPlainText()
    assert "EMDR" in questions  # trauma is a concern
    # Editing the questions keeps them with the contact.
    area.editor.search.questions.setPlainText("1. Do you have evening slots?")
    area.editor.save_now()
    assert session.contacts.contacts()[0].questions == "1. Do you have evening slots?"
    assert "evening slots" in area.editor.search.question_document().toPlainText()


def test_an_outreach_check_in_is_one_tap_and_the_trend_shows(
    qtbot: QtBot, unlocked_app: App
) -> None:
    _window, area = open_area(unlocked_app, "contacts", ContactsArea)
    area.new_contact("therapist")
    log = area.editor.log
    log.scale.button(8).click()
    log.outreach_button.click()
    assert "8.0 before" not in log.trend.text()  # only one: no "after" yet
    log.moment.setCurrentIndex(1)
    log.scale.button(4).click()
    log.outreach_button.click()
    assert "8.0 before reaching out and 4.0 after" in log.trend.text()
    assert [c.anxiety for c in unlocked_app.session.contacts.outreach()] == [8, 4]


def test_the_directory_and_the_support_network(qtbot: QtBot, unlocked_app: App) -> None:
    _window, area = open_area(unlocked_app, "contacts", ContactsArea)
    nami = next(entry for entry in directory() if "NAMI" in entry.name)
    added = area.add_from_directory(nami)
    assert added is not None and added.kind == "organization"
    assert added.website.startswith("https://")
    area.new_contact("support")
    form = area.editor.form
    form.support_role.setCurrentIndex(form.support_role.findData("family"))
    assert area.editor.save_now()
    assert area.view == "network"
    assert "peer or support groups" in area.thin.text()


def test_a_malformed_vcard_imports_nothing_and_says_why(
    qtbot: QtBot, unlocked_app: App, tmp_path: Path, shown_messages: list[str]
) -> None:
    _window, area = open_area(unlocked_app, "contacts", ContactsArea)
    good = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dr. Good\r\nN:Good;Dr.;;;\r\nEND:VCARD\r\n"
    bad = "BEGIN:VCARD\r\nVERSION:3.0\r\nTEL:555\r\nEND:VCARD\r\n"  # no name
    path = tmp_path / "cards.vcf"
    path.write_text(good + bad, encoding="utf-8")
    assert area.import_vcard_file(path) == 0
    assert unlocked_app.session.contacts.contacts() == []
    assert shown_messages == [shown_messages[0]] and "card 2" in shown_messages[0].lower()
    assert "Traceback" not in shown_messages[0]
    path.write_text(good, encoding="utf-8")
    assert area.import_vcard_file(path) == 1
    assert [c.name for c in unlocked_app.session.contacts.contacts()] == ["Dr. Good"]
    assert area.import_vcard_file(path) == 0  # the same file again adds nobody twice
    assert [c.name for c in unlocked_app.session.contacts.contacts()] == ["Dr. Good"]
    out = tmp_path / "out.vcf"
    area.export_vcard_file(out)
    assert "Dr. Good" in out.read_text(encoding="utf-8")
    assert out.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("kind", ["therapist", "referral", "organization", "support"])
def test_every_kind_of_contact_keeps_the_age_key_typed_in(
    qtbot: QtBot, unlocked_app: App, kind: str
) -> None:
    window, area = open_area(unlocked_app, "contacts", ContactsArea)
    added = area.new_contact(kind)
    assert added is not None and added.id is not None
    form = area.editor.form
    assert form.age_key.isVisibleTo(form)  # the field is there for every kind
    key = str(pyrage.x25519.Identity.generate().to_public())
    qtbot.keyClicks(form.age_key, key)
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not area.editor.dirty
    assert unlocked_app.session.contacts.get(added.id).age_recipient == key
    area.editor.show_contact(unlocked_app.session.contacts.get(added.id))
    assert form.age_key.text() == key  # shown again when the contact is opened


def _select(area: ContactsArea, name: str) -> None:
    tree = area.trees[area.view]
    for group in range(tree.topLevelItemCount()):
        parent = tree.topLevelItem(group)
        for row in range(parent.childCount()):
            if parent.child(row).text(0).startswith(name):
                tree.setCurrentItem(parent.child(row))
                return
    raise AssertionError(f"{name} is not listed")


def test_a_consultation_keeps_its_date_and_time_and_its_ics_says_where_it_went(
    qtbot: QtBot, unlocked_app: App, tmp_path: Path
) -> None:
    session = unlocked_app.session
    session.contacts.add(Contact(kind="therapist", name="Dr. Ana Rivera"))
    session.contacts.add(Contact(kind="therapist", name="Dr. Ben Osei"))
    window, area = open_area(unlocked_app, "contacts", ContactsArea)
    _select(area, "Dr. Ana Rivera")
    search = area.editor.search
    area.editor.tabs.setCurrentIndex(1)  # The search
    # Only identified: no consultation date is shown, none is invented.
    assert not search.booked.isChecked() and not search.when.isVisibleTo(search)
    assert not search.calendar_button.isEnabled()
    qtbot.mouseClick(search.booked, Qt.MouseButton.LeftButton)
    assert search.when.isVisibleTo(search) and search.calendar_button.isEnabled()
    search.when.setDateTime(QDateTime(QDate(2026, 12, 8), QTime(18, 30, 42)))
    path = area.editor.export_consultation_to(tmp_path / "consultation")
    assert path == tmp_path / "consultation.ics"
    assert str(path) in search.calendar_note.text()
    assert "consultation.ics" in window.statusBar().currentMessage()
    ics = path.read_text(encoding="utf-8")
    start = datetime(2026, 12, 8, 18, 30).astimezone().astimezone(UTC)
    assert f"DTSTART:{start:%Y%m%dT%H%M}00Z" in ics  # whole minutes, no stray seconds
    # Its UID is this vault's own: contact 1 of another vault gets another one.
    from therapy_journal.services.calendar_ids import calendar_key  # noqa: PLC0415

    uid = next(line for line in ics.splitlines() if line.startswith("UID:"))
    plain = consultation_ics(session.contacts.contacts("therapist")[0], start)
    assert uid not in plain.decode() and calendar_key(session.vault)

    _select(area, "Dr. Ben Osei")
    assert not search.booked.isChecked() and not search.when.isVisibleTo(search)
    _select(area, "Dr. Ana Rivera")
    assert search.booked.isChecked()
    assert search.when.dateTime() == QDateTime(QDate(2026, 12, 8), QTime(18, 30))
    stored = session.contacts.contacts("therapist")
    assert [c.consultation for c in stored] == [
        datetime(2026, 12, 8, 18, 30).astimezone(),
        None,
    ]
    # Unticking it forgets the date: nothing is shown again.
    qtbot.mouseClick(search.booked, Qt.MouseButton.LeftButton)
    _select(area, "Dr. Ben Osei")
    _select(area, "Dr. Ana Rivera")
    assert not search.booked.isChecked() and not search.when.isVisibleTo(search)
    assert session.contacts.contacts("therapist")[0].consultation is None


def _click(qtbot: QtBot, area: ContactsArea, name: str) -> None:
    tree = area.trees[area.view]
    for group in range(tree.topLevelItemCount()):
        parent = tree.topLevelItem(group)
        for row in range(parent.childCount()):
            item = parent.child(row)
            if item.text(0).startswith(name):
                where = tree.visualItemRect(item).center()
                qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=where)
                return
    raise AssertionError(f"{name} is not listed")


def _highlighted(area: ContactsArea) -> str | None:
    item = area.trees[area.view].currentItem()
    return None if item is None else item.text(0)


def test_the_list_highlights_the_contact_shown_in_every_view(
    qtbot: QtBot, unlocked_app: App
) -> None:
    session = unlocked_app.session
    session.contacts.add(Contact(kind="therapist", name="Dr. Ana Rivera"))
    session.contacts.add(Contact(kind="therapist", name="Dr. Ben Osei"))
    session.contacts.add(Contact(kind="referral", name="Dr. Patel (GP)"))
    window, area = open_area(unlocked_app, "contacts", ContactsArea)
    window.resize(1200, 800)
    editor = area.editor
    _click(qtbot, area, "Dr. Ana Rivera")
    # Edited, then another contact clicked: the edit is kept and the click counts.
    editor.form.notes.setPlainText("Warm voice")
    _click(qtbot, area, "Dr. Ben Osei")
    assert editor.contact is not None and editor.contact.name == "Dr. Ben Osei"
    assert _highlighted(area) == "Dr. Ben Osei"
    assert session.contacts.contacts("therapist")[0].notes == "Warm voice"

    area.views.setCurrentIndex(1)  # Everyone
    assert _highlighted(area) == "Dr. Ben Osei"  # still the one shown
    _click(qtbot, area, "Dr. Patel")
    assert editor.contact is not None and editor.contact.name == "Dr. Patel (GP)"
    area.views.setCurrentIndex(0)  # Therapists: the referral is not listed here
    assert _highlighted(area) is None
    assert editor.contact is None and editor.placeholder.isVisibleTo(editor)
    assert not area.delete_button.isEnabled()
    _click(qtbot, area, "Dr. Ana Rivera")
    assert _highlighted(area) == "Dr. Ana Rivera" and area.delete_button.isEnabled()


# What the Contacts area may need at most beside the sidebar in a 960 px window.
AREA_WIDTH_AT_960 = 780  # 960 less the 160 px sidebar and a little spare


@pytest.mark.parametrize("tab", [0, 1, 2])
def test_a_therapist_fits_a_small_window_without_sideways_scrolling(
    qtbot: QtBot, unlocked_app: App, tab: int
) -> None:
    unlocked_app.session.contacts.add(
        Contact(
            kind="therapist",
            name="Dr. Maria-Theresa Vandenberghe-Oyelaran",
            practice="Riverside Counselling and Psychotherapy Collective",
            follow_up=date(2026, 12, 8),
        )
    )
    window, area = open_area(unlocked_app, "contacts", ContactsArea)
    _select(area, "Dr. Maria")
    area.editor.tabs.setCurrentIndex(tab)
    area.editor.search.booked.setChecked(True)  # the consultation's date and time shown
    window.resize(960, 600)
    qtbot.waitUntil(lambda: area.editor.tabs.currentWidget().isVisible())
    assert area.minimumSizeHint().width() <= AREA_WIDTH_AT_960
    problems = [p for p in fit_problems(window, SMALL_SCREEN) if "the window is" not in p]
    assert problems == []
    bar = area.views.tabBar()  # every view's name in full
    assert all(bar.tabRect(i).right() < bar.width() for i in range(bar.count()))
    if tab == 0:  # every check box can be reached by scrolling down: "Sleep" too
        form = area.editor.form
        sleep = form.specialties["sleep"]
        right = sleep.mapTo(form, sleep.rect().topRight()).x()
        assert sleep.isVisibleTo(form) and right <= form.width()


def _shown_labels(root: QWidget, words: str) -> list[QLabel]:
    return [
        label
        for label in root.findChildren(QLabel)
        if label.isVisibleTo(root) and words in label.text()
    ]


def test_the_log_wraps_the_hint_shows_once_and_a_follow_up_goes_to_the_calendar(
    qtbot: QtBot, unlocked_app: App, tmp_path: Path
) -> None:
    window, area = open_area(unlocked_app, "contacts", ContactsArea)
    window.resize(960, 600)
    area.new_contact("therapist")
    editor = area.editor
    editor.tabs.setCurrentIndex(2)  # Log
    log = editor.log
    assert log.entries.count() == 1 and "Nothing logged yet" in log.entries.item(0).text()
    assert not log.entries.item(0).flags() & Qt.ItemFlag.ItemIsSelectable  # a hint
    note = "Left a message with the receptionist about evening slots and sliding fees " * 3
    qtbot.keyClicks(log.notes, note.strip())
    qtbot.mouseClick(log.log_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Left a message" in log.entries.item(0).text())
    assert log.entries.count() == 1
    entries = log.entries
    rect = entries.visualItemRect(entries.item(0))
    line = entries.fontMetrics().height()
    assert rect.height() >= 2 * line  # wrapped over lines, not cut off
    assert rect.right() <= entries.viewport().width()
    assert not entries.horizontalScrollBar().isVisible()
    # The outreach hint is said once, where the check-in is.
    assert len(_shown_labels(area, "note how anxious it felt")) == 1

    editor.tabs.setCurrentIndex(0)
    form = editor.form
    assert not form.follow_up.isVisibleTo(form)  # no date where there is none
    assert not form.follow_up_button.isVisibleTo(form)
    qtbot.mouseClick(form.has_follow_up, Qt.MouseButton.LeftButton)
    assert form.follow_up.isVisibleTo(form) and form.follow_up_button.isVisibleTo(form)
    form.follow_up.setDate(QDate(2026, 12, 9))
    path = editor.export_follow_up_to(tmp_path / "follow-up.ics")
    assert path is not None and "DTSTART;VALUE=DATE:20261209" in path.read_text()
    assert editor.contact is not None and editor.contact.follow_up == date(2026, 12, 9)
    assert "follow-up.ics" in window.statusBar().currentMessage()


def test_the_directory_is_cards_under_headings_with_buttons(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")  # the US directory
    dialog = DirectoryDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel) if label.isVisible()]
    crisis, organizations = (
        texts.index("Reach someone now"),
        texts.index("Find a therapist, or learn more"),
    )
    assert crisis < organizations  # the lines to reach someone now come first
    assert max(len(text) for text in texts) < 200  # short paragraphs, no wall of text
    assert len(dialog.cards) == len(directory())
    for card in dialog.cards:
        assert card.website.isVisible() and card.add.isVisible()
        assert card.entry.name in card.add.accessibleName()
    assert not any(
        area.horizontalScrollBar().isVisible() for area in dialog.findChildren(QScrollArea)
    )
    nami = next(card for card in dialog.cards if "NAMI" in card.entry.name)
    qtbot.mouseClick(nami.add, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted.value
    assert dialog.chosen() == nami.entry


def test_the_directory_lists_the_persons_regions_lines_and_places(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    dialog = DirectoryDialog()
    qtbot.addWidget(dialog)
    names = [card.entry.name for card in dialog.cards]
    assert "Samaritans" in names and "BACP Find a Therapist" in names
    assert not any("NAMI" in name or "988" in name for name in names)
    samaritans = next(card for card in dialog.cards if card.entry.name == "Samaritans")
    assert samaritans.entry.phone == "116 123" and samaritans.entry.kind == "crisis"


def test_no_contacts_yet_shows_one_next_step(qtbot: QtBot, unlocked_app: App) -> None:
    _window, area = open_area(unlocked_app, "contacts", ContactsArea)
    empty = area.editor.placeholder
    assert empty.isVisible()
    assert empty.title.text() == "Add the first therapist you are considering"
    assert empty.button.isVisible()
    qtbot.mouseClick(empty.button, Qt.MouseButton.LeftButton)
    contact = area.editor.contact
    assert contact is not None and contact.is_therapist
    assert area.editor.form.name.hasFocus()
    assert [c.kind for c in unlocked_app.session.contacts.contacts()] == ["therapist"]
    area.views.setCurrentIndex(2)  # the support network: the therapist is put away
    assert empty.isVisible() and not empty.button.isVisible()
    assert "Choose someone" in empty.title.text()


def test_the_calendar_library_loads_only_when_an_ics_is_made() -> None:
    # icalendar took about a third of the Contacts area's first visit.
    code = (
        "import sys; import therapy_journal.gui.contacts.contacts_area; "
        "print('icalendar' in sys.modules)"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.strip() == "False"


def test_a_consultation_scheduled_without_a_date_asks_when(qtbot: QtBot, unlocked_app: App) -> None:
    _window, area = open_area(unlocked_app, "contacts", ContactsArea)
    area.new_contact("therapist")
    area.editor.tabs.setCurrentIndex(1)
    search = area.editor.search
    assert not search.calendar_note.isVisibleTo(search)
    search.next_button.click()  # contacted
    search.next_button.click()  # consultation scheduled
    assert search.calendar_note.isVisibleTo(search)
    assert "When is it?" in search.calendar_note.text()
    assert not search.booked.isChecked()  # still no invented date


def test_an_address_book_is_previewed_with_a_kind_for_each_card(
    qtbot: QtBot, unlocked_app: App, tmp_path: Path
) -> None:
    """Importing a phone's address book does not make everyone a therapist:
    the person picks the kind, leaves people out, and nobody comes in twice."""
    session = unlocked_app.session
    session.contacts.add(Contact(kind="support", name="Sam Lee", email="sam@example.org"))
    _window, area = open_area(unlocked_app, "contacts", ContactsArea)
    cards = "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nEMAIL:{email}\r\nEND:VCARD\r\n"
        for name, email in (
            ("Sam Lee", "sam@example.org"),
            ("Dr. Ana Rivera", "ana@example.org"),
            ("Aunt May", "may@example.org"),
        )
    )
    path = tmp_path / "phone.vcf"
    path.write_text(cards, encoding="utf-8")
    preview = area.preview_vcard_file(path)
    qtbot.addWidget(preview)
    assert isinstance(preview, VCardPreview)
    assert [preview.included(row) for row in range(3)] == [False, True, True]  # Sam is there
    assert all(preview.kind_box(row).currentData() == "support" for row in range(3))
    therapist = preview.kind_box(1)
    therapist.setCurrentIndex(therapist.findData("therapist"))
    assert not session.contacts.contacts("therapist")  # nothing before Import
    preview.accept()
    names = {(c.name, c.kind) for c in session.contacts.contacts()}
    assert names == {("Sam Lee", "support"), ("Dr. Ana Rivera", "therapist"),
                     ("Aunt May", "support")}  # fmt: skip


def test_the_network_speaks_to_a_person_in_therapy_or_to_a_professional(
    qtbot: QtBot, unlocked_app: App
) -> None:
    from therapy_journal.gui.settings import AppSettings  # noqa: PLC0415

    session = unlocked_app.session
    session.contacts.add(Contact(kind="support", name="Jo", support_role="family"))
    _window, area = open_area(unlocked_app, "contacts", ContactsArea)
    area.views.setCurrentIndex(VIEWS.index("network"))
    area.refresh()
    assert "supervision" not in area.thin.text().lower()
    box = area.editor.form.support_role
    assert "supervision" not in [box.itemData(i) for i in range(box.count())]
    AppSettings(professional=True).save()  # as Settings does
    area.refresh()
    assert "supervision" in area.thin.text().lower()


def test_a_first_visit_builds_the_details_only_and_the_other_pages_fill_when_shown(
    qtbot: QtBot, unlocked_app: App
) -> None:
    """The search and the log are built when first shown (a first visit of the
    area needs only the details), and then show the contact chosen before."""
    _window, area = open_area(unlocked_app, "contacts", ContactsArea)
    editor = area.editor
    area.new_contact("therapist")
    editor.form.name.setText("Dr. Lane")
    assert editor.save_now()
    assert editor._search is None and editor._log is None
    editor.tabs.setCurrentIndex(1)  # The search
    search = editor._search
    assert search is not None and search.isVisibleTo(editor)
    assert search.stage_label.text() == "Identified" and "fit" in search.fit.text()  # filled
    assert "Dr. Lane" in editor.heading.text() and not editor.dirty
    editor.tabs.setCurrentIndex(2)  # Log
    assert editor._log is not None and editor._log.isVisibleTo(editor)
    assert "Nothing logged yet" in editor._log.entries.item(0).text()
