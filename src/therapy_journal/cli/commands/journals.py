"""The ``journals`` and ``journal`` commands: the journals of a vault.

``journals [--json]`` lists them with their entries; ``journal add NAME``,
``journal rename OLD NEW`` and ``journal delete NAME [--move-to OTHER]``
change them. A journal that still holds entries is deleted only with
``--move-to``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from therapy_journal.cli import output
from therapy_journal.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    Action,
    Context,
    configure_actions,
    json_option,
)
from therapy_journal.services.journals import (
    InvalidJournal,
    JournalNotEmpty,
    JournalNotFound,
    JournalsService,
)


def _name_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME")


def _rename_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", metavar="OLD")
    parser.add_argument("new", metavar="NEW")


def _delete_arguments(parser: argparse.ArgumentParser) -> None:
    _name_argument(parser)
    parser.add_argument(
        "--move-to",
        metavar="OTHER",
        help="move its entries (the trash too) to this journal first",
    )


ACTIONS: tuple[Action, ...] = (
    ("add", "make a new, empty journal", _name_argument),
    ("rename", "give a journal another name", _rename_arguments),
    ("delete", "delete a journal (an empty one, or with --move-to)", _delete_arguments),
)


def configure(name: str, parser: argparse.ArgumentParser) -> None:
    if name == "journals":
        json_option(parser)
    else:
        configure_actions(name, parser, ACTIONS)


def cmd_journals(ctx: Context) -> int:
    journals = JournalsService(ctx.unlock_vault()).all()
    if ctx.args.json:
        output.write_json(
            ctx.stdout, [{"name": journal.name, "entries": journal.entries} for journal in journals]
        )
    else:
        width = max(len(journal.name) for journal in journals)
        for journal in journals:
            count = f"{journal.entries} {'entry' if journal.entries == 1 else 'entries'}"
            ctx.stdout.write(f"{output.printable(journal.name).ljust(width)}  {count}\n")
    return EXIT_OK


def cmd_add(ctx: Context) -> int:
    journal = JournalsService(ctx.unlock_vault()).add(ctx.args.name)
    ctx.stdout.write(f"Added the journal '{output.printable(journal.name)}'.\n")
    return EXIT_OK


def cmd_rename(ctx: Context) -> int:
    journal = JournalsService(ctx.unlock_vault()).rename(ctx.args.old, ctx.args.new)
    ctx.stdout.write(f"Renamed the journal to '{output.printable(journal.name)}'.\n")
    return EXIT_OK


def cmd_delete(ctx: Context) -> int:
    service = JournalsService(ctx.unlock_vault())
    name = output.printable(service.find(ctx.args.name).name)
    moved = service.delete(ctx.args.name, move_to=ctx.args.move_to)
    if moved:
        target = output.printable(service.find(ctx.args.move_to).name)
        ctx.stdout.write(
            f"Moved {moved} {'entry' if moved == 1 else 'entries'} to '{target}' "
            f"and deleted the journal '{name}'.\n"
        )
    else:
        ctx.stdout.write(f"Deleted the journal '{name}'.\n")
    return EXIT_OK


_ACTIONS: dict[str, Callable[[Context], int]] = {
    "add": cmd_add,
    "rename": cmd_rename,
    "delete": cmd_delete,
}


def cmd_journal(ctx: Context) -> int:
    return _ACTIONS[ctx.args.action](ctx)


HANDLERS: dict[str, Callable[[Context], int]] = {"journals": cmd_journals, "journal": cmd_journal}

ERRORS: tuple[tuple[type[BaseException], int], ...] = (
    (JournalNotFound, EXIT_USAGE),
    (JournalNotEmpty, EXIT_ERROR),
    (InvalidJournal, EXIT_USAGE),
)
