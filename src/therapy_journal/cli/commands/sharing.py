"""Commands that share: export (an encrypted bundle), open-bundle, shares (the
share log) and receiving-key."""

from __future__ import annotations

import argparse
import importlib
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from therapy_journal.cli import bundle_output, output, secrets
from therapy_journal.cli.common import (
    EXIT_ERROR,
    EXIT_NO_VAULT,
    EXIT_OK,
    EXIT_WRONG_SECRET,
    PROG,
    Context,
    Failure,
    UsageError,
    contact_id,
)
from therapy_journal.cli.entry_choice import add_choice_arguments, check_journals, chosen
from therapy_journal.cli.output import iso, printable
from therapy_journal.services.contact_model import InvalidContact
from therapy_journal.services.contacts import ContactNotFound, ContactService, check_age_recipient
from therapy_journal.services.destination import BadDestination, check_destination, exists
from therapy_journal.services.sharing.errors import BundleError, BundleWrongKey
from therapy_journal.services.sharing.html_page import PAGE_SUFFIX
from therapy_journal.services.sharing.layout import FORMS
from therapy_journal.services.sharing.received import extract as extract_bundle
from therapy_journal.services.sharing.received import open_bundle
from therapy_journal.services.sharing.service import ShareService
from therapy_journal.store.atomic import describe_os_error
from therapy_journal.store.vault import Vault

log = logging.getLogger(__name__)


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    add_choice_arguments(parser)
    to = parser.add_mutually_exclusive_group(required=True)
    to.add_argument(
        "--to-recipient",
        action="append",
        metavar="AGE1...",
        help="encrypt to this age public key (repeatable)",
    )
    to.add_argument(
        "--to-passphrase-file",
        type=Path,
        metavar="F",
        help="encrypt to the passphrase in F (give it to the recipient another way)",
    )
    to.add_argument(
        "--to-contact",
        type=contact_id,
        metavar="ID",
        help="encrypt to this contact's age public key, and log the share under their name",
    )
    parser.add_argument(
        "--for-contact",
        type=contact_id,
        metavar="ID",
        help="the contact a passphrase (or --to-recipient) bundle is for, logged under their name",
    )
    parser.add_argument(
        "--as",
        dest="form",
        choices=FORMS,
        help="age: an age file (the default); html: one page that opens in any browser "
        "with the passphrase or the recipient's age secret key (a page asks for less "
        "passphrase work, so that it opens in seconds: use a long passphrase)",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="FILE",
        help="the bundle to write (outside the vault folder; an existing file is replaced "
        "only after you say yes, or with --force)",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace FILE if it exists, without asking"
    )
    parser.add_argument("--json", action="store_true", help="print what was written as JSON")


def _json_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print it as JSON")


def _receiving_key_arguments(parser: argparse.ArgumentParser) -> None:
    make = parser.add_mutually_exclusive_group()
    make.add_argument(
        "--create", action="store_true", help="make this vault's receiving key, if it has none"
    )
    make.add_argument(
        "--another",
        action="store_true",
        help="make a new receiving key even though there is one (the older ones still open "
        "what was sent to them)",
    )
    _json_argument(parser)


def _open_bundle_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE")
    key = parser.add_mutually_exclusive_group()
    key.add_argument(
        "--identity",
        type=Path,
        metavar="FILE",
        help="an age identity file (AGE-SECRET-KEY-1..., as age-keygen writes)",
    )
    key.add_argument(
        "--bundle-passphrase-file",
        type=Path,
        metavar="F",
        help="the bundle's passphrase is in F",
    )
    parser.add_argument(
        "--extract", type=Path, metavar="DIR", help="also write its files into DIR (new or empty)"
    )
    parser.add_argument("--json", action="store_true")


_ARGUMENTS: dict[str, Callable[[argparse.ArgumentParser], None]] = {
    "export": _export_arguments,
    "open-bundle": _open_bundle_arguments,
    "shares": _json_argument,
    "receiving-key": _receiving_key_arguments,
}


def configure(name: str, parser: argparse.ArgumentParser) -> None:
    _ARGUMENTS[name](parser)


# --- export ---------------------------------------------------------------------------


