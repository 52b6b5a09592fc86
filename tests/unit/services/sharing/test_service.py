"""Sharing from a vault: export and its log, receiving keys, importing a bundle."""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path
from typing import Any

import pytest
from pyrage import x25519

from tests.helpers.bundles import (
    SECRET_WORDS,
    at,
)
from tests.helpers.vaults import files_containing, make_vault
from therapy_journal.services.destination import BadDestination
from therapy_journal.services.journal import JournalService
from therapy_journal.services.journals import JournalsService
from therapy_journal.services.sharing.age import (
    decrypt,
    encrypt_to_recipients,
)
from therapy_journal.services.sharing.age_header import scrypt_work_factor
from therapy_journal.services.sharing.bundle_file import fingerprint
from therapy_journal.services.sharing.contents import gather
from therapy_journal.services.sharing.errors import BundleError
from therapy_journal.services.sharing.pack import pack
from therapy_journal.services.sharing.passphrases import generate_passphrase
from therapy_journal.services.sharing.received import (
    open_bundle,
    read_bundle,
)
from therapy_journal.services.sharing.selection import Selection
from therapy_journal.services.sharing.service import ShareService
from therapy_journal.store.vault import Vault


def test_export_writes_one_private_file_and_logs_it(
    vault: Vault, three: list[int], key: tuple[str, str], tmp_path: Path
) -> None:
    shares = ShareService(vault, clock=lambda: at(10))
    out = tmp_path / "outbox"
    out.mkdir()
    record = shares.export(
        Selection(tag="work", include=frozenset({"goals"})),
        out / "bundle.age",
        recipients=[key[1]],
        recipient_label="Dr. Rivera",
    )
    data = (out / "bundle.age").read_bytes()
    assert record.fingerprint == hashlib.sha256(data).hexdigest()
    assert (record.recipient, record.method, record.file_name) == (
        "Dr. Rivera",
        "key",
        "bundle.age",
    )
    assert record.at == at(10)
    assert record.items["entries"] == 2
    assert record.items["goals"] is False  # there are none: an empty page is left out
    assert record.items["entry_ids"] == [three[0], three[2]]
    assert shares.history() == [record]
    assert [p.name for p in out.iterdir()] == ["bundle.age"]
    assert stat.S_IMODE((out / "bundle.age").stat().st_mode) == 0o600
    assert files_containing(out, [SECRET_WORDS, "Wednesday", "Monday"]) == []
    assert open_bundle(out / "bundle.age", identities=[key[0]]).summary()["entries"] == 2


def test_history_is_newest_first(
    vault: Vault, three: list[int], key: tuple[str, str], tmp_path: Path
) -> None:
    shares = ShareService(vault)
    first = shares.export(Selection(entry_ids=(three[0],)), tmp_path / "1.age", recipients=[key[1]])
    second = shares.export(Selection(all_entries=True), tmp_path / "2.age", recipients=[key[1]])
    assert [r.id for r in shares.history()] == [second.id, first.id]
    assert second.recipient == key[1]  # no label: the key itself


@pytest.mark.parametrize(
    ("keys", "says"),
    [
        ({}, "Give a key or a passphrase"),
        ({"recipients": ["age1x"], "passphrase": "words"}, "not both"),
        ({"recipients": ["age1notakey"]}, "not an age public key"),
        ({"passphrase": "  "}, "passphrase is empty"),
    ],
)
def test_export_needs_exactly_one_good_lock_and_writes_nothing_otherwise(
    vault: Vault, three: list[int], tmp_path: Path, keys: dict[str, Any], says: str
) -> None:
    with pytest.raises(BundleError, match=says):
        ShareService(vault).export(Selection(all_entries=True), tmp_path / "b.age", **keys)
    assert not (tmp_path / "b.age").exists()
    assert ShareService(vault).history() == []


def test_a_cancelled_export_writes_and_logs_nothing(
    vault: Vault, three: list[int], key: tuple[str, str], tmp_path: Path
) -> None:
    with pytest.raises(BundleError, match="canceled"):
        ShareService(vault).export(
            Selection(all_entries=True),
            tmp_path / "b.age",
            recipients=[key[1]],
            progress=lambda done, total: False,
        )
    assert list(tmp_path.iterdir()) == [tmp_path / "vault"]
    assert ShareService(vault).history() == []


def test_an_export_to_a_missing_folder_is_refused_before_any_work(
    vault: Vault, three: list[int], key: tuple[str, str], tmp_path: Path
) -> None:
    gathered: list[int] = []
    with pytest.raises(BadDestination, match=r"The folder .*nowhere does not exist"):
        ShareService(vault).export(
            Selection(all_entries=True),
            tmp_path / "nowhere" / "b.age",
            recipients=[key[1]],
            progress=lambda done, _total: gathered.append(done),
        )
    assert gathered == []  # not one entry was read
    assert ShareService(vault).history() == []


@pytest.mark.slow
def test_export_with_a_passphrase_never_stores_it(
    vault: Vault, three: list[int], tmp_path: Path
) -> None:
    phrase = generate_passphrase()
    record = ShareService(vault).export(
        Selection(all_entries=True), tmp_path / "b.age", passphrase=phrase
    )
    data = (tmp_path / "b.age").read_bytes()
    assert record.method == "passphrase" and record.recipient == ""
    assert scrypt_work_factor(data) is not None
    assert phrase not in repr(ShareService(vault).history())
    assert fingerprint(data) == record.fingerprint


