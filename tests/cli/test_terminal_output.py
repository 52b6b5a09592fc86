"""Text the journal holds never drives the terminal: control characters in an
entry (an imported file may carry escape sequences) are printed as symbols."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.cli import cli
from tests.helpers.vaults import PASSPHRASE, VaultInfo
from therapy_journal.cli.output import printable
from therapy_journal.services.journal import JournalService, make_entry

# Clear the screen, set the window title, and a C1 "CSI" that some terminals obey.
HOSTILE = "\x1b[2J\x1b]0;owned\x07 calm \x9b31m\x7f"


@pytest.fixture
def hostile_vault(vault_info: VaultInfo, tmp_path: Path) -> list[str]:
    JournalService(vault_info.vault).add(
        make_entry(title=f"Title {HOSTILE}", body=f"line one {HOSTILE}\nline two\tend", tags=["x"])
    )
    vault_info.vault.lock()
    secret = tmp_path / "pass"
    secret.write_text(PASSPHRASE)
    return ["--vault", str(vault_info.folder), "--passphrase-file", str(secret)]


@pytest.mark.parametrize("command", [["list"], ["show", "1"], ["search", "calm"]])
def test_control_characters_in_entries_never_reach_the_terminal(
    hostile_vault: list[str], command: list[str]
) -> None:
    result = cli(*hostile_vault, *command)
    assert result.code == 0, result.err
    assert "calm" in result.out
    shown = result.out
    assert not any(ord(ch) < 0x20 and ch not in "\n\t" for ch in shown)
    assert not any(0x7F <= ord(ch) < 0xA0 for ch in shown)
    assert "\u241b[2J" in shown  # ESC shown as its symbol, the rest as text


def test_show_keeps_the_bodys_lines_and_tabs(hostile_vault: list[str]) -> None:
    result = cli(*hostile_vault, "show", "1")
    assert "line two\tend" in result.out
    assert "\nline two" in result.out


def test_json_keeps_the_text_exactly(hostile_vault: list[str]) -> None:
    result = cli(*hostile_vault, "show", "1", "--json")
    assert json.loads(result.out)["title"] == f"Title {HOSTILE}"


def test_printable_maps_each_kind_of_control() -> None:
    assert printable("a\x1bb\x00c\x7fd\x85e\tf\ng") == "a\u241bb\u2400c\u2421d\ufffde\tf\u240ag"
    assert printable("a\nb", lines=True) == "a\nb"
