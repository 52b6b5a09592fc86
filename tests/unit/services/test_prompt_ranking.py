"""Suggested for you: deterministic ranking on hand-built profiles and prompts."""

from __future__ import annotations

from tests.helpers.vaults import VaultInfo
from therapy_journal.services.milestones import MilestoneService
from therapy_journal.services.profile import Profile
from therapy_journal.services.prompts import (
    SAME_REASON,
    RankContext,
    Reason,
    rank,
    search_stage,
)
from therapy_journal.services.reference import Prompt, prompt_library

P = [
    Prompt("a", "concerns", "About sleep", ("concern:sleep", "stage:exploring")),
    Prompt("b", "concerns", "About grief", ("concern:grief", "stage:exploring")),
    Prompt("c", "approaches", "About EMDR", ("approach:emdr",)),
    Prompt("d", "approaches", "About CBT", ("approach:cbt",)),
    Prompt("e", "approaches", "Not sure", ("approach:not_sure",)),
    Prompt("f", "self_care", "Be gentle", ("mood:low",)),
    Prompt("g", "self_care", "Celebrate", ("mood:high",)),
    Prompt("h", "after_consultation", "After", ("stage:consulting",)),
    Prompt("i", "search_goals", "Hopes", ("profile:hopes", "stage:exploring")),
]


def ids(profile: Profile, **kwargs: object) -> list[str]:
    return [s.prompt.id for s in rank(P, RankContext.of(profile, **kwargs))]  # type: ignore[arg-type]


def test_a_listed_concern_comes_first_and_says_why() -> None:
    ranked = rank(P, RankContext.of(Profile(concerns=("grief",), approaches={"cbt": "prefer"})))
    assert ranked[0].prompt.id == "b"
    assert (ranked[0].reason.kind, ranked[0].reason.detail) == ("concern", "Grief and loss")


def test_curiosity_about_an_approach_lifts_its_prompts() -> None:
    order = ids(Profile(approaches={"emdr": "curious"}, hopes="x"))
    assert order.index("c") < order.index("d")
    assert order[0] == "c"


def test_an_avoided_approach_sinks_and_not_sure_rises_for_the_unsure() -> None:
    unsure = ids(Profile(approaches={"not_sure": "curious", "cbt": "avoid"}, hopes="x"))
    assert unsure[0] == "e"
    assert unsure[-1] == "d"


def test_a_low_mood_brings_gentle_prompts_forward() -> None:
    low = ids(Profile(hopes="x", approaches={"cbt": "prefer"}), moods=[2, 3, 4])
    high = ids(Profile(hopes="x", approaches={"cbt": "prefer"}), moods=[8, 9, 8])
    assert low.index("f") < low.index("g")
    assert high.index("g") < high.index("f")


def test_one_low_day_is_not_a_low_mood_lately() -> None:
    profile = Profile(hopes="x", approaches={"cbt": "prefer"})
    for moods in ([4], [2, 3], [3, 5, 6]):  # one or two ratings, or an average above 4
        ranked = rank(P, RankContext.of(profile, moods=moods))
        assert "mood_low" not in {s.reason.kind for s in ranked}, moods
        assert ids(profile, moods=moods) == ids(profile)  # the mood changes nothing
    ranked = rank(P, RankContext.of(profile, moods=[4, 3, 5]))
    assert ranked[0].prompt.id == "f" and ranked[0].reason.kind == "mood_low"


def test_one_reason_is_not_repeated_down_the_list() -> None:
    _, library = prompt_library()
    profile = Profile(concerns=("anxiety",), approaches={"act": "curious"}, stage="searching")
    ranked = rank(library, RankContext.of(profile, moods=[3, 4, 3]))[:20]
    given = [s.reason for s in ranked if s.reason.kind]
    assert given and all(given.count(reason) <= SAME_REASON for reason in given)
    assert len(set(given)) >= 4  # varied: several different reasons
    # Where nothing specific is left to say, nothing is said.
    assert all(s.reason == Reason("") for s in ranked if s.reason not in given)


def test_the_stage_of_the_search_counts() -> None:
    consulting = ids(Profile(stage="consulting", hopes="x", approaches={"cbt": "prefer"}))
    exploring = ids(Profile(stage="exploring", hopes="x", approaches={"cbt": "prefer"}))
    assert consulting.index("h") < exploring.index("h")


def test_an_empty_profile_field_suggests_the_prompt_that_fills_it() -> None:
    ranked = rank(P, RankContext.of(Profile(approaches={"cbt": "prefer"})))
    reasons = {s.prompt.id: s.reason for s in ranked}
    assert reasons["i"].kind == "unfilled"
    assert ids(Profile(approaches={"cbt": "prefer"})).index("i") < ids(
        Profile(approaches={"cbt": "prefer"}, hopes="already written")
    ).index("i")


def test_nothing_repeats_until_every_prompt_is_answered() -> None:
    answered = {p.id: 1 for p in P if p.id != "h"}
    order = ids(Profile(concerns=("sleep",)), answered=answered)
    assert order[0] == "h"  # the only unanswered one, though nothing in the profile points at it
    everything = {p.id: 2 for p in P} | {"f": 1}
    ranked = rank(P, RankContext.of(Profile(), answered=everything))
    assert ranked[0].prompt.id == "f"


def test_hidden_prompts_are_never_suggested() -> None:
    hidden = [Prompt("x", "concerns", "Hidden", ("concern:sleep",), hidden=True), *P]
    ranked = rank(hidden, RankContext.of(Profile(concerns=("sleep",))))
    assert "x" not in [s.prompt.id for s in ranked]


def test_ranking_the_whole_library_is_deterministic() -> None:
    _, library = prompt_library()
    profile = Profile(concerns=("anxiety", "sleep"), approaches={"act": "curious"})
    first = rank(library, RankContext.of(profile, moods=[4, 5]))
    again = rank(library, RankContext.of(profile, moods=[4, 5]))
    assert first == again
    assert len(first) == len([p for p in library if not p.for_professionals])


def test_stage_signals_only_move_the_stage_forward(vault_info: VaultInfo) -> None:
    vault = vault_info.vault
    assert search_stage(Profile(stage="searching"), vault) == "searching"
    MilestoneService(vault).record("first_consultation_scheduled")
    assert search_stage(Profile(stage="searching"), vault) == "consulting"
    assert search_stage(Profile(stage="in_therapy"), vault) == "in_therapy"
    assert search_stage(Profile(stage="searching"), None) == "searching"
