"""``passwd --rekey``: a new data key, every page encrypted again, the recovery
key kept; with progress on a terminal."""

from __future__ import annotations

import os
import pty
import subprocess
from pathlib import Path

import pytest

from tests.helpers.cli import cli, cli_env
from tests.helpers.processes import cli_argv, spawn_writer, write_secret
from tests.helpers.vaults import VaultInfo, file_hashes, make_vault
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.store.keyfile import KeyFile

NEW = "the passphrase after the leak"


@pytest.fixture
def vault(tmp_path: Path) -> VaultInfo:
    info = make_vault(tmp_path / "vault")
    journal = JournalService(info.vault)
    for n in range(50):
        journal.add(make_entry(title=f"entry {n}", body="words " * 100))
    info.vault.lock()
    return info


@pytest.fixture
def files(tmp_path: Path, vault: VaultInfo) -> dict[str, Path]:
    return {
        "current": write_secret(tmp_path / "current.txt", vault.passphrase),
        "new": write_secret(tmp_path / "new.txt", NEW),
        "recovery": write_secret(tmp_path / "recovery.txt", vault.recovery_key),
    }


def rekey_args(vault: VaultInfo, files: dict[str, Path]) -> list[str]:
    return [
        "--vault",
        str(vault.folder),
        "--passphrase-file",
        str(files["current"]),
        "passwd",
        "--rekey",
        "--new-passphrase-file",
        str(files["new"]),
        "--recovery-key-file",
        str(files["recovery"]),
    ]


def key_of(vault: VaultInfo, passphrase: str) -> bytes:
    return bytes(KeyFile.load(vault.vault.key_path).unwrap_with_passphrase(passphrase))


def test_passwd_rekey_replaces_the_data_key_and_keeps_the_recovery_key(
    vault: VaultInfo, files: dict[str, Path], tmp_path: Path
) -> None:
    old_key = key_of(vault, vault.passphrase)
    result = cli(*rekey_args(vault, files))
    assert result.code == 0, result.err
    assert "new data key" in result.out and "recovery key still works" in result.out
    assert key_of(vault, NEW) != old_key

    folder = str(vault.folder)
    assert cli("--vault", folder, "--passphrase-file", str(files["current"]), "list").code == 3
    listed = cli(
        "--vault",
        folder,
        "--passphrase-file",
        str(files["new"]),
        "list",
        "--limit",
        "100",
        "--json",
    )
    assert listed.code == 0 and listed.out.count('"title"') == 50
    newer = write_secret(tmp_path / "newer.txt", "after recovering it")
    recovered = cli(
        "--vault", folder, "recover",
        "--recovery-key-file", str(files["recovery"]), "--new-passphrase-file", str(newer),
    )  # fmt: skip
    assert recovered.code == 0, recovered.err


def test_a_wrong_recovery_key_exits_3_and_changes_nothing(
    vault: VaultInfo, files: dict[str, Path], tmp_path: Path
) -> None:
    other = make_vault(tmp_path / "other")
    other.vault.lock()
    write_secret(files["recovery"], other.recovery_key)
    before = file_hashes(vault.folder)
    result = cli(*rekey_args(vault, files))
    assert result.code == 3
    assert result.err.count("\n") == 1 and "recovery key" in result.err
    assert file_hashes(vault.folder) == before


def test_a_recovery_key_file_without_rekey_is_a_usage_error(
    vault: VaultInfo, files: dict[str, Path]
) -> None:
    args = [a for a in rekey_args(vault, files) if a != "--rekey"]
    result = cli(*args)
    assert result.code == 2 and "--rekey" in result.err


def test_a_vault_open_in_another_program_is_refused_with_one_line(
    vault: VaultInfo, files: dict[str, Path], reaper: list
) -> None:
    holder = spawn_writer(vault.folder, files["current"], prefix="open", wait_for_go=True)
    reaper.append(holder)
    assert holder.stdout is not None and holder.stdout.readline() == b"ready\n"
    before = file_hashes(vault.folder)
    result = cli(*rekey_args(vault, files))
    assert result.code == 1
    assert result.err.count("\n") == 1 and "open in another program" in result.err
    assert file_hashes(vault.folder) == before


def test_passwd_rekey_shows_its_progress_on_a_terminal(
    vault: VaultInfo, files: dict[str, Path]
) -> None:
    controller, terminal = pty.openpty()
    try:
        proc = subprocess.run(
            cli_argv(*rekey_args(vault, files)),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=terminal,
            env=cli_env(),
            timeout=120,
            check=False,
        )
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal's other end is closed: all was read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(controller)
    assert proc.returncode == 0, shown
    assert b"Encrypting again with the new key:" in shown
    assert b" pages" in shown
