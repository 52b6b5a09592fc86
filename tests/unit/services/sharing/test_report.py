"""The printable report: its overview, Markdown rendered safely, times in each
entry's own zone, item 9 of the PHQ-9 said plainly, and only what is there."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.helpers.bundles import at
from therapy_journal.services.assessments import AssessmentService
from therapy_journal.services.destination import BadDestination
from therapy_journal.services.goals import GoalService
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.services.profile import Profile, ProfileService
from therapy_journal.services.sharing.contents import gather
from therapy_journal.services.sharing.errors import BundleError
from therapy_journal.services.sharing.layout import INCLUDABLE
from therapy_journal.services.sharing.report import build_report, write_report
from therapy_journal.services.sharing.selection import Selection
from therapy_journal.store.vault import Vault

EVERYTHING = Selection(all_entries=True, include=frozenset(INCLUDABLE))


def _report(vault: Vault, selection: Selection = EVERYTHING) -> str:
    return build_report(vault, selection, clock=lambda: at(20)).html


def _text(html: str) -> str:
    """The words of the HTML, tags left out (a rough reading, for checks)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_entries_markdown_is_rendered_not_shown_raw(journal: JournalService, vault: Vault) -> None:
    journal.add(
        make_entry(
            title="Sunday",
            body="# A heading\n\nI felt **much** better and *calm*.\n\n- walked\n- slept\n",
            created=at(1),
        )
    )
    report = _report(vault)
    assert "<b>much</b>" in report and "<i>calm</i>" in report
    assert "**" not in report and "- walked" not in report
    assert "\u2022&nbsp;walked" in report
    assert "<h4>A heading</h4>" in report  # under the entry's own title (h3)


def test_raw_html_in_an_entry_shows_as_text(journal: JournalService, vault: Vault) -> None:
    journal.add(
        make_entry(
            title="x",
            body="<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>",
            created=at(1),
        )
    )
    report = _report(vault)
    assert "<script" not in report.lower() and "<img" not in report.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in report
    assert "&lt;img src=x onerror=alert(2)&gt;" in report


def test_the_overview_leads_with_dates_count_mood_chart_tags_and_check_ins(
    journal: JournalService, vault: Vault
) -> None:
    for day, mood, tags in ((1, 3, ["sleep", "work"]), (5, 6, ["work"]), (9, 8, ["work"])):
        journal.add(make_entry(title=f"Day {day}", mood=mood, tags=tags, created=at(day)))
    AssessmentService(vault).record("gad7", [1] * 7, when=at(2))
    AssessmentService(vault).record("gad7", [2] * 7, when=at(8))
    report = _report(vault)
    overview = report[report.index("<h2>Overview</h2>") : report.index("Journal entries")]
    assert report.index("Overview") < report.index("Self-assessments")
    words = _text(overview)
    assert "3 entries, written from 2026-03-01 to 2026-03-09" in words
    assert "#work (3), #sleep (1)" in words
    assert "average 5.7, lowest 3, highest 8" in words
    chart = re.search(r"<svg [^>]*>.*?</svg>", overview, re.DOTALL)
    assert chart is not None and "<polyline" in chart.group()
    assert "<script" not in chart.group() and "href" not in chart.group()
    # The latest GAD-7 only, with its band.
    assert "GAD-7, 2026-03-08: 14 of 21, Moderate" in words
    assert "2026-03-02: 7 of 21" not in words


def test_check_ins_are_in_the_overview_only_when_shared(
    journal: JournalService, vault: Vault
) -> None:
    journal.add(make_entry(title="A day", mood=5, created=at(1)))
    AssessmentService(vault).record("gad7", [2] * 7, when=at(2))
    report = _report(vault, Selection(all_entries=True))
    assert "GAD-7" not in report and "Self-assessments" not in report


