"""The kinds of professional a person can see, explained for where they live,
and who among them can prescribe (``resources/professions.json``).

Profession ids are the same in every region, so a contact keeps its
profession when the person moves; each region lists the ones found there, with
a line on what each is, how medication works there, and the source the list
was checked against (and the date, or why it could not be).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from therapy_journal.services.reference import BadReferenceData
from therapy_journal.services.regions import ELSEWHERE


@dataclass(frozen=True)
class Offered:
    id: str
    name: str
    about: str
    prescribes: bool


@dataclass(frozen=True)
class RegionProfessions:
    licensed_where: str  # what "where you live" is called there: "State", "Province or territory"
    medication: str  # who prescribes there, in a sentence
    offered: tuple[Offered, ...]
    source: str
    checked: str | None
    unchecked: str = ""


@dataclass(frozen=True)
class Professions:
    names: dict[str, str]  # every profession id -> its name
    prescribers: frozenset[str]
    regions: dict[str, RegionProfessions]


def parse_professions(data: dict[str, Any]) -> Professions:
    raw = data.get("professions")
    if not isinstance(raw, dict) or not raw:
        raise BadReferenceData("professions.json lists no professions")
    names = {key: str(item["name"]) for key, item in raw.items()}
    prescribers = frozenset(key for key, item in raw.items() if item.get("prescribes") is True)
    found: dict[str, RegionProfessions] = {}
    for region_id, item in (data.get("regions") or {}).items():
        where = f"professions of region {region_id}"
        source, checked = item.get("source"), item.get("checked")
        unchecked = str(item.get("unchecked") or "")
        if not source or (checked is None and not unchecked.strip()):
            raise BadReferenceData(f"{where} has no source, or no date and no reason why not")
        offered = []
        for entry in item.get("offered") or ():
            if entry.get("id") not in names:
                raise BadReferenceData(f"{where} names an unknown profession {entry.get('id')!r}")
            key = entry["id"]
            offered.append(Offered(key, names[key], str(entry["about"]), key in prescribers))
        found[region_id] = RegionProfessions(
            str(item["licensed_where"]),
            str(item["medication"]),
            tuple(offered),
            str(source),
            checked,
            unchecked,
        )
    if ELSEWHERE not in found:
        raise BadReferenceData("professions.json has no 'somewhere else'")
    return Professions(names, prescribers, found)


@cache
def professions() -> Professions:
    raw = files("therapy_journal.resources").joinpath("professions.json").read_text("utf-8")
    return parse_professions(json.loads(raw))


def profession_names() -> dict[str, str]:
    """Every profession id and its name, whatever the region."""
    return professions().names


def for_region(region_id: str) -> RegionProfessions:
    """The professions of ``region_id``; those of "somewhere else" for one not listed."""
    found = professions().regions
    return found.get(region_id) or found[ELSEWHERE]


def prescribes(profession: str) -> bool:
    return profession in professions().prescribers
