"""Wording shared by the fit and the questions for a first call: short names
of approaches, lists in words, and the questions a part of the fit asks when
the therapist's side is not known. Plain English; the GUI translates what it
shows."""

from __future__ import annotations

from collections.abc import Iterable

from therapy_journal.services.profile import Profile
from therapy_journal.services.reference import approach_names

NOT_SURE = "not_sure"  # the approach id of "not sure yet", a tick box rather than a choice

CULTURE_ASK = (
    "My cultural background matters to me. How do you take a person's culture "
    "into account in your work?"
)
FAITH_ASK = "My faith matters to me. How do you work with a person's faith or beliefs?"
AFFIRMING_ASK = "Is your practice LGBTQ+ affirming, and what does that mean in your work?"


STYLE_QUESTIONS = {
    "directness": "How direct are you in sessions: do you say what you see, or go at my pace?",
    "structure": "How structured are your sessions?",
    "homework": "Do you suggest exercises to try between sessions?",
    "talk": "How much do you talk and suggest in sessions, and how much do you listen?",
}


def marked(profile: Profile, choice: str) -> list[str]:
    """Approach ids marked ``choice`` in glossary order, without "not sure"."""
    return [a for a in profile.approaches_marked(choice) if a != NOT_SURE]


def approach_name(approach_id: str) -> str:
    """A short name to use mid-sentence: "CBT", "EMDR", "psychodynamic therapy"."""
    name = approach_names().get(approach_id, approach_id)
    head, _, rest = name.partition(" (")
    inner = rest.removesuffix(")")
    if inner.isupper():
        return inner
    return head if head.split()[0].isupper() else lower_first(head)


def approach_list(approach_ids: Iterable[str], word: str = "and") -> str:
    return join([approach_name(a) for a in approach_ids], word)


def join(items: list[str], word: str = "and") -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def lower_first(text: str) -> str:
    """ "Trauma" -> "trauma"; an acronym such as "LGBTQ+" or "EMDR" stays as it is."""
    if text[1:2].isupper():
        return text
    return text[:1].lower() + text[1:]


def sentence(clauses: list[str]) -> str:
    text = "; ".join(clauses)
    return text[:1].upper() + text[1:]


def unique(questions: Iterable[str], seen: set[str]) -> list[str]:
    """``questions`` without those in ``seen`` (ignoring case), adding them to it."""
    found = []
    for question in questions:
        key = question.casefold()
        if key not in seen:
            seen.add(key)
            found.append(question)
    return found
