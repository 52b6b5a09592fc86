"""Checking a received bundle's ZIP: every member's name, kind and size, read
with a hard cap, before anything is kept."""

from __future__ import annotations

import io
import re
import stat
import zipfile
from collections.abc import Sequence

from therapy_journal.services.sharing.errors import BundleDamaged, BundleError
from therapy_journal.services.sharing.layout import (
    ATTACHMENTS_DIR,
    ENTRIES_DIR,
    MAX_INDEX_BYTES,
    MAX_MEMBERS,
    MAX_RATIO,
    MAX_TOTAL_BYTES,
    MAX_ZIP_BYTES,
    RATIO_FLOOR,
)
from therapy_journal.services.zips import ZIP_ERRORS, zip_index

_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")
_ENTRY_NAME = re.compile(r"entries/[A-Za-z0-9][A-Za-z0-9._-]{0,199}\.md")
_FOLDERS = ("entries", "attachments")


def check_member_name(name: str) -> None:
    """Refuse a ZIP member name that could land outside the folder or be unclear."""
    if not name:
        raise BundleDamaged("The bundle holds a file without a name.")
    if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name):
        raise BundleDamaged("The bundle holds a file with an absolute path.")
    if "\\" in name:
        raise BundleDamaged("The bundle holds a file name with a backslash.")
    parts = name.split("/")
    if ".." in parts:
        raise BundleDamaged("The bundle holds a file that points outside its folder (..).")
    if len(parts) > 2 or (len(parts) == 2 and parts[0] not in _FOLDERS) or name in _FOLDERS:
        raise BundleDamaged("The bundle holds a folder other than entries/ and attachments/.")
    if not all(_PART.fullmatch(part) for part in parts):
        raise BundleDamaged("The bundle holds a file with an unusual name.")
    if name.startswith(ENTRIES_DIR) and not _ENTRY_NAME.fullmatch(name):
        raise BundleDamaged("The bundle's entries/ folder holds something other than entries.")


def _check_members(infos: Sequence[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_MEMBERS:
        raise BundleDamaged(f"The bundle holds more than {MAX_MEMBERS:,} files.")
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        if name != info.orig_filename:
            raise BundleDamaged("The bundle holds a file name with a hidden part.")
        key = name.casefold()
        if key in seen:
            raise BundleDamaged("The bundle holds two files with the same name.")
        seen.add(key)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise BundleDamaged("The bundle holds a symbolic link.")
        if info.is_dir():
            if name not in (ENTRIES_DIR, ATTACHMENTS_DIR) or info.file_size:
                raise BundleDamaged(
                    "The bundle holds a folder other than entries/ and attachments/."
                )
            continue
        if stat.S_IFMT(mode) not in (0, stat.S_IFREG):  # 0: the writer gave no file type
            raise BundleDamaged("The bundle holds something that is not a plain file.")
        check_member_name(name)
        if info.flag_bits & 0x1:
            raise BundleDamaged("The bundle holds a file with ZIP encryption.")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise BundleDamaged("The bundle holds a file compressed in an unexpected way.")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise BundleDamaged("The bundle unpacks to more than 256 MiB, so it was not opened.")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise BundleDamaged("The bundle holds a zip bomb, so it was not opened.")


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A member's bytes, never more than its header declares (already capped)."""
    with archive.open(info) as member:
        data = member.read(info.file_size + 1)
    if len(data) != info.file_size:
        raise BundleDamaged("A file in the bundle is not the size its header says.")
    return data


def _check_index(zip_bytes: bytes) -> None:
    """Refuse an index that lists too many files, from what the ZIP's end
    records claim, before :mod:`zipfile` builds an object for each."""
    index = zip_index(zip_bytes)
    if index is None:
        return  # no end record: zipfile refuses it at once
    if index.entries > MAX_MEMBERS:
        raise BundleDamaged(f"The bundle holds more than {MAX_MEMBERS:,} files.")
    if index.size > MAX_INDEX_BYTES:
        raise BundleDamaged("The bundle's list of files is far larger than any bundle's.")


def read_members(zip_bytes: bytes) -> dict[str, bytes]:
    """Every file of a decrypted bundle's ZIP, by name, after checking them all."""
    if len(zip_bytes) > MAX_ZIP_BYTES:
        raise BundleDamaged("The bundle is far larger than any bundle can be.")
    if not zip_bytes.startswith(b"PK"):
        raise BundleDamaged("The bundle does not hold a ZIP archive.")
    _check_index(zip_bytes)
    try:
        with zipfile.ZipFile(io.BytesIO(zip_bytes)) as archive:
            infos = archive.infolist()
            _check_members(infos)
            return {
                info.filename: _read_member(archive, info) for info in infos if not info.is_dir()
            }
    except BundleError:
        raise
    except ZIP_ERRORS as error:
        raise BundleDamaged("The bundle's ZIP archive is damaged.") from error
