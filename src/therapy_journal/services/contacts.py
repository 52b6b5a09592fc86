"""The person's own contacts: therapists and where each stands, referral
sources, organizations, and their support network.

Moving a therapist along the pipeline keeps the date of every move and records
the matching milestone (first therapist identified, first consultation
scheduled and attended, a therapist chosen) through
:class:`~therapy_journal.services.milestones.MilestoneService`. Follow-ups
that are due, and people in the support network not checked in with for
longer than the rhythm the person chose, are due items for the Journal
area's header (:data:`~therapy_journal.services.due.DUE_SOURCES`).

Names, notes and everything else about a contact are the person's text: they
are never logged.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from statistics import fmean

import pyrage

from therapy_journal.services import support_network
from therapy_journal.services.contact_model import (
    KINDS,
    MAX_NOTES_CHARS,
    PIPELINE,
    PIPELINE_ORDER,
    Contact,
    InvalidContact,
)
from therapy_journal.services.dates import now_local
from therapy_journal.services.milestones import Milestone, MilestoneService
from therapy_journal.store.db import Database
from therapy_journal.store.vault import Vault

log = logging.getLogger(__name__)

INTERACTION_KINDS: dict[str, str] = {
    "called": "Called",
    "left_message": "Left a message",
    "emailed": "Emailed",
    "consultation": "Consultation",
    "session": "Session",
    "note": "Note",
}

# The milestones a move to each stage reaches, in pipeline order: moving
# straight to "consultation attended" means it was scheduled too.
STAGE_MILESTONES: dict[str, str] = {
    "identified": "first_therapist_identified",
    "consultation_scheduled": "first_consultation_scheduled",
    "consultation_attended": "first_consultation_attended",
    "chosen": "therapist_chosen",
}

OUTREACH_COMPARE = 3  # check-ins averaged at the start and now


class ContactNotFound(LookupError):
    def __init__(self, contact_id: int) -> None:
        super().__init__(f"There is no contact {contact_id}; it may have been deleted.")
        self.contact_id = contact_id


def check_age_recipient(text: str) -> str:
    """An age X25519 public key (``age1…``), checked with the age library."""
    key = text.strip()
    if not key:
        return ""
    try:
        pyrage.x25519.Recipient.from_str(key)
    except Exception:  # pyrage raises its own RecipientError, or ValueError
        raise InvalidContact(
            "That is not an age public key; it starts with age1 and is 62 characters long."
        ) from None
    return key


def _check(contact: Contact) -> Contact:
    cleaned = contact.cleaned()
    if not cleaned.name:
        raise InvalidContact("A contact needs a name.")
    if cleaned.email and ("@" not in cleaned.email or " " in cleaned.email):
        raise InvalidContact(f"'{cleaned.email}' does not look like an email address.")
    return replace(cleaned, age_recipient=check_age_recipient(contact.age_recipient))


@dataclass(frozen=True)
class StageMove:
    stage: str
    at: datetime
    reason: str


@dataclass(frozen=True)
class Interaction:
    id: int
    contact_id: int
    kind: str
    at: datetime
    notes: str


@dataclass(frozen=True)
class OutreachCheckin:
    id: int
    contact_id: int | None
    moment: str  # before, after
    at: datetime
    anxiety: int  # 0 (calm) to 10
    note: str


@dataclass(frozen=True)
class OutreachTrend:
    """How reaching out felt at first and how it feels now (0-10, lower is calmer):
    the first and latest few "before" check-ins, and the means before and after."""

    count: int
    first: float | None  # the mean of the first few check-ins
    recent: float | None  # the mean of the latest few
    before: float | None  # the mean of all "before" check-ins
    after: float | None  # the mean of all "after" check-ins


_COLUMNS = "id, kind, name, stage, follow_up, referred_by, data"


class ContactService:
    """The contacts of one unlocked vault."""

    def __init__(self, vault: Vault, clock: Callable[[], datetime] = now_local) -> None:
        self.vault = vault
        self.clock = clock

    @property
    def _db(self) -> Database:
        return self.vault.db

    @property
    def milestones(self) -> MilestoneService:
        return MilestoneService(self.vault, self.clock)

    # -- reading -------------------------------------------------------------------

    def get(self, contact_id: int) -> Contact:
        row = self._db.query_one(f"SELECT {_COLUMNS} FROM contacts WHERE id = ?", (contact_id,))
        if row is None:
            raise ContactNotFound(contact_id)
        return Contact.from_row(tuple(row))

    def contacts(self, kind: str | None = None) -> list[Contact]:
        """Contacts (of one kind, when given), by name."""
        where, params = ("WHERE kind = ?", (kind,)) if kind else ("", ())
        rows = self._db.query(
            f"SELECT {_COLUMNS} FROM contacts {where} ORDER BY name COLLATE NOCASE, id", params
        )
        return [Contact.from_row(tuple(row)) for row in rows]

    def by_kind(self, *, with_key: bool = False) -> dict[str, list[Contact]]:
        """Every contact (only those with an age public key, when ``with_key``)
        grouped by kind, in the order of :data:`KINDS`, each group by name."""
        groups: dict[str, list[Contact]] = {kind: [] for kind in KINDS}
        for contact in self.contacts():
            if contact.age_recipient or not with_key:
                groups[contact.kind].append(contact)
        return groups

    def by_stage(self) -> dict[str, list[Contact]]:
        """Therapists grouped by where they stand, in pipeline order."""
        board: dict[str, list[Contact]] = {stage: [] for stage in PIPELINE_ORDER}
        for contact in self.contacts("therapist"):
            board[contact.stage or "identified"].append(contact)
        return board

    def counts(self) -> dict[str, int]:
        rows = self._db.query("SELECT kind, count(*) FROM contacts GROUP BY kind")
        found = {str(kind): int(count) for kind, count in rows}
        return {kind: found.get(kind, 0) for kind in KINDS}

    # -- writing -------------------------------------------------------------------

    def add(self, contact: Contact) -> tuple[Contact, list[Milestone]]:
        """Store a new contact; a therapist starts as "identified" (a milestone)."""
        checked = _check(replace(contact, id=None))
        now = self.clock()
        with self._db.transaction():
            self._check_referrer(checked.referred_by, None)
            cursor = self._db.execute(
                "INSERT INTO contacts (kind, name, stage, follow_up, referred_by, created, "
                "updated, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (*self._columns(checked), now.isoformat(), now.isoformat(), self._data(checked)),
            )
            contact_id = int(cursor.lastrowid)
            reached: list[Milestone] = []
            if checked.is_therapist:
                reached = self._moved(contact_id, checked.stage, "", now)
        log.debug("added contact %d", contact_id)
        return self.get(contact_id), reached

    def add_many(self, contacts: Sequence[Contact]) -> list[tuple[Contact, list[Milestone]]]:
        """Store every contact, or none of them: one refused (its number and
        name in the message) and nothing is added."""
        added = []
        with self._db.transaction():
            for number, contact in enumerate(contacts, 1):
                try:
                    added.append(self.add(contact))
                except InvalidContact as error:
                    raise InvalidContact(
                        f"Contact {number} of {len(contacts)} ({contact.label}): {error}"
                    ) from None
        return added

    def update(self, contact: Contact) -> Contact:
        """Keep changed details; the stage moves only through :meth:`move`."""
        if contact.id is None:
            raise InvalidContact("This contact has not been stored yet.")
        with self._db.transaction():
            current = self.get(contact.id)
            checked = _check(replace(contact, stage=current.stage))
            if checked.kind != current.kind and current.is_therapist:
                checked = checked.for_kind()
            self._check_referrer(checked.referred_by, contact.id)
            if checked.is_therapist and not current.is_therapist:
                checked = replace(checked, stage="identified")  # now on the search's first step
                self._moved(contact.id, "identified", "", self.clock())
            if checked != current:
                self._db.execute(
                    "UPDATE contacts SET kind = ?, name = ?, stage = ?, follow_up = ?, "
                    "referred_by = ?, updated = ?, data = ? WHERE id = ?",
                    (
                        *self._columns(checked),
                        self.clock().isoformat(),
                        self._data(checked),
                        contact.id,
                    ),
                )
        return self.get(contact.id)

    def set_follow_up(self, contact_id: int, day: date | None) -> Contact:
        with self._db.transaction():
            self.get(contact_id)
            self._db.execute(
                "UPDATE contacts SET follow_up = ?, updated = ? WHERE id = ?",
                (day.isoformat() if day else None, self.clock().isoformat(), contact_id),
            )
        return self.get(contact_id)

    def delete(self, contact_id: int) -> None:
        """Delete a contact with its log; milestones it reached stay on the timeline."""
        with self._db.transaction():
            self.get(contact_id)
            self._db.execute("DELETE FROM contacts WHERE id = ?", (contact_id,))

    # -- the pipeline --------------------------------------------------------------

    def move(
        self, contact_id: int, stage: str, reason: str = "", when: datetime | None = None
    ) -> list[Milestone]:
        """Move a therapist to ``stage`` (dated); returns the milestones reached."""
        if stage not in PIPELINE:
            raise InvalidContact(f"'{stage}' is not a step of the search.")
        reason = reason.strip()[:MAX_NOTES_CHARS]
        if stage == "not_a_fit" and not reason:
            raise InvalidContact("Say in a few words why they are not a fit; it helps later.")
        at = when or self.clock()
        with self._db.transaction():
            contact = self.get(contact_id)
            if not contact.is_therapist:
                raise InvalidContact("Only therapists move through the steps of the search.")
            if stage == contact.stage and stage != "not_a_fit":
                return []
            data = contact.to_data()
            data["not_a_fit_reason"] = reason if stage == "not_a_fit" else ""
            self._db.execute(
                "UPDATE contacts SET stage = ?, updated = ?, data = ? WHERE id = ?",
                (stage, at.isoformat(), json.dumps(data, default=str), contact_id),
            )
            return self._moved(contact_id, stage, reason, at)

    def history(self, contact_id: int) -> list[StageMove]:
        """Every move of a therapist, oldest first."""
        rows = self._db.query(
            "SELECT stage, at, reason FROM contact_stages WHERE contact_id = ? ORDER BY at, id",
            (contact_id,),
        )
        return [StageMove(str(s), datetime.fromisoformat(str(a)), str(r)) for s, a, r in rows]

    def _moved(self, contact_id: int, stage: str, reason: str, at: datetime) -> list[Milestone]:
        self._db.execute(
            "INSERT INTO contact_stages (contact_id, stage, at, reason) VALUES (?, ?, ?, ?)",
            (contact_id, stage, at.isoformat(), reason),
        )
        if stage == "not_a_fit":
            return []
        reached = []
        upto = PIPELINE_ORDER.index(stage)
        for earlier in PIPELINE_ORDER[: upto + 1]:
            kind = STAGE_MILESTONES.get(earlier)
            if kind is not None:
                milestone = self.milestones.record(kind, when=at)
                reached += [milestone] if milestone else []
        return reached

    # -- interactions and outreach ---------------------------------------------------

    def log(
        self, contact_id: int, kind: str, notes: str = "", when: datetime | None = None
    ) -> Interaction:
        if kind not in INTERACTION_KINDS:
            raise InvalidContact(f"'{kind}' is not a kind of contact to log.")
        notes = notes.strip()
        if len(notes) > MAX_NOTES_CHARS:
            raise InvalidContact(f"Notes can be at most {MAX_NOTES_CHARS:,} characters.")
        at = when or self.clock()
        with self._db.transaction():
            self.get(contact_id)
            cursor = self._db.execute(
                "INSERT INTO interactions (contact_id, kind, at, notes) VALUES (?, ?, ?, ?)",
                (contact_id, kind, at.isoformat(), notes),
            )
        return Interaction(int(cursor.lastrowid), contact_id, kind, at, notes)

    def interactions(self, contact_id: int) -> list[Interaction]:
        """A contact's log, newest first."""
        rows = self._db.query(
            "SELECT id, contact_id, kind, at, notes FROM interactions WHERE contact_id = ? "
            "ORDER BY at DESC, id DESC",
            (contact_id,),
        )
        return [
            Interaction(int(i), int(c), str(k), datetime.fromisoformat(str(a)), str(n))
            for i, c, k, a, n in rows
        ]

    def delete_interaction(self, interaction_id: int) -> None:
        self._db.execute("DELETE FROM interactions WHERE id = ?", (interaction_id,))

    def record_outreach(
        self,
        moment: str,
        anxiety: int,
        note: str = "",
        contact_id: int | None = None,
        when: datetime | None = None,
    ) -> OutreachCheckin:
        """How anxious reaching out felt, before or after a call or consultation."""
        if moment not in ("before", "after"):
            raise InvalidContact("A check-in is from before or after reaching out.")
        if isinstance(anxiety, bool) or not isinstance(anxiety, int) or not 0 <= anxiety <= 10:
            raise InvalidContact("How anxious it felt is a whole number from 0 to 10.")
        note = " ".join(note.split())[:500]
        at = when or self.clock()
        with self._db.transaction():
            if contact_id is not None:
                self.get(contact_id)
            cursor = self._db.execute(
                "INSERT INTO outreach_checkins (contact_id, moment, at, anxiety, note) "
                "VALUES (?, ?, ?, ?, ?)",
                (contact_id, moment, at.isoformat(), anxiety, note),
            )
        return OutreachCheckin(int(cursor.lastrowid), contact_id, moment, at, anxiety, note)

    def outreach(self, contact_id: int | None = None) -> list[OutreachCheckin]:
        """Outreach check-ins (for one contact, when given), oldest first."""
        where, params = ("WHERE contact_id = ?", (contact_id,)) if contact_id else ("", ())
        rows = self._db.query(
            "SELECT id, contact_id, moment, at, anxiety, note FROM outreach_checkins "
            f"{where} ORDER BY at, id",
            params,
        )
        return [
            OutreachCheckin(
                int(i), None if c is None else int(c), str(m), datetime.fromisoformat(str(a)),
                int(x), str(n),
            )
            for i, c, m, a, x, n in rows
        ]  # fmt: skip

    def outreach_trend(self) -> OutreachTrend:
        """First versus now compares the "before" check-ins (the dread of picking
        up the phone), which is what gets easier with practice."""
        checkins = self.outreach()
        scores = [c.anxiety for c in checkins if c.moment == "before"]

        def mean(values: Sequence[int]) -> float | None:
            return fmean(values) if values else None

        enough = len(scores) >= 2 * OUTREACH_COMPARE
        return OutreachTrend(
            count=len(checkins),
            first=mean(scores[:OUTREACH_COMPARE]) if enough else None,
            recent=mean(scores[-OUTREACH_COMPARE:]) if enough else None,
            before=mean([c.anxiety for c in checkins if c.moment == "before"]),
            after=mean([c.anxiety for c in checkins if c.moment == "after"]),
        )

    # -- what is due -----------------------------------------------------------------

    def follow_ups_due(self, today: date | None = None) -> list[Contact]:
        """Contacts whose follow-up date is today or past, the oldest first."""
        today = today or self.clock().date()
        rows = self._db.query(
            f"SELECT {_COLUMNS} FROM contacts WHERE follow_up IS NOT NULL AND follow_up <= ? "
            "ORDER BY follow_up, id",
            (today.isoformat(),),
        )
        return [Contact.from_row(tuple(row)) for row in rows]

    def last_contact(self) -> dict[int, date]:
        """The day of each contact's latest logged interaction."""
        rows = self._db.query("SELECT contact_id, max(at) FROM interactions GROUP BY contact_id")
        return {int(c): datetime.fromisoformat(str(at)).date() for c, at in rows}

    def checkins_due(self, today: date | None = None) -> list[tuple[Contact, date]]:
        """Support-network contacts past their "check in every N days", with the
        day it fell due (counted from the last logged contact, or from adding them)."""
        today = today or self.clock().date()
        last = self.last_contact()
        created = {
            int(i): datetime.fromisoformat(str(c)).date()
            for i, c in self._db.query("SELECT id, created FROM contacts WHERE kind = 'support'")
        }
        due = []
        for contact in self.contacts("support"):
            if contact.id is None or not contact.checkin_days:
                continue
            since = last.get(contact.id, created.get(contact.id, today))
            when = since + timedelta(days=contact.checkin_days)
            if when <= today:
                due.append((contact, when))
        return sorted(due, key=lambda pair: pair[1])

    def network(self, professional: bool | None = None) -> dict[str, list[Contact]]:
        """The support network by the part people play, in the view's order: the
        parts a professional sees only when ``professional`` (None: the setting)."""
        if professional is None:
            professional = support_network.professional_setting()
        return support_network.network(self.contacts("support"), professional)

    # -- helpers -------------------------------------------------------------------

    @staticmethod
    def _columns(contact: Contact) -> tuple[object, ...]:
        return (
            contact.kind,
            contact.name,
            contact.stage or None,
            contact.follow_up.isoformat() if contact.follow_up else None,
            contact.referred_by,
        )

    @staticmethod
    def _data(contact: Contact) -> str:
        return json.dumps(contact.to_data(), ensure_ascii=False, sort_keys=True, default=str)

    def _check_referrer(self, referred_by: int | None, contact_id: int | None) -> None:
        if referred_by is None:
            return
        if referred_by == contact_id:
            raise InvalidContact("A contact cannot be their own referral.")
        if self._db.query_one("SELECT 1 FROM contacts WHERE id = ?", (referred_by,)) is None:
            raise InvalidContact("The contact who referred them no longer exists.")
