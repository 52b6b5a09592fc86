"""Entry text as a person reads it in a list: Markdown marks taken out, cut at a word.

Used for search snippets and for the title shown for an untitled entry; the
search marks (:data:`MARK_START`, :data:`MARK_END`) pass through untouched.
"""

from __future__ import annotations

import re

from therapy_journal.store.models import MARK_END, MARK_START

ELLIPSIS = "…"
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")  # [text](url) and ![alt](src): the text
_MARKUP_WORD = re.compile(r"^(#{1,6}|[-*+>]|\d{1,9}[.)]|\[[ xX]?\]|[-*_=]{3,}|\|)$")
_EDGE_MARKS = "*_~`"


def _plain_word(word: str) -> str:
    if _MARKUP_WORD.match(word):
        return ""
    core = word.replace(MARK_START, "").replace(MARK_END, "")
    if core and not core.strip(_EDGE_MARKS):
        return ""  # a word of marks only (** or `)
    start = word.startswith(MARK_START)
    end = word.endswith(MARK_END)
    core = word.removeprefix(MARK_START) if start else word
    core = core.removesuffix(MARK_END) if end else core
    core = core.strip(_EDGE_MARKS) if len(core.strip(_EDGE_MARKS)) else core
    return (MARK_START if start else "") + core + (MARK_END if end else "")


def plain(markdown: str) -> str:
    """``markdown`` on one line without its marks: headings, emphasis, code, links, lists."""
    text = _LINK.sub(r"\1", markdown)
    words = (_plain_word(word) for word in text.split())
    return " ".join(word for word in words if word)


def cut_at_word(text: str, limit: int) -> str:
    """``text`` shortened to ``limit`` characters at most, at a word, with "…" when cut."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    space = head.rfind(" ")
    if space > limit // 2:
        head = head[:space]
    return head.rstrip(" ,;:.-") + ELLIPSIS
