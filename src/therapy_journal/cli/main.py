"""The ``therapy-journal`` command line: the parser, running one command, exit codes.

The commands, options, ``--json`` fields and exit codes are a public
interface: add to them, never rename them.

Exit codes: 0 success, 2 usage error, 3 wrong passphrase or recovery key (or
no key opens a bundle), 4 no vault there, or the vault, a bundle or a backup is
damaged, 1 anything else (also a restore onto an existing vault without
``--replace``). Every error is one line on stderr; tracebacks appear only with
``THERAPY_JOURNAL_DEBUG=1``.

Each command lives in a group module under :mod:`therapy_journal.cli.commands`
(see :mod:`therapy_journal.cli.registry`), imported only when that command runs.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TextIO

from therapy_journal import __version__
from therapy_journal.cli import secrets
from therapy_journal.cli.common import (
    EXIT_ERROR,
    EXIT_NO_VAULT,
    EXIT_OK,
    EXIT_USAGE,
    EXIT_WRONG_SECRET,
    PROG,
    Context,
    Failure,
    Parser,
    UsageError,
    common_options,
)
from therapy_journal.cli.registry import BY_NAME, COMMANDS
from therapy_journal.hardening import harden_process
from therapy_journal.services import leftovers
from therapy_journal.services.dates import BadDate
from therapy_journal.store.errors import (
    VaultDamaged,
    VaultError,
    VaultNotFound,
    WeakPassphrase,
    WrongPassphrase,
    WrongRecoveryKey,
)

DEBUG_ENV = "THERAPY_JOURNAL_DEBUG"

log = logging.getLogger(__name__)

# Options that take a value, so the command can be found in argv before parsing.
_GLOBAL_VALUE_OPTIONS = ("--vault", "--passphrase-file")


# --- the parser -------------------------------------------------------------------


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser. Every command is listed with its summary; only ``command``'s
    options are added (and its module imported)."""
    parser = Parser(
        prog=PROG,
        description="A private, encrypted journal for finding a therapist and doing the work of "
        "therapy. Everything stays in an encrypted vault on this computer.",
        parents=[common_options(suppress=False)],
        epilog="Exit codes: 0 success, 2 usage error, 3 wrong passphrase or recovery key (or no "
        "key opens a bundle), 4 no vault there, or the vault, a bundle or a backup is damaged, "
        "1 anything else.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument(
        "--background",
        action="store_true",
        help="start the desktop app locked and without a window, to remind (when it is set "
        "to keep running; starting at login uses this)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    shared = [common_options(suppress=True)]
    for info in COMMANDS:
        sub = subparsers.add_parser(
            info.name, help=info.summary, description=info.description, parents=shared
        )
        if command == info.name:
            info.module().configure(info.name, sub)
    return parser


def command_in(argv: Sequence[str]) -> str | None:
    """The command named in ``argv`` (the first word that is not an option or an
    option's value), or None."""
    words = iter(argv)
    for word in words:
        if word == "--":
            return next(words, None)
        if word in _GLOBAL_VALUE_OPTIONS:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


# --- running --------------------------------------------------------------------------

# Expected failures, most specific first, and their exit codes. Each command
# group adds its own (its module's ERRORS).
_COMMON_ERRORS: tuple[tuple[type[BaseException], int], ...] = (
    (WrongPassphrase, EXIT_WRONG_SECRET),
    (WrongRecoveryKey, EXIT_WRONG_SECRET),
    (VaultNotFound, EXIT_NO_VAULT),
    (VaultDamaged, EXIT_NO_VAULT),
    (WeakPassphrase, EXIT_USAGE),
    (VaultError, EXIT_ERROR),
    (UsageError, EXIT_USAGE),
    (secrets.SecretInputError, EXIT_USAGE),
    (BadDate, EXIT_USAGE),
    (Failure, EXIT_ERROR),
)


def expected_exit_code(error: BaseException) -> int | None:
    """The exit code of an expected failure, or None for a bug.

    Only the groups already imported are asked: a module that was never
    imported cannot have raised anything.
    """
    groups = [
        sys.modules[name]
        for name in sorted({f"therapy_journal.cli.commands.{info.group}" for info in COMMANDS})
        if name in sys.modules
    ]
    for module in groups:
        for kind, code in module.ERRORS:
            if isinstance(error, kind):
                return int(code)
    for kind, code in _COMMON_ERRORS:
        if isinstance(error, kind):
            return code
    return None


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


def _start_gui(args: argparse.Namespace) -> int:
    """Plain ``therapy-journal``: the desktop app (Qt is imported only here)."""
    from therapy_journal.gui.app import main as gui_main  # noqa: PLC0415

    return gui_main(args.vault, background=args.background)


def run(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run one command; return its exit code. Never raises for expected problems."""
    stdin, stdout, stderr = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
    argv = list(sys.argv[1:] if argv is None else argv)
    ctx: Context | None = None
    try:
        name = command_in(argv)
        args = build_parser(name).parse_args(argv)
        with _log_to(stderr, verbose=args.verbose):
            if args.command is None:
                return _start_gui(args)
            ctx = Context(args, stdin, stdout, stderr)
            for line in leftovers.clean_up(ctx.vault.folder):  # what killed runs left
                ctx.say(line)
            handler = BY_NAME[args.command].module().HANDLERS[args.command]
            return int(handler(ctx))
    except KeyboardInterrupt:
        stderr.write(f"{PROG}: canceled.\n")
        return EXIT_ERROR
    except BrokenPipeError:
        raise  # the reader went away ('list | head'): main() ends quietly
    except Exception as error:
        code = expected_exit_code(error)
        if code is not None:
            stderr.write(f"{PROG}: {error}\n")
            return code
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
    harden_process()  # before any secret is read: no core dumps, no reading by others
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
