"""The fit of a therapist to the profile, area by area, and the questions to ask them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from therapy_journal.services.contact_model import Contact
from therapy_journal.services.matching import (
    AVOID_PENALTY,
    SELF_PAY_FALLBACK,
    SLIDING_SCALE_SHARE,
    WEIGHT_BUDGET,
    WEIGHT_CONCERNS,
    WEIGHT_FORMAT,
    FitPart,
    FitScore,
    fit,
)
from therapy_journal.services.profile import Profile
from therapy_journal.services.questions import MAX_QUESTIONS, questions_text, questions_to_ask

ALL_AREAS = [
    "approaches",
    "concerns",
    "format",
    "distance",
    "insurance",
    "budget",
    "availability",
    "language",
]

# A profile with a preference in every area, and a therapist who meets every one.
WANTS_ALL = Profile(
    approaches={"emdr": "prefer", "act": "curious", "dbt": "avoid"},
    concerns=("anxiety", "trauma"),
    format="in_person",
    max_travel_minutes=30,
    payment="insurance",
    insurer="Aetna",
    budget_per_session=100,
    days=("mon", "wed"),
    times=("evening",),
    languages=("Spanish",),
)
MEETS_ALL = Contact(
    name="Dr Rivera",
    approaches=("emdr", "act", "cbt"),
    specialties=("anxiety", "trauma", "grief"),
    session_format="both",
    travel_minutes=20,
    insurance=("Aetna PPO", "Cigna"),
    fee=90,
    sliding_scale=False,
    days=("wed", "fri"),
    times=("evening",),
    languages=("English", "spanish"),
    availability="Openings from next week",
)


def part(score: FitScore, area: str) -> FitPart:
    (found,) = [p for p in score.parts if p.area == area]
    return found


def areas(score: FitScore) -> list[str]:
    return [p.area for p in score.parts]


def test_a_therapist_who_meets_every_preference_scores_100_with_high_confidence() -> None:
    result = fit(WANTS_ALL, MEETS_ALL)
    assert areas(result) == ALL_AREAS
    assert all(p.score == 1.0 and p.ask is None for p in result.parts)
    assert result.score == 100
    assert result.confidence == 1.0
    assert result.confidence_label == "high"
    assert result.missing == ()
    assert part(result, "approaches").text == (
        "Works with EMDR, which you would like; works with ACT, which you are curious about"
    )
    assert part(result, "format").text == "Sees people in person, as you prefer"
    assert part(result, "insurance").text == "Takes Aetna"  # "Aetna PPO" contains it


def test_a_partial_match_is_the_weighted_mean_of_its_parts() -> None:
    profile = Profile(
        concerns=("anxiety", "depression", "trauma", "grief"),
        format="telehealth",
        budget_per_session=100,
    )
    contact = Contact(
        specialties=("anxiety", "depression", "trauma"),
        session_format="both",
        fee=110,
    )
    result = fit(profile, contact)
    assert [(p.area, p.score) for p in result.parts] == [
        ("concerns", 0.75),
        ("format", 1.0),
        ("budget", pytest.approx(0.9)),
    ]
    # By hand: (3 x 0.75 + 2 x 1.0 + 2 x 0.9) / (3 + 2 + 2) = 6.05 / 7 = 86.4 %
    assert (WEIGHT_CONCERNS, WEIGHT_FORMAT, WEIGHT_BUDGET) == (3.0, 2.0, 2.0)
    assert result.score == 86
    assert result.confidence == 1.0
    assert part(result, "concerns").text == "Matches 3 of your 4 concerns; not grief and loss"
    assert part(result, "format").text == "Offers telehealth, as you prefer"


def test_over_budget_the_text_says_by_how_much_and_the_score_falls_to_zero_at_double() -> None:
    profile = Profile(budget_per_session=100)
    over = part(fit(profile, Contact(fee=120)), "budget")
    assert over.text == "20 over your budget per session"
    assert over.score == pytest.approx(0.8)
    assert part(fit(profile, Contact(fee=200)), "budget").score == 0.0
    assert part(fit(profile, Contact(fee=350)), "budget").score == 0.0
    within = part(fit(profile, Contact(fee=100)), "budget")
    assert within.score == 1.0
    assert within.text == "100 per session, within your budget of 100"


def test_a_sliding_scale_the_person_asked_for_earns_partial_credit_when_over_budget() -> None:
    over = Contact(fee=120, sliding_scale=True)
    wanted = part(fit(Profile(budget_per_session=100, sliding_scale=True), over), "budget")
    assert wanted.score == pytest.approx(0.8 + 0.2 * SLIDING_SCALE_SHARE)
    assert wanted.text == "20 over your budget per session, but they offer a sliding scale"
    not_wanted = part(fit(Profile(budget_per_session=100), over), "budget")
    assert not_wanted.score == pytest.approx(0.8)
    assert "sliding scale" not in not_wanted.text
    none_offered = Contact(fee=120, sliding_scale=False)
    no_scale = part(
        fit(Profile(budget_per_session=100, sliding_scale=True), none_offered), "budget"
    )
    assert no_scale.score == pytest.approx(0.8)


def test_an_unknown_fee_is_asked_about_together_with_a_sliding_scale() -> None:
    budget = part(fit(Profile(budget_per_session=100), Contact()), "budget")
    assert budget.score is None
    assert budget.ask == "What is your fee per session, and do you offer a sliding scale?"


def test_an_approach_the_person_would_rather_avoid_lowers_the_score() -> None:
    profile = Profile(approaches={"emdr": "prefer", "dbt": "avoid"}, concerns=("trauma",))
    without = Contact(approaches=("emdr",), specialties=("trauma",))
    with_avoided = replace(without, approaches=("emdr", "dbt"))
    assert part(fit(profile, without), "approaches").score == 1.0
    avoided = part(fit(profile, with_avoided), "approaches")
    assert avoided.score == pytest.approx(1.0 - AVOID_PENALTY)
    assert avoided.text == (
        "Works with EMDR, which you would like; uses DBT, which you would rather avoid"
    )
    without_score, with_score = fit(profile, without).score, fit(profile, with_avoided).score
    assert without_score is not None and with_score is not None
    assert with_score < without_score


def test_preferred_approaches_count_as_a_share_and_curious_ones_add_a_little() -> None:
    profile = Profile(approaches={"cbt": "prefer", "ifs": "prefer", "act": "curious"})
    half = part(fit(profile, Contact(approaches=("cbt",))), "approaches")
    assert half.score == 0.5
    assert half.text == (
        "Works with CBT, which you would like; does not list IFS, which you would like"
    )
    plus_curious = part(fit(profile, Contact(approaches=("cbt", "act"))), "approaches")
    assert 0.5 < (plus_curious.score or 0.0) < 1.0
    only_curious = Profile(approaches={"act": "curious"})
    assert part(fit(only_curious, Contact(approaches=("act",))), "approaches").score == 1.0
    assert (part(fit(only_curious, Contact(approaches=("cbt",))), "approaches").score or 1) < 1


def test_not_sure_or_no_marked_approach_leaves_the_approaches_out() -> None:
    contact = Contact(approaches=("dbt",), specialties=("anxiety",))
    unsure = Profile(approaches={"not_sure": "curious"}, concerns=("anxiety",))
    assert areas(fit(unsure, contact)) == ["concerns"]
    # Beside "not sure", an approach to avoid still counts.
    wary = Profile(approaches={"not_sure": "curious", "dbt": "avoid"}, concerns=("anxiety",))
    assert areas(fit(wary, contact)) == ["approaches", "concerns"]
    assert areas(fit(Profile(concerns=("anxiety",)), contact)) == ["concerns"]


def test_a_format_mismatch_scores_zero_and_no_preference_leaves_the_format_out() -> None:
    in_person = part(
        fit(Profile(format="in_person"), Contact(session_format="telehealth")), "format"
    )
    assert in_person.score == 0.0
    assert in_person.text == "Offers telehealth only; you prefer in person"
    telehealth = part(
        fit(Profile(format="telehealth"), Contact(session_format="in_person")), "format"
    )
    assert telehealth.score == 0.0
    assert telehealth.text == "Sees people in person only; you prefer telehealth"
    assert areas(fit(Profile(format="either"), Contact(session_format="in_person"))) == []
    assert areas(fit(Profile(), Contact(session_format="in_person"))) == []
    unknown = part(fit(Profile(format="telehealth"), Contact()), "format")
    assert (unknown.score, unknown.ask) == (None, "Do you offer telehealth sessions?")


def test_travel_over_the_limit_lowers_the_score_and_says_by_how_much() -> None:
    profile = Profile(format="either", max_travel_minutes=30)
    over = part(fit(profile, Contact(travel_minutes=40)), "distance")
    assert over.text == "About 10 minutes over your travel limit"
    assert over.score == pytest.approx(2 / 3)
    assert part(fit(profile, Contact(travel_minutes=60)), "distance").score == 0.0
    assert part(fit(profile, Contact(travel_minutes=30)), "distance").score == 1.0


def test_travel_does_not_matter_for_telehealth() -> None:
    telehealth_only = Contact(session_format="telehealth")
    assert areas(fit(Profile(format="either", max_travel_minutes=30), telehealth_only)) == []
    in_person = Contact(session_format="in_person", travel_minutes=90)
    assert areas(fit(Profile(format="telehealth", max_travel_minutes=30), in_person)) == ["format"]
    assert areas(fit(Profile(format="in_person"), in_person)) == ["format"]  # no limit given
    unknown = part(
        fit(Profile(format="in_person", max_travel_minutes=30, location="Leeds"), Contact()),
        "distance",
    )
    assert unknown.score is None
    assert unknown.ask is not None and "Leeds" in unknown.ask


def test_unknown_insurance_lowers_the_confidence_not_the_score_and_asks() -> None:
    contact = Contact(specialties=("anxiety", "grief"), fee=120)
    without_insurer = Profile(concerns=("anxiety", "grief"), budget_per_session=100)
    with_insurer = replace(without_insurer, payment="insurance", insurer="Aetna")
    before, after = fit(without_insurer, contact), fit(with_insurer, contact)
    assert after.score == before.score
    assert before.confidence == 1.0
    assert after.confidence < before.confidence
    assert after.missing == ("Do you take Aetna?",)
    assert part(after, "insurance").score is None


def test_insurance_matches_either_way_and_self_pay_softens_a_miss() -> None:
    insured = Profile(payment="insurance", insurer="blue cross blue shield")
    assert part(fit(insured, Contact(insurance=("Blue Cross",))), "insurance").score == 1.0
    assert part(fit(insured, Contact(insurance=("Cigna",))), "insurance").score == 0.0
    either = replace(insured, payment="either")
    missed = part(fit(either, Contact(insurance=("Cigna",))), "insurance")
    assert missed.score == SELF_PAY_FALLBACK
    assert missed.text.endswith("you could pay yourself")
    assert areas(fit(replace(insured, payment="self_pay"), Contact(insurance=("Cigna",)))) == []


def test_availability_needs_one_shared_day_and_one_shared_time() -> None:
    profile = Profile(days=("mon", "tue"), times=("evening",))
    both = part(fit(profile, Contact(days=("tue",), times=("evening", "morning"))), "availability")
    assert both.score == 1.0
    assert both.text == (
        "Open on the days you can make (Tuesday); open at the times you can make (evenings)"
    )
    half = part(fit(profile, Contact(days=("tue",), times=("morning",))), "availability")
    assert half.score == 0.5
    days_only = part(fit(profile, Contact(days=("sat",))), "availability")
    assert days_only.score == 0.0
    unknown = part(fit(profile, Contact(availability="Waitlist until March")), "availability")
    assert (unknown.score, unknown.ask) == (None, "Which days and times do you have openings?")


def test_languages_match_ignoring_case_and_english_is_not_assumed() -> None:
    spanish = Profile(languages=("Spanish", "English"))
    assert part(fit(spanish, Contact(languages=("spanish",))), "language").score == 1.0
    assert part(fit(spanish, Contact(languages=("French",))), "language").score == 0.0
    english = part(fit(Profile(languages=("English",)), Contact()), "language")
    assert english.score is None
    assert english.ask == "Can we have sessions in English?"


def test_an_empty_profile_has_no_score() -> None:
    result = fit(Profile(), MEETS_ALL)
    assert (result.score, result.parts, result.missing) == (None, (), ())
    assert result.confidence == 0.0


def test_a_contact_with_nothing_known_has_no_score_zero_confidence_and_questions() -> None:
    result = fit(WANTS_ALL, Contact(name="Unknown"))
    assert areas(result) == ALL_AREAS
    assert result.score is None
    assert result.confidence == 0.0
    assert result.confidence_label == "low"
    assert len(result.missing) == len(ALL_AREAS)
    assert result.missing[0] == "Which approaches do you use? Do you work with EMDR or ACT?"
    assert "Do you take Aetna?" in result.missing
    assert "Do you see people in person?" in result.missing
    assert questions_to_ask(WANTS_ALL, Contact())[: len(result.missing)] == list(result.missing)


@pytest.mark.parametrize(
    ("confidence", "label"),
    [(1.0, "high"), (0.75, "high"), (0.74, "medium"), (0.4, "medium"), (0.39, "low")],
)
def test_confidence_labels(confidence: float, label: str) -> None:
    assert FitScore(None, confidence, (), ()).confidence_label == label


def test_a_trauma_concern_brings_the_question_about_trauma_training() -> None:
    questions = questions_to_ask(Profile(concerns=("trauma",)), Contact())
    assert (
        "Have you been trained in trauma-focused approaches such as EMDR or trauma-focused CBT?"
        in questions
    )


def test_questions_follow_the_profile_in_its_own_words() -> None:
    profile = Profile(
        concerns=("grief",),
        approaches={"emdr": "prefer", "psychodynamic": "curious", "dbt": "avoid"},
        styles={"structure": "structured"},
        lgbtq_affirming="essential",
        faith="Quaker",
    )
    contact = Contact(approaches=("emdr", "dbt"), specialties=("grief",), availability="now")
    questions = questions_to_ask(profile, contact)
    # What the fit cannot tell comes first, the essential part before the rest.
    assert questions[:3] == [
        "Is your practice LGBTQ+ affirming, and what does that mean in your work?",
        "My faith matters to me. How do you work with a person's faith or beliefs?",
        "How structured are your sessions?",
    ]
    assert questions[3:5] == [
        "How much experience do you have helping people with grief and loss?",
        "How do you use EMDR in your work?",
    ]
    assert "Do you work with psychodynamic therapy, or could you suggest someone who does?" in (
        questions
    )
    assert "I would rather avoid DBT. How much does your work rely on it?" in questions
    assert "How structured are your sessions?" in questions
    assert any("LGBTQ+ affirming" in q for q in questions)
    assert any("faith" in q for q in questions)
    assert questions[-1].startswith("How would we know whether therapy is working")
    assert not any("emdr" in q or "grief?" in q for q in questions)  # labels, not ids


BASICS = [
    "What does a typical session with you look like, and how long and how often are they?",
    "What is your cancellation policy?",
    "How would we know whether therapy is working, and what would we do if it is not?",
]


def test_questions_have_no_repeats_and_a_stable_order() -> None:
    # Hand-built, not cleaned: a concern twice gives the same question twice.
    profile = Profile(
        concerns=("trauma", "anxiety", "trauma"),
        approaches={"emdr": "prefer", "cbt": "curious"},
    )
    reordered = replace(profile, approaches={"cbt": "curious", "emdr": "prefer"})
    contact = Contact(approaches=("emdr",), specialties=("trauma",), availability="soon")
    questions = questions_to_ask(profile, contact)
    assert len({q.casefold() for q in questions}) == len(questions)
    assert questions == questions_to_ask(reordered, contact) == questions_to_ask(profile, contact)
    assert questions == [
        "Have you been trained in trauma-focused approaches such as EMDR or trauma-focused CBT?",
        "How much experience do you have helping people with anxiety?",
        "How do you use EMDR in your work?",
        "Do you work with CBT, or could you suggest someone who does?",
        *BASICS,
    ]


def test_a_long_list_is_cut_to_the_limit_with_a_share_for_every_kind_and_the_basics() -> None:
    everything = replace(
        WANTS_ALL,
        concerns=("anxiety", "depression", "trauma", "grief", "sleep", "eating"),
        approaches={"emdr": "prefer", "cbt": "prefer", "act": "curious", "not_sure": "curious"},
        styles={"structure": "open", "homework": "none", "talk": "listening"},
        lgbtq_affirming="essential",
        cultural_background="Punjabi",
        faith="Sikh",
    )
    known = replace(MEETS_ALL, specialties=("anxiety",))  # nothing missing
    questions = questions_to_ask(everything, known)
    assert len(questions) == MAX_QUESTIONS
    assert questions[-3:] == BASICS
    # The parts the fit cannot tell come first (the essential one first), then the rest.
    assert questions[0] == (
        "Is your practice LGBTQ+ affirming, and what does that mean in your work?"
    )
    assert "How much experience do you have helping people with anxiety?" in questions
    assert "Is your practice LGBTQ+ affirming, and what does that mean in your work?" in questions
    assert "How structured are your sessions?" in questions
    assert "How do you use EMDR in your work?" in questions
    unknown = questions_to_ask(everything, Contact())
    assert len(unknown) == MAX_QUESTIONS
    assert unknown[: len(fit(everything, Contact()).missing)] == list(
        fit(everything, Contact()).missing
    )
    assert unknown[-3:] == BASICS


def test_questions_text_is_a_numbered_list_under_the_name() -> None:
    text = questions_text(Profile(concerns=("anxiety",)), Contact(name="Dr Okafor"))
    lines = text.splitlines()
    assert lines[0] == "Questions for Dr Okafor"
    assert lines[1] == ""
    assert lines[2] == "1. What do you specialize in?"
    assert lines[3] == "2. How much experience do you have helping people with anxiety?"
    assert [line.split(". ", 1)[0] for line in lines[2:]] == [
        str(n) for n in range(1, len(lines) - 1)
    ]
    assert text.endswith("\n")


@pytest.mark.parametrize(
    ("concern", "words"),
    [
        ("ocd", "exposure and response prevention"),
        ("child_teen", "parents or caregivers"),
        ("couple", "couples together"),
        ("family", "families together"),
    ],
)
def test_the_newer_concerns_ask_a_question_that_fits_them(concern: str, words: str) -> None:
    questions = questions_to_ask(Profile(concerns=(concern,)), Contact())
    assert any(words in question for question in questions), questions
