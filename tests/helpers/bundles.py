"""Bundles for the sharing tests: valid contents, crafted ZIPs, age files, and
checks that opening one fails plainly and leaves nothing behind."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import stat
import struct
import warnings
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pyrage
import pytest
from hypothesis import strategies as st
from pyrage import x25519

from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.services.sharing.contents import BundleContents, BundleFile
from therapy_journal.services.sharing.errors import BundleDamaged, BundleError
from therapy_journal.services.sharing.layout import FORMAT_VERSION
from therapy_journal.services.sharing.pack import pack
from therapy_journal.services.sharing.received import (
    extract,
    open_bundle,
    read_bundle,
)

SECRET_WORDS = "my-secret-sentence-xyzzy"


MiB = 1024 * 1024


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 3, day, hour, 30).astimezone()


def add(journal: JournalService, day: int, title: str, **fields: Any) -> int:
    return journal.add(make_entry(title=title, created=at(day), **fields))


def contents_of(files: dict[str, bytes], *, entries: int = 0) -> BundleContents:
    """Valid bundle contents around ``files``, without a vault."""
    manifest = {
        "format_version": FORMAT_VERSION,
        "app": "Therapy Journal",
        "app_version": "test",
        "created": "2026-03-04T10:00:00-05:00",
        "included": {"entries": entries, "profile": False, "goals": False, "assessments": False},
        "selection": {},
        "files": {
            name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            for name, data in files.items()
        },
    }
    bundle_files = tuple(BundleFile(name, data) for name, data in files.items())
    return BundleContents(bundle_files, manifest, ())


ENTRY_FILE = (
    b'---\ndate: "2026-03-01T09:30:00-05:00"\ntitle: "Hello"\nmood: 5\ntags: ["a"]\n---\n\nBody'
)


def small_zip() -> bytes:
    return pack(
        contents_of({"report.html": b"<p>hi</p>", "entries/0001-x.md": ENTRY_FILE}, entries=1)
    )


def crafted_zip(
    members: list[tuple[zipfile.ZipInfo | str, bytes]],
    *,
    listed: dict[str, bytes] | None = None,
    manifest: bytes | None = None,
) -> bytes:
    """A ZIP with a valid manifest listing ``listed`` (default: every member),
    then the members exactly as given."""
    if manifest is None:
        names = {(m.filename if isinstance(m, zipfile.ZipInfo) else m): d for m, d in members}
        manifest = contents_of(names if listed is None else listed).file("manifest.json")
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate names we want
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("manifest.json", manifest)
            for member, data in members:
                archive.writestr(member, data)
    return buffer.getvalue()


def set_declared_size(data: bytes, name: str, size: int) -> bytes:
    """Rewrite the uncompressed size a ZIP's headers claim for member ``name``."""
    out = bytearray(data)
    encoded = name.encode()
    for signature, size_at, name_len_at, name_at in (
        (b"PK\x03\x04", 22, 26, 30),
        (b"PK\x01\x02", 24, 28, 46),
    ):
        start = 0
        while (start := out.find(signature, start)) >= 0:
            (length,) = struct.unpack_from("<H", out, start + name_len_at)
            if out[start + name_at : start + name_at + length] == encoded:
                struct.pack_into("<I", out, start + size_at, size)
            start += 4
    return bytes(out)


def age_file(zip_bytes: bytes, public: str) -> bytes:
    return bytes(pyrage.encrypt(zip_bytes, [x25519.Recipient.from_str(public)]))


def header_end(encrypted: bytes) -> int:
    """Index just past the age header (the MAC line)."""
    mac = encrypted.index(b"\n--- ")
    return encrypted.index(b"\n", mac + 1) + 1


def opens_nothing(path: Path, folder: Path, **keys: Any) -> BundleDamaged:
    """Opening ``path`` fails as damaged, and ``folder`` stays empty."""
    with pytest.raises(BundleDamaged) as caught:
        extract(open_bundle(path, **keys), folder)
    assert not folder.exists() or not any(folder.iterdir())
    message = str(caught.value)
    assert message.endswith(".") and "\n" not in message
    return caught.value


def entry_titles(contents: BundleContents) -> list[str]:
    opened = read_bundle(pack(contents))
    return [entry.title for entry in opened.entries]


def symlink(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def zeros_zip(name: str, mebibytes: int) -> bytes:
    """A ZIP whose member ``name`` is that many MiB of zeros, written streaming."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", contents_of({}).file("manifest.json"))
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as member:
            chunk = bytes(MiB)
            for _ in range(mebibytes):
                member.write(chunk)
    return buffer.getvalue()


def manifest_with(**changes: Any) -> dict[str, Any]:
    """A valid manifest listing a.md (b"1"), with ``changes`` made to it."""
    return {**contents_of({"a.md": b"1"}).manifest, **changes}


def only_bundle_errors(run: Callable[[], Any]) -> None:
    try:
        run()
    except BundleError as error:
        assert str(error).strip()


def mutate(data: bytes, edits: list[tuple[int, int]], cut: int | None) -> bytes:
    changed = bytearray(data)
    for where, value in edits:
        changed[where % len(changed)] = value
    return bytes(changed[:cut] if cut is not None else changed)


EDITS = st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), max_size=8)


CUT = st.none() | st.integers(min_value=0, max_value=4000)


# -- crafted files from the issue: headers and indexes that cost a parser dearly ------------


def _b64(data: bytes) -> bytes:
    return base64.b64encode(data).rstrip(b"=")


def many_recipients(count: int, public: str, *, armored: bool = False) -> bytes:
    """An age file whose header lists ``count`` X25519 stanzas (two lines each)
    for keys nobody holds, then the MAC line and payload of a real file to
    ``public``. pyrage's parser takes time that grows with the square of that."""
    real = bytes(pyrage.encrypt(small_zip(), [x25519.Recipient.from_str(public)]))
    _, _, rest = real.partition(b"\n--- ")
    lines = [b"age-encryption.org/v1"]
    for _ in range(count):
        lines += [b"-> X25519 " + _b64(os.urandom(32)), _b64(os.urandom(32))]
    data = b"\n".join(lines) + b"\n--- " + rest
    if not armored:
        return data
    encoded = base64.b64encode(data)
    body = b"\n".join(encoded[i : i + 64] for i in range(0, len(encoded), 64))
    return b"-----BEGIN AGE ENCRYPTED FILE-----\n" + body + b"\n-----END AGE ENCRYPTED FILE-----\n"


def _central_entry(name: bytes) -> bytes:
    """A central-directory entry for an empty stored file whose local header is at 0."""
    return (
        struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 0, 0, 0, 0, 0, 0, len(name), 0, 0, 0, 0, 0, 0
        )
        + name
    )


