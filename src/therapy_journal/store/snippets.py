"""Search snippets: a few words around the first match, matches marked.

FTS5's ``snippet()`` is not used. It re-runs the query for every hit, which
costs milliseconds per hit for a long prefix such as ``"oranhu"*`` (typed while
searching as you type), and it weighs every match in a document, which took
seconds for a common word in a pasted 2 MB text. A snippet is made here
instead, around the first match in the first :data:`SCAN_CHARS` characters,
with the same notion of a word as the ``unicode61`` tokenizer (letters and
digits; case and accents do not matter).
"""

from __future__ import annotations

import re
import unicodedata

from therapy_journal.store import fts
from therapy_journal.store.models import MARK_END, MARK_START

SCAN_CHARS = 200_000

_WORD = re.compile(r"[^\W_]+")


def fold(word: str) -> str:
    """A word as the index compares it: case-folded, accents removed."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def terms_of(match: str) -> list[tuple[str, bool]]:
    """The words of an FTS5 expression built by :mod:`fts`, with prefix flags.

    Words after NOT are included too: an entry that matched has none of them,
    so they never mark anything.
    """
    terms: list[tuple[str, bool]] = []
    for quoted in fts.QUOTED.finditer(match):
        words = _WORD.findall(quoted.group(1).replace('""', '"'))
        for index, word in enumerate(words):
            terms.append((fold(word), bool(quoted.group(2)) and index == len(words) - 1))
    return terms


def _matches(word: str, terms: list[tuple[str, bool]]) -> bool:
    folded = fold(word)
    return any(folded.startswith(t) if prefix else folded == t for t, prefix in terms)


def snippet(text: str, match: str, tokens: int) -> str:
    """About ``tokens`` words around the first match, matches marked, '…' at cut ends."""
    terms = terms_of(match)
    words = list(_WORD.finditer(text[:SCAN_CHARS]))
    if not words:
        return ""
    first = next((i for i, w in enumerate(words) if _matches(w.group(), terms)), 0)
    # A few words of lead-in, but never a shorter window than the text allows.
    start = max(0, min(first - tokens // 4, len(words) - tokens))
    window = words[start : start + tokens]
    parts = []
    cursor = window[0].start()
    for word in window:
        parts.append(text[cursor : word.start()])
        marked = _matches(word.group(), terms)
        parts.append(f"{MARK_START}{word.group()}{MARK_END}" if marked else word.group())
        cursor = word.end()
    prefix = "…" if start > 0 else ""
    if start + tokens < len(words) or len(text) > SCAN_CHARS:
        suffix = "…"
    else:  # the window reaches the end: keep the closing punctuation
        suffix = text[cursor:].rstrip()
    return prefix + "".join(parts) + suffix
