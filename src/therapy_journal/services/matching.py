"""How well a therapist fits the person's profile, part by part, and what to ask them.

:func:`fit` scores a contact against the profile in up to eight areas. Each area
is a :class:`FitPart` with a score from 0 to 1, a weight and a plain sentence
saying why, so the person can see how the total came about. The total is the
weighted mean of the parts that have a score, from 0 to 100.

Missing information lowers the *confidence*, never the score: when the contact
lacks what an area needs, that part has no score, does not count in the total,
and carries a question to ask them instead. Confidence is the weight of the
parts that have a score over the weight of every part that applies. An area the
profile has no preference in is left out: it counts neither way.

The rules, area by area (weights are the ``WEIGHT_*`` constants):

- **approaches** (``WEIGHT_APPROACHES``): left out when the profile ticks "not
  sure yet" or marks no approach. Otherwise the share of the preferred
  approaches the therapist uses (1.0 when none are preferred, or
  ``1 - CURIOUS_CREDIT`` when only "curious" ones are marked); each "curious"
  approach they use adds ``CURIOUS_CREDIT``, each "avoid" approach they use takes
  off ``AVOID_PENALTY``; clamped to 0..1. Unknown when they list no approaches.
- **concerns** (``WEIGHT_CONCERNS``): the share of the profile's concerns among
  the therapist's specialties. Unknown when they list no specialties.
- **format** (``WEIGHT_FORMAT``): only when the profile wants telehealth or in
  person; 1 when they offer it (or both), else 0. Unknown when not known.
- **distance** (``WEIGHT_DISTANCE``): only when the profile does not ask for
  telehealth only and has a travel limit, and the therapist is not
  telehealth-only (then travel does not matter; the format part covers a person
  who wants in person). 1 within the limit, falling linearly to 0 at twice the
  limit. Unknown without a travel time.
- **insurance** (``WEIGHT_INSURANCE``): only when the profile names an insurer
  and does not say self-pay. 1 when an insurer they take contains the person's
  insurer or the other way round (ignoring case); when they list others only, 0,
  or ``SELF_PAY_FALLBACK`` when the person could also pay themselves
  (payment "either" or not given). Unknown when they list no insurers.
- **budget** (``WEIGHT_BUDGET``): only with a budget per session. 1 when the fee
  is within it, falling linearly to 0 at twice the budget; when over, a sliding
  scale the person asked about closes ``SLIDING_SCALE_SHARE`` of the gap.
  Unknown without a fee.
- **availability** (``WEIGHT_AVAILABILITY``): only when the profile has days or
  times. For days and for times, where both sides give them, 1 when they share
  at least one (one slot a week is enough), else 0; the part is the mean.
  Unknown when the therapist gives neither days nor times.
- **language** (``WEIGHT_LANGUAGE``): only when the profile lists languages. 1
  when they speak one of them (ignoring case), else 0. Unknown when they list no
  languages, English included: it is not assumed.
- **who the therapy is for**, **licensed where you live**, **can prescribe**
  (only when the profile wants a prescriber), **profession** (only when the
  profile names the professions the person is open to), **gender**, **age**,
  **cultural background**, **faith**, **LGBTQ+ affirming practice**: each 1
  when what the person learned matches, else 0 ("knows my background well" and
  "works well with my faith" score ``SHARES_CREDIT``); unknown while the
  contact's field is "not known". **Communication style**: the share of the
  profile's style axes the therapist's known style matches.

Every other part of the profile becomes a question (other concerns, "maybe"
medication, what did not work before), or is not a preference (the stage).

**Essential parts.** A part the profile marks essential (``Profile.essentials``,
or LGBTQ+ affirming practice marked "essential") weighs ``ESSENTIAL_FACTOR``
times its weight. When it is known and scores under ``ESSENTIAL_MET`` the
total is capped at ``ESSENTIAL_CAP`` and :attr:`FitScore.capped` says why in a
sentence; while it is not known, confidence is at most
``ESSENTIAL_UNKNOWN_CONFIDENCE`` (never "high") and its question comes first.

:mod:`~therapy_journal.services.questions` turns the gaps and the profile into
questions for a first call. The
wording is plain English; the GUI translates what it shows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from therapy_journal.services.contact_model import AFFIRMING_ANSWERS, Contact
from therapy_journal.services.fit_words import (
    AFFIRMING_ASK,
    CULTURE_ASK,
    FAITH_ASK,
    STYLE_QUESTIONS,
)
from therapy_journal.services.fit_words import approach_list as _approach_list
from therapy_journal.services.fit_words import join as _join
from therapy_journal.services.fit_words import lower_first as _lower_first
from therapy_journal.services.fit_words import marked as _marked
from therapy_journal.services.fit_words import sentence as _sentence
from therapy_journal.services.professions import prescribes, profession_names
from therapy_journal.services.profile import (
    AFFIRMING_CHOICES,
    AGE_CHOICES,
    CONCERNS,
    DAYS,
    ESSENTIALS,
    STYLE_AXES,
    TIMES,
    Profile,
)

WEIGHT_APPROACHES = 2.0
WEIGHT_CONCERNS = 3.0
WEIGHT_FORMAT = 2.0
WEIGHT_DISTANCE = 1.0
WEIGHT_INSURANCE = 2.0
WEIGHT_BUDGET = 2.0
WEIGHT_AVAILABILITY = 1.5
WEIGHT_LANGUAGE = 2.0
WEIGHT_FOR_WHOM = 3.0
WEIGHT_LICENSED = 2.0
WEIGHT_PRESCRIBER = 1.5
WEIGHT_PROFESSION = 1.5
WEIGHT_GENDER = 1.0
WEIGHT_AGE = 1.0
WEIGHT_CULTURE = 1.0
WEIGHT_FAITH = 1.0
WEIGHT_AFFIRMING = 1.5
WEIGHT_STYLE = 1.0

ESSENTIAL_FACTOR = 2.0  # an essential part weighs this many times its weight
ESSENTIAL_CAP = 40  # the most a therapist can score when an essential part is not met
ESSENTIAL_MET = 0.5  # an essential part scoring below this is not met
ESSENTIAL_UNKNOWN_CONFIDENCE = 0.6  # the most confidence while an essential part is not known
SHARES_CREDIT = 0.75  # "knows my background well" next to "shares it"

CURIOUS_CREDIT = 0.25  # what a "curious" approach they use adds
AVOID_PENALTY = 0.5  # what an "avoid" approach they use takes off
SELF_PAY_FALLBACK = 0.5  # insurer not taken, but the person could pay themselves
SLIDING_SCALE_SHARE = 0.5  # share of an over-budget gap a sliding scale may close

STATUS_MET = 0.75  # a part scoring this or more is "met"
STATUS_NOT_MET = 0.25  # and this or less "not met"; between, "partly"

HIGH_CONFIDENCE = 0.75
MEDIUM_CONFIDENCE = 0.4


AREAS: dict[str, str] = {
    "for_whom": "Who the therapy is for",
    "licensed": "Licensed where you live",
    "prescriber": "Can prescribe",
    "profession": "Profession",
    "approaches": "Approaches",
    "concerns": "Concerns",
    "format": "Telehealth or in person",
    "distance": "Travel",
    "insurance": "Insurance",
    "budget": "Budget",
    "availability": "Availability",
    "language": "Language",
    "gender": "Gender",
    "age": "Age",
    "culture": "Cultural background",
    "faith": "Faith",
    "lgbtq_affirming": "LGBTQ+ affirming practice",
    "style": "Communication style",
}

WEIGHTS: dict[str, float] = {
    "approaches": WEIGHT_APPROACHES,
    "concerns": WEIGHT_CONCERNS,
    "format": WEIGHT_FORMAT,
    "distance": WEIGHT_DISTANCE,
    "insurance": WEIGHT_INSURANCE,
    "budget": WEIGHT_BUDGET,
    "availability": WEIGHT_AVAILABILITY,
    "language": WEIGHT_LANGUAGE,
    "for_whom": WEIGHT_FOR_WHOM,
    "licensed": WEIGHT_LICENSED,
    "prescriber": WEIGHT_PRESCRIBER,
    "profession": WEIGHT_PROFESSION,
    "gender": WEIGHT_GENDER,
    "age": WEIGHT_AGE,
    "culture": WEIGHT_CULTURE,
    "faith": WEIGHT_FAITH,
    "lgbtq_affirming": WEIGHT_AFFIRMING,
    "style": WEIGHT_STYLE,
}


@dataclass(frozen=True)
class FitPart:
    """One area of the fit: its score (None when the contact's side is not known),
    its weight, a sentence saying why, and what to ask when it is not known."""

    area: str
    label: str
    score: float | None
    weight: float
    text: str
    ask: str | None
    essential: bool = False

    @property
    def status(self) -> str:
        """met, partly, not_met or unknown (an essential part is met or not, no "partly")."""
        if self.score is None:
            return "unknown"
        if self.essential:
            return "met" if self.score >= ESSENTIAL_MET else "not_met"
        if self.score >= STATUS_MET:
            return "met"
        return "not_met" if self.score <= STATUS_NOT_MET else "partly"


@dataclass(frozen=True)
class FitScore:
    """The fit of one contact: 0-100 (None when no part could be scored), how much
    of it is known, the parts, and the questions that would fill the gaps."""

    score: int | None
    confidence: float
    parts: tuple[FitPart, ...]
    missing: tuple[str, ...]  # questions, essential parts' first
    capped: tuple[str, ...] = ()  # why the score is capped: essential parts not met, in words

    @property
    def confidence_label(self) -> str:
        if self.confidence >= HIGH_CONFIDENCE:
            return "high"
        if self.confidence >= MEDIUM_CONFIDENCE:
            return "medium"
        return "low"


def fit(profile: Profile, contact: Contact) -> FitScore:
    """How well ``contact`` fits ``profile``; see the module docstring for the rules."""
    parts = tuple(
        _as_essential(part) if profile.is_essential(part.area) else part
        for area_fit in _AREA_FITS
        if (part := area_fit(profile, contact)) is not None
    )
    known = [part for part in parts if part.score is not None]
    known_weight = sum(part.weight for part in known)
    total_weight = sum(part.weight for part in parts)
    score = (
        round(100 * sum(part.weight * (part.score or 0.0) for part in known) / known_weight)
        if known
        else None
    )
    capped = tuple(
        f"You marked {_lower_first(ESSENTIALS.get(part.area, part.label))} as essential; "
        f"{_lower_first(part.text)}"
        for part in known
        if part.essential and part.status == "not_met"
    )
    if capped and score is not None:
        score = min(score, ESSENTIAL_CAP)
    confidence = known_weight / total_weight if total_weight else 0.0
    essential_unknown = [p for p in parts if p.essential and p.score is None]
    if essential_unknown:
        confidence = min(confidence, ESSENTIAL_UNKNOWN_CONFIDENCE)
    unknown = [p for p in parts if p.score is None and p.ask]
    unknown.sort(key=lambda part: not part.essential)  # stable: essential ones first
    return FitScore(
        score=score,
        confidence=confidence,
        parts=parts,
        missing=tuple(part.ask for part in unknown if part.ask),
        capped=capped,
    )


def by_fit(profile: Profile, contacts: Iterable[Contact]) -> list[tuple[Contact, FitScore]]:
    """``contacts`` with their fit, best first: by score (unknown last), then how
    sure it is, then name."""
    scored = [(contact, fit(profile, contact)) for contact in contacts]
    return sorted(
        scored,
        key=lambda pair: (
            pair[1].score is None,
            -(pair[1].score or 0),
            -pair[1].confidence,
            pair[0].label.casefold(),
        ),
    )


def _as_essential(part: FitPart) -> FitPart:
    return FitPart(
        part.area,
        part.label,
        part.score,
        part.weight * ESSENTIAL_FACTOR,
        part.text,
        part.ask,
        essential=True,
    )


# -- the parts ------------------------------------------------------------------------------


def _known(area: str, score: float, text: str) -> FitPart:
    return FitPart(area, AREAS[area], min(1.0, max(0.0, score)), WEIGHTS[area], text, None)


def _unknown(area: str, text: str, ask: str) -> FitPart:
    return FitPart(area, AREAS[area], None, WEIGHTS[area], text, ask)


def _approaches(profile: Profile, contact: Contact) -> FitPart | None:
    # "Not sure yet" beside other marks still counts those marks: an approach
    # the person would rather avoid is worth knowing about even then.
    prefer, curious, avoid = (_marked(profile, choice) for choice in ("prefer", "curious", "avoid"))
    if not (prefer or curious or avoid):
        return None
    if not contact.approaches:
        wanted = _approach_list(prefer + curious, "or")
        ask = "Which approaches do you use in your work?"
        if wanted:
            ask = f"Which approaches do you use? Do you work with {wanted}?"
        return _unknown("approaches", "Which approaches they use is not known yet", ask)
    used = set(contact.approaches)
    prefer_used = [a for a in prefer if a in used]
    curious_used = [a for a in curious if a in used]
    avoid_used = [a for a in avoid if a in used]
    # With nothing preferred, a profile of "curious" marks only starts a little below 1,
    # so that a therapist using one of them is a full match.
    base = 1.0 - CURIOUS_CREDIT if curious else 1.0
    if prefer:
        base = len(prefer_used) / len(prefer)
    score = base + CURIOUS_CREDIT * len(curious_used) - AVOID_PENALTY * len(avoid_used)

    clauses = []
    prefer_missing = [a for a in prefer if a not in used]
    if prefer_used:
        clauses.append(f"works with {_approach_list(prefer_used)}, which you would like")
    if prefer_missing:
        clauses.append(f"does not list {_approach_list(prefer_missing)}, which you would like")
    if curious_used:
        clauses.append(f"works with {_approach_list(curious_used)}, which you are curious about")
    elif curious and not prefer:
        clauses.append(f"does not list {_approach_list(curious)}, which you are curious about")
    if avoid_used:
        clauses.append(f"uses {_approach_list(avoid_used)}, which you would rather avoid")
    elif avoid and not clauses:
        clauses.append(f"does not list {_approach_list(avoid)}, which you would rather avoid")
    return _known("approaches", score, _sentence(clauses))


def _concerns(profile: Profile, contact: Contact) -> FitPart | None:
    if not profile.concerns:
        return None
    if not contact.specialties:
        return _unknown(
            "concerns", "What they specialize in is not known yet", "What do you specialize in?"
        )
    matched = [c for c in profile.concerns if c in contact.specialties]
    unmatched = [_lower_first(CONCERNS.get(c, c)) for c in profile.concerns if c not in matched]
    total = len(profile.concerns)
    if total == 1:
        label = _lower_first(CONCERNS.get(profile.concerns[0], profile.concerns[0]))
        text = f"{'Lists' if matched else 'Does not list'} your concern: {label}"
    elif not unmatched:
        text = f"Matches all {total} of your concerns"
    elif not matched:
        text = f"Matches none of your {total} concerns"
    else:
        text = f"Matches {len(matched)} of your {total} concerns; not {_join(unmatched, 'or')}"
    return _known("concerns", len(matched) / total, text)


_FORMAT_WORDS = {
    "telehealth": ("Offers telehealth", "Do you offer telehealth sessions?"),
    "in_person": ("Sees people in person", "Do you see people in person?"),
}
_FORMAT_NAMES = {"telehealth": "telehealth", "in_person": "in person"}


def _format(profile: Profile, contact: Contact) -> FitPart | None:
    if profile.format not in _FORMAT_WORDS:
        return None
    offers, ask = _FORMAT_WORDS[profile.format]
    if not contact.session_format:
        wanted = _FORMAT_NAMES[profile.format]
        return _unknown("format", f"Not known yet whether they offer {wanted} sessions", ask)
    if contact.session_format in (profile.format, "both"):
        return _known("format", 1.0, f"{offers}, as you prefer")
    only, _ = _FORMAT_WORDS[contact.session_format]
    return _known("format", 0.0, f"{only} only; you prefer {_FORMAT_NAMES[profile.format]}")


def _distance(profile: Profile, contact: Contact) -> FitPart | None:
    limit = profile.max_travel_minutes
    if profile.format == "telehealth" or not limit or contact.session_format == "telehealth":
        return None
    minutes = contact.travel_minutes
    if minutes is None:
        ask = "Where is your practice, and how easy is it to get to?"
        if profile.location:
            ask = (
                "Where is your practice, and how long would it take to get there "
                f"from {profile.location}?"
            )
        return _unknown("distance", "The travel time is not known yet", ask)
    if minutes <= limit:
        return _known(
            "distance", 1.0, f"About {minutes} minutes away, within your {limit}-minute limit"
        )
    over = minutes - limit
    return _known("distance", 1.0 - over / limit, f"About {over} minutes over your travel limit")


def _insurance(profile: Profile, contact: Contact) -> FitPart | None:
    insurer = profile.insurer.strip()
    if profile.payment == "self_pay" or not insurer:
        return None
    if not contact.insurance:
        return _unknown(
            "insurance", f"Not known yet whether they take {insurer}", f"Do you take {insurer}?"
        )
    mine = insurer.casefold()
    if any(mine in theirs.casefold() or theirs.casefold() in mine for theirs in contact.insurance):
        return _known("insurance", 1.0, f"Takes {insurer}")
    text = f"Does not list {insurer} among the insurers they take"
    if profile.payment == "insurance":
        return _known("insurance", 0.0, text)
    return _known("insurance", SELF_PAY_FALLBACK, f"{text}; you could pay yourself")


def _budget(profile: Profile, contact: Contact) -> FitPart | None:
    budget = profile.budget_per_session
    if not budget:
        return None
    fee = contact.fee
    if fee is None:
        return _unknown(
            "budget",
            "Their fee is not known yet",
            "What is your fee per session, and do you offer a sliding scale?",
        )
    if fee <= budget:
        return _known("budget", 1.0, f"{fee} per session, within your budget of {budget}")
    over = fee - budget
    score = max(0.0, 1.0 - over / budget)
    text = f"{over} over your budget per session"
    if profile.sliding_scale and contact.sliding_scale:
        score += (1.0 - score) * SLIDING_SCALE_SHARE
        text += ", but they offer a sliding scale"
    return _known("budget", score, text)


_TIME_WORDS = {time: label.lower() for time, label in TIMES.items()}


def _availability(profile: Profile, contact: Contact) -> FitPart | None:
    if not (profile.days or profile.times):
        return None
    if not (contact.days or contact.times):
        return _unknown(
            "availability",
            "Their days and times are not known yet",
            "Which days and times do you have openings?",
        )
    scores: list[float] = []
    clauses: list[str] = []
    for wanted, offered, words, where in (
        (profile.days, contact.days, DAYS, "on the days"),
        (profile.times, contact.times, _TIME_WORDS, "at the times"),
    ):
        if not (wanted and offered):
            continue
        shared = [words.get(item, item) for item in wanted if item in offered]
        scores.append(1.0 if shared else 0.0)
        if shared:
            clauses.append(f"open {where} you can make ({_join(shared)})")
        else:
            clauses.append(f"not open {where} you can make")
    if not scores:
        return _unknown(
            "availability",
            "Whether their days and times suit you is not known yet",
            "Which days and times do you have openings?",
        )
    return _known("availability", sum(scores) / len(scores), _sentence(clauses))


def _language(profile: Profile, contact: Contact) -> FitPart | None:
    if not profile.languages:
        return None
    wanted = _join(list(profile.languages), "or")
    if not contact.languages:
        return _unknown(
            "language",
            "The languages they work in are not known yet",
            f"Can we have sessions in {wanted}?",
        )
    theirs = {language.casefold() for language in contact.languages}
    shared = [language for language in profile.languages if language.casefold() in theirs]
    if shared:
        return _known("language", 1.0, f"Works in {_join(shared)}, as you would like")
    return _known("language", 0.0, f"Does not list {wanted} among their languages")


_FOR_WHOM_WORDS = {
    "me": ("adults on their own", "Do you see adults on their own?"),
    "child_teen": ("children or teens", "Do you work with children or teens?"),
    "couple": ("couples", "Do you see couples together?"),
    "family": ("families", "Do you see families together?"),
}


def _for_whom(profile: Profile, contact: Contact) -> FitPart | None:
    if not profile.for_whom:
        return None
    who, ask = _FOR_WHOM_WORDS[profile.for_whom]
    if not contact.sees:
        return _unknown("for_whom", f"Not known yet whether they see {who}", ask)
    if profile.for_whom in contact.sees:
        return _known("for_whom", 1.0, f"Sees {who}")
    return _known("for_whom", 0.0, f"Does not list {who} among the people they see")


def _licensed(profile: Profile, contact: Contact) -> FitPart | None:
    home = profile.lives_in.strip()
    if not home:
        return None
    if not contact.licensed_in:
        return _unknown(
            "licensed",
            f"Not known yet whether they are licensed in {home}",
            f"Are you licensed to practice in {home}?",
        )
    mine = home.casefold()
    if any(mine in place.casefold() or place.casefold() in mine for place in contact.licensed_in):
        return _known("licensed", 1.0, f"Licensed in {home}, where you live")
    places = _join(list(contact.licensed_in))
    return _known("licensed", 0.0, f"Licensed in {places}, not in {home}, where you live")


def _prescriber(profile: Profile, contact: Contact) -> FitPart | None:
    if profile.medication != "prescriber":
        return None
    if not contact.profession:
        return _unknown(
            "prescriber",
            "Not known yet whether they can prescribe",
            "Can you prescribe medication, or do you work alongside someone who does?",
        )
    name = _lower_first(profession_names()[contact.profession])
    if prescribes(contact.profession):
        return _known("prescriber", 1.0, f"Can prescribe ({name})")
    return _known(
        "prescriber",
        0.0,
        f"Does not prescribe ({name}); ask whether they work alongside someone who does",
    )


def _profession(profile: Profile, contact: Contact) -> FitPart | None:
    if not profile.professions:
        return None
    if not contact.profession:
        return _unknown(
            "profession",
            "Their profession is not known yet",
            "What is your profession, and what license do you hold?",
        )
    name = profession_names()[contact.profession]
    if contact.profession in profile.professions:
        return _known("profession", 1.0, f"{name}, which you are open to")
    return _known("profession", 0.0, f"{name}, not among the professions you are open to")


def _bare(text: str) -> str:
    """ "A woman" -> "woman": the words to compare, without an article."""
    words = text.casefold().split()
    return " ".join(words[1:] if words and words[0] in ("a", "an", "the") else words)


def _gender(profile: Profile, contact: Contact) -> FitPart | None:
    wanted = profile.gender.strip()
    if not wanted:
        return None
    if not contact.gender:
        return _unknown(
            "gender",
            "Their gender is not known yet",
            "It matters to me who I talk to: would you tell me your gender?",
        )
    mine, theirs = _bare(wanted), _bare(contact.gender)
    if mine == theirs or (mine and theirs and (mine in theirs or theirs in mine)):
        return _known("gender", 1.0, f"{contact.gender}, as you would like")
    return _known("gender", 0.0, f"{contact.gender}; you would like {_lower_first(wanted)}")


def _age(profile: Profile, contact: Contact) -> FitPart | None:
    if not profile.age:
        return None
    wanted = _lower_first(AGE_CHOICES[profile.age])
    if not contact.age:
        return _unknown(
            "age",
            "Their age is not known yet",
            "How long have you been in practice, and at what stage of your career are you?",
        )
    theirs = _lower_first(AGE_CHOICES[contact.age])
    if contact.age == profile.age:
        return _known("age", 1.0, f"{theirs.capitalize()}, as you would like")
    return _known("age", 0.0, f"{theirs.capitalize()}; you would like {wanted}")


def _culture(profile: Profile, contact: Contact) -> FitPart | None:
    if not profile.cultural_background:
        return None
    text = {
        "shares": (1.0, "Shares your background"),
        "understands": (SHARES_CREDIT, "Knows your background well"),
        "no": (0.0, "Neither shares nor knows your background well"),
    }.get(contact.culture)
    if text is None:
        return _unknown(
            "culture", "How they relate to your background is not known yet", CULTURE_ASK
        )
    return _known("culture", *text)


def _faith(profile: Profile, contact: Contact) -> FitPart | None:
    if not profile.faith:
        return None
    text = {
        "shares": (1.0, "Shares your faith or outlook"),
        "respects": (SHARES_CREDIT, "Works well with your faith or outlook"),
        "no": (0.0, "Does not share or work well with your faith or outlook"),
    }.get(contact.faith)
    if text is None:
        return _unknown("faith", "How they work with faith is not known yet", FAITH_ASK)
    return _known("faith", *text)


def _affirming(profile: Profile, contact: Contact) -> FitPart | None:
    if profile.lgbtq_affirming not in AFFIRMING_CHOICES:
        return None
    if contact.lgbtq_affirming not in AFFIRMING_ANSWERS:
        return _unknown(
            "lgbtq_affirming",
            "Not known yet whether their practice is LGBTQ+ affirming",
            AFFIRMING_ASK,
        )
    if contact.lgbtq_affirming == "yes":
        return _known("lgbtq_affirming", 1.0, "Their practice is LGBTQ+ affirming")
    return _known("lgbtq_affirming", 0.0, "They said they are not")


def _style(profile: Profile, contact: Contact) -> FitPart | None:
    wanted = {axis.id: axis for axis in STYLE_AXES if axis.id in profile.styles}
    if not wanted:
        return None
    known = [axis for key, axis in wanted.items() if key in contact.styles]
    if not known:
        return _unknown(
            "style",
            "How they work in sessions is not known yet",
            STYLE_QUESTIONS[next(iter(wanted))],
        )
    shared = [axis for axis in known if contact.styles[axis.id] == profile.styles[axis.id]]
    clauses = [
        _lower_first(axis.options[contact.styles[axis.id]])
        + (", as you would like" if axis in shared else ", not what you would like")
        for axis in known
    ]
    return _known("style", len(shared) / len(known), _sentence(clauses))


_AREA_FITS: tuple[Callable[[Profile, Contact], FitPart | None], ...] = (
    _for_whom,
    _licensed,
    _prescriber,
    _profession,
    _approaches,
    _concerns,
    _format,
    _distance,
    _insurance,
    _budget,
    _availability,
    _language,
    _gender,
    _age,
    _culture,
    _faith,
    _affirming,
    _style,
)
