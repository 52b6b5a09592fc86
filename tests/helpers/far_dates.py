"""Entries dated outside the range the journal accepts, stored as an old version
of the app or another tool could have stored them: straight through the store's
SQL, with no validation on the way."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from therapy_journal.store.entries import EntryRepository
from therapy_journal.store.models import NewEntry
from therapy_journal.store.vault import Vault

FAR_FUTURE = datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-5)))
FAR_PAST = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5)))
# Without a UTC offset, as another tool might write it.
FAR_FUTURE_NAIVE_TEXT = "9999-12-31T23:59:59"

TITLES = ("Far future", "Far past", "Far future, no offset")


def store_far_dates(vault: Vault) -> list[int]:
    """Add three entries dated 9999-12-31T23:59:59-05:00, 0001-01-01T00:00+05:00 and
    9999-12-31T23:59:59 (no offset); their ids, in the order of :data:`TITLES`."""
    repo = EntryRepository(vault.db)
    now = datetime.now().astimezone()
    with vault.db.transaction():
        ids = [
            repo.insert(
                NewEntry(
                    created=FAR_FUTURE,
                    title=TITLES[0],
                    body="far future body",
                    tags=("far",),
                    mood=3,
                ),
                now,
            ),
            repo.insert(
                NewEntry(created=FAR_PAST, title=TITLES[1], body="far past body", tags=("far",)),
                now,
            ),
            repo.insert(NewEntry(created=FAR_FUTURE, title=TITLES[2], body="naive body"), now),
        ]
        vault.db.execute(
            "UPDATE entries SET created = ? WHERE id = ?", (FAR_FUTURE_NAIVE_TEXT, ids[2])
        )
    return ids
