"""The ``attachment`` command: the files attached to an entry.

``attachment list ENTRY`` names them; ``attachment get ENTRY NAME -o FILE``
writes a decrypted copy (readable by you only, never into the vault folder,
over an existing file only when you say yes or give ``--force``).
``add --attach FILE...`` attaches files to a new entry.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from therapy_journal.cli import output
from therapy_journal.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    Action,
    Context,
    configure_actions,
    entry_id,
)
from therapy_journal.services.attachments import (
    AttachmentNotFound,
    AttachmentProblem,
    AttachmentService,
    attachment_record,
    size_text,
)
from therapy_journal.services.destination import BadDestination, check_destination, exists
from therapy_journal.services.journal import EntryNotFound


def _entry(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("entry", type=entry_id, metavar="ENTRY", help="the entry's id")


def _list_arguments(parser: argparse.ArgumentParser) -> None:
    _entry(parser)
    parser.add_argument("--json", action="store_true", help="print the list as JSON")


def _get_arguments(parser: argparse.ArgumentParser) -> None:
    _entry(parser)
    parser.add_argument("name", metavar="NAME", help="the attachment's name, as listed")
    parser.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE", help="where to write it"
    )
    parser.add_argument(
        "--force", action="store_true", help="replace FILE if it exists, without asking"
    )


ACTIONS: tuple[Action, ...] = (
    ("list", "list an entry's attachments", _list_arguments),
    ("get", "write a decrypted copy of one attachment to FILE", _get_arguments),
)


def configure(name: str, parser: argparse.ArgumentParser) -> None:
    configure_actions(name, parser, ACTIONS)


def cmd_list(ctx: Context) -> int:
    journal = ctx.unlock()
    journal.get(ctx.args.entry)
    items = AttachmentService(journal.vault).of_entry(ctx.args.entry)
    if ctx.args.json:
        output.write_json(ctx.stdout, [attachment_record(item) for item in items])
    elif items:
        ctx.stdout.write("".join(output.attachment_line(item) + "\n" for item in items))
    else:
        ctx.stdout.write(f"Entry {ctx.args.entry} has no attachments.\n")
    return EXIT_OK


def cmd_get(ctx: Context) -> int:
    args = ctx.args
    vault = ctx.unlock_vault()
    target: Path = args.output
    check_destination(target, vault.folder, what="attachment")
    service = AttachmentService(vault)
    attachment = service.find(args.entry, args.name)
    if exists(target) and not args.force:
        ctx.confirm(
            f"{target} exists. Replace it?",
            f"{target} exists; add --force to replace it, or choose another name.",
            "Nothing was written.",
        )
    service.save_to(attachment, target, overwrite=True)
    ctx.say(
        f"Wrote {attachment.name} ({size_text(attachment.size)}) to {target}, NOT encrypted; "
        "only you can read the file."
    )
    return EXIT_OK


_ACTIONS: dict[str, Callable[[Context], int]] = {"list": cmd_list, "get": cmd_get}


def cmd_attachment(ctx: Context) -> int:
    return _ACTIONS[ctx.args.action](ctx)


HANDLERS: dict[str, Callable[[Context], int]] = {"attachment": cmd_attachment}

ERRORS: tuple[tuple[type[BaseException], int], ...] = (
    (AttachmentNotFound, EXIT_ERROR),
    (AttachmentProblem, EXIT_ERROR),
    (BadDestination, EXIT_ERROR),
    (EntryNotFound, EXIT_ERROR),
)
