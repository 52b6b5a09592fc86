"""Render the README's screenshots offscreen from a throwaway demo vault.

Usage: .venv/bin/python docs/make_screenshots.py   (writes docs/*.png and docs/small/*.png)

In both themes: the first run (passphrase and recovery-key pages), every area
with content at the default size (``main-THEME.png`` is the Journal,
``AREA-THEME.png`` the others) and at 960x600 (``small/AREA-THEME.png``), the
unlock window and the recovery dialog; in the light theme also the details the
README shows (search, a questionnaire and its result, the charts, the share
preview). The vault lives in a temporary folder and is deleted afterwards;
the entries are invented for the pictures.
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

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QWidget

from therapy_journal.gui import errors
from therapy_journal.gui.app import App, make_qapplication
from therapy_journal.gui.areas import AREAS
from therapy_journal.gui.dialogs.unlock import RecoveryDialog
from therapy_journal.gui.main_window import MainWindow
from therapy_journal.gui.settings import AppSettings
from therapy_journal.services.contact_model import Contact
from therapy_journal.services.journal import make_entry
from therapy_journal.services.profile import Profile
from therapy_journal.services.progress import Span
from therapy_journal.store.keyfile import KdfParams

DOCS = Path(__file__).resolve().parent
SMALL = DOCS / "small"
DEFAULT_SIZE = QSize(1180, 720)
SMALL_SIZE = QSize(960, 600)
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


def save(widget: QWidget, qapp: QApplication, path: Path) -> None:
    qapp.processEvents()
    path.parent.mkdir(exist_ok=True)
    widget.grab().save(str(path))


def area_file(key: str, theme: str) -> str:
    """``main-THEME.png`` for the Journal (the README's first picture), ``KEY-THEME.png`` else."""
    return f"{'main' if key == 'journal' else key}-{theme}.png"


# -- the demo vault's content -------------------------------------------------------------


def seed(app: App) -> None:
    """Something in every area: entries, a profile, goals, contacts, check-ins, the trash."""
    assert app.session is not None
    session = app.session
    now = datetime.now().astimezone().replace(hour=20, minute=15)
    for days, (title, body, mood, tags) in enumerate(DEMO):
        created = now - timedelta(days=days * 2)
        session.journal.add(
            make_entry(title=title, body=body, mood=mood, tags=tags, created=created)
        )
    thrown = session.journal.add(
        make_entry(title="Draft list of questions", body="(rewritten above)", created=now)
    )
    session.journal.move_to_trash(thrown)
    session.profile.save(DEMO_PROFILE)
    seed_goals(app)
    seed_contacts(app)
    seed_checkins(app)


def seed_goals(app: App) -> None:
    """Two goals under way, one of them past its due date."""
    assert app.session is not None
    goals = app.session.goals
    insurance = goals.from_template("check_insurance", today=date.today() - timedelta(days=9))
    for step in insurance.steps[:2]:
        goals.set_step_done(step.id, True)
    contact = goals.from_template("contact_three")
    for step in contact.steps[:4]:
        goals.set_step_done(step.id, True)


def seed_contacts(app: App) -> None:
    """Three therapists at different steps, a friend, and how the outreach felt."""
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


def seed_checkins(app: App) -> None:
    """Some PHQ-9 and WHO-5 history."""
    assert app.session is not None
    service = app.session.assessments
    now = datetime.now().astimezone()
    for weeks, answers in enumerate(([2, 2, 1, 2, 1, 1, 1, 0, 0], [1, 1, 1, 1, 1, 1, 1, 0, 0])):
        service.record("phq9", answers, when=now - timedelta(weeks=6 - 2 * weeks))
    service.record("who5", [2, 2, 1, 2, 2], when=now - timedelta(weeks=4))


def seed_moods(app: App) -> None:
    """Three months of evening moods, with some days without an entry, as in life."""
    assert app.session is not None
    today = date.today()
    for days in range(3, 90):
        if days % 3 == 2:
            continue
        mood = 4 + round(3 * (90 - days) / 90 + (days * 7 % 5) / 3)
        moment = datetime.combine(today - timedelta(days=days), datetime.min.time()).astimezone()
        app.session.journal.add(
            make_entry(title="", body="…", mood=min(mood, 10), created=moment.replace(hour=21))
        )


# -- pictures -------------------------------------------------------------------------------


def prepare_area(app: App, window: MainWindow, key: str, qapp: QApplication) -> QWidget:
    """Open an area and bring it to the state the pictures show."""
    area = window.open_area(key)
    wait(qapp, lambda: not app.tasks.busy and not window.session.tasks.busy, seconds=30)
    if key == "journal":
        journal = window.journal
        journal.activate()
        wait(qapp, lambda: journal.model.rowCount() > 0)
        journal.view.selectRow(0)
    elif key == "prompts":
        wait(qapp, lambda: area.suggested.count() > 0)
    elif key == "contacts":
        contacts = window.session.contacts
        rivera = next(c for c in contacts.contacts("therapist") if c.name == "Dr. Ana Rivera")
        area.refresh(rivera.id)
        area.editor.show_contact(contacts.get(rivera.id))
        area.editor.tabs.setCurrentIndex(1)
    elif key == "checkins":
        area.refresh()
    elif key == "progress":
        area.span.setCurrentIndex(area.span.findData(Span.DAYS_90))
        wait(qapp, lambda: area.data is not None and area.data.span is Span.DAYS_90)
    wait(qapp, lambda: not window.session.tasks.busy, seconds=30)
    return area


def shoot_areas(
    app: App, window: MainWindow, theme: str, qapp: QApplication, *, keys: list[str]
) -> None:
    """Each area of ``keys`` at the default size and at 960x600."""
    for size, folder in ((DEFAULT_SIZE, DOCS), (SMALL_SIZE, SMALL)):
        window.resize(size)
        for key in keys:
            prepare_area(app, window, key, qapp)
            save(window, qapp, folder / area_file(key, theme))


def shoot_details(app: App, window: MainWindow, qapp: QApplication) -> None:
    """The README's close-ups, in the light theme."""
    window.resize(DEFAULT_SIZE)
    prepare_area(app, window, "journal", qapp)
    window.journal.editor.tabs.setCurrentIndex(1)
    window.journal.search.setText("breath")
    window.journal.refresh()
    wait(qapp, lambda: window.journal.model.searching)
    save(window, qapp, DOCS / "search.png")
    window.journal.search.clear()
    window.journal.editor.tabs.setCurrentIndex(0)

    profile = prepare_area(app, window, "profile", qapp)
    profile.tabs.setCurrentIndex(1)
    save(window, qapp, DOCS / "profile-summary.png")
    profile.tabs.setCurrentIndex(0)

    share = prepare_area(app, window, "share", qapp)
    wizard = share.wizard
    wizard.what.include["goals"].setChecked(True)
    wizard.next_button.click()
    wizard.next_button.click()
    wait(qapp, lambda: wizard.pages.currentIndex() == 2, seconds=30)
    save(window, qapp, DOCS / "share-preview.png")
    wizard.reset()

    progress = prepare_area(app, window, "progress", qapp)
    progress.tabs.setCurrentIndex(1)
    progress.instrument.setCurrentIndex(progress.instrument.findData("phq9"))
    save(window, qapp, DOCS / "progress-checkins.png")
    progress.tabs.setCurrentIndex(2)
    save(window, qapp, DOCS / "progress-journaling.png")
    progress.tabs.setCurrentIndex(0)

    checkins = prepare_area(app, window, "checkins", qapp)
    form = checkins.take("gad7")
    for item, value in enumerate([1, 2, 1, 1, 0]):
        form.choose(item, value)
    save(window, qapp, DOCS / "checkin-questionnaire.png")
    for item, value in enumerate([1, 2, 1, 1, 0, 1, 0]):
        form.choose(item, value)
    form.save_button.click()
    save(window, qapp, DOCS / "checkin-result.png")
    checkins.show_overview()


def shoot_first_run(app: App, theme: str, qapp: QApplication) -> None:
    """Both pages of the first run: the passphrase (typed and repeated), the recovery key."""
    first_run = app.first_run
    assert first_run is not None
    first_run.fields.passphrase.setText(PASSPHRASE)
    first_run.fields.confirm.setText(PASSPHRASE)
    save(first_run, qapp, DOCS / f"first-run-{theme}.png")
    first_run.create_vault()
    wait(qapp, lambda: first_run.pages.currentIndex() == 1)
    first_run.key_page.copy_key()
    save(first_run, qapp, DOCS / f"recovery-key-{theme}.png")
    first_run.key_page.stored.setChecked(True)
    first_run.key_page.finish.click()
    wait(qapp, lambda: app.main_window is not None)


def shoot_unlock(app: App, theme: str, qapp: QApplication) -> None:
    """The unlock window after locking, and the recovery dialog behind "Forgot"."""
    app.lock()
    wait(qapp, lambda: app.main_window is None)
    unlock = app.unlock_window
    assert unlock is not None
    save(unlock, qapp, DOCS / f"unlock-{theme}.png")
    recover = RecoveryDialog(app.vault, app.tasks, unlock)
    recover.show()
    recover.fields.passphrase.setText("violet harbour")
    save(recover, qapp, DOCS / f"recover-{theme}.png")
    recover.close()
    unlock.close()


def shoot(theme: str, folder: Path, qapp: QApplication) -> App:
    app = App(qapp, folder / theme, AppSettings(theme=theme), kdf=KdfParams(1024, 1, 1))
    app.start()
    shoot_first_run(app, theme, qapp)
    window = app.main_window
    assert window is not None and app.session is not None
    seed(app)
    window.show()
    # The journal before the months of mood-only entries the Progress charts need.
    shoot_areas(app, window, theme, qapp, keys=["journal"])
    seed_moods(app)
    shoot_areas(app, window, theme, qapp, keys=[spec.key for spec in AREAS[1:]])
    if theme == "light":
        shoot_details(app, window, qapp)
    shoot_unlock(app, theme, qapp)
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
