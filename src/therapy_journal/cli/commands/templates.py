"""The ``template`` command: entry templates, built in and the person's own.

``template list``, ``template show NAME``, ``template add NAME [--title T]
[--tag T]... [--mood]`` (the body from standard input) and ``template delete
NAME``, each with ``--json``. ``add --template NAME`` writes an entry from one.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from therapy_journal.cli import output
from therapy_journal.cli.body import read_body
from therapy_journal.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    Action,
    Context,
    configure_actions,
    json_option,
)
from therapy_journal.services.templates import (
    InvalidTemplate,
    Template,
    TemplateNotFound,
    TemplateService,
)


def _name(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME", help="the template's name (or id)")


def _show_arguments(parser: argparse.ArgumentParser) -> None:
    _name(parser)
    json_option(parser)


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    _name(parser)
    parser.add_argument(
        "--title", default="", metavar="T", help="the entries' title; {date} becomes their date"
    )
    parser.add_argument(
        "--tag", action="append", default=[], metavar="T", help="a tag (repeatable)"
    )
    parser.add_argument("--mood", action="store_true", help="ask for the mood (in the app)")
    json_option(parser)


ACTIONS: tuple[Action, ...] = (
    ("list", "list the templates, built-in first", json_option),
    ("show", "show a template", _show_arguments),
    ("add", "keep a template of your own; its text from standard input", _add_arguments),
    ("delete", "delete a template of your own", _show_arguments),
)


def configure(name: str, parser: argparse.ArgumentParser) -> None:
    configure_actions(name, parser, ACTIONS)


def template_json(template: Template) -> dict[str, Any]:
    return asdict(template) | {"tags": list(template.tags)}


def _line(template: Template) -> str:
    kind = "built in" if template.builtin else "yours"
    tags = " ".join(f"#{tag}" for tag in template.tags)
    return f"{output.printable(template.name)}  ({kind}){'  ' + tags if tags else ''}\n"


def cmd_list(ctx: Context) -> int:
    templates = TemplateService(ctx.unlock_vault()).all()
    if ctx.args.json:
        output.write_json(ctx.stdout, [template_json(t) for t in templates])
    else:
        for template in templates:
            ctx.stdout.write(_line(template))
    return EXIT_OK


def _shown(ctx: Context, template: Template) -> int:
    if ctx.args.json:
        output.write_json(ctx.stdout, template_json(template))
    else:
        ctx.stdout.write(_line(template))
        if template.title:
            ctx.stdout.write(f"Title: {output.printable(template.title)}\n")
        ctx.stdout.write("\n" + output.printable(template.body, lines=True).rstrip() + "\n")
    return EXIT_OK


def cmd_show(ctx: Context) -> int:
    return _shown(ctx, TemplateService(ctx.unlock_vault()).get(ctx.args.name))


def cmd_add(ctx: Context) -> int:
    service = TemplateService(ctx.unlock_vault())
    body = read_body(ctx)
    args = ctx.args
    template = service.add(args.name, body, args.title, args.tag, args.mood)
    ctx.say(f"Kept the template '{template.name}'.")
    return _shown(ctx, template) if args.json else EXIT_OK


def cmd_delete(ctx: Context) -> int:
    template = TemplateService(ctx.unlock_vault()).delete(ctx.args.name)
    ctx.say(f"Deleted the template '{template.name}'; entries written from it stay.")
    return _shown(ctx, template) if ctx.args.json else EXIT_OK


_ACTIONS: dict[str, Callable[[Context], int]] = {
    "list": cmd_list,
    "show": cmd_show,
    "add": cmd_add,
    "delete": cmd_delete,
}


def cmd_template(ctx: Context) -> int:
    return _ACTIONS[ctx.args.action](ctx)


HANDLERS: dict[str, Callable[[Context], int]] = {"template": cmd_template}

ERRORS: tuple[tuple[type[BaseException], int], ...] = (
    (InvalidTemplate, EXIT_USAGE),
    (TemplateNotFound, EXIT_ERROR),
)
