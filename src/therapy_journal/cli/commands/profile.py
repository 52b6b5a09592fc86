"""The ``profile`` command: what the person wants in a therapist.

``profile show [--json]`` prints the profile (as the app's summary, or its
fields as JSON). ``profile set --from-json FILE`` takes the same JSON shape:
the keys given replace those fields, the others stay as they are. A key that
is not part of the profile, or a value a field does not take, is named, and
nothing is saved (exit 2). Each saved change is a new version, as in the app.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from therapy_journal.cli import output
from therapy_journal.cli.common import (
    EXIT_OK,
    Action,
    Context,
    UsageError,
    configure_actions,
)
from therapy_journal.services.profile import (
    Profile,
    ProfileService,
    refused_fields,
    summary_markdown,
)
from therapy_journal.store.errors import StorageError

MAX_FILE_BYTES = 1024 * 1024  # a profile is a few KiB


def _show_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the fields as JSON")


def _set_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--from-json",
        type=Path,
        required=True,
        metavar="FILE",
        help="a JSON object in the shape 'profile show --json' prints ('-' reads stdin)",
    )
    parser.add_argument("--json", action="store_true", help="print the saved profile as JSON")


ACTIONS: tuple[Action, ...] = (
    ("show", "show the profile", _show_arguments),
    ("set", "change fields of the profile from a JSON file", _set_arguments),
)


def configure(name: str, parser: argparse.ArgumentParser) -> None:
    configure_actions(name, parser, ACTIONS)


def _read(ctx: Context, path: Path) -> dict[str, object]:
    try:
        if str(path) == "-":
            raw = ctx.stdin.read(MAX_FILE_BYTES + 1)
        else:
            with path.open(encoding="utf-8") as file:
                raw = file.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise UsageError(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise UsageError(f"{path} is a folder, not a JSON file.") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path} is not UTF-8 text.") from None
    except OSError as error:
        raise StorageError(f"Could not read {path}: {error.strerror}.") from None
    if len(raw) > MAX_FILE_BYTES:
        raise UsageError(f"{path} is larger than a profile can be (1 MiB).")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise UsageError(f"{path} is not JSON ({error.msg}, line {error.lineno}).") from None
    except ValueError:  # e.g. a number too long to convert
        raise UsageError(f"{path} is not JSON this app can read.") from None
    if not isinstance(data, dict):
        raise UsageError(f"{path} does not hold a JSON object of profile fields.")
    return data


def _write(ctx: Context, profile: Profile) -> None:
    if ctx.args.json:
        output.write_json(ctx.stdout, asdict(profile))
    else:
        ctx.stdout.write(output.printable(summary_markdown(profile), lines=True))


def cmd_show(ctx: Context) -> int:
    _write(ctx, ProfileService(ctx.unlock_vault()).current())
    return EXIT_OK


def cmd_set(ctx: Context) -> int:
    data = _read(ctx, ctx.args.from_json)
    problems = refused_fields(data)
    if problems:
        raise UsageError("Nothing was saved: " + "; ".join(problems) + ".")
    service = ProfileService(ctx.unlock_vault())
    merged = asdict(service.current()) | data
    saved = service.save(Profile.from_dict(merged))
    ctx.say("Saved the profile." if saved is not None else "Nothing changed.")
    if ctx.args.json:
        _write(ctx, service.current())
    return EXIT_OK


_ACTIONS: dict[str, Callable[[Context], int]] = {"show": cmd_show, "set": cmd_set}


def cmd_profile(ctx: Context) -> int:
    return _ACTIONS[ctx.args.action](ctx)


HANDLERS: dict[str, Callable[[Context], int]] = {"profile": cmd_profile}

ERRORS: tuple[tuple[type[BaseException], int], ...] = ()
