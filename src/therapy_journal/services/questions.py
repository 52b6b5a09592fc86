"""Questions for a first call or consultation with a therapist: what the fit
could not tell first (what the person marked essential before the rest), then
what the profile makes worth asking, then a few basics. Plain English; the GUI
translates what it shows."""

from __future__ import annotations

from therapy_journal.services.contact_model import Contact
from therapy_journal.services.fit_words import (
    AFFIRMING_ASK,
    CULTURE_ASK,
    FAITH_ASK,
    NOT_SURE,
    STYLE_QUESTIONS,
    approach_name,
    lower_first,
    marked,
    unique,
)
from therapy_journal.services.matching import fit
from therapy_journal.services.profile import AFFIRMING_CHOICES, CONCERNS, Profile

MAX_QUESTIONS = 15

_CONCERN_QUESTIONS = {
    "trauma": (
        "Have you been trained in trauma-focused approaches such as EMDR or trauma-focused CBT?"
    ),
    "identity": (
        "What experience do you have working with people exploring gender, sexuality "
        "or cultural identity?"
    ),
    "substance_use": (
        "What experience do you have with alcohol, drug or other substance use, "
        "and do you work alongside other services?"
    ),
    "eating": (
        "What experience do you have with eating and body image, and do you work with "
        "a doctor or dietitian when needed?"
    ),
    "ocd": (
        "Do you offer exposure and response prevention (ERP), and how much of your work "
        "is with OCD?"
    ),
    "child_teen": (
        "Do you work with children or teens of this age, and how do you involve parents "
        "or caregivers?"
    ),
    "couple": "Do you see couples together, and what training do you have in couple therapy?",
    "family": "Do you see families together, and who usually comes to the sessions?",
}

_BASICS = (
    "What does a typical session with you look like, and how long and how often are they?",
    "What is your cancellation policy?",
    "How would we know whether therapy is working, and what would we do if it is not?",
)


def questions_to_ask(profile: Profile, contact: Contact) -> list[str]:
    """Questions for a first call or consultation, at most ``MAX_QUESTIONS``.

    What the fit could not tell comes first, then what the profile makes worth
    asking (concerns, approaches, style, identity, practical matters), then a few
    basics that always end the list. When there are more than fit, each kind of
    profile question keeps a fair share, so many concerns do not crowd out an
    "essential" LGBTQ+ question. No repeats; the same input, the same list.
    """
    seen: set[str] = set()
    missing, *groups = (
        unique(group, seen)
        for group in (list(fit(profile, contact).missing), *_profile_questions(profile, contact))
    )
    basics = unique(_BASICS, seen)
    room = max(0, MAX_QUESTIONS - len(basics) - len(missing))
    return [*missing[: MAX_QUESTIONS - len(basics)], *_fair_share(groups, room), *basics]


def questions_text(profile: Profile, contact: Contact) -> str:
    """The questions as a numbered plain-text list under a heading with the name."""
    lines = [f"Questions for {contact.label}", ""]
    lines += [
        f"{number}. {question}"
        for number, question in enumerate(questions_to_ask(profile, contact), start=1)
    ]
    return "\n".join(lines) + "\n"


def _fair_share(groups: list[list[str]], room: int) -> list[str]:
    """Up to ``room`` questions, taken from the groups in turn, kept in group order."""
    taken = [0] * len(groups)
    while room > 0 and any(count < len(group) for count, group in zip(taken, groups, strict=True)):
        for index, group in enumerate(groups):
            if room > 0 and taken[index] < len(group):
                taken[index] += 1
                room -= 1
    return [
        question for count, group in zip(taken, groups, strict=True) for question in group[:count]
    ]


def _profile_questions(profile: Profile, contact: Contact) -> list[list[str]]:
    """The questions the profile makes worth asking, in groups, each in its own order."""
    concerns = [
        _CONCERN_QUESTIONS.get(
            concern,
            f"How much experience do you have helping people with "
            f"{lower_first(CONCERNS.get(concern, concern))}?",
        )
        for concern in profile.concerns
    ]
    if profile.other_concerns:
        concerns.append(
            f"I would also like help with this: {profile.other_concerns}. "
            "Is that something you work with?"
        )
    styles = [STYLE_QUESTIONS[axis] for axis in STYLE_QUESTIONS if axis in profile.styles]
    identity = []
    if profile.lgbtq_affirming in AFFIRMING_CHOICES:
        identity.append(AFFIRMING_ASK)
    if profile.cultural_background:
        identity.append(CULTURE_ASK)
    if profile.faith:
        identity.append(FAITH_ASK)
    practical = []
    if profile.medication == "maybe":
        practical.append(
            "I may want to talk about medication. Do you work alongside someone who can prescribe?"
        )
    if profile.did_not_work:
        practical.append(
            "Something that did not help me before matters to me. How would working with "
            "you be different?"
        )
    if profile.sliding_scale and contact.fee is not None and contact.sliding_scale is None:
        practical.append("Do you offer a sliding scale?")
    if not contact.availability:
        practical.append("How soon could we start, and is there a waiting list?")
    return [concerns, _approach_questions(profile, contact), styles, identity, practical]


def _approach_questions(profile: Profile, contact: Contact) -> list[str]:
    used = set(contact.approaches)
    questions = []
    for approach in (*marked(profile, "prefer"), *marked(profile, "curious")):
        name = approach_name(approach)
        if contact.approaches and approach not in used:
            questions.append(f"Do you work with {name}, or could you suggest someone who does?")
        else:
            questions.append(f"How do you use {name} in your work?")
    questions += [
        f"I would rather avoid {approach_name(approach)}. How much does your work rely on it?"
        for approach in marked(profile, "avoid")
        if approach in used
    ]
    if NOT_SURE in profile.approaches:
        questions.append("I am not sure yet which approach suits me. How would we decide?")
    return questions
