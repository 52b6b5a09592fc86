"""Salvage: with damage at each kind of place in the database, every entry that
can be read is written as export-all writes it, byte for byte as it was; what
is read only in part says so; what is lost is listed; the vault is not changed."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.damage import ENTRIES, body_of, damage, make_layered_vault
from tests.helpers.pages import data_key
from tests.helpers.vaults import VaultInfo, make_vault
from therapy_journal.services import salvage as salvage_module
from therapy_journal.services.importers import read
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.services.salvage import (
    READ_NOTE,
    REPORT_FILE,
    NothingReadable,
    SalvageResult,
    Source,
    salvage,
)
from therapy_journal.store.keyfile import KeyFile
from therapy_journal.store.pagefile import PageFile, table_rows
from therapy_journal.store.vault import DB_NAME, KEY_NAME, Vault

EXPECTED = {f"entry {n}": body_of(n) for n in range(1, ENTRIES + 1)}


@pytest.fixture
def layered(vault_folder: Path) -> VaultInfo:
    return make_layered_vault(vault_folder)


@pytest.fixture
def unlocked(layered: VaultInfo) -> Iterator[Vault]:
    vault = Vault(layered.folder)
    yield vault
    vault.lock()


def file_source(info: VaultInfo) -> Source:
    """What the command line salvages from: the key from the key file, no unlock."""
    keyfile = KeyFile.load(info.folder / KEY_NAME)
    key = data_key(info.folder, info.passphrase)
    return Source.of_file(info.folder, key, keyfile.sqlcipher_compatibility)


def written_entries(folder: Path) -> dict[str, str]:
    """Title -> body of each entry file, read back by the Markdown importer."""
    return {entry.title: entry.body for entry in read("markdown", folder / "entries")}


def assert_private(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), path


def check_accounting(result: SalvageResult, written: dict[str, str]) -> None:
    """Every entry is saved whole, saved in part (and says so), or listed as lost."""
    whole = {title: body for title, body in written.items() if not body.startswith(READ_NOTE)}
    assert whole == {title: EXPECTED[title] for title in whole}  # exactly as written
    assert result.saved == len(whole)
    assert len(written) - len(whole) == len(result.partial)
    assert result.saved + len(result.partial) + len(result.lost) == ENTRIES


# Damage at each kind of place; the entries salvage must save whole (at least).
PLACES = {
    "entries-leaf": ENTRIES - 6,  # one leaf holds a few entries; their words come back
    "entries-overflow": ENTRIES - 1,  # one long body loses a page; its start comes back
    "entries-interior": ENTRIES,  # SQLite cannot reach the leaves; the pages are read
    "index": ENTRIES,
    "search-index": ENTRIES,
    "freed-pages": ENTRIES,
    "profile": ENTRIES,
    "page-1": ENTRIES,  # the schema is lost; the pages are read
}


@pytest.mark.parametrize("where", list(PLACES))
def test_salvage_saves_every_readable_entry_with_damage_at(
    layered: VaultInfo, tmp_path: Path, where: str
) -> None:
    damage(layered, where)
    before = (layered.folder / DB_NAME).read_bytes()
    out = tmp_path / "saved"

    result = salvage(file_source(layered), out)

    written = written_entries(out)
    check_accounting(result, written)
    assert result.saved >= PLACES[where]
    assert (out / REPORT_FILE).read_text(encoding="utf-8").count(result.summary()) == 1
    assert_private(out)
    assert (layered.folder / DB_NAME).read_bytes() == before  # the vault is only read
    if where in ("entries-interior", "page-1"):
        assert result.read_pages
    if where == "profile":
        assert result.pages_lost == ("profile",) and result.pages == ("goals.md",)
    elif where != "page-1":
        assert result.pages == ("profile.md", "goals.md") and result.pages_lost == ()


def test_an_entry_on_a_damaged_leaf_comes_back_from_the_search_index_and_says_so(
    layered: VaultInfo, tmp_path: Path
) -> None:
    damage(layered, "entries-leaf")
    result = salvage(file_source(layered), tmp_path / "saved")
    assert result.partial and not result.lost
    written = written_entries(tmp_path / "saved")
    for title, body in written.items():
        if body.startswith(READ_NOTE):
            number = int(title.split()[-1])
            # Its words, in order, as the index keeps them (lowercase, no punctuation).
            words = " ".join(body_of(number).lower().replace(".", "").split())
            assert words[:200] in " ".join(body.split())
    summary = result.summary()
    assert f"({len(result.partial)} of them only in part)" in summary


def test_an_entry_whose_long_body_lost_a_page_keeps_its_title_tags_and_first_lines(
    layered: VaultInfo, tmp_path: Path
) -> None:
    damage(layered, "entries-overflow")
    result = salvage(file_source(layered), tmp_path / "saved")
    assert len(result.partial) == 1
    (entry,) = [
        e for e in read("markdown", tmp_path / "saved" / "entries") if e.body.startswith(READ_NOTE)
    ]
    number = int(entry.title.split()[-1])
    assert entry.title == f"entry {number}" and number % 7 == 0  # a 20 KB body
    assert entry.tags == ("walk", f"week{number % 4}")
    assert f"Its first lines: entry{number} feels steady" in entry.body


def test_salvage_through_an_unlocked_vault_as_the_app_does(
    layered: VaultInfo, unlocked: Vault, tmp_path: Path
) -> None:
    damage(layered, "entries-interior")
    unlocked.unlock(layered.passphrase)  # the interior page is not read at unlock
    result = salvage(Source.of_vault(unlocked), tmp_path / "saved", "json")
    document = json.loads((tmp_path / "saved" / "journal.json").read_text(encoding="utf-8"))
    assert {e["title"]: e["body"] for e in document["entries"]} == EXPECTED
    assert document["profile"]["hopes"] == "someone who listens"
    assert result.pages == ("profile", "goals", "assessments", "contacts")
    assert sorted(p.name for p in (tmp_path / "saved").iterdir()) == [REPORT_FILE, "journal.json"]


def test_a_sound_vault_is_salvaged_whole_like_an_export(layered: VaultInfo, tmp_path: Path) -> None:
    result = salvage(file_source(layered), tmp_path / "saved")
    assert written_entries(tmp_path / "saved") == EXPECTED
    assert not result.damage_seen and not result.read_pages and not result.lost
    assert result.summary().endswith("Every entry could be read.")


def test_entries_in_the_trash_are_left_out_and_counted(
    vault_info: VaultInfo, tmp_path: Path
) -> None:
    journal = JournalService(vault_info.vault)
    journal.add(make_entry(title="kept", body="stays"))
    journal.move_to_trash(journal.add(make_entry(title="binned", body="gone")))
    result = salvage(Source.of_vault(vault_info.vault), tmp_path / "saved")
    assert list(written_entries(tmp_path / "saved")) == ["kept"]
    assert result.in_trash == 1


def test_a_database_with_nothing_readable_writes_nothing(
    vault_folder: Path, tmp_path: Path
) -> None:
    info = make_vault(vault_folder)
    JournalService(info.vault).add(make_entry(title="t", body="b"))
    info.vault.db.checkpoint()
    info.vault.lock()
    db = info.folder / DB_NAME
    db.write_bytes(os.urandom(db.stat().st_size))
    with pytest.raises(NothingReadable, match="Not one entry could be read"):
        salvage(file_source(info), tmp_path / "saved")
    assert not (tmp_path / "saved").exists()


def test_the_pages_are_read_with_what_the_write_ahead_log_holds(
    vault_info: VaultInfo, passphrase: str
) -> None:
    journal = JournalService(vault_info.vault)
    journal.add(make_entry(title="checkpointed", body="in journal.db"))
    vault_info.vault.db.checkpoint()
    journal.add(make_entry(title="only in the log", body="in journal.db-wal"))
    assert (vault_info.folder / (DB_NAME + "-wal")).stat().st_size > 0
    key = data_key(vault_info.folder, passphrase)
    with PageFile(vault_info.folder / DB_NAME, key) as pages:
        titles = {
            row.values[10] for row in table_rows(pages) if salvage_module.looks_like_an_entry(row)
        }
    assert titles == {"checkpointed", "only in the log"}


def test_cancelling_writes_nothing(layered: VaultInfo, tmp_path: Path) -> None:
    with pytest.raises(salvage_module.SalvageError, match="canceled"):
        salvage(file_source(layered), tmp_path / "saved", progress=lambda done, total: False)
    assert not (tmp_path / "saved").exists()
