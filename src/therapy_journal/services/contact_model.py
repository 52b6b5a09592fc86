"""A contact: a therapist, a referral source, an organization, or someone in
the person's own support network. Plain data, checked when made.

Fields that fit one kind only (a therapist's pipeline stage, a support
contact's role and check-in rhythm) are simply empty on the others. A contact
is stored as a few indexed columns plus the rest as JSON, read back leniently
like the profile: what does not fit is dropped, so nothing stored can crash
the app.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date, datetime
from typing import Any

from therapy_journal.services.dates import FIRST_YEAR, LAST_YEAR, as_local
from therapy_journal.services.professions import profession_names
from therapy_journal.services.profile import (
    AGE_CHOICES,
    CONCERNS,
    DAYS,
    FOR_WHOM,
    STYLE_AXES,
    TIMES,
)
from therapy_journal.services.reference import approach_names

log = logging.getLogger(__name__)

MAX_LINE_CHARS = 500
MAX_NOTES_CHARS = 20_000
MAX_LIST_ITEMS = 50

KINDS: dict[str, str] = {
    "therapist": "Therapist",
    "referral": "Referral source",
    "organization": "Organization",
    "support": "Support network",
}

REFERRAL_TYPES: dict[str, str] = {
    "primary_care": "Primary care provider",
    "friend": "Friend",
    "colleague": "Colleague",
    "school_work": "School or work program",
    "other": "Someone else",
}

# The parts people play in a support network. Which of them a person sees, and in
# what order, is services.support_network's: professional parts only for professionals.
SUPPORT_ROLES: dict[str, str] = {
    "friends": "Friends",
    "family": "Family",
    "peer_support": "Peer or support groups",
    "supervision": "Clinical supervision",
    "professional": "Professional associations",
    "community": "Community",
    "hobbies": "Hobbies and volunteering",
    "care_team": "My therapist, doctor or care team",
    "crisis_lines": "Crisis and support lines",
    "peer_consultation": "Peer consultation",
    "training": "Training and continuing education",
}

# Where a therapist stands; "not_a_fit" is an end from any stage.
PIPELINE: dict[str, str] = {
    "identified": "Identified",
    "contacted": "Contacted",
    "consultation_scheduled": "Consultation scheduled",
    "consultation_attended": "Consultation attended",
    "chosen": "Chosen",
    "not_a_fit": "Not a fit",
}
PIPELINE_ORDER = tuple(PIPELINE)

SESSION_FORMATS: dict[str, str] = {
    "telehealth": "Telehealth only",
    "in_person": "In person only",
    "both": "Telehealth and in person",
}


# What the person learned about a therapist, each "" while not known (the default).
CULTURE_CHOICES: dict[str, str] = {
    "shares": "Shares my background",
    "understands": "Knows my background well",
    "no": "Neither",
}
FAITH_CHOICES: dict[str, str] = {
    "shares": "Shares my faith or outlook",
    "respects": "Works well with my faith or outlook",
    "no": "Neither",
}
AFFIRMING_ANSWERS: dict[str, str] = {
    "yes": "Yes, their practice is affirming",
    "no": "They said it is not",
}
THEIR_AGE = AGE_CHOICES  # their age next to the person's: younger, about the same, older


class InvalidContact(ValueError):
    """A contact that cannot be stored as given; the message says why."""


def _text(value: object, limit: int = MAX_LINE_CHARS) -> str:
    return value.strip()[:limit] if isinstance(value, str) else ""


def _line(value: object) -> str:
    return " ".join(_text(value).split())


def _choice(value: object, allowed: dict[str, str]) -> str:
    return value if isinstance(value, str) and value in allowed else ""


def _items(value: object, allowed: dict[str, str] | None = None) -> tuple[str, ...]:
    """A list of short strings (of ``allowed`` ids, when given), without repeats."""
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list | tuple):
        return ()
    found: list[str] = []
    for item in value:
        text = _line(item)
        if text and (allowed is None or text in allowed) and text not in found:
            found.append(text)
    return tuple(found[:MAX_LIST_ITEMS])


def _count(value: object, limit: int) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 0 <= value <= limit else None


def _flag(value: object) -> bool | None:
    return value if isinstance(value, bool) else None


def _styles(value: object) -> dict[str, str]:
    """Their communication style, axis by axis, as the profile's STYLE_AXES name it."""
    axes = {axis.id: axis.options for axis in STYLE_AXES}
    if not isinstance(value, dict):
        return {}
    return {
        axis: option
        for axis, option in value.items()
        if axis in axes and isinstance(option, str) and option in axes[axis]
    }


