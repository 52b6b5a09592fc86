"""``unlock --for`` and ``lock``: the data key kept for a while in the kernel
keyring of the login session, so commands skip the passphrase and the KDF.

Each test runs real commands in a new session keyring (``keyctl session -``),
as a terminal of a desktop or ssh login has one."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.cli import cli_env
from tests.helpers.vaults import PASSPHRASE, VaultInfo
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.store import keyring_cache

pytestmark = pytest.mark.skipif(shutil.which("keyctl") is None, reason="needs keyutils")

CLI = f"{sys.executable} -m therapy_journal"


def in_session(script: str, vault: Path, pass_file: Path) -> subprocess.CompletedProcess[str]:
    """``script`` (bash) in a new session keyring; $TJ runs the command line."""
    env = cli_env(vault, TJ=CLI, PASS=str(pass_file))
    return subprocess.run(
        ["keyctl", "session", "-", "bash", "-c", f"set -u\n{script}"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def pass_file(tmp_path: Path) -> Path:
    path = tmp_path / "pass"
    path.write_text(PASSPHRASE + "\n")
    return path


def test_unlock_for_lets_commands_run_without_the_passphrase_until_lock(
    vault_info: VaultInfo, vault_folder: Path, pass_file: Path
) -> None:
    JournalService(vault_info.vault).add(make_entry(title="A calm day", body="calm"))
    vault_info.vault.lock()
    result = in_session(
        """
        $TJ list; echo "before: $?"
        $TJ --passphrase-file $PASS unlock --for 10m
        $TJ list; echo "cached: $?"
        $TJ search calm; echo "search: $?"
        $TJ lock
        $TJ list; echo "after: $?"
        $TJ lock
        """,
        vault_folder,
        pass_file,
    )
    out = result.stdout
    assert "before: 2" in out  # no terminal, no passphrase: asked for one
    assert "Commands open this journal without the passphrase until" in out
    assert "A calm day" in out and "cached: 0" in out and "search: 0" in out
    assert "Locked: commands ask for the passphrase again." in out
    assert "after: 2" in out
    assert "It was not unlocked" in out
    assert result.stderr.count("No terminal to ask for the passphrase") == 2


def test_the_cached_key_has_the_kernels_time_limit_and_owner_only_rights(
    vault_info: VaultInfo, vault_folder: Path, pass_file: Path
) -> None:
    vault_id = vault_info.vault.vault_id
    vault_info.vault.lock()
    result = in_session(
        f"""
        $TJ --passphrase-file $PASS unlock --for 90s >/dev/null
        id=$(keyctl search @s user therapy-journal:{vault_id})
        keyctl rdescribe $id
        keyctl timeout $id 1; sleep 2
        $TJ list >/dev/null 2>&1; echo "expired: $?"
        """,
        vault_folder,
        pass_file,
    )
    kind, _uid, _gid, permissions, description = result.stdout.splitlines()[0].split(";", 4)
    assert (kind, description) == ("user", f"therapy-journal:{vault_id}")
    assert int(permissions, 16) == keyring_cache.PERMISSIONS  # possessor all, user view
    assert "expired: 2" in result.stdout  # the kernel dropped it: the passphrase again


def test_a_key_from_before_a_rekey_is_dropped_and_the_passphrase_asked(
    vault_info: VaultInfo, vault_folder: Path, pass_file: Path, tmp_path: Path
) -> None:
    recovery = tmp_path / "recovery"
    recovery.write_text(vault_info.recovery_key + "\n")
    vault_info.vault.lock()
    result = in_session(
        f"""
        $TJ --passphrase-file $PASS unlock --for 10m >/dev/null
        $TJ --passphrase-file $PASS passwd --rekey --new-passphrase-file $PASS \\
            --recovery-key-file {recovery} >/dev/null
        $TJ list >/dev/null 2>&1; echo "after rekey: $?"
        $TJ --passphrase-file $PASS list >/dev/null; echo "with passphrase: $?"
        """,
        vault_folder,
        pass_file,
    )
    assert "after rekey: 2" in result.stdout, result.stderr
    assert "with passphrase: 0" in result.stdout


def test_unlock_for_refuses_times_beyond_twelve_hours(
    vault_info: VaultInfo, vault_folder: Path, pass_file: Path
) -> None:
    vault_info.vault.lock()
    result = in_session("$TJ --passphrase-file $PASS unlock --for 13h", vault_folder, pass_file)
    assert result.returncode == 2 and "from 1 second to 12 hours" in result.stderr
