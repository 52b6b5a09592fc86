"""Goals with steps: "contact three therapists", "check my insurance coverage".

A goal has a title, why it matters, an optional due date, a checklist of steps
and a status (active, done, dropped). Its progress is the share of steps ticked.
Marking a goal done records a ``goal_done`` milestone, once per goal, through
:class:`~therapy_journal.services.milestones.MilestoneService`.

Titles, reasons and steps are the person's text: they are never logged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from therapy_journal.services.dates import now_local
from therapy_journal.services.milestones import Milestone, MilestoneService
from therapy_journal.services.reference import goal_templates
from therapy_journal.store.vault import Vault

log = logging.getLogger(__name__)

STATUSES: dict[str, str] = {"active": "Active", "done": "Done", "dropped": "Dropped"}
MAX_TITLE_CHARS = 200
MAX_WHY_CHARS = 5_000
MAX_STEP_CHARS = 500
MAX_STEPS = 100


class InvalidGoal(ValueError):
    """A goal or step that cannot be stored as given."""


class GoalNotFound(LookupError):
    def __init__(self, what: str, item_id: int) -> None:
        super().__init__(f"There is no {what} {item_id}.")
        self.item_id = item_id


@dataclass(frozen=True)
class Step:
    id: int
    text: str
    done: datetime | None  # when it was ticked

    @property
    def is_done(self) -> bool:
        return self.done is not None


@dataclass(frozen=True)
class Goal:
    id: int
    title: str
    why: str
    due: date | None
    status: str
    template: str | None
    created: datetime
    updated: datetime
    finished: datetime | None
    steps: tuple[Step, ...] = ()

    @property
    def steps_done(self) -> int:
        return sum(step.is_done for step in self.steps)

    @property
    def progress(self) -> float:
        """0.0 to 1.0: the share of steps done; a goal without steps is 0 until done."""
        if self.status == "done":
            return 1.0
        return self.steps_done / len(self.steps) if self.steps else 0.0

    def is_overdue(self, today: date) -> bool:
        return self.status == "active" and self.due is not None and self.due < today


def _one_line(text: str, empty: str, limit: int, too_long: str) -> str:
    cleaned = " ".join(text.split())
    if not cleaned:
        raise InvalidGoal(empty)
    if len(cleaned) > limit:
        raise InvalidGoal(too_long)
    return cleaned


def _title(text: str) -> str:
    return _one_line(
        text,
        "A goal needs a title.",
        MAX_TITLE_CHARS,
        f"A goal's title can be at most {MAX_TITLE_CHARS} characters.",
    )


def _step(text: str) -> str:
    return _one_line(
        text,
        "A step needs some text.",
        MAX_STEP_CHARS,
        f"A step can be at most {MAX_STEP_CHARS} characters.",
    )


def _why(text: str) -> str:
    cleaned = text.strip()
    if len(cleaned) > MAX_WHY_CHARS:
        raise InvalidGoal(f"Why a goal matters can be at most {MAX_WHY_CHARS} characters.")
    return cleaned


def _moment(value: object) -> datetime | None:
    return None if value is None else datetime.fromisoformat(str(value))


_GOAL_COLUMNS = "id, title, why, due, status, template, created, updated, finished"
# Active goals first, the soonest due first, goals without a due date after them.
_GOAL_ORDER = (
    "CASE status WHEN 'active' THEN 0 WHEN 'done' THEN 1 ELSE 2 END, "
    "due IS NULL, due, coalesce(finished, created) DESC, id DESC"
)


class GoalService:
    """The goals of one unlocked vault."""

    def __init__(self, vault: Vault, clock: Callable[[], datetime] = now_local) -> None:
        self.vault = vault
        self.clock = clock

    @property
    def milestones(self) -> MilestoneService:
        return MilestoneService(self.vault, self.clock)

    # -- reading -------------------------------------------------------------------

    def get(self, goal_id: int) -> Goal:
        if not 0 < goal_id < 2**63:  # beyond what SQLite can store, so not a goal
            raise GoalNotFound("goal", goal_id)
        row = self.vault.db.query_one(f"SELECT {_GOAL_COLUMNS} FROM goals WHERE id = ?", (goal_id,))
        if row is None:
            raise GoalNotFound("goal", goal_id)
        return self._goal(tuple(row), self._steps([goal_id]).get(goal_id, ()))

    def goals(self, status: str | None = None) -> list[Goal]:
        """Goals (of one status, when given): active first, soonest due first."""
        where, params = ("WHERE status = ?", (status,)) if status else ("", ())
        rows = self.vault.db.query(
            f"SELECT {_GOAL_COLUMNS} FROM goals {where} ORDER BY {_GOAL_ORDER}", params
        )
        steps = self._steps([int(row[0]) for row in rows])
        return [self._goal(tuple(row), steps.get(int(row[0]), ())) for row in rows]

    def overdue(self, today: date | None = None) -> list[Goal]:
        today = today or self.clock().date()
        return [goal for goal in self.goals("active") if goal.is_overdue(today)]

    def counts(self) -> dict[str, int]:
        rows = self.vault.db.query("SELECT status, count(*) FROM goals GROUP BY status")
        found = {str(status): int(count) for status, count in rows}
        return {status: found.get(status, 0) for status in STATUSES}

    # -- writing -------------------------------------------------------------------

    def create(
        self,
        title: str,
        why: str = "",
        due: date | None = None,
        steps: Sequence[str] = (),
        template: str | None = None,
    ) -> Goal:
        title, why = _title(title), _why(why)
        cleaned = [_step(text) for text in steps]
        if len(cleaned) > MAX_STEPS:
            raise InvalidGoal(f"A goal can have at most {MAX_STEPS} steps.")
        now = self.clock().isoformat()
        with self.vault.db.transaction():
            cursor = self.vault.db.execute(
                "INSERT INTO goals (title, why, due, template, created, updated) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (title, why, due.isoformat() if due else None, template, now, now),
            )
            goal_id = int(cursor.lastrowid)
            self.vault.db.executemany(
                "INSERT INTO goal_steps (goal_id, position, text) VALUES (?, ?, ?)",
                [(goal_id, position, text) for position, text in enumerate(cleaned)],
            )
        log.debug("created goal %d", goal_id)
        return self.get(goal_id)

    def from_template(self, template_id: str, today: date | None = None) -> Goal:
        """A new goal from a template, due ``due_in_days`` after ``today``."""
        found = {t.id: t for t in goal_templates()}.get(template_id)
        if found is None:
            raise InvalidGoal(f"There is no goal template '{template_id}'.")
        today = today or self.clock().date()
        due = today + timedelta(days=found.due_in_days) if found.due_in_days else None
        return self.create(found.title, found.why, due, found.steps, template=found.id)

    def update(self, goal_id: int, title: str, why: str, due: date | None) -> Goal:
        title, why = _title(title), _why(why)
        with self.vault.db.transaction():
            current = self.get(goal_id)
            if (current.title, current.why, current.due) != (title, why, due):
                self.vault.db.execute(
                    "UPDATE goals SET title = ?, why = ?, due = ?, updated = ? WHERE id = ?",
                    (title, why, due.isoformat() if due else None, self._now(), goal_id),
                )
        return self.get(goal_id)

    def set_status(self, goal_id: int, status: str) -> list[Milestone]:
        """Mark a goal active, done or dropped; returns the milestones this reached."""
        if status not in STATUSES:
            raise InvalidGoal(f"'{status}' is not a status of a goal.")
        reached: list[Milestone] = []
        with self.vault.db.transaction():
            goal = self.get(goal_id)
            if goal.status == status:
                return reached
            now = self._now()
            self.vault.db.execute(
                "UPDATE goals SET status = ?, finished = ?, updated = ? WHERE id = ?",
                (status, None if status == "active" else now, now, goal_id),
            )
            if status == "done":
                milestone = self.milestones.record("goal_done", str(goal_id), goal.title)
                reached += [milestone] if milestone else []
        return reached

    def delete(self, goal_id: int) -> None:
        with self.vault.db.transaction():
            self.get(goal_id)
            self.vault.db.execute("DELETE FROM goals WHERE id = ?", (goal_id,))

    # -- steps ---------------------------------------------------------------------

    def add_step(self, goal_id: int, text: str) -> Goal:
        text = _step(text)
        with self.vault.db.transaction():
            goal = self.get(goal_id)
            if len(goal.steps) >= MAX_STEPS:
                raise InvalidGoal(f"A goal can have at most {MAX_STEPS} steps.")
            self.vault.db.execute(
                "INSERT INTO goal_steps (goal_id, position, text) VALUES (?, "
                "(SELECT coalesce(max(position), -1) + 1 FROM goal_steps WHERE goal_id = ?), ?)",
                (goal_id, goal_id, text),
            )
            self._touch(goal_id)
        return self.get(goal_id)

    def edit_step(self, step_id: int, text: str) -> Goal:
        text = _step(text)
        with self.vault.db.transaction():
            goal_id = self._goal_of(step_id)
            self.vault.db.execute("UPDATE goal_steps SET text = ? WHERE id = ?", (text, step_id))
            self._touch(goal_id)
        return self.get(goal_id)

    def set_step_done(self, step_id: int, done: bool) -> Goal:
        with self.vault.db.transaction():
            goal_id = self._goal_of(step_id)
            self.vault.db.execute(
                "UPDATE goal_steps SET done = ? WHERE id = ? AND (done IS NULL) = ?",
                (self._now() if done else None, step_id, done),
            )
            self._touch(goal_id)
        return self.get(goal_id)

    def remove_step(self, step_id: int) -> Goal:
        with self.vault.db.transaction():
            goal_id = self._goal_of(step_id)
            self.vault.db.execute("DELETE FROM goal_steps WHERE id = ?", (step_id,))
            self._touch(goal_id)
        return self.get(goal_id)

    def move_step(self, step_id: int, position: int) -> Goal:
        """Put a step at ``position`` (0 is first) among its goal's steps."""
        with self.vault.db.transaction():
            goal_id = self._goal_of(step_id)
            order = [step.id for step in self.get(goal_id).steps if step.id != step_id]
            order.insert(max(0, min(position, len(order))), step_id)
            self.vault.db.executemany(
                "UPDATE goal_steps SET position = ? WHERE id = ?",
                [(index, sid) for index, sid in enumerate(order)],
            )
            self._touch(goal_id)
        return self.get(goal_id)

    # -- helpers -------------------------------------------------------------------

    def _now(self) -> str:
        return self.clock().isoformat()

    def _touch(self, goal_id: int) -> None:
        self.vault.db.execute("UPDATE goals SET updated = ? WHERE id = ?", (self._now(), goal_id))

    def _goal_of(self, step_id: int) -> int:
        goal_id = self.vault.db.scalar("SELECT goal_id FROM goal_steps WHERE id = ?", (step_id,))
        if goal_id is None:
            raise GoalNotFound("step", step_id)
        return int(goal_id)

    def _steps(self, goal_ids: Sequence[int]) -> dict[int, tuple[Step, ...]]:
        if not goal_ids:
            return {}
        found: dict[int, list[Step]] = {}
        marks = ", ".join("?" * len(goal_ids))
        rows = self.vault.db.query(
            f"SELECT goal_id, id, text, done FROM goal_steps WHERE goal_id IN ({marks}) "
            "ORDER BY goal_id, position, id",
            tuple(goal_ids),
        )
        for goal_id, step_id, text, done in rows:
            found.setdefault(int(goal_id), []).append(Step(int(step_id), str(text), _moment(done)))
        return {goal_id: tuple(steps) for goal_id, steps in found.items()}

    @staticmethod
    def _goal(row: tuple[object, ...], steps: tuple[Step, ...]) -> Goal:
        goal_id, title, why, due, status, template, created, updated, finished = row
        return Goal(
            id=int(str(goal_id)),
            title=str(title),
            why=str(why),
            due=None if due is None else date.fromisoformat(str(due)),
            status=str(status),
            template=None if template is None else str(template),
            created=datetime.fromisoformat(str(created)),
            updated=datetime.fromisoformat(str(updated)),
            finished=_moment(finished),
            steps=steps,
        )
