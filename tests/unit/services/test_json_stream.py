"""The streaming reader of a JSON export's entries reads exactly what
``json.loads`` reads, whatever the chunk boundaries, and refuses what it refuses."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from therapy_journal.services import json_stream
from therapy_journal.services.json_stream import ItemTooLarge, NotJson, WrongShape, array_items

LIMIT = 1_000_000


def items(data: bytes, chunk: int = json_stream.CHUNK_BYTES, limit: int = LIMIT) -> list[Any]:
    original = json_stream.CHUNK_BYTES
    json_stream.CHUNK_BYTES = chunk
    try:
        return list(array_items(io.BytesIO(data), "entries", max_item_chars=limit))
    finally:
        json_stream.CHUNK_BYTES = original


_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()  # includes lone surrogates, which json.dumps escapes as \\udXXX
)
_values = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300)
@given(
    entries=st.lists(_values, max_size=8),
    before=st.dictionaries(
        st.text(max_size=8).filter(lambda k: k != "entries"), _values, max_size=3
    ),
    indent=st.none() | st.integers(min_value=0, max_value=4),
    ascii_only=st.booleans(),
    bom=st.booleans(),
    chunk=st.integers(min_value=1, max_value=64),
)
def test_items_are_what_json_loads_reads_at_any_chunk_size(
    *,
    entries: list[Any],
    before: dict[str, Any],
    indent: int | None,
    ascii_only: bool,
    bom: bool,
    chunk: int,
) -> None:
    document = {**before, "entries": entries, "after": before}
    text = json.dumps(document, indent=indent, ensure_ascii=ascii_only)
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8", "surrogatepass")
    if not ascii_only and any("\ud800" <= c <= "\udfff" for c in text):
        return  # raw surrogates are not UTF-8: json.loads refuses them too (tested below)
    assert items(data, chunk) == json.loads(data.decode("utf-8-sig"))["entries"]


@settings(max_examples=300)
@given(st.binary(max_size=80), st.integers(min_value=1, max_value=16))
def test_any_bytes_are_read_as_json_loads_reads_them_or_refused(data: bytes, chunk: int) -> None:
    wanted = _entries_as_json_loads_reads_them(data)
    if wanted is not None:
        assert items(data, chunk) == wanted
    else:
        with pytest.raises(json_stream.JsonStreamError):
            items(data, chunk)


@settings(max_examples=300)
@given(
    entries=st.lists(_values, max_size=4),
    cut=st.integers(min_value=0),
    replacement=st.sampled_from([b"", b",", b"]", b"}", b'"', b"\\", b"1", b"e", b" ", b"\xff"]),
    chunk=st.integers(min_value=1, max_value=16),
)
def test_a_damaged_export_is_read_as_json_loads_reads_it_or_refused(
    *, entries: list[Any], cut: int, replacement: bytes, chunk: int
) -> None:
    """One byte of a valid export replaced (or dropped): the same answer as json.loads."""
    data = json.dumps({"tags": {"a": 1}, "entries": entries}).encode()
    where = cut % len(data)
    damaged = data[:where] + replacement + data[where + 1 :]
    wanted = _entries_as_json_loads_reads_them(damaged)
    if wanted is not None:
        assert items(damaged, chunk) == wanted
    else:
        with pytest.raises(json_stream.JsonStreamError):
            items(damaged, chunk)


def _entries_as_json_loads_reads_them(data: bytes) -> list[Any] | None:
    """The list under the one 'entries' key of the top-level object, else None."""
    objects: list[list[tuple[str, Any]]] = []  # the outermost object is built last

    def keep(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        objects.append(pairs)
        return dict(pairs)

    try:
        document = json.loads(data.decode("utf-8-sig"), object_pairs_hook=keep)
    except (ValueError, RecursionError):
        return None
    if not isinstance(document, dict) or [k for k, _ in objects[-1]].count("entries") != 1:
        return None
    entries = document["entries"]
    return entries if isinstance(entries, list) else None


@pytest.mark.parametrize(
    ("data", "error", "reason"),
    [
        (b"", NotJson, "Expecting value"),
        (b"hello", NotJson, "Expecting value"),
        (b'["entries"]', WrongShape, "it is not a JSON object"),
        (b'{"tags": {}}', WrongShape, "it has no 'entries'"),
        (b'{"entries": {"item": 1}}', WrongShape, "'entries' is not a list"),
        (b'{"entries": [1], "entries": [2]}', WrongShape, "it has 'entries' twice"),
        (b'{"entries": [1,]}', NotJson, "Expecting value"),
        (b'{"entries": [1]} extra', NotJson, "Extra data"),
        (b'{"entries": ["\xff"]}', NotJson, "it is not UTF-8 text"),
        (b'{"entries": [' + b"9" * 5000 + b"]}", NotJson, "a number in it is too long"),
        (b'{"entries": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}", NotJson, "nested too deeply"),
    ],
)
def test_what_is_refused_and_why(data: bytes, error: type[Exception], reason: str) -> None:
    for chunk in (1, 7, json_stream.CHUNK_BYTES):
        with pytest.raises(error) as raised:
            items(data, chunk)
        assert reason in str(raised.value)


def test_the_place_of_a_syntax_error_is_counted_across_chunks() -> None:
    data = b'{\n  "entries": [\n    1,\n    2,\n    x\n  ]\n}'
    for chunk in (1, 3, 1000):
        with pytest.raises(NotJson) as raised:
            items(data, chunk)
        assert (raised.value.line, raised.value.column) == (5, 5)


def test_an_item_over_the_limit_is_refused_before_it_is_read_whole() -> None:
    data = b'{"entries": ["' + b"a" * 10_000 + b'"]}'
    with pytest.raises(ItemTooLarge):
        items(data, chunk=100, limit=1000)
    assert items(data, chunk=100, limit=20_000) == ["a" * 10_000]


def test_a_lone_surrogate_escape_is_kept_for_the_caller_to_refuse() -> None:
    assert items(b'{"entries": ["\\ud800 alone"]}') == ["\ud800 alone"]
