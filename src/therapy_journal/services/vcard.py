"""Contacts as vCards: export for phones and mail programs, import from them.

Export writes vCard 3.0, one card per contact, with the fields every address
book knows (FN, N, ORG, TITLE, TEL, EMAIL, URL, ADR, NOTE, CATEGORIES). The
app's own fields travel as ``X-THERAPY-JOURNAL-KIND`` and, as JSON,
``X-THERAPY-JOURNAL-DATA``, so a round trip through our own export gives back
the same contact except its id and ``referred_by`` (another contact's id in the
vault it came from, which would point at the wrong person elsewhere).

Import reads vCard 2.1, 3.0 and 4.0 as vobject parses them. It is all or
nothing: a damaged card anywhere raises :class:`BadVCard` naming the card, and
no contact is returned. The standard fields win over the app's JSON, so edits
made in a phone's address book are kept.

vCard files are not encrypted: anyone who can read the file can read the
contacts in it.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterator, Sequence
from itertools import count
from pathlib import Path
from typing import Any

import vobject

from therapy_journal.services.contact_model import KINDS, Contact
from therapy_journal.store.atomic import describe_os_error, write_atomic

log = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
MAX_CARDS = 10_000
# Beyond the size limit, two bounds on vobject's work, far above real files:
# it spends ~30 us on each line (so 5 MB of tiny lines took 50 s), and it
# rescans a whole value at each line of it ending in "=" (a quoted-printable
# soft line break), so one value broken over very many lines costs quadratic
# time (3 MB of them took nine minutes).
MAX_LINES = 400_000
MAX_RESCAN_CHARS = 2_000_000_000
PRODID = "-//Therapy Journal//EN"
KIND_PROPERTY = "x-therapy-journal-kind"
DATA_PROPERTY = "x-therapy-journal-data"

# Fields carried by standard vCard properties; the JSON carries the rest.
_STANDARD_FIELDS = ("credentials", "practice", "phone", "email", "website", "address", "notes")
_PROFILE_LINE = re.compile(r"^PROFILE:VCARD[ \t]*\r?\n", re.IGNORECASE | re.MULTILINE)
_DECLARED_CHARSET = re.compile(
    rb";CHARSET=(?:ISO-8859-1|ISO-8859-15|LATIN1|WINDOWS-1252|CP1252)[;:]", re.IGNORECASE
)
_NEEDLESS_ESCAPE = re.compile(r"\\([:,;])")
# Never taken from a card's JSON: identity of the contact in its own vault.
_NOT_IMPORTED = ("id", "kind", "name", "referred_by")


class BadVCard(ValueError):
    """vCard text that cannot be imported; the message says which card and why."""


def contacts_to_vcard(contacts: Sequence[Contact]) -> str:
    """vCard 3.0 text with one card per contact, in the given order."""
    return "".join(_card(contact).serialize() for contact in contacts)


def write_vcard_file(path: Path, contacts: Sequence[Contact]) -> None:
    """Write ``contacts`` to ``path`` as a vCard file, atomically, readable by the owner only.

    The file is NOT encrypted: it holds the contacts in plain text, outside the vault.
    """
    data = contacts_to_vcard(contacts).encode("utf-8")
    write_atomic(path, data, mode=0o600, what="contacts file")


def read_vcard_file(path: Path, *, kind: str = "therapist") -> list[Contact]:
    """The contacts of a UTF-8 vCard file; see :func:`parse_vcards`."""
    try:
        with path.open("rb") as handle:
            if os.fstat(handle.fileno()).st_size > MAX_BYTES:
                raise BadVCard(_too_big(path.name))
            raw = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise BadVCard(f"{path.name} could not be read: {describe_os_error(error)}.") from None
    if len(raw) > MAX_BYTES:  # it grew, or is not a regular file
        raise BadVCard(_too_big(path.name))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        declared = _DECLARED_CHARSET.search(raw)
        if declared is None:
            raise BadVCard(
                f"{path.name} is not UTF-8 text; export the contacts again as vCard 3.0 or 4.0 "
                "in UTF-8."
            ) from None
        # vCard 2.1 from older phones and Outlook: Latin-1 (or Windows' superset
        # of it), declared on the lines that need it.
        text = raw.decode("cp1252", "replace")
    return parse_vcards(text, kind=kind)


def parse_vcards(text: str, *, kind: str = "therapist") -> list[Contact]:
    """Every card in ``text`` as a contact, or :class:`BadVCard` and none at all.

    A card's kind comes from our own X-THERAPY-JOURNAL-KIND, else it is ``kind``.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown contact kind {kind!r}")
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "replace")) > MAX_BYTES:
        raise BadVCard(_too_big("The text"))
    if text.count("\n") > MAX_LINES:
        raise BadVCard(f"The file has more than {MAX_LINES:,} lines, too many for contact cards.")
    if _rescan_chars(text) > MAX_RESCAN_CHARS:
        raise BadVCard("The file has a value broken over too many lines to be read.")
    # Lotus Notes writes "PROFILE:VCard" (RFC 2425's), which vobject refuses.
    text = _PROFILE_LINE.sub("", text)
    contacts = []
    for number, card in _cards(text):
        if number > MAX_CARDS:
            raise BadVCard(
                f"The file has more than {MAX_CARDS:,} cards; please import it in smaller parts."
            )
        contacts.append(_contact(card, number, kind))
    if not contacts:
        raise BadVCard("There are no contact cards in this file.")
    return contacts


