"""Commands on the vault itself: init, passwd, recover, check."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from therapy_journal.cli import advice, secrets
from therapy_journal.cli.common import (
    EXIT_NO_VAULT,
    EXIT_OK,
    PROG,
    Context,
    UsageError,
    progress_line,
)
from therapy_journal.store import integrity
from therapy_journal.store.errors import VaultDamaged, VaultNotFound


def _new_passphrase_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--new-passphrase-file",
        type=Path,
        metavar="FILE",
        help="read the new passphrase from FILE (else a prompt)",
    )


def _passwd_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--new-passphrase-file", type=Path, metavar="FILE")
    parser.add_argument(
        "--rekey",
        action="store_true",
        help="also replace the data key itself and encrypt every page again with it "
        "(after a suspected leak); needs the recovery key, which stays the same",
    )
    parser.add_argument(
        "--recovery-key-file",
        type=Path,
        metavar="FILE",
        help="with --rekey: read the recovery key from FILE (else a prompt)",
    )


def _recover_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--recovery-key-file", type=Path, metavar="FILE")
    parser.add_argument("--new-passphrase-file", type=Path, metavar="FILE")


_ARGUMENTS: dict[str, Callable[[argparse.ArgumentParser], None]] = {
    "init": _new_passphrase_argument,
    "passwd": _passwd_arguments,
    "recover": _recover_arguments,
    "check": lambda parser: None,
}


def configure(name: str, parser: argparse.ArgumentParser) -> None:
    _ARGUMENTS[name](parser)


def cmd_init(ctx: Context) -> int:
    passphrase = secrets.new_passphrase(ctx.args.new_passphrase_file)
    recovery = ctx.vault.create(passphrase)
    ctx.vault.lock()
    ctx.say(f"Created an encrypted vault in {ctx.vault.folder}.")
    ctx.say("Your recovery key opens the vault if you forget your passphrase. It is shown only")
    ctx.say("this once: write it down and keep it somewhere safe, away from this computer.")
    ctx.stdout.write(recovery + "\n")
    return EXIT_OK


def cmd_passwd(ctx: Context) -> int:
    if not ctx.vault.exists():
        raise VaultNotFound(ctx.vault.folder)
    if ctx.args.recovery_key_file is not None and not ctx.args.rekey:
        raise UsageError("--recovery-key-file goes with --rekey.")
    current = secrets.current_passphrase(ctx.args.passphrase_file)
    new = secrets.new_passphrase(ctx.args.new_passphrase_file)
    if not ctx.args.rekey:
        ctx.vault.change_passphrase(current, new)
        ctx.stdout.write("The passphrase is changed. Your recovery key still works.\n")
        return EXIT_OK
    recovery = secrets.recovery_key(ctx.args.recovery_key_file)
    with progress_line(
        ctx, lambda done, total: f"Encrypting again with the new key: {done:,} of {total:,} pages…"
    ) as progress:
        ctx.vault.rekey(current, recovery, new_passphrase=new, progress=progress)
    ctx.stdout.write(
        "The vault has a new data key: every page was encrypted again with it, and the "
        "passphrase is changed. Your recovery key still works.\n"
    )
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
    """One line: healthy (stdout, exit 0) or what is damaged and what to do
    (stderr, exit 4); what SQLite reported follows only with --verbose."""
    try:
        vault = ctx.unlock_vault()
    except VaultDamaged as error:
        if error.file != ctx.vault.db_path:
            raise
        # The database does not even open (its first page, or the schema, is
        # damaged): salvage can still read its pages one by one.
        ctx.stderr.write(
            f"{PROG}: {error} Save every entry that can still be read with "
            f"'{PROG} salvage -o DIR'.\n"
        )
        return EXIT_NO_VAULT
    with progress_line(ctx, lambda done, total: f"Checking… {done} of {total} parts") as progress:
        health = integrity.check_vault(vault, progress=progress)
    if health.ok:
        ctx.stdout.write(health.summary() + "\n")
        return EXIT_OK
    ctx.stderr.write(f"{PROG}: {health.summary()} {advice.for_damage(health)}\n")
    if ctx.args.verbose:
        for line in health.details():
            ctx.stderr.write(f"  {line}\n")
    return EXIT_NO_VAULT


HANDLERS: dict[str, Callable[[Context], int]] = {
    "init": cmd_init,
    "passwd": cmd_passwd,
    "recover": cmd_recover,
    "check": cmd_check,
}

ERRORS: tuple[tuple[type[BaseException], int], ...] = ()