def zip_with_index(entries: int, *, claimed: int | None = None) -> bytes:
    """A ZIP whose index (central directory) really lists ``entries`` empty
    files, with ZIP64 end records that claim ``claimed`` (default: the truth)."""
    local = contents_of({}).file("manifest.json")
    head = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 0, 0, 0, 0, len(local), len(local), 13, 0)
    head += b"manifest.json" + local
    index = b"".join(_central_entry(b"f%d.md" % n) for n in range(entries))
    return (
        head
        + index
        + _zip64_end(claimed if claimed is not None else entries, len(index), len(head))
    )


def zip_claiming(entries: int) -> bytes:
    """A small valid ZIP whose end records claim ``entries`` files."""
    data = small_zip()
    eocd = data.rindex(b"PK\x05\x06")
    _sig, _disk, _start, _here, _total, size, offset, _comment = struct.unpack_from(
        "<4s4H2LH", data, eocd
    )
    return data[:eocd] + _zip64_end(entries, size, offset)


def _zip64_end(entries: int, size: int, offset: int) -> bytes:
    """ZIP64 end record, its locator, and an end record that defers to them;
    placed right after the index, which starts at ``offset``."""
    at = offset + size
    record = struct.pack(
        "<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, entries, entries, size, offset
    )
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, at, 1)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return record + locator + end


# -- crafted bundles from the issue: what a received bundle may hold -------------------------

NESTED_TABLES_5000 = (
    b"<html><body>" + b"<table><tr><td>" * 5000 + b"deep" + b"</td></tr></table>" * 5000
)
NESTED_TABLES_300 = (
    b"<html><body>" + b"<table><tr><td>" * 300 + b"deep" + b"</td></tr></table>" * 300
)
# 5,000 levels on one line, then 200 lines each one level deeper than the last.
DEEP_QUOTES = (
    ">" * 5000
    + " level 5000\n\n"
    + "\n".join(">" * depth + f" level {depth}" for depth in range(1, 201))
)
DEEP_LIST = (
    "- " * 5000
    + "deepest item\n\n"
    + "\n".join(" " * (2 * depth) + f"- item {depth}" for depth in range(150))
)
TEN_MB_BODY = ("A long day, written out at length. " * 40 + "\n\n") * 7300  # ~10 MB


def entry_file(
    *,
    title: str = "Hello",
    body: str = "Body",
    tags: list[str] | None = None,
    day: int = 1,
    raw_title: bytes | None = None,
    raw_tags: bytes | None = None,
) -> bytes:
    """An entry file as this app writes it; ``raw_title``/``raw_tags`` are put
    in the front matter as they are (to carry escapes no Unicode text holds)."""
    quoted_title = raw_title if raw_title is not None else json.dumps(title).encode()
    quoted_tags = raw_tags if raw_tags is not None else json.dumps(tags or ["a"]).encode()
    return (
        b"---\ndate: "
        + json.dumps(f"2026-03-{day:02d}T09:30:00-05:00").encode()
        + b"\ntitle: "
        + quoted_title
        + b"\nmood: 5\ntags: "
        + quoted_tags
        + b"\n---\n\n"
        + body.encode("utf-8")
    )


def received_bundle(
    public: str,
    *,
    entries: list[bytes] | None = None,
    report: bytes = b"<p>report</p>",
    manifest: dict[str, Any] | None = None,
) -> bytes:
    """An age file to ``public`` holding a valid bundle: ``entries`` (entry
    files), the sender's ``report``, and ``manifest`` changes."""
    listed = [entry_file()] if entries is None else entries
    files = {"report.html": report}
    files.update({f"entries/{n:04d}-x.md": data for n, data in enumerate(listed, start=1)})
    contents = contents_of(files, entries=len(listed))
    if manifest:
        contents = BundleContents(contents.files, {**contents.manifest, **manifest}, ())
    return age_file(pack(contents), public)


def lone_surrogate_manifest(public: str) -> bytes:
    """A bundle whose manifest names its app with a lone surrogate (a JSON escape)."""
    contents = contents_of({"entries/0001-x.md": entry_file()}, entries=1)
    raw = contents.file("manifest.json").replace(
        b'"app": "Therapy Journal"', b'"app": "Therapy \\ud800 Journal"'
    )
    return age_file(crafted_zip([("entries/0001-x.md", entry_file())], manifest=raw), public)
