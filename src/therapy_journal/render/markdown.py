"""Markdown as a small, safe, bounded HTML subset: how the app shows text it did
not write (a received bundle's entries and pages).

Plain Python, no Qt. The output uses a fixed set of tags (``p``, ``h2``-``h4``
(headings one level down, under the title the viewer puts above), ``pre``,
``hr``, ``b``, ``i``, ``s``, ``code``, ``br``), no tables and no
nesting beyond one block and its inline marks: quotes and lists are drawn as
indented paragraphs, so Qt's rich-text layout of it costs time in proportion
to its length. Every character of the source is escaped; raw HTML is shown as
the text it is, links as their text and address, images as their
description. Nothing is loaded from anywhere.

Bounds, from :class:`Limits`: nested quotes and lists deeper than ``depth``
are drawn at that depth (their text is kept); at most ``blocks`` blocks and
``chars`` characters of the source are shown, and :class:`Rendered` says when
that is only part of it. Every step is linear in the part shown, so hostile
text (5,000 nested quotes, a 10 MB entry, 50,000 unmatched brackets) costs
what its shown part costs.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

INDENT_PX = 22


@dataclass(frozen=True)
class Limits:
    depth: int = 6  # nested quotes, and nested lists, drawn at most this deep
    blocks: int = 3_000
    chars: int = 50_000  # characters of the source shown
    inline_depth: int = 4  # emphasis inside emphasis
    # Qt lays out a paragraph in time that grows faster than its length and its
    # number of marks: a long paragraph is shown in pieces, each with a few marks.
    piece_chars: int = 2_000
    piece_marks: int = 64


@dataclass(frozen=True)
class Rendered:
    """The HTML of the part shown, and how much of the source that is."""

    html: str
    shown_chars: int
    total_chars: int
    blocks: int

    @property
    def complete(self) -> bool:
        return self.shown_chars >= self.total_chars


@dataclass
class _Block:
    kind: str  # "p", "h1".."h4", "pre", "hr", "item"
    quote: int
    lists: int
    lines: list[str] = field(default_factory=list)
    marker: str = ""


def render(text: str, limits: Limits = Limits()) -> Rendered:  # it is frozen
    """``text`` (Markdown) as the bounded HTML subset this module describes."""
    source = _shown_part(text, limits.chars)
    out: list[str] = []
    count = 0
    consumed = 0
    for block, end in _blocks(source):
        if count == limits.blocks:
            break
        out.append(_block_html(block, limits))
        count += 1
        consumed = end
    else:
        consumed = len(source)
    return Rendered("\n".join(out), consumed, len(text), count)


def _shown_part(text: str, limit: int) -> str:
    """At most ``limit`` characters of ``text``, cut after a line where one ends near it."""
    if len(text) <= limit:
        return text
    cut = text.rfind("\n", limit // 2, limit)
    return text[: cut + 1 if cut >= 0 else limit]


# -- blocks --------------------------------------------------------------------------------

_QUOTE = re.compile(r" {0,3}> ?")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]|$)")
_ITEM = re.compile(r"( *)([-*+]|[0-9]{1,9}[.)])(?:[ \t]+(.*)|$)")


def _blocks(source: str) -> Iterator[tuple[_Block, int]]:
    """The blocks of ``source``, each with the offset just past its last line."""
    reader = _BlockReader()
    offset = 0
    for raw in source.splitlines(keepends=True):
        start, offset = offset, offset + len(raw)
        for block, ends_here in reader.line(raw.rstrip("\r\n").replace("\t", "    ")):
            yield block, offset if ends_here else start
    if reader.block is not None:
        yield reader.block, offset


class _BlockReader:
    """Reads lines into blocks; each line is looked at once."""

    def __init__(self) -> None:
        self.block: _Block | None = None
        self.fence = ""
        self.lists: list[int] = []  # the indent of each open list level

    def line(self, line: str) -> Iterator[tuple[_Block, bool]]:
        """The blocks this line ends: (block, whether it ends with this line)."""
        quote, rest = _strip_quotes(line)
        block = self.block
        if self.fence:
            closes = rest.lstrip().startswith(self.fence) and not rest.strip().strip(self.fence[0])
            if not closes and block is not None:
                block.lines.append(rest)
            elif closes:
                self.fence, self.block = "", None
                if block is not None:
                    yield block, True
            return
        if not rest.strip():
            self.block = None
            if block is not None:
                yield block, True
            return
        goes_on = block is not None and block.kind in ("p", "item") and block.quote == quote
        if goes_on and block is not None and not _starts_block(rest):
            block.lines.append(rest.strip())  # the paragraph goes on
            return
        new = self._start(rest, quote)
        if block is not None:
            yield block, False
        self.block = new
        if new.kind in ("h1", "h2", "h3", "h4", "hr"):
            self.block = None
            yield new, True

    def _start(self, rest: str, quote: int) -> _Block:
        lists = self.lists
        opened = _FENCE.match(rest)
        if opened:
            self.fence = opened.group(1)
            return _Block("pre", quote, len(lists))
        heading = _HEADING.match(rest)
        if heading:
            level = min(len(heading.group(1)) + 1, 4)  # h1 is the title shown above
            return _Block(f"h{level}", quote, len(lists), [_heading_text(rest[heading.end() :])])
        if _is_rule(rest):
            return _Block("hr", quote, len(lists))
        item = _ITEM.fullmatch(rest)
        if item:
            indent = len(item.group(1))
            while lists and lists[-1] >= indent:
                lists.pop()
            lists.append(indent)
            marker = item.group(2)
            marker = "\u2022" if marker in "-*+" else marker.replace(")", ".")
            return _Block("item", quote, len(lists), [item.group(3) or ""], marker)
        indent = len(rest) - len(rest.lstrip(" "))
        while lists and indent <= lists[-1]:
            lists.pop()
        return _Block("p", quote, len(lists), [rest.strip()])


def _starts_block(rest: str) -> bool:
    """Whether a line starts a block of its own rather than going on with a paragraph."""
    return bool(
        _FENCE.match(rest) or _HEADING.match(rest) or _is_rule(rest) or _ITEM.fullmatch(rest)
    )


def _heading_text(text: str) -> str:
    """A heading's text without the closing run of ``#`` that may follow it."""
    text = text.strip(" \t")
    bare = text.rstrip("#")
    if bare != text and (not bare or bare.endswith((" ", "\t"))):
        text = bare.rstrip(" \t")
    return text


