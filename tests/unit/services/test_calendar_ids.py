""".ics UIDs are globally unique (RFC 5545): derived from a random key of each
vault, stable across re-exports of the same event (issue 18)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from icalendar import Calendar

from tests.helpers.vaults import make_vault
from therapy_journal.services.calendar_export import consultation_ics, follow_up_ics
from therapy_journal.services.calendar_ids import calendar_key
from therapy_journal.services.contact_model import Contact
from therapy_journal.store.vault import Vault

LEE = Contact(kind="therapist", name="Dr. Lee", id=1)


def uid(data: bytes) -> str:
    (event,) = Calendar.from_ical(data).walk("VEVENT")
    return str(event["UID"])


def test_contact_1_in_two_vaults_gives_two_uids_each_stable(
    vault: Vault, tmp_path: Path, opened: list[Vault]
) -> None:
    other = make_vault(tmp_path / "other").vault
    opened.append(other)
    mine, theirs = calendar_key(vault), calendar_key(other)
    assert mine != theirs and len(mine) == 32
    start = datetime(2026, 3, 2, 15, 0).astimezone()
    first = uid(consultation_ics(LEE, start, vault_key=mine))
    assert first != uid(consultation_ics(LEE, start, vault_key=theirs))
    # Stable: the same key on the next call, the same UID after the time moved.
    assert calendar_key(vault) == mine
    later = datetime(2026, 3, 9, 10, 0).astimezone()
    assert uid(consultation_ics(LEE, later, vault_key=calendar_key(vault))) == first
    assert uid(follow_up_ics(LEE, date(2026, 3, 1), vault_key=mine)) != first


def test_the_key_is_kept_in_the_vault(vault: Vault) -> None:
    key = calendar_key(vault)
    assert vault.db.scalar("SELECT value FROM meta WHERE key = 'calendar_uid_key'") == key