def _moment(value: object) -> datetime | None:
    """An aware moment to the whole minute (naive ones are local time), or None."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, datetime) or not FIRST_YEAR <= value.year <= LAST_YEAR:
        return None
    return as_local(value).replace(second=0, microsecond=0)


def _day(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


@dataclass(frozen=True)
class Contact:
    """One contact. ``id`` is None until it is stored."""

    kind: str = "therapist"
    name: str = ""
    id: int | None = None
    credentials: str = ""  # e.g. "LCSW", "PhD, licensed psychologist"
    practice: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    address: str = ""
    session_format: str = ""  # SESSION_FORMATS, "" when not known
    travel_minutes: int | None = None  # from the person's home, one way
    languages: tuple[str, ...] = ()
    approaches: tuple[str, ...] = ()  # approach ids of the glossary
    specialties: tuple[str, ...] = ()  # concern ids of the profile
    other_specialties: str = ""
    insurance: tuple[str, ...] = ()  # insurers or plans accepted
    fee: int | None = None  # per session, in the person's currency
    sliding_scale: bool | None = None
    days: tuple[str, ...] = ()  # profile DAYS they have openings
    times: tuple[str, ...] = ()  # profile TIMES they have openings
    availability: str = ""  # in words: "waitlist until March"
    referred_by: int | None = None  # another contact's id
    referral_type: str = ""  # REFERRAL_TYPES, for referral sources
    support_role: str = ""  # SUPPORT_ROLES, for the support network
    checkin_days: int | None = None  # "check in every N days", support network
    follow_up: date | None = None
    stage: str = ""  # PIPELINE, for therapists
    not_a_fit_reason: str = ""
    age_recipient: str = ""  # their age public key (age1…), for sharing; any kind
    questions: str = ""  # the person's own "questions to ask", once edited
    notes: str = ""
    consultation: datetime | None = None  # when a consultation is booked, therapists only
    # What the person learned about a therapist (issue 17); each "" or empty while not known.
    profession: str = ""  # services.professions id, "" when not known
    licensed_in: tuple[str, ...] = ()  # states, provinces or countries
    sees: tuple[str, ...] = ()  # profile FOR_WHOM they see: me, child_teen, couple, family
    gender: str = ""  # in the person's words, "" when not known
    age: str = ""  # THEIR_AGE, next to the person's
    culture: str = ""  # CULTURE_CHOICES
    faith: str = ""  # FAITH_CHOICES
    lgbtq_affirming: str = ""  # AFFIRMING_ANSWERS
    styles: dict[str, str] = field(default_factory=dict)  # profile STYLE_AXES id -> option

    @property
    def label(self) -> str:
        return self.name or "(no name)"

    @property
    def is_therapist(self) -> bool:
        return self.kind == "therapist"

    def to_data(self) -> dict[str, Any]:
        """Everything but the indexed columns, for the JSON column."""
        data = asdict(self)
        for key in ("id", "kind", "name", "stage", "follow_up", "referred_by"):
            data.pop(key)
        data["consultation"] = self.consultation.isoformat() if self.consultation else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Contact:
        """A contact from loosely typed data: what does not fit is dropped."""
        kind = _choice(data.get("kind"), KINDS) or "therapist"
        contact = cls(
            kind=kind,
            name=_line(data.get("name")),
            id=_count(data.get("id"), 2**62),
            credentials=_line(data.get("credentials")),
            practice=_line(data.get("practice")),
            phone=_line(data.get("phone")),
            email=_line(data.get("email")),
            website=_line(data.get("website")),
            address=_text(data.get("address")),
            session_format=_choice(data.get("session_format"), SESSION_FORMATS),
            travel_minutes=_count(data.get("travel_minutes"), 24 * 60),
            languages=_items(data.get("languages")),
            approaches=_items(data.get("approaches"), approach_names()),
            specialties=_items(data.get("specialties"), CONCERNS),
            other_specialties=_line(data.get("other_specialties")),
            insurance=_items(data.get("insurance")),
            fee=_count(data.get("fee"), 1_000_000),
            sliding_scale=_flag(data.get("sliding_scale")),
            days=_items(data.get("days"), DAYS),
            times=_items(data.get("times"), TIMES),
            availability=_line(data.get("availability")),
            profession=_choice(data.get("profession"), profession_names()),
            licensed_in=_items(data.get("licensed_in")),
            sees=_items(data.get("sees"), FOR_WHOM),
            gender=_line(data.get("gender")),
            age=_choice(data.get("age"), THEIR_AGE),
            culture=_choice(data.get("culture"), CULTURE_CHOICES),
            faith=_choice(data.get("faith"), FAITH_CHOICES),
            lgbtq_affirming=_choice(data.get("lgbtq_affirming"), AFFIRMING_ANSWERS),
            styles=_styles(data.get("styles")),
            referred_by=_count(data.get("referred_by"), 2**62),
            referral_type=_choice(data.get("referral_type"), REFERRAL_TYPES),
            support_role=_choice(data.get("support_role"), SUPPORT_ROLES),
            checkin_days=_count(data.get("checkin_days"), 3650) or None,
            follow_up=_day(data.get("follow_up")),
            stage=_choice(data.get("stage"), PIPELINE),
            consultation=_moment(data.get("consultation")),
            not_a_fit_reason=_text(data.get("not_a_fit_reason")),
            age_recipient=_line(data.get("age_recipient")),
            questions=_text(data.get("questions"), MAX_NOTES_CHARS),
            notes=_text(data.get("notes"), MAX_NOTES_CHARS),
        )
        return contact.for_kind()

    @classmethod
    def from_row(cls, row: tuple[object, ...]) -> Contact:
        """From ``id, kind, name, stage, follow_up, referred_by, data``."""
        contact_id, kind, name, stage, follow_up, referred_by, data = row
        try:
            extra = json.loads(str(data))
        except ValueError:
            log.warning("contact %s has damaged details; showing its name only", contact_id)
            extra = {}
        extra = extra if isinstance(extra, dict) else {}
        extra.update(
            id=contact_id,
            kind=kind,
            name=name,
            stage=stage,
            follow_up=follow_up,
            referred_by=referred_by,
        )
        return cls.from_dict(extra)

    def for_kind(self) -> Contact:
        """The same contact without the fields its kind does not have. Every
        kind keeps its age public key: a bundle can be for anyone."""
        changes: dict[str, Any] = {}
        if self.kind != "therapist":
            changes.update(stage="", not_a_fit_reason="", questions="", consultation=None)
        elif not self.stage:
            changes["stage"] = "identified"
        if self.kind != "referral":
            changes["referral_type"] = ""
        if self.kind != "support":
            changes.update(support_role="", checkin_days=None)
        return replace(self, **changes) if changes else self

    def cleaned(self) -> Contact:
        """Every field checked, as a save stores it."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        for key in ("follow_up", "consultation"):
            if isinstance(values[key], date):
                values[key] = values[key].isoformat()
        return Contact.from_dict(values)
