"""``template`` and ``add --template`` on a real vault."""

from __future__ import annotations

import json

from tests.cli.test_commands import Setup, setup  # noqa: F401 (a fixture)


def test_add_from_a_template_with_text_on_standard_input(setup: Setup) -> None:  # noqa: F811
    result = setup.run(
        "add", "--template", "A hard day", "--date", "2026-02-03T21:00", "--tag", "tired",
        "--mood", "3", "--json", stdin="It was hard to get started.",
    )  # fmt: skip
    assert result.code == 0, result.err
    entry = json.loads(result.out)
    assert entry["title"] == "A hard day, 3 February 2026"
    assert entry["tags"] == ["hard-day", "tired"] and entry["mood"] == 3
    assert "## What happened" in entry["body"]
    assert entry["body"].endswith("It was hard to get started.")


def test_own_templates_from_the_command_line(setup: Setup) -> None:  # noqa: F811
    added = setup.run(
        "template", "add", "Morning check", "--title", "Morning, {date}", "--tag", "morning",
        stdin="## Energy\n\n## Sleep\n",
    )  # fmt: skip
    assert (added.code, added.err) == (0, "Kept the template 'Morning check'.\n")
    names = [t["name"] for t in json.loads(setup.run("template", "list", "--json").out)]
    assert names[-1] == "Morning check" and len(names) == 5
    entry = json.loads(
        setup.run("add", "--template", "morning check", "--date", "2026-01-05", "--json").out
    )
    assert entry["title"] == "Morning, 5 January 2026" and entry["body"].startswith("## Energy")
    deleted = setup.run("template", "delete", "Morning check")
    assert deleted.code == 0 and "entries written from it stay" in deleted.err
    assert setup.run("show", str(entry["id"])).code == 0


def test_template_mistakes_are_one_sentence(setup: Setup) -> None:  # noqa: F811
    missing = setup.run("add", "--template", "nosuch")
    assert missing.code == 1 and "There is no template named 'nosuch'" in missing.err
    assert setup.run("list").out == "No entries yet.\n"
    built_in = setup.run("template", "delete", "Weekly reflection")
    assert built_in.code == 2 and "is built in and cannot be deleted" in built_in.err
    twice = setup.run("template", "add", "a HARD day", stdin="x")
    assert twice.code == 2 and "already a template named" in twice.err
