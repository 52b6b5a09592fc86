"""The ``therapy-journal`` command line.

The commands, options, ``--json`` fields and exit codes are a public
interface: add to them, never rename them.

Exit codes: 0 success, 2 usage error, 3 wrong passphrase or recovery key (or
no key opens a bundle), 4 no vault there, or the vault, a bundle or a backup is
damaged, 1 anything else (also a restore onto an existing vault without
``--replace``). Every error is one line on stderr; tracebacks appear only with
``THERAPY_JOURNAL_DEBUG=1``.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn, TextIO

from therapy_journal import __version__
from therapy_journal.cli import output, secrets
from therapy_journal.locations import VAULT_ENV, default_vault_folder
from therapy_journal.services import bundles, export_all, importers
from therapy_journal.services.backup import (
    BACKUP_SUFFIX,
    BackupDamaged,
    BackupInfo,
    BackupService,
    inspect_backup,
)
from therapy_journal.services.backup import restore as restore_backup
from therapy_journal.services.contact_model import InvalidContact
from therapy_journal.services.contacts import check_age_recipient
from therapy_journal.services.dates import BadDate, parse_when
from therapy_journal.services.journal import (
    EntryNotFound,
    ImportCancelled,
    InvalidEntry,
    JournalService,
    date_filter,
    make_entry,
)
from therapy_journal.store.atomic import describe_os_error
from therapy_journal.store.errors import (
    VaultDamaged,
    VaultError,
    VaultNotFound,
    WeakPassphrase,
    WrongPassphrase,
    WrongRecoveryKey,
)
from therapy_journal.store.vault import Vault

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_WRONG_SECRET = 3
EXIT_NO_VAULT = 4

DEBUG_ENV = "THERAPY_JOURNAL_DEBUG"
PROG = "therapy-journal"

log = logging.getLogger(__name__)


class UsageError(Exception):
    """A command was called wrongly; exits with code 2."""


class Failure(Exception):
    """An expected failure with a message for the person; exits with code 1."""


# --- argument parsing ---------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, not argparse's usage block plus message.
        raise UsageError(f"{message} (see '{PROG} --help').")


def _mood(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("mood is a whole number from 1 to 10") from None
    if not 1 <= value <= 10:
        raise argparse.ArgumentTypeError("mood is a whole number from 1 to 10")
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _entry_id(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not an entry id (a number)") from None


def _includes(text: str) -> frozenset[str]:
    parts = frozenset(part.strip().lower() for part in text.split(",") if part.strip())
    unknown = sorted(parts - set(bundles.INCLUDABLE))
    if unknown:
        raise argparse.ArgumentTypeError(
            f"'{unknown[0]}' cannot be included; choose from {','.join(bundles.INCLUDABLE)}"
        )
    return parts


def build_parser() -> argparse.ArgumentParser:  # noqa: PLR0915 (one flat list of commands)
    # Options that work before or after the command. In subparsers they default
    # to SUPPRESS so a value given before the command is not overwritten.
    def common(suppress: bool) -> _Parser:
        parent = _Parser(add_help=False)
        default = argparse.SUPPRESS if suppress else None
        parent.add_argument(
            "--vault",
            type=Path,
            metavar="DIR",
            default=default,
            help=f"the vault folder (default: ${VAULT_ENV}, else your user data folder)",
        )
        parent.add_argument(
            "--passphrase-file",
            type=Path,
            metavar="FILE",
            default=default,
            help=f"read the passphrase from FILE (else ${secrets.PASSPHRASE_ENV}, else a prompt)",
        )
        parent.add_argument(
            "-v",
            "--verbose",
            action="store_true",
            default=default or False,
            help="log what happens (never entry text) to stderr",
        )
        return parent

    parser = _Parser(
        prog=PROG,
        description="A private, encrypted journal for finding a therapist and doing the work of "
        "therapy. Everything stays in an encrypted vault on this computer.",
        parents=[common(suppress=False)],
        epilog="Exit codes: 0 success, 2 usage error, 3 wrong passphrase or recovery key (or no "
        "key opens a bundle), 4 no vault there, or the vault, a bundle or a backup is damaged, "
        "1 anything else.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    shared = [common(suppress=True)]

    # ``summary`` is the command's one line in ``--help`` (54 characters fit on
    # one line in 80 columns); ``details`` says more in ``COMMAND --help``.
    def command(name: str, summary: str, details: str = "") -> argparse.ArgumentParser:
        description = f"{summary}. {details}" if details else summary
        return commands.add_parser(name, help=summary, description=description, parents=shared)

    init = command(
        "init",
        "create a vault; prints the recovery key once",
        "The recovery key is printed on a line of its own.",
    )
    init.add_argument(
        "--new-passphrase-file",
        type=Path,
        metavar="FILE",
        help="read the new passphrase from FILE (else a prompt)",
    )

    add = command("add", "write an entry; the body is read from standard input")
    add.add_argument("--title", default="", metavar="T")
    add.add_argument("--mood", type=_mood, metavar="N", help="how you feel, 1 (low) to 10 (good)")
    add.add_argument("--tag", action="append", default=[], metavar="T", help="a tag (repeatable)")
    add.add_argument("--date", metavar="ISO-8601", help="when it happened (default: now)")
    add.add_argument("--json", action="store_true", help="print the new entry as JSON")

    edit = command(
        "edit",
        "change an entry's title, mood, tags, date or body",
        "The body is replaced only with --body, from standard input.",
    )
    edit.add_argument("id", type=_entry_id, metavar="ID")
    edit.add_argument("--title", metavar="T")
    mood = edit.add_mutually_exclusive_group()
    mood.add_argument("--mood", type=_mood, metavar="N")
    mood.add_argument("--no-mood", action="store_true", help="remove the mood")
    edit.add_argument(
        "--tag", action="append", metavar="T", help="replace the tags with these (repeatable)"
    )
    edit.add_argument("--no-tags", action="store_true", help="remove all tags")
    edit.add_argument("--date", metavar="ISO-8601")
    edit.add_argument("--body", action="store_true", help="replace the body with standard input")
    edit.add_argument("--json", action="store_true")

    lst = command("list", "list entries, newest first")
    lst.add_argument("--limit", type=_positive, default=20, metavar="N")
    lst.add_argument("--tag", metavar="T")
    lst.add_argument("--since", metavar="D", help="from this date (inclusive)")
    lst.add_argument("--until", metavar="D", help="up to this date (inclusive)")
    lst.add_argument("--json", action="store_true")

    show = command("show", "show one entry")
    show.add_argument("id", type=_entry_id, metavar="ID")
    show.add_argument("--json", action="store_true")

    search = command("search", 'search entries: words, "phrases", prefix*, -exclude')
    search.add_argument("query", metavar="QUERY")
    search.add_argument("--limit", type=_positive, default=20, metavar="N")
    search.add_argument("--json", action="store_true")

    delete = command("delete", "move an entry to the trash")
    delete.add_argument("id", type=_entry_id, metavar="ID")
    restore = command(
        "restore",
        "bring back an entry (ID) or the vault from a backup",
        "An entry comes back from the trash; a backup FILE opens with the passphrase that was "
        "current when it was made, or the recovery key.",
    )
    restore.add_argument(
        "target",
        metavar="ID|FILE",
        help="an entry id, or a backup file (a number is read as a file only if that file exists)",
    )
    restore.add_argument(
        "--replace",
        action="store_true",
        help="replace the vault in the vault folder; the old one is kept beside it",
    )
    restore.add_argument(
        "--recovery-key-file",
        type=Path,
        metavar="FILE",
        help="open the backup with the recovery key in FILE instead of a passphrase",
    )

    trash = command("trash", "list the entries in the trash")
    trash.add_argument("--json", action="store_true")
    purge = command("purge", "delete an entry in the trash for good")
    purge.add_argument("id", type=_entry_id, metavar="ID")

    tags = command("tags", "list tags and how many entries use each")
    tags.add_argument("--json", action="store_true")

    imp = command(
        "import",
        "import entries from another journal, all or nothing",
        "A problem in the file imports nothing and says where; entries already in the journal "
        "are skipped and counted.",
    )
    imp.add_argument(
        "--from",
        dest="fmt",
        required=True,
        choices=importers.FORMATS,
        help="jrnl-json (jrnl --export json), dayone-json (Day One's Journal.json), "
        "markdown (a folder of .md files), jsonl (one JSON object per line)",
    )
    imp.add_argument("path", type=Path, metavar="PATH")
    imp.add_argument("--json", action="store_true", help="print the summary as JSON")

    exp = command(
        "export-all",
        "export everything to a folder, NOT encrypted",
        "Every entry, the profile, goals, self-assessments and contacts go to a new or empty "
        "folder, in files readable by you only.",
    )
    exp.add_argument("--format", required=True, choices=export_all.FORMATS)
    exp.add_argument("-o", "--output", dest="folder", required=True, type=Path, metavar="DIR")
    exp.add_argument("--json", action="store_true", help="print the summary as JSON")

    passwd = command("passwd", "change the passphrase")
    passwd.add_argument("--new-passphrase-file", type=Path, metavar="FILE")

    recover = command("recover", "set a new passphrase with the recovery key")
    recover.add_argument("--recovery-key-file", type=Path, metavar="FILE")
    recover.add_argument("--new-passphrase-file", type=Path, metavar="FILE")

    command("check", "run SQLCipher's integrity checks on the vault")

    export = command(
        "export",
        "write an encrypted bundle of entries to share",
        "The bundle is an age file, for a therapist's age key or a passphrase.",
    )
    export.add_argument(
        "--entry",
        type=_entry_id,
        nargs="+",
        action="extend",
        metavar="ID",
        help="these entries (one or more ids)",
    )
    export.add_argument("--tag", metavar="T", help="the entries with this tag")
    export.add_argument("--since", metavar="D", help="the entries from this date (inclusive)")
    export.add_argument("--until", metavar="D", help="the entries up to this date (inclusive)")
    export.add_argument("--all", action="store_true", help="every entry (not the trash)")
    export.add_argument(
        "--include",
        type=_includes,
        default=frozenset(),
        metavar=",".join(bundles.INCLUDABLE),
        help="also share these, comma-separated",
    )
    to = export.add_mutually_exclusive_group(required=True)
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
    export.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE", help="the bundle to write"
    )
    export.add_argument("--json", action="store_true", help="print what was written as JSON")

    open_bundle = command(
        "open-bundle",
        "open a bundle read-only and show what it holds",
        "The default key is this vault's receiving key.",
    )
    open_bundle.add_argument("file", type=Path, metavar="FILE")
    key = open_bundle.add_mutually_exclusive_group()
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
    open_bundle.add_argument(
        "--extract", type=Path, metavar="DIR", help="also write its files into DIR (new or empty)"
    )
    open_bundle.add_argument("--json", action="store_true")

    backup = command(
        "backup",
        "write the whole vault, still encrypted, to one file",
        "The backup is tested once written.",
    )
    backup.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="FILE",
        help=f"the backup file, e.g. journal-2026-03-01{BACKUP_SUFFIX} (outside the vault folder)",
    )
    backup.add_argument("--json", action="store_true", help="print the result as JSON")
    return parser


# --- commands -------------------------------------------------------------------


class Context:
    """What a command needs: its arguments, the vault, and where to write."""

    def __init__(self, args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO):
        self.args = args
        self.stdin, self.stdout, self.stderr = stdin, stdout, stderr
        self.vault = Vault(args.vault or default_vault_folder())

    def unlock(self) -> JournalService:
        if not self.vault.exists():
            raise VaultNotFound(self.vault.folder)
        self.vault.unlock(secrets.current_passphrase(self.args.passphrase_file))
        return JournalService(self.vault)

    def say(self, text: str) -> None:
        """A message for the person (stderr, so stdout stays for data)."""
        self.stderr.write(text + "\n")


def _since_until(args: argparse.Namespace) -> tuple[datetime | None, datetime | None]:
    since = parse_when(args.since) if args.since else None
    until = parse_when(args.until, end_of_day=True) if args.until else None
    return since, until


def cmd_init(ctx: Context) -> int:
    passphrase = secrets.new_passphrase(ctx.args.new_passphrase_file)
    recovery = ctx.vault.create(passphrase)
    ctx.vault.lock()
    ctx.say(f"Created an encrypted vault in {ctx.vault.folder}.")
    ctx.say("Your recovery key opens the vault if you forget your passphrase. It is shown only")
    ctx.say("this once: write it down and keep it somewhere safe, away from this computer.")
    ctx.stdout.write(recovery + "\n")
    return EXIT_OK


def _read_body(ctx: Context) -> str:
    if ctx.stdin.isatty():
        ctx.say("Write your entry; finish with Ctrl-D on a new line.")
    data = ctx.stdin.buffer.read() if hasattr(ctx.stdin, "buffer") else ctx.stdin.read().encode()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise Failure("The entry text on standard input is not UTF-8; nothing was saved.") from None


def cmd_add(ctx: Context) -> int:
    args = ctx.args
    created = parse_when(args.date) if args.date else None
    journal = ctx.unlock()
    body = _read_body(ctx)
    entry = make_entry(title=args.title, body=body, mood=args.mood, tags=args.tag, created=created)
    entry_id = journal.add(entry)
    if args.json:
        output.write_json(ctx.stdout, output.entry_json(journal.get(entry_id)))
    else:
        ctx.stdout.write(f"Added entry {entry_id}.\n")
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
    if args.date:
        changes["created"] = parse_when(args.date)
    journal = ctx.unlock()
    if args.body:
        changes["body"] = _read_body(ctx)
    if not changes:
        raise UsageError("Nothing to change: give --title, --mood, --tag, --date or --body.")
    entry = journal.edit(args.id, **changes)  # type: ignore[arg-type]
    if args.json:
        output.write_json(ctx.stdout, output.entry_json(entry))
    else:
        ctx.stdout.write(f"Saved entry {entry.id}.\n")
    return EXIT_OK


def cmd_list(ctx: Context) -> int:
    args = ctx.args
    since, until = _since_until(args)
    flt = date_filter(tag=args.tag, since=since, until=until)
    journal = ctx.unlock()
    page = journal.page(flt, limit=args.limit)
    if args.json:
        entries = journal.get_many([item.id for item in page.items])
        output.write_json(ctx.stdout, [output.entry_json(entry) for entry in entries])
    else:
        output.write_summaries(ctx.stdout, page.items, "No entries yet.")
    return EXIT_OK


def cmd_show(ctx: Context) -> int:
    entry = ctx.unlock().get(ctx.args.id)
    if ctx.args.json:
        output.write_json(ctx.stdout, output.entry_json(entry))
    else:
        output.write_entry(ctx.stdout, entry)
    return EXIT_OK


def cmd_search(ctx: Context) -> int:
    journal = ctx.unlock()
    hits = journal.search(ctx.args.query, limit=ctx.args.limit)
    if ctx.args.json:
        entries = {entry.id: entry for entry in journal.get_many([hit.entry.id for hit in hits])}
        output.write_json(
            ctx.stdout,
            [
                {
                    **output.entry_json(entries[hit.entry.id]),
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


def cmd_restore(ctx: Context) -> int:
    target = ctx.args.target
    if not _is_entry_id(target):
        return _restore_backup(ctx, Path(target))
    if ctx.args.replace or ctx.args.recovery_key_file:
        raise UsageError("--replace and --recovery-key-file are for restoring a backup FILE.")
    journal = ctx.unlock()
    journal.restore(int(target))
    ctx.stdout.write(f"Restored entry {target}.\n")
    return EXIT_OK


def cmd_trash(ctx: Context) -> int:
    journal = ctx.unlock()
    items = journal.page(date_filter(trashed=True), limit=10_000).items
    if ctx.args.json:
        entries = journal.get_many([item.id for item in items])
        output.write_json(ctx.stdout, [output.entry_json(entry) for entry in entries])
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


@contextmanager
def _progress_line(ctx: Context, text: Callable[..., str]) -> Iterator[Callable[..., None]]:
    """A progress callback that rewrites one line on a terminal (nothing otherwise)."""
    show = ctx.stderr.isatty()

    def progress(*counts: int) -> None:
        if show:
            ctx.stderr.write("\r" + text(*counts))
            ctx.stderr.flush()

    try:
        yield progress
    finally:
        if show:
            ctx.stderr.write("\r\033[K")


def cmd_import(ctx: Context) -> int:
    journal = ctx.unlock()
    with _progress_line(ctx, lambda count: f"Read {count:,} entries…") as progress:
        summary = journal.import_entries(importers.read(ctx.args.fmt, ctx.args.path), progress)
    if ctx.args.json:
        output.write_json(
            ctx.stdout,
            {"imported": summary.imported, "skipped_duplicates": summary.skipped_duplicates},
        )
    else:
        ctx.stdout.write(
            f"Imported {summary.imported:,} entries; skipped {summary.skipped_duplicates:,} "
            "already in the journal.\n"
        )
    return EXIT_OK


def cmd_export_all(ctx: Context) -> int:
    vault = ctx.unlock().vault
    export = export_all.export_json if ctx.args.format == "json" else export_all.export_markdown
    try:
        with _progress_line(
            ctx, lambda done, total: f"Exported {done:,} of {total:,} entries…"
        ) as progress:
            result = export(vault, ctx.args.folder, progress)
    except export_all.ExportError as error:
        raise Failure(str(error)) from None
    ctx.say(export_all.NOT_ENCRYPTED)
    if ctx.args.json:
        output.write_json(
            ctx.stdout,
            {
                "format": result.format,
                "folder": str(result.folder),
                "entries": result.entries,
                "files": result.files,
                "pages": list(result.pages),
            },
        )
    else:
        also = f" and {', '.join(result.pages)}" if result.pages else ""
        ctx.stdout.write(f"Exported {result.entries:,} entries{also} to {result.folder}.\n")
    return EXIT_OK


def cmd_passwd(ctx: Context) -> int:
    if not ctx.vault.exists():
        raise VaultNotFound(ctx.vault.folder)
    current = secrets.current_passphrase(ctx.args.passphrase_file)
    new = secrets.new_passphrase(ctx.args.new_passphrase_file)
    ctx.vault.change_passphrase(current, new)
    ctx.stdout.write("The passphrase is changed. Your recovery key still works.\n")
    return EXIT_OK


def cmd_recover(ctx: Context) -> int:
    if not ctx.vault.exists():
        raise VaultNotFound(ctx.vault.folder)
    recovery = secrets.recovery_key(ctx.args.recovery_key_file)
    new = secrets.new_passphrase(ctx.args.new_passphrase_file)
    ctx.vault.unlock_with_recovery(recovery, new)
    ctx.stdout.write(
        "The vault is open again with your new passphrase. Your recovery key stays the same.\n"
    )
    return EXIT_OK


def cmd_check(ctx: Context) -> int:
    problems = ctx.unlock().integrity_problems()
    if problems:
        ctx.stderr.write(
            f"The vault has {len(problems)} problem(s); restore it from a backup. "
            f"First: {problems[0]}\n"
        )
        return EXIT_NO_VAULT
    ctx.stdout.write(
        "The vault is healthy: every page decrypts and checks out, "
        "and the search index matches the entries.\n"
    )
    return EXIT_OK


# --- sharing ----------------------------------------------------------------------


def _selection(args: argparse.Namespace) -> bundles.Selection:
    """Which entries to share: exactly one of --entry, --tag, --since/--until, --all."""
    ways = {
        "--entry": bool(args.entry),
        "--tag": args.tag is not None,
        "--since/--until": bool(args.since or args.until),
        "--all": args.all,
    }
    chosen = [name for name, given in ways.items() if given]
    if not chosen:
        raise UsageError(
            "Say which entries to share: --entry ID..., --tag T, --since D/--until D, or --all."
        )
    if len(chosen) > 1:
        raise UsageError(f"Choose the entries one way only, not {' and '.join(chosen)}.")
    since, until = _since_until(args)
    return bundles.Selection(
        entry_ids=tuple(args.entry or ()),
        tag=args.tag,
        since=since,
        until=until,
        all_entries=args.all,
        include=args.include,
    )


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
    """The report's PDF maker. It draws with Qt, so it lives in the GUI layer and is
    imported only here, when a bundle is written; without it (or without Qt's
    libraries) the bundle carries the HTML report only."""
    try:
        module = importlib.import_module("therapy_journal.gui.pdf")
    except ImportError as error:
        log.info("no PDF report in this bundle: %s", type(error).__name__)
        return None
    renderer: Callable[..., Any] | None = getattr(module, "render_pdf", None)
    return renderer


def cmd_export(ctx: Context) -> int:
    args = ctx.args
    selection = _selection(args)
    recipients = _recipients(args.to_recipient or ())
    passphrase = None
    if args.to_passphrase_file is not None:
        passphrase = secrets.read_secret_file(args.to_passphrase_file, "bundle passphrase")
    ctx.unlock()
    try:
        record = bundles.ShareService(ctx.vault).export(
            selection,
            args.output,
            recipients=recipients,
            passphrase=passphrase,
            render_pdf=_pdf_renderer(),
        )
    except bundles.BundleError as error:
        # Writing, not reading: not a damaged bundle (exit 4) but a plain failure.
        raise Failure(str(error)) from None
    if args.json:
        output.write_json(ctx.stdout, output.share_json(record, args.output))
    else:
        output.write_share(ctx.stdout, record, args.output)
    return EXIT_OK


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
    ctx.unlock()
    identities = tuple(bundles.ShareService(ctx.vault).receiving_identities())
    if not identities:
        raise bundles.BundleWrongKey(
            "This vault has no receiving key, so no bundle can be for it; "
            "give --identity FILE or --bundle-passphrase-file F."
        )
    return identities, None


def cmd_open_bundle(ctx: Context) -> int:
    args = ctx.args
    if args.extract is not None:
        _check_extract_folder(args.extract)
    if not args.file.is_file():
        raise Failure(f"There is no file {args.file}.")
    identities, passphrase = _bundle_keys(ctx)
    # Its errors are BundleWrongKey (exit 3) or, for anything else that stops the
    # reading, a BundleError (exit 4).
    opened = bundles.open_bundle(args.file, identities=identities, passphrase=passphrase)
    written: list[Path] = []
    if args.extract is not None:
        try:
            written = bundles.extract(opened, args.extract)
        except (bundles.BundleError, OSError) as error:
            reason = describe_os_error(error) if isinstance(error, OSError) else str(error)
            raise Failure(f"Could not extract the bundle into {args.extract}: {reason}") from None
    if args.json:
        shown = output.bundle_json(opened)
        if args.extract is not None:
            shown["extracted"] = [str(path) for path in written]
        output.write_json(ctx.stdout, shown)
    else:
        output.write_bundle(ctx.stdout, opened)
        if args.extract is not None:
            ctx.stdout.write(f"Extracted {len(written)} files into {args.extract}.\n")
    return EXIT_OK


def cmd_backup(ctx: Context) -> int:
    ctx.unlock()
    with _progress_line(ctx, lambda done, total: f"Backing up… {done * 100 // total}%") as progress:
        result = BackupService(ctx.vault).backup(ctx.args.output, progress)
    if ctx.args.json:
        output.write_json(
            ctx.stdout,
            {
                "path": str(result.path),
                "created": output.iso(result.created),
                "size": result.size,
                "entries": result.entries,
                "verified": result.verified,
            },
        )
    else:
        ctx.stdout.write(
            f"Wrote a backup of {result.entries:,} entries to {result.path} "
            f"({_mib(result.size)}); its test restore passed.\n"
        )
    ctx.say("It opens with your current passphrase, or with your recovery key.")
    return EXIT_OK


def _is_entry_id(text: str) -> bool:
    """``restore 12`` is an entry, unless a file named 12 exists."""
    return text.isascii() and text.isdigit() and not Path(text).is_file()


def _restore_backup(ctx: Context, path: Path) -> int:
    if not path.exists() and not str(path).endswith(BACKUP_SUFFIX) and os.sep not in str(path):
        raise UsageError(f"'{path}' is neither an entry id (a number) nor a backup file.")
    info = inspect_backup(path)
    folder = ctx.vault.folder
    if ctx.vault.exists() and not ctx.args.replace:
        raise Failure(
            f"A vault already exists in {folder}; nothing was changed. Add --replace to "
            "replace it (it is kept beside the restored one), or choose another --vault."
        )
    passphrase, recovery_key = _backup_secret(ctx, info)
    result = restore_backup(
        path, folder, replace=ctx.args.replace, passphrase=passphrase, recovery_key=recovery_key
    )
    ctx.stdout.write(
        f"Restored {result.entries:,} entries from the backup of {output.local_time(info.created)} "
        f"into {result.folder}.\n"
    )
    if result.replaced is not None:
        ctx.stdout.write(
            f"The vault that was there is kept in {result.replaced}; "
            "delete it once you no longer need it.\n"
        )
    ctx.say(
        "It opens with the passphrase that was current when the backup was made, "
        "or with your recovery key."
    )
    return EXIT_OK


def _backup_secret(ctx: Context, info: BackupInfo) -> tuple[str | None, str | None]:
    """(passphrase, recovery key): one of them, for opening a backup."""
    args = ctx.args
    if args.recovery_key_file is not None:
        return None, secrets.recovery_key(args.recovery_key_file)
    if args.passphrase_file is not None or os.environ.get(secrets.PASSPHRASE_ENV):
        return secrets.current_passphrase(args.passphrase_file), None
    when = output.local_time(info.created)
    passphrase = secrets.prompt_secret(
        f"Passphrase that was current when this backup was made ({when})",
        hint="use --passphrase-file FILE, or --recovery-key-file FILE.",
    )
    return passphrase, None


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MiB"


def _start_gui(args: argparse.Namespace) -> int:
    """Plain ``therapy-journal``: the desktop app (Qt is imported only here)."""
    from therapy_journal.gui.app import main as gui_main  # noqa: PLC0415

    return gui_main(args.vault)


COMMANDS: dict[str, Callable[[Context], int]] = {
    "init": cmd_init,
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
    "import": cmd_import,
    "export-all": cmd_export_all,
    "passwd": cmd_passwd,
    "recover": cmd_recover,
    "check": cmd_check,
    "export": cmd_export,
    "open-bundle": cmd_open_bundle,
    "backup": cmd_backup,
}


# --- running --------------------------------------------------------------------


def _exit_code(error: BaseException) -> int:
    if isinstance(error, WrongPassphrase | WrongRecoveryKey | bundles.BundleWrongKey):
        return EXIT_WRONG_SECRET
    # Any other refusal to read a bundle: damaged, tampered with, or not one.
    if isinstance(error, VaultNotFound | VaultDamaged | bundles.BundleError | BackupDamaged):
        return EXIT_NO_VAULT
    if isinstance(
        error, UsageError | secrets.SecretInputError | BadDate | InvalidEntry | WeakPassphrase
    ):
        return EXIT_USAGE
    return EXIT_ERROR


EXPECTED = (
    VaultError,
    UsageError,
    Failure,
    secrets.SecretInputError,
    BadDate,
    InvalidEntry,
    EntryNotFound,
    importers.ImportFormatError,
    ImportCancelled,
    bundles.BundleError,
)


_APP_LOG = logging.getLogger("therapy_journal")


@contextmanager
def _log_to(stream: TextIO, *, verbose: bool) -> Iterator[None]:
    """Send the app's log (never entry text) to ``stream`` while one command runs."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    level = _APP_LOG.level
    _APP_LOG.addHandler(handler)
    _APP_LOG.setLevel(logging.INFO if verbose else logging.WARNING)
    try:
        yield
    finally:
        _APP_LOG.removeHandler(handler)
        _APP_LOG.setLevel(level)


