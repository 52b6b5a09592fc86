"""Commands on entries: add, edit, list, show, search, delete, restore, trash,
purge, tags."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from therapy_journal.cli import output
from therapy_journal.cli.body import read_body
from therapy_journal.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    PROG,
    Context,
    Failure,
    UsageError,
    entry_id,
    mood,
    positive,
    since_until,
)
from therapy_journal.services.attachments import (
    AttachmentProblem,
    AttachmentService,
    attachment_record,
)
from therapy_journal.services.dates import parse_when
from therapy_journal.services.journal import (
    EntryNotFound,
    InvalidEntry,
    JournalService,
    date_filter,
    make_entry,
    normalize_tag,
)
from therapy_journal.services.journals import JournalNotFound, JournalsService
from therapy_journal.services.templates import TemplateNotFound, TemplateService
from therapy_journal.store.models import Entry


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--title", default="", metavar="T")
    parser.add_argument("--mood", type=mood, metavar="N", help="how you feel, 1 (low) to 10 (good)")
    parser.add_argument(
        "--tag", action="append", default=[], metavar="T", help="a tag (repeatable)"
    )
    parser.add_argument("--date", metavar="ISO-8601", help="when it happened (default: now)")
    parser.add_argument(
        "--template",
        metavar="NAME",
        help="start from a template ('template list'): its title, headings and tags, with "
        "any text from standard input after them",
    )
    parser.add_argument(
        "--journal", metavar="NAME", help="the journal it goes in (default: the first one)"
    )
    parser.add_argument(
        "--attach",
        action="extend",
        nargs="+",
        default=[],
        type=Path,
        metavar="FILE",
        help="attach these files (photos, PDFs, audio; at most 50 MB each)",
    )
    parser.add_argument("--json", action="store_true", help="print the new entry as JSON")


def _edit_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", type=entry_id, metavar="ID")
    parser.add_argument("--title", metavar="T")
    moods = parser.add_mutually_exclusive_group()
    moods.add_argument("--mood", type=mood, metavar="N")
    moods.add_argument("--no-mood", action="store_true", help="remove the mood")
    parser.add_argument(
        "--tag", action="append", metavar="T", help="replace the tags with these (repeatable)"
    )
    parser.add_argument("--no-tags", action="store_true", help="remove all tags")
    parser.add_argument("--date", metavar="ISO-8601")
    parser.add_argument("--body", action="store_true", help="replace the body with standard input")
    parser.add_argument("--journal", metavar="NAME", help="move it to this journal")
    parser.add_argument("--json", action="store_true")


def _list_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--limit", type=positive, default=20, metavar="N")
    parser.add_argument("--tag", metavar="T")
    parser.add_argument("--since", metavar="D", help="from this date (inclusive)")
    parser.add_argument("--until", metavar="D", help="up to this date (inclusive)")
    parser.add_argument(
        "--on-this-day",
        action="store_true",
        help="only entries written on today's date in earlier years",
    )
    _journal_argument(parser)
    parser.add_argument("--json", action="store_true")


def _journal_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--journal",
        action="append",
        metavar="NAME",
        help="only the entries of this journal (repeatable; default: all journals)",
    )


def _id_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", type=entry_id, metavar="ID")


def _show_arguments(parser: argparse.ArgumentParser) -> None:
    _id_arguments(parser)
    parser.add_argument("--json", action="store_true")


def _search_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", metavar="QUERY")
    parser.add_argument("--limit", type=positive, default=20, metavar="N")
    _journal_argument(parser)
    parser.add_argument("--json", action="store_true")


def _restore_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "target",
        metavar="ID|FILE",
        help="an entry id, or a backup file (a number is read as a file only if that file exists)",
    )
    parser.add_argument(
        "--replace",
        action="store_true",
        help="replace the vault in the vault folder; the old one is kept beside it",
    )
    parser.add_argument(
        "--recovery-key-file",
        type=Path,
        metavar="FILE",
        help="open the backup with the recovery key in FILE instead of a passphrase",
    )


def _json_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true")


_ARGUMENTS: dict[str, Callable[[argparse.ArgumentParser], None]] = {
    "add": _add_arguments,
    "edit": _edit_arguments,
    "list": _list_arguments,
    "show": _show_arguments,
    "search": _search_arguments,
    "delete": _id_arguments,
    "restore": _restore_arguments,
    "trash": _json_argument,
    "purge": _id_arguments,
    "tags": _json_argument,
}


def configure(name: str, parser: argparse.ArgumentParser) -> None:
    _ARGUMENTS[name](parser)


# --- the commands -------------------------------------------------------------------


def cmd_add(ctx: Context) -> int:
    args = ctx.args
    created = parse_when(args.date) if args.date is not None else None
    journal = ctx.unlock()
    journals = JournalsService(journal.vault)
    journal_id = None if args.journal is None else journals.find(args.journal).id
    if args.template is not None:
        template = TemplateService(journal.vault).get(args.template)
        text = "" if ctx.stdin.isatty() else read_body(ctx)
        entry = template.entry(created, title=args.title, text=text, tags=args.tag, mood=args.mood)
    else:
        body = read_body(ctx)
        entry = make_entry(
            title=args.title, body=body, mood=args.mood, tags=args.tag, created=created
        )
    attachments = AttachmentService(journal.vault)
    # One transaction: a file that cannot be attached leaves no entry without it.
    with journal.vault.db.transaction():
        new_id = journal.add(replace(entry, journal_id=journal_id))
        for path in args.attach:
            try:
                attachments.add_file(new_id, path)
            except AttachmentProblem as problem:
                raise Failure(f"{problem} The entry was not added.") from None
    if args.json:
        output.write_json(ctx.stdout, _entry_json(journal, journal.get(new_id)))
    else:
        count = len(args.attach)
        attached = f" with {count} attachment{'s' if count != 1 else ''}" if count else ""
        ctx.stdout.write(f"Added entry {new_id}{attached}.\n")
    return EXIT_OK


def cmd_edit(ctx: Context) -> int:
    args = ctx.args
    changes: dict[str, object] = {}
    if args.title is not None:
        changes["title"] = args.title
    if args.mood is not None or args.no_mood:
        changes["mood"] = None if args.no_mood else args.mood
    if args.tag is not None or args.no_tags:
        changes["tags"] = [] if args.no_tags else args.tag
    if args.date is not None:
        changes["created"] = parse_when(args.date)
    journal = ctx.unlock()
    journals = JournalsService(journal.vault)
    if args.journal is not None:
        changes["journal_id"] = journals.find(args.journal).id
    if args.body:
        changes["body"] = read_body(ctx)
    if not changes:
        raise UsageError(
            "Nothing to change: give --title, --mood, --tag, --date, --body or --journal."
        )
    entry = journal.edit(args.id, **changes)  # type: ignore[arg-type]
    if args.json:
        output.write_json(ctx.stdout, _entry_json(journal, entry))
    else:
        ctx.stdout.write(f"Saved entry {entry.id}.\n")
    return EXIT_OK


def cmd_list(ctx: Context) -> int:
    args = ctx.args
    since, until = since_until(args)
    if args.on_this_day and (args.tag or since or until):
        raise UsageError("--on-this-day goes alone, without --tag, --since or --until.")
    journal = ctx.unlock()
    chosen = _chosen_journals(journal, args.journal)
    flt = date_filter(tag=args.tag, since=since, until=until, journal_ids=chosen)
    if args.on_this_day:
        items = journal.on_this_day(journal_ids=chosen)[: args.limit]
        empty = "Nothing was written on this date in earlier years."
    else:
        items, empty = journal.page(flt, limit=args.limit).items, _nothing_listed(ctx, args.tag)
    if args.json:
        _write_entries_json(ctx, journal, [item.id for item in items])
    else:
        output.write_summaries(ctx.stdout, items, empty)
    return EXIT_OK


def _chosen_journals(journal: JournalService, names: list[str] | None) -> frozenset[int] | None:
    """The ids of the journals named with --journal; None (every journal) when none is."""
    return JournalsService(journal.vault).ids(names) if names else None


def _write_entries_json(ctx: Context, journal: JournalService, ids: list[int]) -> None:
    output.write_json(ctx.stdout, _entries_json(journal, journal.get_many(ids)))


def _nothing_listed(ctx: Context, tag: str | None) -> str:
    """What an empty list says: nothing written yet, or nothing that matches."""
    dated = ctx.args.since is not None or ctx.args.until is not None
    if tag is None and not dated:
        return "No entries in that journal yet." if ctx.args.journal else "No entries yet."
    what = f"tagged #{normalize_tag(tag)}" if tag else ""
    when = "in that date range" if dated else ""
    return f"No entries {' '.join(part for part in (what, when) if part)}."


def _entry_json(journal: JournalService, entry: Entry) -> dict[str, Any]:
    """An entry's JSON with its ``attachments`` (name, type, size, sha256)."""
    return _entries_json(journal, [entry])[0]


