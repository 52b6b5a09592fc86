"""Sharing with contacts from the command line: ``export --to-contact`` and
``--for-contact``, the share log (``shares``), ``receiving-key``, and the
checks ``export`` makes before any work (run as real processes)."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyrage
import pytest

from tests.helpers.cli import Result, cli, cli_env, cli_process
from tests.helpers.mounts import remount, tmpfs
from tests.helpers.terminal import cli_on_a_terminal
from tests.helpers.vaults import PASSPHRASE, make_vault
from therapy_journal.services.contact_model import Contact
from therapy_journal.services.contacts import ContactService
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.services.sharing.received import open_bundle

BUNDLE_PASSPHRASE = "a bundle passphrase for the tests"


@pytest.fixture(autouse=True)
def no_pdf_maker_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process exports make the HTML report only (see test_bundles_cli.py)."""
    monkeypatch.setitem(sys.modules, "therapy_journal.render.pdf", None)


@dataclass
class People:
    folder: Path
    pass_file: Path
    bundle_pass_file: Path
    tmp: Path
    kim_identity: str  # the secret key of Dr. Kim, a referral source
    kim: int  # contact ids
    jo: int  # in the support network, without a key

    def run(self, *args: str) -> Result:
        return cli("--vault", str(self.folder), "--passphrase-file", str(self.pass_file), *args)

    def json(self, *args: str) -> Any:
        result = self.run(*args, "--json")
        assert result.code == 0, result.err
        return json.loads(result.out)

    def env(self, passphrase: str = PASSPHRASE) -> dict[str, str]:
        return cli_env(self.folder, THERAPY_JOURNAL_PASSPHRASE=passphrase)

    def export_args(self, out: Path) -> list[str]:
        return ["export", "--all", "--to-contact", str(self.kim), "-o", str(out)]


@pytest.fixture
def people(tmp_path: Path) -> People:
    info = make_vault(tmp_path / "vault")
    JournalService(info.vault).add(make_entry(title="First call", body="It went well."))
    identity = pyrage.x25519.Identity.generate()
    contacts = ContactService(info.vault)
    kim, _ = contacts.add(
        Contact(kind="referral", name="Dr. Kim", age_recipient=str(identity.to_public()))
    )
    jo, _ = contacts.add(Contact(kind="support", name="Jo"))
    info.vault.lock()
    assert kim.id is not None and jo.id is not None
    pass_file = tmp_path / "pass.txt"
    pass_file.write_text(PASSPHRASE + "\n")
    bundle_pass = tmp_path / "bundle-pass.txt"
    bundle_pass.write_text(BUNDLE_PASSPHRASE + "\n")
    return People(info.folder, pass_file, bundle_pass, tmp_path, str(identity), kim.id, jo.id)


def one_line_error(result: Result, code: int) -> str:
    assert result.code == code, (result.code, result.err)
    assert result.out == ""
    assert result.err.count("\n") == 1 and result.err.startswith("therapy-journal: "), result.err
    return result.err


# --- export to and for contacts --------------------------------------------------------------


def test_export_to_a_contact_uses_their_key_and_logs_their_name(people: People) -> None:
    out = people.tmp / "for-kim.age"
    written = people.json(*people.export_args(out))
    assert (written["recipient"], written["method"], written["contact_id"]) == (
        "Dr. Kim",
        "key",
        people.kim,
    )
    assert [e.title for e in open_bundle(out, identities=[people.kim_identity]).entries] == [
        "First call"
    ]
    said = people.run(*people.export_args(people.tmp / "again.age"))
    assert "encrypted to the age key of Dr. Kim" in said.out


def test_export_to_a_contact_without_a_key_says_how_to_add_one(people: People) -> None:
    out = people.tmp / "for-jo.age"
    error = one_line_error(
        people.run("export", "--all", "--to-contact", str(people.jo), "-o", str(out)), 2
    )
    assert "Jo (contact 2) has no age public key" in error
    assert f"contact edit {people.jo} --age-key" in error
    assert not out.exists()
    missing = people.run("export", "--all", "--to-contact", "99", "-o", str(out))
    assert "There is no contact 99" in one_line_error(missing, 1)


def test_a_passphrase_share_for_a_contact_is_logged_under_their_name(people: People) -> None:
    out = people.tmp / "for-jo.age"
    written = people.json(
        "export", "--all", "--to-passphrase-file", str(people.bundle_pass_file),
        "--for-contact", str(people.jo), "-o", str(out),
    )  # fmt: skip
    assert (written["recipient"], written["method"], written["contact_id"]) == (
        "Jo",
        "passphrase",
        people.jo,
    )
    assert len(open_bundle(out, passphrase=BUNDLE_PASSPHRASE).entries) == 1
    (logged,) = people.json("shares")
    assert (logged["recipient"], logged["method"], logged["contact_id"]) == (
        "Jo",
        "passphrase",
        people.jo,
    )
    assert "a passphrase, for Jo" in people.run("shares").out


def test_a_pasted_key_share_for_a_contact_is_logged_under_their_name(people: People) -> None:
    identity = pyrage.x25519.Identity.generate()
    out = people.tmp / "for-jo.age"
    written = people.json(
        "export", "--all", "--to-recipient", str(identity.to_public()),
        "--for-contact", str(people.jo), "-o", str(out),
    )  # fmt: skip
    assert (written["recipient"], written["method"], written["contact_id"]) == (
        "Jo",
        "key",
        people.jo,
    )
    assert len(open_bundle(out, identities=[str(identity)]).entries) == 1


def test_for_contact_and_to_contact_do_not_go_together(people: People) -> None:
    out = people.tmp / "b.age"
    result = people.run(*people.export_args(out), "--for-contact", str(people.jo))
    assert "leave out --for-contact" in one_line_error(result, 2)
    assert not out.exists()


