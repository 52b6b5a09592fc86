"""Opening a received bundle, extracting it, and its entries as new ones."""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

import pytest

from tests.helpers.bundles import (
    ENTRY_FILE,
    SECRET_WORDS,
    at,
    contents_of,
)
from tests.helpers.vaults import files_containing
from therapy_journal.services.journal import JournalService
from therapy_journal.services.sharing.age import (
    decrypt,
    encrypt_to_recipients,
)
from therapy_journal.services.sharing.age_header import scrypt_work_factor
from therapy_journal.services.sharing.bundle_file import fingerprint, write_bundle
from therapy_journal.services.sharing.contents import gather
from therapy_journal.services.sharing.errors import BundleDamaged, BundleError
from therapy_journal.services.sharing.layout import FORMAT_WITHOUT_ATTACHMENTS
from therapy_journal.services.sharing.pack import pack
from therapy_journal.services.sharing.received import (
    OpenedBundle,
    extract,
    open_bundle,
    read_bundle,
    to_new_entries,
)
from therapy_journal.services.sharing.selection import Selection
from therapy_journal.store.vault import Vault


def test_a_bundle_to_a_key_round_trips(
    vault: Vault, three: list[int], key: tuple[str, str], tmp_path: Path
) -> None:
    secret, public = key
    contents = gather(vault, Selection(all_entries=True))
    encrypted = encrypt_to_recipients(pack(contents), [public])
    assert encrypted.startswith(b"age-encryption.org/v1\n-> X25519 ")
    assert scrypt_work_factor(encrypted) is None
    path = tmp_path / "out" / "for-therapist.age"
    path.parent.mkdir()
    digest = write_bundle(path, encrypted)
    assert digest == hashlib.sha256(path.read_bytes()).hexdigest() == fingerprint(encrypted)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert files_containing(path.parent, [SECRET_WORDS, "Wednesday"]) == []

    opened = open_bundle(path, identities=[secret])
    entries = JournalService(vault).get_many(three)
    assert [(e.created, e.title, e.body, e.mood, e.tags) for e in opened.entries] == [
        (e.created, e.title, e.body, e.mood, e.tags) for e in entries
    ]
    summary = opened.summary()
    assert summary["entries"] == 3 and summary["format_version"] == FORMAT_WITHOUT_ATTACHMENTS
    assert summary["files"][0] == {
        "name": "manifest.json",
        "size": len(contents.file("manifest.json")),
    }


def test_an_entry_count_that_differs_from_the_manifest_is_damaged() -> None:
    files = {"entries/0001-x.md": ENTRY_FILE}
    with pytest.raises(BundleDamaged, match="different number of entries"):
        read_bundle(pack(contents_of(files, entries=2)))


def test_extract_writes_private_files_into_a_new_folder(
    vault: Vault, three: list[int], key: tuple[str, str], tmp_path: Path
) -> None:
    encrypted = encrypt_to_recipients(pack(gather(vault, Selection(all_entries=True))), [key[1]])
    opened = read_bundle(decrypt(encrypted, identities=[key[0]]))
    folder = tmp_path / "from-bundle"
    written = extract(opened, folder)
    assert sorted(str(p.relative_to(folder)) for p in written) == sorted(opened.files)
    for path in written:
        assert path.read_bytes() == opened.files[str(path.relative_to(folder))]
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((folder / "entries").stat().st_mode) == 0o700
    with pytest.raises(BundleError, match="not an empty folder"):
        extract(opened, folder)


def test_extract_refuses_a_name_that_would_escape(tmp_path: Path) -> None:
    opened = OpenedBundle(manifest={}, files={"../escape.md": b"x"}, entries=())
    with pytest.raises(BundleDamaged):
        extract(opened, tmp_path / "out")
    assert not (tmp_path / "escape.md").exists() and not (tmp_path / "out").exists()


def test_bundle_entries_become_new_entries(vault: Vault, three: list[int]) -> None:
    opened = read_bundle(pack(gather(vault, Selection(entry_ids=(three[0],)))))
    (entry,) = to_new_entries(opened)
    assert (entry.title, entry.mood, entry.tags, entry.created) == ("Monday", 4, ("work",), at(1))


def test_opening_a_missing_file_is_a_plain_error(tmp_path: Path) -> None:
    with pytest.raises(BundleError, match="There is no file"):
        open_bundle(tmp_path / "missing.age", passphrase="x")
