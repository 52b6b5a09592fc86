"""``checkin`` and ``checkins``: questionnaires from the command line, scored,
banded and stored as the app stores them, on a real vault."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_commands import Setup, setup  # noqa: F401 (a fixture)
from tests.helpers.vaults import PASSPHRASE
from therapy_journal.services.assessments import AssessmentService
from therapy_journal.store.vault import Vault


def stored(setup: Setup) -> list[tuple[str, int]]:  # noqa: F811
    vault = Vault(setup.folder)
    vault.unlock(PASSPHRASE)
    try:
        return [(r.instrument.id, r.score) for r in AssessmentService(vault).results()]
    finally:
        vault.lock()


def test_checkin_json_has_every_field_the_issue_names(setup: Setup) -> None:  # noqa: F811
    result = setup.run(
        "checkin", "phq9", "--answers", "1,1,1,1,1,1,1,1,2", "--date", "2026-03-01T09:30", "--json"
    )
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert {k: data[k] for k in ("instrument", "score", "band", "talk_to_professional")} == {
        "instrument": "phq9",
        "score": 10,
        "band": "moderate",
        "talk_to_professional": True,
    }
    assert (data["crisis"], data["item9"]) == (True, 2)
    assert data["date"].startswith("2026-03-01T09:30")
    assert stored(setup) == [("phq9", 10)]


def test_who5_is_scored_on_the_0_to_100_scale_and_has_no_item_9(setup: Setup) -> None:  # noqa: F811
    data = json.loads(setup.run("checkin", "who5", "--answers", "2,2,2,3,3", "--json").out)
    assert (data["score"], data["band"], data["talk_to_professional"]) == (48, "low", True)
    assert (data["crisis"], data["item9"]) == (False, None)


def test_item_9_above_0_prints_where_to_find_help_before_the_score(
    setup: Setup,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    out = setup.run("checkin", "phq9", "--answers", "0,0,0,0,0,0,0,0,1").out
    assert "You answered item 9" in out and "Several days" in out
    assert out.index("988") < out.index("PHQ-9: 1 of 27")
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")  # the person's own region's lines
    out = setup.run("checkin", "phq9", "--answers", "0,0,0,0,0,0,0,0,1").out
    assert "Samaritans: call 116 123" in out and "988" not in out
    assert "not a diagnosis" in out


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ("1,1,1", "has 9 questions, but 3 answers were given"),
        ("1,1,1,1,1,1,1,1,4", "Answer 9 to PHQ-9 is 4"),
        ("1,1,1,1,1,1,1,1,-1", "Answer 9 to PHQ-9 is -1"),
        ("1,x", "is not a list of numbers"),
        ("", "is not a list of numbers"),
    ],
)
def test_wrong_answers_are_a_usage_error_and_store_nothing(
    setup: Setup,  # noqa: F811
    answers: str,
    message: str,
) -> None:
    result = setup.run("checkin", "phq9", "--answers", answers)
    assert result.code == 2
    assert message in result.err and result.err.count("\n") == 1
    assert stored(setup) == []


def test_a_date_outside_the_journal_range_stores_nothing(setup: Setup) -> None:  # noqa: F811
    result = setup.run("checkin", "gad7", "--answers", "0,0,0,0,0,0,0", "--date", "1800-01-01")
    assert result.code == 2 and "outside the dates" in result.err
    assert stored(setup) == []


def test_checkins_lists_newest_first_and_filters_by_instrument(setup: Setup) -> None:  # noqa: F811
    assert setup.run("checkins").err == "No check-ins yet.\n"
    setup.run("checkin", "gad7", "--answers", "3,3,3,3,3,3,3", "--date", "2026-01-01")
    setup.run("checkin", "phq9", "--answers", "0,0,0,0,0,0,0,0,0", "--date", "2026-02-01")
    listed = json.loads(setup.run("checkins", "--json").out)
    assert [(r["instrument"], r["score"]) for r in listed] == [("phq9", 0), ("gad7", 21)]
    only = json.loads(setup.run("checkins", "--instrument", "gad7", "--json").out)
    assert [r["band"] for r in only] == ["severe"]
    text = setup.run("checkins").out.splitlines()
    assert "PHQ-9" in text[0] and "GAD-7" in text[1]
