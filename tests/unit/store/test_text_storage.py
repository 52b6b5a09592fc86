"""Bodies are stored compressed (issue 20, disk): what is read, searched,
snippeted and checked is the same as before, old plain rows still read, and a
vault made before (schema 10: journals and attachments) is packed and its
search index rebuilt at unlock."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.damage import body_of
from tests.helpers.processes import REPO_ROOT, writer_env
from tests.helpers.vaults import (
    FAST_KDF,
    PASSPHRASE,
    VaultInfo,
    make_vault_before,
    reopen_migrated,
)
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.store import migrations, textpack
from therapy_journal.store.errors import VaultDamaged
from therapy_journal.store.integrity import check_vault
from therapy_journal.store.models import MARK_END, MARK_START
from therapy_journal.store.vault import DB_NAME, Vault

LONG = "The walk by the river helped more than I expected. " + body_of(14)
HAIKU = "Grüße, café — naïve"


def stored_body(vault: Vault, entry_id: int) -> tuple[str, int]:
    kind, size = vault.db.query_one(
        "SELECT typeof(body), length(CAST(body AS BLOB)) FROM entries WHERE id = ?", (entry_id,)
    ) or ("", 0)
    return str(kind), int(size)


def test_a_long_body_is_stored_compressed_and_reads_back_the_same(vault_info: VaultInfo) -> None:
    journal = JournalService(vault_info.vault)
    entry_id = journal.add(make_entry(title="river", body=LONG))
    kind, size = stored_body(vault_info.vault, entry_id)
    assert kind == "blob"
    assert size < len(LONG.encode()) * 0.7
    assert journal.get(entry_id).body == LONG
    assert "river" not in str(vault_info.vault.db.scalar("SELECT body FROM entries"))


def test_a_short_body_stays_text_and_reads_back_the_same(vault_info: VaultInfo) -> None:
    journal = JournalService(vault_info.vault)
    entry_id = journal.add(make_entry(title="short", body=HAIKU))
    assert stored_body(vault_info.vault, entry_id)[0] == "text"
    assert journal.get(entry_id).body == HAIKU


def test_search_snippets_and_edits_see_the_compressed_text(vault_info: VaultInfo) -> None:
    journal = JournalService(vault_info.vault)
    entry_id = journal.add(make_entry(title="river", body=LONG))
    (hit,) = journal.search("expected")
    assert hit.entry.id == entry_id
    assert "expected" in hit.snippet
    assert f"{MARK_START}expected{MARK_END}" in hit.snippet
    assert [h.entry.id for h in journal.search("rive*")] == [entry_id]

    journal.edit(entry_id, body="Quiet evening, nothing to add. " * 5)
    assert journal.search("expected") == []
    assert [h.entry.id for h in journal.search("evening")] == [entry_id]
    journal.move_to_trash(entry_id)
    journal.purge(entry_id)
    assert journal.search("evening") == []
    assert check_vault(vault_info.vault).ok


def test_a_body_stored_as_plain_text_still_reads_and_is_found(vault_info: VaultInfo) -> None:
    """Rows written before bodies were compressed keep their text as TEXT."""
    journal = JournalService(vault_info.vault)
    entry_id = journal.add(make_entry(title="old", body=LONG))
    with vault_info.vault.db.transaction():
        vault_info.vault.db.execute(
            "UPDATE entries SET body = ? WHERE id = ?", ("An old plain row about kites.", entry_id)
        )
    assert stored_body(vault_info.vault, entry_id)[0] == "text"
    assert journal.get(entry_id).body == "An old plain row about kites."
    (hit,) = journal.search("kites")
    assert hit.snippet == f"An old plain row about {MARK_START}kites{MARK_END}."
    assert check_vault(vault_info.vault).ok


def test_a_damaged_compressed_body_is_refused_in_a_sentence() -> None:
    packed = textpack.pack(LONG)
    assert isinstance(packed, bytes)
    with pytest.raises(textpack.DamagedText, match="does not decompress"):
        textpack.unpack(packed[:-8] + bytes(8))


def test_a_vault_made_before_bodies_were_packed_is_packed_and_searches_the_same(
    vault_folder: Path, monkeypatch: pytest.MonkeyPatch, opened: list[Vault]
) -> None:
    old = make_vault_before(vault_folder, monkeypatch, migrations.PACK_BODIES)
    monkeypatch.setattr(textpack, "pack", lambda text: text)  # as the app wrote then
    journal = JournalService(old)
    ids = [
        journal.add(make_entry(title=f"day {n}", body=f"Talked about kites {n}. " + body_of(n)))
        for n in range(1, 15)
    ]
    short = journal.add(make_entry(title="short", body=HAIKU))
    queries = ["kites", "entry3", "feel*", "naive", "walk helped"]
    found_before = {
        q: [(h.entry.id, h.snippet, h.score) for h in journal.search(q)] for q in queries
    }
    assert all(stored_body(old, i)[0] == "text" for i in ids)

    vault, size_before = reopen_migrated(old, monkeypatch, opened, chunk=4)
    vault.db.checkpoint()
    assert (vault_folder / DB_NAME).stat().st_size < size_before * 0.9  # compacted
    assert {stored_body(vault, i)[0] for i in ids} == {"blob"}
    assert stored_body(vault, short)[0] == "text"
    journal = JournalService(vault)
    assert [journal.get(i).body for i in ids] == [
        f"Talked about kites {n}. " + body_of(n) for n in range(1, 15)
    ]
    found_after = {
        q: [(h.entry.id, h.snippet, h.score) for h in journal.search(q)] for q in queries
    }
    assert found_after == found_before
    assert all(found_after[q] for q in queries)
    assert check_vault(vault).ok
    assert (
        vault.db.scalar("SELECT v FROM entries_fts_config WHERE k = 'pgsz'")
        == migrations.FTS_LEAF_BYTES
    )


def test_a_body_that_does_not_decompress_is_damage_said_in_a_sentence(
    vault_info: VaultInfo,
) -> None:
    """A lost last overflow page reads back as zeros without an error from
    SQLite; the compressed body then fails its check. Opening the entry says
    the vault is damaged, search still lists it, and the check runs through
    (on a real vault the damaged page fails its HMAC, which the check reports)."""
    journal = JournalService(vault_info.vault)
    entry_id = journal.add(make_entry(title="river walk", body=LONG))
    packed = vault_info.vault.db.scalar("SELECT body FROM entries WHERE id = ?", (entry_id,))
    with vault_info.vault.db.transaction():
        vault_info.vault.db.execute(
            "UPDATE entries SET body = ? WHERE id = ?",
            (bytes(packed[:100]) + bytes(len(packed) - 100), entry_id),
        )
    with pytest.raises(VaultDamaged, match="an entry's text cannot be read"):
        journal.get(entry_id)
    with pytest.raises(VaultDamaged):
        journal.get_many([entry_id])
    (hit,) = journal.search("river")
    assert (hit.entry.id, hit.snippet) == (entry_id, "")
    assert check_vault(vault_info.vault).summary()


# Run in a process of its own: SQLite's hard heap limit is for the whole
# process, and PRAGMA hard_heap_limit can only lower it.
_COMPACT_WITH_LITTLE_MEMORY = """
import logging, sys
from pathlib import Path
from tests.helpers.vaults import FAST_KDF
from therapy_journal.store import migrations
from therapy_journal.store.vault import DB_NAME, Vault
logging.basicConfig(level=logging.INFO, stream=sys.stdout, format="%(message)s")
vault = Vault(Path(sys.argv[1]), kdf=FAST_KDF)
vault.unlock(sys.argv[2])
size = (vault.folder / DB_NAME).stat().st_size
vault.db.execute("PRAGMA shrink_memory")
vault.db.execute(f"PRAGMA hard_heap_limit = {size // 2}")
migrations.compact(vault.db)
vault.lock()
print("locked")
"""


def test_a_compaction_that_runs_out_of_memory_leaves_the_vault_working_at_its_size(
    vault_info: VaultInfo,
) -> None:
    """The compaction after packing holds a copy of the vault in memory; where
    SQLite cannot have that memory (here SQLite's own heap limit, as a small
    computer would refuse it) the vault keeps its size and opens as before."""
    vault = vault_info.vault
    journal = JournalService(vault)
    journal.import_entries(
        make_entry(title=f"day {n}", body=random.Random(n).randbytes(3000).hex())
        for n in range(600)
    )
    for entry_id in list(journal.ids())[::2]:  # pages a compaction would give back
        journal.move_to_trash(entry_id)
    journal.empty_trash()
    vault.lock()
    size = (vault.folder / DB_NAME).stat().st_size

    child = subprocess.run(
        [sys.executable, "-c", _COMPACT_WITH_LITTLE_MEMORY, str(vault.folder), PASSPHRASE],
        capture_output=True,
        text=True,
        env=writer_env(),
        cwd=REPO_ROOT,
        check=False,
        timeout=120,
    )
    assert child.returncode == 0, child.stderr
    assert "the vault was not compacted (StorageError)" in child.stdout
    assert "locked" in child.stdout
    assert (vault.folder / DB_NAME).stat().st_size == size

    again = Vault(vault.folder, kdf=FAST_KDF)
    again.unlock(PASSPHRASE)
    try:
        assert JournalService(again).count() == 300
        assert check_vault(again).ok
        migrations.compact(again.db)  # with the memory it needs, it does compact
        again.db.checkpoint()
        assert (again.folder / DB_NAME).stat().st_size < size * 0.9
    finally:
        again.lock()
