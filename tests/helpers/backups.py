"""Damaging and re-sealing backup files, for tests of what restore refuses."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from therapy_journal.services.backup import MANIFEST_NAME, SEAL_LEN, SEAL_PREFIX
from therapy_journal.store.vault import DB_NAME


def flipped(source: Path, target: Path, position: int, mask: int = 0x01) -> Path:
    """A copy of ``source`` with the byte at ``position`` XOR ``mask``."""
    data = bytearray(source.read_bytes())
    data[position] ^= mask
    target.write_bytes(bytes(data))
    return target


def truncated(source: Path, target: Path, size: int) -> Path:
    """A copy of ``source`` cut to its first ``size`` bytes."""
    target.write_bytes(source.read_bytes()[:size])
    return target


@dataclass(frozen=True)
class Regions:
    """Byte ranges of a backup file, by what they hold."""

    local_headers: list[range]
    members: dict[str, range]
    data_descriptors: list[range]  # sizes and CRC after each member
    central_directory: range
    end_record: range
    seal: range


def regions(path: Path) -> Regions:
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = sorted(archive.infolist(), key=lambda info: info.header_offset)
        central = archive.start_dir  # type: ignore[attr-defined]
    headers, members, descriptors = [], {}, []
    for index, info in enumerate(infos):
        start = info.header_offset
        name_len = int.from_bytes(data[start + 26 : start + 28], "little")
        extra_len = int.from_bytes(data[start + 28 : start + 30], "little")
        data_start = start + 30 + name_len + extra_len
        data_end = data_start + info.compress_size
        following = infos[index + 1].header_offset if index + 1 < len(infos) else central
        headers.append(range(start, data_start))
        members[info.filename] = range(data_start, data_end)
        descriptors.append(range(data_end, following))
    end_record = data.rindex(b"PK\x05\x06")
    return Regions(
        local_headers=headers,
        members=members,
        data_descriptors=descriptors,
        central_directory=range(central, end_record),
        end_record=range(end_record, len(data) - SEAL_LEN),
        seal=range(len(data) - SEAL_LEN, len(data)),
    )


def positions_to_flip(path: Path, per_database: int = 48) -> dict[str, list[int]]:
    """Every byte of the file but the database's pages, and ``per_database``
    bytes spread over those, by region."""
    found = regions(path)
    database = found.members[DB_NAME]
    step = max(1, len(database) // per_database)
    out: dict[str, list[int]] = {
        "local headers": [p for header in found.local_headers for p in header],
        "database": sorted({*database[::step], database[0], database[-1]}),
        "data descriptors": [p for gap in found.data_descriptors for p in gap],
        "central directory": list(found.central_directory),
        "end record": list(found.end_record),
        "seal": list(found.seal),
    }
    for name, member in found.members.items():
        if name != DB_NAME:
            out[name] = list(member)
    covered = sorted(p for offsets in out.values() for p in offsets if p not in database)
    outside = [p for p in range(path.stat().st_size) if p not in database]
    if covered != outside:
        raise AssertionError("the regions do not cover the file")
    return out


def resealed(source: Path, target: Path, replace: dict[str, bytes], extra_members: int = 0) -> Path:
    """A copy of the backup at ``source`` with members replaced, and a seal
    that matches: what a careless (or crafted) writer could produce. The seal
    is made the way the manifest's format version says (1: every byte; 2:
    every byte but the database member's). ``extra_members`` empty files are
    added after the backup's own, to make an archive index of any length."""
    placeholder = SEAL_PREFIX + b"0" * 64
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(source) as old,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as new,
    ):
        new.comment = placeholder
        version = json.loads(replace.get(MANIFEST_NAME, old.read(MANIFEST_NAME)))["version"]
        for info in old.infolist():
            new.writestr(info, replace.get(info.filename, old.read(info)))
        for number in range(extra_members):
            new.writestr(f"x{number}", b"")
    data = buffer.getvalue()
    body = data[: -len(placeholder)]
    target.write_bytes(body + placeholder)
    sealed = body
    if version != 1:
        member = regions(target).members[DB_NAME]
        sealed = body[: member.start] + body[member.stop :]
    seal = SEAL_PREFIX + hashlib.sha256(sealed).hexdigest().encode()
    target.write_bytes(body + seal)
    return target
