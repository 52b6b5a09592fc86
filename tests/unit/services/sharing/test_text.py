"""Text read from a received bundle: lone surrogates and control characters are
replaced at the edge, so nothing later fails to encode it."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from therapy_journal.services.sharing.text import (
    REPLACEMENT,
    one_line,
    readable,
    readable_json,
    text_block,
)

SURROGATES = st.integers(0xD800, 0xDFFF).map(chr)
ANY_TEXT = st.lists(st.characters() | SURROGATES, max_size=50).map("".join)


def test_a_lone_surrogate_is_replaced_and_the_rest_is_kept() -> None:
    assert readable("Half \ud800 a pair") == f"Half {REPLACEMENT} a pair"
    assert readable("emoji \U0001f600 stays") == "emoji \U0001f600 stays"


def test_controls_are_replaced_in_one_line_and_kept_as_line_breaks_in_text() -> None:
    assert one_line("a\x1b[2Jb\x00\x9b") == f"a{REPLACEMENT}[2Jb{REPLACEMENT}{REPLACEMENT}"
    assert text_block("line\n\tnext\r\n\x07") == f"line\n\tnext\r\n{REPLACEMENT}"
    assert one_line("del \x7f kept") == "del \x7f kept"


def test_every_string_of_a_json_value_is_made_readable() -> None:
    value = json.loads('{"\\ud800key": ["\\udfff", {"x": "\\ud83d"}], "n": 1}')
    assert readable_json(value) == {
        f"{REPLACEMENT}key": [REPLACEMENT, {"x": REPLACEMENT}],
        "n": 1,
    }


@settings(max_examples=300)
@given(ANY_TEXT)
def test_whatever_comes_in_encodes_as_utf_8(text: str) -> None:
    for clean in (readable(text), one_line(text), text_block(text)):
        clean.encode("utf-8")
        assert len(clean) == len(text)
