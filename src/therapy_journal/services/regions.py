"""Where the person lives, and what that means for help: crisis lines (call and
text labelled, with their hours), the emergency number, where to find a
therapist, and the words for paying for therapy.

The data is ``resources/regions.json``; every line and directory in it carries
the address it was taken from and the date it was checked (or why it could
not be). A line that is not open day and night says its hours and is never
presented as always open.

The person's region is the app's setting (``region`` in the settings file,
asked at first run), else it follows the system locale (``en_GB`` → the UK),
else "somewhere else". Reading it needs no vault: help is never behind a
passphrase.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from therapy_journal.locations import config_folder
from therapy_journal.services.reference import BadReferenceData

log = logging.getLogger(__name__)

ELSEWHERE = "elsewhere"
SETTINGS_FILE = "settings.json"
REGION_KEY = "region"


@dataclass(frozen=True)
class HelpLine:
    name: str
    call: str  # a number to call, or ""
    text: str  # what to text where ("HOME to 741741"), or ""
    hours: str
    always_open: bool
    source: str
    checked: str | None  # ISO date it was checked, None when it could not be
    unchecked: str = ""  # why it could not be checked

    def ways(self) -> str:
        """ "call 988 or text 988", "text HOME to 741741"."""
        ways = [f"call {self.call}"] if self.call else []
        if self.text:
            ways.append(f"text {self.text}")
        return " or ".join(ways)


@dataclass(frozen=True)
class Directory:
    name: str
    url: str
    about: str
    source: str
    checked: str | None
    unchecked: str = ""


@dataclass(frozen=True)
class Money:
    """The words for paying for therapy where the person lives."""

    cover: str  # the question: how therapy is paid for ("Insurance", "NHS or private")
    in_network: str
    copay: str
    note: str
    insured: str = "Insurance"  # the answer "covered" ("NHS", "Medicare (a GP's plan)")
    insurer: str = "Insurer"  # the field naming who covers it
    insurer_hint: str = ""
    taken: str = "Insurance accepted"  # a therapist's insurers or plans (a form's short label)
    fee: str = "Fee per session"  # a therapist's fee per session (a form's short label)


@dataclass(frozen=True)
class Region:
    id: str
    name: str
    where: str  # "in the United States"; "" for somewhere else
    countries: tuple[str, ...]  # ISO 3166 codes whose locale means this region
    emergency: str
    crisis_lines: tuple[HelpLine, ...]
    other_lines: tuple[HelpLine, ...]
    directories: tuple[Directory, ...]
    money: Money


@dataclass(frozen=True)
class Regions:
    regions: dict[str, Region]  # in the file's order
    elsewhere: str  # the line shown after every region's own


def _text(item: dict[str, Any], key: str, where: str, *, empty: bool = True) -> str:
    value = item.get(key)
    if not isinstance(value, str) or (not empty and not value.strip()):
        raise BadReferenceData(f"{where} has no {key}")
    return value


def _provenance(item: dict[str, Any], where: str) -> tuple[str, str | None, str]:
    source = _text(item, "source", where, empty=False)
    checked = item.get("checked")
    unchecked = item.get("unchecked", "")
    if checked is None and not (isinstance(unchecked, str) and unchecked.strip()):
        raise BadReferenceData(f"{where} has no date it was checked and no reason why not")
    if checked is not None and not isinstance(checked, str):
        raise BadReferenceData(f"{where} has a checked date that is not text")
    return source, checked, str(unchecked)


def _line(item: dict[str, Any], where: str) -> HelpLine:
    name = _text(item, "name", where, empty=False)
    at = f"{where} {name!r}"
    call, text = _text(item, "call", at), _text(item, "text", at)
    if not call and not text:
        raise BadReferenceData(f"{at} has neither a number to call nor one to text")
    always = item.get("always_open")
    if not isinstance(always, bool):
        raise BadReferenceData(f"{at} does not say whether it is always open")
    return HelpLine(
        name, call, text, _text(item, "hours", at, empty=False), always, *_provenance(item, at)
    )


def _directory(item: dict[str, Any], where: str) -> Directory:
    name = _text(item, "name", where, empty=False)
    at = f"{where} {name!r}"
    return Directory(
        name,
        _text(item, "url", at, empty=False),
        _text(item, "about", at),
        *_provenance(item, at),
    )


_MONEY_WORDS = ("cover", "in_network", "copay", "note")
_MONEY_EXTRA = ("insured", "insurer", "insurer_hint", "taken", "fee")


def _region(item: dict[str, Any]) -> Region:
    region_id = _text(item, "id", "a region", empty=False)
    where = f"region {region_id}"
    money = item.get("money") or {}
    return Region(
        region_id,
        _text(item, "name", where, empty=False),
        _text(item, "where", where),
        tuple(item.get("countries") or ()),
        _text(item, "emergency", where),
        tuple(_line(line, where) for line in item.get("crisis_lines") or ()),
        tuple(_line(line, where) for line in item.get("other_lines") or ()),
        tuple(_directory(d, where) for d in item.get("directories") or ()),
        Money(
            **{key: _text(money, key, f"{where} money") for key in _MONEY_WORDS},
            **{key: str(money[key]) for key in _MONEY_EXTRA if key in money},
        ),
    )


def parse_regions(data: dict[str, Any]) -> Regions:
    items = data.get("regions")
    if not isinstance(items, list) or not items:
        raise BadReferenceData("regions.json lists no regions")
    found = {region.id: region for region in map(_region, items)}
    if ELSEWHERE not in found:
        raise BadReferenceData("regions.json has no 'somewhere else'")
    elsewhere = data.get("elsewhere") or {}
    _provenance(elsewhere, "the line for elsewhere")
    return Regions(found, _text(elsewhere, "text", "the line for elsewhere", empty=False))


@cache
def _regions() -> Regions:
    raw = files("therapy_journal.resources").joinpath("regions.json").read_text("utf-8")
    return parse_regions(json.loads(raw))


def regions() -> dict[str, Region]:
    return _regions().regions


def elsewhere_line() -> str:
    return _regions().elsewhere


def region(region_id: str) -> Region:
    """The region ``region_id``; "somewhere else" for an id this app does not know."""
    return regions().get(region_id) or regions()[ELSEWHERE]


def region_of_locale(locale_name: str) -> str:
    """The region of a locale name such as ``en_GB.UTF-8`` or ``fr-CA``."""
    base = locale_name.split(".", maxsplit=1)[0].split("@", maxsplit=1)[0].replace("-", "_")
    country = base.split("_")[1].upper() if "_" in base else ""
    for found in regions().values():
        if country and country in found.countries:
            return found.id
    return ELSEWHERE


def system_region() -> str:
    """The region the system locale names (LC_ALL, LC_MESSAGES, LANG, as C does)."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return region_of_locale(value)
    return ELSEWHERE


def configured_region() -> str:
    """The region chosen in the app's settings, else the system locale's."""
    try:
        raw = json.loads((config_folder() / SETTINGS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raw = {}
    chosen = raw.get(REGION_KEY) if isinstance(raw, dict) else None
    if isinstance(chosen, str) and chosen in regions():
        return chosen
    return system_region()


def help_lines(region_id: str, *, others: bool = False) -> list[str]:
    """Where to find help now, in words: the region's crisis lines, its
    emergency number, (with ``others``) its other lines, then elsewhere."""
    found = region(region_id)
    lines = [f"{line.name}: {line.ways()} ({line.hours})" for line in found.crisis_lines]
    if found.emergency:
        lines.append(f"If you are in immediate danger, call {found.emergency}.")
    else:
        lines.append("If you are in immediate danger, call your local emergency number.")
    if others:
        lines += [f"Also {line.name}: {line.ways()} ({line.hours})" for line in found.other_lines]
    lines.append(elsewhere_line())
    return lines
