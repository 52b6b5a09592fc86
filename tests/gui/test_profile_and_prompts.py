"""The Profile and Prompts areas, through their widgets, on a real vault."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.gui.fit import SMALL_SCREEN, fit_problems
from tests.gui.helpers import open_area, saved_entries, unlock_through_window
from tests.helpers.vaults import VaultInfo
from therapy_journal.gui.app import App
from therapy_journal.gui.profile.profile_area import ProfileArea
from therapy_journal.gui.prompts.prompts_area import PromptsArea


def test_the_profile_is_filled_saved_and_there_again_after_unlocking(
    qtbot: QtBot, unlocked_app: App, vault_on_disk: VaultInfo
) -> None:
    window = unlocked_app.main_window
    assert window is not None
    area = window.open_area("profile")
    assert isinstance(area, ProfileArea)
    form = area.form
    form.concerns["sleep"].click()
    form.approaches["emdr"].setCurrentIndex(form.approaches["emdr"].findData("curious"))
    form.not_sure.click()
    qtbot.keyClicks(form.languages, "English, Welsh")
    qtbot.keyClicks(form.hopes, "Rest")
    assert area.dirty
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not area.dirty
    assert area.versions.count() == 1
    assert "EMDR" in area.summary.toPlainText() and "Sleep" in area.summary.toPlainText()

    form.concerns["grief"].click()
    unlocked_app.lock()  # leaving by locking saves what was changed
    window = unlock_through_window(qtbot, unlocked_app, vault_on_disk.passphrase)
    area = window.open_area("profile")
    assert isinstance(area, ProfileArea)
    form = area.form
    assert form.concerns["sleep"].isChecked() and form.concerns["grief"].isChecked()
    assert form.approaches["emdr"].currentData() == "curious"
    assert form.not_sure.isChecked()
    assert form.languages.text() == "English, Welsh"
    assert form.hopes.toPlainText() == "Rest"
    assert area.versions.count() == 2
    area.tabs.setCurrentIndex(2)
    area.versions.setCurrentRow(0)
    assert "Concerns" in area.version_view.toPlainText()


def test_hovering_an_approach_explains_it(qtbot: QtBot, unlocked_app: App) -> None:
    window = unlocked_app.main_window
    assert window is not None
    area = window.open_area("profile")
    assert isinstance(area, ProfileArea)
    area.form.approaches["ifs"].setFocus()
    qtbot.waitUntil(lambda: "Internal Family Systems" in area.form.glossary.toPlainText())
    assert "What a session tends to look like" in area.form.glossary.toPlainText()


def test_writing_from_a_suggested_prompt_links_the_entry(
    qtbot: QtBot, unlocked_app: App, vault_on_disk: VaultInfo
) -> None:
    window = unlocked_app.main_window
    assert window is not None
    prompts = window.open_area("prompts")
    assert isinstance(prompts, PromptsArea)
    qtbot.waitUntil(lambda: prompts.suggested.count() > 0)
    prompt = prompts.current_prompt()
    assert prompt is not None
    qtbot.mouseClick(prompts.write, Qt.MouseButton.LeftButton)

    journal = window.journal
    assert window.stack.currentWidget() is journal
    assert journal.editor.prompt.text() == prompt.text and journal.editor.prompt.isVisibleTo(window)
    assert journal.editor.body.hasFocus()
    qtbot.keyClicks(journal.editor.body, "An answer")
    qtbot.waitUntil(lambda: not journal.editor.dirty)
    (saved,) = saved_entries(vault_on_disk.folder)
    assert (saved.prompt_id, saved.body) == (prompt.id, "An answer")

    journal.prompt_filter.setCurrentIndex(journal.prompt_filter.findData(prompt.category))
    qtbot.waitUntil(lambda: journal.model.rowCount() == 1)
    other = next(c.id for c in unlocked_app.session.prompts.categories() if c.id != prompt.category)  # type: ignore[union-attr]
    journal.prompt_filter.setCurrentIndex(journal.prompt_filter.findData(other))
    qtbot.waitUntil(lambda: journal.model.rowCount() == 0)


def test_the_prompt_of_the_day_starts_an_entry(qtbot: QtBot, unlocked_app: App) -> None:
    window = unlocked_app.main_window
    assert window is not None
    daily = window.journal.daily
    qtbot.waitUntil(lambda: daily.suggestion is not None)
    assert daily.isVisibleTo(window) and daily.text.text()
    daily.write.click()
    assert window.journal.editor.prompt.text() == daily.text.text()


# What an area may need at most beside the sidebar in a 960 px window.
AREA_WIDTH_AT_960 = 780  # 960 less the 160 px sidebar and a little spare


def test_the_profile_fits_a_small_window_without_sideways_scrolling(
    qtbot: QtBot, unlocked_app: App
) -> None:
    window = unlocked_app.main_window
    assert window is not None
    area = window.open_area("profile")
    assert isinstance(area, ProfileArea)
    window.resize(960, 600)
    qtbot.waitUntil(area.form.isVisible)
    assert area.minimumSizeHint().width() <= AREA_WIDTH_AT_960
    problems = [p for p in fit_problems(window, SMALL_SCREEN) if "the window is" not in p]
    assert problems == []
    form = area.form
    for check in (*form.concerns.values(), *form.days.values(), *form.times.values()):
        right = check.mapTo(form, check.rect().topRight()).x()
        assert right <= form.width(), check.text()


def test_all_prompts_wraps_each_prompt_under_headings_with_counts(
    qtbot: QtBot, unlocked_app: App
) -> None:
    window = unlocked_app.main_window
    assert window is not None
    area = window.open_area("prompts")
    assert isinstance(area, PromptsArea)
    window.resize(960, 600)
    area.tabs.setCurrentIndex(1)
    library = area.library
    qtbot.waitUntil(lambda: library.topLevelItemCount() > 0)
    every = unlocked_app.session.prompts.prompts()
    top = library.topLevelItem(0)
    assert top is not None
    counted = sum(1 for p in every if p.category == unlocked_app.session.prompts.categories()[0].id)
    assert top.text(0).endswith(f"({counted})")
    line = library.fontMetrics().height()
    longest = max(
        (top.child(row) for row in range(top.childCount())), key=lambda item: len(item.text(0))
    )
    assert library.fontMetrics().horizontalAdvance(longest.text(0)) > library.viewport().width()
    rect = library.visualItemRect(longest)
    assert rect.height() >= 2 * line  # the whole prompt, over two lines or more
    assert rect.right() <= library.viewport().width()
    assert not library.horizontalScrollBar().isVisible()
    assert longest.toolTip(0) == longest.text(0)


def test_with_every_prompt_hidden_suggestions_say_what_to_do(
    qtbot: QtBot, unlocked_app: App
) -> None:
    prompts = unlocked_app.session.prompts
    for prompt in prompts.prompts():
        prompts.set_hidden(prompt.id, True)
    window = unlocked_app.main_window
    assert window is not None
    area = window.open_area("prompts")
    assert isinstance(area, PromptsArea)
    qtbot.waitUntil(area.empty.isVisible)
    assert "New prompt" in area.empty.text() and not area.suggested.isVisible()
    assert not area.write.isEnabled()


@pytest.mark.parametrize(
    ("locale", "covered", "insurer"),
    [
        ("en_US.UTF-8", "Insurance", "Insurer or plan"),
        ("en_GB.UTF-8", "NHS", "Private health insurer"),
        ("en_AU.UTF-8", "Medicare (a GP's plan)", "Private health insurer"),
    ],
)
def test_the_words_for_paying_follow_where_the_person_lives(  # noqa: PLR0917 (fixtures)
    qtbot: QtBot,
    unlocked_app: App,
    monkeypatch: pytest.MonkeyPatch,
    locale: str,
    covered: str,
    insurer: str,
) -> None:
    monkeypatch.setenv("LC_ALL", locale)
    _window, area = open_area(unlocked_app, "profile", ProfileArea)
    form = area.form
    labels = [form.payment.itemText(i) for i in range(form.payment.count())]
    assert covered in labels and "Paying myself" in labels
    assert form.insurer.accessibleName() == insurer
    form.payment.setCurrentIndex(form.payment.findData("insurance"))
    area.save()
    assert unlocked_app.session.profile.current().payment == "insurance"  # the same value
