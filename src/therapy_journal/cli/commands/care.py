"""``help-now``: where to find help now, for the person's region, without a
vault or a passphrase (help is never behind one).

The region's crisis lines come first (call and text labelled, with their
hours), then its emergency number, then the line for elsewhere. ``--region``
chooses another region; otherwise the app's setting, else the system locale.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from therapy_journal.cli import output
from therapy_journal.cli.common import EXIT_OK, Context
from therapy_journal.services import regions


def configure(name: str, parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--region",
        choices=list(regions.regions()),
        help="where you are (default: the app's setting, else your system's locale)",
    )
    parser.add_argument("--json", action="store_true", help="print the lines as JSON")


def help_now_json(region_id: str) -> dict[str, Any]:
    region = regions.region(region_id)
    return {
        "region": region.id,
        "region_name": region.name,
        "emergency": region.emergency or None,
        "lines": [asdict(line) for line in region.crisis_lines],
        "other_lines": [asdict(line) for line in region.other_lines],
        "elsewhere": regions.elsewhere_line(),
    }


def cmd_help_now(ctx: Context) -> int:
    region_id = ctx.args.region or regions.configured_region()
    if ctx.args.json:
        output.write_json(ctx.stdout, help_now_json(region_id))
        return EXIT_OK
    region = regions.region(region_id)
    where = f" {region.where}" if region.where else ""
    ctx.stdout.write(f"Help now{where}. You don't have to go through this alone.\n")
    for text in regions.help_lines(region_id, others=True):
        ctx.stdout.write(f"  - {text}\n")
    return EXIT_OK


HANDLERS: dict[str, Callable[[Context], int]] = {"help-now": cmd_help_now}

ERRORS: tuple[tuple[type[BaseException], int], ...] = ()
