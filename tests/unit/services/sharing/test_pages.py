"""The pages made for reading: profile, goals and self-assessments, and the report."""

from __future__ import annotations

from datetime import date

from tests.helpers.bundles import at
from therapy_journal.services.assessments import AssessmentService
from therapy_journal.services.goals import GoalService
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.services.profile import Profile, ProfileService
from therapy_journal.services.sharing.contents import gather
from therapy_journal.services.sharing.layout import INCLUDABLE
from therapy_journal.services.sharing.selection import Selection
from therapy_journal.store.vault import Vault


def test_pages_alone_can_be_shared(vault: Vault) -> None:
    GoalService(vault).create("Find a therapist", "I want support", date(2026, 4, 1), ["Call"])
    ProfileService(vault).save(Profile(hopes="Sleep better"))
    AssessmentService(vault).record("phq9", [1] * 9, when=at(2))
    contents = gather(vault, Selection(include=frozenset(INCLUDABLE)))
    assert contents.entry_ids == ()
    assert contents.names() == [
        "manifest.json",
        "report.html",
        "profile.md",
        "goals.md",
        "assessments.md",
    ]
    goals = contents.file("goals.md").decode()
    assert "## Find a therapist" in goals
    assert "- **Status:** Active" in goals
    assert "- **Due:** 2026-04-01" in goals
    assert "- [ ] Call" in goals
    assessments = contents.file("assessments.md").decode()
    assert "This is a self-check, not a diagnosis" in assessments
    assert "2026-03-02 PHQ-9:** 9 of 27" in assessments
    assert "Sleep better" in contents.file("profile.md").decode()
    report = contents.file("report.html").decode()
    assert "Find a therapist" in report and "PHQ-9" in report and "Sleep better" in report


def test_a_ticked_step_is_a_ticked_checkbox(vault: Vault) -> None:
    goals = GoalService(vault)
    goal = goals.create("Reach out", steps=["Find three names", "Email one"])
    goals.set_step_done(goal.steps[0].id, True)
    text = gather(vault, Selection(include=frozenset({"goals"}))).file("goals.md").decode()
    assert "- [x] Find three names" in text and "- [ ] Email one" in text


def test_the_report_escapes_everything_and_loads_nothing(
    vault: Vault, journal: JournalService
) -> None:
    journal.add(
        make_entry(
            title="<script>alert('title')</script>",
            body='<script>alert("body")</script>\n<img src="http://example.com/x.png">',
            tags=["<b>"],
            created=at(1),
        )
    )
    report = gather(vault, Selection(all_entries=True)).file("report.html").decode()
    assert "<script" not in report.lower()
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in report
    assert '&lt;img src="http://example.com/x.png"&gt;' in report
    assert "<img" not in report and "<link" not in report and "url(" not in report
    assert (
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">"
    ) in report
