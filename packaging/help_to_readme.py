"""Write ``therapy-journal --help`` into the README's "Command reference" block.

The block sits between two marker comments and shows the help as printed in an
80-column terminal. tests/cli/test_help.py fails when the two differ; run this
to bring the README up to date:

    PYTHONPATH=src python packaging/help_to_readme.py
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from therapy_journal.cli.main import build_parser

README = Path(__file__).resolve().parents[1] / "README.md"
COLUMNS = 80
BEGIN = "<!-- begin: therapy-journal --help (80 columns; packaging/help_to_readme.py) -->"
END = "<!-- end: therapy-journal --help -->"
_BLOCK = re.compile(re.escape(BEGIN) + r"\n(.*?)" + re.escape(END), re.DOTALL)


def current_help() -> str:
    """The top-level ``--help`` text as an 80-column terminal shows it."""
    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(COLUMNS)  # argparse reads the width from here
    try:
        return build_parser().format_help()
    finally:
        if saved is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = saved


def render_block(help_text: str) -> str:
    return f"```text\n{help_text.rstrip()}\n```"


def readme_block(readme: str) -> str:
    """What the README shows between the markers."""
    found = _BLOCK.search(readme)
    if found is None:
        raise ValueError(f"README.md has no block between {BEGIN!r} and {END!r}")
    return found.group(1).strip("\n")


def main() -> None:
    readme = README.read_text(encoding="utf-8")
    readme_block(readme)  # fails clearly without the markers
    block = f"{BEGIN}\n{render_block(current_help())}\n{END}"
    README.write_text(_BLOCK.sub(lambda _: block, readme), encoding="utf-8")


if __name__ == "__main__":
    main()
