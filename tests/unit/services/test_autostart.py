"""Starting at login: the XDG autostart entry, where it goes and that it is valid."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from therapy_journal import APP_ID
from therapy_journal.services import autostart


def validate(path: Path) -> None:
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        pytest.skip("desktop-file-validate is not installed (Debian: desktop-file-utils)")
    proc = subprocess.run([tool, str(path)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and proc.stdout.strip() == "", proc.stdout + proc.stderr


def test_the_entry_goes_to_the_xdg_config_folder_and_is_valid(isolated_home: Path) -> None:
    path = autostart.turn_on("Therapy Journal")
    assert path == isolated_home / ".config" / "autostart" / f"{APP_ID}.desktop"
    assert autostart.is_on()
    validate(path)
    text = path.read_text(encoding="utf-8")
    assert "Name=Therapy Journal\n" in text
    assert autostart.BACKGROUND_OPTION in text
    autostart.turn_off()
    assert not path.exists() and not autostart.is_on()
    autostart.turn_off()  # nothing there: nothing to do


def test_xdg_config_home_is_respected_and_a_relative_one_ignored(
    tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "elsewhere"))
    assert autostart.turn_on("Notes").parent == tmp_path / "elsewhere" / "autostart"
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/folder")
    assert autostart.autostart_file().parent == isolated_home / ".config" / "autostart"
    monkeypatch.setenv("XDG_CONFIG_HOME", "")
    assert autostart.autostart_file().parent == isolated_home / ".config" / "autostart"


def test_a_program_path_with_spaces_and_quotes_stays_one_valid_argument(
    isolated_home: Path,
) -> None:
    command = ['/opt/My "odd" $place 100%/python', "-P", "-m", "therapy_journal", "--background"]
    path = autostart.turn_on("Notes", command)
    validate(path)
    line = next(x for x in path.read_text().splitlines() if x.startswith("Exec="))
    assert line == (
        'Exec="/opt/My \\\\"odd\\\\" \\\\$place 100%%/python" -P -m therapy_journal --background'
    )


def test_the_discreet_name_is_the_only_name_in_the_entry(isolated_home: Path) -> None:
    text = autostart.turn_on("Notes").read_text(encoding="utf-8")
    assert "Name=Notes\n" in text
    assert "Therapy Journal" not in text


def test_at_start_an_entry_is_brought_up_to_date_and_one_removed_elsewhere_stays_away(
    isolated_home: Path,
) -> None:
    path = autostart.turn_on("Notes", ["/old/place/therapy-journal", "--background"])
    assert autostart.refresh("Notes")
    assert autostart.exec_line(autostart.start_command()) in path.read_text(encoding="utf-8")
    validate(path)
    path.unlink()
    assert not autostart.refresh("Notes")
    assert not path.exists()
