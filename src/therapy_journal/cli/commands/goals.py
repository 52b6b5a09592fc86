"""The ``goal`` command: goals and their steps from the command line.

``goal add TITLE [--due D] [--step S]...``, ``goal list``, ``goal step GOAL N
--done|--undone`` (N counts the goal's steps from 1, as ``goal list`` shows
them) and ``goal done GOAL``, each with ``--json``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from typing import Any

from therapy_journal.cli import output
from therapy_journal.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    Action,
    Context,
    UsageError,
    configure_actions,
    json_option,
    positive,
)
from therapy_journal.services.dates import BadDate, check_in_range, parse_when
from therapy_journal.services.goals import STATUSES, Goal, GoalNotFound, GoalService, InvalidGoal


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("title", metavar="TITLE")
    parser.add_argument("--why", default="", metavar="W", help="why it matters to you")
    parser.add_argument("--due", metavar="DATE", help="when you want it done (YYYY-MM-DD)")
    parser.add_argument(
        "--step", action="append", default=[], metavar="S", help="a step (repeat for more)"
    )
    json_option(parser)


def _list_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--status", choices=tuple(STATUSES), help="only goals with this status (default: all)"
    )
    json_option(parser)


def _goal_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("goal", type=positive, metavar="GOAL", help="the goal's id")


def _step_arguments(parser: argparse.ArgumentParser) -> None:
    _goal_argument(parser)
    parser.add_argument("number", type=positive, metavar="N", help="the step's number, from 1")
    done = parser.add_mutually_exclusive_group(required=True)
    done.add_argument("--done", action="store_true", help="tick the step")
    done.add_argument("--undone", action="store_true", help="untick the step")
    json_option(parser)


def _done_arguments(parser: argparse.ArgumentParser) -> None:
    _goal_argument(parser)
    json_option(parser)


ACTIONS: tuple[Action, ...] = (
    ("add", "add a goal, with its steps", _add_arguments),
    ("list", "list goals, active first, with their steps", _list_arguments),
    ("step", "tick or untick a step of a goal", _step_arguments),
    ("done", "mark a goal done", _done_arguments),
)


def configure(name: str, parser: argparse.ArgumentParser) -> None:
    configure_actions(name, parser, ACTIONS)


def goal_json(goal: Goal) -> dict[str, Any]:
    return {
        "id": goal.id,
        "title": goal.title,
        "why": goal.why,
        "due": goal.due.isoformat() if goal.due else None,
        "status": goal.status,
        "steps": [
            {"number": number, "text": step.text, "done": step.is_done}
            for number, step in enumerate(goal.steps, start=1)
        ],
        "created": output.iso(goal.created),
        "finished": output.iso(goal.finished),
    }


def _write_goal(ctx: Context, goal: Goal) -> None:
    due = f", due {goal.due.isoformat()}" if goal.due else ""
    counted = f", {goal.steps_done} of {len(goal.steps)} steps" if goal.steps else ""
    ctx.stdout.write(
        f"{goal.id:>4}  {output.printable(goal.title)}  "
        f"({STATUSES[goal.status].lower()}{due}{counted})\n"
    )
    for number, step in enumerate(goal.steps, start=1):
        ctx.stdout.write(f"      {number:>2}. [{'x' if step.is_done else ' '}] ")
        ctx.stdout.write(f"{output.printable(step.text)}\n")


def _shown(ctx: Context, goal: Goal) -> int:
    if ctx.args.json:
        output.write_json(ctx.stdout, goal_json(goal))
    else:
        _write_goal(ctx, goal)
    return EXIT_OK


def _due(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return check_in_range(parse_when(text)).date()
    except BadDate as error:
        raise UsageError(str(error)) from None


def cmd_add(ctx: Context) -> int:
    due = _due(ctx.args.due)
    goal = GoalService(ctx.unlock_vault()).create(ctx.args.title, ctx.args.why, due, ctx.args.step)
    ctx.say(f"Added goal {goal.id}.")
    return _shown(ctx, goal)


def cmd_list(ctx: Context) -> int:
    goals = GoalService(ctx.unlock_vault()).goals(ctx.args.status)  # active first
    if ctx.args.json:
        output.write_json(ctx.stdout, [goal_json(goal) for goal in goals])
        return EXIT_OK
    if not goals:
        ctx.say("No goals yet." if ctx.args.status is None else "No goals with that status.")
    for goal in goals:
        _write_goal(ctx, goal)
    return EXIT_OK


def cmd_step(ctx: Context) -> int:
    service = GoalService(ctx.unlock_vault())
    goal = service.get(ctx.args.goal)
    if ctx.args.number > len(goal.steps):
        count = len(goal.steps)
        raise UsageError(
            f"Goal {goal.id} has {count} step{'s' if count != 1 else ''}; "
            f"there is no step {ctx.args.number}."
        )
    step = goal.steps[ctx.args.number - 1]
    return _shown(ctx, service.set_step_done(step.id, bool(ctx.args.done)))


def cmd_done(ctx: Context) -> int:
    service = GoalService(ctx.unlock_vault())
    for milestone in service.set_status(ctx.args.goal, "done"):
        ctx.say(f"Milestone reached: {milestone.label}.")
    return _shown(ctx, service.get(ctx.args.goal))


_ACTIONS: dict[str, Callable[[Context], int]] = {
    "add": cmd_add,
    "list": cmd_list,
    "step": cmd_step,
    "done": cmd_done,
}


def cmd_goal(ctx: Context) -> int:
    return _ACTIONS[ctx.args.action](ctx)


HANDLERS: dict[str, Callable[[Context], int]] = {"goal": cmd_goal}

ERRORS: tuple[tuple[type[BaseException], int], ...] = (
    (InvalidGoal, EXIT_USAGE),
    (GoalNotFound, EXIT_ERROR),
)
