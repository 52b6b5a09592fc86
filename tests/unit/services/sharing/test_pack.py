"""Packing a bundle's files into one ZIP, manifest first, the same bytes every time."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import datetime

from tests.helpers.bundles import SECRET_WORDS
from therapy_journal.services.sharing.contents import gather
from therapy_journal.services.sharing.layout import FORMAT_WITHOUT_ATTACHMENTS
from therapy_journal.services.sharing.pack import pack
from therapy_journal.services.sharing.selection import Selection
from therapy_journal.store.vault import Vault


def test_the_manifest_comes_first_and_lists_every_other_file_with_its_hash(
    vault: Vault, three: list[int]
) -> None:
    contents = gather(vault, Selection(all_entries=True, include=frozenset({"goals"})))
    packed = pack(contents)
    with zipfile.ZipFile(io.BytesIO(packed)) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read("manifest.json"))
        assert names[0] == "manifest.json"
        assert set(manifest["files"]) == set(names[1:])
        for name in names[1:]:
            data = archive.read(name)
            assert manifest["files"][name] == {
                "sha256": hashlib.sha256(data).hexdigest(),
                "size": len(data),
            }
    assert manifest["format_version"] == FORMAT_WITHOUT_ATTACHMENTS
    assert manifest["app"] == "Therapy Journal"
    assert datetime.fromisoformat(manifest["created"]).utcoffset() is not None
    assert SECRET_WORDS not in json.dumps(manifest)
    assert pack(contents) == packed  # deterministic
