"""Milestones: the steps of the search and of the work, recorded as they happen.

:meth:`MilestoneService.record` is the one entry point: any part of the app
(goals, assessments, the journal, contacts) calls it when something worth
marking happens. Each kind is recorded once per subject (a goal's id, or ``''``
for one-off kinds like the first assessment); calling it again changes nothing,
so callers need not check first. The app celebrates each milestone once
(:meth:`uncelebrated`, :meth:`mark_celebrated`) and keeps all of them on a
timeline.

Nothing here is logged with its detail: a goal's title is the person's text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from therapy_journal.services.dates import now_local
from therapy_journal.services.progress import ProgressService
from therapy_journal.store.vault import Vault

log = logging.getLogger(__name__)

# Kinds, with the words the timeline uses (the GUI passes them through tr).
MILESTONE_KINDS: dict[str, str] = {
    "goal_done": "Goal done",
    "first_therapist_identified": "First therapist identified",
    "first_consultation_scheduled": "First consultation scheduled",
    "first_consultation_attended": "First consultation attended",
    "therapist_chosen": "Chose a therapist",
    "streak_7": "Journaled 7 days in a row",
    "streak_30": "Journaled 30 days in a row",
    "streak_100": "Journaled 100 days in a row",
    "first_assessment": "First check-in taken",
}

STREAKS: tuple[int, ...] = (7, 30, 100)

# What the search for a therapist has reached, read off milestones: a booked
# consultation means "consulting" whatever the profile still says.
MILESTONE_STAGES: dict[str, str] = {
    "first_therapist_identified": "searching",
    "first_consultation_scheduled": "consulting",
    "first_consultation_attended": "consulting",
    "therapist_chosen": "in_therapy",
}


class UnknownMilestone(ValueError):
    def __init__(self, kind: str) -> None:
        super().__init__(f"'{kind}' is not a kind of milestone.")
        self.kind = kind


@dataclass(frozen=True)
class Milestone:
    id: int
    kind: str
    subject: str
    happened: datetime
    detail: str
    celebrated: bool

    @property
    def label(self) -> str:
        return MILESTONE_KINDS.get(self.kind, self.kind)


_COLUMNS = "id, kind, subject, happened, detail, celebrated"


def _milestone(row: tuple[object, ...]) -> Milestone:
    return Milestone(
        id=int(str(row[0])),
        kind=str(row[1]),
        subject=str(row[2]),
        happened=datetime.fromisoformat(str(row[3])),
        detail=str(row[4]),
        celebrated=row[5] is not None,
    )


class MilestoneService:
    """The milestones of one unlocked vault."""

    def __init__(self, vault: Vault, clock: Callable[[], datetime] = now_local) -> None:
        self.vault = vault
        self.clock = clock

    def record(
        self, kind: str, subject: str = "", detail: str = "", when: datetime | None = None
    ) -> Milestone | None:
        """Record that ``kind`` happened; None when it was recorded before."""
        if kind not in MILESTONE_KINDS:
            raise UnknownMilestone(kind)
        happened = when or self.clock()
        cursor = self.vault.db.execute(
            "INSERT OR IGNORE INTO milestones (kind, subject, happened, detail) "
            "VALUES (?, ?, ?, ?)",
            (kind, subject, happened.isoformat(), detail),
        )
        if cursor.rowcount == 0:
            return None
        log.info("milestone reached: %s", kind)
        return Milestone(int(cursor.lastrowid), kind, subject, happened, detail, False)

    def has(self, kind: str, subject: str = "") -> bool:
        return (
            self.vault.db.query_one(
                "SELECT 1 FROM milestones WHERE kind = ? AND subject = ?", (kind, subject)
            )
            is not None
        )

    def timeline(self, since: datetime | None = None) -> list[Milestone]:
        """Every milestone, oldest first (from ``since`` on, when given)."""
        rows = self.vault.db.query(f"SELECT {_COLUMNS} FROM milestones ORDER BY happened, id")
        found = [_milestone(tuple(row)) for row in rows]
        return found if since is None else [m for m in found if m.happened >= since]

    def uncelebrated(self) -> list[Milestone]:
        rows = self.vault.db.query(
            f"SELECT {_COLUMNS} FROM milestones WHERE celebrated IS NULL ORDER BY happened, id"
        )
        return [_milestone(tuple(row)) for row in rows]

    def mark_celebrated(self, ids: Iterable[int]) -> None:
        now = self.clock().isoformat()
        self.vault.db.executemany(
            "UPDATE milestones SET celebrated = ? WHERE id = ? AND celebrated IS NULL",
            [(now, milestone_id) for milestone_id in ids],
        )

    def current_streak(self, today: date | None = None) -> int:
        """Days in a row with an entry, ending today (or yesterday, so a streak
        is not broken before today's entry is written)."""
        return ProgressService(self.vault, self.clock).streaks(today).current

    def check_streak(self, today: date | None = None) -> list[Milestone]:
        """Record the streak milestones reached; call after an entry is written.
        Reads at most the longest streak milestone's days (not every day)."""
        streak = ProgressService(self.vault, self.clock).current_streak(today, at_most=max(STREAKS))
        reached = [self.record(f"streak_{days}") for days in STREAKS if streak >= days]
        return [milestone for milestone in reached if milestone is not None]

    def stage(self) -> str | None:
        """The furthest stage of the search the milestones show, if any."""
        rows = self.vault.db.query(
            "SELECT DISTINCT kind FROM milestones WHERE kind IN ({})".format(
                ", ".join("?" * len(MILESTONE_STAGES))
            ),
            tuple(MILESTONE_STAGES),
        )
        stages = [MILESTONE_STAGES[str(row[0])] for row in rows]
        return max(stages, key=("searching", "consulting", "in_therapy").index) if stages else None
