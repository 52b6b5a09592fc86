"""Checking a received bundle's ZIP: hostile names, kinds and sizes are refused
before anything is kept, and no bytes at all break the reader."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers.bundles import (
    CUT,
    EDITS,
    age_file,
    crafted_zip,
    mutate,
    only_bundle_errors,
    opens_nothing,
    set_declared_size,
    small_zip,
    symlink,
    zeros_zip,
    zip_claiming,
    zip_with_index,
)
from therapy_journal.services.sharing.received import read_bundle


def hostile_zips() -> Iterator[tuple[str, Callable[[], bytes], str]]:
    """(case, how to build it, what the error says)."""
    yield "parent", lambda: crafted_zip([("../evil", b"x")]), r"outside its folder"
    yield "deep parent", lambda: crafted_zip([("entries/../../evil", b"x")]), r"outside|folder"
    yield "absolute", lambda: crafted_zip([("/abs", b"x")]), r"absolute path"
    yield "drive", lambda: crafted_zip([("C:\\x", b"x")]), r"absolute path"
    yield "unc", lambda: crafted_zip([("\\\\server\\x", b"x")]), r"absolute path"
    yield "backslash", lambda: crafted_zip([("entries\\x.md", b"x")]), r"backslash"
    yield "symlink", lambda: crafted_zip([(symlink("link.md"), b"/etc/passwd")]), r"symbolic"
    yield "duplicate", lambda: crafted_zip([("a.md", b"1"), ("a.md", b"2")]), r"same name"
    yield "case duplicate", lambda: crafted_zip([("a.md", b"1"), ("A.md", b"2")]), r"same name"
    yield "other folder", lambda: crafted_zip([("notes/x.md", b"x")]), r"other than entries"
    yield "folder entry", lambda: crafted_zip([("notes/", b"")]), r"other than entries"
    yield "bomb", lambda: zeros_zip("big.md", 300), r"more than 256 MiB"
    yield "ratio", lambda: zeros_zip("big.md", 20), r"zip bomb"
    yield (
        "claims huge",
        lambda: set_declared_size(crafted_zip([("a.md", b"x" * 100)]), "a.md", 2**31),
        r"more than 256 MiB|zip bomb",
    )
    yield (
        "claims small",
        lambda: set_declared_size(crafted_zip([("a.md", b"x" * 100_000)]), "a.md", 10),
        r"damaged|size",
    )
    yield "not a zip", lambda: b"PK but not really a zip", r"ZIP archive is damaged"
    yield "no zip at all", lambda: b"hello", r"does not hold a ZIP"
    yield (
        "too many files",
        lambda: crafted_zip([(f"f{n}.md", b"") for n in range(10_001)]),
        r"more than 10,000 files",
    )


HOSTILE = list(hostile_zips())


@pytest.mark.parametrize(("build", "says"), [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE])
def test_a_hostile_archive_in_a_valid_age_file_is_refused_and_nothing_is_extracted(
    build: Callable[[], bytes], says: str, key: tuple[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "hostile.age"
    path.write_bytes(age_file(build(), key[1]))
    error = opens_nothing(path, tmp_path / "out", identities=[key[0]])
    assert re.search(says, str(error)), str(error)


# -- fuzzing -------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=4096))
def test_random_bytes_never_break_read_bundle(data: bytes) -> None:
    only_bundle_errors(lambda: read_bundle(data))
    only_bundle_errors(lambda: read_bundle(b"PK\x03\x04" + data))


@settings(max_examples=200, deadline=None)
@given(edits=EDITS, cut=CUT)
def test_a_mutated_archive_never_breaks_read_bundle(edits: list[tuple[int, int]], cut: Any) -> None:
    only_bundle_errors(lambda: read_bundle(mutate(small_zip(), edits, cut)))


# -- the index, bounded before zipfile parses it -------------------------------------------

INDEXES = [
    ("claims 5 million files", lambda: zip_claiming(5_000_000), r"more than 10,000 files"),
    ("lists 100,000 files", lambda: zip_with_index(100_000), r"more than 10,000 files"),
    (
        "lists 100,000 files, claims one",
        lambda: zip_with_index(100_000, claimed=1),
        r"list of files is far larger",
    ),
]


@pytest.mark.parametrize(("build", "says"), [c[1:] for c in INDEXES], ids=[c[0] for c in INDEXES])
def test_an_index_listing_too_many_files_is_refused_before_zipfile_reads_it(
    build: Callable[[], bytes],
    says: str,
    key: tuple[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "index.age"
    path.write_bytes(age_file(build(), key[1]))
    reached: list[object] = []

    def parser(*args: object, **kwargs: object) -> None:
        reached.append(args)
        raise AssertionError("zipfile was given the archive")

    monkeypatch.setattr(zipfile, "ZipFile", parser)
    error = opens_nothing(path, tmp_path / "out", identities=[key[0]])
    assert re.search(says, str(error)), str(error)
    assert reached == []
