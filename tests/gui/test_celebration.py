"""The milestone banner: it floats, so nothing moves when it comes and goes; it
waits for a therapist's name, and it never shows beside crisis help or a
worrying check-in result."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.helpers import open_area
from therapy_journal.gui.app import App
from therapy_journal.gui.checkins.checkins_area import CheckinsArea
from therapy_journal.gui.contacts.contacts_area import ContactsArea
from therapy_journal.gui.main_window import MainWindow
from therapy_journal.services.milestones import MilestoneService


def place_of(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def shown_window(app: App) -> MainWindow:
    window = app.main_window
    assert window is not None
    return window


def test_the_banner_moves_no_widget_when_it_shows_and_hides(
    qtbot: QtBot, unlocked_app: App
) -> None:
    window = shown_window(unlocked_app)
    journal = window.journal
    watched = [journal.view, journal.search, journal.editor.title, journal.editor.body]
    QApplication.processEvents()
    before = [place_of(widget, window) for widget in watched]

    unlocked_app.session.milestones.record("streak_7")
    window.celebrate()
    qtbot.waitUntil(window.banner.isVisible)
    QApplication.processEvents()
    assert [place_of(widget, window) for widget in watched] == before
    banner = place_of(window.banner, window)
    assert QRect(QPoint(0, 0), window.size()).contains(banner)
    assert banner.left() >= window.stack.mapTo(window, QPoint(0, 0)).x()  # beside the sidebar

    window.banner.dismiss_button.click()
    QApplication.processEvents()
    assert [place_of(widget, window) for widget in watched] == before


def test_a_new_therapist_is_celebrated_once_saved_with_a_name(
    qtbot: QtBot, unlocked_app: App
) -> None:
    window, area = open_area(unlocked_app, "contacts", ContactsArea)
    area.new_contact("therapist")  # stored as "New therapist" until named
    qtbot.waitUntil(lambda: not unlocked_app.session.tasks.busy)
    qtbot.wait(10)
    assert not window.banner.isVisible()

    form = area.editor.form
    form.name.clear()
    qtbot.keyClicks(form.name, "Dr. Ana Rivera")
    assert area.editor.save_now()
    qtbot.waitUntil(window.banner.isVisible)
    assert "first therapist" in window.banner.text.text()


def test_no_celebration_beside_crisis_help_until_it_is_gone(
    qtbot: QtBot, unlocked_app: App
) -> None:
    window, area = open_area(unlocked_app, "checkins", CheckinsArea)
    form = area.take("phq9")
    for item, value in enumerate([1, 1, 1, 1, 1, 0, 0, 0, 2]):
        form.choose(item, value)
    form.save_button.click()  # the first check-in: a milestone, and crisis help shown
    assert area.result_page.crisis.isVisible()
    qtbot.waitUntil(lambda: not unlocked_app.session.tasks.busy)
    qtbot.wait(10)
    assert not window.banner.isVisible()
    assert [m.kind for m in MilestoneService(unlocked_app.session.vault).uncelebrated()] == [
        "first_assessment"
    ]

    area.result_page.done_button.click()  # back to the overview: the help is gone
    window.celebrate()
    qtbot.waitUntil(window.banner.isVisible)
    assert "first check-in" in window.banner.text.text()


def test_no_celebration_beside_a_result_that_suggests_a_professional(
    qtbot: QtBot, unlocked_app: App
) -> None:
    window, area = open_area(unlocked_app, "checkins", CheckinsArea)
    form = area.take("gad7")
    for item, value in enumerate([3, 3, 3, 3, 3, 0, 0]):
        form.choose(item, value)
    form.save_button.click()
    assert area.result_page.professional.isVisible()
    qtbot.waitUntil(lambda: not unlocked_app.session.tasks.busy)
    qtbot.wait(10)
    assert not window.banner.isVisible()
