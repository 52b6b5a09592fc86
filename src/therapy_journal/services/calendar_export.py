"""Calendar files (.ics) for a consultation or a follow-up, to open in any calendar app.

Each file holds one event with a reminder. Times are written in UTC, to the
whole minute (a time picked in a form carries no stray seconds), which
every calendar app reads and shows in its own time zone; a follow-up is an
all-day event on a date. The event's UID is derived from a seed (the contact,
not the time), so exporting the same consultation again after it moved
updates the event in the calendar instead of adding a second one.

.ics files are not encrypted: anyone who can read the file sees who the
appointment is with.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from icalendar import Alarm, Calendar, Event

from therapy_journal.services.contact_model import Contact
from therapy_journal.services.dates import as_local
from therapy_journal.store.atomic import write_atomic

PRODID = "-//Therapy Journal//EN"
# A fixed namespace of our own, so the same seed always gives the same UID.
UID_NAMESPACE = uuid.UUID("7b0e2f4c-3a51-5d8e-9c36-2f0d4b6a1e93")
DEFAULT_DURATION = timedelta(hours=1)
TIMED_REMINDER = timedelta(hours=-1)
# Relative to the start of an all-day event (midnight): 9:00 on the day, the
# time calendar apps offer for all-day reminders; a midnight alert would be missed.
ALL_DAY_REMINDER = timedelta(hours=9)


def event_ics(
    summary: str,
    start: datetime,
    duration: timedelta | None = None,
    *,
    all_day: bool = False,
    description: str = "",
    location: str = "",
    uid_seed: str = "",
) -> bytes:
    """A VCALENDAR with one VEVENT and a display reminder, as .ics bytes.

    A timed event starts at ``start`` (naive times are local) and lasts
    ``duration``, one hour when not given; it reminds an hour before. An
    all-day event covers the date of ``start`` and, when ``duration`` is whole
    days, the days after it; it reminds at 9:00 on its first day. Without a
    ``uid_seed`` the UID is random, so the calendar cannot recognise a re-export.
    """
    if duration is not None and duration <= timedelta(0):
        raise ValueError("an event needs a positive duration")
    event = Event()
    event.add("uid", str(uuid.uuid5(UID_NAMESPACE, uid_seed) if uid_seed else uuid.uuid4()))
    event.add("dtstamp", datetime.now(UTC))
    if all_day:
        first = start.date()
        days = max(1, duration.days) if duration else 1
        event.add("dtstart", first)
        event.add("dtend", first + timedelta(days=days))
    else:
        begin = as_local(start).astimezone(UTC).replace(second=0, microsecond=0)
        event.add("dtstart", begin)
        event.add("dtend", begin + (duration or DEFAULT_DURATION))
    event.add("summary", summary)
    if description:
        event.add("description", description)
    if location:
        event.add("location", location)
    reminder = Alarm()
    reminder.add("action", "DISPLAY")
    reminder.add("description", summary)
    reminder.add("trigger", ALL_DAY_REMINDER if all_day else TIMED_REMINDER)
    event.add_component(reminder)

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def consultation_ics(
    contact: Contact, start: datetime, minutes: int = 50, *, vault_key: str = ""
) -> bytes:
    """A consultation with ``contact``: where it happens, and how to reach them.
    ``vault_key`` (calendar_ids.calendar_key) makes its UID unique to the vault."""
    if contact.session_format == "telehealth":
        location = "Telehealth"
    else:
        location = ", ".join(line.strip() for line in contact.address.splitlines() if line.strip())
    return event_ics(
        f"Consultation with {contact.label}",
        start,
        timedelta(minutes=minutes),
        description=_how_to_reach(contact),
        location=location,
        uid_seed=f"consultation:{_identity(contact, vault_key)}",
    )


def follow_up_ics(contact: Contact, day: date, *, vault_key: str = "") -> bytes:
    """An all-day reminder on ``day`` to follow up with ``contact``; ``vault_key``
    as for :func:`consultation_ics`."""
    return event_ics(
        f"Follow up with {contact.label}",
        datetime(day.year, day.month, day.day),
        all_day=True,
        description=_how_to_reach(contact),
        uid_seed=f"follow-up:{_identity(contact, vault_key)}",
    )


def write_ics(path: Path, data: bytes) -> None:
    """Write .ics ``data`` atomically, readable by the owner only. NOT encrypted."""
    write_atomic(path, data, mode=0o600, what="calendar file")


def _how_to_reach(contact: Contact) -> str:
    details = (("Phone", contact.phone), ("Email", contact.email), ("Website", contact.website))
    return "\n".join(f"{label}: {value}" for label, value in details if value)


def _identity(contact: Contact, vault_key: str = "") -> str:
    """What makes a contact the same one across exports, and no other vault's:
    its id once stored, after the vault's random calendar key
    (:func:`calendar_ids.calendar_key`), which makes the UID globally unique."""
    own = f"contact-{contact.id}" if contact.id is not None else f"name-{contact.name}"
    return f"{vault_key}:{own}" if vault_key else own
