"""A built-in directory of well-known professional organizations and crisis
lines, shipped as ``resources/directory.json``: places to look for a therapist,
to learn more, or to reach someone right now.

The file is checked when read, like the other reference data: a damaged entry
is reported as :class:`BadReferenceData`, never half-used.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from therapy_journal.services import regions
from therapy_journal.services.contact_model import Contact
from therapy_journal.services.reference import BadReferenceData, _read, _strings, _unique

ENTRY_KINDS: dict[str, str] = {
    "organization": "Organization",
    "crisis": "Crisis line",
}
MAX_DESCRIPTION_CHARS = 200


@dataclass(frozen=True)
class DirectoryEntry:
    """One organization or crisis line; ``phone`` and ``text`` are "" when there is none."""

    id: str
    name: str
    kind: str  # ENTRY_KINDS
    description: str  # one line, in plain words
    website: str  # https URL
    phone: str = ""  # a number to call
    text: str = ""  # a number to text


@cache
def directory() -> tuple[DirectoryEntry, ...]:
    """Every directory entry, in the order the app shows them."""
    data = _read("directory.json")
    found = tuple(
        _entry(item, f"directory.json entry {number}")
        for number, item in enumerate(data.get("entries") or [])
    )
    _unique([entry.id for entry in found], "directory.json")
    if not found:
        raise BadReferenceData("directory.json has no entries")
    return found


def regional_directory(region_id: str) -> tuple[DirectoryEntry, ...]:
    """The directory for where the person lives: the US list of directory.json
    for the US; elsewhere the region's crisis lines and places to find a
    therapist from regions.json (somewhere else: none but what every region has)."""
    if region_id == "us":
        return directory()
    found = regions.region(region_id)
    lines = [
        DirectoryEntry(
            id=f"{found.id}-line-{number}",
            name=line.name,
            kind="crisis",
            description=line.hours,
            website=line.source,
            phone=line.call,
            text=line.text,
        )
        for number, line in enumerate((*found.crisis_lines, *found.other_lines))
    ]
    places = [
        DirectoryEntry(
            id=f"{found.id}-place-{number}",
            name=place.name,
            kind="organization",
            description=place.about[:MAX_DESCRIPTION_CHARS],
            website=place.url,
        )
        for number, place in enumerate(found.directories)
    ]
    return (*lines, *places)


def to_contact(entry: DirectoryEntry) -> Contact:
    """The entry as an organization contact the person can keep and annotate."""
    notes = f"{entry.description}\nText: {entry.text}" if entry.text else entry.description
    return Contact(
        kind="organization",
        name=entry.name,
        website=entry.website,
        phone=entry.phone,
        notes=notes,
    )


def _entry(item: Any, where: str) -> DirectoryEntry:
    values = _strings(item, ("id", "name", "kind", "description", "website"), where)
    numbers = {key: item.get(key, "") for key in ("phone", "text")}
    for key, value in numbers.items():
        if not isinstance(value, str):
            raise BadReferenceData(f"{where} has a {key} that is not text")
    if values["kind"] not in ENTRY_KINDS:
        raise BadReferenceData(f"{where} has an unknown kind {values['kind']!r}")
    website = urlsplit(values["website"])
    if website.scheme != "https" or not website.netloc:
        raise BadReferenceData(f"{where} has a website that is not an https address")
    description = values["description"]
    if len(description.splitlines()) > 1 or len(description) >= MAX_DESCRIPTION_CHARS:
        raise BadReferenceData(
            f"{where} needs a description of one line under {MAX_DESCRIPTION_CHARS} characters"
        )
    if values["kind"] == "crisis" and not (numbers["phone"] or numbers["text"]):
        raise BadReferenceData(f"{where} is a crisis line without a number to call or text")
    return DirectoryEntry(**values, **numbers)
