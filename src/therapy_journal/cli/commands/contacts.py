"""The ``contact`` command: the person's contacts from the command line.

``contact ACTION``, where ACTION is add, list, show, edit, delete, import,
export, fit or compare, each with ``--json``. The options of ``add`` and
``edit`` are those of the issues that asked for them (kind, name, email,
phone, age key; and what the person learned about a therapist: profession,
where they are licensed, who they see, gender, age, background, faith, LGBTQ+
affirming practice, communication style, each with "unknown" to say it is not
known); the other fields are edited in the app, and kept as they are by
``edit``. ``fit ID`` shows how one therapist fits the profile, part by part;
``compare ID ID...`` puts two to four side by side.

Contacts have no trash: ``delete`` asks first on a terminal and, without
one, needs ``--yes``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from therapy_journal.cli import contact_output, fit_output, output
from therapy_journal.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    Action,
    Context,
    Failure,
    UsageError,
    configure_actions,
    contact_id,
    json_option,
)
from therapy_journal.services.compare import MAX_COMPARED, MIN_COMPARED, compare
from therapy_journal.services.contact_model import (
    AFFIRMING_ANSWERS,
    CULTURE_CHOICES,
    FAITH_CHOICES,
    KINDS,
    THEIR_AGE,
    Contact,
    InvalidContact,
)
from therapy_journal.services.contacts import ContactNotFound, ContactService
from therapy_journal.services.destination import BadDestination, check_destination, exists
from therapy_journal.services.matching import fit
from therapy_journal.services.milestones import Milestone
from therapy_journal.services.professions import profession_names
from therapy_journal.services.profile import FOR_WHOM, STYLE_AXES, ProfileService
from therapy_journal.services.questions import questions_to_ask

# How kinds are written in sentences: "a therapist", "2 referral sources".
_ONE = {
    "therapist": "a therapist",
    "referral": "a referral source",
    "organization": "an organization",
    "support": "someone in your support network",
}
_PLURALS = {
    "therapist": ("therapist", "therapists"),
    "referral": ("referral source", "referral sources"),
    "organization": ("organization", "organizations"),
    "support": ("person in your support network", "people in your support network"),
}
_NONE = {
    "therapist": "No therapists in your contacts yet.",
    "referral": "No referral sources in your contacts yet.",
    "organization": "No organizations in your contacts yet.",
    "support": "No one in your support network yet.",
}
IMPORT_KIND = "therapist"  # as the app's "Import vCard…" does


# --- the parser ------------------------------------------------------------------------


def _details(parser: argparse.ArgumentParser, *, adding: bool) -> None:
    """The options of ``add`` (kind and name required) and ``edit`` (each optional)."""
    parser.add_argument(
        "--kind",
        choices=tuple(KINDS),
        required=adding,
        help="therapist, referral (a referral source: a doctor, a friend...), organization, "
        "or support (your support network)",
    )
    parser.add_argument("--name", required=adding, metavar="N", help="their name")
    parser.add_argument("--email", metavar="E", help="their email address")
    parser.add_argument("--phone", metavar="P", help="their phone number")
    parser.add_argument(
        "--age-key",
        metavar="AGE1...",
        help="their age public key, to share bundles with them"
        + ("" if adding else " ('' removes it; so does '' for --email and --phone)"),
    )
    _learned(parser)


UNKNOWN = "unknown"  # the value that says a learned field is not known


def _learned(parser: argparse.ArgumentParser) -> None:
    """What the person learned about a therapist; "unknown" says it is not known."""
    learned = parser.add_argument_group(
        "what you learned about a therapist (each takes 'unknown' to say it is not known)"
    )
    learned.add_argument(
        "--profession", choices=(*profession_names(), UNKNOWN), help="their profession"
    )
    learned.add_argument(
        "--licensed-in", metavar="PLACES", help="states, provinces or countries, by commas"
    )
    learned.add_argument(
        "--sees", metavar="WHO", help=f"who they see, by commas: {', '.join(FOR_WHOM)}"
    )
    learned.add_argument("--gender", metavar="G", help="their gender, in your words")
    learned.add_argument(
        "--their-age", choices=(*THEIR_AGE, UNKNOWN), help="their age next to yours"
    )
    learned.add_argument(
        "--culture", choices=(*CULTURE_CHOICES, UNKNOWN), help="your background and theirs"
    )
    learned.add_argument(
        "--faith", choices=(*FAITH_CHOICES, UNKNOWN), help="your faith or outlook and theirs"
    )
    learned.add_argument(
        "--lgbtq-affirming",
        choices=(*AFFIRMING_ANSWERS, UNKNOWN),
        help="whether their practice is LGBTQ+ affirming",
    )
    axes = "; ".join(f"{axis.id}={'|'.join(axis.options)}" for axis in STYLE_AXES)
    learned.add_argument(
        "--style",
        action="append",
        metavar="AXIS=OPTION",
        help=f"how they work, once per axis ({axes}; AXIS=unknown forgets it)",
    )


def _learned_changes(args: argparse.Namespace, before: Contact) -> dict[str, Any]:
    """The learned fields the options change, checked; a wrong value is a usage error."""
    changes: dict[str, Any] = {}
    for option, key in (
        ("profession", "profession"),
        ("their_age", "age"),
        ("culture", "culture"),
        ("faith", "faith"),
        ("lgbtq_affirming", "lgbtq_affirming"),
        ("gender", "gender"),
    ):
        value = getattr(args, option)
        if value is not None:
            changes[key] = "" if value == UNKNOWN else value
    for option in ("licensed_in", "sees"):
        value = getattr(args, option)
        if value is not None:
            items = [] if value == UNKNOWN else [v.strip() for v in value.split(",") if v.strip()]
            wrong = [item for item in items if option == "sees" and item not in FOR_WHOM]
            if wrong:
                raise UsageError(f"--sees takes {', '.join(FOR_WHOM)}, not {', '.join(wrong)}.")
            changes[option] = tuple(items)
    if args.style:
        changes["styles"] = _styles(args.style, dict(before.styles))
    return changes


def _styles(given: list[str], styles: dict[str, str]) -> dict[str, str]:
    axes = {axis.id: axis.options for axis in STYLE_AXES}
    for item in given:
        axis, _, option = item.partition("=")
        if axis not in axes or (option not in axes[axis] and option != UNKNOWN):
            choices = "; ".join(f"{a}={'|'.join(o)}" for a, o in axes.items())
            raise UsageError(f"--style takes AXIS=OPTION ({choices}), not {item!r}.")
        if option == UNKNOWN:
            styles.pop(axis, None)
        else:
            styles[axis] = option
    return styles


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    _details(parser, adding=True)
    json_option(parser)


def _list_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kind", choices=tuple(KINDS), help="only contacts of this kind")
    json_option(parser)


def _show_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", type=contact_id, metavar="ID")
    json_option(parser)


def _edit_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", type=contact_id, metavar="ID")
    _details(parser, adding=False)
    json_option(parser)


def _delete_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", type=contact_id, metavar="ID")
    parser.add_argument(
        "--yes", action="store_true", help="delete without asking (contacts have no trash)"
    )
    json_option(parser)


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE.vcf")
    parser.add_argument(
        "--kind",
        choices=tuple(KINDS),
        default=IMPORT_KIND,
        help=f"the kind of contact for cards that do not say (default: {IMPORT_KIND}); "
        "cards this app exported keep their own",
    )
    json_option(parser)


def _fit_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", type=contact_id, metavar="ID")
    json_option(parser)


def _compare_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "ids", type=contact_id, nargs="+", metavar="ID", help="two to four contacts"
    )
    json_option(parser)


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE.vcf", help="the file to write"
    )
    parser.add_argument(
        "--force", action="store_true", help="replace FILE.vcf if it exists, without asking"
    )
    json_option(parser)


# (action, its line in ``contact --help``, its options)
ACTIONS: tuple[Action, ...] = (
    ("add", "add a contact", _add_arguments),
    ("list", "list contacts by name", _list_arguments),
    ("show", "show one contact", _show_arguments),
    ("edit", "change a contact's kind, name, email, phone or age key", _edit_arguments),
    ("delete", "delete a contact and its log, for good", _delete_arguments),
    ("import", "add the contacts in a vCard file, all or none", _import_arguments),
    ("export", "write every contact to a vCard file, NOT encrypted", _export_arguments),
    ("fit", "how a therapist fits your profile, part by part", _fit_arguments),
    ("compare", "two to four therapists side by side, part by part", _compare_arguments),
)


def configure(name: str, parser: argparse.ArgumentParser) -> None:
    configure_actions(name, parser, ACTIONS)


# --- the actions --------------------------------------------------------------------------


def _service(ctx: Context) -> ContactService:
    return ContactService(ctx.unlock_vault())


def _milestones(ctx: Context, reached: list[Milestone]) -> None:
    for milestone in reached:
        ctx.stdout.write(f"Milestone reached: {milestone.label}.\n")


def _counted(contacts: list[Contact]) -> str:
    """'2 therapists and 1 organization'."""
    counts = {kind: sum(c.kind == kind for c in contacts) for kind in KINDS}
    parts = [f"{n} {_PLURALS[kind][n != 1]}" for kind, n in counts.items() if n]
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else "".join(parts)


def _add(ctx: Context) -> int:
    args = ctx.args
    contact = Contact(
        kind=args.kind,
        name=args.name,
        email=args.email or "",
        phone=args.phone or "",
        age_recipient=args.age_key or "",
    )
    contact = replace(contact, **_learned_changes(args, contact))
    added, reached = _service(ctx).add(contact)
    if args.json:
        output.write_json(ctx.stdout, contact_output.contact_json(added))
        return EXIT_OK
    kind = _ONE[added.kind]
    ctx.stdout.write(f"Added {output.printable(added.label)} as contact {added.id}, {kind}.\n")
    _milestones(ctx, reached)
    return EXIT_OK


def _list(ctx: Context) -> int:
    kind = ctx.args.kind
    contacts = _service(ctx).contacts(kind)
    if ctx.args.json:
        output.write_json(ctx.stdout, [contact_output.contact_json(c) for c in contacts])
    else:
        empty = _NONE[kind] if kind else "No contacts yet."
        contact_output.write_contacts(ctx.stdout, contacts, empty)
    return EXIT_OK


def _show(ctx: Context) -> int:
    service = _service(ctx)
    contact = service.get(ctx.args.id)
    if ctx.args.json:
        output.write_json(ctx.stdout, contact_output.contact_json(contact))
        return EXIT_OK
    referrer = ""
    if contact.referred_by is not None:
        try:
            referrer = service.get(contact.referred_by).label
        except ContactNotFound:
            referrer = ""
    contact_output.write_contact(ctx.stdout, contact, referrer)
    return EXIT_OK


def _edit(ctx: Context) -> int:
    args = ctx.args
    changes: dict[str, Any] = {
        field: value
        for field, value in (
            ("kind", args.kind),
            ("name", args.name),
            ("email", args.email),
            ("phone", args.phone),
            ("age_recipient", args.age_key),
        )
        if value is not None
    }
    learned = _learned_changes(args, Contact())
    if not changes and not learned:
        raise UsageError(
            "Nothing to change: give --kind, --name, --email, --phone, --age-key "
            "or what you learned about them (see contact edit --help)."
        )
    service = _service(ctx)
    before = service.get(args.id)
    changes |= _learned_changes(args, before)
    changed = service.update(replace(before, **changes))
    if args.json:
        output.write_json(ctx.stdout, contact_output.contact_json(changed))
    else:
        ctx.stdout.write(f"Saved contact {changed.id}, {output.printable(changed.label)}.\n")
    return EXIT_OK


def _delete(ctx: Context) -> int:
    args = ctx.args
    service = _service(ctx)
    contact = service.get(args.id)
    who = f"{output.printable(contact.label)} (contact {contact.id})"
    if not args.yes:
        ctx.confirm(
            f"Delete {who} and their log for good? Contacts have no trash.",
            f"Deleting a contact cannot be undone; add --yes to delete {who}.",
        )
    service.delete(args.id)
    if args.json:
        output.write_json(ctx.stdout, {"id": contact.id, "name": contact.name, "deleted": True})
    else:
        ctx.stdout.write(f"Deleted {who}.\n")
    return EXIT_OK


def _import(ctx: Context) -> int:
    # vCard code is loaded only by the actions that need it.
    from therapy_journal.services.vcard import (  # noqa: PLC0415
        BadVCard,
        is_already_there,
        read_vcard_file,
    )

    args = ctx.args
    try:
        cards = read_vcard_file(args.file, kind=args.kind)  # all checked before unlocking
    except BadVCard as error:
        raise Failure(str(error)) from None
    service = _service(ctx)
    existing = service.contacts()
    new = [card for card in cards if not is_already_there(card, existing)]
    skipped = len(cards) - len(new)
    try:
        added = service.add_many(new)
    except InvalidContact as error:  # the file's fault, not the command's
        raise Failure(f"{error} Nothing was imported from {args.file}.") from None
    contacts = [contact for contact, _reached in added]
    if args.json:
        output.write_json(
            ctx.stdout,
            {
                "imported": len(contacts),
                "contacts": [contact_output.contact_json(c) for c in contacts],
                "skipped_existing": skipped,
            },
        )
        return EXIT_OK
    already = f"; {skipped:,} already in your contacts" if skipped else ""
    counted = _counted(contacts) or "0 contacts"
    ctx.stdout.write(f"Imported {counted} from {args.file}{already}.\n")
    _milestones(ctx, [m for _contact, reached in added for m in reached])
    return EXIT_OK


def _export(ctx: Context) -> int:
    from therapy_journal.services.vcard import write_vcard_file  # noqa: PLC0415

    args = ctx.args
    check_destination(args.output, ctx.vault.folder, what="contacts file")
    if exists(args.output) and not args.force:
        ctx.confirm(
            f"{args.output} exists. Replace it?",
            f"{args.output} exists; add --force to replace it, or choose another name.",
            "Nothing was written.",
        )
    contacts = _service(ctx).contacts()
    write_vcard_file(args.output, contacts)
    ctx.say(
        f"{args.output} is NOT encrypted: anyone who can read it can read these contacts "
        "(it is readable by you only)."
    )
    if args.json:
        output.write_json(
            ctx.stdout, {"file": str(args.output), "contacts": len(contacts), "encrypted": False}
        )
    else:
        ctx.stdout.write(f"Wrote {len(contacts)} contacts to {args.output}.\n")
    return EXIT_OK


def _fit(ctx: Context) -> int:
    vault = ctx.unlock_vault()
    contact = ContactService(vault).get(ctx.args.id)
    profile = ProfileService(vault).current()
    result = fit(profile, contact)
    questions = questions_to_ask(profile, contact)
    if ctx.args.json:
        output.write_json(ctx.stdout, fit_output.fit_json(contact, result, questions))
    else:
        fit_output.write_fit(ctx.stdout, contact, result, questions)
    return EXIT_OK


def _compare(ctx: Context) -> int:
    ids = ctx.args.ids
    if not MIN_COMPARED <= len(ids) <= MAX_COMPARED or len(set(ids)) != len(ids):
        raise UsageError(
            f"Give {MIN_COMPARED} to {MAX_COMPARED} different contact ids to compare "
            f"(you gave {len(ids)})."
        )
    vault = ctx.unlock_vault()
    service = ContactService(vault)
    contacts = [service.get(contact_id) for contact_id in ids]
    table = compare(ProfileService(vault).current(), contacts)
    if ctx.args.json:
        output.write_json(ctx.stdout, fit_output.compare_json(table))
    else:
        fit_output.write_compare(ctx.stdout, table)
    return EXIT_OK


_ACTIONS: dict[str, Callable[[Context], int]] = {
    "add": _add,
    "list": _list,
    "show": _show,
    "edit": _edit,
    "delete": _delete,
    "import": _import,
    "export": _export,
    "fit": _fit,
    "compare": _compare,
}


def cmd_contact(ctx: Context) -> int:
    return _ACTIONS[ctx.args.action](ctx)


HANDLERS: dict[str, Callable[[Context], int]] = {"contact": cmd_contact}

ERRORS: tuple[tuple[type[BaseException], int], ...] = (
    (InvalidContact, EXIT_USAGE),
    (ContactNotFound, EXIT_ERROR),
    (BadDestination, EXIT_ERROR),
)