def test_receiving_keys_are_made_kept_and_open_bundles(vault: Vault, three: list[int]) -> None:
    shares = ShareService(vault)
    assert shares.receiving_key() is None and shares.receiving_identities() == []
    first = shares.create_receiving_key()
    second = shares.create_receiving_key()
    assert first.startswith("age1") and second.startswith("age1") and first != second
    assert shares.receiving_key() == second
    identities = shares.receiving_identities()
    assert len(identities) == 2
    assert all(i.startswith("AGE-SECRET-KEY-1") for i in identities)
    assert str(x25519.Identity.from_str(identities[0]).to_public()) == second
    for public in (first, second):
        bundle = encrypt_to_recipients(pack(gather(vault, Selection(all_entries=True))), [public])
        assert len(read_bundle(decrypt(bundle, identities=identities)).entries) == 3


def test_importing_a_bundle_adds_its_entries_once(
    vault: Vault, three: list[int], tmp_path: Path
) -> None:
    other = make_vault(tmp_path / "other")
    try:
        receiver = ShareService(other.vault)
        public = receiver.create_receiving_key()
        path = tmp_path / "b.age"
        ShareService(vault).export(Selection(all_entries=True), path, recipients=[public])
        opened = open_bundle(path, identities=receiver.receiving_identities())
        first = receiver.import_entries(opened)
        assert (first.imported, first.skipped_duplicates) == (3, 0)
        again = receiver.import_entries(opened)
        assert (again.imported, again.skipped_duplicates) == (0, 3)
        imported = JournalService(other.vault).get_many(first.imported_ids)
        originals = JournalService(vault).get_many(three)
        assert [(e.created, e.title, e.body, e.mood, e.tags) for e in imported] == [
            (e.created, e.title, e.body, e.mood, e.tags) for e in originals
        ]
    finally:
        other.vault.lock()


def test_importing_a_bundle_keeps_each_entry_in_its_journal(
    vault: Vault, three: list[int], tmp_path: Path
) -> None:
    therapy = JournalsService(vault).add("Therapy")
    JournalService(vault).edit(three[1], journal_id=therapy.id)
    other = make_vault(tmp_path / "other")
    try:
        receiver = ShareService(other.vault)
        public = receiver.create_receiving_key()
        path = tmp_path / "b.age"
        ShareService(vault).export(Selection(all_entries=True), path, recipients=[public])
        opened = open_bundle(path, identities=receiver.receiving_identities())
        assert opened.manifest["journals"] == ["Journal", "Therapy"]
        assert opened.manifest["selection"]["journals"] == []
        summary = receiver.import_entries(opened)
        names = JournalsService(other.vault).names()
        imported = JournalService(other.vault).get_many(summary.imported_ids)
        assert sorted(names.values()) == ["Journal", "Therapy"]  # made when missing
        assert [names[e.journal_id or 0] for e in imported] == ["Journal", "Therapy", "Journal"]
    finally:
        other.vault.lock()


# -- a page any browser opens ----------------------------------------------------------------


def test_a_passphrase_page_asks_for_the_page_work_factor_and_opens_back(
    vault: Vault, three: list[int], tmp_path: Path
) -> None:
    from therapy_journal.services.sharing.html_page import (  # noqa: PLC0415
        PAGE_WORK_FACTOR,
        age_file_in,
    )

    phrase = generate_passphrase()
    path = tmp_path / "for-my-doctor.html"
    record = ShareService(vault).export(
        Selection(all_entries=True), path, passphrase=phrase, form="html"
    )
    page = path.read_bytes()
    assert page.startswith(b"<!DOCTYPE html>")
    assert record.items["form"] == "html" and record.method == "passphrase"
    assert record.fingerprint == hashlib.sha256(page).hexdigest()
    assert scrypt_work_factor(age_file_in(page)) == PAGE_WORK_FACTOR
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert files_containing(tmp_path, [SECRET_WORDS, "Wednesday", phrase]) == []
    opened = open_bundle(path, passphrase=phrase)
    assert [e.title for e in opened.entries] == ["Monday", "Tuesday", "Wednesday"]


def test_a_page_for_a_key_carries_an_armored_file_for_that_key(
    vault: Vault, three: list[int], key: tuple[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "for-you.html"
    ShareService(vault).export(Selection(tag="work"), path, recipients=[key[1]], form="html")
    assert b"-----BEGIN AGE ENCRYPTED FILE-----" in path.read_bytes()
    assert open_bundle(path, identities=[key[0]]).summary()["entries"] == 2


def test_an_age_bundle_says_its_form_in_the_log(
    vault: Vault, three: list[int], key: tuple[str, str], tmp_path: Path
) -> None:
    record = ShareService(vault).export(
        Selection(all_entries=True), tmp_path / "b.age", recipients=[key[1]]
    )
    assert record.items["form"] == "age"
    assert (tmp_path / "b.age").read_bytes().startswith(b"age-encryption.org/v1\n")


def test_an_unknown_form_is_refused_before_anything_is_written(
    vault: Vault, three: list[int], key: tuple[str, str], tmp_path: Path
) -> None:
    with pytest.raises(BundleError, match="age or html"):
        ShareService(vault).export(
            Selection(all_entries=True), tmp_path / "b.pdf", recipients=[key[1]], form="pdf"
        )
    assert not (tmp_path / "b.pdf").exists()
    assert ShareService(vault).history() == []
