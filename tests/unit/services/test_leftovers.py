"""Leftovers are told apart by their owner: what a gone process left is removed,
what a running one is writing is left alone, and nothing but a leftover is
ever removed. (Killed processes, end to end: tests/e2e/test_leftovers.py.)"""

from __future__ import annotations

import json
from pathlib import Path

from therapy_journal.services import leftovers
from therapy_journal.store.atomic import is_stale, owner_tag, remove_stale_temps, temp_name_for


def gone_owner() -> str:
    """An owner tag no process can have: a process id above the system's maximum."""
    highest = int(Path("/proc/sys/kernel/pid_max").read_text(encoding="ascii"))
    return f"{highest + 1}-12345-0badc0de"


def test_a_temporary_name_says_whose_it_is(tmp_path: Path) -> None:
    mine = temp_name_for(tmp_path / "journal.tjbackup")
    assert mine.name.startswith(f".journal.tjbackup.tj{owner_tag()}.")
    assert not is_stale(mine)
    gone = tmp_path / f".journal.tjbackup.tj{gone_owner()}.0123456789ab.tmp"
    assert is_stale(gone)
    assert is_stale(tmp_path / ".vault.key.0123456789ab.tmp")  # from before owners were noted
    assert not is_stale(tmp_path / "journal.tjbackup")  # not a temporary name at all


def test_a_key_file_being_written_by_a_running_process_is_left_alone(tmp_path: Path) -> None:
    key = tmp_path / "vault.key"
    running = temp_name_for(key)  # this process: running
    gone = tmp_path / f".vault.key.tj{gone_owner()}.0123456789ab.tmp"
    for path in (running, gone):
        path.write_bytes(b"half a key file")
    remove_stale_temps(key)
    assert running.exists() and not gone.exists()


def _marker(folder: Path, owner: str, **facts: object) -> Path:
    path = folder / f".pending-{owner}-0123456789ab.json"
    path.write_text(json.dumps({**facts, "owner": owner}), encoding="utf-8")
    return path


def test_the_work_of_a_running_process_is_not_cleaned_up(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    stage = temp_name_for(tmp_path / "export")
    stage.mkdir()
    marker = _marker(vault, owner_tag(), kind="export", stage=str(stage), target="x")
    assert leftovers.clean_up(vault) == []
    assert stage.exists() and marker.exists()


def test_a_note_naming_anything_but_a_leftover_removes_nothing(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    precious = tmp_path / "my-notes"
    precious.mkdir()
    (precious / "entries").mkdir()
    marker = _marker(
        vault,
        gone_owner(),
        kind="export",
        stage=str(precious),
        target=str(tmp_path),
        moved=["my-notes", "../vault"],
    )
    backup = _marker(vault, gone_owner(), kind="backup", paths=[str(precious)])
    assert leftovers.clean_up(vault) == []
    assert (precious / "entries").exists() and vault.exists()
    assert not marker.exists() and not backup.exists()  # the notes themselves are gone


def test_a_note_being_written_when_its_run_was_killed_is_removed(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    half = vault / f"..pending-x.json.tj{gone_owner()}.0123456789ab.tmp"
    half.write_text("{", encoding="utf-8")
    assert leftovers.clean_up(vault) == []
    assert not half.exists()


def test_a_note_that_cannot_be_read_is_left_alone(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    garbled = vault / ".pending-garbled.json"
    garbled.write_text("not json", encoding="utf-8")
    assert leftovers.clean_up(vault) == []
    assert garbled.exists()
