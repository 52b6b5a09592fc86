"""The profile's versions and the prompt service, on a real encrypted vault."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.helpers.vaults import FAST_KDF, VaultInfo
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.services.profile import (
    Profile,
    ProfileService,
    changed_fields,
    summary_markdown,
)
from therapy_journal.services.prompts import ANY_PROMPT, InvalidPrompt, PromptService
from therapy_journal.store.models import EntryFilter
from therapy_journal.store.vault import Vault


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 1, 9, 0).astimezone()

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def test_every_save_keeps_a_dated_version_and_survives_reopening(vault_info: VaultInfo) -> None:
    clock = Clock()
    service = ProfileService(vault_info.vault, clock)
    assert service.current() == Profile() and service.versions() == []
    first = Profile(concerns=("anxiety",), approaches={"cbt": "curious"}, hopes="Sleep better")
    assert service.save(first) is not None
    assert service.save(first) is None  # nothing changed: no new version
    second = replace(first, concerns=("anxiety", "grief"), budget_per_session=80)
    assert service.save(second) is not None
    vault_info.vault.lock()

    again = Vault(vault_info.folder, kdf=FAST_KDF)
    again.unlock(vault_info.passphrase)
    reopened = ProfileService(again)
    versions = reopened.versions()
    assert [v.saved < versions[0].saved for v in versions[1:]] == [True]
    assert reopened.current() == second
    assert reopened.version(versions[1].id) == first
    assert reopened.previous(versions[1].id) == Profile()
    assert changed_fields(first, second) == ["Concerns", "Budget per session"]
    again.lock()


def test_a_stored_profile_with_unknown_or_wrong_values_is_read_leniently() -> None:
    odd = Profile.from_json(
        '{"concerns": ["anxiety", "made-up", 3], "approaches": {"cbt": "love", "act": "avoid"},'
        ' "budget_per_session": "ninety", "stage": "nowhere", "hopes": 12, "future_field": 1}'
    )
    assert odd == Profile(concerns=("anxiety",), approaches={"act": "avoid"})
    assert Profile.from_json("not json at all") == Profile()


def test_the_summary_shows_the_profile_and_keeps_the_persons_words_literal() -> None:
    text = summary_markdown(
        Profile(concerns=("sleep",), approaches={"emdr": "curious"}, hopes="# not a *heading*")
    )
    assert "Sleep" in text and "EMDR" in text
    assert "\\# not a \\*heading\\*" in text
    assert "Nothing filled in yet." in summary_markdown(Profile())


def test_own_prompts_can_be_added_edited_and_hidden(vault_info: VaultInfo) -> None:
    prompts = PromptService(vault_info.vault)
    mine = prompts.add("self_care", "  What made me smile today?  ")
    assert mine.id.startswith("user-") and mine.text == "What made me smile today?"
    changed = prompts.edit(mine.id, "progress", "What went well this week?")
    assert (changed.category, changed.text, changed.custom) == (
        "progress",
        "What went well this week?",
        True,
    )
    prompts.set_hidden(mine.id, True)
    assert mine.id not in [p.id for p in prompts.prompts()]
    assert prompts.get(mine.id) is not None and prompts.get(mine.id).hidden  # type: ignore[union-attr]
    assert mine.id not in [s.prompt.id for s in prompts.suggestions(None)]
    prompts.set_hidden(mine.id, False)
    assert mine.id in [p.id for p in prompts.prompts()]


@pytest.mark.parametrize(
    ("category", "text", "message"),
    [
        ("self_care", "   ", "A prompt needs some text."),
        ("nowhere", "Fine text", "Choose one of the prompt categories."),
        ("self_care", "x" * 1001, "A prompt can be at most 1,000 characters long."),
    ],
)
def test_a_prompt_that_cannot_be_stored_is_refused_plainly(
    vault_info: VaultInfo, category: str, text: str, message: str
) -> None:
    with pytest.raises(InvalidPrompt, match=message):
        PromptService(vault_info.vault).add(category, text)


def test_library_prompts_cannot_be_edited_only_hidden(vault_info: VaultInfo) -> None:
    prompts = PromptService(vault_info.vault)
    first = prompts.prompts()[0]
    with pytest.raises(InvalidPrompt):
        prompts.edit(first.id, first.category, "changed")
    prompts.set_hidden(first.id, True)
    assert prompts.get(first.id).hidden  # type: ignore[union-attr]


def test_an_answered_prompt_is_not_suggested_again_and_its_entry_is_found_by_category(
    vault_info: VaultInfo, tmp_path: Path
) -> None:
    prompts = PromptService(vault_info.vault)
    journal = JournalService(vault_info.vault)
    top = prompts.suggestions(1)[0].prompt
    entry_id = journal.add(make_entry(title="", body="my answer", prompt_id=top.id))
    journal.add(make_entry(title="plain", body="no prompt"))
    assert journal.get(entry_id).prompt_id == top.id
    assert journal.prompt_answers() == {top.id: 1}
    assert top.id not in [s.prompt.id for s in prompts.suggestions(20)]
    found = journal.ids(prompts.narrow(EntryFilter(), top.category))
    assert list(found) == [entry_id]
    assert list(journal.ids(prompts.narrow(EntryFilter(), ANY_PROMPT))) == [entry_id]
    assert len(journal.ids(prompts.narrow(EntryFilter(), None))) == 2
    other = next(c.id for c in prompts.categories() if c.id != top.category)
    assert list(journal.ids(prompts.narrow(EntryFilter(), other))) == []
    hits = journal.search("answer", EntryFilter(prompt_ids=frozenset({top.id})))
    assert [h.entry.id for h in hits] == [entry_id]


def test_the_prompt_of_the_day_is_one_of_the_best_and_stable_for_the_day(
    vault_info: VaultInfo,
) -> None:
    prompts = PromptService(vault_info.vault)
    day = datetime(2026, 5, 4).date()
    best = [s.prompt.id for s in prompts.suggestions(5)]
    chosen = prompts.prompt_of_the_day(day)
    assert chosen is not None and chosen.prompt.id in best
    assert prompts.prompt_of_the_day(day) == chosen
    assert prompts.prompt_of_the_day(day + timedelta(days=1)) != chosen


def test_the_prompt_of_the_day_stays_all_day_whatever_is_written(vault_info: VaultInfo) -> None:
    day = datetime(2026, 5, 4).date()
    chosen = PromptService(vault_info.vault).prompt_of_the_day(day)
    assert chosen is not None
    journal = JournalService(vault_info.vault)
    # Answering it (and others), rating moods: the ranking moves, the day's prompt does not.
    for suggestion in PromptService(vault_info.vault).suggestions(5):
        journal.add(make_entry(title="answer", body="x", mood=2, prompt_id=suggestion.prompt.id))
    assert PromptService(vault_info.vault).suggestions(5)[0].prompt.id != chosen.prompt.id
    again = PromptService(vault_info.vault).prompt_of_the_day(day)  # a restart, too
    assert again is not None and again.prompt.id == chosen.prompt.id
    tomorrow = PromptService(vault_info.vault).prompt_of_the_day(day + timedelta(days=1))
    assert tomorrow is not None and tomorrow.prompt.id != chosen.prompt.id


def test_a_hidden_prompt_of_the_day_is_replaced(vault_info: VaultInfo) -> None:
    prompts = PromptService(vault_info.vault)
    day = datetime(2026, 5, 4).date()
    chosen = prompts.prompt_of_the_day(day)
    assert chosen is not None
    prompts.set_hidden(chosen.prompt.id, True)
    replaced = prompts.prompt_of_the_day(day)
    assert replaced is not None and replaced.prompt.id != chosen.prompt.id
    assert prompts.prompt_of_the_day(day) == replaced
