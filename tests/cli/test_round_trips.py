"""Round trips through the command line lose nothing: ``export-all --format json``
read back with ``import --from therapy-journal-json``, and ``list --json`` fed to
``import --from jsonl`` (issue 18)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.helpers.cli import Result, cli
from tests.helpers.vaults import PASSPHRASE, make_vault
from therapy_journal.services.assessments import AssessmentService
from therapy_journal.services.contact_model import Contact
from therapy_journal.services.contacts import ContactService
from therapy_journal.services.goals import GoalService
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.services.journals import JournalsService
from therapy_journal.services.profile import Profile, ProfileService
from therapy_journal.services.prompts import PromptService
from therapy_journal.services.sharing.share_log import record_share
from therapy_journal.store.vault import Vault

SYDNEY = timezone(timedelta(hours=10))


@dataclass
class Vaults:
    tmp: Path
    pass_file: Path

    def run(self, name: str, *args: str) -> Result:
        return cli("--vault", str(self.tmp / name), "--passphrase-file", str(self.pass_file), *args)


@pytest.fixture
def vaults(tmp_path: Path) -> Vaults:
    pass_file = tmp_path / "pass.txt"
    pass_file.write_text(PASSPHRASE + "\n")
    return Vaults(tmp_path, pass_file)


def fill(vault: Vault) -> None:
    """Something of everything export-all writes."""
    journal = JournalService(vault)
    prompts = PromptService(vault)
    own = prompts.add("self_care", "What would a good first session feel like?")
    prompts.set_hidden(own.id, True)
    therapy = JournalsService(vault).add("Therapy")
    JournalsService(vault).add("Someday")  # empty, and kept all the same
    journal.add(
        make_entry(
            title="Late call",
            body="Sydney, 22:48.\n",
            mood=6,
            tags=["search", "first steps"],
            created=datetime(2024, 1, 31, 22, 48, 5, 123_456, tzinfo=SYDNEY),
            prompt_id=own.id,
            journal_id=therapy.id,
        )
    )
    journal.add(
        make_entry(
            body="No title", created=datetime(2024, 7, 4, 21, 40, tzinfo=ZoneInfo("Asia/Tokyo"))
        )
    )
    ProfileService(vault).save(Profile(hopes="Sleep better"))
    goals = GoalService(vault)
    goal = goals.create("Find a therapist", "support", date(2026, 4, 1), ["Call three", "Ask"])
    goals.set_step_done(goal.steps[0].id, True)
    AssessmentService(vault).record("phq9", [1] * 9)
    contacts = ContactService(vault)
    referrer, _ = contacts.add(Contact(kind="referral", name="Dr. Primary"))
    lee, _ = contacts.add(
        Contact(kind="therapist", name="Dr. Ana Lee", phone="555-0100", referred_by=referrer.id)
    )
    assert lee.id is not None
    contacts.move(lee.id, "contacted")
    contacts.log(lee.id, "called", "left a message")
    contacts.record_outreach("before", 7, "nervous", contact_id=lee.id)
    record_share(
        vault,
        at=datetime(2024, 2, 1, 10, 0, tzinfo=SYDNEY),
        recipient="Dr. Ana Lee",
        method="passphrase",
        items={"entries": 1},
        fingerprint="ab" * 32,
        file_name="for-lee.age",
        contact_id=lee.id,
    )


def without_ids(value: Any) -> Any:
    """An export with what only numbers things in one vault (ids) and when it was made left out."""
    if isinstance(value, dict):
        return {
            key: without_ids(item)
            for key, item in value.items()
            if key not in {"id", "exported", "referred_by", "contact_id"}
        }
    if isinstance(value, list):
        return [without_ids(item) for item in value]
    return value


def test_export_all_json_imports_back_with_nothing_lost(vaults: Vaults) -> None:
    first = make_vault(vaults.tmp / "first").vault
    fill(first)
    first.lock()
    make_vault(vaults.tmp / "second").vault.lock()

    assert (
        vaults.run("first", "export-all", "--format", "json", "-o", str(vaults.tmp / "a")).code == 0
    )
    exported = vaults.tmp / "a" / "journal.json"
    result = vaults.run(
        "second", "import", "--from", "therapy-journal-json", str(exported), "--json"
    )
    assert result.code == 0, result.err
    summary = json.loads(result.out)
    assert summary["imported"] == 2
    assert summary["added"]["contacts"] == 2 and summary["added"]["shares"] == 1

    assert (
        vaults.run("second", "export-all", "--format", "json", "-o", str(vaults.tmp / "b")).code
        == 0
    )
    before = json.loads(exported.read_text())
    after = json.loads((vaults.tmp / "b" / "journal.json").read_text())
    assert set(before) == set(after)
    for section in set(before) - {"exported"}:
        assert without_ids(after[section]) == without_ids(before[section]), section
    late = after["entries"][0]
    assert late["created"] == "2024-01-31T22:48:05.123456+10:00"
    assert late["prompt"] == "What would a good first session feel like?"
    assert late["journal"] == "Therapy"
    assert [j["name"] for j in after["journals"]] == ["Journal", "Someday", "Therapy"]
    # Links follow the new vault's ids.
    lee = next(c for c in after["contacts"] if c["name"] == "Dr. Ana Lee")
    primary = next(c for c in after["contacts"] if c["name"] == "Dr. Primary")
    assert lee["referred_by"] == primary["id"]
    assert after["shares"][0]["contact_id"] == lee["id"]
    assert after["outreach"][0]["contact_id"] == lee["id"]

    again = vaults.run("second", "import", "--from", "therapy-journal-json", str(exported))
    assert again.code == 0, again.err
    assert again.out == "Imported 0 entries; skipped 2 already in the journal.\n"


def test_export_all_writes_milestones_prompts_shares_and_outreach(vaults: Vaults) -> None:
    vault = make_vault(vaults.tmp / "first").vault
    fill(vault)
    vault.lock()
    assert (
        vaults.run("first", "export-all", "--format", "json", "-o", str(vaults.tmp / "a")).code == 0
    )
    document = json.loads((vaults.tmp / "a" / "journal.json").read_text())
    assert {"milestones", "prompts", "hidden_prompts", "shares", "outreach"} <= set(document)
    assert document["prompts"][0]["text"] == "What would a good first session feel like?"
    assert document["outreach"][0]["anxiety"] == 7
    assert any(m["kind"] == "first_assessment" for m in document["milestones"])


def test_list_json_fed_to_import_jsonl_adds_no_duplicate(vaults: Vaults) -> None:
    vault = make_vault(vaults.tmp / "first").vault
    fill(vault)
    vault.lock()
    listed = vaults.run("first", "list", "--json")
    assert listed.code == 0
    assert json.loads(listed.out)[-1]["created"] == "2024-01-31T22:48:05.123456+10:00"
    path = vaults.tmp / "listed.json"
    path.write_text(listed.out)
    result = vaults.run("first", "import", "--from", "jsonl", str(path), "--json")
    assert json.loads(result.out) == {"imported": 0, "skipped_duplicates": 2}
    # The same entries as JSON lines (as a script would write them) are recognised too.
    lines = vaults.tmp / "listed.jsonl"
    lines.write_text("".join(json.dumps(item) + "\n" for item in json.loads(listed.out)))
    result = vaults.run("first", "import", "--from", "jsonl", str(lines), "--json")
    assert json.loads(result.out) == {"imported": 0, "skipped_duplicates": 2}


def test_the_wrong_file_for_therapy_journal_json_says_so(vaults: Vaults) -> None:
    make_vault(vaults.tmp / "first").vault.lock()
    jrnl = vaults.tmp / "jrnl.json"
    jrnl.write_text('{"tags": {}, "entries": [{"date": "2024-01-01", "time": "10:00"}]}')
    result = vaults.run("first", "import", "--from", "therapy-journal-json", str(jrnl))
    assert result.code != 0
    assert "is not a journal.json of this app's export" in result.err
