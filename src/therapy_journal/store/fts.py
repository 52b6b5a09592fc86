"""Turning what a person types into a safe FTS5 query.

People type words, not FTS5 syntax, so nothing they type is passed through as
an operator. Supported:

* ``word`` (every word must appear; case and accents do not matter),
* ``word*`` (words starting with "word"),
* ``"a phrase"`` (words next to each other, in order),
* ``-word`` (leave out entries with this word; needs at least one other word).

With ``prefix_last`` the last word also matches as a prefix, which is what
search-as-you-type wants while a word is still being typed.
"""

from __future__ import annotations

import re
import unicodedata

# A term: optional minus, then a quoted phrase or a run of non-space characters.
_TERM = re.compile(r'(-?)(?:"([^"]*)"?|(\S+))')


def _has_word_chars(text: str) -> bool:
    return any(unicodedata.category(ch)[0] in "LN" for ch in text)


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def match_expression(text: str, *, prefix_last: bool = False) -> str | None:
    """The FTS5 MATCH expression for ``text``, or None when it has no words."""
    positive: list[str] = []
    negative: list[str] = []
    # Control characters (NUL among them) end FTS5 strings early: drop them.
    printable = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    terms = list(_TERM.finditer(unicodedata.normalize("NFC", printable)))
    for index, term in enumerate(terms):
        minus, phrase, word = term.group(1), term.group(2), term.group(3)
        raw = phrase if phrase is not None else word
        prefix = False
        if word is not None and word.endswith("*"):
            raw, prefix = word.rstrip("*"), True
        if word is not None and prefix_last and index == len(terms) - 1 and not minus:
            prefix = True
        if not _has_word_chars(raw):
            continue
        expression = _quote(raw) + ("*" if prefix else "")
        (negative if minus else positive).append(expression)
    if not positive:
        return None
    query = " AND ".join(positive)
    for excluded in negative:
        query = f"({query}) NOT {excluded}"
    return query
