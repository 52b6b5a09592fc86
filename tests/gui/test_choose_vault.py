"""Which vault the app opens: --vault, the environment, the last one, the default."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.vaults import make_vault
from therapy_journal.gui.app import choose_vault
from therapy_journal.gui.settings import AppSettings


def test_the_given_folder_wins(tmp_path: Path) -> None:
    settings = AppSettings(last_vault=str(tmp_path / "last"))
    assert choose_vault(tmp_path / "given", settings) == tmp_path / "given"


def test_the_last_vault_is_reopened_when_it_still_exists(tmp_path: Path) -> None:
    make_vault(tmp_path / "last").vault.lock()
    assert choose_vault(None, AppSettings(last_vault=str(tmp_path / "last"))) == tmp_path / "last"


def test_a_vanished_last_vault_falls_back_to_the_user_data_folder(
    tmp_path: Path, isolated_home: Path
) -> None:
    chosen = choose_vault(None, AppSettings(last_vault=str(tmp_path / "gone")))
    assert chosen == isolated_home / ".local/share/therapy-journal"


def test_the_environment_wins_over_the_last_vault(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_vault(tmp_path / "last").vault.lock()
    monkeypatch.setenv("THERAPY_JOURNAL_VAULT", str(tmp_path / "env"))
    assert choose_vault(None, AppSettings(last_vault=str(tmp_path / "last"))) == tmp_path / "env"
