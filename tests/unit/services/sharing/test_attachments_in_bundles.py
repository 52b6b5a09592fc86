"""Attachments in bundles: in the ZIP and the manifest, named in the report,
checked on open, and imported with their entries."""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from pathlib import Path

import pytest

from tests.helpers.vaults import make_vault
from therapy_journal.services.attachments import AttachmentService
from therapy_journal.services.sharing.contents import gather
from therapy_journal.services.sharing.errors import BundleDamaged
from therapy_journal.services.sharing.manifest import check_manifest
from therapy_journal.services.sharing.pack import pack
from therapy_journal.services.sharing.received import open_bundle, read_bundle
from therapy_journal.services.sharing.selection import Selection
from therapy_journal.services.sharing.service import ShareService
from therapy_journal.store.vault import Vault

PHOTO = b"\xff\xd8\xff" + os.urandom(5000)


@pytest.fixture
def attached(vault: Vault, three: list[int]) -> list[int]:
    service = AttachmentService(vault)
    service.add_bytes(three[0], "My beach photo.jpg", PHOTO)
    service.add_bytes(three[2], "referral.pdf", b"%PDF-1.4 referral")
    return three


def _zip_files(vault: Vault) -> dict[str, bytes]:
    data = pack(gather(vault, Selection(all_entries=True)))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_a_bundle_holds_the_attachments_in_its_zip_and_manifest(
    vault: Vault, attached: list[int]
) -> None:
    files = _zip_files(vault)
    assert files["attachments/0001-01.jpg"] == PHOTO
    manifest = json.loads(files["manifest.json"])
    assert manifest["format_version"] == 2
    assert manifest["files"]["attachments/0001-01.jpg"] == {
        "sha256": hashlib.sha256(PHOTO).hexdigest(),
        "size": len(PHOTO),
    }
    assert manifest["attachments"][0] == {
        "entry": "entries/0001-2026-03-01-monday.md",
        "name": "My beach photo.jpg",
        "type": "image/jpeg",
        "file": "attachments/0001-01.jpg",
    }
    report = files["report.html"].decode("utf-8")
    assert "Attached: My beach photo.jpg (image/jpeg, 4.9 KB)" in report
    assert "referral.pdf (application/pdf, 17 bytes)" in report


def test_a_bundle_without_attachments_stays_at_format_1(vault: Vault, three: list[int]) -> None:
    manifest = json.loads(_zip_files(vault)["manifest.json"])
    assert manifest["format_version"] == 1 and "attachments" not in manifest


def test_a_changed_attachment_is_refused_on_open(vault: Vault, attached: list[int]) -> None:
    files = _zip_files(vault)
    files["attachments/0001-01.jpg"] = PHOTO[:-1] + b"\x00"
    with pytest.raises(BundleDamaged, match="was changed after the bundle was made"):
        check_manifest(files)


def test_an_unlisted_attachment_is_refused(vault: Vault, attached: list[int]) -> None:
    files = _zip_files(vault)
    manifest = json.loads(files["manifest.json"])
    del manifest["attachments"][0]
    files["manifest.json"] = json.dumps(manifest).encode()
    with pytest.raises(BundleDamaged, match="attachments are not the ones its manifest lists"):
        check_manifest(files)


def test_opening_a_bundle_lists_and_imports_its_attachments(
    vault: Vault, attached: list[int], tmp_path: Path
) -> None:
    other = make_vault(tmp_path / "other")
    try:
        receiver = ShareService(other.vault)
        public = receiver.create_receiving_key()
        path = tmp_path / "b.age"
        ShareService(vault).export(Selection(all_entries=True), path, recipients=[public])
        opened = open_bundle(path, identities=receiver.receiving_identities())
        assert [(a["name"], a["size"]) for a in opened.summary()["attachments"]] == [
            ("My beach photo.jpg", len(PHOTO)),
            ("referral.pdf", 17),
        ]
        summary = receiver.import_entries(opened)
        service = AttachmentService(other.vault)
        got = {
            a.name: service.read(a.id)
            for entry_id in summary.imported_ids
            for a in service.of_entry(entry_id)
        }
        assert got == {"My beach photo.jpg": PHOTO, "referral.pdf": b"%PDF-1.4 referral"}
        assert receiver.import_entries(opened).imported == 0  # nothing twice
        assert other.vault.db.scalar("SELECT count(*) FROM attachments") == 2
    finally:
        other.vault.lock()


def test_read_bundle_accepts_the_attachments_folder(vault: Vault, attached: list[int]) -> None:
    opened = read_bundle(pack(gather(vault, Selection(all_entries=True))))
    assert len(opened.attachments) == 2
