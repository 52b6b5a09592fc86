"""Self-assessments: the questionnaires as published, their scoring and bands,
and results, milestones and reminders on a real encrypted vault."""

from __future__ import annotations

import copy
import json
from datetime import date, datetime, timedelta
from importlib.resources import files
from typing import Any

import pytest

from tests.helpers.vaults import FAST_KDF, VaultInfo
from therapy_journal.services.assessments import (
    REMINDER_DAYS,
    AnswerOption,
    AssessmentService,
    Instrument,
    InvalidAnswers,
    crisis_info,
    instruments,
    not_a_diagnosis,
    parse_reference,
)
from therapy_journal.services.milestones import MilestoneService
from therapy_journal.services.reference import BadReferenceData
from therapy_journal.store.entries import utc_micros
from therapy_journal.store.vault import Vault

START = datetime(2026, 3, 1, 9, 0).astimezone()


class Clock:
    """Starts at START and moves a minute on at every call."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def answers_for(instrument: Instrument, raw_total: int) -> list[int]:
    """Valid answers to every item that add up to ``raw_total``."""
    values = sorted(option.value for option in instrument.options)
    lowest, highest = values[0], values[-1]
    left = raw_total - lowest * len(instrument.items)
    answers = []
    for _ in instrument.items:
        step = min(left, highest - lowest)
        answers.append(lowest + step)
        left -= step
    assert left == 0, f"{raw_total} cannot be reached on {instrument.name}"
    return answers


def who5(raw_total: int) -> list[int]:
    return answers_for(instruments()["who5"], raw_total)


def raw_reference() -> dict[str, Any]:
    text = files("therapy_journal.resources").joinpath("instruments.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


# -- the resource file -----------------------------------------------------------------------

FREQUENCY = (
    AnswerOption(0, "Not at all"),
    AnswerOption(1, "Several days"),
    AnswerOption(2, "More than half the days"),
    AnswerOption(3, "Nearly every day"),
)


def test_the_questionnaires_are_offered_in_order_with_their_published_items() -> None:
    found = instruments()
    assert list(found) == ["phq9", "gad7", "who5"]
    assert [len(found[i].items) for i in found] == [9, 7, 5]
    assert found["phq9"].items[8] == (
        "Thoughts that you would be better off dead or of hurting yourself in some way"
    )
    assert found["gad7"].items[-1] == "Feeling afraid, as if something awful might happen"
    assert found["who5"].items[0] == "I have felt cheerful and in good spirits"
    assert found["phq9"].options == found["gad7"].options == FREQUENCY
    assert found["who5"].options == (
        AnswerOption(5, "All of the time"),
        AnswerOption(4, "Most of the time"),
        AnswerOption(3, "More than half of the time"),
        AnswerOption(2, "Less than half of the time"),
        AnswerOption(1, "Some of the time"),
        AnswerOption(0, "At no time"),
    )
    for questionnaire in ("phq9", "gad7"):
        assert found[questionnaire].closing_question is not None
        assert [o.label for o in found[questionnaire].closing_options] == [
            "Not difficult at all",
            "Somewhat difficult",
            "Very difficult",
            "Extremely difficult",
        ]
    assert found["who5"].closing_question is None and found["who5"].closing_options == ()
    assert [(i.min_score, i.max_score, i.multiplier) for i in found.values()] == [
        (0, 27, 1),
        (0, 21, 1),
        (0, 100, 4),
    ]
    assert [i.crisis_item for i in found.values()] == [8, None, None]
    assert [i.meaningful_change for i in found.values()] == [5, None, 10]


def test_each_questionnaire_carries_its_required_notice_and_citation() -> None:
    found = instruments()
    for questionnaire in ("phq9", "gad7"):
        for name in ("Spitzer", "Williams", "Kroenke", "Pfizer"):
            assert name in found[questionnaire].notice
    assert "No permission required" in found["phq9"].notice
    assert "CC BY-NC-SA 3.0 IGO" in found["who5"].notice
    assert "World Health Organization" in found["who5"].notice
    assert "J Gen Intern Med. 2001" in found["phq9"].citation
    assert "Arch Intern Med. 2006" in found["gad7"].citation
    assert "Topp CW" in found["who5"].citation
    assert "Med Care. 2004" in str(found["phq9"].change_citation)


def test_help_lines_and_the_not_a_diagnosis_sentence_are_there() -> None:
    info = crisis_info("us")
    assert info.title and info.opener
    text = "\n".join(info.lines)
    for needle in ("988", "HOME to 741741", "findahelpline.com", "911"):
        assert needle in text
    assert not_a_diagnosis().startswith("This is a self-check, not a diagnosis.")


def test_the_crisis_lines_are_the_persons_regions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LC_ALL", "en_AU.UTF-8")
    text = "\n".join(crisis_info().lines)
    assert "Lifeline: call 13 11 14" in text and "call 000" in text and "988" not in text
    monkeypatch.setenv("LC_ALL", "C.UTF-8")  # nowhere in particular: still where to look
    text = "\n".join(crisis_info().lines)
    assert "findahelpline.com" in text and "local emergency number" in text


def test_the_shipped_file_passes_the_validator() -> None:
    checked = parse_reference(raw_reference())
    assert tuple(instruments().values()) == checked.instruments


def _band_gap(data: dict[str, Any]) -> None:
    data["instruments"][2]["bands"][1]["low"] = 30


def _band_overlap(data: dict[str, Any]) -> None:
    data["instruments"][0]["bands"][1]["low"] = 4


def _bands_short(data: dict[str, Any]) -> None:
    data["instruments"][1]["bands"][-1]["high"] = 20


def _crisis_item_outside(data: dict[str, Any]) -> None:
    data["instruments"][0]["crisis_item"] = 9


def _option_gap(data: dict[str, Any]) -> None:
    data["instruments"][0]["options"][3]["value"] = 4


def _wrong_max(data: dict[str, Any]) -> None:
    data["instruments"][2]["max_score"] = 25


def _change_without_source(data: dict[str, Any]) -> None:
    data["instruments"][2]["change_citation"] = None


def _option_not_an_object(data: dict[str, Any]) -> None:
    data["instruments"][2]["options"][0] = 5


def _no_help_lines(data: dict[str, Any]) -> None:
    data["crisis"]["lines"] = []


def _no_notice(data: dict[str, Any]) -> None:
    data["instruments"][1]["notice"] = " "


def _id_twice(data: dict[str, Any]) -> None:
    data["instruments"][1]["id"] = "phq9"


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (_band_gap, "a gap after 28"),
        (_band_overlap, "an overlap after 4"),
        (_bands_short, "the bands end at 20, not 21"),
        (_crisis_item_outside, "crisis_item 9"),
        (_option_gap, "option values"),
        (_option_not_an_object, "who5 option 0 is not an object"),
        (_wrong_max, "max_score"),
        (_change_without_source, "with a source"),
        (_no_help_lines, "crisis is not a list"),
        (_no_notice, "has no notice"),
        (_id_twice, "used twice"),
    ],
)
def test_the_validator_rejects_a_damaged_file(damage: Any, message: str) -> None:
    data = copy.deepcopy(raw_reference())
    damage(data)
    with pytest.raises(BadReferenceData, match=message):
        parse_reference(data)


# -- scoring, bands and the crisis item ------------------------------------------------------


def _boundaries() -> list[Any]:
    """(instrument, score, band id): every band's low and high, and the scores
    just outside it, which belong to its neighbours."""
    cases = []
    for questionnaire in instruments().values():
        bands = questionnaire.bands
        for index, band in enumerate(bands):
            checks = [(band.low, band.id), (band.high, band.id)]
            if index > 0:
                checks.append((band.low - 1, bands[index - 1].id))
            if index < len(bands) - 1:
                checks.append((band.high + 1, bands[index + 1].id))
            cases += [
                pytest.param(questionnaire.id, score, expected, id=f"{questionnaire.id}-{score}")
                for score, expected in checks
            ]
    return cases


@pytest.mark.parametrize(("instrument_id", "score", "expected"), _boundaries())
def test_every_band_boundary_maps_to_the_right_band(
    instrument_id: str, score: int, expected: str
) -> None:
    questionnaire = instruments()[instrument_id]
    assert questionnaire.band(score).id == expected
    if score % questionnaire.multiplier == 0:  # WHO-5 percentages come in steps of 4
        answers = answers_for(questionnaire, score // questionnaire.multiplier)
        assert questionnaire.score(answers) == score
        assert questionnaire.band(questionnaire.score(answers)).id == expected


def test_scores_outside_the_range_have_no_band() -> None:
    with pytest.raises(ValueError, match="outside the PHQ-9 range"):
        instruments()["phq9"].band(28)
    with pytest.raises(ValueError, match="outside the WHO-5 range"):
        instruments()["who5"].band(-1)


@pytest.mark.parametrize(
    ("raw", "score", "band", "talk"),
    [
        (7, 28, "very_low", True),
        (8, 32, "low", True),
        (12, 48, "low", True),
        (13, 52, "good", False),
        (25, 100, "good", False),
        (0, 0, "very_low", True),
    ],
)
def test_who5_is_scored_as_a_percentage(raw: int, score: int, band: str, talk: bool) -> None:
    questionnaire = instruments()["who5"]
    assert questionnaire.score(who5(raw)) == score
    assert questionnaire.band(score).id == band
    assert questionnaire.band(score).talk_to_professional is talk


def test_talking_to_a_professional_is_suggested_for_the_published_bands() -> None:
    flagged = {
        (questionnaire.id, band.id)
        for questionnaire in instruments().values()
        for band in questionnaire.bands
        if band.talk_to_professional
    }
    assert flagged == {
        ("phq9", "moderate"),
        ("phq9", "moderately_severe"),
        ("phq9", "severe"),
        ("gad7", "moderate"),
        ("gad7", "severe"),
        ("who5", "low"),
        ("who5", "very_low"),
    }


@pytest.mark.parametrize(
    ("instrument_id", "below", "at"),
    [
        ("phq9", 9, 10),  # Kroenke 2001: 10 or more, probable major depression
        ("gad7", 9, 10),  # Spitzer 2006: 10 or more
        ("who5", 52, 48),  # Topp 2015: 50 or less, poor well-being (scores step by 4)
    ],
)
def test_the_suggestion_starts_exactly_at_the_published_cut_off(
    instrument_id: str, below: int, at: int
) -> None:
    questionnaire = instruments()[instrument_id]
    assert questionnaire.band(below).talk_to_professional is False
    assert questionnaire.band(at).talk_to_professional is True


def test_gad7_closing_question_is_its_own_and_phq9_lowest_band_the_publishers_label() -> None:
    gad7, phq9 = instruments()["gad7"], instruments()["phq9"]
    assert gad7.closing_question == (
        "If you checked off any problems, how difficult have these made it for you to do "
        "your work, take care of things at home, or get along with other people?"
    )
    assert gad7.closing_question != phq9.closing_question
    assert phq9.bands[0].label == "None-minimal"


@pytest.mark.parametrize(("answer", "crisis"), [(0, False), (1, True), (2, True), (3, True)])
def test_phq9_item_9_raises_the_crisis_even_before_the_rest_is_answered(
    answer: int, crisis: bool
) -> None:
    phq9 = instruments()["phq9"]
    assert phq9.crisis([None] * 8 + [answer]) is crisis
    assert phq9.crisis([0] * 8 + [answer]) is crisis


def test_no_crisis_while_item_9_is_unanswered_or_on_other_questionnaires() -> None:
    phq9 = instruments()["phq9"]
    assert phq9.crisis([3, 3, 3]) is False
    assert phq9.crisis([3] * 8 + [None]) is False
    assert instruments()["gad7"].crisis([3] * 7) is False
    assert instruments()["who5"].crisis([5] * 5) is False
    assert instruments()["who5"].crisis([0] * 5) is False


# -- results in the vault --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instrument_id", "answers", "closing", "message"),
    [
        ("phq9", [0] * 8, None, "PHQ-9 has 9 questions, but 8 answers were given."),
        ("gad7", [0] * 8, None, "GAD-7 has 7 questions, but 8 answers were given."),
        ("phq9", [0] * 8 + [4], None, "Answer 9 to PHQ-9 is 4"),
        ("gad7", [-1] + [0] * 6, None, "Answer 1 to GAD-7 is -1"),
        ("who5", [6, 0, 0, 0, 0], None, "Answer 1 to WHO-5 is 6"),
        ("who5", [True, 0, 0, 0, 0], None, "Answer 1 to WHO-5 is True"),
        ("phq9", [0] * 9, 4, "The closing answer to PHQ-9 is 4"),
        ("who5", [0] * 5, 1, "WHO-5 has no closing question"),
        ("bdi", [0] * 21, None, "'bdi' is not a known questionnaire."),
    ],
)
def test_invalid_answers_are_refused_and_nothing_is_stored(
    vault_info: VaultInfo, instrument_id: str, answers: list[int], closing: int, message: str
) -> None:
    service = AssessmentService(vault_info.vault, Clock())
    with pytest.raises(InvalidAnswers, match=message):
        service.record(instrument_id, answers, closing)
    assert vault_info.vault.db.scalar("SELECT count(*) FROM assessments") == 0
    assert not MilestoneService(vault_info.vault).has("first_assessment")


def test_a_result_is_stored_with_its_answers_and_survives_reopening(
    vault_info: VaultInfo,
) -> None:
    service = AssessmentService(vault_info.vault, Clock())
    answers = [1, 2, 0, 3, 1, 0, 2, 1, 1]
    result = service.record("phq9", answers, closing=2)
    assert (result.score, result.band.id, result.crisis) == (11, "moderate", True)
    assert result.answers == tuple(answers) and result.closing == 2
    assert result.taken == START + timedelta(minutes=1)
    assert repr(result) == f"Result(id={result.id}, taken={result.taken!r})"
    vault_info.vault.lock()

    again = Vault(vault_info.folder, kdf=FAST_KDF)
    again.unlock(vault_info.passphrase)
    try:
        assert AssessmentService(again).results() == [result]
    finally:
        again.lock()


def test_who5_keeps_the_raw_score_next_to_the_percentage(vault_info: VaultInfo) -> None:
    result = AssessmentService(vault_info.vault, Clock()).record("who5", who5(13))
    assert (result.score, result.raw_score, result.band.id) == (52, 13, "good")
    stored = vault_info.vault.db.query_one("SELECT answers, score FROM assessments")
    assert stored is not None and stored[1] == 52
    assert json.loads(str(stored[0])) == {"items": who5(13), "closing": None}


def test_results_come_newest_first_by_when_they_were_taken(vault_info: VaultInfo) -> None:
    service = AssessmentService(vault_info.vault, Clock())
    day = timedelta(days=1)
    middle = service.record("who5", who5(10), when=START + 2 * day)
    newest = service.record("gad7", [1] * 7, when=START + 3 * day)
    oldest = service.record("who5", who5(12), when=START + day)  # entered last, taken first
    assert service.results() == [newest, middle, oldest]
    assert service.results("who5") == [middle, oldest]
    assert service.latest("who5") == middle
    assert service.latest("phq9") is None


def test_previous_change_and_meaningful_change_follow_one_questionnaire(
    vault_info: VaultInfo,
) -> None:
    service = AssessmentService(vault_info.vault, Clock())
    first = service.record("who5", who5(10))  # 40
    service.record("phq9", [0] * 9)
    small = service.record("who5", who5(12))  # 48: +8
    large = service.record("who5", who5(9))  # 36: -12
    assert service.previous(first) is None
    assert service.change(first) is None and service.meaningful(first) is False
    assert service.previous(small) == first
    assert (service.change(small), service.meaningful(small)) == (8, False)
    assert service.previous(large) == small
    assert (service.change(large), service.meaningful(large)) == (-12, True)


def test_phq9_changes_of_5_points_are_meaningful_and_gad7_has_no_threshold(
    vault_info: VaultInfo,
) -> None:
    service = AssessmentService(vault_info.vault, Clock())
    phq9 = instruments()["phq9"]
    service.record("phq9", answers_for(phq9, 10))
    four = service.record("phq9", answers_for(phq9, 14))
    five = service.record("phq9", answers_for(phq9, 9))
    assert (service.meaningful(four), service.meaningful(five)) == (False, True)
    service.record("gad7", [0] * 7)
    jump = service.record("gad7", [3] * 7)
    assert (service.change(jump), service.meaningful(jump)) == (21, False)


def test_the_series_is_oldest_first_and_can_start_later(vault_info: VaultInfo) -> None:
    service = AssessmentService(vault_info.vault, Clock())
    week = timedelta(days=7)
    taken = [START + week * n for n in range(3)]
    service.record("who5", who5(20), when=taken[2])
    service.record("who5", who5(10), when=taken[0])
    service.record("who5", who5(15), when=taken[1])
    service.record("phq9", [0] * 9, when=taken[1])
    assert service.series("who5") == [(taken[0], 40), (taken[1], 60), (taken[2], 80)]
    assert service.series("who5", since=taken[1]) == [(taken[1], 60), (taken[2], 80)]
    assert service.series("gad7") == []
    with pytest.raises(InvalidAnswers):
        service.series("bdi")


def test_the_series_is_read_through_the_taken_index(vault_info: VaultInfo) -> None:
    service = AssessmentService(vault_info.vault, Clock())
    statements: list[str] = []  # as run, with the values filled in
    connection = vault_info.vault.db._conn
    connection.set_trace_callback(statements.append)
    try:
        service.series("who5", since=START)
    finally:
        connection.set_trace_callback(None)
    (sql,) = statements
    plan = vault_info.vault.db.query("EXPLAIN QUERY PLAN " + sql)
    details = " ".join(str(row[-1]) for row in plan)
    assert "USING INDEX assessments_taken" in details
    assert "TEMP B-TREE" not in details  # ordered by the index, not sorted afterwards


def test_the_first_assessment_milestone_is_recorded_once(vault_info: VaultInfo) -> None:
    service = AssessmentService(vault_info.vault, Clock())
    first = service.record("gad7", [0] * 7)
    service.record("who5", who5(20))
    found = MilestoneService(vault_info.vault).timeline()
    assert [(m.kind, m.happened) for m in found] == [("first_assessment", first.taken)]


def test_a_result_can_be_deleted(vault_info: VaultInfo) -> None:
    service = AssessmentService(vault_info.vault, Clock())
    keep = service.record("gad7", [0] * 7)
    gone = service.record("gad7", [1] * 7)
    service.delete(gone.id)
    assert service.results() == [keep]
    with pytest.raises(KeyError):
        service.delete(gone.id)


def test_damaged_rows_are_skipped_when_reading(vault_info: VaultInfo) -> None:
    service = AssessmentService(vault_info.vault, Clock())
    good = service.record("who5", who5(10), when=START)
    later = START + timedelta(days=1)

    def insert(instrument_id: str, taken: str, answers: str, score: int) -> None:
        with vault_info.vault.db.transaction():
            vault_info.vault.db.execute(
                "INSERT INTO assessments (instrument, taken, taken_utc, answers, score) "
                "VALUES (?, ?, ?, ?, ?)",
                (instrument_id, taken, utc_micros(later), answers, score),
            )

    iso = later.isoformat()
    insert("who5", iso, "{not json", 40)
    insert("who5", iso, '["items", 1]', 40)
    insert("who5", iso, '{"items": [2, 2, 2, 2]}', 32)  # one answer short
    insert("who5", iso, '{"items": [2, 2, 2, 2, 9]}', 40)  # not an option
    insert("who5", iso, '{"items": [2, 2, 2, 2, 2], "closing": 1}', 40)  # no such question
    insert("who5", iso, '{"items": [2, 2, 2, 2, 2]}', 44)  # score does not add up
    insert("who5", "yesterday", '{"items": [2, 2, 2, 2, 2]}', 40)
    insert("bdi", iso, '{"items": [0]}', 0)
    insert("who5", iso, '{"items": [5, 5, 5, 5, 5]}', 900)  # score out of range
    assert service.results() == [good]
    assert service.latest("who5") == good
    assert service.results("bdi") == []
    # The chart reads only dates and scores: a stored score stands even when the
    # answers behind it are damaged; a date it cannot read or a score outside
    # 0-100 is left out.
    scores = [40, 40, 32, 40, 40, 44]
    assert service.series("who5") == [(START, 40), *((later, score) for score in scores)]


def test_reminders_are_due_every_two_weeks_or_when_never_taken(vault_info: VaultInfo) -> None:
    service = AssessmentService(vault_info.vault, Clock())
    assert service.reminders() == set() and service.due() == []
    service.set_reminder("who5", True)
    service.set_reminder("phq9", True)
    service.set_reminder("phq9", True)  # twice: still one reminder
    assert service.reminders() == {"phq9", "who5"}
    assert vault_info.vault.db.scalar("SELECT value FROM meta WHERE key = 'reminder.phq9'") == (
        str(REMINDER_DAYS)
    )
    assert service.due(START.date()) == ["phq9", "who5"]  # never taken

    service.record("phq9", [0] * 9, when=START)
    service.record("gad7", [0] * 7, when=START - timedelta(days=60))  # no reminder set
    assert service.due(START.date() + timedelta(days=13)) == ["who5"]
    assert service.due(START.date() + timedelta(days=14)) == ["phq9", "who5"]
    assert service.due() == ["who5"]  # today comes from the clock

    service.set_reminder("who5", False)
    assert service.reminders() == {"phq9"}
    assert service.due(date(2026, 3, 14)) == []
    with pytest.raises(InvalidAnswers):
        service.set_reminder("bdi", True)


def test_a_damaged_reminder_value_still_reminds_at_the_usual_interval(
    vault_info: VaultInfo,
) -> None:
    service = AssessmentService(vault_info.vault, Clock())
    with vault_info.vault.db.transaction():
        vault_info.vault.db.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?)",
            [("reminder.gad7", "soon"), ("reminder.bdi", "14")],
        )
    assert service.reminders() == {"gad7"}
    service.record("gad7", [0] * 7, when=START)
    assert service.due(START.date() + timedelta(days=REMINDER_DAYS - 1)) == []
    assert service.due(START.date() + timedelta(days=REMINDER_DAYS)) == ["gad7"]
