"""Commands that move the journal in and out as a whole: import, export-all,
backup, and restoring a backup (``restore FILE``)."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from therapy_journal.cli import advice, output, secrets
from therapy_journal.cli.common import (
    EXIT_ERROR,
    EXIT_NO_VAULT,
    EXIT_OK,
    EXIT_USAGE,
    PROG,
    Context,
    Failure,
    UsageError,
    mib,
    progress_line,
)
from therapy_journal.services import export_all, importers, words
from therapy_journal.services.backup import (
    BACKUP_SUFFIX,
    BackupDamaged,
    BackupInfo,
    BackupRefused,
    BackupService,
    inspect_backup,
)
from therapy_journal.services.backup import restore as restore_vault
from therapy_journal.services.importers import own_export
from therapy_journal.services.journal import (
    EntryNotFound,
    ImportCancelled,
    ImportSummary,
    InvalidEntry,
)
from therapy_journal.services.journals import JournalNotFound, JournalsService
from therapy_journal.store.errors import VaultNotFound
from therapy_journal.store.keyfile import KeyFile
from therapy_journal.store.models import NewEntry


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--from",
        dest="fmt",
        required=True,
        choices=importers.FORMATS,
        help="jrnl-json (jrnl --export json), dayone-json (Day One's Journal.json), "
        "markdown (a folder of .md files), jsonl (one JSON object per line), "
        "therapy-journal-json (the journal.json of export-all --format json: everything in it)",
    )
    parser.add_argument("path", type=Path, metavar="PATH")
    parser.add_argument(
        "--skip-unreadable",
        action="store_true",
        help="markdown: import the files that can be read when some cannot "
        "(without it, the files that cannot be read are listed and nothing is imported)",
    )
    parser.add_argument(
        "--journal",
        metavar="NAME",
        help="put the entries in this journal (default: the first one; "
        "therapy-journal-json keeps each entry's own)",
    )
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")


def _export_all_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", required=True, choices=export_all.FORMATS)
    parser.add_argument("-o", "--output", dest="folder", required=True, type=Path, metavar="DIR")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")


def _backup_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="FILE",
        help=f"the backup file, e.g. journal-2026-03-01{BACKUP_SUFFIX} (outside the vault folder)",
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def _salvage_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=export_all.FORMATS, default="markdown", help="default: markdown"
    )
    parser.add_argument("-o", "--output", dest="folder", required=True, type=Path, metavar="DIR")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")


_ARGUMENTS: dict[str, Callable[[argparse.ArgumentParser], None]] = {
    "import": _import_arguments,
    "export-all": _export_all_arguments,
    "backup": _backup_arguments,
    "salvage": _salvage_arguments,
}


def configure(name: str, parser: argparse.ArgumentParser) -> None:
    _ARGUMENTS[name](parser)


def cmd_import(ctx: Context) -> int:
    args = ctx.args
    if args.journal is not None and args.fmt == "therapy-journal-json":
        raise UsageError(
            "therapy-journal-json keeps each entry in its own journal; leave out --journal."
        )
    journal = ctx.unlock()
    into = None if args.journal is None else JournalsService(journal.vault).find(args.journal).id
    added: dict[str, int] = {}
    notes = importers.ImportNotes()
    with progress_line(ctx, lambda count: f"Read {count:,} entries…") as progress:
        if args.fmt == "therapy-journal-json":
            restored = own_export.restore(journal.vault, args.path, progress)
            summary, added = restored.entries, restored.added
        else:
            entries: Iterable[NewEntry] = importers.read(args.fmt, args.path, notes)
            if into is not None:
                entries = (replace(entry, journal_id=into) for entry in entries)
            if args.fmt == "markdown":
                entries = list(entries)  # every file read before anything is imported
                _check_unreadable(ctx, notes, len(entries))
            summary = journal.import_entries(
                entries, progress, alike_are_distinct=args.fmt in importers.DISTINCT_ENTRIES
            )
    for warning in notes.warnings:
        ctx.say(output.printable(warning))
    if args.json:
        result: dict[str, object] = {
            "imported": summary.imported,
            "skipped_duplicates": summary.skipped_duplicates,
        }
        if summary.attachments or summary.attachments_left_out:
            result["attachments"] = summary.attachments
            result["attachments_left_out"] = summary.attachments_left_out
        if args.fmt == "therapy-journal-json":
            result["added"] = added
        if notes.unreadable:
            result["unreadable"] = [
                {"file": name, "problem": problem} for name, problem in notes.unreadable
            ]
        if notes.counts:
            result["notes"] = notes.counts
        output.write_json(ctx.stdout, result)
    else:
        _write_import_summary(ctx, summary, added, notes)
    return EXIT_OK


def _write_import_summary(
    ctx: Context, summary: ImportSummary, added: dict[str, int], notes: importers.ImportNotes
) -> None:
    ctx.stdout.write(
        f"Imported {words.entries(summary.imported)}; skipped {summary.skipped_duplicates:,} "
        "already in the journal.\n"
    )
    if added:
        listed = ", ".join(f"{count:,} {kind}" for kind, count in added.items())
        ctx.stdout.write(f"Also added: {listed}.\n")
    if summary.attachments or summary.attachments_left_out:
        ctx.stdout.write(
            f"Attached {summary.attachments:,} file(s) to them"
            + (
                f"; left out {summary.attachments_left_out:,} over the 50 MB limit or unreadable"
                if summary.attachments_left_out
                else ""
            )
            + ".\n"
        )
    for what, count in notes.counts.items():
        ctx.stdout.write(f"{words.entries(count).capitalize()} {what}.\n")
    if notes.unreadable:
        count = len(notes.unreadable)
        files = "1 file" if count == 1 else f"{count:,} files"
        ctx.stdout.write(f"Left out {files} that cannot be read:\n")
        for _name, problem in notes.unreadable:
            ctx.stdout.write(f"  {output.printable(problem)}\n")


def _check_unreadable(ctx: Context, notes: importers.ImportNotes, readable: int) -> None:
    """Without --skip-unreadable, list the files that cannot be read and import nothing."""
    if not notes.unreadable or ctx.args.skip_unreadable:
        return
    count = len(notes.unreadable)
    ctx.say(f"{count:,} {'file' if count == 1 else 'files'} cannot be read:")
    for _name, problem in notes.unreadable:
        ctx.say(f"  {output.printable(problem)}")
    raise Failure(
        f"Nothing was imported. Fix those files, or add --skip-unreadable to import the "
        f"{words.entries(readable)} that can be read."
    )


def cmd_export_all(ctx: Context) -> int:
    vault = ctx.unlock_vault()
    export = export_all.export_json if ctx.args.format == "json" else export_all.export_markdown
    try:
        with progress_line(
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
        ctx.stdout.write(f"Exported {words.entries(result.entries)}{also} to {result.folder}.\n")
    return EXIT_OK


def cmd_backup(ctx: Context) -> int:
    vault = ctx.unlock_vault()
    try:
        with progress_line(
            ctx, lambda done, total: f"Backing up… {done * 100 // total}%"
        ) as progress:
            result = BackupService(vault).backup(ctx.args.output, progress)
    except BackupRefused as refused:
        ctx.stderr.write(f"{PROG}: {refused} {advice.for_damage(refused.health)}\n")
        return EXIT_NO_VAULT
    damage = result.vault_damage
    if ctx.args.json:
        output.write_json(
            ctx.stdout,
            {
                "path": str(result.path),
                "created": output.iso(result.created),
                "size": result.size,
                "entries": result.entries,
                "verified": result.verified,
                "vault_damaged_pages": list(damage.damaged_pages) if damage else [],
            },
        )
    else:
        ctx.stdout.write(
            f"Wrote a backup of {words.entries(result.entries)} to {result.path} "
            f"({mib(result.size)}); its test restore passed.\n"
        )
    ctx.say("It opens with your current passphrase, or with your recovery key.")
    if damage is not None:
        ctx.say(
            f"Note: {damage.summary()} The backup is whole and has no such damage: restore it "
            f"with '{PROG} restore {result.path} --replace' for a clean vault; the disk may be "
            "failing."
        )
    return EXIT_OK


def cmd_salvage(ctx: Context) -> int:
    """Every entry that can be read, into a folder; the vault is only read.

    The key comes from the key file and the passphrase, without unlocking the
    vault as usual: a vault whose database does not open (page 1 damaged)
    can still be salvaged page by page, and nothing is migrated or written.
    """
    from therapy_journal.services import salvage  # noqa: PLC0415

    vault = ctx.vault
    if not vault.exists():
        raise VaultNotFound(vault.folder)
    keyfile = KeyFile.load(vault.key_path)
    key = keyfile.unwrap_with_passphrase(secrets.current_passphrase(ctx.args.passphrase_file))
    source = salvage.Source.of_file(vault.folder, key, keyfile.sqlcipher_compatibility)
    try:
        with progress_line(ctx, lambda done, total: f"Salvaging… {done * 100 // total}%") as step:
            result = salvage.salvage(source, ctx.args.folder, ctx.args.format, step)
    except salvage.NothingReadable as error:
        ctx.stderr.write(f"{PROG}: {error}\n")
        return EXIT_NO_VAULT
    except salvage.SalvageError as error:
        raise Failure(str(error)) from None
    finally:
        source.forget()
    ctx.say(export_all.NOT_ENCRYPTED)
    if ctx.args.json:
        output.write_json(
            ctx.stdout,
            {
                "format": result.format,
                "folder": str(result.folder),
                "saved": result.saved,
                "partial": list(result.partial),
                "lost": list(result.lost),
                "in_trash": result.in_trash,
                "pages": list(result.pages),
                "pages_lost": list(result.pages_lost),
                "read_pages": result.read_pages,
            },
        )
    else:
        ctx.stdout.write(result.summary() + "\n")
    return EXIT_OK


def restore_backup(ctx: Context, path: Path) -> int:
    """``restore FILE``: the vault from a backup (``restore ID`` is an entry's)."""
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
    result = restore_vault(
        path, folder, replace=ctx.args.replace, passphrase=passphrase, recovery_key=recovery_key
    )
    ctx.stdout.write(
        f"Restored {words.entries(result.entries)} from the backup of "
        f"{output.local_time(info.created)} into {result.folder}.\n"
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


HANDLERS: dict[str, Callable[[Context], int]] = {
    "import": cmd_import,
    "export-all": cmd_export_all,
    "backup": cmd_backup,
    "salvage": cmd_salvage,
}

ERRORS: tuple[tuple[type[BaseException], int], ...] = (
    (BackupDamaged, EXIT_NO_VAULT),
    (InvalidEntry, EXIT_USAGE),
    (JournalNotFound, EXIT_USAGE),
    (EntryNotFound, EXIT_ERROR),
    (importers.ImportFormatError, EXIT_ERROR),
    (ImportCancelled, EXIT_ERROR),
)
