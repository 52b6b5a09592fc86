"""The shipped reference data has the shape the app relies on."""

from __future__ import annotations

import json
from importlib.resources import files

from therapy_journal.services.profile import CONCERNS, STAGES, STYLE_AXES
from therapy_journal.services.reference import approaches, prompt_library

APPROACH_IDS = [
    "cbt", "dbt", "act", "emdr", "psychodynamic", "person_centred", "ifs", "somatic",
    "family_systems", "solution_focused", "mindfulness", "exposure_erp", "narrative", "not_sure",
]  # fmt: skip
CATEGORY_IDS = [
    "approaches", "communication", "concerns", "search_anxiety", "search_goals",
    "after_consultation", "support_network", "progress", "self_care",
]  # fmt: skip


def vocabulary() -> set[str]:
    tags = {f"approach:{a}" for a in APPROACH_IDS}
    tags |= {f"concern:{c}" for c in CONCERNS}
    tags |= {f"style:{axis.id}" for axis in STYLE_AXES}
    tags |= {f"stage:{s}" for s in STAGES}
    tags |= {"mood:low", "mood:steady", "mood:high"}
    tags |= {"profile:identity", "profile:logistics", "profile:hopes", "profile:past"}
    return tags


def test_every_prompt_has_a_known_category_text_and_known_tags() -> None:
    raw = json.loads(files("therapy_journal.resources").joinpath("prompts.json").read_text())
    assert [c["id"] for c in raw["categories"]] == CATEGORY_IDS
    known = vocabulary()
    for prompt in raw["prompts"]:
        assert set(prompt) == {"id", "category", "text", "tags"}, prompt["id"]
        assert prompt["category"] in CATEGORY_IDS
        assert 20 <= len(prompt["text"]) <= 280, prompt["id"]
        assert prompt["tags"], prompt["id"]
        assert set(prompt["tags"]) <= known, (prompt["id"], set(prompt["tags"]) - known)


def test_prompt_ids_are_unique_and_the_library_is_large_enough() -> None:
    categories, prompts = prompt_library()
    ids = [p.id for p in prompts]
    assert len(ids) == len(set(ids))
    assert len(prompts) >= 80
    for category in categories:
        assert sum(p.category == category.id for p in prompts) >= 8, category.id


def test_every_concern_and_approach_has_a_prompt() -> None:
    _, prompts = prompt_library()
    used = {tag for p in prompts for tag in p.tags}
    assert {f"concern:{c}" for c in CONCERNS} <= used
    assert {f"approach:{a}" for a in APPROACH_IDS} <= used


def test_the_glossary_explains_every_approach_the_profile_offers() -> None:
    found = approaches()
    assert [a.id for a in found] == APPROACH_IDS
    for approach in found:
        for text in (approach.summary, approach.session, approach.used_for, approach.consider):
            assert len(text) > 20, approach.id
