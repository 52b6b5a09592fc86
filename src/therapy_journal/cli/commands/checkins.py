"""Check-ins from the command line: ``checkin`` takes a questionnaire,
``checkins`` lists those taken.

``checkin phq9|gad7|who5 --answers N,N,...`` scores and stores one the way the
app does. A wrong number of answers, or an answer that is not one of the
questionnaire's options, is a usage error (exit 2) and stores nothing. Any
answer above 0 to the PHQ-9's item 9 prints where to find help now, before the
score, as the app shows it.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from therapy_journal.cli import output
from therapy_journal.cli.common import EXIT_OK, Context, UsageError
from therapy_journal.services.assessments import (
    AssessmentService,
    InvalidAnswers,
    Result,
    crisis_info,
    instruments,
    not_a_diagnosis,
)
from therapy_journal.services.dates import BadDate, parse_when

INSTRUMENTS = ("phq9", "gad7", "who5")


def _answers(text: str) -> list[int]:
    parts = [part.strip() for part in text.split(",")]
    if not all(part.lstrip("-").isdigit() for part in parts):
        raise argparse.ArgumentTypeError(
            f"{output.printable(text)!r} is not a list of numbers like 0,1,2,3"
        )
    return [int(part) for part in parts]


def _checkin_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("instrument", choices=INSTRUMENTS, help="the questionnaire")
    parser.add_argument(
        "--answers",
        type=_answers,
        required=True,
        metavar="N,N,...",
        help="one answer per question, in order, as the numbers of its options "
        "(PHQ-9 and GAD-7: 0-3; WHO-5: 0-5)",
    )
    parser.add_argument(
        "--difficulty",
        type=int,
        metavar="N",
        help="PHQ-9 and GAD-7: the closing 'how difficult' question, 0-3 (optional)",
    )
    parser.add_argument("--date", metavar="ISO-8601", help="when it was taken (default: now)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def _checkins_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--instrument", choices=INSTRUMENTS, help="only this questionnaire")
    parser.add_argument("--json", action="store_true", help="print a JSON list")


_ARGUMENTS: dict[str, Callable[[argparse.ArgumentParser], None]] = {
    "checkin": _checkin_arguments,
    "checkins": _checkins_arguments,
}


def configure(name: str, parser: argparse.ArgumentParser) -> None:
    _ARGUMENTS[name](parser)


def result_json(result: Result) -> dict[str, Any]:
    """The fields of ``checkin --json``, one object per result."""
    questionnaire = result.instrument
    item9 = None
    if questionnaire.crisis_item is not None:
        item9 = result.answers[questionnaire.crisis_item]
    return {
        "id": result.id,
        "instrument": questionnaire.id,
        "score": result.score,
        "band": result.band.id,
        "band_label": result.band.label,
        "talk_to_professional": result.band.talk_to_professional,
        "crisis": result.crisis,
        "item9": item9,
        "date": output.iso(result.taken),
    }


def _crisis_lines(result: Result) -> str:
    questionnaire, info = result.instrument, crisis_info()
    assert questionnaire.crisis_item is not None
    answer = result.answers[questionnaire.crisis_item]
    words = next(o.label for o in questionnaire.options if o.value == answer)
    lines = [
        info.title,
        f"You answered item 9 (thoughts of death or of hurting yourself): {words}.",
        info.opener,
        *(f"  - {line}" for line in info.lines),
        "",
    ]
    return "\n".join(lines) + "\n"


def cmd_checkin(ctx: Context) -> int:
    args = ctx.args
    questionnaire = instruments()[args.instrument]
    try:
        questionnaire.check(args.answers, args.difficulty)
        when = parse_when(args.date) if args.date is not None else None
    except (InvalidAnswers, BadDate) as error:
        raise UsageError(str(error)) from None
    result = AssessmentService(ctx.unlock_vault()).record(
        args.instrument, args.answers, args.difficulty, when
    )
    if args.json:
        output.write_json(ctx.stdout, result_json(result))
        return EXIT_OK
    if result.crisis:
        ctx.stdout.write(_crisis_lines(result))
    scale = " of 100" if questionnaire.multiplier != 1 else f" of {questionnaire.max_score}"
    ctx.stdout.write(
        f"{questionnaire.name}: {result.score}{scale}, {result.band.label}.\n"
        f"{result.band.explanation}\n"
    )
    if result.band.talk_to_professional:
        ctx.stdout.write(
            "At this score, talking with a doctor or mental health professional is suggested.\n"
        )
    ctx.stdout.write(f"{not_a_diagnosis()}\n")
    return EXIT_OK


def cmd_checkins(ctx: Context) -> int:
    results = AssessmentService(ctx.unlock_vault()).results(ctx.args.instrument)
    if ctx.args.json:
        output.write_json(ctx.stdout, [result_json(result) for result in results])
        return EXIT_OK
    if not results:
        ctx.say("No check-ins yet." if ctx.args.instrument is None else "None of those yet.")
        return EXIT_OK
    for result in results:
        flags = " (item 9 above 0)" if result.crisis else ""
        ctx.stdout.write(
            f"{result.id:>4}  {output.local_time(result.taken)}  {result.instrument.name:<6} "
            f"{result.score:>3}  {result.band.label}{flags}\n"
        )
    return EXIT_OK


HANDLERS: dict[str, Callable[[Context], int]] = {
    "checkin": cmd_checkin,
    "checkins": cmd_checkins,
}

ERRORS: tuple[tuple[type[BaseException], int], ...] = ()