def _recipients(keys: Sequence[str]) -> tuple[str, ...]:
    checked = []
    for number, key in enumerate(keys, 1):
        which = f"--to-recipient number {number}" if len(keys) > 1 else "The --to-recipient key"
        # The key is not repeated in the message: it might be a pasted secret key.
        if key.strip().upper().startswith(secrets.IDENTITY_PREFIX):
            raise UsageError(
                f"{which} is a secret key; give the recipient's public key (age1…) instead."
            )
        try:
            valid = check_age_recipient(key)
        except InvalidContact:
            valid = ""
        if not valid:
            raise UsageError(
                f"{which} is not an age public key; one starts with age1 and is 62 characters long."
            )
        checked.append(valid)
    return tuple(checked)


def _pdf_renderer() -> Callable[..., Any] | None:
    """The report's PDF maker. It draws with Qt (no widgets), so it is imported only
    here, when a bundle is written; without it (or without Qt's libraries) the
    bundle carries the HTML report only."""
    try:
        module = importlib.import_module("therapy_journal.render.pdf")
    except ImportError as error:
        log.info("no PDF report in this bundle: %s", type(error).__name__)
        return None
    renderer: Callable[..., Any] | None = getattr(module, "render_pdf", None)
    return renderer


def _form(args: argparse.Namespace) -> str:
    """--as, else an age file; a page's name without --as html is a slip."""
    if args.form is not None:
        return str(args.form)
    if args.output.suffix.lower() in (PAGE_SUFFIX, ".htm"):
        raise UsageError(
            f"{args.output.name} is named like a web page; add --as html to write a page "
            "any browser opens, or name the file .age."
        )
    return "age"


def _check_output(ctx: Context) -> None:
    """Before any work: the bundle can be written where asked, outside the
    vault folder, and an existing file is replaced only if the person says so."""
    path = ctx.args.output
    check_destination(path, ctx.vault.folder, what="bundle")
    if exists(path) and not ctx.args.force:
        ctx.confirm(
            f"{path} exists. Replace it?",
            f"{path} exists; add --force to replace it, or choose another name.",
            "Nothing was written.",
        )


def _contact_key(vault: Vault, contact: int) -> str:
    """The age public key of the contact a bundle goes to (--to-contact)."""
    person = ContactService(vault).get(contact)
    if not person.age_recipient:
        raise UsageError(
            f"{printable(person.label)} (contact {contact}) has no age public key; add theirs "
            f"with '{PROG} contact edit {contact} --age-key AGE1...', or share with "
            "--to-passphrase-file."
        )
    return person.age_recipient


def cmd_export(ctx: Context) -> int:
    args = ctx.args
    selection = chosen(args)
    form = _form(args)
    if args.for_contact is not None and args.to_contact is not None:
        raise UsageError("--to-contact already says who it is for; leave out --for-contact.")
    recipients = _recipients(args.to_recipient or ())
    passphrase = None
    if args.to_passphrase_file is not None:
        passphrase = secrets.read_secret_file(args.to_passphrase_file, "bundle passphrase")
    _check_output(ctx)
    vault = ctx.unlock_vault()
    check_journals(vault, selection)
    person = args.to_contact if args.to_contact is not None else args.for_contact
    if args.to_contact is not None:
        recipients = (_contact_key(vault, args.to_contact),)
    try:
        record = ShareService(vault).export(
            selection,
            args.output,
            recipients=recipients,
            passphrase=passphrase,
            render_pdf=_pdf_renderer(),
            form=form,
            contact_id=person,
            replace=True,  # asked above; a file that appears meanwhile is replaced too
        )
    except BundleError as error:
        # Writing, not reading: not a damaged bundle (exit 4) but a plain failure.
        raise Failure(str(error)) from None
    if args.json:
        output.write_json(ctx.stdout, bundle_output.share_json(record, args.output))
    else:
        bundle_output.write_share(ctx.stdout, record, args.output)
    return EXIT_OK


# --- open-bundle --------------------------------------------------------------------------


def _check_extract_folder(folder: Path) -> None:
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UsageError(
            f"{folder} is not an empty folder; --extract writes into a new or empty one."
        )


def _bundle_keys(ctx: Context) -> tuple[tuple[str, ...], str | None]:
    """The identities or passphrase to open the bundle with: an identity file, a
    passphrase file, else this vault's own receiving keys (which unlocks it)."""
    args = ctx.args
    if args.identity is not None:
        return tuple(secrets.read_identities(args.identity)), None
    if args.bundle_passphrase_file is not None:
        return (), secrets.read_secret_file(args.bundle_passphrase_file, "bundle passphrase")
    vault = ctx.unlock_vault()
    identities = tuple(ShareService(vault).receiving_identities())
    if not identities:
        raise BundleWrongKey(
            "This vault has no receiving key, so no bundle can be for it; "
            "give --identity FILE or --bundle-passphrase-file F."
        )
    return identities, None


