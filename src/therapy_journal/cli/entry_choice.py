"""Choosing entries and pages on the command line, the same way for every
command that takes them (``export``, ``report``): exactly one of ``--entry
ID...``, ``--tag T``, ``--since D``/``--until D`` or ``--all``, narrowed to
journals with ``--journal NAME`` (repeatable; alone, every entry of those
journals), and ``--include`` for the profile, goals and self-assessments."""

from __future__ import annotations

import argparse

from therapy_journal.cli.common import UsageError, entry_id, since_until
from therapy_journal.services.journals import JournalNotFound, JournalsService
from therapy_journal.services.sharing.layout import INCLUDABLE
from therapy_journal.services.sharing.selection import Selection
from therapy_journal.store.vault import Vault


def includes(text: str) -> frozenset[str]:
    parts = frozenset(part.strip().lower() for part in text.split(",") if part.strip())
    unknown = sorted(parts - set(INCLUDABLE))
    if unknown:
        raise argparse.ArgumentTypeError(
            f"'{unknown[0]}' cannot be included; choose from {','.join(INCLUDABLE)}"
        )
    return parts


def add_choice_arguments(parser: argparse.ArgumentParser, *, verb: str = "share") -> None:
    """--entry, --tag, --since, --until, --all and --include."""
    parser.add_argument(
        "--entry",
        type=entry_id,
        nargs="+",
        action="extend",
        metavar="ID",
        help="these entries (one or more ids)",
    )
    parser.add_argument("--tag", metavar="T", help="the entries with this tag")
    parser.add_argument("--since", metavar="D", help="the entries from this date (inclusive)")
    parser.add_argument("--until", metavar="D", help="the entries up to this date (inclusive)")
    parser.add_argument("--all", action="store_true", help="every entry (not the trash)")
    parser.add_argument(
        "--journal",
        action="append",
        default=[],
        metavar="NAME",
        help="only the entries of this journal (repeatable); alone, all of its entries",
    )
    parser.add_argument(
        "--include",
        type=includes,
        default=frozenset(),
        metavar=",".join(INCLUDABLE),
        help=f"also {verb} these, comma-separated (left out when there is nothing in them)",
    )


def chosen(args: argparse.Namespace, *, verb: str = "share") -> Selection:
    """Which entries: exactly one of --entry, --tag, --since/--until, --all."""
    ways = {
        "--entry": bool(args.entry),
        "--tag": args.tag is not None,
        "--since/--until": bool(args.since or args.until),
        "--all": args.all,
    }
    picked = [name for name, given in ways.items() if given]
    if not picked and args.journal:
        picked = ["--journal"]
    if not picked:
        raise UsageError(
            f"Say which entries to {verb}: --entry ID..., --tag T, --since D/--until D, "
            "--journal NAME, or --all."
        )
    if len(picked) > 1:
        raise UsageError(f"Choose the entries one way only, not {' and '.join(picked)}.")
    since, until = since_until(args)
    return Selection(
        entry_ids=tuple(args.entry or ()),
        tag=args.tag,
        since=since,
        until=until,
        all_entries=args.all,
        include=args.include,
        journals=tuple(args.journal),
    )


def check_journals(vault: Vault, selection: Selection) -> None:
    """Refuse, as a usage error, a --journal that names no journal of ``vault``."""
    try:
        JournalsService(vault).ids(selection.journals)
    except JournalNotFound as error:
        raise UsageError(str(error)) from None