# --- shares ---------------------------------------------------------------------------------


def test_shares_lists_the_log_newest_first(people: People) -> None:
    assert people.run("shares").out == "Nothing shared yet.\n"
    assert people.json("shares") == []
    people.json(*people.export_args(people.tmp / "first.age"))
    people.json(
        "export", "--all", "--to-passphrase-file", str(people.bundle_pass_file),
        "--as", "html", "-o", str(people.tmp / "second.html"),
    )  # fmt: skip
    second, first = people.json("shares")
    assert (first["file_name"], first["recipient"], first["form"]) == (
        "first.age",
        "Dr. Kim",
        "age",
    )
    assert (second["file_name"], second["recipient"], second["form"]) == ("second.html", "", "html")
    assert second["contact_id"] is None and second["method"] == "passphrase"
    assert set(first) == {
        *("id", "at", "recipient", "method", "items", "fingerprint", "form", "contact_id"),
        "file_name",
    }
    assert first["items"]["entries"] == 1
    lines = people.run("shares").out.splitlines()
    assert "second.html, a page encrypted to a passphrase, holding 1 entry" in lines[0]
    assert "first.age, an age file encrypted to the age key of Dr. Kim" in lines[2]
    assert lines[3].replace(" ", "") == first["fingerprint"]


# --- receiving-key ---------------------------------------------------------------------------


def test_receiving_key_is_made_once_and_printed(people: People) -> None:
    error = one_line_error(people.run("receiving-key"), 1)
    assert "no receiving key yet" in error and "receiving-key --create" in error
    made = people.run("receiving-key", "--create")
    assert made.code == 0, made.err
    key = made.out.strip()
    assert key.startswith("age1") and made.out == key + "\n"
    assert "secret half stays in this vault" in made.err
    assert people.run("receiving-key").out == key + "\n"
    shown = people.json("receiving-key")
    assert (shown["age_key"], shown["new"], shown["keys"]) == (key, False, 1)
    again = one_line_error(people.run("receiving-key", "--create"), 1)
    assert "already" in again and "--another" in again
    assert people.json("receiving-key")["keys"] == 1


def test_another_receiving_key_leaves_the_older_ones_working(people: People) -> None:
    first = people.run("receiving-key", "--create").out.strip()
    bundle = people.tmp / "to-me.age"
    sent = people.run("export", "--all", "--to-recipient", first, "-o", str(bundle))
    assert sent.code == 0, sent.err
    newer = people.json("receiving-key", "--another")
    assert newer["new"] is True and newer["keys"] == 2 and newer["age_key"] != first
    opened = people.run("open-bundle", str(bundle), "--json")
    assert opened.code == 0, opened.err
    assert json.loads(opened.out)["entries"][0]["title"] == "First call"


# --- export checks where it writes before any work (real processes) -----------------------


def test_export_to_a_missing_folder_fails_at_once(people: People) -> None:
    out = people.tmp / "nowhere" / "b.age"
    # A wrong vault passphrase: the folder is checked before the vault is even opened.
    result = cli_process(*people.export_args(out), env=people.env("not the passphrase"))
    assert result.returncode == 1, result.stderr
    assert result.stderr == (
        f"therapy-journal: The folder {out.parent} does not exist; "
        "create it or save the bundle elsewhere.\n"
    )
    assert "previous" not in result.stderr


def test_export_to_a_read_only_folder_fails_at_once(people: People) -> None:
    with tmpfs(people.tmp / "stick", "1m") as stick:
        remount(stick, read_only=True)
        result = cli_process(*people.export_args(stick / "b.age"), env=people.env("wrong"))
        assert result.returncode == 1, result.stderr
        assert f"Cannot write in the folder {stick}: the folder is on a read-only disk" in (
            result.stderr
        )


@pytest.mark.parametrize("through_a_link", [False, True])
def test_export_refuses_to_write_inside_the_vault_folder(
    people: People, through_a_link: bool
) -> None:
    out = people.folder / "b.age"
    if through_a_link:
        (people.tmp / "link").symlink_to(people.folder)
        out = people.tmp / "link" / "b.age"
    result = cli_process(*people.export_args(out), env=people.env("wrong"))
    assert result.returncode == 1, result.stderr
    assert "inside the vault folder" in result.stderr
    assert not (people.folder / "b.age").exists()


def test_export_over_an_existing_file_without_a_terminal_needs_force(people: People) -> None:
    out = people.tmp / "b.age"
    out.write_bytes(b"someone else's file")
    refused = cli_process(*people.export_args(out), env=people.env("wrong"))
    assert refused.returncode == 1
    assert refused.stderr == (
        f"therapy-journal: {out} exists; add --force to replace it, or choose another name.\n"
    )
    assert out.read_bytes() == b"someone else's file"
    forced = cli_process(*people.export_args(out), "--force", env=people.env())
    assert forced.returncode == 0, forced.stderr
    assert len(open_bundle(out, identities=[people.kim_identity]).entries) == 1


def test_export_over_an_existing_file_on_a_terminal_asks(people: People) -> None:
    out = people.tmp / "b.age"
    out.write_bytes(b"someone else's file")
    declined = cli_on_a_terminal(*people.export_args(out), reply="", env=people.env())
    assert declined.answered == 1 and declined.code == 1, declined.transcript
    assert f"{out} exists. Replace it? [y/N]" in declined.transcript
    assert "Nothing was written." in declined.transcript
    assert out.read_bytes() == b"someone else's file"
    agreed = cli_on_a_terminal(*people.export_args(out), reply="y", env=people.env())
    assert agreed.code == 0, agreed.transcript
    assert len(open_bundle(out, identities=[people.kim_identity]).entries) == 1
