"""What is due: overdue goals, check-ins the person asked to be reminded of,
and (once contacts exist) follow-ups. The Journal area's header shows them.

Each part of the app that has something due adds a source to
:data:`DUE_SOURCES`: a function of the vault and today's date returning
:class:`DueItem` values. The header asks them all through :func:`due_items`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from therapy_journal.services.assessments import REMINDER_DAYS, AssessmentService, instrument
from therapy_journal.services.contacts import ContactService
from therapy_journal.services.goals import GoalService
from therapy_journal.store.vault import Vault


@dataclass(frozen=True)
class DueItem:
    kind: str  # goal, checkin, follow_up, network
    title: str  # what is due, in the person's words (a goal's title) or the app's
    due: date | None  # when it was due, if it has a date
    area: str  # the area of the app that deals with it
    ref: str  # what it is within that area (a goal's id, an instrument's id)


DueSource = Callable[[Vault, date], list[DueItem]]


def overdue_goals(vault: Vault, today: date) -> list[DueItem]:
    return [
        DueItem("goal", goal.title, goal.due, "goals", str(goal.id))
        for goal in GoalService(vault).overdue(today)
    ]


def due_checkins(vault: Vault, today: date) -> list[DueItem]:
    """Check-ins the person asked to be reminded of, two weeks after the last one."""
    service = AssessmentService(vault)
    items = []
    for instrument_id in service.due(today):
        latest = service.latest(instrument_id)
        due = latest.taken.date() + timedelta(days=REMINDER_DAYS) if latest else None
        name = instrument(instrument_id).name
        items.append(DueItem("checkin", name, due, "checkins", instrument_id))
    return items


def due_contacts(vault: Vault, today: date) -> list[DueItem]:
    """Follow-ups that are due, and people not checked in with for a while."""
    service = ContactService(vault)
    items = [
        DueItem("follow_up", contact.name, contact.follow_up, "contacts", str(contact.id))
        for contact in service.follow_ups_due(today)
    ]
    items += [
        DueItem("network", contact.name, when, "contacts", str(contact.id))
        for contact, when in service.checkins_due(today)
    ]
    return items


DUE_SOURCES: list[DueSource] = [overdue_goals, due_checkins, due_contacts]


def due_items(vault: Vault, today: date) -> list[DueItem]:
    """Everything due as of ``today``, the longest overdue first."""
    found = [item for source in DUE_SOURCES for item in source(vault, today)]
    return sorted(found, key=lambda item: (item.due is None, item.due or today))
