"""Entry templates on a real vault: the built-in ones, the person's own (kept
encrypted in the vault), and entries written from them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.helpers.vaults import VaultInfo, files_containing
from therapy_journal.services.journal import JournalService
from therapy_journal.services.templates import (
    InvalidTemplate,
    TemplateNotFound,
    TemplateService,
    builtin_templates,
)

BUILT_IN = ["Before my first session", "After a session", "Weekly reflection", "A hard day"]


def test_the_built_in_templates_the_issue_names_are_there() -> None:
    assert [t.name for t in builtin_templates()] == BUILT_IN
    for template in builtin_templates():
        assert template.body.count("## ") >= 3 and template.ask_mood and template.tags


def test_an_entry_from_a_template_keeps_what_the_person_gives(vault_info: VaultInfo) -> None:
    service = TemplateService(vault_info.vault)
    when = datetime(2026, 3, 9, 18, 30, tzinfo=UTC)
    template = service.get("after a session")
    plain = template.entry(when)
    assert plain.title == "After my session, 9 March 2026"
    assert plain.body == template.body and plain.tags == ("session",)
    given = template.entry(when, title="Session 4", text="We talked about sleep.", tags=["Sleep"])
    assert given.title == "Session 4" and given.tags == ("session", "sleep")
    assert given.body.startswith(template.body.rstrip()) and given.body.endswith("about sleep.")
    new_id = JournalService(vault_info.vault).add(given)
    assert JournalService(vault_info.vault).get(new_id).title == "Session 4"


def test_own_templates_are_kept_encrypted_and_can_be_deleted(vault_info: VaultInfo) -> None:
    service = TemplateService(vault_info.vault)
    kept = service.add("Morning pages", "## Pineapple sunrise\n", "Morning, {date}", ["Morning"])
    assert (kept.id, kept.tags, kept.builtin) == ("own-1", ("morning",), False)
    assert [t.name for t in service.all()] == [*BUILT_IN, "Morning pages"]
    vault_info.vault.db.checkpoint()
    assert files_containing(vault_info.folder, ["Pineapple sunrise"]) == []
    assert service.delete("MORNING PAGES").id == "own-1"
    assert service.own() == []
    second = service.add("Evening", "")
    assert second.id == "own-1" or second.id.startswith("own-")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "needs a name"),
        ("   ", "needs a name"),
        ("x" * 81, "at most 80"),
        ("a hard day", "already a template named"),
    ],
)
def test_a_template_that_cannot_be_kept_is_refused(
    vault_info: VaultInfo, name: str, message: str
) -> None:
    with pytest.raises(InvalidTemplate, match=message):
        TemplateService(vault_info.vault).add(name, "text")
    assert TemplateService(vault_info.vault).own() == []


def test_built_in_templates_cannot_be_deleted_and_unknown_ones_are_named(
    vault_info: VaultInfo,
) -> None:
    service = TemplateService(vault_info.vault)
    with pytest.raises(InvalidTemplate, match="built in"):
        service.delete("Weekly reflection")
    with pytest.raises(TemplateNotFound, match="no template named 'nosuch'"):
        service.get("nosuch")


def test_damaged_stored_templates_leave_the_built_in_ones(vault_info: VaultInfo) -> None:
    vault_info.vault.db.execute(
        "INSERT INTO meta (key, value) VALUES ('entry_templates', '{not json')"
    )
    assert [t.name for t in TemplateService(vault_info.vault).all()] == BUILT_IN
