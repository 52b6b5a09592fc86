"""Prefix search with prefix lists on two letters only (issue 20, disk).

A prefix of three letters or more is widened into the indexed words that
start with it; these tests hold search to exactly the entries FTS5's own
prefix query finds, for every kind of prefix a person can type, and check
that a vault made with three-letter lists (schema 11) is migrated to the
smaller index with its search and lists unchanged.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers.damage import body_of
from tests.helpers.vaults import (
    FAST_KDF,
    PASSPHRASE,
    VaultInfo,
    make_vault_before,
    reopen_migrated,
)
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.store import entries, fts, migrations, textpack
from therapy_journal.store.integrity import check_vault
from therapy_journal.store.vault import DB_NAME, Vault

# Words sharing prefixes of every length, some only in titles or tags, and
# words with accents, an apostrophe and digits.
WORDS = [
    "oracle", "orange", "oranges", "oral", "orally", "orbit", "or", "ora",
    "calm", "calmer", "calmly", "calendar", "call", "café", "cafeteria",
    "breath", "breathe", "breathing", "bread", "break", "Grüße", "grün",
    "naïve", "2026", "20km", "don't", "kite", "kites", "kitten",
]  # fmt: skip


def fill(journal: JournalService, count: int = 60) -> None:
    rng = random.Random(20)
    for n in range(count):
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 30)))
        title = rng.choice(WORDS) if n % 3 == 0 else f"day {n}"
        tags = ("orange-day",) if n % 11 == 0 else ()
        journal.add(make_entry(title=title, body=body, tags=tags))


def fts5_own(vault: Vault, match: str) -> set[int]:
    """The entries FTS5's own prefix query finds (every match, no window)."""
    return {
        int(row[0])
        for row in vault.db.query(
            "SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?", (match,)
        )
    }


def found(journal: JournalService, typed: str) -> set[int]:
    return {hit.entry.id for hit in journal.search(typed, limit=10_000)}


@pytest.fixture
def journal(vault_info: VaultInfo) -> JournalService:
    service = JournalService(vault_info.vault)
    fill(service)
    return service


def test_the_index_keeps_prefix_lists_for_two_letters_only(vault_info: VaultInfo) -> None:
    made = vault_info.vault.db.scalar("SELECT sql FROM sqlite_schema WHERE name = 'entries_fts'")
    assert "prefix = '2'" in made


@pytest.mark.parametrize(
    "typed",
    [
        "ora*", "oran*", "orange*", "orb*", "or*", "o*", "cal*", "calm*", "calmly*",
        "bre*", "breat*", "kit*", "202*", "20k*", "ORA*", "Ora*", "caf*", "café*",
        "grü*", "gru*", "nai*", "don*", "zzz*", "calm ora*", "ora* -calm",
        "calm -ora*", "bre* kit*", '"calm breath" ora*', "orange-day*",
    ],
)  # fmt: skip
def test_a_typed_prefix_finds_exactly_what_fts5_finds(
    journal: JournalService, vault_info: VaultInfo, typed: str
) -> None:
    match = fts.match_expression(typed)
    assert match is not None
    assert found(journal, typed) == fts5_own(vault_info.vault, match)


def test_prefixes_of_three_letters_and_more_are_widened_into_words(
    journal: JournalService, vault_info: VaultInfo
) -> None:
    repo = entries.EntryRepository(vault_info.vault.db)
    widened = fts.widen_prefixes('"calm" AND "ora"*', repo._words_starting)
    assert (
        widened == '"calm" AND ("ora" OR "oracle" OR "oral" OR "orally" OR "orange" OR "oranges")'
    )
    # two letters have their own list, phrases and accented words stay as typed
    for kept in ['"or"*', '"o"*', '"calm breath"', '"café"*', '"don\'t"*', '"zzz"*']:
        assert fts.widen_prefixes(kept, repo._words_starting) == kept


def test_a_query_of_many_prefixes_widens_only_the_first_few(
    journal: JournalService, vault_info: VaultInfo
) -> None:
    typed = " ".join(["cal*"] * 12 + ["ora*"])
    repo = entries.EntryRepository(vault_info.vault.db)
    match = fts.match_expression(typed)
    assert match is not None
    widened = fts.widen_prefixes(match, repo._words_starting)
    assert widened.count('"calendar"') == fts.MAX_WIDENED
    assert widened.count('"cal"*') == 12 - fts.MAX_WIDENED
    assert widened.endswith('"ora"*')
    assert found(journal, typed) == fts5_own(vault_info.vault, match)