def _entries_json(journal: JournalService, entries: list[Entry]) -> list[dict[str, Any]]:
    """Entries' JSON, each with its journal's name and its ``attachments``
    (read in one query)."""
    names = JournalsService(journal.vault).names()
    attached = AttachmentService(journal.vault).of_entries([entry.id for entry in entries])
    return [
        output.entry_json(entry, names)
        | {"attachments": [attachment_record(a) for a in attached.get(entry.id, [])]}
        for entry in entries
    ]


def cmd_show(ctx: Context) -> int:
    journal = ctx.unlock()
    entry = journal.get(ctx.args.id)
    if ctx.args.json:
        output.write_json(ctx.stdout, _entry_json(journal, entry))
    else:
        output.write_entry(ctx.stdout, entry)
        items = AttachmentService(journal.vault).of_entry(entry.id)
        if items:
            ctx.stdout.write("\nAttachments:\n")
            ctx.stdout.write("".join(f"  {output.attachment_line(a)}\n" for a in items))
    return EXIT_OK


def cmd_search(ctx: Context) -> int:
    journal = ctx.unlock()
    chosen = _chosen_journals(journal, ctx.args.journal)
    hits = journal.search(ctx.args.query, date_filter(journal_ids=chosen), limit=ctx.args.limit)
    if ctx.args.json:
        found = journal.get_many([hit.entry.id for hit in hits])
        entries = {item["id"]: item for item in _entries_json(journal, found)}
        output.write_json(
            ctx.stdout,
            [
                {
                    **entries[hit.entry.id],
                    "snippet": output.render_snippet(hit.snippet, bold=False),
                    "score": round(hit.score, 4),
                }
                for hit in hits
            ],
        )
    else:
        output.write_hits(ctx.stdout, hits, bold=ctx.stdout.isatty())
    return EXIT_OK


