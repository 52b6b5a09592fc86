"""Commands on the vault itself: init, passwd, recover, check."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from datetime import datetime, timedelta
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
from therapy_journal.store import integrity, keyring_cache
from therapy_journal.store.buffers import wipe
from therapy_journal.store.errors import VaultDamaged, VaultNotFound
from therapy_journal.store.keyfile import KeyFile
from therapy_journal.store.keyring_cache import MAX_SECONDS


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


_DURATION = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")


def duration(text: str) -> int:
    """Seconds in '10m', '1h', '90s', '1h30m' (a bare number is minutes)."""
    text = text.strip().lower()
    if text.isdigit():
        text += "m"
    match = _DURATION.fullmatch(text)
    if not text or match is None:
        raise argparse.ArgumentTypeError(f"'{text}' is not a time like 10m, 1h or 1h30m")
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    total = hours * 3600 + minutes * 60 + seconds
    if not 0 < total <= MAX_SECONDS:
        raise argparse.ArgumentTypeError(
            f"the time must be from 1 second to {MAX_SECONDS // 3600} hours"
        )
    return total


def _unlock_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--for",
        dest="seconds",
        type=duration,
        required=True,
        metavar="TIME",
        help="how long, like 10m, 1h or 1h30m (at most 12 hours)",
    )


_ARGUMENTS: dict[str, Callable[[argparse.ArgumentParser], None]] = {
    "unlock": _unlock_arguments,
    "lock": lambda parser: None,
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
    keyring_cache.forget(KeyFile.load(ctx.vault.key_path).vault_id)  # the old key is no use
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


def cmd_unlock(ctx: Context) -> int:
    """Derive the key once and keep it in the kernel keyring for a while."""
    if not ctx.vault.exists():
        raise VaultNotFound(ctx.vault.folder)
    ctx.vault.unlock(secrets.current_passphrase(ctx.args.passphrase_file))
    key = ctx.vault.key_copy()
    try:
        keyring_cache.remember(ctx.vault.vault_id, key, ctx.args.seconds)
    finally:
        wipe(key)
    until = (datetime.now().astimezone() + timedelta(seconds=ctx.args.seconds)).strftime("%H:%M")
    ctx.stdout.write(
        f"Commands open this journal without the passphrase until {until}, or until "
        f"'{PROG} lock'. Meanwhile any program you run in this login session can open it.\n"
    )
    return EXIT_OK


def cmd_lock(ctx: Context) -> int:
    """Drop a key ``unlock --for`` cached."""
    if not ctx.vault.exists():
        raise VaultNotFound(ctx.vault.folder)
    vault_id = KeyFile.load(ctx.vault.key_path).vault_id
    if keyring_cache.forget(vault_id):
        ctx.stdout.write("Locked: commands ask for the passphrase again.\n")
    else:
        ctx.stdout.write("It was not unlocked: commands already ask for the passphrase.\n")
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
    "unlock": cmd_unlock,
    "lock": cmd_lock,
    "init": cmd_init,
    "passwd": cmd_passwd,
    "recover": cmd_recover,
    "check": cmd_check,
}

ERRORS: tuple[tuple[type[BaseException], int], ...] = ()
