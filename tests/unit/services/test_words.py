"""Counts in words agree with their number."""

from therapy_journal.services.words import count, entries


def test_one_is_singular_and_every_other_number_plural() -> None:
    assert entries(1) == "1 entry"
    assert entries(0) == "0 entries"
    assert entries(2_000) == "2,000 entries"
    assert count(1, "page") == "1 page"
    assert count(3, "page") == "3 pages"