def _is_rule(text: str) -> bool:
    """``---``, ``***`` or ``___`` (three or more, spaces between allowed)."""
    if len(text) - len(text.lstrip(" ")) > 3:
        return False
    marks = text.replace(" ", "")
    return len(marks) >= 3 and marks[0] in "-*_" and marks == marks[0] * len(marks)


def _strip_quotes(line: str) -> tuple[int, str]:
    depth = 0
    position = 0
    while True:
        found = _QUOTE.match(line, position)
        if found is None:
            return depth, line[position:]
        depth += 1
        position = found.end()


def _block_html(block: _Block, limits: Limits) -> str:
    quote = min(block.quote, limits.depth)
    lists = min(block.lists, limits.depth)
    margin = (quote + lists) * INDENT_PX
    style = f' style="margin-left:{margin}px"' if margin else ""
    if block.kind == "hr":
        return "<hr>"
    if block.kind == "pre":
        code = html.escape("\n".join(block.lines), quote=False)
        return f"<pre{style}>{code}</pre>"
    tag = block.kind if block.kind.startswith("h") else "p"
    pieces = []
    for number, piece in enumerate(_pieces(block.lines, limits.piece_chars)):
        text = _inline_lines(piece, limits)
        if block.kind == "item" and number == 0:
            marker = block.marker
            if text.startswith(("[ ] ", "[x] ", "[X] ")):
                marker, text = ("\u2610" if text[1] == " " else "\u2611"), text[4:]
            text = f"{html.escape(marker)}&nbsp;{text}"
        if quote:
            text = f"<i>{text}</i>"
        pieces.append(f"<{tag}{style}>{text}</{tag}>")
    return "\n".join(pieces)


