"""The preference profile: what the person wants in a therapist.

Every save keeps a new version with its date (``profile_versions``), so the
person can see how their preferences changed; the newest version is the
profile. A version is stored as JSON and read back leniently: unknown keys and
values are dropped, so a vault written by a later version of the app still
opens, and nothing in a stored profile can crash the app.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any

from therapy_journal.services.dates import now_local
from therapy_journal.services.professions import profession_names
from therapy_journal.services.reference import approach_names, approaches
from therapy_journal.store.vault import Vault

log = logging.getLogger(__name__)

MAX_TEXT_CHARS = 20_000
MAX_LINE_CHARS = 500

# -- vocabulary: ids are stored, labels are shown (the GUI passes them through tr) --

APPROACH_CHOICES: dict[str, str] = {
    "prefer": "I would like this",
    "curious": "Curious, want to know more",
    "avoid": "I would rather avoid it",
}

CONCERNS: dict[str, str] = {
    "anxiety": "Anxiety",
    "depression": "Depression or low mood",
    "trauma": "Trauma",
    "grief": "Grief and loss",
    "relationships": "Relationships",
    "family": "Family",
    "identity": "Identity (gender, sexuality, culture)",
    "substance_use": "Alcohol, drugs or other substance use",
    "eating": "Eating and body image",
    "sleep": "Sleep",
    "work_stress": "Work or study stress",
    "life_transitions": "Life transitions",
    # Added later; ids are stored in profiles and contacts, so they are only ever added.
    "ocd": "Obsessions and compulsions (OCD)",
    "child_teen": "Children and teens",
    "couple": "Couples",
}


@dataclass(frozen=True)
class StyleAxis:
    id: str
    question: str
    options: dict[str, str]


STYLE_AXES: tuple[StyleAxis, ...] = (
    StyleAxis(
        "directness",
        "How they talk with you",
        {"direct": "Direct: says what they see", "gentle": "Gentle: goes at my pace"},
    ),
    StyleAxis(
        "structure",
        "How sessions run",
        {"structured": "Structured, with a plan", "open": "Open-ended, following what comes up"},
    ),
    StyleAxis(
        "homework",
        "Between sessions",
        {"homework": "Exercises to try between sessions", "none": "No homework"},
    ),
    StyleAxis(
        "talk",
        "Who talks more",
        {"talkative": "A therapist who talks and suggests", "listening": "One who mostly listens"},
    ),
)

AGE_CHOICES = {"younger": "Younger than me", "similar": "About my age", "older": "Older than me"}
AFFIRMING_CHOICES = {"important": "Important to me", "essential": "Essential"}
FORMAT_CHOICES = {"telehealth": "Telehealth", "in_person": "In person", "either": "Either"}
PAYMENT_CHOICES = {"insurance": "Insurance", "self_pay": "Self-pay", "either": "Either"}
DAYS = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}
TIMES = {"morning": "Mornings", "afternoon": "Afternoons", "evening": "Evenings"}

FOR_WHOM: dict[str, str] = {
    "me": "Me",
    "child_teen": "My child or teen",
    "couple": "Us, as a couple",
    "family": "Our family",
}
MEDICATION_CHOICES: dict[str, str] = {
    "prescriber": "Yes: I would like someone who can prescribe",
    "maybe": "Maybe: I would like to talk it over",
    "no": "No: talk therapy only",
}
# The parts of the fit a person can mark as essential (matching's area ids): an
# essential part that is not met caps the fit; one that is not known is asked first.
ESSENTIALS: dict[str, str] = {
    "for_whom": "Sees who the therapy is for",
    "licensed": "Licensed where I live",
    "prescriber": "Can prescribe",
    "profession": "One of the professions I am open to",
    "gender": "Therapist's gender",
    "age": "Therapist's age",
    "culture": "Cultural background",
    "faith": "Faith",
    "lgbtq_affirming": "LGBTQ+ affirming practice",
    "language": "Language",
    "format": "Telehealth or in person",
    "insurance": "Insurance",
    "budget": "Budget",
}

STAGES: dict[str, str] = {
    "exploring": "Working out what I want",
    "searching": "Looking for and contacting therapists",
    "consulting": "Having first consultations",
    "in_therapy": "Seeing a therapist",
}
STAGE_ORDER = tuple(STAGES)


@dataclass(frozen=True)
class Profile:
    """One version of the preference profile. Empty strings and ``None`` mean
    "no preference" or "not filled in"."""

    approaches: dict[str, str] = field(default_factory=dict)  # approach id -> APPROACH_CHOICES
    for_whom: str = ""  # FOR_WHOM
    medication: str = ""  # MEDICATION_CHOICES
    professions: tuple[str, ...] = ()  # profession ids (services.professions) I am open to
    lives_in: str = ""  # state, province or country, for "licensed where I live"
    essentials: tuple[str, ...] = ()  # ESSENTIALS marked essential
    styles: dict[str, str] = field(default_factory=dict)  # axis id -> option id
    concerns: tuple[str, ...] = ()
    other_concerns: str = ""
    gender: str = ""
    age: str = ""
    cultural_background: str = ""
    faith: str = ""
    lgbtq_affirming: str = ""
    languages: tuple[str, ...] = ()
    format: str = ""
    location: str = ""
    max_travel_minutes: int | None = None
    payment: str = ""
    insurer: str = ""
    budget_per_session: int | None = None
    sliding_scale: bool = False
    days: tuple[str, ...] = ()
    times: tuple[str, ...] = ()
    stage: str = "exploring"
    hopes: str = ""
    did_not_work: str = ""

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Profile:
        try:
            data = json.loads(text)
        except ValueError:
            log.warning("a stored profile version is not JSON; showing an empty profile")
            return cls()
        return cls.from_dict(data if isinstance(data, dict) else {})

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Profile:
        """A profile from loosely typed data: what does not fit is dropped."""
        approach_ids = {a.id for a in approaches()}
        axes = {axis.id: axis.options for axis in STYLE_AXES}
        raw_approaches = data.get("approaches")
        raw_styles = data.get("styles")
        return cls(
            approaches={
                key: value
                for key, value in (
                    raw_approaches if isinstance(raw_approaches, dict) else {}
                ).items()
                if key in approach_ids and value in APPROACH_CHOICES
            },
            styles={
                key: value
                for key, value in (raw_styles if isinstance(raw_styles, dict) else {}).items()
                if key in axes and value in axes[key]
            },
            for_whom=_choice(data.get("for_whom"), FOR_WHOM),
            medication=_choice(data.get("medication"), MEDICATION_CHOICES),
            professions=_choices(data.get("professions"), profession_names()),
            lives_in=_text(data.get("lives_in"), MAX_LINE_CHARS),
            essentials=_choices(data.get("essentials"), ESSENTIALS),
            concerns=_choices(data.get("concerns"), CONCERNS),
            other_concerns=_text(data.get("other_concerns"), MAX_LINE_CHARS),
            gender=_text(data.get("gender"), MAX_LINE_CHARS),
            age=_choice(data.get("age"), AGE_CHOICES),
            cultural_background=_text(data.get("cultural_background"), MAX_LINE_CHARS),
            faith=_text(data.get("faith"), MAX_LINE_CHARS),
            lgbtq_affirming=_choice(data.get("lgbtq_affirming"), AFFIRMING_CHOICES),
            languages=_lines(data.get("languages")),
            format=_choice(data.get("format"), FORMAT_CHOICES),
            location=_text(data.get("location"), MAX_LINE_CHARS),
            max_travel_minutes=_count(data.get("max_travel_minutes"), 24 * 60),
            payment=_choice(data.get("payment"), PAYMENT_CHOICES),
            insurer=_text(data.get("insurer"), MAX_LINE_CHARS),
            budget_per_session=_count(data.get("budget_per_session"), 1_000_000),
            sliding_scale=data.get("sliding_scale") is True,
            days=_choices(data.get("days"), DAYS),
            times=_choices(data.get("times"), TIMES),
            stage=_choice(data.get("stage"), STAGES) or "exploring",
            hopes=_text(data.get("hopes"), MAX_TEXT_CHARS),
            did_not_work=_text(data.get("did_not_work"), MAX_TEXT_CHARS),
        )

    def cleaned(self) -> Profile:
        """The same profile with every field checked (what a save stores)."""
        return Profile.from_dict(asdict(self))

    def approaches_marked(self, choice: str) -> tuple[str, ...]:
        """Approach ids marked ``choice``, in glossary order."""
        return tuple(a.id for a in approaches() if self.approaches.get(a.id) == choice)

    def is_essential(self, part: str) -> bool:
        """Whether the person marked ``part`` (an ESSENTIALS id) as essential."""
        return part in self.essentials or (
            part == "lgbtq_affirming" and self.lgbtq_affirming == "essential"
        )

    @property
    def is_empty(self) -> bool:
        return self == Profile(stage=self.stage)


def _text(value: object, limit: int) -> str:
    return value.strip()[:limit] if isinstance(value, str) else ""


def _choice(value: object, allowed: dict[str, str]) -> str:
    return value if isinstance(value, str) and value in allowed else ""


def _choices(value: object, allowed: dict[str, str]) -> tuple[str, ...]:
    chosen = set(value) if isinstance(value, list | tuple) else set()
    return tuple(key for key in allowed if key in chosen)


def _lines(value: object) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        return ()
    seen: dict[str, None] = {}
    for item in value:
        text = _text(item, MAX_LINE_CHARS)
        if text and text.casefold() not in {s.casefold() for s in seen}:
            seen[text] = None
    return tuple(seen)


def _count(value: object, limit: int) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        return None
    return min(value, limit)


# -- checking a profile given as data (the command line's `profile set`) -------------------

# The values of the fields that take one or more of a fixed set, to name in a refusal.
FIELD_CHOICES: dict[str, dict[str, str]] = {
    "for_whom": FOR_WHOM,
    "medication": MEDICATION_CHOICES,
    "essentials": ESSENTIALS,
    "concerns": CONCERNS,
    "age": AGE_CHOICES,
    "lgbtq_affirming": AFFIRMING_CHOICES,
    "format": FORMAT_CHOICES,
    "payment": PAYMENT_CHOICES,
    "days": DAYS,
    "times": TIMES,
    "stage": STAGES,
}


def _normal(value: object) -> object:
    if isinstance(value, list | tuple):
        return sorted((_normal(item) for item in value), key=repr)
    if isinstance(value, dict):
        return {key: _normal(item) for key, item in value.items()}
    return value.strip() if isinstance(value, str) else value


def refused_fields(data: dict[str, Any]) -> list[str]:
    """What in ``data`` a profile would not keep as given: keys that are not
    fields, and values :meth:`Profile.from_dict` would drop or change. One
    plain line each; empty when the whole of ``data`` would be kept."""
    known = {f.name for f in fields(Profile)}
    problems = [f"'{key}' is not part of the profile" for key in data if key not in known]
    for key, value in data.items():
        if key not in known:
            continue
        kept = asdict(Profile.from_dict({key: value}))[key]
        if _normal(kept) == _normal(value):
            continue
        allowed = profession_names() if key == "professions" else FIELD_CHOICES.get(key)
        hint = f" (it takes: {', '.join(allowed)})" if allowed else ""
        problems.append(f"'{key}' cannot be {json.dumps(value, ensure_ascii=False)[:80]}{hint}")
    return problems


# -- what changed between versions ------------------------------------------------------

FIELD_LABELS: dict[str, str] = {
    "approaches": "Approaches",
    "for_whom": "Who the therapy is for",
    "medication": "Medication",
    "professions": "Professions I am open to",
    "lives_in": "Where I live",
    "essentials": "What is essential",
    "styles": "Communication style",
    "concerns": "Concerns",
    "other_concerns": "Other concerns",
    "gender": "Therapist's gender",
    "age": "Therapist's age",
    "cultural_background": "Cultural background",
    "faith": "Faith",
    "lgbtq_affirming": "LGBTQ+ affirming practice",
    "languages": "Languages",
    "format": "Telehealth or in person",
    "location": "Location",
    "max_travel_minutes": "Travel time",
    "payment": "Insurance or self-pay",
    "insurer": "Insurer",
    "budget_per_session": "Budget per session",
    "sliding_scale": "Sliding scale",
    "days": "Days",
    "times": "Times",
    "stage": "Where I am in the search",
    "hopes": "What I hope therapy helps me with",
    "did_not_work": "What did not work before",
}


def changed_fields(old: Profile, new: Profile) -> list[str]:
    """Labels of the fields that differ, in form order."""
    return [
        FIELD_LABELS[f.name]
        for f in fields(Profile)
        if getattr(old, f.name) != getattr(new, f.name)
    ]


# -- one-page summary ----------------------------------------------------------------------


def summary_markdown(profile: Profile) -> str:
    """The profile on one page, as Markdown (shown in the app, shared later)."""
    names = approach_names()
    out = ["# What I am looking for in a therapist", ""]

    def section(title: str, lines: list[str]) -> None:
        lines = [line for line in lines if line]
        if lines:
            out.extend([f"## {title}", "", *lines, ""])

    def item(label: str, value: str) -> str:
        return f"- **{label}:** {markdown_literal(value)}" if value else ""

    section("Where I am", [STAGES[profile.stage]])
    professions = profession_names()
    section(
        "The therapy",
        [
            item("For", FOR_WHOM.get(profile.for_whom, "")),
            item("Medication", MEDICATION_CHOICES.get(profile.medication, "")),
            item("Open to", ", ".join(professions[p] for p in profile.professions)),
            item("Licensed in", profile.lives_in),
            item("Essential", ", ".join(ESSENTIALS[e] for e in profile.essentials)),
        ],
    )
    unsure = (
        "- Not sure yet what kind of therapy fits me" if "not_sure" in profile.approaches else ""
    )
    section(
        "Approaches",
        [
            unsure,
            *(
                item(
                    APPROACH_CHOICES[choice],
                    ", ".join(
                        names[a] for a in profile.approaches_marked(choice) if a != "not_sure"
                    ),
                )
                for choice in APPROACH_CHOICES
            ),
        ],
    )
    section(
        "Communication style",
        [
            item(axis.question, axis.options[profile.styles[axis.id]])
            for axis in STYLE_AXES
            if axis.id in profile.styles
        ],
    )
    concerns = [CONCERNS[c] for c in profile.concerns]
    if profile.other_concerns:
        concerns.append(profile.other_concerns)
    section("What I would like help with", [f"- {markdown_literal(c)}" for c in concerns])
    section(
        "The therapist",
        [
            item("Gender", profile.gender),
            item("Age", AGE_CHOICES.get(profile.age, "")),
            item("Cultural background", profile.cultural_background),
            item("Faith", profile.faith),
            item("LGBTQ+ affirming practice", AFFIRMING_CHOICES.get(profile.lgbtq_affirming, "")),
            item("Languages", ", ".join(profile.languages)),
        ],
    )
    travel = f"up to {profile.max_travel_minutes} minutes" if profile.max_travel_minutes else ""
    budget = f"{profile.budget_per_session}" if profile.budget_per_session else ""
    section(
        "Practicalities",
        [
            item("Sessions", FORMAT_CHOICES.get(profile.format, "")),
            item("Location", profile.location),
            item("Travel", travel),
            item("Payment", PAYMENT_CHOICES.get(profile.payment, "")),
            item("Insurer", profile.insurer),
            item("Budget per session", budget),
            item("Sliding scale", "would help" if profile.sliding_scale else ""),
            item("Days", ", ".join(DAYS[d] for d in profile.days)),
            item("Times", ", ".join(TIMES[t] for t in profile.times)),
        ],
    )
    section("What I hope therapy helps me with", [markdown_literal(profile.hopes)])
    section("What did not work before", [markdown_literal(profile.did_not_work)])
    if profile.is_empty:
        out.extend(["Nothing filled in yet.", ""])
    return "\n".join(out).rstrip() + "\n"


def markdown_literal(text: str) -> str:
    """Text shown literally in Markdown: the person's words are not markup."""
    escaped = []
    for char in text:
        if char in "\\`*_{}[]<>()#+-.!|~":
            escaped.append("\\" + char)
        else:
            escaped.append(char)
    return "".join(escaped)