def _too_big(what: str) -> str:
    return f"{what} is larger than {MAX_BYTES // (1024 * 1024)} MB, too large for contact cards."


# Export


def _card(contact: Contact) -> Any:
    card = vobject.vCard()
    card.add("prodid").value = PRODID
    card.add("fn").value = contact.name or contact.practice or contact.label
    # Names are not split into given and family names: which part is which
    # differs between cultures, and address books show FN anyway.
    person = contact.kind != "organization"
    card.add("n").value = vobject.vcard.Name(given=contact.name if person else "")
    if contact.practice:
        card.add("org").value = [contact.practice]
    if contact.address:
        card.add("adr").value = vobject.vcard.Address(street=contact.address)
    for key, value in (
        ("title", contact.credentials),
        ("tel", contact.phone),
        ("email", contact.email),
        ("url", contact.website),
        ("note", contact.notes),
    ):
        if value:
            card.add(key).value = value
    card.add("categories").value = [KINDS.get(contact.kind, contact.kind)]
    card.add(KIND_PROPERTY).value = contact.kind
    card.add(DATA_PROPERTY).value = json.dumps(_app_data(contact), sort_keys=True)
    return card


def _app_data(contact: Contact) -> dict[str, Any]:
    data = contact.to_data()
    for key in _STANDARD_FIELDS:
        data.pop(key)
    data["stage"] = contact.stage
    data["follow_up"] = contact.follow_up.isoformat() if contact.follow_up else None
    return data


# Import


def _cards(text: str) -> Iterator[tuple[int, Any]]:
    """(number, component) for each top-level component, counting from 1."""
    components = vobject.readComponents(text, allowQP=True)
    for number in count(1):
        try:
            component = next(components)
        except StopIteration:
            return
        # vobject reports damaged input with many kinds of error (ParseError,
        # UnicodeDecodeError, binascii.Error, AttributeError for a card inside
        # a card...); each means this card cannot be read.
        except Exception as error:
            raise BadVCard(_unreadable(number, error)) from None
        yield number, component


def _unreadable(number: int, error: Exception) -> str:
    if isinstance(error, vobject.base.ParseError) and "closed" in str(error):
        return f"Card {number} has no END:VCARD line; the file may be cut short."
    if number == 1:
        return "This is not a vCard file, or its first card is damaged."
    return f"Card {number} is damaged: some of it is not in vCard form."


def _rescan_chars(text: str) -> int:
    """At least as much as vobject rescans while joining lines, worked out in linear time.

    vobject joins a line to the one before when that ended in "=" or when it
    starts with a space or tab, and rescans the joined value whenever it ends in "=".
    """
    total = value = 0
    joined = False
    for line in text.splitlines():
        value = value + len(line) if joined or line.startswith((" ", "\t")) else len(line)
        joined = line.endswith("=")
        if joined:
            total += value
    return total


