"""Several journals in one vault: each entry in one, lists and search by journal."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

from therapy_journal.services.journal import JournalService, date_filter, make_entry
from therapy_journal.services.journals import InvalidJournal, JournalNotFound, JournalsService
from therapy_journal.services.progress import ProgressService, month_days
from therapy_journal.store.db import Row
from therapy_journal.store.models import EntryFilter
from therapy_journal.store.vault import Vault

T0 = datetime(2026, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=-5)))


@pytest.fixture
def journals(vault: Vault) -> JournalsService:
    return JournalsService(vault)


def test_a_new_vault_has_one_journal_and_new_entries_go_in_it(
    journal: JournalService, journals: JournalsService
) -> None:
    (only,) = journals.all()
    assert only.name == "Journal"
    entry_id = journal.add(make_entry(title="first"))
    assert journal.get(entry_id).journal_id == only.id
    assert journals.all()[0].entries == 1


def test_journals_are_made_renamed_and_listed_by_name_with_counts(
    journal: JournalService, journals: JournalsService
) -> None:
    therapy = journals.add("  Therapy  ")
    everyday = journals.add("Everyday")
    journal.add(make_entry(title="a", journal_id=therapy.id))
    journal.add(make_entry(title="b", journal_id=therapy.id))
    trashed = journal.add(make_entry(title="c", journal_id=therapy.id))
    journal.move_to_trash(trashed)
    assert [(j.name, j.entries) for j in journals.all()] == [
        ("Everyday", 0),
        ("Journal", 0),
        ("Therapy", 2),
    ]
    # The names alone (Share's list of journals) come in the same order.
    assert list(journals.names().values()) == [j.name for j in journals.all()]
    renamed = journals.rename("therapy", "Sessions")
    assert renamed.id == therapy.id
    assert list(journals.names().values()) == ["Everyday", "Journal", "Sessions"]
    assert journals.find("SESSIONS").id == therapy.id
    assert journals.find("Everyday") == everyday


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "A journal needs a name."),
        ("   ", "A journal needs a name."),
        ("x" * 61, "at most 60 characters"),
        ("journal", "There is already a journal called 'Journal'."),
    ],
)
def test_a_bad_journal_name_is_refused_with_one_sentence(
    journals: JournalsService, name: str, message: str
) -> None:
    with pytest.raises(InvalidJournal, match=re.escape(message)):
        journals.add(name)
    assert [j.name for j in journals.all()] == ["Journal"]


def test_renaming_onto_another_journals_name_is_refused(journals: JournalsService) -> None:
    journals.add("Therapy")
    with pytest.raises(InvalidJournal, match="already a journal called 'Journal'"):
        journals.rename("Therapy", "JOURNAL")
    journals.rename("Therapy", "THERAPY")  # its own name in another case is fine
    assert journals.find("therapy").name == "THERAPY"


def test_an_unknown_journal_is_named_in_the_message(journals: JournalsService) -> None:
    with pytest.raises(JournalNotFound, match="There is no journal called 'Work'"):
        journals.find("Work")


def test_a_journal_with_entries_is_deleted_only_by_moving_them(
    journal: JournalService, journals: JournalsService
) -> None:
    therapy = journals.add("Therapy")
    kept = journal.add(make_entry(title="kept", journal_id=therapy.id))
    trashed = journal.add(make_entry(title="trashed", journal_id=therapy.id))
    journal.move_to_trash(trashed)
    with pytest.raises(InvalidJournal, match="still holds 1 entry and 1 in the trash"):
        journals.delete("Therapy")
    assert journal.get(kept).journal_id == therapy.id
    assert journals.delete("Therapy", move_to="Journal") == 2
    first = journals.find("Journal").id
    assert {journal.get(kept).journal_id, journal.get(trashed).journal_id} == {first}
    assert [j.name for j in journals.all()] == ["Journal"]


def test_an_empty_journal_is_deleted_but_never_the_last_one(journals: JournalsService) -> None:
    journals.add("Everyday")
    journals.delete("Everyday")
    with pytest.raises(InvalidJournal, match="only journal"):
        journals.delete("Journal")
    assert [j.name for j in journals.all()] == ["Journal"]


def test_the_schema_itself_refuses_to_delete_a_journal_holding_entries(
    journal: JournalService, journals: JournalsService, vault: Vault
) -> None:
    therapy = journals.add("Therapy")
    journal.add(make_entry(journal_id=therapy.id))
    with pytest.raises(Exception, match="still holds entries"):
        vault.db.execute("DELETE FROM journals WHERE id = ?", (therapy.id,))


def test_lists_counts_and_search_follow_the_chosen_journals(
    journal: JournalService, journals: JournalsService
) -> None:
    therapy = journals.add("Therapy").id
    everyday = journals.add("Everyday").id
    ids = {
        name: journal.add(
            make_entry(
                title=name,
                body="a walk by the river",
                tags=["walk"],
                created=T0 + timedelta(hours=n),
                journal_id=where,
            )
        )
        for n, (name, where) in enumerate(
            [("t1", therapy), ("e1", everyday), ("t2", therapy), ("e2", everyday)]
        )
    }
    only_therapy = EntryFilter(journal_ids=frozenset({therapy}))
    assert list(journal.ids(only_therapy)) == [ids["t2"], ids["t1"]]
    assert [s.id for s in journal.page(only_therapy).items] == [ids["t2"], ids["t1"]]
    assert journal.count(only_therapy) == 2
    assert [h.entry.id for h in journal.search("river", only_therapy)] == [ids["t2"], ids["t1"]]
    by_tag = date_filter(tag="walk", journal_ids=frozenset({everyday}))
    assert list(journal.ids(by_tag)) == [ids["e2"], ids["e1"]]
    assert {h.entry.id for h in journal.search("river", by_tag)} == {ids["e1"], ids["e2"]}
    both = EntryFilter(journal_ids=frozenset({therapy, everyday}))
    assert journal.count(both) == 4
    assert journal.count() == 4


def test_on_this_day_and_the_calendar_follow_the_chosen_journal(
    vault: Vault, journal: JournalService, journals: JournalsService
) -> None:
    therapy = journals.add("Therapy").id
    last_year = T0.replace(year=2025)
    mine = journal.add(make_entry(title="therapy", created=last_year, journal_id=therapy, mood=8))
    journal.add(make_entry(title="other", created=last_year, mood=2))
    today = date(2026, 3, 1)
    chosen = frozenset({therapy})
    assert [s.id for s in journal.on_this_day(today, chosen)] == [mine]
    assert len(journal.on_this_day(today)) == 2
    assert month_days(vault, 2025, 3, chosen) == {date(2025, 3, 1): 8.0}
    assert month_days(vault, 2025, 3) == {date(2025, 3, 1): 5.0}
    assert ProgressService(vault, journal_ids=chosen).activity()[0].entries == 1


def test_an_entry_moves_to_another_journal_by_edit_and_by_save(
    journal: JournalService, journals: JournalsService
) -> None:
    therapy = journals.add("Therapy").id
    entry_id = journal.add(make_entry(title="moving"))
    moved = journal.edit(entry_id, journal_id=therapy)
    assert moved.journal_id == therapy
    assert journal.edit(entry_id, title="renamed").journal_id == therapy  # stays where it is
    loaded = journal.get(entry_id)
    first = journals.find("Journal").id
    saved = journal.save_over(loaded, make_entry(title="renamed", journal_id=first))
    assert not isinstance(saved, type(None)) and journal.get(entry_id).journal_id == first
    unchanged = journal.get(entry_id)
    again = journal.save_over(unchanged, make_entry(title="renamed", created=unchanged.created))
    assert again == unchanged  # an editor that does not say keeps the journal, writes nothing


def test_a_journals_search_and_pages_never_read_journal_id_from_the_rows(
    journal: JournalService, journals: JournalsService, monkeypatch: pytest.MonkeyPatch
) -> None:
    # journal_id is stored after the body: reading it row by row to find the few
    # matches in a small journal took 1.4 s at 100,000 entries; handing the
    # journal's ids to FTS5 as rowid constraints ran the match once per id (5 s).
    small = journals.add("Dreams").id
    journal.add(make_entry(title="calm", tags=["sleep"], journal_id=small))
    db = journal.vault.db
    real_query = db.query
    steps: list[str] = []

    def query(sql: str, params: Any = ()) -> list[Row]:
        steps.extend(str(row[3]) for row in real_query("EXPLAIN QUERY PLAN " + sql, params))
        return real_query(sql, params)

    monkeypatch.setattr(db, "query", query)
    chosen = frozenset({small})
    assert len(journal.search("calm", EntryFilter(journal_ids=chosen))) == 1
    assert len(journal.page(date_filter(tag="sleep", journal_ids=chosen)).items) == 1
    assert len(journal.page(EntryFilter(journal_ids=chosen)).items) == 1
    assert any("COVERING INDEX entries_journal" in step for step in steps), steps
    fts_scans = [step for step in steps if "VIRTUAL TABLE" in step]
    assert fts_scans and all("=" not in step.split("INDEX", 1)[1] for step in fts_scans), steps
    pages = [step for step in steps if step.startswith("SEARCH e USING INDEX entries_journal")]
    assert pages, steps
