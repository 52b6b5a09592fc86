"""A key file with a field out of shape or out of bounds (its checks recomputed,
so only the field is wrong) makes the real CLI say, in one line, that the key
file is damaged, and exit 4, before any key derivation, changing no file.

The CLI runs with its address space limited to 1 GiB: issue 14's 4 GiB
memory cost was accepted and derived for a minute before this; under the
limit a derivation that big cannot even start, so a pass here means none was
tried.
"""

from __future__ import annotations

import resource
from pathlib import Path

import pytest

from tests.helpers.cli import cli_env
from tests.helpers.keyfiles import CRAFTED, crafted
from tests.helpers.processes import run_cli, write_secret
from tests.helpers.vaults import VaultInfo, file_hashes

ADDRESS_SPACE_LIMIT = 1024 * 1024 * 1024


def _limit_address_space() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_LIMIT, ADDRESS_SPACE_LIMIT))


def _list(info: VaultInfo, tmp_path: Path) -> tuple[int, str, str]:
    passphrase_file = write_secret(tmp_path / "p.txt", info.passphrase)
    result = run_cli(
        "--passphrase-file",
        str(passphrase_file),
        "list",
        env=cli_env(info.folder),
        preexec_fn=_limit_address_space,
    )
    return result.returncode, result.stdout, result.stderr


@pytest.mark.parametrize("name", list(CRAFTED))
def test_cli_list_on_a_crafted_key_file_exits_4_with_one_line(
    name: str, seeded_vault: VaultInfo, tmp_path: Path
) -> None:
    key_path = seeded_vault.folder / "vault.key"
    key_path.write_bytes(crafted(key_path.read_bytes(), CRAFTED[name]))
    before = file_hashes(seeded_vault.folder)

    code, out, err = _list(seeded_vault, tmp_path)

    assert code == 4, err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "vault.key is damaged" in lines[0]
    assert "backup" in lines[0]
    assert out == ""
    assert file_hashes(seeded_vault.folder) == before


def test_the_same_listing_works_on_the_untouched_key_file(
    seeded_vault: VaultInfo, tmp_path: Path
) -> None:
    # The control: under the same address-space limit, an intact key file (its
    # checks recomputed the same way) opens and lists.
    key_path = seeded_vault.folder / "vault.key"
    key_path.write_bytes(crafted(key_path.read_bytes(), lambda document: None))

    code, out, err = _list(seeded_vault, tmp_path)

    assert code == 0, err
    assert [line.split()[-1] for line in out.splitlines()] == ["third", "second", "first"]
