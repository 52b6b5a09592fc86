"""The fit uses the whole profile (issue 17): who the therapy is for, licensing,
prescribing, profession, gender, age, background, faith, LGBTQ+ affirming
practice and communication style; essential parts cap the score when not met
and come first, lowering the confidence, while not known."""

from __future__ import annotations

from dataclasses import replace

from therapy_journal.services.compare import compare
from therapy_journal.services.contact_model import Contact
from therapy_journal.services.matching import ESSENTIAL_CAP, by_fit, fit
from therapy_journal.services.profile import Profile

ESSENTIAL_AFFIRMING = Profile(lgbtq_affirming="essential", concerns=("anxiety",))
KNOWN_OTHERWISE = Contact(name="Dr Lee", specialties=("anxiety",))


def test_an_essential_preference_that_is_unknown_is_never_100_with_high_confidence() -> None:
    result = fit(ESSENTIAL_AFFIRMING, KNOWN_OTHERWISE)

    assert (result.score, result.confidence_label) != (100, "high")
    assert result.confidence_label != "high"
    assert result.missing[0].startswith("Is your practice LGBTQ+ affirming")


def test_an_essential_preference_not_met_caps_the_score_and_says_so() -> None:
    result = fit(ESSENTIAL_AFFIRMING, replace(KNOWN_OTHERWISE, lgbtq_affirming="no"))

    assert result.score is not None and result.score <= ESSENTIAL_CAP
    assert result.capped == (
        "You marked LGBTQ+ affirming practice as essential; they said they are not",
    )


def test_an_important_preference_not_met_lowers_but_does_not_cap() -> None:
    profile = replace(ESSENTIAL_AFFIRMING, lgbtq_affirming="important")
    result = fit(profile, replace(KNOWN_OTHERWISE, lgbtq_affirming="no"))

    assert result.capped == ()
    assert result.score is not None and ESSENTIAL_CAP < result.score < 100


def test_every_new_part_is_scored_when_known() -> None:
    profile = Profile(
        for_whom="couple",
        medication="prescriber",
        professions=("psychiatrist",),
        lives_in="Oregon",
        gender="A woman",
        age="older",
        cultural_background="Shares my culture",
        faith="Secular",
        lgbtq_affirming="important",
        styles={"directness": "direct", "homework": "homework"},
    )
    contact = Contact(
        name="Dr Ames",
        sees=("me", "couple"),
        profession="psychiatrist",
        licensed_in=("OR", "Oregon"),
        gender="Woman",
        age="older",
        culture="shares",
        faith="shares",
        lgbtq_affirming="yes",
        styles={"directness": "direct", "homework": "homework"},
    )
    result = fit(profile, contact)

    areas = {part.area: part.score for part in result.parts}
    assert areas == {
        "for_whom": 1.0,
        "licensed": 1.0,
        "prescriber": 1.0,
        "profession": 1.0,
        "gender": 1.0,
        "age": 1.0,
        "culture": 1.0,
        "faith": 1.0,
        "lgbtq_affirming": 1.0,
        "style": 1.0,
    }
    assert (result.score, result.confidence_label) == (100, "high")


def test_the_new_parts_miss_and_say_why() -> None:
    profile = Profile(for_whom="child_teen", lives_in="Ontario", medication="prescriber")
    contact = Contact(name="Sam", sees=("me",), licensed_in=("Quebec",), profession="counselor")
    texts = {part.area: (part.score, part.text) for part in fit(profile, contact).parts}

    assert texts["for_whom"] == (0.0, "Does not list children or teens among the people they see")
    assert texts["licensed"] == (0.0, "Licensed in Quebec, not in Ontario, where you live")
    assert texts["prescriber"][0] == 0.0
    assert "Does not prescribe" in texts["prescriber"][1]


def test_unknown_new_parts_become_questions() -> None:
    profile = Profile(for_whom="family", lives_in="Texas", faith="Catholic")
    result = fit(profile, Contact(name="Pat"))

    assert result.score is None
    assert "Do you see families together?" in result.missing
    assert "Are you licensed to practice in Texas?" in result.missing


def test_an_essential_licence_unknown_is_asked_first() -> None:
    profile = Profile(concerns=("anxiety",), lives_in="Texas", essentials=("licensed",))
    result = fit(profile, Contact(name="Pat"))

    assert result.missing[0] == "Are you licensed to practice in Texas?"


def test_sorting_by_fit_puts_the_best_first_and_the_unknown_last() -> None:
    profile = Profile(concerns=("anxiety", "trauma"))
    good = Contact(name="Good", specialties=("anxiety", "trauma"))
    half = Contact(name="Half", specialties=("anxiety",))
    unknown = Contact(name="Unknown")

    ordered = [contact.name for contact, _ in by_fit(profile, [unknown, half, good])]

    assert ordered == ["Good", "Half", "Unknown"]


def test_comparing_lists_every_part_for_every_therapist() -> None:
    profile = Profile(lgbtq_affirming="essential", concerns=("anxiety",), format="telehealth")
    yes = Contact(name="A", lgbtq_affirming="yes", specialties=("anxiety",))
    no = Contact(name="B", lgbtq_affirming="no", session_format="telehealth")

    table = compare(profile, [yes, no])

    rows = {row.area: [cell.status for cell in row.cells] for row in table.rows}
    assert rows == {
        "concerns": ["met", "unknown"],
        "format": ["unknown", "met"],
        "lgbtq_affirming": ["met", "not_met"],
    }
    assert [f.score for f in table.fits] == [100, ESSENTIAL_CAP]


def test_every_region_explains_its_professions_with_a_source_and_a_date() -> None:
    from therapy_journal.services.professions import for_region, professions  # noqa: PLC0415
    from therapy_journal.services.regions import regions  # noqa: PLC0415

    for region_id in regions():
        found = for_region(region_id)
        assert found.offered and found.medication and found.licensed_where
        assert found.source.startswith("https://")
        assert found.checked or found.unchecked
    assert region_id in professions().regions
    assert "psychiatrist" in professions().prescribers
    assert [p.id for p in for_region("us").offered][:4] == [
        "psychologist",
        "clinical_social_worker",
        "counselor",
        "mft",
    ]


def test_what_was_learned_about_a_therapist_survives_a_vcard_round_trip() -> None:
    from therapy_journal.services.vcard import contacts_to_vcard, parse_vcards  # noqa: PLC0415

    contact = Contact(
        name="Dr Ames",
        profession="psychologist",
        licensed_in=("Oregon",),
        sees=("couple",),
        gender="Woman",
        age="similar",
        culture="understands",
        faith="respects",
        lgbtq_affirming="yes",
        styles={"talk": "listening"},
    )
    (back,) = parse_vcards(contacts_to_vcard([contact]))

    assert replace(back, id=None) == contact.cleaned()


def test_a_contact_stored_before_these_fields_reads_them_as_not_known() -> None:
    old = (
        7,
        "therapist",
        "Dr Old",
        "contacted",
        None,
        None,
        '{"fee": 90, "languages": ["English"]}',
    )
    contact = Contact.from_row(old)

    assert (contact.fee, contact.stage) == (90, "contacted")
    assert (contact.profession, contact.licensed_in, contact.sees, contact.styles) == (
        "",
        (),
        (),
        {},
    )
    assert (contact.gender, contact.age, contact.culture, contact.faith) == ("", "", "", "")
    assert contact.lgbtq_affirming == ""
