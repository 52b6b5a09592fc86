"""Render the README's screenshots offscreen from a throwaway demo vault.

Usage: .venv/bin/python docs/make_screenshots.py   (writes docs/*.png)

The vault lives in a temporary folder and is deleted afterwards; the entries
are invented for the pictures.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from therapy_journal.gui import errors
from therapy_journal.gui.app import App, make_qapplication
from therapy_journal.gui.main_window import MainWindow
from therapy_journal.gui.settings import AppSettings
from therapy_journal.services.contact_model import Contact
from therapy_journal.services.journal import make_entry
from therapy_journal.services.profile import Profile
from therapy_journal.services.progress import Span
from therapy_journal.store.keyfile import KdfParams

DOCS = Path(__file__).resolve().parent
PASSPHRASE = "purple elephant dances quietly"  # noqa: S105 (a throwaway demo vault)
DEMO = [
    (
        "First call to a therapist",
        "I finally **called** Dr. Rivera's practice. My hands were "
        "shaking, but the receptionist was kind.\n\n- Consultation next Tuesday\n"
        "- Bring my list of questions",
        6,
        ["search", "anxiety"],
    ),
    (
        "Sleep was better",
        "Slept seven hours. The breathing exercise helped, and I woke up "
        "without the usual knot in my stomach.",
        7,
        ["sleep"],
    ),
    (
        "Hard day",
        "Felt overwhelmed at work. Wrote down three things I'm grateful for.",
        4,
        ["work", "gratitude"],
    ),
    (
        "Questions for the consultation",
        "## What I want to ask\n\n1. Have you worked with "
        "panic attacks?\n2. Do you offer telehealth?\n3. Sliding scale?",
        6,
        ["search"],
    ),
    (
        "Walk with Sam",
        "A long walk by the river. Talking helps more than I expect.",
        8,
        ["support", "gratitude"],
    ),
]


DEMO_PROFILE = Profile(
    approaches={"cbt": "curious", "emdr": "curious", "person_centred": "prefer"},
    styles={"directness": "gentle", "homework": "homework"},
    concerns=("anxiety", "sleep", "work_stress"),
    languages=("English", "Spanish"),
    format="either",
    location="Near Riverside",
    max_travel_minutes=30,
    payment="insurance",
    budget_per_session=90,
    sliding_scale=True,
    days=("tue", "thu"),
    times=("evening",),
    stage="searching",
    hopes="Sleeping through the night again, and worrying less about work.",
)


def wait(qapp: QApplication, condition: Callable[[], bool], seconds: float = 10) -> None:
    end = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("the window did not reach the expected state")
        qapp.processEvents()
        time.sleep(0.01)


def shoot_areas(app: App, window: MainWindow, theme: str, qapp: QApplication) -> None:
    """The Prompts and Profile areas, with a demo profile saved."""
    assert app.session is not None
    app.session.profile.save(DEMO_PROFILE)
    prompts = window.open_area("prompts")
    wait(qapp, lambda: prompts.suggested.count() > 0)
    qapp.processEvents()
    window.grab().save(str(DOCS / f"prompts-{theme}.png"))
    profile = window.open_area("profile")
    qapp.processEvents()
    window.grab().save(str(DOCS / f"profile-{theme}.png"))
    shoot_goals(app, window, theme, qapp)
    shoot_contacts(app, window, theme, qapp)
    if theme == "light":
        shoot_share(app, window, qapp)
    if theme == "light":
        profile.tabs.setCurrentIndex(1)
        qapp.processEvents()
        window.grab().save(str(DOCS / "profile-summary.png"))
        profile.tabs.setCurrentIndex(0)


def shoot_contacts(app: App, window: MainWindow, theme: str, qapp: QApplication) -> None:
    """Contacts: three therapists at different steps, the fit of one of them."""
    assert app.session is not None
    contacts = app.session.contacts
    rivera, _ = contacts.add(
        Contact(
            kind="therapist",
            name="Dr. Ana Rivera",
            credentials="PhD, licensed psychologist",
            practice="Harbor Counseling",
            session_format="both",
            travel_minutes=20,
            approaches=("cbt", "emdr"),
            specialties=("anxiety", "sleep"),
            fee=140,
            sliding_scale=True,
            days=("tue", "thu"),
            times=("evening",),
            languages=("English", "Spanish"),
            follow_up=date.today() + timedelta(days=2),
        )
    )
    lee, _ = contacts.add(Contact(kind="therapist", name="Sam Lee", credentials="LCSW"))
    contacts.add(Contact(kind="therapist", name="Jordan Park", credentials="LMFT"))
    contacts.add(Contact(kind="support", name="Maya", support_role="friends", checkin_days=14))
    assert rivera.id is not None and lee.id is not None
    contacts.move(rivera.id, "consultation_scheduled")
    contacts.move(lee.id, "contacted")
    for before, after in ((8, 5), (7, 4), (7, 4), (6, 3), (5, 3), (4, 2)):
        contacts.record_outreach("before", before, contact_id=rivera.id)
        contacts.record_outreach("after", after, contact_id=rivera.id)
    area = window.open_area("contacts")
    area.refresh(rivera.id)
    area.editor.show_contact(contacts.get(rivera.id))
    area.editor.tabs.setCurrentIndex(1)
    qapp.processEvents()
    window.grab().save(str(DOCS / f"contacts-{theme}.png"))
    area.editor.tabs.setCurrentIndex(0)


def shoot_share(app: App, window: MainWindow, qapp: QApplication) -> None:
    """Share: the preview step of the wizard, for the entries of the last weeks."""
    area = window.open_area("share")
    wizard = area.wizard
    wizard.what.include["goals"].setChecked(True)
    wizard.next_button.click()
    wizard.next_button.click()
    wait(qapp, lambda: wizard.pages.currentIndex() == 2, seconds=30)
    qapp.processEvents()
    window.grab().save(str(DOCS / "share-preview.png"))
    wizard.reset()


def shoot_goals(app: App, window: MainWindow, theme: str, qapp: QApplication) -> None:
    """The Goals area with two goals under way, one of them past its due date."""
    assert app.session is not None
    goals = app.session.goals
    insurance = goals.from_template("check_insurance", today=date.today() - timedelta(days=9))
    for step in insurance.steps[:2]:
        goals.set_step_done(step.id, True)
    contact = goals.from_template("contact_three")
    for step in contact.steps[:4]:
        goals.set_step_done(step.id, True)
    area = window.open_area("goals")
    qapp.processEvents()
    window.grab().save(str(DOCS / f"goals-{theme}.png"))
    del area
    shoot_checkins(app, window, theme, qapp)


def shoot_checkins(app: App, window: MainWindow, theme: str, qapp: QApplication) -> None:
    """Check-ins: the overview with some history, a questionnaire, a result."""
    assert app.session is not None
    service = app.session.assessments
    now = datetime.now().astimezone()
    for weeks, answers in enumerate(([2, 2, 1, 2, 1, 1, 1, 0, 0], [1, 1, 1, 1, 1, 1, 1, 0, 0])):
        service.record("phq9", answers, when=now - timedelta(weeks=6 - 2 * weeks))
    service.record("who5", [2, 2, 1, 2, 2], when=now - timedelta(weeks=4))
    area = window.open_area("checkins")
    area.refresh()
    qapp.processEvents()
    window.grab().save(str(DOCS / f"checkins-{theme}.png"))
    if theme == "light":
        form = area.take("gad7")
        for item, value in enumerate([1, 2, 1, 1, 0]):
            form.choose(item, value)
        qapp.processEvents()
        window.grab().save(str(DOCS / "checkin-questionnaire.png"))
        for item, value in enumerate([1, 2, 1, 1, 0, 1, 0]):
            form.choose(item, value)
        form.save_button.click()
        qapp.processEvents()
        window.grab().save(str(DOCS / "checkin-result.png"))
        area.show_overview()
    shoot_progress(app, window, theme, qapp)


def shoot_progress(app: App, window: MainWindow, theme: str, qapp: QApplication) -> None:
    """Progress: three months of moods and the check-in chart with its bands."""
    assert app.session is not None
    today = date.today()
    for days in range(3, 90):
        if days % 3 == 2:
            continue  # some days without an entry, as in life
        mood = 4 + round(3 * (90 - days) / 90 + (days * 7 % 5) / 3)
        moment = datetime.combine(today - timedelta(days=days), datetime.min.time()).astimezone()
        app.session.journal.add(
            make_entry(title="", body="…", mood=min(mood, 10), created=moment.replace(hour=21))
        )
    area = window.open_area("progress")
    area.span.setCurrentIndex(area.span.findData(Span.DAYS_90))
    wait(qapp, lambda: area.data is not None and area.data.span is Span.DAYS_90)
    qapp.processEvents()
    window.grab().save(str(DOCS / f"progress-{theme}.png"))
    if theme == "light":
        area.tabs.setCurrentIndex(1)
        area.instrument.setCurrentIndex(area.instrument.findData("phq9"))
        qapp.processEvents()
        window.grab().save(str(DOCS / "progress-checkins.png"))
        area.tabs.setCurrentIndex(2)
        qapp.processEvents()
        window.grab().save(str(DOCS / "progress-journaling.png"))
        area.tabs.setCurrentIndex(0)


def shoot(theme: str, folder: Path, qapp: QApplication) -> App:
    app = App(qapp, folder / theme, AppSettings(theme=theme), kdf=KdfParams(1024, 1, 1))
    app.start()
    first_run = app.first_run
    assert first_run is not None
    first_run.fields.passphrase.setText(PASSPHRASE)
    first_run.fields.confirm.setText(PASSPHRASE)
    if theme == "light":
        first_run.grab().save(str(DOCS / "first-run.png"))
    first_run.create_vault()
    wait(qapp, lambda: first_run.pages.currentIndex() == 1)
    first_run.key_page.stored.setChecked(True)
    first_run.key_page.finish.click()
    wait(qapp, lambda: app.main_window is not None)
    window = app.main_window
    assert window is not None and app.session is not None
    now = datetime.now().astimezone().replace(hour=20, minute=15)
    for days, (title, body, mood, tags) in enumerate(DEMO):
        created = now - timedelta(days=days * 2)
        app.session.journal.add(
            make_entry(title=title, body=body, mood=mood, tags=tags, created=created)
        )
    journal = window.journal
    journal.activate()
    wait(qapp, lambda: journal.model.rowCount() == len(DEMO))
    journal.view.selectRow(0)
    window.resize(1180, 720)
    window.show()
    qapp.processEvents()
    window.grab().save(str(DOCS / f"main-{theme}.png"))
    shoot_areas(app, window, theme, qapp)
    window.open_area("journal")
    wait(qapp, lambda: journal.model.rowCount() == len(DEMO))
    if theme == "light":
        journal.editor.tabs.setCurrentIndex(1)
        journal.search.setText("breath")
        journal.refresh()
        wait(qapp, lambda: journal.model.searching)
        qapp.processEvents()
        window.grab().save(str(DOCS / "search.png"))
    app.lock()
    wait(qapp, lambda: app.main_window is None)
    assert app.unlock_window is not None
    app.unlock_window.grab().save(str(DOCS / f"unlock-{theme}.png"))
    app.unlock_window.close()
    return app


def main() -> int:
    errors.SHOW_DIALOGS = False
    qapp = make_qapplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        apps = [shoot(theme, Path(folder), qapp) for theme in ("light", "dark")]
        qapp.processEvents()
        del apps
    print(f"screenshots written to {DOCS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
