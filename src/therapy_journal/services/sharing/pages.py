"""The pages of a bundle that are made for reading: the profile, goals and
self-assessment pages, in Markdown (the report, :mod:`.report_page`, shows
them too). A page that would be empty is left out (:func:`pages_present`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from therapy_journal.services.assessments import AssessmentService, not_a_diagnosis
from therapy_journal.services.goals import GoalService
from therapy_journal.services.profile import ProfileService, markdown_literal, summary_markdown
from therapy_journal.services.sharing.overview import crisis_note
from therapy_journal.store.attachments import Attachment
from therapy_journal.store.models import Entry
from therapy_journal.store.vault import Vault

PAGES = ("profile", "goals", "assessments")


@dataclass(frozen=True)
class SharedEntry:
    """An entry as a bundle shares it: with the text of the prompt it answers."""

    entry: Entry
    prompt: str | None
    journal: str = ""  # the name of the journal it is in
    attachments: tuple[Attachment, ...] = ()


# -- the pages -----------------------------------------------------------------------------


def pages_present(vault: Vault, names: frozenset[str]) -> frozenset[str]:
    """The pages among ``names`` that would not be empty: a profile with
    something filled in, at least one goal, at least one result."""
    present: dict[str, Callable[[], bool]] = {
        "profile": lambda: not ProfileService(vault).current().is_empty,
        "goals": lambda: bool(GoalService(vault).goals()),
        "assessments": lambda: bool(AssessmentService(vault).results()),
    }
    return frozenset(name for name in PAGES if name in names and present[name]())


def chosen_pages(vault: Vault, include: frozenset[str]) -> list[tuple[str, str]]:
    """(name, Markdown) of the chosen pages, in :data:`PAGES` order."""
    makers: dict[str, Callable[[Vault], str]] = {
        "profile": lambda v: summary_markdown(ProfileService(v).current()),
        "goals": goals_markdown,
        "assessments": assessments_markdown,
    }
    return [(name, makers[name](vault)) for name in PAGES if name in include]


_GOAL_STATUS = {"active": "Active", "done": "Done", "dropped": "Dropped"}


def goals_markdown(vault: Vault) -> str:
    """Every goal with its status, due date, why, and steps as a checklist."""
    out = ["# Goals", ""]
    goals = GoalService(vault).goals()
    for goal in goals:
        out += [f"## {markdown_literal(goal.title)}", ""]
        out.append(f"- **Status:** {_GOAL_STATUS.get(goal.status, goal.status)}")
        if goal.due is not None:
            out.append(f"- **Due:** {goal.due.isoformat()}")
        if goal.why:
            out.append(f"- **Why:** {markdown_literal(' '.join(goal.why.split()))}")
        out += [
            f"- [{'x' if step.is_done else ' '}] {markdown_literal(step.text)}"
            for step in goal.steps
        ]
        out.append("")
    if not goals:
        out += ["No goals yet.", ""]
    return "\n".join(out).rstrip() + "\n"


def assessments_markdown(vault: Vault) -> str:
    """Every self-assessment result, newest first, with what it is not."""
    out = ["# Self-assessments", "", not_a_diagnosis(), ""]
    results = AssessmentService(vault).results()
    for result in results:
        questionnaire = result.instrument
        line = (
            f"- **{result.taken.date().isoformat()} {questionnaire.name}:** "
            f"{result.score} of {questionnaire.max_score}, {result.band.label}"
        )
        note = crisis_note(result)
        out.append(f"{line}. **{markdown_literal(note)}**" if note else line)
    if not results:
        out.append("No results yet.")
    return "\n".join(out).rstrip() + "\n"
