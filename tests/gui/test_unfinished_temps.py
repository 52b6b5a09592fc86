"""Temporary files of work abandoned at lock: registered while written, removed
before the process image is replaced, and once more by the new image."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from therapy_journal.gui import app as gui_app
from therapy_journal.store import atomic


@pytest.fixture(autouse=True)
def reopened() -> Iterator[None]:
    yield
    atomic.reopen_unfinished()


def test_closing_removes_what_is_being_written_and_refuses_new_work(tmp_path: Path) -> None:
    target = tmp_path / "bundle.age"
    temp = atomic.temp_name_for(target)
    folder = atomic.temp_name_for(tmp_path / "export")
    with atomic.unfinished(temp), atomic.unfinished(folder):
        temp.write_bytes(b"half of it")
        temp.with_name(temp.name + "-wal").write_bytes(b"log")
        folder.mkdir()
        (folder / "entry.md").write_text("an entry")
        assert sorted(atomic.close_unfinished()) == sorted([temp, folder])
        assert list(tmp_path.iterdir()) == []
        with pytest.raises(atomic.ProcessEnding):
            atomic.write_atomic(target, b"new work")
    assert list(tmp_path.iterdir()) == []
    atomic.reopen_unfinished()
    atomic.write_atomic(target, b"after all")
    assert target.read_bytes() == b"after all"


def test_only_temporary_names_are_ever_removed_by_path(tmp_path: Path) -> None:
    kept = tmp_path / "journal.db"
    kept.write_bytes(b"not a temporary file")
    atomic.remove_temporaries([kept, tmp_path / "notes"])
    assert kept.exists()


def test_the_new_image_removes_what_the_replaced_one_was_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    leftover = atomic.temp_name_for(tmp_path / "journal.tjbackup")
    leftover.write_bytes(b"a thread was still writing this when the process was replaced")
    named_like_a_file = tmp_path / "precious.txt"
    named_like_a_file.write_text("keep me")
    monkeypatch.setenv(gui_app.UNFINISHED_ENV, json.dumps([str(leftover), str(named_like_a_file)]))
    gui_app._remove_left_unfinished()
    assert not leftover.exists()
    assert named_like_a_file.exists()
    assert gui_app.UNFINISHED_ENV not in os.environ
