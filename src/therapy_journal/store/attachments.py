"""The attachments repository: files attached to entries, inside the encrypted database.

An attachment's bytes are stored in chunks of :data:`CHUNK_BYTES`, one row
each (``attachment_chunks``), and written and read a chunk at a time, so a
50 MB photo or recording never sits in memory as several whole copies
(sqlcipher3 has no incremental blob I/O to do the same with one value).
Rows are immutable once written: an attachment is added or removed, never
changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from therapy_journal.store.db import Database, Row

CHUNK_BYTES = 1024 * 1024

_COLUMNS = "id, entry_id, name, mime, size, sha256, created"


class TooLarge(ValueError):
    """The bytes given for an attachment passed the limit they were added under."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


@dataclass(frozen=True)
class Attachment:
    """What is known about one attachment, without its bytes."""

    id: int
    entry_id: int
    name: str
    mime: str
    size: int
    sha256: str
    created: datetime

    @property
    def is_image(self) -> bool:
        return self.mime.startswith("image/")


def _attachment(row: Row) -> Attachment:
    return Attachment(
        id=int(row[0]),
        entry_id=int(row[1]),
        name=str(row[2]),
        mime=str(row[3]),
        size=int(row[4]),
        sha256=str(row[5]),
        created=datetime.fromisoformat(str(row[6])),
    )


def rechunk(pieces: Iterable[bytes], size: int = CHUNK_BYTES) -> Iterator[bytes]:
    """The bytes of ``pieces`` again, in chunks of ``size`` (the last may be shorter)."""
    pending = bytearray()
    for piece in pieces:
        pending += piece
        while len(pending) >= size:
            yield bytes(pending[:size])
            del pending[:size]
    if pending:
        yield bytes(pending)


class AttachmentRepository:
    """All SQL about attachments. Writes join the caller's transaction."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add(
        self,
        entry_id: int,
        name: str,
        mime: str,
        pieces: Iterable[bytes],
        now: datetime,
        *,
        limit: int,
    ) -> Attachment:
        """Store the bytes of ``pieces`` as the attachment ``name`` of the entry.

        The size and SHA-256 are counted while the chunks are written; past
        ``limit`` bytes :class:`TooLarge` is raised and, the transaction being
        rolled back, nothing is kept.
        """
        digest = hashlib.sha256()
        size = 0
        with self.db.transaction():
            attachment_id = int(
                self.db.execute(
                    "INSERT INTO attachments (entry_id, name, mime, size, sha256, created) "
                    "VALUES (?, ?, ?, 0, '', ?)",
                    (entry_id, name, mime, now.isoformat()),
                ).lastrowid
            )
            try:
                for seq, chunk in enumerate(rechunk(pieces)):
                    size += len(chunk)
                    if size > limit:
                        raise TooLarge(limit)
                    digest.update(chunk)
                    self.db.execute(
                        "INSERT INTO attachment_chunks (attachment_id, seq, data) VALUES (?, ?, ?)",
                        (attachment_id, seq, chunk),
                    )
            except (TooLarge, OSError):
                # Inside a caller's transaction, which goes on: keep nothing of it.
                self.remove(attachment_id)
                raise
            self.db.execute(
                "UPDATE attachments SET size = ?, sha256 = ? WHERE id = ?",
                (size, digest.hexdigest(), attachment_id),
            )
        found = self.get(attachment_id)
        assert found is not None
        return found

    def remove(self, attachment_id: int) -> bool:
        cursor = self.db.execute("DELETE FROM attachments WHERE id = ?", (attachment_id,))
        return bool(cursor.rowcount)

    # -- reading ---------------------------------------------------------------

    def get(self, attachment_id: int) -> Attachment | None:
        row = self.db.query_one(
            f"SELECT {_COLUMNS} FROM attachments WHERE id = ?", (attachment_id,)
        )
        return _attachment(row) if row else None

    def by_name(self, entry_id: int, name: str) -> Attachment | None:
        row = self.db.query_one(
            f"SELECT {_COLUMNS} FROM attachments WHERE entry_id = ? AND name = ?",
            (entry_id, name),
        )
        return _attachment(row) if row else None

    def of_entry(self, entry_id: int) -> list[Attachment]:
        rows = self.db.query(
            f"SELECT {_COLUMNS} FROM attachments WHERE entry_id = ? ORDER BY id", (entry_id,)
        )
        return [_attachment(row) for row in rows]

    def of_entries(self, entry_ids: Sequence[int]) -> dict[int, list[Attachment]]:
        """The attachments of each of ``entry_ids`` that has any."""
        found: dict[int, list[Attachment]] = {}
        for start in range(0, len(entry_ids), 500):
            part = list(entry_ids[start : start + 500])
            marks = ",".join("?" * len(part))
            rows = self.db.query(
                f"SELECT {_COLUMNS} FROM attachments WHERE entry_id IN ({marks}) ORDER BY id",
                part,
            )
            for row in rows:
                item = _attachment(row)
                found.setdefault(item.entry_id, []).append(item)
        return found

    def entries_with_attachments(self) -> set[int]:
        return {int(row[0]) for row in self.db.query("SELECT DISTINCT entry_id FROM attachments")}

    def names(self, entry_id: int) -> set[str]:
        rows = self.db.query("SELECT name FROM attachments WHERE entry_id = ?", (entry_id,))
        return {str(row[0]) for row in rows}

    def chunks(self, attachment_id: int) -> Iterator[bytes]:
        """The attachment's bytes, one chunk at a time (one row read per chunk)."""
        seq = 0
        while True:
            row = self.db.query_one(
                "SELECT data FROM attachment_chunks WHERE attachment_id = ? AND seq = ?",
                (attachment_id, seq),
            )
            if row is None:
                return
            yield bytes(row[0])
            seq += 1

    def read(self, attachment_id: int) -> bytes:
        return b"".join(self.chunks(attachment_id))

    def total_bytes(self) -> int:
        return int(self.db.scalar("SELECT coalesce(sum(size), 0) FROM attachments"))
