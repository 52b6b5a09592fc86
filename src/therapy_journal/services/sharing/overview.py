"""The report's overview: what a clinician takes in at a glance before the
entries. The dates the shared entries span, how many there are, their moods
over the period, the tags used most, and the latest result of each
self-assessment with its band.

Plain data from what is shared, nothing more: moods and tags come from the
shared entries only, and check-in results only when the self-assessments were
chosen. A PHQ-9 whose item 9 (thoughts of being better off dead or of
self-harm) was answered above 0 is never a bare score: :func:`crisis_note`
says so, with the answer's words.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from therapy_journal.services.assessments import Result
from therapy_journal.store.models import Entry

TOP_TAGS = 8


@dataclass(frozen=True)
class CheckIn:
    """The latest result of one questionnaire, as the overview shows it."""

    name: str
    taken: datetime
    score: int
    max_score: int
    band: str
    crisis: str | None  # the sentence about item 9, when it was answered above 0


@dataclass(frozen=True)
class Overview:
    entries: int
    first: datetime | None  # the earliest and latest entry, in their own time zones
    last: datetime | None
    moods: tuple[tuple[datetime, int], ...]  # (written, mood), oldest first
    tags: tuple[tuple[str, int], ...]  # the most used, most first
    check_ins: tuple[CheckIn, ...]

    @property
    def is_empty(self) -> bool:
        return not self.entries and not self.check_ins


def crisis_note(result: Result) -> str | None:
    """The plain sentence about a crisis item answered above 0 (PHQ-9 item 9),
    with the question and the answer's own words; None when it was not."""
    questionnaire = result.instrument
    number = questionnaire.crisis_item
    if number is None or not result.crisis:
        return None
    answer = result.answers[number]
    words = next((o.label for o in questionnaire.options if o.value == answer), str(answer))
    question = questionnaire.items[number].rstrip(".")
    return f"Item {number + 1} (\u201c{question}\u201d) was answered above 0: \u201c{words}\u201d."


def latest_check_ins(results: Iterable[Result]) -> tuple[CheckIn, ...]:
    """The newest result of each questionnaire (``results`` newest first), in
    the order the questionnaires were first met."""
    latest: dict[str, Result] = {}
    for result in results:
        latest.setdefault(result.instrument.id, result)
    return tuple(
        CheckIn(
            name=result.instrument.name,
            taken=result.taken,
            score=result.score,
            max_score=result.instrument.max_score,
            band=result.band.label,
            crisis=crisis_note(result),
        )
        for result in latest.values()
    )


def make_overview(entries: Sequence[Entry], results: Iterable[Result] = ()) -> Overview:
    """The overview of ``entries`` (oldest first) and check-in ``results``
    (newest first; empty when the self-assessments are not shared)."""
    tags = Counter(tag for entry in entries for tag in entry.tags)
    ranked = sorted(tags.items(), key=lambda item: (-item[1], item[0]))
    return Overview(
        entries=len(entries),
        first=entries[0].created if entries else None,
        last=entries[-1].created if entries else None,
        moods=tuple((e.created, e.mood) for e in entries if e.mood is not None),
        tags=tuple(ranked[:TOP_TAGS]),
        check_ins=latest_check_ins(results),
    )