def _check_bundle_file(path: Path) -> None:
    """Refuse, in one sentence, what is plainly not a bundle: nothing there, a
    folder, or a backup of a vault (which ``restore`` reads)."""
    if path.is_dir():
        raise Failure(f"{path} is a folder; give the bundle file itself (an .age or .html file).")
    if not path.is_file():
        raise Failure(f"There is no file {path}.")
    if _is_backup(path):
        raise UsageError(
            f"{path} is a backup of a vault, not a bundle; "
            f"'{PROG} restore {path} --vault DIR' restores it."
        )


def _is_backup(path: Path) -> bool:
    """A backup file: a ZIP that ends with the backup's seal, or named like one."""
    from therapy_journal.services.backup import BACKUP_SUFFIX, SEAL_LEN, SEAL_PREFIX  # noqa: PLC0415

    try:
        with path.open("rb") as handle:
            if handle.read(4) != b"PK\x03\x04":
                return False
            size = handle.seek(0, 2)
            handle.seek(max(size - SEAL_LEN, 0))
            sealed = handle.read(SEAL_LEN).startswith(SEAL_PREFIX)
    except OSError:
        return False  # the bundle reader says what is wrong with it
    return sealed or path.name.lower().endswith(BACKUP_SUFFIX)


def cmd_open_bundle(ctx: Context) -> int:
    args = ctx.args
    if args.extract is not None:
        _check_extract_folder(args.extract)
    _check_bundle_file(args.file)
    identities, passphrase = _bundle_keys(ctx)
    # Its errors are BundleWrongKey (exit 3) or, for anything else that stops the
    # reading, a BundleError (exit 4).
    opened = open_bundle(args.file, identities=identities, passphrase=passphrase)
    written: list[Path] = []
    if args.extract is not None:
        try:
            written = extract_bundle(opened, args.extract)
        except (BundleError, OSError) as error:
            reason = describe_os_error(error) if isinstance(error, OSError) else str(error)
            raise Failure(f"Could not extract the bundle into {args.extract}: {reason}") from None
    if args.json:
        shown = bundle_output.bundle_json(opened)
        if args.extract is not None:
            shown["extracted"] = [str(path) for path in written]
        output.write_json(ctx.stdout, shown)
    else:
        bundle_output.write_bundle(ctx.stdout, opened)
        if args.extract is not None:
            ctx.stdout.write(f"Extracted {len(written)} files into {args.extract}.\n")
    return EXIT_OK


# --- shares and receiving-key --------------------------------------------------------------


def cmd_shares(ctx: Context) -> int:
    history = ShareService(ctx.unlock_vault()).history()
    if ctx.args.json:
        output.write_json(ctx.stdout, [bundle_output.share_log_json(r) for r in history])
    else:
        bundle_output.write_share_log(ctx.stdout, history)
    return EXIT_OK


def cmd_receiving_key(ctx: Context) -> int:
    args = ctx.args
    service = ShareService(ctx.unlock_vault())
    keys = service.receiving_keys()
    made = False
    if args.another or (args.create and not keys):
        service.create_receiving_key()
        keys, made = service.receiving_keys(), True
    elif args.create:
        raise Failure(
            "This vault has a receiving key already, and bundles sent to it open here; "
            f"'{PROG} receiving-key' prints it, and --another makes a new one beside it."
        )
    if not keys:
        raise Failure(
            f"This vault has no receiving key yet; '{PROG} receiving-key --create' makes one."
        )
    newest = keys[0]
    if args.json:
        output.write_json(
            ctx.stdout,
            {
                "age_key": newest.recipient,
                "created": iso(newest.created),
                "new": made,
                "keys": len(keys),
            },
        )
        return EXIT_OK
    ctx.stdout.write(newest.recipient + "\n")
    if made:
        ctx.say(
            "Made a receiving key. Give the line above (the public key) to whoever sends you "
            "bundles; its secret half stays in this vault."
        )
    return EXIT_OK


HANDLERS: dict[str, Callable[[Context], int]] = {
    "export": cmd_export,
    "open-bundle": cmd_open_bundle,
    "shares": cmd_shares,
    "receiving-key": cmd_receiving_key,
}

ERRORS: tuple[tuple[type[BaseException], int], ...] = (
    (BadDestination, EXIT_ERROR),
    (ContactNotFound, EXIT_ERROR),
    (BundleWrongKey, EXIT_WRONG_SECRET),
    (BundleError, EXIT_NO_VAULT),
)
