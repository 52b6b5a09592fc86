"""Every importer, fuzzed end to end: hypothesis writes hostile files (lone
surrogates, control characters, NULs, byte order marks, huge numbers, odd
dates and time zones, values of the wrong type, deep nesting), and each goes
through the real path: the ``import`` command into a real vault, then
``list``, ``show`` and ``export-all`` (Markdown and JSON), and the app's entry
list and editor. A file is imported whole or refused in one sentence; nothing
fails as a bug, and what was imported reads back."""

from __future__ import annotations

import itertools
import json
import re
import shutil
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QApplication

from tests.helpers.cli import Result, cli
from tests.helpers.processes import write_secret
from tests.helpers.vaults import PASSPHRASE, VaultInfo, make_vault
from therapy_journal.gui.journal.editor import EntryEditor
from therapy_journal.gui.journal.entry_model import SNIPPET_HTML_ROLE, EntryListModel
from therapy_journal.services.journal import JournalService

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# --- hostile values ------------------------------------------------------------------------

_CLEAN_ATOMS = [
    "\x00",
    "\x1b[2J\x1b]0;title\x07",
    "\ufeff",
    "\u202e",
    "\r\n",
    "\n---\n",
    "# ",
    "@tag",
    "\\",
    '"',
    "'",
    "%s{0}",
    "\u0085\u2028",
    "\U0010ffff",
    "é",
    "e\u0301",
    "x" * 600,
    "\t",
    "<script>",
    "*[a](javascript:x)*",
    "\x7f\x9b",
    "...",
    "- [ ] item",
]
# Text a file can hold: any character but the surrogates (controls, NULs, marks...).
CLEAN_TEXT = st.lists(
    st.one_of(st.sampled_from(_CLEAN_ATOMS), st.text(max_size=12)), max_size=4
).map("".join)
# Text with lone surrogates too: not Unicode, so the file is damaged.
BROKEN_TEXT = st.lists(
    st.one_of(
        st.sampled_from(["\ud800", "\udfff", "\udc80x"]),
        st.text(st.characters(exclude_categories=()), max_size=12),
    ),
    min_size=1,
    max_size=3,
).map("".join)
_IN_RANGE = st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 12, 31, 23, 59))
_ODD_DATES = st.sampled_from(
    [
        "0001-01-01",
        "9999-12-31T23:59:59",
        "1899-12-31T23:59:59",
        "2201-01-01",
        "2024-02-30",
        "2024-13-01",
        "2024-01-01T25:00",
        "",
        " ",
        "20240101",
        "2024-W01-1",
        "9" * 80,
    ]
)
_EDGE_DATES = st.sampled_from(["1900-01-01T00:00", "2200-12-31T23:59:59+14:00", "2200-12-31"])
CLEAN_ISO = st.one_of(_IN_RANGE.map(datetime.isoformat), _EDGE_DATES)
_NUMBERS = st.one_of(
    st.integers(min_value=-(10**200), max_value=10**200),
    st.floats(allow_nan=False),
    st.booleans(),
)
# Anything at all where a field should be: the wrong type, nested structures.
ANYTHING = st.recursive(
    st.none() | _NUMBERS | CLEAN_TEXT | BROKEN_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(CLEAN_TEXT, inner, max_size=3),
    max_leaves=6,
)
HOSTILE_TEXT = st.one_of(BROKEN_TEXT, ANYTHING)
HOSTILE_DATE = st.one_of(_ODD_DATES, BROKEN_TEXT, ANYTHING)
CLEAN_TAGS = st.lists(CLEAN_TEXT, max_size=3)
CLEAN_MOOD = st.one_of(st.none(), st.integers(min_value=1, max_value=10))
CLEAN_ZONES = st.one_of(
    st.none(),
    st.sampled_from(
        ["Europe/London", "Asia/Tokyo", "Pacific/Kiritimati", "Etc/GMT+12", "UTC", "Mars/Olympus"]
    ),
)
HOSTILE_ZONES = st.one_of(
    st.sampled_from(["../../etc/passwd", "A" * 5000, "Europe//London", "UTC\x00"]), HOSTILE_TEXT
)


def entry_strategies(
    clean: dict[str, st.SearchStrategy[Any]], hostile: dict[str, st.SearchStrategy[Any]]
) -> tuple[st.SearchStrategy[Any], st.SearchStrategy[Any]]:
    """(an entry a file could hold, one with some fields replaced by hostile values)."""
    clean_entry = st.fixed_dictionaries(clean)
    spoiled = st.fixed_dictionaries(
        {key: st.one_of(value, hostile[key]) for key, value in clean.items()}
    )
    return clean_entry, spoiled


