"""The support network speaks to a person looking for therapy and to a
professional, each in their own terms, on a real encrypted vault."""

from __future__ import annotations

import json

import pytest

from tests.helpers.vaults import VaultInfo
from therapy_journal.locations import config_folder
from therapy_journal.services.contact_model import Contact
from therapy_journal.services.contacts import ContactService
from therapy_journal.services.profile import Profile
from therapy_journal.services.prompts import PromptService, RankContext, rank
from therapy_journal.services.reference import PROFESSIONAL_TAG, prompt_library
from therapy_journal.services.support_network import (
    CHALLENGES,
    ChallengeChecklist,
    empty_roles,
    network,
    professional_setting,
    roles,
)

PROFESSIONAL_PARTS = ["supervision", "peer_consultation", "professional", "training"]


def say_professional(value: object) -> None:
    folder = config_folder()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "settings.json").write_text(json.dumps({"theme": "dark", "professional": value}))


def test_a_person_sees_the_parts_anyone_can_lean_on_and_never_supervision() -> None:
    parts = roles(professional=False)
    assert list(parts)[:3] == ["friends", "family", "peer_support"]
    assert "crisis_lines" in parts
    assert not set(PROFESSIONAL_PARTS) & set(parts)
    assert not any("supervision" in label.lower() for label in parts.values())


def test_a_professional_sees_the_professional_parts_first_then_the_personal_ones() -> None:
    parts = list(roles(professional=True))
    assert parts[:4] == PROFESSIONAL_PARTS
    assert set(roles(professional=False)) <= set(parts)


def test_the_thin_parts_named_to_a_person_are_never_professional_ones() -> None:
    groups = network([Contact(kind="support", name="Jo", support_role="friends")], False)
    named = empty_roles(groups, professional=False)
    assert "Friends" not in named and "Family" in named
    assert not any("supervision" in label.lower() for label in named)
    assert "Crisis and support lines" not in named  # kept in Help, not asked of a network
    assert "Clinical supervision" in empty_roles(network([], True), professional=True)


def test_someone_filed_under_a_part_this_audience_does_not_list_is_still_shown() -> None:
    mentor = Contact(kind="support", name="Dr. Lee", support_role="supervision")
    anyone = Contact(kind="support", name="Sam")
    therapist = Contact(kind="therapist", name="Not in the network")
    groups = network([mentor, anyone, therapist], professional=False)
    assert [c.name for c in groups["supervision"]] == ["Dr. Lee"]
    assert list(groups)[-1] == "supervision"  # after this audience's own parts
    assert [c.name for c in groups["friends"]] == ["Sam"]
    assert sum(len(people) for people in groups.values()) == 2


def test_the_setting_says_who_the_app_speaks_to() -> None:
    assert professional_setting() is False  # no settings file yet
    say_professional(True)
    assert professional_setting() is True
    say_professional("yes")  # only true means true
    assert professional_setting() is False
    (config_folder() / "settings.json").write_text("{not json")
    assert professional_setting() is False


def test_the_contacts_network_follows_the_setting(vault_info: VaultInfo) -> None:
    contacts = ContactService(vault_info.vault)
    contacts.add(Contact(kind="support", name="Jo", support_role="friends"))
    assert "supervision" not in contacts.network()
    say_professional(True)
    assert list(contacts.network())[:4] == PROFESSIONAL_PARTS
    assert "supervision" not in contacts.network(professional=False)


def test_the_challenges_checklist_names_each_challenge_and_is_kept(
    vault_info: VaultInfo,
) -> None:
    assert [c.id for c in CHALLENGES] == [
        "isolation",
        "hard_decisions",
        "caseload",
        "admin",
        "trauma_exposure",
        "personal",
    ]
    for challenge in CHALLENGES:
        assert set(challenge.helps) <= set(roles(professional=True)), challenge.id
    checklist = ChallengeChecklist(vault_info.vault)
    assert checklist.checked() == frozenset()
    checklist.set_checked("isolation", True)
    checklist.set_checked("trauma_exposure", True)
    checklist.set_checked("isolation", False)
    assert ChallengeChecklist(vault_info.vault).checked() == {"trauma_exposure"}
    assert checklist.helps() == ["Clinical supervision", "My therapist, doctor or care team"]
    with pytest.raises(KeyError):
        checklist.set_checked("not a challenge", True)


def test_burnout_and_vicarious_trauma_prompts_are_for_professionals_only() -> None:
    _, library = prompt_library()
    theirs = [p for p in library if PROFESSIONAL_TAG in p.tags]
    texts = " ".join(p.text.lower() for p in theirs)
    assert "burnout" in texts and "hearing about trauma" in texts
    person = rank(library, RankContext.of(Profile()))
    assert not [s for s in person if PROFESSIONAL_TAG in s.prompt.tags]
    professional = rank(library, RankContext.of(Profile(), professional=True))
    assert len(professional) == len(person) + len(theirs)


def test_the_prompt_library_follows_the_setting(vault_info: VaultInfo) -> None:
    prompts = PromptService(vault_info.vault)
    burnout = next(p for p in prompt_library()[1] if PROFESSIONAL_TAG in p.tags)
    assert burnout.id not in {p.id for p in prompts.prompts()}
    assert burnout.id not in {s.prompt.id for s in prompts.suggestions(None)}
    assert prompts.get(burnout.id) == burnout  # an entry written from it still finds it
    say_professional(True)
    assert burnout.id in {p.id for p in prompts.prompts()}
    assert burnout.id in {s.prompt.id for s in prompts.suggestions(None)}
    assert burnout.id not in {
        p.id for p in PromptService(vault_info.vault, professional=False).prompts()
    }


def test_burnout_and_vicarious_trauma_each_have_a_prompt_to_offer() -> None:
    from therapy_journal.services.support_network import prompts_on_the_work  # noqa: PLC0415

    offered = prompts_on_the_work()
    assert [label for label, _ in offered] == ["Burnout", "Vicarious trauma"]
    burnout, trauma = (prompt for _, prompt in offered)
    assert "burnout" in burnout.text.lower() and "trauma" in trauma.text.lower()
    assert burnout.for_professionals and trauma.for_professionals
