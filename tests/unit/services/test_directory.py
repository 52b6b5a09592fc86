"""The built-in directory of organizations and crisis lines, and its checks."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from therapy_journal.services.directory import (
    MAX_DESCRIPTION_CHARS,
    DirectoryEntry,
    _entry,
    directory,
    to_contact,
)
from therapy_journal.services.reference import BadReferenceData

IDS = {
    "apa",
    "nasw",
    "aca",
    "nami",
    "abct",
    "psychology_today",
    "nimh",
    "camft",
    "lifeline_988",
    "crisis_text_line",
}


def by_id() -> dict[str, DirectoryEntry]:
    return {entry.id: entry for entry in directory()}


def test_the_directory_has_every_entry_once() -> None:
    assert [e.id for e in directory()] == list(by_id())
    assert set(by_id()) == IDS


def test_every_website_is_an_https_address() -> None:
    for entry in directory():
        parts = urlsplit(entry.website)
        assert (parts.scheme, bool(parts.netloc)) == ("https", True), entry.id


def test_descriptions_are_one_short_line() -> None:
    for entry in directory():
        assert "\n" not in entry.description, entry.id
        assert 20 < len(entry.description) < MAX_DESCRIPTION_CHARS, entry.id


def test_crisis_lines_have_numbers_to_call_or_text() -> None:
    entries = by_id()
    assert {e.id for e in directory() if e.kind == "crisis"} == {"lifeline_988", "crisis_text_line"}
    assert (entries["lifeline_988"].phone, entries["lifeline_988"].text) == ("988", "988")
    assert entries["crisis_text_line"].text == "741741"
    assert "HOME to 741741" in entries["crisis_text_line"].description
    assert entries["nami"].phone == "1-800-950-6264"


def test_an_entry_becomes_an_organization_contact() -> None:
    contact = to_contact(by_id()["lifeline_988"])
    assert contact.kind == "organization"
    assert contact.name == "988 Suicide & Crisis Lifeline"
    assert contact.website == "https://988lifeline.org"
    assert contact.phone == "988"
    assert contact.notes.splitlines() == [by_id()["lifeline_988"].description, "Text: 988"]
    assert contact.cleaned() == contact


def test_an_entry_without_a_text_number_has_just_its_description() -> None:
    entry = by_id()["apa"]
    assert to_contact(entry).notes == entry.description


def test_the_directory_is_read_once() -> None:
    assert directory() is directory()


GOOD = {
    "id": "x",
    "name": "X",
    "kind": "crisis",
    "description": "Someone to talk to.",
    "website": "https://x.example.org",
    "phone": "123",
    "text": "",
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "club"}, "unknown kind"),
        ({"website": "http://x.example.org"}, "not an https address"),
        ({"website": "https://"}, "not an https address"),
        ({"description": "One line\nand another"}, "one line"),
        ({"description": "x" * MAX_DESCRIPTION_CHARS}, "one line"),
        ({"phone": 988}, "phone that is not text"),
        ({"phone": ""}, "crisis line without a number"),
        ({"name": ""}, "has no name"),
    ],
)
def test_a_damaged_entry_is_refused(change: dict[str, Any], message: str) -> None:
    assert _entry(GOOD, "entry") is not None
    with pytest.raises(BadReferenceData, match=message):
        _entry({**GOOD, **change}, "entry")