JRNL = entry_strategies(
    {
        "date": _IN_RANGE.map(lambda d: d.date().isoformat()),
        "time": st.sampled_from(["09:15", "23:59", "00:00", ""]),
        "title": CLEAN_TEXT,
        "body": CLEAN_TEXT,
        "tags": CLEAN_TAGS,
        "starred": st.booleans(),
    },
    {
        "date": HOSTILE_DATE,
        "time": st.sampled_from(["24:00", "9:5", "T"]) | HOSTILE_TEXT,
        "title": HOSTILE_TEXT,
        "body": HOSTILE_TEXT,
        "tags": st.lists(HOSTILE_TEXT, min_size=1, max_size=2) | ANYTHING,
        "starred": ANYTHING,
    },
)
DAYONE = entry_strategies(
    {
        "creationDate": _IN_RANGE.map(lambda d: d.isoformat() + "Z"),
        "timeZone": CLEAN_ZONES,
        "text": CLEAN_TEXT,
        "tags": CLEAN_TAGS,
        "starred": st.booleans(),
    },
    {
        "creationDate": HOSTILE_DATE,
        "timeZone": HOSTILE_ZONES,
        "text": HOSTILE_TEXT,
        "tags": st.lists(HOSTILE_TEXT, min_size=1, max_size=2) | ANYTHING,
        "starred": ANYTHING,
    },
)
JSONL = entry_strategies(
    {
        "created": CLEAN_ISO,
        "title": CLEAN_TEXT,
        "body": CLEAN_TEXT,
        "tags": CLEAN_TAGS,
        "mood": CLEAN_MOOD,
    },
    {
        "created": HOSTILE_DATE,
        "title": HOSTILE_TEXT,
        "body": HOSTILE_TEXT,
        "tags": st.lists(HOSTILE_TEXT, min_size=1, max_size=2) | ANYTHING,
        "mood": _NUMBERS | ANYTHING,
    },
)
_CLEAN_FRONT = st.fixed_dictionaries(
    {},
    optional={
        "date": CLEAN_ISO | _IN_RANGE | _IN_RANGE.map(datetime.date),
        "title": CLEAN_TEXT,
        "tags": CLEAN_TEXT | CLEAN_TAGS,
        "mood": CLEAN_MOOD,
    },
)
_HOSTILE_FRONT = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "date": HOSTILE_DATE,
            "title": HOSTILE_TEXT,
            "tags": HOSTILE_TEXT,
            "mood": _NUMBERS | ANYTHING,
        },
    ),
    CLEAN_TEXT,  # front matter that is not YAML key: value lines
)
MARKDOWN = entry_strategies(
    {"front": st.none() | _CLEAN_FRONT, "body": CLEAN_TEXT, "bom": st.booleans()},
    {"front": _HOSTILE_FRONT, "body": BROKEN_TEXT, "bom": st.booleans()},
)


# --- writing the files -------------------------------------------------------------------


def _json_bytes(document: Any, bom: bool) -> bytes:
    # ensure_ascii: lone surrogates become \ud800 escapes, as JavaScript writes them.
    return (b"\xef\xbb\xbf" if bom else b"") + json.dumps(document, ensure_ascii=True).encode()


def _markdown_bytes(item: dict[str, Any]) -> bytes:
    front = item["front"]
    if isinstance(front, dict):
        try:
            head = "---\n" + yaml.safe_dump(front, allow_unicode=False) + "---\n"
        except yaml.YAMLError:
            head = "---\n" + repr(front) + "\n---\n"
    elif isinstance(front, str):
        head = "---\n" + front + "\n---\n"
    else:
        head = ""
    text = ("\ufeff" if item["bom"] else "") + head + item["body"]
    return text.encode("utf-8", "surrogatepass")  # a surrogate makes the file not UTF-8


def write_input(fmt: str, folder: Path, items: list[Any], bom: bool) -> Path:
    if fmt == "jrnl-json":
        path = folder / "jrnl.json"
        path.write_bytes(_json_bytes({"tags": {"@x": 1}, "entries": items}, bom))
    elif fmt == "dayone-json":
        path = folder / "Journal.json"
        path.write_bytes(_json_bytes({"metadata": {"version": "1.0"}, "entries": items}, bom))
    elif fmt == "jsonl":
        path = folder / "in.jsonl"
        lines = [json.dumps(item, ensure_ascii=True) for item in items]
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + "\n".join(lines).encode())
    else:
        path = folder / "notes"
        path.mkdir()
        for number, item in enumerate(items):
            (path / f"{number:03d}.md").write_bytes(_markdown_bytes(item))
        if not items:
            (path / "empty.md").write_bytes(b"")
    return path


# --- the journal under test ---------------------------------------------------------------


class Vault:
    """A real vault on disk; the CLI opens it as a person would."""

    def __init__(self, tmp_path: Path, info: VaultInfo) -> None:
        self.info = info
        self.folder = info.folder
        self.pass_file = write_secret(tmp_path / "pass.txt", PASSPHRASE)
        self.scratch = tmp_path / "scratch"
        self.counter = itertools.count()

    def run(self, *args: str) -> Result:
        return cli("--vault", str(self.folder), "--passphrase-file", str(self.pass_file), *args)

    def fresh_folder(self) -> Path:
        folder = self.scratch / str(next(self.counter))
        folder.mkdir(parents=True)
        return folder

    def listed(self) -> list[dict[str, Any]]:
        result = self.run("list", "--json", "--limit", "100000")
        assert result.code == 0, result.err
        entries: list[dict[str, Any]] = json.loads(result.out)
        return entries