def _contact(card: Any, number: int, default_kind: str) -> Contact:
    if card.name != "VCARD":
        found = f"a {card.name} block" if card.name else "text outside any card"
        raise BadVCard(f"Item {number} of the file is {found}, not a contact card.")
    phones = _all(card, "tel", "tel:")
    emails = _all(card, "email", "mailto:")
    websites = _all(card, "url")
    addresses = _addresses(card)
    organisations = [_plain(value) for value in _values(card, "org") if _plain(value)]
    # A card with only an email (Android's export) is named by it.
    name = (
        _first(card, "fn")
        or _full_name(card)
        or next(iter(organisations), "")
        or next(iter(emails), "")
    )
    if not name:
        raise BadVCard(f"Card {number} has no name; each card needs an FN or N line.")
    data = _json_data(card, number)
    kind = _first(card, KIND_PROPERTY)
    # The contact holds one of each; the others are kept in its notes.
    extras = [
        *(f"Nickname: {nick}" for nick in _all(card, "nickname")),
        *(f"Also works at: {org}" for org in organisations[1:]),
        *(f"Other phone: {phone}" for phone in phones[1:]),
        *(f"Other email: {email}" for email in emails[1:]),
        *(f"Other website: {site}" for site in websites[1:]),
        *(f"Other address: {', '.join(address.splitlines())}" for address in addresses[1:]),
    ]
    notes = _first(card, "note")
    if extras:
        notes = f"{notes}\n\n" if notes else ""
        notes += "\n".join(extras)
    data.update(
        kind=kind if kind in KINDS else default_kind,
        name=name,
        credentials=_first(card, "title"),
        practice=next(iter(organisations), ""),
        phone=next(iter(phones), ""),
        email=next(iter(emails), ""),
        website=next(iter(websites), ""),
        address=next(iter(addresses), ""),
        notes=notes,
    )
    return Contact.from_dict(data)


def _all(card: Any, key: str, scheme: str = "") -> list[str]:
    """Every distinct non-empty value of a property, unescaped, in order."""
    found: dict[str, None] = {}
    for value in _values(card, key):
        text = _unescaped(_plain(value))
        if scheme:
            text = _strip_scheme(text, scheme)
        if text:
            found.setdefault(text, None)
    return list(found)


def _unescaped(text: str) -> str:
    """A value with the backslashes Apple and Google put before ':' (``https\\://``),
    ',' and ';' taken off."""
    return _NEEDLESS_ESCAPE.sub(r"\1", text)


def is_already_there(card: Contact, existing: Sequence[Contact]) -> bool:
    """Whether ``card`` is a contact ``existing`` already holds: the same kind,
    the same name (whatever its case and spacing) and the same email and phone,
    so importing the same address book twice adds nobody twice."""

    def key(contact: Contact) -> tuple[str, str, str, str]:
        return (
            contact.kind,
            " ".join(contact.name.split()).casefold(),
            contact.email.strip().casefold(),
            "".join(ch for ch in contact.phone if ch.isdigit() or ch == "+"),
        )

    return key(card) in {key(contact) for contact in existing}


def _json_data(card: Any, number: int) -> dict[str, Any]:
    text = _first(card, DATA_PROPERTY)
    if not text:
        return {}
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: nested too deeply
        data = None
    if not isinstance(data, dict):
        log.warning("card %d has unreadable app details; using its vCard fields", number)
        return {}
    for key in _NOT_IMPORTED:
        data.pop(key, None)
    return data


def _plain(value: object, separator: str = ", ") -> str:
    """A property value as one string; structured values are joined."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    if isinstance(value, list | tuple):
        return separator.join(part for part in (_plain(v, separator) for v in value) if part)
    return ""


def _values(card: Any, key: str) -> Iterator[Any]:
    """The values of a property, skipping blocks nested under the same name
    (vCard 2.1 nests a whole card for AGENT; such blocks are not imported)."""
    for line in card.contents.get(key, ()):
        if isinstance(line, vobject.base.ContentLine):
            yield line.value


def _first(card: Any, key: str) -> str:
    """The first non-empty value of a property, or ""."""
    return next((text for text in map(_plain, _values(card, key)) if text), "")


def _strip_scheme(text: str, scheme: str) -> str:
    return text[len(scheme) :].strip() if text.lower().startswith(scheme) else text


def _full_name(card: Any) -> str:
    for name in _values(card, "n"):
        if isinstance(name, vobject.vcard.Name):
            parts = (name.prefix, name.given, name.additional, name.family, name.suffix)
            text = _plain([_plain(part, " ") for part in parts], " ")
        else:
            text = _plain(name, " ")
        if text:
            return text
    return ""


def _addresses(card: Any) -> list[str]:
    """Every address of a card, each as lines."""
    found: dict[str, None] = {}
    for value in _values(card, "adr"):
        if isinstance(value, vobject.vcard.Address):
            region = _plain([_plain(value.region), _plain(value.code)], " ")
            town = _plain([_plain(value.city), region])
            parts = (value.box, value.extended, value.street, town, value.country)
            text = "\n".join(part for part in (_plain(p) for p in parts) if part)
        else:
            text = _plain(value)
        if text:
            found.setdefault(text, None)
    return list(found)
