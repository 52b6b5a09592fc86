"""The support network speaks to the person the Settings say they are: someone
looking for or in therapy, or a mental-health professional with the challenges
of the work to tick and prompts on burnout and vicarious trauma."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from tests.gui.fit import fit_problems
from tests.gui.helpers import open_area
from therapy_journal.gui.app import App
from therapy_journal.gui.care.challenges import ChallengesDialog
from therapy_journal.gui.contacts.contacts_area import VIEWS, ContactsArea
from therapy_journal.gui.settings import AppSettings
from therapy_journal.services.contact_model import Contact
from therapy_journal.services.support_network import ChallengeChecklist, prompts_on_the_work


def _roles(box: QComboBox) -> list[str]:
    return [box.itemData(i) for i in range(box.count())]


def _network(app: App) -> ContactsArea:
    _window, area = open_area(app, "contacts", ContactsArea)
    area.views.setCurrentIndex(VIEWS.index("network"))
    area.refresh()
    return area


def test_a_person_in_therapy_sees_the_parts_anyone_leans_on_and_no_clinical_work(
    qtbot: QtBot, unlocked_app: App
) -> None:
    unlocked_app.session.contacts.add(Contact(kind="support", name="Jo", support_role="family"))
    area = _network(unlocked_app)
    tree = area.trees["network"]
    parts = [tree.topLevelItem(i).text(0).lower() for i in range(tree.topLevelItemCount())]
    assert parts[0].startswith("friends") and any("crisis" in part for part in parts)
    shown = " ".join([*parts, area.thin.text().lower()])
    assert "supervision" not in shown and "consultation" not in shown
    assert "supervision" not in _roles(area.editor.form.support_role)
    assert not area.challenges_button.isVisibleTo(area)


def test_a_professional_ticks_the_challenges_of_the_work_and_they_are_kept(
    qtbot: QtBot, unlocked_app: App
) -> None:
    area = _network(unlocked_app)  # built while the person was not a professional
    AppSettings(professional=True).save()  # as Settings does
    area.refresh()
    assert "supervision" in _roles(area.editor.form.support_role)
    tree = area.trees["network"]
    assert tree.topLevelItem(0).text(0).startswith("Clinical supervision")
    button = area.challenges_button
    assert button.isVisibleTo(area) and button.text().replace("&", "").startswith("Challenges")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = area.findChild(ChallengesDialog)
    assert isinstance(dialog, ChallengesDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert list(dialog.boxes) == [
        "isolation",
        "hard_decisions",
        "caseload",
        "admin",
        "trauma_exposure",
        "personal",
    ]
    assert all(box.accessibleDescription() for box in dialog.boxes.values())
    assert "Tick a challenge" in dialog.helps.text()
    box = dialog.boxes["trauma_exposure"]
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)  # from the keyboard
    vault = unlocked_app.session.vault
    assert ChallengeChecklist(vault).checked() == {"trauma_exposure"}
    assert "Clinical supervision (no one yet)" in dialog.helps.text()
    dialog.close()
    again = area.show_challenges()
    assert again.boxes["trauma_exposure"].isChecked()
    assert not again.boxes["isolation"].isChecked()
    assert fit_problems(again) == []
    again.close()
    window = unlocked_app.main_window
    assert window is not None
    assert fit_problems(window) == []  # the network view with its button, at 960x600


def test_a_professional_is_offered_prompts_on_burnout_and_vicarious_trauma(
    qtbot: QtBot, unlocked_app: App
) -> None:
    AppSettings(professional=True).save()
    area = _network(unlocked_app)
    dialog = area.show_challenges()
    assert list(dialog.write_buttons) == ["Burnout", "Vicarious trauma"]
    trauma = dict(prompts_on_the_work())["Vicarious trauma"]
    qtbot.mouseClick(dialog.write_buttons["Vicarious trauma"], Qt.MouseButton.LeftButton)
    window = unlocked_app.main_window
    assert window is not None
    editor = window.journal.editor
    assert window.stack.currentWidget() is window.journal
    assert editor.prompt.text() == trauma.text and editor.prompt_id == trauma.id
