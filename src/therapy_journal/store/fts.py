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
from collections.abc import Callable

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


# A quoted string of an expression match_expression wrote, and its "*" if
# it is a prefix term. Read left to right, every quote is paired rightly.
QUOTED = re.compile(r'"((?:[^"]|"")*)"(\*?)')
# What the unicode61 tokenizer reads as one word and folds to lower case
# alone: ASCII letters and digits. Other text keeps FTS5's own prefix search.
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")
# Prefix terms widened in one query at most: a pasted list of hundreds of
# prefixes would otherwise become tens of thousands of OR'd words.
MAX_WIDENED = 8


def widen_prefixes(match: str, words_starting: Callable[[str], list[str] | None]) -> str:
    """``match`` with each prefix term of one ASCII word, say ``"ora"*``,
    written as the words that start with it, ``("oracle" OR "orange")``.

    ``words_starting(prefix)`` gives the index's words that start with the
    lower-case ``prefix``, or None to keep the prefix term as it is (a prefix
    the index has its own list for, or one too many words start with). Both
    forms find the same entries; FTS5 reads OR'd words a few at a time in the
    order it needs, where a prefix it keeps no list for is merged whole first
    (see entries.search). The first :data:`MAX_WIDENED` such terms are widened."""

    done = 0

    def widened(term: re.Match[str]) -> str:
        nonlocal done
        text = term.group(1).replace('""', '"')
        if not term.group(2) or not _ASCII_WORD.fullmatch(text) or done >= MAX_WIDENED:
            return term.group(0)
        words = words_starting(text.lower())
        if not words:  # no such word (nothing to widen) or not worth it
            return term.group(0)
        done += 1
        return "(" + " OR ".join(_quote(word) for word in words) + ")"

    return QUOTED.sub(widened, match)
