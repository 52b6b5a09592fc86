"""The shipped reference data has the shape the app relies on."""

from __future__ import annotations

import json
from collections import Counter
from importlib.resources import files

from therapy_journal.services.profile import CONCERNS, STAGES, STYLE_AXES
from therapy_journal.services.reference import approaches, prompt_library
from therapy_journal.services.support_network import PROMPT_TOPICS

APPROACH_IDS = [
    "cbt", "dbt", "act", "emdr", "psychodynamic", "person_centred", "ifs", "somatic",
    "family_systems", "solution_focused", "mindfulness", "exposure_erp", "narrative",
    "ipt", "cpt", "pe", "eft", "mi", "not_sure",
]  # fmt: skip
CONCERN_IDS = [
    "anxiety", "depression", "trauma", "grief", "relationships", "family", "identity",
    "substance_use", "eating", "sleep", "work_stress", "life_transitions",
    "ocd", "child_teen", "couple",
]  # fmt: skip
PROMPTS_EACH = 3  # at least, per approach and per concern, so tailoring lasts
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
    tags |= {"audience:professional"}
    tags |= {f"topic:{topic}" for topic in PROMPT_TOPICS}  # what a professional is offered
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


def test_every_concern_and_approach_has_at_least_three_prompts() -> None:
    _, prompts = prompt_library()
    used = Counter(tag for p in prompts for tag in p.tags)
    short = {
        tag: used[tag]
        for tag in [f"concern:{c}" for c in CONCERNS] + [f"approach:{a}" for a in APPROACH_IDS]
        if used[tag] < PROMPTS_EACH
    }
    assert short == {}


def test_concern_ids_stay_and_are_only_added_to() -> None:
    assert list(CONCERNS) == CONCERN_IDS


def test_reaching_out_has_prompts_for_referrals_waitlists_and_first_messages() -> None:
    _, prompts = prompt_library()
    texts = [p.text.lower() for p in prompts if p.category == "search_anxiety"]
    for words in ("primary care", "friend", "waitlist", "voicemail", "first message", "a call"):
        assert any(words in text for text in texts), words


def test_the_glossary_explains_every_approach_the_profile_offers() -> None:
    found = approaches()
    assert [a.id for a in found] == APPROACH_IDS
    for approach in found:
        for text in (approach.summary, approach.session, approach.used_for, approach.consider):
            assert len(text) > 20, approach.id
