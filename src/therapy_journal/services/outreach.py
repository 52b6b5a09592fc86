"""Coping with reaching out: a short exercise to steady yourself first, and a
first message to a therapist drafted from the profile.

The exercises are data (``resources/outreach.json``). The message is plain
text the person edits and copies, for a call (what to say), a voicemail (short,
with nothing private in it: others may hear it) or an email (with a subject).
It says what the person is looking for, when they are free, and how they would
pay in the words of their region (``regions.json``: in-network and co-pays are
US words; the UK has the NHS and private fees). What the profile does not say
is left as a bracketed gap such as ``[your first name]``, never made up.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from therapy_journal.services.profile import CONCERNS, DAYS, TIMES, Profile
from therapy_journal.services.reference import BadReferenceData, approach_names
from therapy_journal.services.regions import Money, configured_region, region

KINDS: dict[str, str] = {"call": "Phone call", "voicemail": "Voicemail", "email": "Email"}
NAME_GAP = "[your first name]"
PHONE_GAP = "[your phone number]"
FREE_GAP = "[days and times you are free]"
NOTE = (
    "Share only what feels comfortable. A few plain sentences are plenty, "
    "and you can change any of it."
)
CALL_NOTE = "Have a pen ready for times and fees; if you reach voicemail, use the shorter one."

# Concerns that say who the therapy is for, rather than what it is about.
_WHO_FOR = {
    "couple": "couple therapy for my partner and me",
    "child_teen": "a therapist for my child or teen",
    "family": "family therapy",
}


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str
    intro: str
    steps: tuple[str, ...]
    closing: str
    caution: str

    def as_text(self) -> str:
        steps = [f"{number}. {step}" for number, step in enumerate(self.steps, start=1)]
        return "\n".join([self.title, "", self.intro, "", *steps, "", self.closing, self.caution])


@dataclass(frozen=True)
class Script:
    kind: str  # KINDS
    subject: str  # emails only; "" otherwise
    text: str
    note: str = NOTE

    def as_text(self) -> str:
        """What to copy: the subject line first, for an email."""
        return f"Subject: {self.subject}\n\n{self.text}" if self.subject else self.text


@cache
def exercises() -> tuple[Exercise, ...]:
    """The exercises to do before reaching out, the shortest first."""
    try:
        raw = files("therapy_journal.resources").joinpath("outreach.json").read_text("utf-8")
        data = json.loads(raw)
    except (OSError, ValueError) as error:
        raise BadReferenceData(f"outreach.json cannot be read: {error}") from None
    if not isinstance(data, dict) or data.get("version") != 1:
        raise BadReferenceData("outreach.json is not version 1 reference data")
    found = tuple(_exercise(item, number) for number, item in enumerate(data.get("exercises", [])))
    if not found:
        raise BadReferenceData("outreach.json has no exercises")
    return found


def _exercise(item: Any, number: int) -> Exercise:
    where = f"outreach.json exercise {number}"
    keys = ("id", "title", "intro", "closing", "caution")
    if not isinstance(item, dict) or not all(
        isinstance(item.get(key), str) and item[key].strip() for key in keys
    ):
        raise BadReferenceData(f"{where} lacks one of {', '.join(keys)}")
    steps = item.get("steps")
    if not isinstance(steps, list) or not steps or not all(isinstance(s, str) for s in steps):
        raise BadReferenceData(f"{where} has no list of steps")
    return Exercise(
        item["id"], item["title"], item["intro"], tuple(steps), item["closing"], item["caution"]
    )


def before_reaching_out() -> Exercise:
    """The exercise the app offers first."""
    return exercises()[0]


# -- the first message ----------------------------------------------------------------


def _join(items: list[str], word: str = "and") -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def _lower_first(text: str) -> str:
    """'Anxiety' → 'anxiety' mid-sentence; 'OCD (…)' and 'Internal Family Systems' stay."""
    words = text.split()
    proper = len(words) > 1 and words[1][:1].isupper()
    return text if proper or not text[1:2].islower() else text[:1].lower() + text[1:]


def looking_for(profile: Profile) -> str:
    """Who the therapy is for, in a few words: "therapy for myself" unless the
    concerns say a couple, a child or teen, or a family."""
    who = [_WHO_FOR[c] for c in _WHO_FOR if c in profile.concerns]
    return who[0] if who else "therapy for myself"


def help_with(profile: Profile) -> str:
    """What the person would like help with, from the concerns they listed."""
    about = [_lower_first(CONCERNS[c]) for c in profile.concerns if c not in _WHO_FOR]
    if profile.other_concerns:
        about.append(profile.other_concerns)
    return _join(about)


def _approaches(profile: Profile) -> str:
    names = approach_names()
    wanted = [
        _lower_first(names[a]) for a in profile.approaches_marked("prefer") if a != "not_sure"
    ]
    return f"I am interested in {_join(wanted, 'or')}." if wanted else ""


def _sessions(profile: Profile) -> str:
    language = f" in {_join(list(profile.languages), 'or')}" if profile.languages else ""
    if profile.format == "telehealth":
        return f"I am hoping for telehealth sessions{language}."
    if profile.format == "in_person":
        near = f" near {profile.location}" if profile.location else ""
        return f"I am hoping to meet in person{near}{language}."
    if language:
        return f"I am hoping for sessions{language}."
    return ""


def availability(profile: Profile) -> str:
    """When the person is free, in words; "" when the profile does not say."""
    days = _join([f"{DAYS[d]}s" for d in profile.days])
    times = _join([TIMES[t].lower() for t in profile.times])
    if days and times:
        return f"I am usually free on {days}, in the {times}."
    if days:
        return f"I am usually free on {days}."
    if times:
        return f"I am usually free in the {times}."
    return ""


def paying(profile: Profile, money: Money) -> list[str]:
    """How the person would pay, and what to ask, in the region's words."""
    lines = []
    insurer = profile.insurer.strip()
    if profile.payment in ("insurance", "either") and insurer:
        lines.append(f"I would like to use {insurer} if I can.")
    if profile.payment in ("self_pay", "either") and profile.budget_per_session:
        lines.append(
            f"I can pay for sessions myself, up to about {profile.budget_per_session} each."
        )
    elif profile.payment == "self_pay":
        lines.append("I would be paying for sessions myself.")
    if profile.payment in ("insurance", "either"):
        lines.append(f"Questions about cost: {money.in_network}? {money.copay}?")
    if profile.sliding_scale:
        lines.append("Do you offer a sliding scale or lower fees?")
    return lines


