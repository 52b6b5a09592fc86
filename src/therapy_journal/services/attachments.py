"""Attachments: photos and other files kept with an entry, inside the vault.

The same service serves the command line, the desktop app, imports and
bundles. It checks the limit (:data:`MAX_ATTACHMENT_BYTES`), names the type,
keeps names unique within an entry, and writes a copy out only where the
person asked (:meth:`AttachmentService.save_to`) or, after the app's warning,
into the private folder of opened copies (:mod:`opened_copies`).
"""

from __future__ import annotations

import logging
import mimetypes
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from therapy_journal.services.dates import now_local
from therapy_journal.services.destination import check_destination
from therapy_journal.store.atomic import describe_os_error, temp_name_for
from therapy_journal.store.attachments import (
    CHUNK_BYTES,
    Attachment,
    AttachmentRepository,
    TooLarge,
)
from therapy_journal.store.vault import Vault

log = logging.getLogger(__name__)

MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
MAX_NAME_CHARS = 200
DEFAULT_NAME = "attachment"
OCTET_STREAM = "application/octet-stream"
# Where export-all's JSON puts the entries' attachments (attachments/<entry id>/),
# and where the import of that export takes them from.
ATTACHMENTS_FOLDER = "attachments"

# The first bytes of the types a person attaches most, for names without a
# telling suffix (a pasted picture, an import keyed by checksum).
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF8", "image/gif"),
    (b"%PDF-", "application/pdf"),
    (b"ID3", "audio/mpeg"),
    (b"OggS", "audio/ogg"),
)


class AttachmentProblem(ValueError):
    """An attachment that cannot be added or written as asked; the message says why."""


class AttachmentNotFound(LookupError):
    def __init__(self, entry_id: int, name: str) -> None:
        super().__init__(f'Entry {entry_id} has no attachment named "{name}".')


def size_text(size: int) -> str:
    """A size as a person reads it: 512 bytes, 3.2 KB, 50.0 MB (units of 1,024)."""
    if size < 1024:
        return f"{size} bytes"
    value = float(size)
    for unit in ("KB", "MB"):
        value /= 1024
        if value < 1024:
            return f"{value:.1f} {unit}"
    return f"{value / 1024:.1f} GB"


def too_large_message(name: str, size: int | None = None) -> str:
    what = f"“{name}” is {size_text(size)}" if size is not None else f"“{name}” is too large"
    return (
        f"{what}; an attachment can be at most {size_text(MAX_ATTACHMENT_BYTES)}, "
        "so it was not attached."
    )


def clean_name(name: str) -> str:
    """A file name safe to store and to write out: the last part of a path,
    without control characters or leading dots, at most :data:`MAX_NAME_CHARS`."""
    base = re.split(r"[\\/]", name)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    base = base.lstrip(".").strip()
    if not base:
        return DEFAULT_NAME
    if len(base) > MAX_NAME_CHARS:
        stem, dot, suffix = base.rpartition(".")
        if dot and 0 < len(suffix) <= 10:
            base = stem[: MAX_NAME_CHARS - len(suffix) - 1] + "." + suffix
        else:
            base = base[:MAX_NAME_CHARS]
    return base


def guess_mime(name: str, head: bytes = b"") -> str:
    """The type of a file from its first bytes, else from its name."""
    for magic, mime in _MAGIC:
        if head.startswith(magic):
            return mime
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"mif1"):
            return "image/heic"
        if brand == b"M4A ":
            return "audio/mp4"
    guessed, _encoding = mimetypes.guess_type(name, strict=False)
    return guessed or OCTET_STREAM


def unique_name(name: str, taken: set[str]) -> str:
    """``name``, or "name (2).ext", "name (3).ext"… when an entry has it already."""
    if name not in taken:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem:
        stem, suffix = name, ""
    tail = f".{suffix}" if suffix else ""
    number = 2
    while f"{stem} ({number}){tail}" in taken:
        number += 1
    return f"{stem} ({number}){tail}"


def attachment_record(attachment: Attachment) -> dict[str, Any]:
    """How an attachment is named in JSON (``show --json``, exports, bundles)."""
    return {
        "name": attachment.name,
        "type": attachment.mime,
        "size": attachment.size,
        "sha256": attachment.sha256,
    }


def _file_pieces(stream: BinaryIO) -> Iterator[bytes]:
    while piece := stream.read(CHUNK_BYTES):
        yield piece


