"""Every area, with content in it, fits a 960x600 window in both themes: the
window really is that size, nothing scrolls sideways, and no button, check
box or choice is cut off or outside the window (see :mod:`tests.gui.fit`)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.gui.fit import SMALL_SCREEN, fit_problems
from tests.gui.helpers import unlock_through_window
from tests.helpers.vaults import VaultInfo, make_vault
from therapy_journal.gui.app import App
from therapy_journal.gui.areas import AREAS
from therapy_journal.gui.theme import apply_theme
from therapy_journal.services.assessments import AssessmentService
from therapy_journal.services.contact_model import Contact
from therapy_journal.services.contacts import ContactService
from therapy_journal.services.goals import GoalService
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.services.journals import JournalsService

AREA_KEYS = [spec.key for spec in AREAS]  # every area, in sidebar order


@pytest.fixture
def vault_on_disk(vault_folder: object) -> VaultInfo:
    """A vault with something in every area, with long words where they hurt."""
    info = make_vault(vault_folder)  # type: ignore[arg-type]
    journal = JournalService(info.vault)
    for number in range(12):
        journal.add(
            make_entry(
                title=f"A long evening walk after the second consultation, part {number}",
                body="It went better than I feared. " * 40,
                mood=number % 10 + 1,
                tags=["consultations", "walking-after-work", f"week{number}"],
            )
        )
    # A second journal, with a long name: the chooser and the editor's journal row show.
    JournalsService(info.vault).add("Everyday life, weekends and the holidays away")
    trashed = journal.add(make_entry(title="Draft to throw away", body="not needed"))
    journal.move_to_trash(trashed)
    GoalService(info.vault).create(
        "Contact three therapists before the end of the month",
        steps=["Call the first one on the list", "Ask about sliding-scale fees"],
    )
    contacts = ContactService(info.vault)
    contacts.add(
        Contact(
            kind="therapist",
            name="Dr. Maria-Theresa Vandenberghe-Oyelaran",
            practice="Riverside Counselling and Psychotherapy Collective",
            phone="+44 20 7946 0000",
            email="maria.vandenberghe-oyelaran@riverside-counselling.example",
            follow_up=date(2026, 12, 8),
        )
    )
    contacts.add(Contact(kind="referral", name="Community mental health team"))
    AssessmentService(info.vault).record("phq9", [1, 2, 1, 0, 1, 2, 1, 0, 0], closing=1)
    info.vault.lock()
    return info


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("key", AREA_KEYS)
def test_every_area_fits_960_by_600(  # noqa: PLR0917 (fixtures and parameters)
    qtbot: QtBot, gui_app: App, vault_on_disk: VaultInfo, qapp: QApplication, key: str, theme: str
) -> None:
    apply_theme(qapp, theme)
    try:
        gui_app.start()
        window = unlock_through_window(qtbot, gui_app, vault_on_disk.passphrase)
        qtbot.waitUntil(lambda: not gui_app.tasks.busy)
        window.open_area(key)
        qtbot.waitUntil(lambda: not gui_app.tasks.busy)
        problems = fit_problems(window, SMALL_SCREEN)
        assert problems == [], f"{key} at 960x600 ({theme}):\n" + "\n".join(problems)
    finally:
        apply_theme(qapp, "light")