def cmd_delete(ctx: Context) -> int:
    journal = ctx.unlock()
    journal.move_to_trash(ctx.args.id)
    ctx.stdout.write(
        f"Moved entry {ctx.args.id} to the trash ('{PROG} restore {ctx.args.id}' brings it back).\n"
    )
    return EXIT_OK


def _is_entry_id(text: str) -> bool:
    """``restore 12`` is an entry, unless a file named 12 exists."""
    return text.isascii() and text.isdigit() and not Path(text).is_file()


def cmd_restore(ctx: Context) -> int:
    target = ctx.args.target
    if not _is_entry_id(target):
        # A backup: its code (and what it imports) lives with the other data commands.
        from therapy_journal.cli.commands.data import restore_backup  # noqa: PLC0415

        return restore_backup(ctx, Path(target))
    if ctx.args.replace or ctx.args.recovery_key_file:
        raise UsageError("--replace and --recovery-key-file are for restoring a backup FILE.")
    journal = ctx.unlock()
    if not journal.restore(int(target)):
        raise Failure(f"Entry {target} is not in the trash, so there is nothing to restore.")
    ctx.stdout.write(f"Restored entry {target}.\n")
    return EXIT_OK


def cmd_trash(ctx: Context) -> int:
    journal = ctx.unlock()
    items = journal.page(date_filter(trashed=True), limit=10_000).items
    if ctx.args.json:
        _write_entries_json(ctx, journal, [item.id for item in items])
    else:
        output.write_summaries(ctx.stdout, items, "The trash is empty.")
    return EXIT_OK


def cmd_purge(ctx: Context) -> int:
    journal = ctx.unlock()
    if not journal.purge(ctx.args.id):
        raise Failure(
            f"Entry {ctx.args.id} is not in the trash; move it there first with "
            f"'{PROG} delete {ctx.args.id}'."
        )
    ctx.stdout.write(f"Deleted entry {ctx.args.id} for good.\n")
    return EXIT_OK


def cmd_tags(ctx: Context) -> int:
    tags = ctx.unlock().tags()
    if ctx.args.json:
        output.write_json(ctx.stdout, [{"tag": name, "entries": count} for name, count in tags])
    else:
        lines = [f"#{name}  {count}" for name, count in tags] or ["No tags yet."]
        ctx.stdout.write("\n".join(lines) + "\n")
    return EXIT_OK


HANDLERS: dict[str, Callable[[Context], int]] = {
    "add": cmd_add,
    "edit": cmd_edit,
    "list": cmd_list,
    "show": cmd_show,
    "search": cmd_search,
    "delete": cmd_delete,
    "restore": cmd_restore,
    "trash": cmd_trash,
    "purge": cmd_purge,
    "tags": cmd_tags,
}

ERRORS: tuple[tuple[type[BaseException], int], ...] = (
    (InvalidEntry, EXIT_USAGE),
    (JournalNotFound, EXIT_USAGE),
    (EntryNotFound, EXIT_ERROR),
    (TemplateNotFound, EXIT_ERROR),
)
