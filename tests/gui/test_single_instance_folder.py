"""Where the single-instance socket may live: only in a folder of this user's
that no one else can enter (the end-to-end tests start the real app)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from therapy_journal.gui.single_instance import (
    MAX_SOCKET_PATH_BYTES,
    socket_folder,
    socket_name,
    socket_path,
)


@pytest.fixture
def runtime(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private runtime folder with a short path (a socket's must fit in 107 bytes)."""
    folder = tmp_path_factory.mktemp("rt")
    folder.chmod(0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    return folder


def _state_run() -> Path:
    return Path(os.environ["XDG_STATE_HOME"]) / "therapy-journal" / "run"


def test_the_socket_goes_in_a_private_subfolder_of_the_runtime_folder(runtime: Path) -> None:
    vault = Path("/some/vault")
    path = socket_path(vault)
    assert path == str(runtime / "therapy-journal" / socket_name(vault))
    assert (runtime / "therapy-journal").stat().st_mode & 0o777 == 0o700


def test_an_own_subfolder_left_open_to_others_is_closed_again(runtime: Path) -> None:
    (runtime / "therapy-journal").mkdir(mode=0o755)
    (runtime / "therapy-journal").chmod(0o755)
    assert socket_folder() == runtime / "therapy-journal"
    assert (runtime / "therapy-journal").stat().st_mode & 0o777 == 0o700


def test_a_link_in_place_of_the_subfolder_is_not_followed(
    runtime: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (runtime / "therapy-journal").symlink_to(elsewhere)
    with caplog.at_level(logging.WARNING):
        assert socket_folder() is None
    assert "not this user's own folder" in caplog.text
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("value", ["", "relative/run", "/nonexistent/run/user/1"])
def test_without_a_usable_runtime_folder_the_state_folder_is_used(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", value)
    assert socket_folder() == _state_run()
    assert _state_run().stat().st_mode & 0o777 == 0o700


def test_a_runtime_folder_open_to_others_is_not_used(
    runtime: Path, caplog: pytest.LogCaptureFixture
) -> None:
    runtime.chmod(0o755)
    with caplog.at_level(logging.WARNING):
        assert socket_folder() == _state_run()
    assert "XDG_RUNTIME_DIR is not this user's private folder" in caplog.text
    assert not (runtime / "therapy-journal").exists()


def test_a_socket_path_too_long_for_the_system_means_going_without(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deep = tmp_path / ("x" * MAX_SOCKET_PATH_BYTES)
    deep.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(deep))
    assert socket_path(tmp_path / "vault") is None