class AttachmentService:
    """The attachments of one unlocked vault's entries."""

    def __init__(self, vault: Vault, clock: Callable[[], datetime] = now_local) -> None:
        self.vault = vault
        self.clock = clock

    @property
    def _repo(self) -> AttachmentRepository:
        return AttachmentRepository(self.vault.db)

    # -- adding ----------------------------------------------------------------

    def add_bytes(
        self, entry_id: int, name: str, data: bytes, mime: str | None = None
    ) -> Attachment:
        """Attach ``data`` (a pasted picture, an imported file) as ``name``."""
        name = clean_name(name)
        if len(data) > MAX_ATTACHMENT_BYTES:
            raise AttachmentProblem(too_large_message(name, len(data)))
        return self._add(entry_id, name, mime or guess_mime(name, data[:16]), [data])

    def add_file(self, entry_id: int, path: Path, name: str | None = None) -> Attachment:
        """Attach the file at ``path``, read a chunk at a time."""
        shown = clean_name(name or path.name)
        if path.is_dir():
            raise AttachmentProblem(f"{path} is a folder; choose a file to attach.")
        if path.exists() and not path.is_file():  # a pipe or a device would never end
            raise AttachmentProblem(f"{path} is not a file; choose a file to attach.")
        try:
            with path.open("rb") as stream:
                size = os.fstat(stream.fileno()).st_size
                if size > MAX_ATTACHMENT_BYTES:
                    raise AttachmentProblem(too_large_message(shown, size))
                head = stream.read(16)
                stream.seek(0)
                mime = guess_mime(shown, head)
                return self._add(entry_id, shown, mime, _file_pieces(stream))
        except OSError as error:
            raise AttachmentProblem(
                f"Could not read {path}: {describe_os_error(error)}; nothing was attached."
            ) from None

    def add_pieces(
        self, entry_id: int, name: str, pieces: Iterable[bytes], mime: str | None = None
    ) -> Attachment:
        """Attach bytes read a piece at a time (an imported file), as ``name``."""
        name = clean_name(name)
        return self._add(entry_id, name, mime or guess_mime(name), pieces)

    def _add(self, entry_id: int, name: str, mime: str, pieces: Iterable[bytes]) -> Attachment:
        repo = self._repo
        with self.vault.db.transaction():
            name = unique_name(name, repo.names(entry_id))
            try:
                added = repo.add(
                    entry_id, name, mime, pieces, self.clock(), limit=MAX_ATTACHMENT_BYTES
                )
            except TooLarge:
                raise AttachmentProblem(too_large_message(name)) from None
        log.debug("attached a file of %d bytes to entry %d", added.size, entry_id)
        return added

    def remove(self, attachment_id: int) -> bool:
        with self.vault.db.transaction():
            return self._repo.remove(attachment_id)

    # -- reading ---------------------------------------------------------------

    def of_entry(self, entry_id: int) -> list[Attachment]:
        return self._repo.of_entry(entry_id)

    def of_entries(self, entry_ids: Sequence[int]) -> dict[int, list[Attachment]]:
        return self._repo.of_entries(entry_ids)

    def entries_with_attachments(self) -> set[int]:
        return self._repo.entries_with_attachments()

    def get(self, attachment_id: int) -> Attachment | None:
        return self._repo.get(attachment_id)

    def find(self, entry_id: int, name: str) -> Attachment:
        found = self._repo.by_name(entry_id, name)
        if found is None:
            raise AttachmentNotFound(entry_id, name)
        return found

    def chunks(self, attachment_id: int) -> Iterator[bytes]:
        return self._repo.chunks(attachment_id)

    def read(self, attachment_id: int) -> bytes:
        return self._repo.read(attachment_id)

    # -- writing out -----------------------------------------------------------

    def save_to(self, attachment: Attachment, target: Path, *, overwrite: bool = False) -> None:
        """Write a decrypted copy of ``attachment`` to ``target`` (readable by the
        person only), never inside the vault folder and, without ``overwrite``,
        never over an existing file."""
        check_destination(target, self.vault.folder, what="attachment")
        if not overwrite and (target.exists() or target.is_symlink()):
            raise AttachmentProblem(
                f"{target} already exists; choose another name or allow replacing it."
            )
        write_private(target, self.chunks(attachment.id))


def write_private(target: Path, pieces: Iterable[bytes]) -> None:
    """Write ``pieces`` to ``target`` with mode 0600 through a temporary name,
    so a failure leaves neither a partial file nor a changed one."""
    temp = temp_name_for(target)
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            for piece in pieces:
                out.write(piece)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise AttachmentProblem(
            f"Could not write {target}: {describe_os_error(error)}; nothing was written."
        ) from None