def _pieces(lines: list[str], size: int) -> Iterator[list[str]]:
    """The lines of a block in pieces of about ``size`` characters, cut between
    lines, else at a space, else anywhere. A long line is walked by offsets,
    never copied again for each piece: linear in its length."""
    piece: list[str] = []
    length = 0
    for line in lines:
        start, end = 0, len(line)
        while length + (end - start) > size:
            room = max(size - length, 0)
            cut = line.rfind(" ", start + room // 2, start + room) if room else -1
            if cut <= start and piece:
                yield piece
                piece, length = [], 0
                continue
            cut = cut if cut > start else start + size
            yield [*piece, line[start:cut]]
            piece, length, start = [], 0, cut
            while start < end and line[start] == " ":
                start += 1
        piece.append(line[start:] if start else line)
        length += end - start + 1
    if piece:
        yield piece


def _inline_lines(lines: list[str], limits: Limits) -> str:
    parts = []
    budget = [limits.piece_marks]
    for number, line in enumerate(lines):
        hard = line.endswith(("  ", "\\")) and number < len(lines) - 1
        shown = line.rstrip(" \\") if hard else line
        parts.append(_Inline(shown, limits.inline_depth, budget).html())
        if number < len(lines) - 1:
            parts.append("<br>" if hard else " ")
    return "".join(parts)


# -- inline marks --------------------------------------------------------------------------

_TICKS = re.compile("`+")
_BRACKETS = re.compile(r"[\[\]]")
_SPECIAL = re.compile(r"[\\`!\[*_~]")  # what can start an escape or a mark
_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_EMPHASIS = (("**", "b"), ("__", "b"), ("~~", "s"), ("*", "i"), ("_", "i"))


class _Inline:
    """One block's text with its inline marks, in one pass. Each search for a
    closing mark that fails is remembered, so no text is scanned twice for the
    same mark: linear in the text, whatever its marks."""

    def __init__(self, text: str, depth: int, budget: list[int]) -> None:
        self.text = text
        self.depth = depth
        self.budget = budget  # marks left for the piece, shared with the marks inside
        self.no_closer: dict[str, int] = {}  # mark -> from where none closes
        self.closers = [m.start() for m in re.finditer(r"\]\(", text)]
        self.brackets = [m.start() for m in _BRACKETS.finditer(text)]
        self.runs: dict[int, list[int]] | None = None

    def html(self) -> str:
        text, out, literal = self.text, [], []
        i = 0
        while i < len(text):
            # Plain text up to the next character that may start a mark, in one step.
            special = _SPECIAL.search(text, i)
            if special is None:
                literal.append(text[i:])
                break
            if special.start() > i:
                literal.append(text[i : special.start()])
                i = special.start()
            char = text[i]
            if char == "\\" and i + 1 < len(text) and text[i + 1] in _PUNCTUATION:
                literal.append(text[i + 1])
                i += 2
                continue
            found = self._mark(i) if self.budget[0] > 0 else None
            if found is None:
                literal.append(char)
                i += 1
                continue
            piece, i = found
            self.budget[0] -= 1
            out.append(html.escape("".join(literal), quote=False))
            literal.clear()
            out.append(piece)
        out.append(html.escape("".join(literal), quote=False))
        return "".join(out)

    def _mark(self, i: int) -> tuple[str, int] | None:
        text = self.text
        char = text[i]
        if char == "`":
            return self._code(i)
        if char == "!" and text.startswith("![", i):
            link = self._link(i + 1)
            if link is not None:
                label, _target, end = link
                return f"<i>[{html.escape(label, quote=False)}]</i>", end
        if char == "[":
            link = self._link(i)
            if link is not None:
                label, target, end = link
                shown = (
                    _Inline(label, self.depth - 1, self.budget).html()
                    if self.depth
                    else html.escape(label, quote=False)
                )
                address = html.escape(target, quote=False)
                return f"{shown} ({address})", end  # shown, never a link
        if char in "*_~" and self.depth > 0:
            return self._emphasis(i)
        return None

    def _code(self, i: int) -> tuple[str, int]:
        """A code span, or the run of backticks as text when nothing closes it."""
        text = self.text
        opening = _TICKS.match(text, i)
        assert opening is not None  # text[i] is a backtick
        run = len(opening.group())
        runs = self._tick_runs().get(run, [])
        at = bisect.bisect_right(runs, i)
        if at == len(runs):
            return opening.group(), i + run
        closing = runs[at]
        code = text[i + run : closing]
        if code.startswith(" ") and code.endswith(" ") and code.strip():
            code = code[1:-1]
        return f"<code>{html.escape(code, quote=False)}</code>", closing + run

    def _tick_runs(self) -> dict[int, list[int]]:
        """Where each run of backticks starts, by its length (found once)."""
        if self.runs is None:
            self.runs = {}
            for found in _TICKS.finditer(self.text):
                self.runs.setdefault(len(found.group()), []).append(found.start())
        return self.runs

    def _link(self, i: int) -> tuple[str, str, int] | None:
        """``[label](target)`` at ``i``: the label has no brackets, the target no space."""
        text = self.text
        at = bisect.bisect_right(self.closers, i)
        if at == len(self.closers):
            return None
        middle = self.closers[at]
        next_bracket = self.brackets[bisect.bisect_right(self.brackets, i)]
        if next_bracket != middle:
            return None
        end = text.find(")", middle + 2, middle + 2 + 2048)
        target = text[middle + 2 : end]
        if end < 0 or " " in target.strip():
            return None
        return text[i + 1 : middle], target.strip(), end + 1

    def _emphasis(self, i: int) -> tuple[str, int] | None:
        text = self.text
        for mark, tag in _EMPHASIS:
            if not text.startswith(mark, i):
                continue
            start = i + len(mark)
            if start >= len(text) or text[start].isspace() or text.startswith(mark, start):
                return None
            if mark[0] == "_" and i > 0 and text[i - 1].isalnum():
                return None  # inside a word: snake_case stays as it is
            if self.no_closer.get(mark, len(text)) <= i:
                return None
            closing = self._closing(mark, start)
            if closing is None:
                self.no_closer[mark] = i
                return None
            inner = _Inline(text[start:closing], self.depth - 1, self.budget).html()
            return f"<{tag}>{inner}</{tag}>", closing + len(mark)
        return None

    def _closing(self, mark: str, start: int) -> int | None:
        """The first ``mark`` after ``start`` that can close: after a non-space."""
        text = self.text
        position = start
        while True:
            found = text.find(mark, position)
            if found < 0:
                return None
            after = found + len(mark)
            inside_word = mark[0] == "_" and after < len(text) and text[after].isalnum()
            if found > start and not text[found - 1].isspace() and not inside_word:
                return found
            position = found + len(mark)
