"""``outreach-script``: a first message to a therapist, drafted from the profile.

``--for call|voicemail|email`` (a call by default) chooses the form: what to say
on a call, a short voicemail with nothing private in it, or an email with its
subject. The script goes to standard output, ready to edit and copy; a line on
what to share goes to standard error. ``--json`` prints the script with a short
exercise to steady yourself before reaching out. Paying is worded for the
person's region (the app's setting, else the system locale).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from therapy_journal.cli import output
from therapy_journal.cli.common import EXIT_OK, Context
from therapy_journal.services.outreach import KINDS, before_reaching_out, first_message
from therapy_journal.services.profile import ProfileService
from therapy_journal.services.regions import configured_region


def configure(name: str, parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--for",
        dest="kind",
        choices=list(KINDS),
        default="call",
        help="a phone call (the default), a voicemail or an email",
    )
    parser.add_argument(
        "--json", action="store_true", help="print the script and an exercise as JSON"
    )


def cmd_outreach_script(ctx: Context) -> int:
    profile = ProfileService(ctx.unlock_vault()).current()
    region_id = configured_region()
    script = first_message(profile, ctx.args.kind, region_id=region_id)
    if ctx.args.json:
        data: dict[str, Any] = {
            "for": script.kind,
            "region": region_id,
            "subject": script.subject or None,
            "text": script.text,
            "note": script.note,
            "exercise": asdict(before_reaching_out()),
        }
        output.write_json(ctx.stdout, data)
        return EXIT_OK
    ctx.stdout.write(script.as_text().rstrip("\n") + "\n")
    ctx.say(script.note)
    return EXIT_OK


HANDLERS: dict[str, Callable[[Context], int]] = {"outreach-script": cmd_outreach_script}

ERRORS: tuple[tuple[type[BaseException], int], ...] = ()
