"""Entry text as listed: Markdown marks out, search marks kept, cut at a word."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from therapy_journal.gui.journal.plain_text import cut_at_word, plain
from therapy_journal.store.models import MARK_END, MARK_START


def test_markdown_marks_are_taken_out_and_search_marks_kept() -> None:
    text = f"## Heading\n- a **{MARK_START}bold{MARK_END}** [link](http://x) and `code` > quote"
    assert plain(text) == f"Heading a {MARK_START}bold{MARK_END} link and code quote"


@given(st.text(), st.integers(min_value=10, max_value=200))
def test_a_cut_never_exceeds_its_limit_and_ends_with_an_ellipsis(text: str, limit: int) -> None:
    cut = cut_at_word(text, limit)
    assert len(cut) <= limit
    assert cut == text or cut.endswith("…")