def run(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run one command; return its exit code. Never raises for expected problems."""
    stdin, stdout, stderr = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
    ctx: Context | None = None
    try:
        args = build_parser().parse_args(argv)
        with _log_to(stderr, verbose=args.verbose):
            if args.command is None:
                return _start_gui(args)
            ctx = Context(args, stdin, stdout, stderr)
            return COMMANDS[args.command](ctx)
    except EXPECTED as error:
        stderr.write(f"{PROG}: {error}\n")
        return _exit_code(error)
    except KeyboardInterrupt:
        stderr.write(f"{PROG}: cancelled.\n")
        return EXIT_ERROR
    except BrokenPipeError:
        raise  # the reader went away ('list | head'): main() ends quietly
    except Exception as error:
        if os.environ.get(DEBUG_ENV):
            raise
        stderr.write(
            f"{PROG}: unexpected error ({type(error).__name__}); this is a bug. "
            f"Run again with {DEBUG_ENV}=1 for details.\n"
        )
        return EXIT_ERROR
    finally:
        if ctx is not None:
            ctx.vault.lock()


def main(argv: Sequence[str] | None = None) -> int:
    os.umask(0o077)  # anything this process creates is readable by the user only
    try:
        code = run(argv)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (e.g. 'list | head'); not an error for the person.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = EXIT_OK
    return code


if __name__ == "__main__":
    sys.exit(main())
