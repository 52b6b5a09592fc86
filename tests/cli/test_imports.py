"""Each command imports what it uses: ``list`` and ``search`` never load Qt, age,
vCard or calendar code, and a command loads only its own group module."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.cli import cli_env
from tests.helpers.vaults import PASSPHRASE, VaultInfo
from therapy_journal.cli.registry import COMMANDS
from therapy_journal.services.journal import JournalService, make_entry

HEAVY = ("PySide6", "shiboken6", "pyrage", "vobject", "icalendar")

_PROBE = """
import io, json, sys
from therapy_journal.cli.main import run
code = run(sys.argv[1:], stdout=io.StringIO(), stderr=io.StringIO())
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _modules_after(vault: Path, argv: list[str]) -> tuple[int, list[str]]:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv],
        capture_output=True,
        text=True,
        check=True,
        env=cli_env(vault, THERAPY_JOURNAL_PASSPHRASE=PASSPHRASE),
    )
    shown = json.loads(result.stdout)
    return shown["code"], shown["modules"]


@pytest.mark.parametrize("argv", [["list"], ["search", "calm"], ["show", "1"]])
def test_reading_commands_load_no_qt_age_vcard_or_calendar(
    argv: list[str], vault_info: VaultInfo, vault_folder: Path
) -> None:
    JournalService(vault_info.vault).add(make_entry(title="A calm day", body="calm"))
    vault_info.vault.lock()
    code, modules = _modules_after(vault_folder, argv)
    assert code == 0
    loaded = sorted({name for name in modules if name.split(".")[0] in HEAVY})
    assert loaded == []


def test_a_command_loads_only_its_own_group(vault_info: VaultInfo, vault_folder: Path) -> None:
    vault_info.vault.lock()
    _code, modules = _modules_after(vault_folder, ["list"])
    groups = {name for name in modules if name.startswith("therapy_journal.cli.commands.")}
    assert groups == {"therapy_journal.cli.commands.entries"}
    assert {command.group for command in COMMANDS} > {"entries"}


@pytest.mark.parametrize(
    ("argv", "group"),
    [(["contact", "list"], "contacts"), (["shares"], "sharing"), (["receiving-key"], "sharing")],
)
def test_contacts_and_shares_load_only_their_group_and_no_qt_or_vcard(
    argv: list[str], group: str, vault_info: VaultInfo, vault_folder: Path
) -> None:
    vault_info.vault.lock()
    _code, modules = _modules_after(vault_folder, argv)
    groups = {name for name in modules if name.startswith("therapy_journal.cli.commands.")}
    assert groups == {f"therapy_journal.cli.commands.{group}"}
    # pyrage may load: contacts and bundles check age keys.
    not_needed = ("PySide6", "shiboken6", "vobject", "icalendar")
    assert sorted({name for name in modules if name.split(".")[0] in not_needed}) == []


_VERSION_PROBE = """
import io, json, sys
sys.argv = ["therapy-journal", "--version"]
out, sys.stdout = sys.stdout, io.StringIO()
from therapy_journal.cli.entry import main
code = main()
printed, sys.stdout = sys.stdout.getvalue(), out
print(json.dumps({"code": code, "printed": printed, "modules": sorted(sys.modules)}))
"""


def test_version_loads_nothing_but_the_package_itself() -> None:
    """``--version`` answers before the command line and the vault are imported,
    and without importlib.metadata (it cost 20-40 ms at every start)."""
    result = subprocess.run(
        [sys.executable, "-c", _VERSION_PROBE], capture_output=True, text=True, check=True
    )
    shown = json.loads(result.stdout)
    assert shown["code"] == 0 and shown["printed"].startswith("therapy-journal ")
    ours = [name for name in shown["modules"] if name.startswith("therapy_journal")]
    assert ours == ["therapy_journal", "therapy_journal.cli", "therapy_journal.cli.entry"]


def test_the_version_is_the_installed_packages() -> None:
    from importlib.metadata import version  # noqa: PLC0415

    from therapy_journal import __version__  # noqa: PLC0415

    assert version("therapy-journal") == __version__
