"""Received bundles crafted to crash, freeze or break the app (issue 14), end to
end: opened by the real command line (text and ``--json``, in a real process
whose output must encode), imported into a real vault, then ``list``, ``show``
and exported again. Each either opens and goes all the way through, or is
refused as damaged in one plain sentence (exit 4), at once."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyrage
import pytest

from tests.helpers.bundles import (
    DEEP_LIST,
    DEEP_QUOTES,
    NESTED_TABLES_300,
    NESTED_TABLES_5000,
    TEN_MB_BODY,
    age_file,
    entry_file,
    lone_surrogate_manifest,
    many_recipients,
    received_bundle,
    zip_claiming,
)
from tests.helpers.cli import cli, cli_env, cli_process
from tests.helpers.vaults import FAST_KDF, PASSPHRASE, make_vault
from therapy_journal.services.sharing.received import open_bundle
from therapy_journal.services.sharing.service import ShareService
from therapy_journal.store.vault import Vault

SURROGATE_TITLE = entry_file(
    raw_title=b'"Half \\ud800 a pair \\u001b[2J"', raw_tags=b'["ok", "\\udfff"]'
)


@dataclass(frozen=True)
class Crafted:
    build: Callable[[str], bytes]  # from the receiving public key
    opens: bool
    title: str = "Hello"


CRAFTED = {
    "report of 5,000 nested tables": Crafted(
        lambda key: received_bundle(key, report=NESTED_TABLES_5000), True
    ),
    "report of 300 nested tables": Crafted(
        lambda key: received_bundle(key, report=NESTED_TABLES_300), True
    ),
    "5,000 nested quotes": Crafted(
        lambda key: received_bundle(key, entries=[entry_file(body=DEEP_QUOTES)]), True
    ),
    "5,000 nested lists": Crafted(
        lambda key: received_bundle(key, entries=[entry_file(body=DEEP_LIST)]), True
    ),
    "a 10 MB entry": Crafted(
        lambda key: received_bundle(key, entries=[entry_file(body=TEN_MB_BODY)]), True
    ),
    "a lone surrogate in an entry": Crafted(
        lambda key: received_bundle(key, entries=[SURROGATE_TITLE]),
        True,
        "Half \ufffd a pair \ufffd[2J",
    ),
    "a lone surrogate in the manifest": Crafted(lone_surrogate_manifest, True),
    "an age header of 2,000 recipient lines": Crafted(
        lambda key: many_recipients(1_000, key), False
    ),
    "an age header of 20,000 recipient lines": Crafted(
        lambda key: many_recipients(10_000, key), False
    ),
    "a ZIP index of 5 million files": Crafted(
        lambda key: age_file(zip_claiming(5_000_000), key), False
    ),
}


@dataclass
class Receiver:
    folder: Path
    pass_file: Path
    identity_file: Path
    public: str

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """A real ``therapy-journal`` process on this vault; its output is strict UTF-8."""
        env = cli_env(PYTHONIOENCODING="utf-8:strict")
        return cli_process(
            "--vault", str(self.folder), "--passphrase-file", str(self.pass_file), *args, env=env
        )


@pytest.fixture
def receiver(tmp_path: Path) -> Receiver:
    info = make_vault(tmp_path / "vault")
    info.vault.lock()
    identity = pyrage.x25519.Identity.generate()
    identity_file = tmp_path / "key.txt"
    identity_file.write_text(f"{identity}\n")
    identity_file.chmod(0o600)
    pass_file = tmp_path / "pass.txt"
    pass_file.write_text(PASSPHRASE + "\n")
    return Receiver(info.folder, pass_file, identity_file, str(identity.to_public()))


@pytest.mark.slow
@pytest.mark.parametrize("case", list(CRAFTED), ids=list(CRAFTED))
def test_a_crafted_bundle_opens_imports_lists_shows_and_exports_or_is_refused_plainly(
    case: str, receiver: Receiver, tmp_path: Path
) -> None:
    crafted = CRAFTED[case]
    bundle = tmp_path / "received.age"
    bundle.write_bytes(crafted.build(receiver.public))
    key = ("--identity", str(receiver.identity_file))

    shown = receiver.run("open-bundle", str(bundle), *key)
    as_json = receiver.run("open-bundle", str(bundle), *key, "--json")
    if not crafted.opens:
        for result in (shown, as_json):
            assert result.returncode == 4, result.stderr
            assert result.stdout == ""
            assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
            assert result.stderr.rstrip().endswith(".")
        return
    assert shown.returncode == 0, shown.stderr
    assert crafted.title in shown.stdout
    assert as_json.returncode == 0, as_json.stderr
    summary = json.loads(as_json.stdout)
    assert [entry["title"] for entry in summary["entries"]] == [crafted.title]
    assert "\ud800" not in as_json.stdout

    # Import, as the Receive tab does, then the journal through the command line.
    vault = Vault(receiver.folder, kdf=FAST_KDF)
    vault.unlock(PASSPHRASE)
    try:
        opened = open_bundle(bundle, identities=[receiver.identity_file.read_text()])
        assert ShareService(vault).import_entries(opened).imported == 1
    finally:
        vault.lock()
    listed = receiver.run("list", "--json")
    assert listed.returncode == 0, listed.stderr
    (entry,) = json.loads(listed.stdout)
    assert entry["title"] == crafted.title
    show = receiver.run("show", str(entry["id"]))
    assert show.returncode == 0, show.stderr
    assert crafted.title in show.stdout
    again = tmp_path / "again.age"
    exported = receiver.run("export", "--all", "--to-recipient", receiver.public, "-o", str(again))
    assert exported.returncode == 0, exported.stderr
    reopened = cli("open-bundle", str(again), *key, "--json")
    assert reopened.code == 0, reopened.err
    assert [e["title"] for e in json.loads(reopened.out)["entries"]] == [crafted.title]
    folder = tmp_path / "export"
    everything = receiver.run("export-all", "--format", "markdown", "-o", str(folder))
    assert everything.returncode == 0, everything.stderr
    assert len(list((folder / "entries").iterdir())) == 1
