"""Reference data shipped in ``therapy_journal.resources``: the approaches
glossary, the prompt library and the goal templates. Read once per process with
importlib.resources.

The files are checked when read: a damaged or hand-edited file is reported as
:class:`BadReferenceData` with what is wrong, never half-used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

MAX_PROMPT_CHARS = 1000
# Prompts with this tag are for mental-health professionals only (burnout,
# vicarious trauma, supervision): a person looking for therapy never sees them.
PROFESSIONAL_TAG = "audience:professional"


class BadReferenceData(ValueError):
    """A resources file that does not have the shape the app needs."""


@dataclass(frozen=True)
class Approach:
    """One kind of therapy, explained in plain words."""

    id: str
    name: str
    summary: str
    session: str  # what a session tends to look like
    used_for: str  # what it is often used for
    consider: str  # something to ask or notice


@dataclass(frozen=True)
class PromptCategory:
    id: str
    title: str
    description: str


@dataclass(frozen=True)
class Prompt:
    """A writing prompt: from the library, or the person's own (``custom``)."""

    id: str
    category: str
    text: str
    tags: tuple[str, ...] = ()
    custom: bool = False
    hidden: bool = False

    @property
    def for_professionals(self) -> bool:
        return PROFESSIONAL_TAG in self.tags


@dataclass(frozen=True)
class GoalTemplate:
    """A ready-made goal for the usual steps of looking for a therapist."""

    id: str
    title: str
    why: str
    due_in_days: int | None
    steps: tuple[str, ...]
    regions: tuple[str, ...] = ()  # the regions it fits (their words for paying); () everywhere


def _read(name: str) -> dict[str, Any]:
    try:
        data = json.loads(files("therapy_journal.resources").joinpath(name).read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise BadReferenceData(f"{name} cannot be read: {error}") from None
    if not isinstance(data, dict) or data.get("version") != 1:
        raise BadReferenceData(f"{name} is not version 1 reference data")
    return data


def _strings(item: object, keys: tuple[str, ...], where: str) -> dict[str, str]:
    if not isinstance(item, dict):
        raise BadReferenceData(f"{where} is not an object")
    values = {key: item.get(key) for key in keys}
    for key, value in values.items():
        if not isinstance(value, str) or not value.strip():
            raise BadReferenceData(f"{where} has no {key}")
    return values  # type: ignore[return-value]


def _unique(ids: list[str], where: str) -> None:
    seen: set[str] = set()
    for item_id in ids:
        if item_id in seen:
            raise BadReferenceData(f"{where}: id {item_id!r} is used twice")
        seen.add(item_id)


@cache
def approaches() -> tuple[Approach, ...]:
    """The approaches glossary, in the order the profile shows it."""
    data = _read("approaches.json")
    fields = ("id", "name", "summary", "session", "used_for", "consider")
    found = tuple(
        Approach(**_strings(item, fields, f"approaches.json item {number}"))
        for number, item in enumerate(data.get("approaches") or [])
    )
    _unique([a.id for a in found], "approaches.json")
    if not found:
        raise BadReferenceData("approaches.json lists no approaches")
    return found


def approach_names() -> dict[str, str]:
    return {approach.id: approach.name for approach in approaches()}


@cache
def prompt_library() -> tuple[tuple[PromptCategory, ...], tuple[Prompt, ...]]:
    """The built-in prompt categories and prompts, in file order."""
    data = _read("prompts.json")
    categories = tuple(
        PromptCategory(**_strings(item, ("id", "title", "description"), f"category {number}"))
        for number, item in enumerate(data.get("categories") or [])
    )
    _unique([c.id for c in categories], "prompts.json categories")
    known = {c.id for c in categories}
    prompts = []
    for number, item in enumerate(data.get("prompts") or []):
        where = f"prompts.json prompt {number}"
        values = _strings(item, ("id", "category", "text"), where)
        tags = item.get("tags")
        if not isinstance(tags, list) or not all(isinstance(t, str) and t for t in tags):
            raise BadReferenceData(f"{where} has no list of tags")
        if values["category"] not in known:
            raise BadReferenceData(f"{where} is in an unknown category {values['category']!r}")
        if len(values["text"]) > MAX_PROMPT_CHARS:
            raise BadReferenceData(f"{where} is longer than {MAX_PROMPT_CHARS} characters")
        prompts.append(Prompt(values["id"], values["category"], values["text"], tuple(tags)))
    _unique([p.id for p in prompts], "prompts.json prompts")
    if not categories or not prompts:
        raise BadReferenceData("prompts.json has no prompts")
    return categories, tuple(prompts)


@cache
def goal_templates() -> tuple[GoalTemplate, ...]:
    """The goal templates, in the order the app offers them."""
    data = _read("goal_templates.json")
    found = []
    for number, item in enumerate(data.get("templates") or []):
        where = f"goal_templates.json template {number}"
        values = _strings(item, ("id", "title", "why"), where)
        steps = item.get("steps")
        if not isinstance(steps, list) or not all(isinstance(s, str) and s for s in steps):
            raise BadReferenceData(f"{where} has no list of steps")
        due = item.get("due_in_days")
        if due is not None and (not isinstance(due, int) or isinstance(due, bool) or due < 1):
            raise BadReferenceData(f"{where} has a due_in_days that is not a positive number")
        regions = item.get("regions", [])
        if not isinstance(regions, list) or not all(isinstance(r, str) and r for r in regions):
            raise BadReferenceData(f"{where} has regions that are not a list of ids")
        found.append(
            GoalTemplate(
                values["id"], values["title"], values["why"], due, tuple(steps), tuple(regions)
            )
        )
    _unique([t.id for t in found], "goal_templates.json")
    if not found:
        raise BadReferenceData("goal_templates.json has no templates")
    return tuple(found)


def goal_templates_for(region_id: str) -> tuple[GoalTemplate, ...]:
    """The templates to offer someone in ``region_id``: the US insurance steps
    only in the US, the costs steps for everywhere else."""
    return tuple(t for t in goal_templates() if not t.regions or region_id in t.regions)
