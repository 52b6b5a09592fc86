"""What every command shares: exit codes, the two expected failures, argument
types, the :class:`Context` a command runs in, and a terminal progress line.

Kept light on purpose: every command imports it, so it imports no service
beyond the vault.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from therapy_journal.cli import secrets
from therapy_journal.locations import VAULT_ENV, default_vault_folder
from therapy_journal.services.dates import parse_when
from therapy_journal.store.errors import VaultDamaged, VaultError, VaultNotFound
from therapy_journal.store.keyfile import KeyFile
from therapy_journal.store.vault import Vault

if TYPE_CHECKING:
    from therapy_journal.services.journal import JournalService

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_WRONG_SECRET = 3
EXIT_NO_VAULT = 4

PROG = "therapy-journal"


class UsageError(Exception):
    """A command was called wrongly; exits with code 2."""


class Failure(Exception):
    """An expected failure with a message for the person; exits with code 1."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, not argparse's usage block plus message.
        raise UsageError(f"{message} (see '{self.prog} --help').")


def common_options(*, suppress: bool) -> Parser:
    """Options that work before or after the command. In subparsers they default
    to SUPPRESS so a value given before the command is not overwritten."""
    parent = Parser(add_help=False)
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


# --- argument types -------------------------------------------------------------


Action = tuple[str, str, Callable[[argparse.ArgumentParser], None]]


def json_option(parser: argparse.ArgumentParser) -> None:
    """The ``--json`` option of the subcommands (a common shape for scripts)."""
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def configure_actions(
    name: str, parser: argparse.ArgumentParser, actions: Sequence[Action]
) -> None:
    """``COMMAND ACTION ...``: one subparser per (action, its help line, its options)."""
    subparsers = parser.add_subparsers(
        dest="action", metavar="ACTION", parser_class=Parser, required=True
    )
    shared = [common_options(suppress=True)]
    for action, summary, arguments in actions:
        sub = subparsers.add_parser(action, help=summary, description=summary, parents=shared)
        sub.prog = f"{PROG} {name} {action}"
        arguments(sub)


def mood(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("mood is a whole number from 1 to 10") from None
    if not 1 <= value <= 10:
        raise argparse.ArgumentTypeError("mood is a whole number from 1 to 10")
    return value


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def entry_id(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not an entry id (a number)") from None


def contact_id(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a contact id (a number)") from None


def since_until(args: argparse.Namespace) -> tuple[datetime | None, datetime | None]:
    # An empty value is a mistake, not "no limit": parse_when refuses it.
    since = parse_when(args.since) if args.since is not None else None
    until = parse_when(args.until, end_of_day=True) if args.until is not None else None
    return since, until


# --- running a command ------------------------------------------------------------


class Context:
    """What a command needs: its arguments, the vault, and where to write."""

    def __init__(self, args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO):
        self.args = args
        self.stdin, self.stdout, self.stderr = stdin, stdout, stderr
        self.vault = Vault(args.vault or default_vault_folder())

    def unlock_vault(self) -> Vault:
        """The vault, unlocked with the key ``unlock --for`` cached in the
        kernel keyring if there is one, else with the current passphrase."""
        if not self.vault.exists():
            raise VaultNotFound(self.vault.folder)
        if self._unlock_from_cache():
            return self.vault
        self.vault.unlock(secrets.current_passphrase(self.args.passphrase_file))
        return self.vault

    def _unlock_from_cache(self) -> bool:
        from therapy_journal.store import keyring_cache  # noqa: PLC0415 (ctypes, on use)

        try:
            vault_id = KeyFile.load(self.vault.key_path).vault_id
        except VaultError:
            return False  # the passphrase path says what is wrong with the key file
        key = keyring_cache.recall(vault_id)
        if key is None:
            return False
        try:
            self.vault.unlock_with_key(key)
        except VaultDamaged:  # a key cached before the data key was replaced
            keyring_cache.forget(vault_id)
            return False
        return True

    def unlock(self) -> JournalService:
        """The journal of the unlocked vault."""
        from therapy_journal.services.journal import JournalService  # noqa: PLC0415

        return JournalService(self.unlock_vault())

    def say(self, text: str) -> None:
        """A message for the person (stderr, so stdout stays for data)."""
        self.stderr.write(text + "\n")

    def confirm(self, question: str, refusal: str, declined: str = "Nothing was changed.") -> None:
        """Ask ``question`` (y/N) on a terminal; anything but yes stops the
        command with :class:`Failure` saying ``declined``, and so does having no
        terminal to ask on, saying ``refusal`` (how to go ahead without asking)."""
        if not self.stdin.isatty():
            raise Failure(refusal)
        self.stderr.write(f"{question} [y/N] ")
        self.stderr.flush()
        answer = self.stdin.readline()
        if answer.strip().lower() not in ("y", "yes"):
            raise Failure(declined)


@contextmanager
def progress_line(ctx: Context, text: Callable[..., str]) -> Iterator[Callable[..., None]]:
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


def mib(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MiB"
