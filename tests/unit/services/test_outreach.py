"""Reaching out: a calm exercise first, then a first message drafted from a real
profile, in the words of the person's region."""

from __future__ import annotations

import json

import pytest

from therapy_journal.locations import config_folder
from therapy_journal.services.outreach import (
    FREE_GAP,
    KINDS,
    NAME_GAP,
    PHONE_GAP,
    before_reaching_out,
    exercises,
    first_message,
)
from therapy_journal.services.profile import Profile

FULL = Profile(
    concerns=("anxiety", "ocd", "sleep"),
    other_concerns="panic on the train",
    approaches={"exposure_erp": "prefer", "ifs": "prefer", "dbt": "avoid"},
    format="telehealth",
    languages=("Spanish",),
    days=("mon", "wed"),
    times=("evening",),
    payment="either",
    insurer="Aetna",
    budget_per_session=120,
    sliding_scale=True,
)


def test_a_short_calm_exercise_comes_before_reaching_out() -> None:
    exercise = before_reaching_out()
    assert 3 <= len(exercise.steps) <= 8
    assert all(len(step) < 200 for step in exercise.steps)
    assert "breath" in exercise.as_text().lower()
    assert exercise.caution  # what to do if breathing exercises do not suit you
    assert len({e.id for e in exercises()}) == len(exercises()) >= 2


def test_a_call_says_what_i_look_for_when_i_am_free_and_how_i_would_pay() -> None:
    script = first_message(FULL, "call", region_id="us")
    text = script.text
    assert script.subject == ""
    assert text.startswith(f"Hi, my name is {NAME_GAP}.")
    assert (
        "help with anxiety, obsessions and compulsions (OCD), sleep and panic on the train" in text
    )
    assert "interested in Internal Family Systems (IFS) or exposure therapy and ERP." in text
    assert "Dialectical" not in text  # an approach to avoid is not asked for
    assert "telehealth sessions in Spanish" in text
    assert "free on Mondays and Wednesdays, in the evenings" in text
    assert "use Aetna" in text and "up to about 120 each" in text
    assert "In-network? Co-pay?" in text
    assert "sliding scale" in text
    assert "consultation" in text


def test_the_words_for_paying_follow_the_region() -> None:
    uk = first_message(FULL, "email", region_id="uk").text
    assert "Available on the NHS? Private fee?" in uk
    assert "In-network" not in uk and "Co-pay" not in uk
    au = first_message(FULL, "email", region_id="au").text
    assert "Gap fee" in au and "Co-pay" not in au


def test_the_region_is_the_setting_when_none_is_given() -> None:
    folder = config_folder()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "settings.json").write_text(json.dumps({"region": "nz"}))
    assert "Funded through my GP or ACC?" in first_message(FULL, "call").text


def test_a_voicemail_is_short_and_keeps_private_things_out() -> None:
    script = first_message(FULL, "voicemail", region_id="us", name="Sam")
    text = script.text
    assert text.startswith("Hi, this is Sam.")
    assert text.count(PHONE_GAP) == 2  # the number said twice, to write down
    assert "free on Mondays and Wednesdays" in text
    for private in ("anxiety", "OCD", "panic", "Aetna"):
        assert private not in text
    assert len(text) < 400


def test_an_email_has_a_subject_and_is_ready_to_copy() -> None:
    script = first_message(FULL, "email", region_id="us", name="Sam", therapist="Dr. Rivera")
    assert script.subject == "Looking for therapy for myself"
    copied = script.as_text()
    assert copied.startswith("Subject: Looking for therapy for myself\n\nHello Dr. Rivera,")
    assert copied.rstrip().endswith("Thank you,\nSam")
    assert "someone you would suggest" in copied  # a full practice can still help


@pytest.mark.parametrize(
    ("concern", "what"),
    [
        ("couple", "couple therapy for my partner and me"),
        ("child_teen", "a therapist for my child or teen"),
        ("family", "family therapy"),
    ],
)
def test_who_the_therapy_is_for_comes_from_the_concerns(concern: str, what: str) -> None:
    for kind in KINDS:
        assert f"looking for {what}" in first_message(Profile(concerns=(concern,)), kind).text


def test_what_the_profile_does_not_say_is_a_gap_to_fill_never_made_up() -> None:
    for kind in KINDS:
        text = first_message(Profile(), kind, region_id="uk").text
        assert NAME_GAP in text and FREE_GAP in text
        assert "help with" not in text and "cost" not in text
        assert "looking for therapy for myself" in text


def test_only_call_voicemail_or_email() -> None:
    with pytest.raises(ValueError, match="call, voicemail, email"):
        first_message(FULL, "letter")