@pytest.mark.parametrize(("answer", "words"), [(1, "Several days"), (3, "Nearly every day")])
def test_phq9_item_9_above_0_is_said_plainly_with_its_answer(
    vault: Vault, answer: int, words: str
) -> None:
    AssessmentService(vault).record("phq9", [0] * 8 + [answer], when=at(2))
    report = _text(_report(vault, Selection(include=frozenset({"assessments"}))))
    said = "Item 9 (\u201cThoughts that you would be better off dead or of hurting yourself"
    # In the overview and on the self-assessments page alike.
    assert report.count(said) == 2
    assert report.count(f"was answered above 0: \u201c{words}\u201d") == 2


def test_phq9_item_9_at_0_is_not_flagged(vault: Vault) -> None:
    AssessmentService(vault).record("phq9", [2] * 8 + [0], when=at(2))
    report = _report(vault, Selection(include=frozenset({"assessments"})))
    assert "PHQ-9, 2026-03-02: 16 of 27" in _text(report)
    assert "above 0" not in report


def test_entry_times_are_in_the_entrys_own_zone(
    journal: JournalService, vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "UTC")
    sydney = timezone(timedelta(hours=10))
    journal.add(make_entry(title="Sydney", created=datetime(2026, 3, 1, 22, 48, tzinfo=sydney)))
    report = _text(_report(vault))
    assert "Sun 2026-03-01 22:48" in report  # not 12:48 UTC
    journal.add(
        make_entry(
            title="Bogota",
            created=datetime(2026, 3, 2, 7, 5, tzinfo=timezone(timedelta(hours=-5))),
        )
    )
    report = _text(_report(vault))
    # Entries written in different zones say which.
    assert "Sun 2026-03-01 22:48 (UTC+10:00)" in report
    assert "Mon 2026-03-02 07:05 (UTC-05:00)" in report


def test_empty_pages_are_left_out_and_the_summary_says_only_what_is_there(
    journal: JournalService, vault: Vault
) -> None:
    for day in range(1, 6):
        journal.add(make_entry(title=f"Day {day}", created=at(day)))
    report = build_report(vault, EVERYTHING, clock=lambda: at(20))
    assert "It holds 5 journal entries." in report.html
    for title in ("Profile", "Goals", "Self-assessments", "Nothing filled in", "No goals yet"):
        assert title not in report.html
    assert report.included == {"entries": 5, "profile": False, "goals": False, "assessments": False}
    contents = gather(vault, EVERYTHING)
    assert contents.names() == ["manifest.json", "report.html", *contents.names()[2:]]
    assert not {"profile.md", "goals.md", "assessments.md"} & set(contents.names())
    assert contents.manifest["included"]["profile"] is False


def test_a_profile_never_filled_in_is_not_shown_as_answers(
    journal: JournalService, vault: Vault
) -> None:
    journal.add(make_entry(title="One", created=at(1)))
    ProfileService(vault).save(Profile())  # saved, but nothing chosen
    report = _report(vault)
    assert "Working out what I want" not in report and "Profile" not in report
    ProfileService(vault).save(Profile(hopes="Sleep better"))
    GoalService(vault).create("Find a therapist")
    report = _report(vault)
    assert "It holds 1 journal entry, the profile and goals." in report
    assert "Sleep better" in report and "Find a therapist" in report


def test_nothing_in_the_choice_is_refused(vault: Vault) -> None:
    with pytest.raises(BundleError, match="nothing to share"):
        build_report(vault, Selection(include=frozenset({"goals"})))


def test_a_report_file_is_private_whole_and_never_in_the_vault(
    vault: Vault, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    write_report(out / "report.html", b"<p>hello</p>", vault.folder)
    assert (out / "report.html").stat().st_mode & 0o777 == 0o600
    assert [p.name for p in out.iterdir()] == ["report.html"]
    with pytest.raises(BadDestination, match="inside the vault folder"):
        write_report(vault.folder / "report.html", b"x", vault.folder)
    assert not (vault.folder / "report.html").exists()
