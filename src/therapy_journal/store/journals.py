"""The journals repository: the journals of a vault, and which one an entry is in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from therapy_journal.store.db import Database
from therapy_journal.store.models import Journal


class JournalRepository:
    """Reads and writes journals. Writes expect to run inside a transaction."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def all(self) -> list[Journal]:
        """Every journal, by name, with its entries outside the trash
        (counted off the ``entries_journal`` index)."""
        counts: dict[int, int] = dict(
            self.db.query(
                "SELECT journal_id, count(*) FROM entries WHERE deleted_at IS NULL "
                "GROUP BY journal_id"
            )
        )
        return [
            Journal(id=journal_id, name=name, entries=counts.get(journal_id, 0))
            for journal_id, name in self.db.query(
                "SELECT id, name FROM journals ORDER BY name COLLATE NOCASE, id"
            )
        ]

    def by_name(self, name: str) -> Journal | None:
        """The journal called ``name`` (case does not matter), without its count."""
        row = self.db.query_one("SELECT id, name FROM journals WHERE name = ?", (name,))
        return None if row is None else Journal(id=row[0], name=row[1])

    def by_id(self, journal_id: int) -> Journal | None:
        row = self.db.query_one("SELECT id, name FROM journals WHERE id = ?", (journal_id,))
        return None if row is None else Journal(id=row[0], name=row[1])

    def names(self) -> dict[int, str]:
        """Each journal's name by id, in the order of :meth:`all` (no counting)."""
        return dict(self.db.query("SELECT id, name FROM journals ORDER BY name COLLATE NOCASE, id"))

    def first(self) -> int:
        """The journal a new entry goes in when none is said: the oldest one."""
        return int(self.db.scalar("SELECT min(id) FROM journals"))

    def add(self, name: str, now: datetime) -> int:
        cursor = self.db.execute(
            "INSERT INTO journals (name, created) VALUES (?, ?)", (name, now.isoformat())
        )
        return int(cursor.lastrowid)

    def rename(self, journal_id: int, name: str) -> None:
        self.db.execute("UPDATE journals SET name = ? WHERE id = ?", (name, journal_id))

    def entry_count(self, journal_id: int, *, trashed: bool) -> int:
        where = "IS NOT NULL" if trashed else "IS NULL"
        return int(
            self.db.scalar(
                f"SELECT count(*) FROM entries WHERE journal_id = ? AND deleted_at {where}",
                (journal_id,),
            )
        )

    def move_entries(self, from_id: int, to_id: int) -> int:
        """Move every entry of one journal (the trash too) to another; how many moved."""
        cursor = self.db.execute(
            "UPDATE entries SET journal_id = ?, version = version + 1 WHERE journal_id = ?",
            (to_id, from_id),
        )
        return int(cursor.rowcount)

    def move(self, entry_ids: Sequence[int], to_id: int) -> None:
        for entry_id in entry_ids:
            self.db.execute(
                "UPDATE entries SET journal_id = ?, version = version + 1 "
                "WHERE id = ? AND journal_id != ?",
                (to_id, entry_id, to_id),
            )

    def delete(self, journal_id: int) -> None:
        """Delete an empty journal (the schema refuses one that holds entries)."""
        self.db.execute("DELETE FROM journals WHERE id = ?", (journal_id,))
