"""A received bundle's manifest, checked against the files it lists."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers.bundles import (
    age_file,
    crafted_zip,
    lone_surrogate_manifest,
    manifest_with,
    only_bundle_errors,
    opens_nothing,
)
from therapy_journal.services.sharing.errors import BundleDamaged
from therapy_journal.services.sharing.layout import FORMAT_VERSION
from therapy_journal.services.sharing.received import open_bundle, read_bundle


def manifest_cases() -> Iterator[tuple[str, Callable[[], bytes], str]]:
    """(case, how to build it, what the error says)."""
    yield (
        "hash mismatch",
        lambda: crafted_zip([("a.md", b"changed")], listed={"a.md": b"original"}),
        r"was changed after",
    )
    yield (
        "not listed",
        lambda: crafted_zip([("a.md", b"1"), ("extra.md", b"2")], listed={"a.md": b"1"}),
        r"does not list",
    )
    yield (
        "listed but missing",
        lambda: crafted_zip([("a.md", b"1")], listed={"a.md": b"1", "b.md": b"2"}),
        r"is missing b\.md",
    )
    yield (
        "manifest missing",
        lambda: crafted_zip([("a.md", b"1")], manifest=b"").replace(
            b"manifest.json", b"manifest.jsom"
        ),
        r"no manifest",
    )
    yield "manifest not json", lambda: crafted_zip([], manifest=b"{not json"), r"cannot be read"
    yield "manifest a list", lambda: crafted_zip([], manifest=b"[]"), r"cannot be read"
    yield (
        "manifest too deep",
        lambda: crafted_zip([], manifest=b"[" * 100_000 + b"]" * 100_000),
        r"cannot be read",
    )
    yield (
        "newer format",
        lambda: crafted_zip(
            [], manifest=json.dumps(manifest_with(format_version=FORMAT_VERSION + 1)).encode()
        ),
        r"newer version",
    )
    yield (
        "bad hash field",
        lambda: crafted_zip(
            [("a.md", b"1")],
            manifest=json.dumps(manifest_with(files={"a.md": {"sha256": "x"}})).encode(),
        ),
        r"list its files",
    )


CASES = list(manifest_cases())


@pytest.mark.parametrize(("build", "says"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_bad_manifest_is_refused_and_nothing_is_extracted(
    build: Callable[[], bytes], says: str, key: tuple[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "hostile.age"
    path.write_bytes(age_file(build(), key[1]))
    error = opens_nothing(path, tmp_path / "out", identities=[key[0]])
    assert re.search(says, str(error)), str(error)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


MANIFEST_KEYS = st.sampled_from(["format_version", "created", "included", "files"])


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(MANIFEST_KEYS | st.text(max_size=5), JSON, max_size=5))
def test_any_manifest_is_read_or_refused_plainly(changes: dict[str, Any]) -> None:
    archive = crafted_zip([("a.md", b"1")], manifest=json.dumps(manifest_with(**changes)).encode())
    only_bundle_errors(lambda: read_bundle(archive))


def test_a_lone_surrogate_in_the_manifest_is_replaced(key: tuple[str, str], tmp_path: Path) -> None:
    path = tmp_path / "b.age"
    path.write_bytes(lone_surrogate_manifest(key[1]))
    summary = open_bundle(path, identities=[key[0]]).summary()
    assert summary["app"] == "Therapy \ufffd Journal"
    json.dumps(summary, ensure_ascii=False).encode("utf-8")


def test_a_name_the_manifest_gives_is_quoted_only_when_it_is_plain() -> None:
    manifest = manifest_with()
    manifest["files"]["<table>" * 1000 + "\ud800"] = manifest["files"]["a.md"]
    raw = json.dumps(manifest, ensure_ascii=True).encode()  # the surrogate as an escape
    with pytest.raises(BundleDamaged) as caught:
        read_bundle(crafted_zip([("a.md", b"1")], manifest=raw))
    assert str(caught.value) == (
        "The bundle is missing a file with an unusual name, which its manifest lists."
    )


@pytest.mark.parametrize("app", [7, "x" * 101, ["Therapy Journal"]])
def test_an_app_name_that_is_not_a_short_text_is_damage(app: object) -> None:
    archive = crafted_zip([("a.md", b"1")], manifest=json.dumps(manifest_with(app=app)).encode())
    with pytest.raises(BundleDamaged, match="which app made it"):
        read_bundle(archive)
