"""``--help`` lists every command on one line, and the README shows it as it is.

(``--version`` is covered in test_commands.py.)
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

from therapy_journal.cli.registry import COMMANDS

ROOT = Path(__file__).resolve().parents[2]


def _help_to_readme() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "help_to_readme", ROOT / "packaging" / "help_to_readme.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _command_lines(help_text: str) -> list[str]:
    """The lines between ``COMMAND`` and the blank line that ends the list."""
    lines = help_text.splitlines()
    start = lines.index("  COMMAND") + 1
    return lines[start : lines.index("", start)]


def test_help_lists_every_command_with_one_line_each() -> None:
    helper = _help_to_readme()
    lines = _command_lines(helper.current_help())
    rows = [re.fullmatch(r"    (\S+) +(\S.*)", line) for line in lines]
    assert all(rows), [line for line, row in zip(lines, rows, strict=True) if not row]
    assert [row.group(1) for row in rows if row] == [command.name for command in COMMANDS]


def test_each_commands_own_help_begins_with_its_summary(
    capsys: pytest.CaptureFixture[str],
) -> None:
    helper = _help_to_readme()
    for line in _command_lines(helper.current_help()):
        name, summary = line.split(maxsplit=1)
        with pytest.raises(SystemExit) as raised:
            helper.build_parser(name).parse_args([name, "--help"])
        assert raised.value.code == 0
        usage, description = capsys.readouterr().out.split("\n\n", 2)[:2]
        assert usage.startswith(f"usage: therapy-journal {name} ")
        assert " ".join(description.split()).startswith(summary), name


def test_the_readme_shows_the_real_help() -> None:
    helper = _help_to_readme()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert helper.readme_block(readme) == helper.render_block(helper.current_help()), (
        "README.md is out of date: run PYTHONPATH=src python packaging/help_to_readme.py"
    )
