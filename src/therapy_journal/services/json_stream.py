"""Reading the items of one array in a large JSON document, one at a time.

Exports of other journals are one JSON object holding a list of entries
(``{"tags": {...}, "entries": [...]}``). Loaded whole, a million entries took
over 800 MB. :func:`array_items` reads the file in chunks and yields the
list's items one by one, so memory holds one chunk and one item at a time.

Each item is decoded by the standard library's JSON decoder (its C scanner),
so an item reads exactly as ``json.loads`` would read it: lone surrogates in
``\\u`` escapes are kept (for the caller to refuse), too deep nesting and
numbers of more than 4,300 digits are refused. Streaming parsers built on
yajl crash the process on such input, which is why they are not used here.
The structure around the items (the object, its keys, the other values) is
read here, a token at a time; the other values are decoded and dropped.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import IO, Any

CHUNK_BYTES = 256 * 1024
MAX_KEY_CHARS = 64 * 1024

_DECODER = json.JSONDecoder()
_WHITESPACE = re.compile(r"[ \t\n\r]*")
# How near the end of the text read so far a decoding error must be to mean
# "this value goes on in the next chunk" (the longest cut token is a \uXXXX escape).
_NEAR_END = 12
_JSON_VALUE_START = frozenset('[{"-0123456789tfn')


class JsonStreamError(ValueError):
    """The document cannot be read as asked; :attr:`reason` says why in a few words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NotJson(JsonStreamError):
    """Not valid JSON (or not UTF-8); ``line`` and ``column`` say where, when known."""

    def __init__(self, reason: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(reason)
        self.line, self.column = line, column


class WrongShape(JsonStreamError):
    """Valid JSON, but not an object with an array under the key asked for."""


class ItemTooLarge(JsonStreamError):
    """One value is longer than the limit given."""


def other_members(handle: IO[bytes], key: str, *, max_item_chars: int) -> dict[str, Any]:
    """Every member of the JSON object read from ``handle`` but the array under
    ``key``, whose items are read one at a time and dropped. Raises as
    :func:`array_items` does."""
    others: dict[str, Any] = {}
    for _item in array_items(handle, key, max_item_chars=max_item_chars, others=others):
        pass
    return others


def array_items(
    handle: IO[bytes], key: str, *, max_item_chars: int, others: dict[str, Any] | None = None
) -> Iterator[Any]:
    """The items of the array under ``key`` in the JSON object read from ``handle``.

    Raises :class:`NotJson`, :class:`WrongShape` (the top level is not an
    object, ``key`` is missing or not an array) or :class:`ItemTooLarge` (a
    value longer than ``max_item_chars``). A document that goes wrong after
    some items were yielded raises then: a caller that imports in one
    transaction imports nothing. The object's other members are dropped, or
    kept in ``others`` when it is given.
    """
    text = _Text(handle)
    first = text.peek()
    if first != "{":
        if first in _JSON_VALUE_START:
            raise WrongShape("it is not a JSON object")
        raise text.not_json("Expecting value", text.pos)
    text.pos += 1
    found = False
    members = 0
    while text.next_member(first=members == 0):
        members += 1
        name = text.value(MAX_KEY_CHARS)
        if not isinstance(name, str):
            raise text.not_json("Expecting property name enclosed in double quotes", text.pos)
        text.expect(":", "Expecting ':' delimiter")
        if name == key:
            if found:  # json.loads would keep the last one silently
                raise WrongShape(f"it has '{key}' twice")
            found = True
            if text.peek() != "[":
                raise WrongShape(f"'{key}' is not a list")
            yield from text.array(max_item_chars)
        elif others is not None:
            others[name] = text.value(max_item_chars)
        else:
            text.value(max_item_chars)
    if text.peek() != "":
        raise text.not_json("Extra data", text.pos)
    if not found:
        raise WrongShape(f"it has no '{key}'")


def items(handle: IO[bytes], *, max_item_chars: int) -> Iterator[Any]:
    """The items of the JSON array that is the whole document read from ``handle``
    (what ``list --json`` prints), one at a time. Raises as :func:`array_items`."""
    text = _Text(handle)
    first = text.peek()
    if first != "[":
        if first in _JSON_VALUE_START:
            raise WrongShape("it is not a JSON array")
        raise text.not_json("Expecting value", text.pos)
    yield from text.array(max_item_chars)
    if text.peek() != "":
        raise text.not_json("Extra data", text.pos)


class _Text:
    """The document's text read so far (less what has been consumed), and a position in it."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        # utf-8-sig: a byte order mark at the start is dropped, as json.loads of
        # bytes would; invalid UTF-8 raises.
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.lines_before = 0  # line breaks in the text already dropped
        self.column_carry = 0  # characters after the last dropped line break

    # -- reading -----------------------------------------------------------------------

    def more(self, at_least: int = 0) -> bool:
        """Read another chunk (at least ``at_least`` bytes); False at the end."""
        if self.eof:
            return False
        data = self.handle.read(max(CHUNK_BYTES, at_least))
        try:
            text = self.decoder.decode(data, final=not data)
        except UnicodeDecodeError:
            raise NotJson("it is not UTF-8 text") from None
        if not data:
            self.eof = True
        if not text:
            return not self.eof  # the text held is unchanged
        self._drop_consumed()
        self.buf += text
        return True

    def _drop_consumed(self) -> None:
        if not self.pos:
            return
        breaks = self.buf.count("\n", 0, self.pos)
        if breaks:
            self.lines_before += breaks
            self.column_carry = self.pos - self.buf.rfind("\n", 0, self.pos) - 1
        else:
            self.column_carry += self.pos
        self.buf = self.buf[self.pos :]
        self.pos = 0

    def peek(self) -> str:
        """The next character that is not whitespace ('' at the end)."""
        while True:
            end = _WHITESPACE.match(self.buf, self.pos)
            self.pos = end.end() if end else self.pos
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.more():
                return ""

    def expect(self, char: str, problem: str) -> None:
        if self.peek() != char:
            raise self.not_json(problem, self.pos)
        self.pos += 1

    def next_member(self, *, first: bool) -> bool:
        """Step to the next member's key; False at the object's end."""
        char = self.peek()
        if char == "}":
            self.pos += 1
            return False
        if not first:
            self.expect(",", "Expecting ',' delimiter")
            char = self.peek()
        if char != '"':
            raise self.not_json("Expecting property name enclosed in double quotes", self.pos)
        return True

    def array(self, max_item_chars: int) -> Iterator[Any]:
        self.pos += 1  # '['
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield self.value(max_item_chars)
            char = self.peek()
            self.pos += 1
            if char == "]":
                return
            if char != ",":
                raise self.not_json("Expecting ',' delimiter", self.pos - 1)

    def value(self, max_chars: int) -> Any:
        """Decode the value that starts here (reading more while it is cut off)."""
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as error:
                problem = self.not_json(error.msg, error.pos)  # before growing moves the text
                if self._may_go_on(error) and self._grow(max_chars):
                    continue
                raise problem from None
            except RecursionError:
                raise NotJson("it is nested too deeply", *self.where(self.pos)) from None
            except ValueError:  # a number of more than 4,300 digits
                raise NotJson("a number in it is too long", *self.where(self.pos)) from None
            # A number that ends where the text read so far ends may go on
            # ("12" of "1234", "1" of "1e5", cut after "1e").
            if end >= len(self.buf) - 2 and self._grow(max_chars):
                continue
            self.pos = end
            return value

    def _may_go_on(self, error: json.JSONDecodeError) -> bool:
        return error.msg.startswith("Unterminated string") or error.pos >= len(self.buf) - _NEAR_END

    def _grow(self, max_chars: int) -> bool:
        """Read more of a value that is cut off; False at the end of the file."""
        if self.eof:
            return False
        pending = len(self.buf) - self.pos
        if pending > max_chars:
            raise ItemTooLarge(f"a value in it is longer than {max_chars:,} characters")
        return self.more(at_least=pending)  # doubles what is held: linear in all

    # -- where ---------------------------------------------------------------------------

    def where(self, offset: int) -> tuple[int, int]:
        """(line, column), counted from 1, of ``offset`` in the text held."""
        offset = min(offset, len(self.buf))
        line = self.lines_before + self.buf.count("\n", 0, offset) + 1
        last_break = self.buf.rfind("\n", 0, offset)
        column = offset - last_break if last_break >= 0 else self.column_carry + offset + 1
        return line, column

    def not_json(self, problem: str, offset: int) -> NotJson:
        return NotJson(problem, *self.where(offset))