def first_message(
    profile: Profile,
    kind: str = "call",
    *,
    region_id: str | None = None,
    name: str = "",
    therapist: str = "",
) -> Script:
    """A first message to a therapist, drafted from ``profile`` for ``kind``
    (KINDS), in the words of ``region_id`` (None: the person's region)."""
    if kind not in KINDS:
        raise ValueError(f"a first message is for one of {', '.join(KINDS)}, not {kind!r}")
    money = region(region_id or configured_region()).money
    me = name.strip() or NAME_GAP
    what = looking_for(profile)
    about = help_with(profile)
    free = availability(profile) or f"I am usually free {FREE_GAP}."
    if kind == "voicemail":
        # Short, and nothing private: someone else may hear a voicemail.
        text = [
            f"Hi{', ' + therapist if therapist else ''}, this is {me}.",
            f"I am looking for {what} and wanted to ask whether you have space for new clients.",
            free,
            f"You can reach me at {PHONE_GAP}. That is {PHONE_GAP}.",
            "Thank you, and I look forward to hearing from you.",
        ]
        return Script(kind, "", " ".join(text))
    details = [
        f"I would like help with {about}." if about else "",
        _approaches(profile),
        _sessions(profile),
        free,
        *paying(profile, money),
    ]
    details = [line for line in details if line]
    if kind == "call":
        text = [
            f"Hi, my name is {me}. I am looking for {what} and wondered whether you are "
            "taking new clients.",
            "",
            *details,
            "",
            "Could we set up a short first consultation, to see whether we are a good fit?",
        ]
        return Script(kind, "", "\n".join(text), f"{NOTE} {CALL_NOTE}")
    greeting = f"Hello {therapist}," if therapist else "Hello,"
    text = [
        greeting,
        "",
        f"I am looking for {what} and wondered whether you are taking new clients.",
        "",
        " ".join(details),
        "",
        "If you have space, could we set up a short first consultation? And if you do not, "
        "I would be grateful for the name of someone you would suggest.",
        "",
        "Thank you,",
        me,
    ]
    return Script(kind, f"Looking for {what}", "\n".join(text))
