"""The shared page: its policy, what it loads (nothing), and the age file it
carries, found again by open-bundle and refused when damaged."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pyrage import x25519

from tests.helpers.bundles import small_zip
from therapy_journal.services.sharing.age import decrypt
from therapy_journal.services.sharing.age_header import read_header
from therapy_journal.services.sharing.age_scrypt import armor, encrypt_with_passphrase
from therapy_journal.services.sharing.errors import BundleDamaged, BundleError
from therapy_journal.services.sharing.html_page import (
    MAX_PAGE_BYTES,
    age_file_in,
    is_page,
    make_page,
)
from therapy_journal.services.sharing.received import open_bundle

PHRASE = "tulip-anchor-river-stone-lamp-cloud-quiet"
MARKER = b'<pre id="age-file" hidden>\n'


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of each script and style."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.head: list[str] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._in: str | None = None
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "head":
            self._in_head = True
        elif self._in_head:
            self.head.append(tag)
        if tag in ("script", "style"):
            self._in = tag
            (self.scripts if tag == "script" else self.styles).append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._in_head = False
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.scripts[-1] += data
        elif self._in == "style":
            self.styles[-1] += data


@pytest.fixture(scope="module")
def page() -> bytes:
    return make_page(armor(encrypt_with_passphrase(small_zip(), PHRASE, 10)))


@pytest.fixture(scope="module")
def parsed(page: bytes) -> Elements:
    elements = Elements()
    elements.feed(page.decode("utf-8"))
    return elements


def policy(parsed: Elements) -> dict[str, list[str]]:
    csp = next(
        attrs["content"]
        for tag, attrs in parsed.tags
        if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"
    )
    assert csp is not None
    rules = [rule.split() for rule in csp.split(";")]
    return {rule[0]: rule[1:] for rule in rules if rule}


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_the_policy_is_the_first_thing_in_head(parsed: Elements) -> None:
    assert parsed.head[0] == "meta"
    first_meta = next(attrs for tag, attrs in parsed.tags if tag == "meta")
    assert first_meta.get("http-equiv") == "Content-Security-Policy"


def test_the_policy_allows_exactly_its_own_scripts_and_style_by_hash(parsed: Elements) -> None:
    rules = policy(parsed)
    assert rules["default-src"] == ["'none'"]
    assert sorted(rules["script-src"]) == sorted(sha256_source(s) for s in parsed.scripts)
    assert rules["style-src"] == [sha256_source(s) for s in parsed.styles]
    assert len(parsed.scripts) == 2 and len(parsed.styles) == 1
    assert rules["base-uri"] == ["'none'"] and rules["form-action"] == ["'none'"]
    allowed = " ".join(value for values in rules.values() for value in values)
    assert "unsafe" not in allowed and "http" not in allowed and "*" not in allowed


def test_the_page_loads_nothing_from_anywhere(parsed: Elements) -> None:
    for tag, attrs in parsed.tags:
        assert "src" not in attrs, tag
        assert not any(name.startswith("on") for name in attrs), tag
        if tag == "link":
            pytest.fail("the page has a <link>")
        if tag == "a":  # a link a person may follow; never loaded by the page
            assert str(attrs.get("href", "")).startswith("https://")


def test_scripts_hold_nothing_that_ends_an_inline_script(parsed: Elements) -> None:
    for script in parsed.scripts:
        assert not re.search(r"</?script", script, re.IGNORECASE)


def test_the_page_carries_the_age_file_open_bundle_reads(page: bytes, tmp_path: Path) -> None:
    assert is_page(page)
    carried = age_file_in(page)
    assert decrypt(carried, passphrase=PHRASE) == small_zip()
    path = tmp_path / "shared.html"
    path.write_bytes(page)
    opened = open_bundle(path, passphrase=PHRASE)
    assert [entry.title for entry in opened.entries] == ["Hello"]


def test_a_page_for_a_key_opens_with_the_key(tmp_path: Path) -> None:
    identity = x25519.Identity.generate()
    from therapy_journal.services.sharing.bundle_file import seal  # noqa: PLC0415

    page = seal(small_zip(), recipients=[str(identity.to_public())], passphrase=None, form="html")
    assert read_header(age_file_in(page)).stanza_types[0] == b"X25519"
    path = tmp_path / "for-you.html"
    path.write_bytes(page)
    assert open_bundle(path, identities=[str(identity)]).entries[0].title == "Hello"


def test_only_an_armored_age_file_goes_into_a_page() -> None:
    with pytest.raises(BundleError, match="armored"):
        make_page(encrypt_with_passphrase(b"x", PHRASE, 10))


@pytest.mark.parametrize(
    ("damage", "needle"),
    [
        (lambda p: p.replace(b'<pre id="age-file" hidden>', b"<pre>"), "holds no bundle"),
        (lambda p: p[: p.index(b"-----END AGE")], "cut short"),
        (lambda p: p.replace(b"-----END AGE ENCRYPTED FILE-----", b""), "cut short"),
        (
            lambda p: p.replace(b"</pre>\n<script>", b'</pre><pre id="age-file" hidden>\n'),
            "no bundle",
        ),
        (lambda p: b"<!DOCTYPE html><html><body>Just a web page</body></html>", "no bundle"),
    ],
)
def test_a_damaged_page_is_refused_as_damaged(
    page: bytes, tmp_path: Path, damage: object, needle: str
) -> None:
    path = tmp_path / "damaged.html"
    path.write_bytes(damage(page))  # type: ignore[operator]
    with pytest.raises(BundleDamaged, match=needle):
        open_bundle(path, passphrase=PHRASE)


def test_a_changed_character_in_the_carried_file_is_damage_not_a_wrong_passphrase(
    page: bytes, tmp_path: Path
) -> None:
    middle = page.index(b"-----BEGIN AGE") + 400
    changed = (
        page[:middle] + (b"A" if page[middle : middle + 1] != b"A" else b"B") + page[middle + 1 :]
    )
    path = tmp_path / "changed.html"
    path.write_bytes(changed)
    with pytest.raises(BundleDamaged):
        open_bundle(path, passphrase=PHRASE)


def test_a_page_far_larger_than_any_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    with path.open("wb") as handle:  # sparse: nothing is really written or read
        handle.write(b"<!DOCTYPE html>")
        handle.truncate(MAX_PAGE_BYTES + 1)
    with pytest.raises(BundleDamaged, match="far larger"):
        open_bundle(path, passphrase=PHRASE)


def test_what_is_not_a_page_is_not_taken_for_one() -> None:
    assert not is_page(b"age-encryption.org/v1\n")
    assert not is_page(b"-----BEGIN AGE ENCRYPTED FILE-----\n")
    assert is_page(b"\n  <!doctype html>\n<html>")
