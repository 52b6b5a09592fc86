"""A write refused by the system while the key file is rewritten leaves the old
key file as it was, and the person is told so in one line.

The failures are real ones from the kernel: a file size limit (RLIMIT_FSIZE,
which fails writes with EFBIG just as a full disk fails them with ENOSPC) and a
folder the process may not write to.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers.cli import cli_env
from tests.helpers.journals import all_titles, open_journal, temp_files
from tests.helpers.processes import run_cli, write_secret
from tests.helpers.vaults import VaultInfo, file_hashes, make_vault
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.store.errors import StorageError, WrongPassphrase
from therapy_journal.store.vault import Vault

NEW_PASSPHRASE = "another long passphrase entirely"
FILE_SIZE_LIMIT = 256  # bytes; a key file is about a kilobyte


def _limit_file_size() -> None:
    """In a child before exec: writes past FILE_SIZE_LIMIT fail with EFBIG."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # else the kernel kills the writer
    _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, hard))


def _assert_one_line_saying_key_file_unchanged(stderr: str) -> None:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert "key file" in lines[0]
    assert "unchanged" in lines[0]


def test_file_size_limit_during_passphrase_change_keeps_the_old_key_file(
    vault_info: VaultInfo, opened: list[Vault]
) -> None:
    key_path = vault_info.folder / "vault.key"
    key_before = key_path.read_bytes()
    assert len(key_before) > FILE_SIZE_LIMIT
    previous_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, hard))
    try:
        with pytest.raises(StorageError) as caught:
            vault_info.vault.change_passphrase(vault_info.passphrase, NEW_PASSPHRASE)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous_handler)

    message = str(caught.value)
    assert "key file" in message
    assert "The previous key file is unchanged." in message
    assert "larger than this system allows" in message  # EFBIG, from the kernel
    assert key_path.read_bytes() == key_before
    assert temp_files(vault_info.folder) == []
    vault_info.vault.lock()
    journal = open_journal(vault_info.folder, vault_info.passphrase, opened)
    assert journal.count() == 0
    with pytest.raises(WrongPassphrase):
        Vault(vault_info.folder).unlock(NEW_PASSPHRASE)


def test_cli_passwd_under_a_file_size_limit_exits_1_with_one_line_and_keeps_the_key_file(
    seeded_vault: VaultInfo, tmp_path: Path, opened: list[Vault]
) -> None:
    folder = seeded_vault.folder
    old_file = write_secret(tmp_path / "old.txt", seeded_vault.passphrase)
    new_file = write_secret(tmp_path / "new.txt", NEW_PASSPHRASE)
    before = file_hashes(folder)

    result = run_cli(
        "--passphrase-file",
        str(old_file),
        "passwd",
        "--new-passphrase-file",
        str(new_file),
        env=cli_env(folder),
        preexec_fn=_limit_file_size,
    )

    assert result.returncode == 1, result.stderr
    _assert_one_line_saying_key_file_unchanged(result.stderr)
    assert "larger than this system allows" in result.stderr
    assert "Traceback" not in result.stderr
    assert file_hashes(folder) == before
    journal = open_journal(folder, seeded_vault.passphrase, opened)
    assert sorted(all_titles(journal).values()) == ["first", "second", "third"]


# --- a folder the process may not write to ---------------------------------------
#
# Root writes into any folder whatever its mode, because it holds the
# CAP_DAC_OVERRIDE capability. The brief suggested running the CLI as 'nobody',
# but here the interpreter lives under /root (mode 0700), which 'nobody' cannot
# execute. So as root the CLI keeps uid 0 and loses the capabilities that
# bypass file modes (dropped from the bounding set before exec, which for uid 0
# is what the new program gets): the kernel then checks the folder's mode bits
# against root as their owner, like any other user's. Not as root, the folder's
# mode alone is enough.

_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH, _CAP_FOWNER = 1, 2, 3


def _without_root_powers() -> Callable[[], None] | None:
    """A pre-exec hook that makes file modes bind the child, or None if they already do."""
    if os.geteuid() != 0:
        return None
    libc = ctypes.CDLL(None, use_errno=True)  # loaded before fork

    def drop() -> None:
        for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH, _CAP_FOWNER):
            if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
                raise OSError(ctypes.get_errno(), "could not drop a capability")

    return drop


@dataclass
class ReadOnlyVault:
    info: VaultInfo
    old_file: Path
    new_file: Path


@pytest.fixture
def read_only_vault(vault_folder: Path, tmp_path: Path) -> Iterator[ReadOnlyVault]:
    """A vault with one entry whose folder is mode 0500 (files stay 0600)."""
    info = make_vault(vault_folder)
    JournalService(info.vault).add(make_entry(title="kept", body="kept body"))
    info.vault.lock()
    old_file = write_secret(tmp_path / "old.txt", info.passphrase)
    new_file = write_secret(tmp_path / "new.txt", NEW_PASSPHRASE)
    vault_folder.chmod(0o500)
    try:
        yield ReadOnlyVault(info, old_file, new_file)
    finally:
        vault_folder.chmod(0o700)


def _passwd(setup: ReadOnlyVault) -> subprocess.CompletedProcess[str]:
    return run_cli(
        "--passphrase-file",
        str(setup.old_file),
        "passwd",
        "--new-passphrase-file",
        str(setup.new_file),
        env=cli_env(setup.info.folder),
        preexec_fn=_without_root_powers(),
    )


def test_cli_passwd_in_a_read_only_folder_exits_1_with_one_line_and_keeps_the_key_file(
    read_only_vault: ReadOnlyVault, opened: list[Vault]
) -> None:
    folder = read_only_vault.info.folder
    before = file_hashes(folder)

    result = _passwd(read_only_vault)

    assert result.returncode == 1, result.stderr
    _assert_one_line_saying_key_file_unchanged(result.stderr)
    assert "permission was denied" in result.stderr
    assert file_hashes(folder) == before
    folder.chmod(0o700)
    journal = open_journal(folder, read_only_vault.info.passphrase, opened)
    assert list(all_titles(journal).values()) == ["kept"]


def test_the_same_passwd_succeeds_once_the_folder_is_writable(
    read_only_vault: ReadOnlyVault,
) -> None:
    # The control for the test above: the restricted process can read all that
    # passwd needs, so what failed there was the write into the folder.
    read_only_vault.info.folder.chmod(0o700)

    result = _passwd(read_only_vault)

    assert result.returncode == 0, result.stderr
    with pytest.raises(WrongPassphrase):
        Vault(read_only_vault.info.folder).unlock(read_only_vault.info.passphrase)
