"""What people type becomes a safe FTS5 query, never an FTS5 syntax error."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlcipher3
from hypothesis import given, settings
from hypothesis import strategies as st

from therapy_journal.store.fts import match_expression


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("anxiety", '"anxiety"'),
        ("therapist anxiety", '"therapist" AND "anxiety"'),
        ("anx*", '"anx"*'),
        ('"first session"', '"first session"'),
        ("sleep -work", '("sleep") NOT "work"'),
        ("AND OR NOT NEAR", '"AND" AND "OR" AND "NOT" AND "NEAR"'),
        ('say "hi', '"say" AND "hi"'),
        ('quote"inside', '"quote""inside"'),
    ],
)
def test_typed_text_becomes_a_quoted_query(typed: str, expected: str) -> None:
    assert match_expression(typed) == expected


def test_prefix_last_matches_the_word_being_typed() -> None:
    assert match_expression("calm brea", prefix_last=True) == '"calm" AND "brea"*'


@pytest.mark.parametrize("typed", ["", "   ", "!!!", "-only", "* * *", '""'])
def test_text_without_words_gives_no_query(typed: str) -> None:
    assert match_expression(typed) is None


@pytest.fixture(scope="module")
def fts_table() -> Iterator[sqlcipher3.Connection]:
    conn = sqlcipher3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE t USING fts5(body, tokenize='unicode61 remove_diacritics 2', "
        "prefix='2 3')"
    )
    conn.execute("INSERT INTO t (body) VALUES ('Calm breathing before the first session')")
    yield conn
    conn.close()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_typed_text_is_a_valid_fts5_query(fts_table: sqlcipher3.Connection, typed: str) -> None:
    query = match_expression(typed, prefix_last=True)
    if query is not None:
        fts_table.execute("SELECT count(*) FROM t WHERE t MATCH ?", (query,)).fetchone()
