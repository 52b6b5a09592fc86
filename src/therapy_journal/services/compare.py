"""Two to four therapists side by side, part by part: the table a person would
otherwise draw on paper. One row per part of the profile that applies to any of
them, one cell per therapist saying met, partly, not met, not known or does not
apply, with the sentence of the fit; and each one's score and confidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from therapy_journal.services.contact_model import Contact
from therapy_journal.services.matching import AREAS, FitPart, FitScore, fit
from therapy_journal.services.profile import Profile

MIN_COMPARED = 2
MAX_COMPARED = 4

STATUS_LABELS: dict[str, str] = {
    "met": "Met",
    "partly": "Partly",
    "not_met": "Not met",
    "unknown": "Not known",
    "not_applicable": "Does not apply",
}


@dataclass(frozen=True)
class Cell:
    status: str  # STATUS_LABELS
    text: str
    essential: bool = False


@dataclass(frozen=True)
class Row:
    area: str
    label: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Comparison:
    contacts: tuple[Contact, ...]
    fits: tuple[FitScore, ...]
    rows: tuple[Row, ...]


def _cell(part: FitPart | None) -> Cell:
    if part is None:
        return Cell("not_applicable", "")
    return Cell(part.status, part.text, part.essential)


def compare(profile: Profile, contacts: Sequence[Contact]) -> Comparison:
    """The side-by-side table of ``contacts`` (any number; the app and the command
    line ask for ``MIN_COMPARED`` to ``MAX_COMPARED``)."""
    fits = tuple(fit(profile, contact) for contact in contacts)
    by_area = [{part.area: part for part in result.parts} for result in fits]
    rows = tuple(
        Row(area, label, tuple(_cell(parts.get(area)) for parts in by_area))
        for area, label in AREAS.items()
        if any(area in parts for parts in by_area)
    )
    return Comparison(tuple(contacts), fits, rows)
