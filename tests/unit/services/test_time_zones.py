"""One rule for time zones: an entry keeps the moment and the UTC offset it was
written in, and a local time in a DST gap or overlap is read by the zoneinfo
``fold`` rule (the tests run in America/New_York, see tests/conftest.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from therapy_journal.services.dates import as_local, entry_minute, offset_note, parse_when
from therapy_journal.services.importers import read

NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("naive", "stored"),
    [
        # The clocks went from 02:00 to 03:00: 02:30 did not exist.
        (datetime(2024, 3, 10, 2, 30), "2024-03-10T02:30:00-05:00"),
        (datetime(2024, 3, 10, 2, 30, fold=1), "2024-03-10T02:30:00-04:00"),
        # The clocks went from 02:00 back to 01:00: 01:30 happened twice.
        (datetime(2024, 11, 3, 1, 30), "2024-11-03T01:30:00-04:00"),
        (datetime(2024, 11, 3, 1, 30, fold=1), "2024-11-03T01:30:00-05:00"),
        (datetime(2024, 7, 1, 9, 15), "2024-07-01T09:15:00-04:00"),
    ],
)
def test_a_local_time_in_a_dst_gap_or_overlap_follows_the_fold_rule(
    naive: datetime, stored: str
) -> None:
    moment = as_local(naive)
    assert moment.isoformat() == stored
    # The same moment as zoneinfo gives, and the wall time as written.
    assert moment.astimezone(UTC) == naive.replace(tzinfo=NEW_YORK).astimezone(UTC)
    assert (moment.hour, moment.minute) == (naive.hour, naive.minute)


def test_a_typed_date_in_the_gap_keeps_the_time_typed() -> None:
    assert parse_when("2024-03-10T02:30").astimezone(UTC) == datetime(
        2024, 3, 10, 7, 30, tzinfo=UTC
    )
    assert entry_minute(parse_when("2024-03-10T02:30")) == "2024-03-10 02:30"


def test_an_entry_is_shown_in_its_own_time_with_its_offset_noted() -> None:
    sydney = datetime(2024, 1, 31, 22, 48, tzinfo=timezone(timedelta(hours=10)))
    assert entry_minute(sydney) == "2024-01-31 22:48"
    assert offset_note(sydney) == "UTC+10:00"
    here = datetime(2024, 1, 31, 22, 48, tzinfo=timezone(timedelta(hours=-5)))
    assert offset_note(here) == ""


def test_a_jrnl_entry_in_the_dst_gap_keeps_its_time(tmp_path: Path) -> None:
    path = tmp_path / "jrnl.json"
    path.write_text(
        '{"tags": {}, "entries": [{"date": "2024-03-10", "time": "02:30", "title": "gap",'
        ' "body": "", "tags": [], "starred": false},'
        ' {"date": "2024-11-03", "time": "01:30", "title": "twice", "body": "", "tags": [],'
        ' "starred": false}]}'
    )
    gap, twice = read("jrnl-json", path)
    assert gap.created.isoformat() == "2024-03-10T02:30:00-05:00"
    assert twice.created.isoformat() == "2024-11-03T01:30:00-04:00"
