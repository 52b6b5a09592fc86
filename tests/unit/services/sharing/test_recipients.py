"""Who a bundle is for (the share log names the contact, passphrase shares
included) and where it may be written (checked before any work)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers.mounts import fill, remount, tmpfs
from tests.helpers.vaults import VaultInfo
from therapy_journal.services.contact_model import Contact
from therapy_journal.services.contacts import ContactNotFound, ContactService
from therapy_journal.services.destination import BadDestination, check_destination
from therapy_journal.services.sharing.errors import BundleError
from therapy_journal.services.sharing.received import open_bundle
from therapy_journal.services.sharing.selection import Selection
from therapy_journal.services.sharing.service import ShareService
from therapy_journal.store.vault import Vault

PHRASE = "seven words read out on the phone to them"


@pytest.fixture
def kim(vault: Vault, key: tuple[str, str]) -> Contact:
    """A referral source (a doctor) with an age public key."""
    contact, _ = ContactService(vault).add(
        Contact(kind="referral", name="Dr. Kim", age_recipient=key[1])
    )
    return contact


def _no_progress(_done: int, _total: int) -> None:
    raise AssertionError("no entry may be read before the destination is checked")


def test_a_passphrase_share_logs_the_person_it_was_for(
    vault: Vault, three: list[int], kim: Contact, tmp_path: Path
) -> None:
    shares = ShareService(vault)
    contents = shares.gather(Selection(all_entries=True))
    record = shares.save(contents, tmp_path / "b.age", passphrase=PHRASE, contact_id=kim.id)
    assert (record.method, record.recipient, record.contact_id) == ("passphrase", "Dr. Kim", kim.id)
    (logged,) = shares.history()
    assert (logged.recipient, logged.contact_id) == ("Dr. Kim", kim.id)
    assert len(open_bundle(tmp_path / "b.age", passphrase=PHRASE).entries) == 3


def test_a_share_to_a_contacts_key_logs_them_and_opens_with_their_identity(
    vault: Vault, three: list[int], kim: Contact, key: tuple[str, str], tmp_path: Path
) -> None:
    shares = ShareService(vault)
    record = shares.export(
        Selection(all_entries=True), tmp_path / "b.age", recipients=[key[1]], contact_id=kim.id
    )
    assert (record.method, record.recipient, record.contact_id) == ("key", "Dr. Kim", kim.id)
    assert len(open_bundle(tmp_path / "b.age", identities=[key[0]]).entries) == 3


def test_the_log_keeps_the_name_of_a_contact_deleted_since(
    vault: Vault, three: list[int], kim: Contact, key: tuple[str, str], tmp_path: Path
) -> None:
    shares = ShareService(vault)
    shares.export(
        Selection(all_entries=True), tmp_path / "b.age", recipients=[key[1]], contact_id=kim.id
    )
    assert kim.id is not None
    ContactService(vault).delete(kim.id)
    (logged,) = shares.history()
    assert (logged.recipient, logged.contact_id) == ("Dr. Kim", None)
    again, _ = ContactService(vault).add(Contact(kind="support", name="Jo"))
    assert again.id == kim.id  # the id is free again, and the old share does not point at Jo
    assert shares.history()[0].contact_id is None


def test_a_share_for_a_contact_that_is_not_there_is_refused_before_any_work(
    vault: Vault, three: list[int], key: tuple[str, str], tmp_path: Path
) -> None:
    with pytest.raises(ContactNotFound):
        ShareService(vault).export(
            Selection(all_entries=True),
            tmp_path / "b.age",
            recipients=[key[1]],
            contact_id=4242,
            progress=_no_progress,
        )
    assert not (tmp_path / "b.age").exists()
    assert ShareService(vault).history() == []


@pytest.mark.parametrize("through_a_link", [False, True])
def test_a_bundle_is_never_written_inside_the_vault_folder(
    vault: Vault, three: list[int], key: tuple[str, str], tmp_path: Path, through_a_link: bool
) -> None:
    target = vault.folder / "b.age"
    if through_a_link:
        (tmp_path / "to-vault").symlink_to(vault.folder)
        target = tmp_path / "to-vault" / "b.age"
    with pytest.raises(BadDestination, match="inside the vault folder"):
        ShareService(vault).export(
            Selection(all_entries=True), target, recipients=[key[1]], progress=_no_progress
        )
    assert not (vault.folder / "b.age").exists()


def test_an_existing_file_is_replaced_only_when_asked(
    vault: Vault, three: list[int], key: tuple[str, str], tmp_path: Path
) -> None:
    target = tmp_path / "b.age"
    target.write_bytes(b"someone else's file")
    shares = ShareService(vault)
    with pytest.raises(BadDestination, match="exists"):
        shares.export(
            Selection(all_entries=True),
            target,
            recipients=[key[1]],
            replace=False,
            progress=_no_progress,
        )
    assert target.read_bytes() == b"someone else's file"
    shares.export(Selection(all_entries=True), target, recipients=[key[1]])
    assert len(open_bundle(target, identities=[key[0]]).entries) == 3


def test_a_folder_that_is_a_file_or_missing_is_refused(vault: Vault, tmp_path: Path) -> None:
    with pytest.raises(BadDestination, match="is a folder; give a file name"):
        check_destination(tmp_path, vault.folder, what="bundle")
    with pytest.raises(BadDestination, match=r"folder .*missing does not exist"):
        check_destination(tmp_path / "missing" / "b.age", vault.folder, what="bundle")


def test_a_read_only_folder_is_refused_before_any_work(
    vault: Vault, three: list[int], key: tuple[str, str], tmp_path: Path
) -> None:
    with tmpfs(tmp_path / "stick", "1m") as stick:
        remount(stick, read_only=True)
        with pytest.raises(BadDestination, match="read-only"):
            ShareService(vault).export(
                Selection(all_entries=True),
                stick / "b.age",
                recipients=[key[1]],
                progress=_no_progress,
            )
        remount(stick, read_only=False)
        assert os.listdir(stick) == []  # the probe left nothing behind


def test_a_bundle_that_does_not_fit_says_so_without_a_previous_bundle(
    vault_info: VaultInfo, three: list[int], key: tuple[str, str], tmp_path: Path
) -> None:
    shares = ShareService(vault_info.vault)
    with tmpfs(tmp_path / "stick", "256k") as stick:
        fill(stick)
        with pytest.raises(BundleError) as raised:
            shares.export(Selection(all_entries=True), stick / "b.age", recipients=[key[1]])
        message = str(raised.value)
        assert message == f"Could not write the bundle {stick / 'b.age'}: the disk is full."
        assert "previous" not in message
        assert sorted(os.listdir(stick)) == ["filler"]
    assert shares.history() == []