# -- the service -------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileVersion:
    id: int
    saved: datetime


class ProfileService:
    """The preference profile of one unlocked vault."""

    def __init__(self, vault: Vault, clock: Callable[[], datetime] = now_local) -> None:
        self.vault = vault
        self.clock = clock

    def current(self) -> Profile:
        row = self.vault.db.query_one("SELECT data FROM profile_versions ORDER BY id DESC LIMIT 1")
        return Profile() if row is None else Profile.from_json(str(row[0]))

    def save(self, profile: Profile) -> ProfileVersion | None:
        """Keep ``profile`` as the newest version; None when nothing changed."""
        cleaned = profile.cleaned()
        with self.vault.db.transaction():
            if cleaned == self.current():
                return None
            saved = self.clock()
            cursor = self.vault.db.execute(
                "INSERT INTO profile_versions (saved, data) VALUES (?, ?)",
                (saved.isoformat(), cleaned.to_json()),
            )
        log.debug("saved profile version %d", cursor.lastrowid)
        return ProfileVersion(int(cursor.lastrowid), saved)

    def versions(self) -> list[ProfileVersion]:
        """Every saved version, newest first."""
        return [
            ProfileVersion(int(version_id), datetime.fromisoformat(str(saved)))
            for version_id, saved in self.vault.db.query(
                "SELECT id, saved FROM profile_versions ORDER BY id DESC"
            )
        ]

    def version(self, version_id: int) -> Profile:
        row = self.vault.db.query_one(
            "SELECT data FROM profile_versions WHERE id = ?", (version_id,)
        )
        if row is None:
            raise KeyError(version_id)
        return Profile.from_json(str(row[0]))

    def previous(self, version_id: int) -> Profile:
        """The version saved before ``version_id`` (an empty profile for the first)."""
        row = self.vault.db.query_one(
            "SELECT data FROM profile_versions WHERE id < ? ORDER BY id DESC LIMIT 1",
            (version_id,),
        )
        return Profile() if row is None else Profile.from_json(str(row[0]))
