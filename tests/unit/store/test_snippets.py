"""Search snippets, made without FTS5's snippet()."""

from __future__ import annotations

from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.store import snippets
from therapy_journal.store.fts import match_expression
from therapy_journal.store.models import MARK_END, MARK_START


def marked(text: str) -> list[str]:
    return [part.split(MARK_END)[0] for part in text.split(MARK_START)[1:]]


def test_terms_come_from_the_query_with_prefix_flags() -> None:
    query = match_expression('Café "first session" anx* -work')
    assert query is not None
    assert snippets.terms_of(query) == [
        ("cafe", False),
        ("first", False),
        ("session", False),
        ("anx", True),
        ("work", False),
    ]


def test_the_snippet_surrounds_the_first_match_and_marks_every_match() -> None:
    text = (
        " ".join(f"w{n}" for n in range(100)) + " Anxiety rose, then anxious calm. " + "tail " * 50
    )
    result = snippets.snippet(text, match_expression("anxi*") or "", 16)
    assert marked(result) == ["Anxiety", "anxious"]
    assert result.startswith("…") and result.endswith("…")


def test_accents_and_case_match_like_the_index() -> None:
    result = snippets.snippet("Das Café war ruhig.", match_expression("CAFE") or "", 16)
    assert marked(result) == ["Café"]
    assert result == f"Das {MARK_START}Café{MARK_END} war ruhig."


def test_no_match_in_the_scanned_part_shows_the_start() -> None:
    result = snippets.snippet("one two three four", match_expression("absent") or "", 2)
    assert result == "one two…"


def test_search_in_a_huge_entry_full_of_matches_gives_a_marked_snippet(
    journal: JournalService,
) -> None:
    body = "A long day of writing. " * 230_000
    entry_id = journal.add(make_entry(title="pasted", body=body))
    hits = journal.search("day")
    assert [h.entry.id for h in hits] == [entry_id]
    assert marked(hits[0].snippet)[0] == "day"
