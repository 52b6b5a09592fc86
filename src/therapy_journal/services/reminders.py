"""Reminders: when they are due and what their notifications say.

Plain Python, no Qt: the desktop app's clock asks :func:`moments_between`
which of the person's reminder times passed since it last looked, and shows
what :func:`reminder_text` says. Nothing here reads the vault; the items due
(check-ins, follow-ups) come from :mod:`therapy_journal.services.due`, which
only an unlocked app can ask.

In discreet mode a notification names nothing: not the app, not a check-in
(the PHQ-9 says what the app is about), not a person, and never a word of the
journal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from therapy_journal.services.due import DueItem

# A reminder time that passed more than this long ago (the computer slept
# through it) is dropped, not shown late.
GRACE = timedelta(minutes=30)
MAX_TIMES = 6  # reminder times a day a person can pick

# The kinds of due item a notification tells of: check-ins the person asked
# to be reminded of, contacts' follow-ups and support-network check-ins.
NOTIFIED_KINDS = ("checkin", "follow_up", "network")


@dataclass(frozen=True)
class Notification:
    """One desktop notification: what it says, and what a click on it opens."""

    title: str
    body: str
    opens: str  # "write": a new entry; else the area of the first item due
    item: str = ""  # that item within its area


def parse_time(text: str) -> time | None:
    """``"HH:MM"`` (24-hour) as a time, or None if it is not one."""
    try:
        hours, minutes = text.strip().split(":")
        return time(int(hours), int(minutes))
    except (ValueError, AttributeError):
        return None


def time_text(value: time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


def normalized_times(values: Iterable[object]) -> list[str]:
    """The valid ``"HH:MM"`` times among ``values``, each once, in order of the day."""
    found = {parsed for value in values if (parsed := parse_time(str(value))) is not None}
    return [time_text(value) for value in sorted(found)][:MAX_TIMES]


def moments_between(
    times: Sequence[str], since: datetime, now: datetime, grace: timedelta = GRACE
) -> list[datetime]:
    """The reminder moments in ``(since, now]``, leaving out those more than
    ``grace`` before ``now`` (a computer that slept through them)."""
    if now <= since:
        return []
    start = max(since, now - grace)
    parsed = [value for text in times if (value := parse_time(text)) is not None]
    moments = []
    day = start.date()
    while day <= now.date():
        for value in parsed:
            moment = datetime.combine(day, value, tzinfo=now.tzinfo)
            if start < moment <= now:
                moments.append(moment)
        day += timedelta(days=1)
    return sorted(moments)


def _item_text(item: DueItem) -> str:
    if item.kind == "checkin":
        return f"the {item.title} check-in"
    if item.kind == "follow_up":
        return f"a follow-up with {item.title}"
    return f"checking in with {item.title}"


def notified(items: Iterable[DueItem]) -> list[DueItem]:
    """The due items a notification tells of (not overdue goals: the Journal's
    header shows those)."""
    return [item for item in items if item.kind in NOTIFIED_KINDS]


def reminder_text(
    *, write: bool, due: Sequence[DueItem], discreet: bool, app_name: str
) -> Notification | None:
    """The notification for one reminder moment: a reminder to write (if asked
    for) and what is due (known only while unlocked), or None if neither."""
    due = notified(due)
    if not write and not due:
        return None
    if discreet:
        if due:
            count = len(due)
            what = "1 thing is" if count == 1 else f"{count} things are"
            body = f"{what} waiting for you." + (" And a moment to write." if write else "")
        else:
            body = "A moment for your notes, whenever you are ready."
        return Notification("Reminder", body, "write" if write else "open")
    if due:
        names = [_item_text(item) for item in due[:3]]
        more = len(due) - len(names)
        listed = ", ".join(names) + (f" and {more} more" if more else "")
        body = f"Due: {listed}."
        if write:
            body += " And a few lines in your journal, when you are ready."
        first = due[0]
        if write:
            return Notification("Time to write", body, "write")
        return Notification(f"{app_name}: something is due", body, first.area, first.ref)
    return Notification(
        "Time to write", "A few lines in your journal, whenever you are ready.", "write"
    )


def still_running_text(*, discreet: bool, app_name: str, tray: bool) -> Notification:
    """Said once when the window closes and the app stays, locked, to remind."""
    where = "in the tray" if tray else "in the background"
    if discreet:
        return Notification(app_name, f"Still running {where}, locked.", "open")
    return Notification(
        app_name,
        f"{app_name} is still running {where} to remind you. The journal is locked.",
        "open",
    )
