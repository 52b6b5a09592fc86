"""``import --from markdown`` reads every file first: one that cannot be read is
listed with the reason, and nothing is imported without ``--skip-unreadable``."""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime
from pathlib import Path

from tests.helpers.cli import Result, cli
from tests.helpers.vaults import PASSPHRASE, make_vault

FIXTURES = Path(__file__).parents[1] / "fixtures" / "imports"


def run(tmp_path: Path, *args: str) -> Result:
    pass_file = tmp_path / "pass.txt"
    pass_file.write_text(PASSPHRASE + "\n")
    return cli("--vault", str(tmp_path / "vault"), "--passphrase-file", str(pass_file), *args)


def obsidian(tmp_path: Path) -> Path:
    target = tmp_path / "obsidian"
    shutil.copytree(FIXTURES / "obsidian", target)
    moment = datetime(2021, 1, 1, 12, 0).timestamp()
    for file in target.rglob("*.md"):
        os.utime(file, (moment, moment))
    return target


def test_an_unreadable_file_is_listed_and_nothing_is_imported(tmp_path: Path) -> None:
    make_vault(tmp_path / "vault").vault.lock()
    result = run(tmp_path, "import", "--from", "markdown", str(obsidian(tmp_path)))
    assert result.code == 1
    assert result.out == ""
    lines = result.err.splitlines()
    assert lines[0] == "1 file cannot be read:"
    assert lines[1].startswith("  Templates/Daily.md: ")
    assert lines[-1] == (
        "therapy-journal: Nothing was imported. Fix those files, or add --skip-unreadable "
        "to import the 3 entries that can be read."
    )
    assert json.loads(run(tmp_path, "list", "--json").out) == []


def test_skip_unreadable_imports_the_rest_and_says_what_was_left_out(tmp_path: Path) -> None:
    make_vault(tmp_path / "vault").vault.lock()
    folder = str(obsidian(tmp_path))
    result = run(tmp_path, "import", "--from", "markdown", folder, "--skip-unreadable")
    assert result.code == 0, result.err
    assert result.out.splitlines()[:3] == [
        "Imported 3 entries; skipped 0 already in the journal.",
        "1 entry dated by the file's modification time.",
        "Left out 1 file that cannot be read:",
    ]
    again = run(tmp_path, "import", "--from", "markdown", folder, "--skip-unreadable", "--json")
    summary = json.loads(again.out)
    assert (summary["imported"], summary["skipped_duplicates"]) == (0, 3)
    assert summary["unreadable"][0]["file"] == "Templates/Daily.md"
    assert summary["notes"] == {"dated by the file's modification time": 1}
