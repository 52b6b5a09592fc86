"""report: the printable report of a choice of entries and pages, as a PDF or
an HTML page, NOT encrypted, for a person who wants to bring pages to an
appointment.

The same choice of entries as ``export`` (:mod:`therapy_journal.cli.entry_choice`)
and the same report a bundle carries. Where it goes is checked before any work
(not inside the vault folder: exit 2); it is written readable by its owner only
(0600) whatever the umask, beside its place and then renamed, so no partial file
is ever left; and a warning on stderr says it is not encrypted.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from pathlib import Path

from therapy_journal.cli import output
from therapy_journal.cli.common import (
    EXIT_OK,
    Context,
    Failure,
    UsageError,
    progress_line,
)
from therapy_journal.cli.entry_choice import add_choice_arguments, check_journals, chosen
from therapy_journal.services.destination import BadDestination, check_destination, exists
from therapy_journal.services.sharing.errors import BundleError
from therapy_journal.services.sharing.report import (
    NOT_ENCRYPTED,
    build_report,
    report_form,
    write_report,
)
from therapy_journal.services.sharing.report_page import holds_words


def _arguments(parser: argparse.ArgumentParser) -> None:
    add_choice_arguments(parser, verb="put in the report")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="FILE",
        help="the report to write: FILE.pdf or FILE.html (outside the vault folder; an "
        "existing file is replaced only after you say yes, or with --force)",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace FILE if it exists, without asking"
    )
    parser.add_argument("--json", action="store_true", help="print what was written as JSON")


def configure(name: str, parser: argparse.ArgumentParser) -> None:
    _arguments(parser)


def _form(path: Path) -> str:
    form = report_form(path)
    if form is None:
        raise UsageError(
            f"{path.name} is not named .pdf or .html; name the report FILE.pdf for a PDF "
            "or FILE.html for a web page."
        )
    return form


def _pdf_renderer() -> Callable[..., bytes]:
    """The PDF maker draws with Qt (no widgets): imported only when a PDF is asked for."""
    try:
        module = importlib.import_module("therapy_journal.render.pdf")
    except ImportError as error:
        raise Failure(
            f"A PDF cannot be made here (Qt's libraries could not be loaded: "
            f"{type(error).__name__}); write FILE.html and print it from a browser."
        ) from None
    renderer: Callable[..., bytes] = module.render_pdf
    return renderer


def cmd_report(ctx: Context) -> int:
    args = ctx.args
    selection = chosen(args, verb="put in the report")
    form = _form(args.output)
    path: Path = args.output
    try:
        check_destination(path, ctx.vault.folder, what="report")
    except BadDestination as error:
        raise UsageError(str(error)) from None
    if exists(path) and not args.force:
        ctx.confirm(
            f"{path} exists. Replace it?",
            f"{path} exists; add --force to replace it, or choose another name.",
            "Nothing was written.",
        )
    render_pdf = _pdf_renderer() if form == "pdf" else None
    vault = ctx.unlock_vault()
    check_journals(vault, selection)
    ctx.say(NOT_ENCRYPTED.format(path=path))
    try:
        with progress_line(ctx, lambda done, total: f"Reading entries: {done:,} of {total:,}") as p:
            report = build_report(vault, selection, progress=p)
    except BundleError as error:
        raise Failure(str(error)) from None
    data = report.html.encode("utf-8")
    if render_pdf is not None:
        with progress_line(ctx, lambda done, total: f"Drawing pages: {done:,} of {total:,}") as p:
            data = render_pdf(report.html, p)
    try:
        write_report(path, data, vault.folder)
    except BadDestination as error:  # the folder changed while the report was made
        raise Failure(str(error)) from None
    holds = holds_words(len(report.entries), [name for name, _ in report.pages])
    if args.json:
        output.write_json(
            ctx.stdout,
            {
                "path": str(path),
                "format": form,
                "bytes": len(data),
                "encrypted": False,
                "included": report.included,
                "entry_ids": [item.entry.id for item in report.entries],
            },
        )
    else:
        kind = "a PDF" if form == "pdf" else "a web page"
        ctx.stdout.write(f"Wrote {path}, {kind}, NOT encrypted. It holds {holds}.\n")
    return EXIT_OK


HANDLERS: dict[str, Callable[[Context], int]] = {"report": cmd_report}

# None of its own: its failures are raised as UsageError (exit 2: where it
# goes) or Failure (exit 1), since other groups' errors (BundleError,
# BadDestination) have codes of their own there.
ERRORS: tuple[tuple[type[BaseException], int], ...] = ()
