"""One entry as a file in a bundle: written with front matter, read back strictly."""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers.bundles import (
    ENTRY_FILE,
    age_file,
    at,
    contents_of,
    crafted_zip,
    entry_file,
    only_bundle_errors,
    opens_nothing,
)
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.services.prompts import PromptService
from therapy_journal.services.sharing.contents import gather
from therapy_journal.services.sharing.entry_files import (
    entry_file_name,
    entry_markdown,
    parse_entry_file,
)
from therapy_journal.services.sharing.errors import BundleDamaged
from therapy_journal.services.sharing.pack import pack
from therapy_journal.services.sharing.pages import SharedEntry
from therapy_journal.services.sharing.received import read_bundle
from therapy_journal.services.sharing.selection import Selection
from therapy_journal.store.models import Entry
from therapy_journal.store.vault import Vault


def test_entry_files_have_front_matter_and_safe_names(
    vault: Vault, journal: JournalService
) -> None:
    prompt = PromptService(vault).prompts()[0]
    title = 'Ünïcode "quoted" ../../etc/passwd \\ back: slash\ufeff\x7f'
    journal.add(
        make_entry(
            title=title,
            body="---\nnot: front matter\n---\n",
            mood=3,
            tags=["a", "b-c"],
            created=at(5),
            prompt_id=prompt.id,
        )
    )
    contents = gather(vault, Selection(all_entries=True))
    (name,) = [n for n in contents.names() if n.startswith("entries/")]
    assert re.fullmatch(r"entries/0001-2026-03-05-[a-z0-9-]+\.md", name)
    assert ".." not in name
    text = contents.file(name).decode()
    head, _, body = text.partition("\n---\n\n")
    assert body == "---\nnot: front matter\n---\n"
    lines = head.split("\n")
    assert lines[0] == "---"
    values = {line.split(": ", 1)[0]: json.loads(line.split(": ", 1)[1]) for line in lines[1:]}
    assert values["title"] == " ".join(title.split())
    assert values["mood"] == 3 and values["tags"] == ["a", "b-c"]
    assert values["prompt"] == prompt.text
    assert datetime.fromisoformat(values["date"]) == at(5)
    assert "\ufeff" not in head and "\x7f" not in head  # not allowed raw in YAML
    assert "\\ufeff" in head and "\\u007f" in head
    (entry,) = read_bundle(pack(contents)).entries
    assert entry.prompt == prompt.text and entry.title == values["title"]


ENTRY_CASES = [
    ("broken front matter", b"no front matter", r"entry entries/0001-x\.md .* cannot be read"),
    ("mood out of range", ENTRY_FILE.replace(b"mood: 5", b"mood: 11"), r"cannot be read"),
    ("naive date", ENTRY_FILE.replace(b"-05:00", b""), r"cannot be read"),
]


@pytest.mark.parametrize(
    ("data", "says"), [c[1:] for c in ENTRY_CASES], ids=[c[0] for c in ENTRY_CASES]
)
def test_an_entry_that_cannot_be_read_is_refused_and_nothing_is_extracted(
    data: bytes, says: str, key: tuple[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "hostile.age"
    path.write_bytes(age_file(crafted_zip([("entries/0001-x.md", data)]), key[1]))
    error = opens_nothing(path, tmp_path / "out", identities=[key[0]])
    assert re.search(says, str(error)), str(error)


@settings(max_examples=200, deadline=None)
@given(
    st.binary(max_size=600)
    | st.text(max_size=600).map(lambda text: ("---\n" + text).encode())
    | st.text(max_size=200).map(lambda text: ENTRY_FILE.replace(b'"Hello"', text.encode()))
)
def test_any_entry_file_is_read_or_refused_plainly(text: bytes) -> None:
    contents = contents_of({"entries/0001-x.md": text}, entries=1)
    only_bundle_errors(lambda: read_bundle(pack(contents)))


def test_lone_surrogates_and_controls_in_front_matter_are_replaced() -> None:
    data = entry_file(
        raw_title=b'"Half \\ud800 a pair \\u001b[2J"',
        raw_tags=b'["ok", "\\udfff"]',
        body="Line one\x00\nLine two\x1b[31m\ttab",
    )
    entry = parse_entry_file("entries/0001-x.md", data)
    assert entry.title == "Half \ufffd a pair \ufffd[2J"
    assert entry.tags == ("ok", "\ufffd")
    assert entry.body == "Line one\ufffd\nLine two\ufffd[31m\ttab"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.characters() | st.integers(0xD800, 0xDFFF).map(chr), max_size=40).map("".join))
def test_any_title_reads_as_text_that_encodes(title: str) -> None:
    quoted = json.dumps(title, ensure_ascii=True).encode()  # escapes, surrogates too
    try:
        entry = parse_entry_file("entries/0001-x.md", entry_file(raw_title=quoted))
    except BundleDamaged as error:
        assert str(error) == "The entry entries/0001-x.md in the bundle cannot be read."
        return
    entry.title.encode("utf-8")
    assert all(tag.encode("utf-8") for tag in entry.tags)


_TEXT = st.text(st.characters(codec="utf-8") | st.sampled_from('\u2028\u2029\ufeff\x85"\\'))
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


@settings(max_examples=300, deadline=None)
@given(
    title=_TEXT,
    tags=st.lists(_TEXT, max_size=4),
    mood=st.none() | st.integers(1, 10),
    prompt=st.none() | _TEXT,
    journal=_TEXT,
)
def test_the_front_matter_is_json_values_with_yaml_breakers_escaped(
    title: str, tags: list[str], mood: int | None, prompt: str | None, journal: str
) -> None:
    """The faster formatting (issue 20) writes what json.dumps of each value
    wrote, and the file name what decomposing the title wrote."""
    created = datetime.fromisoformat("2024-07-04T21:40:00.250000+09:00")
    entry = Entry(1, created, created, title, "body", mood, tuple(tags), 1)
    values = {"date": created.isoformat(), "title": title, "mood": mood, "tags": tags}
    if prompt is not None:
        values["prompt"] = prompt
    if journal:
        values["journal"] = journal
    front = "".join(
        f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in values.items()
    )
    front = _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", front)
    expected = f"---\n{front}---\n\nbody".encode()
    assert entry_markdown(SharedEntry(entry, prompt, journal)) == expected
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:40].rstrip("-") or "entry"
    assert entry_file_name(7, entry) == f"entries/0007-2024-07-04-{slug}.md"


@pytest.mark.parametrize(
    ("date", "shown"),
    [
        ("9999-12-31T23:59:59-05:00", "9999-12-31 23:59"),
        ("0001-01-01T00:00:00+05:00", "0001-01-01"),
    ],
)
def test_an_entry_dated_outside_the_range_is_refused_with_the_range(date: str, shown: str) -> None:
    data = ENTRY_FILE.replace(b"2026-03-01T09:30:00-05:00", date.encode())
    with pytest.raises(BundleDamaged) as raised:
        parse_entry_file("entries/0001-x.md", data)
    assert str(raised.value) == (
        f"The entry entries/0001-x.md in the bundle cannot be read: {shown} is outside the "
        "dates the journal keeps (the years 1900 to 2200)."
    )
