"""How the command line shows contacts: for people, and as JSON for programs.

The JSON of a contact has every field of the contact, under the names of the
:class:`~therapy_journal.services.contact_model.Contact` dataclass, except
the age public key, which is ``age_key`` as the ``--age-key`` option names it.
Text that is not known is ``""``, numbers and dates not known are ``null``,
lists are lists. Fields are only ever added, never renamed.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, TextIO

from therapy_journal.cli.output import printable
from therapy_journal.services.contact_model import (
    AFFIRMING_ANSWERS,
    CULTURE_CHOICES,
    FAITH_CHOICES,
    KINDS,
    PIPELINE,
    REFERRAL_TYPES,
    SESSION_FORMATS,
    SUPPORT_ROLES,
    THEIR_AGE,
    Contact,
)
from therapy_journal.services.professions import profession_names
from therapy_journal.services.profile import FOR_WHOM, STYLE_AXES

# The fields a person reaches for first, in this order; then every other one.
_FIRST = ("id", "kind", "name", "email", "phone", "age_key")


def contact_json(contact: Contact) -> dict[str, Any]:
    """The public JSON shape of a contact (see the module's docstring)."""
    data = asdict(contact)
    data["age_key"] = data.pop("age_recipient")
    data["follow_up"] = contact.follow_up.isoformat() if contact.follow_up else None
    data["consultation"] = contact.consultation.isoformat() if contact.consultation else None
    for key, value in data.items():
        if isinstance(value, tuple):
            data[key] = list(value)
    return {key: data[key] for key in _FIRST} | {
        key: value for key, value in data.items() if key not in _FIRST
    }


def kind_label(kind: str) -> str:
    return KINDS.get(kind, kind)


def contact_line(contact: Contact) -> str:
    """One line of ``contact list``: id, kind, name, and how to reach them."""
    parts = [f"{contact.id:>6}", f"{kind_label(contact.kind):<16}", printable(contact.label)]
    parts += [printable(value) for value in (contact.email, contact.phone) if value]
    if contact.age_recipient:
        parts.append("(has an age key)")
    return "  ".join(parts)


def write_contacts(out: TextIO, contacts: list[Contact], empty: str) -> None:
    if not contacts:
        out.write(empty + "\n")
    for contact in contacts:
        out.write(contact_line(contact) + "\n")


def _details(contact: Contact, referrer: str) -> list[tuple[str, str]]:
    """(label, value) for every field the contact has, in the form's order."""
    openings = ", ".join((*contact.days, *contact.times))
    sliding = {True: "yes", False: "no", None: ""}[contact.sliding_scale]
    return [
        ("Credentials", contact.credentials),
        ("Profession", profession_names().get(contact.profession, "")),
        ("Licensed in", ", ".join(contact.licensed_in)),
        ("They see", ", ".join(FOR_WHOM[who] for who in contact.sees)),
        ("Practice", contact.practice),
        ("Phone", contact.phone),
        ("Email", contact.email),
        ("Website", contact.website),
        ("Address", " / ".join(contact.address.splitlines())),
        ("Sessions", SESSION_FORMATS.get(contact.session_format, "")),
        ("Travel time", f"{contact.travel_minutes} min" if contact.travel_minutes else ""),
        ("Languages", ", ".join(contact.languages)),
        ("Approaches", ", ".join(contact.approaches)),
        ("Works with", ", ".join((*contact.specialties, contact.other_specialties)).strip(", ")),
        ("Insurance", ", ".join(contact.insurance)),
        ("Fee", "" if contact.fee is None else str(contact.fee)),
        ("Sliding scale", sliding),
        ("Openings", openings),
        ("Availability", contact.availability),
        ("Gender", contact.gender),
        ("Age", THEIR_AGE.get(contact.age, "")),
        ("Background", CULTURE_CHOICES.get(contact.culture, "")),
        ("Faith", FAITH_CHOICES.get(contact.faith, "")),
        ("LGBTQ+ affirming", AFFIRMING_ANSWERS.get(contact.lgbtq_affirming, "")),
        (
            "How they work",
            "; ".join(
                axis.options[contact.styles[axis.id]]
                for axis in STYLE_AXES
                if axis.id in contact.styles
            ),
        ),
        ("Referral", REFERRAL_TYPES.get(contact.referral_type, "")),
        ("Part they play", SUPPORT_ROLES.get(contact.support_role, "")),
        ("Check in every", f"{contact.checkin_days} days" if contact.checkin_days else ""),
        ("Referred by", referrer),
        ("Follow up on", contact.follow_up.isoformat() if contact.follow_up else ""),
        (
            "Consultation",
            contact.consultation.astimezone().strftime("%Y-%m-%d %H:%M")
            if contact.consultation
            else "",
        ),
        ("Not a fit because", contact.not_a_fit_reason),
        ("Age public key", contact.age_recipient),
    ]


def write_contact(out: TextIO, contact: Contact, referrer: str = "") -> None:
    """``contact show``: the name, then each field the contact has, then the notes."""
    out.write(printable(contact.label) + "\n")
    facts = [kind_label(contact.kind), f"contact {contact.id}"]
    if contact.stage:
        facts.append(PIPELINE.get(contact.stage, contact.stage))
    out.write(" · ".join(facts) + "\n")
    details = [(label, value) for label, value in _details(contact, referrer) if value]
    width = max((len(label) for label, _value in details), default=0)
    for label, value in details:
        out.write(f"{label + ':':<{width + 1}}  {printable(value)}\n")
    if contact.notes:
        notes = printable(contact.notes, lines=True)
        out.write("\n" + notes + ("" if notes.endswith("\n") else "\n"))