@pytest.fixture
def vault(tmp_path: Path, vault_folder: Path) -> Iterator[Vault]:
    info = make_vault(vault_folder)
    yield Vault(tmp_path, info)
    info.vault.lock()


def _listing(line: str) -> bool:
    """The files a Markdown import cannot read, listed before its one sentence."""
    return line.startswith("  ") or line.endswith("cannot be read:")


def _warning(line: str) -> bool:
    """A warning said on the way: logged, or an entry's unknown time zone named."""
    return line.startswith("WARNING ") or bool(
        re.fullmatch(r"Entry \d+: the time zone .* is not known on this computer.*", line)
    )


def one_sentence(result: Result) -> None:
    """One line for the person (after any warning on the way, such as an unknown
    time zone, and a list of files that cannot be read), nothing on standard output."""
    assert result.out == "", result.out
    said = [line for line in result.err.splitlines() if not _warning(line) and not _listing(line)]
    assert len(said) == 1 and said[0].startswith("therapy-journal: "), result.err
    assert "bug" not in result.err and "Traceback" not in result.err, result.err


def import_and_read_back(
    vault: Vault, fmt: str, items: list[Any], bom: bool, qapp: QApplication
) -> None:
    journal = JournalService(vault.info.vault)
    folder = vault.fresh_folder()
    path = write_input(fmt, folder, items, bom)
    before = list(journal.ids())
    result = vault.run("import", "--from", fmt, str(path), "--json")
    if result.code != 0:
        assert result.code == 1, result.err
        one_sentence(result)
        event(f"refused: {result.err.split(':')[1][:20]}")
        assert list(journal.ids()) == before  # all or nothing
        return
    # A Day One time zone this computer does not know is said, nothing else.
    assert all(_warning(line) for line in result.err.splitlines()), result.err
    summary = json.loads(result.out)
    event(f"imported {summary['imported']}")
    new = [entry_id for entry_id in journal.ids() if entry_id not in set(before)]
    assert len(new) == summary["imported"]
    listed = {entry["id"]: entry for entry in vault.listed()}
    for entry_id in new:
        shown = vault.run("show", str(entry_id), "--json")
        assert shown.code == 0, shown.err
        assert json.loads(shown.out) == listed[entry_id]
    if new:
        assert vault.run("show", str(new[0])).code == 0
        assert vault.run("search", "a").code == 0
    for export_format in ("markdown", "json"):
        target = folder / f"export-{export_format}"
        exported = vault.run("export-all", "--format", export_format, "-o", str(target), "--json")
        assert exported.code == 0, exported.err
        shutil.rmtree(target)
    _shown_in_the_app(journal, new, qapp)


def _shown_in_the_app(journal: JournalService, ids: list[int], qapp: QApplication) -> None:
    """The app's entry list shows every row, and the editor and its preview each entry."""
    model = EntryListModel(journal)
    model.set_ids(journal.ids())
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            for role in (0, 3, SNIPPET_HTML_ROLE):  # display, tooltip, snippet
                model.index(row, column).data(role)
    editor = EntryEditor()
    try:
        for entry in journal.get_many(ids):
            editor.load(journal, entry)
            editor.tabs.setCurrentWidget(editor.preview)
            assert editor.entry_id == entry.id and editor.isEnabled()
            editor.tabs.setCurrentWidget(editor.body)
        editor.clear()  # nothing was typed: nothing to save
    finally:
        editor.deleteLater()
        qapp.processEvents()


FORMATS: dict[str, tuple[st.SearchStrategy[Any], st.SearchStrategy[Any]]] = {
    "jrnl-json": JRNL,
    "dayone-json": DAYONE,
    "jsonl": JSONL,
    "markdown": MARKDOWN,
}


def _fuzz(fmt: str) -> Callable[..., None]:
    clean, spoiled = FORMATS[fmt]
    # Half the files hold only entries a file could hold (they must import and read
    # back), half have some entries spoiled (they must be refused in one sentence).
    files = st.one_of(
        st.lists(clean, min_size=1, max_size=4), st.lists(clean | spoiled, min_size=1, max_size=4)
    )

    @FUZZ
    @given(items=files, bom=st.booleans())
    def check(vault: Vault, qapp: QApplication, items: list[Any], bom: bool) -> None:
        import_and_read_back(vault, fmt, items, bom, qapp)

    return check


test_jrnl_json_fuzzed_end_to_end = _fuzz("jrnl-json")
test_dayone_json_fuzzed_end_to_end = _fuzz("dayone-json")
test_jsonl_fuzzed_end_to_end = _fuzz("jsonl")
test_markdown_fuzzed_end_to_end = _fuzz("markdown")