def test_a_prefix_too_many_words_start_with_is_left_to_fts5(
    journal: JournalService, vault_info: VaultInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = entries.EntryRepository(vault_info.vault.db)
    monkeypatch.setattr(entries, "WIDEN_MAX_WORDS", 2)
    assert repo._words_starting("ora") is None
    assert repo._words_starting("orb") == ["orbit"]
    assert found(journal, "ora*") == fts5_own(vault_info.vault, '"ora"*')
    assert found(journal, "ora*")


def test_widening_sees_words_added_and_removed_since(
    journal: JournalService, vault_info: VaultInfo
) -> None:
    new = journal.add(make_entry(title="", body="oratorio tonight"))
    assert new in found(journal, "orat*")
    journal.move_to_trash(new)
    journal.empty_trash()
    assert found(journal, "orat*") == set()
    assert found(journal, "ora*") == fts5_own(vault_info.vault, '"ora"*')


@settings(max_examples=150, deadline=None)
@given(
    word=st.sampled_from(WORDS),
    length=st.integers(min_value=1, max_value=8),
    other=st.sampled_from(["", "calm ", "-kite ", '"orange calm" ']),
)
def test_any_prefix_of_an_indexed_word_finds_what_fts5_finds(
    journal_once: tuple[JournalService, Vault], word: str, length: int, other: str
) -> None:
    journal, vault = journal_once
    typed = other + word[:length]  # as typed so far, searched as you type
    match = fts.match_expression(typed, prefix_last=True)
    assert match is not None
    hits = journal.search(typed, prefix_last=True, limit=10_000)
    assert {hit.entry.id for hit in hits} == fts5_own(vault, match)


@pytest.fixture(scope="module")
def journal_once(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    vault = Vault(tmp_path_factory.mktemp("prefixes") / "vault", kdf=FAST_KDF)
    vault.create(PASSPHRASE)
    service = JournalService(vault)
    fill(service, 120)
    yield service, vault
    vault.lock()


# --- excerpts -------------------------------------------------------------------------


def test_only_a_body_that_may_spill_out_of_its_row_keeps_a_stored_excerpt(
    vault_info: VaultInfo,
) -> None:
    journal = JournalService(vault_info.vault)
    short = journal.add(make_entry(title="short", body="  A calm   morning.\n\nThen rain. " * 5))
    long_body = random.Random(3).randbytes(6000).hex()  # packs into about 6,800 bytes
    long = journal.add(make_entry(title="long", body=long_body))
    stored = dict(vault_info.vault.db.query("SELECT id, excerpt FROM entries"))
    assert stored[short] == ""
    assert stored[long] == long_body[: entries.EXCERPT_CHARS]
    listed = {summary.id: summary.excerpt for summary in journal.page().items}
    assert listed[short] == " ".join(("  A calm   morning.\n\nThen rain. " * 5).split())[:200]
    assert listed[long] == long_body[: entries.EXCERPT_CHARS]
    (hit,) = journal.search("morning")
    assert hit.entry.excerpt == listed[short]


# --- the migration from schema 11 -----------------------------------------------------------


def test_a_vault_with_three_letter_lists_is_migrated_and_finds_and_lists_the_same(
    vault_folder: Path, monkeypatch: pytest.MonkeyPatch, opened: list[Vault]
) -> None:
    old = make_vault_before(vault_folder, monkeypatch, migrations.NARROW)
    monkeypatch.setattr(textpack, "EXCERPT_ABOVE_BYTES", -1)  # an excerpt beside every body
    db = old.db
    with db.transaction():  # as schema 11 made it: PACK_BODIES with the lists on 2 and 3
        db.execute("DROP TABLE entries_fts")
        db.execute(migrations.FTS_TABLE.replace("prefix = '2'", "prefix = '2 3'"))
        db.execute("INSERT INTO entries_fts (entries_fts) VALUES ('rebuild')")
    journal = JournalService(old)
    fill(journal, 80)
    long_id = journal.add(make_entry(title="long one", body="oracle " + body_of(14)))
    assert "prefix = '2 3'" in db.scalar("SELECT sql FROM sqlite_schema WHERE name = 'entries_fts'")
    assert db.scalar("SELECT count(*) FROM entries WHERE excerpt = ''") <= 10  # empty bodies
    queries = ["ora*", "oran*", "calm", "bre* kit*", "calm ora*", "ora* -calm", "20*"]
    found_before = {q: [(h.entry.id, h.snippet) for h in journal.search(q)] for q in queries}
    listed_before = journal.page(limit=200).items
    vault, size_before = reopen_migrated(old, monkeypatch, opened, chunk=7)
    db = vault.db
    assert "prefix = '2'" in db.scalar("SELECT sql FROM sqlite_schema WHERE name = 'entries_fts'")
    kept = dict(db.query("SELECT id, excerpt FROM entries WHERE excerpt <> ''"))
    assert list(kept) == [long_id]
    assert db.scalar("SELECT v FROM entries_fts_config WHERE k = 'pgsz'") == (
        migrations.FTS_LEAF_BYTES
    )
    journal = JournalService(vault)
    found_after = {q: [(h.entry.id, h.snippet) for h in journal.search(q)] for q in queries}
    assert {q: sorted(hits) for q, hits in found_after.items()} == {
        q: sorted(hits) for q, hits in found_before.items()
    }
    assert all(found_after[q] for q in queries)
    assert journal.page(limit=200).items == listed_before
    assert check_vault(vault).ok
    db.checkpoint()
    assert (vault_folder / DB_NAME).stat().st_size < size_before  # compacted
