"""Self-assessments: the PHQ-9, GAD-7 and WHO-5 questionnaires, their results
over time, and reminders to take them again.

The questionnaires are reference data (``resources/instruments.json``), with
their published wording, scoring and bands: a score is only valid with the
wording it was published with, so the file is checked strictly when read and
never half-used. Results are stored in the vault with every answer, so a
result can be shown again exactly as it was taken. Stored rows are read
leniently: one that is damaged or names an unknown questionnaire is skipped,
never allowed to crash the app.

Answers and scores are health information: nothing here logs them.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

from therapy_journal.services import regions
from therapy_journal.services.dates import as_local, now_local
from therapy_journal.services.milestones import MilestoneService
from therapy_journal.services.reference import BadReferenceData, _read, _strings, _unique
from therapy_journal.store.entries import utc_micros
from therapy_journal.store.vault import Vault

log = logging.getLogger(__name__)

REMINDER_DAYS = 14
_REMINDER_KEY = "reminder."  # meta key prefix: reminder.<instrument id> -> days
_FILE = "instruments.json"


class InvalidAnswers(ValueError):
    """Answers that do not fit the questionnaire; the message says why in one sentence."""


# -- the questionnaires ----------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerOption:
    value: int
    label: str


@dataclass(frozen=True)
class Band:
    """A range of scores (``low`` to ``high``, both included) and what it means."""

    id: str
    label: str
    low: int
    high: int
    explanation: str
    talk_to_professional: bool


@dataclass(frozen=True)
class Instrument:
    """One questionnaire, as published. Scores are ``multiplier`` times the sum
    of the item answers (the WHO-5 is shown as a percentage)."""

    id: str
    name: str  # short: "PHQ-9"
    title: str
    about: str  # what it asks about, in one plain line
    stem: str
    items: tuple[str, ...]
    options: tuple[AnswerOption, ...]  # in the order they are shown
    closing_question: str | None  # asked, never scored
    closing_options: tuple[AnswerOption, ...]
    multiplier: int
    min_score: int
    max_score: int
    bands: tuple[Band, ...]  # lowest first, covering min_score..max_score
    crisis_item: int | None  # 0-based index of an item that asks about self-harm
    meaningful_change: int | None  # points of change that matter, when published
    citation: str
    notice: str  # the attribution its terms of use ask for
    change_citation: str | None = None  # the source of meaningful_change

    def check(self, answers: Sequence[int], closing: int | None = None) -> None:
        """Raise :class:`InvalidAnswers` unless every item and the closing
        question (if given) is answered with one of its options."""
        if len(answers) != len(self.items):
            raise InvalidAnswers(
                f"{self.name} has {len(self.items)} questions, "
                f"but {len(answers)} answers were given."
            )
        values = {option.value for option in self.options}
        for number, answer in enumerate(answers, start=1):
            if not _is_int(answer) or answer not in values:
                raise InvalidAnswers(
                    f"Answer {number} to {self.name} is {answer!r}, which is not one of its "
                    f"options ({_listed(values)})."
                )
        if closing is None:
            return
        if self.closing_question is None:
            raise InvalidAnswers(f"{self.name} has no closing question to answer.")
        closing_values = {option.value for option in self.closing_options}
        if not _is_int(closing) or closing not in closing_values:
            raise InvalidAnswers(
                f"The closing answer to {self.name} is {closing!r}, which is not one of its "
                f"options ({_listed(closing_values)})."
            )

    def score(self, answers: Sequence[int]) -> int:
        """The published score of a complete set of answers."""
        self.check(answers)
        return sum(answers) * self.multiplier

    def band(self, score: int) -> Band:
        for band in self.bands:
            if band.low <= score <= band.high:
                return band
        raise ValueError(
            f"A score of {score} is outside the {self.name} range "
            f"({self.min_score} to {self.max_score})."
        )

    def crisis(self, answers: Sequence[int | None]) -> bool:
        """Whether the crisis item is answered above its lowest option. Works on
        answers still being given (``None`` or missing for the unanswered), so
        the help can be shown as soon as that one item is answered."""
        if self.crisis_item is None or self.crisis_item >= len(answers):
            return False
        answer = answers[self.crisis_item]
        return answer is not None and answer > 0


@dataclass(frozen=True)
class CrisisInfo:
    """Where to find help now, shown when a crisis item is answered above 0."""

    title: str
    opener: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class AssessmentReference:
    """Everything ``instruments.json`` holds, checked."""

    instruments: tuple[Instrument, ...]
    crisis: CrisisInfo
    not_a_diagnosis: str


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _listed(values: set[int]) -> str:
    ordered = sorted(values)
    return f"{ordered[0]} to {ordered[-1]}"


def _int(item: dict[str, Any], key: str, where: str) -> int:
    value = item.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadReferenceData(f"{where} has no whole number {key}")
    return value


def _optional_int(item: dict[str, Any], key: str, where: str) -> int | None:
    return None if item.get(key) is None else _int(item, key, where)


def _optional_text(item: dict[str, Any], key: str, where: str) -> str | None:
    value = item.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise BadReferenceData(f"{where} has an empty {key}")
    return value


def _texts(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise BadReferenceData(f"{where} is not a list of lines")
    for number, text in enumerate(value):
        if not isinstance(text, str) or not text.strip():
            raise BadReferenceData(f"{where} line {number} is empty")
    return tuple(value)


def _options(value: object, where: str) -> tuple[AnswerOption, ...]:
    """Answer options whose values are whole numbers in a run without gaps,
    so every total between the lowest and the highest can be reached."""
    if not isinstance(value, list) or not value:
        raise BadReferenceData(f"{where} has no list of options")
    options = []
    for number, item in enumerate(value):
        at = f"{where} option {number}"
        label = _strings(item, ("label",), at)["label"]  # also checks item is an object
        options.append(AnswerOption(_int(item, "value", at), label))
    values = sorted(option.value for option in options)
    if values[0] < 0 or values != list(range(values[0], values[0] + len(values))):
        raise BadReferenceData(f"{where}: option values must be 0 or more, each used once")
    return tuple(options)


def _bands(value: object, where: str, min_score: int, max_score: int) -> tuple[Band, ...]:
    """Bands from lowest to highest that cover min_score..max_score exactly once."""
    if not isinstance(value, list) or not value:
        raise BadReferenceData(f"{where} has no bands")
    bands = []
    expected_low = min_score
    for number, item in enumerate(value):
        at = f"{where} band {number}"
        text = _strings(item, ("id", "label", "explanation"), at)
        low, high = _int(item, "low", at), _int(item, "high", at)
        talk = item.get("talk_to_professional")
        if not isinstance(talk, bool):
            raise BadReferenceData(f"{at} has no true or false talk_to_professional")
        if low != expected_low:
            problem = "a gap" if low > expected_low else "an overlap"
            raise BadReferenceData(f"{at} starts at {low}: {problem} after {expected_low - 1}")
        if high < low:
            raise BadReferenceData(f"{at} ends before it starts")
        bands.append(Band(text["id"], text["label"], low, high, text["explanation"], talk))
        expected_low = high + 1
    if expected_low - 1 != max_score:
        raise BadReferenceData(f"{where}: the bands end at {expected_low - 1}, not {max_score}")
    _unique([band.id for band in bands], f"{where} bands")
    return tuple(bands)


def _instrument(item: object, number: int) -> Instrument:
    where = f"{_FILE} instrument {number}"
    if not isinstance(item, dict):
        raise BadReferenceData(f"{where} is not an object")
    fields = ("id", "name", "title", "about", "stem", "citation", "notice")
    text = _strings(item, fields, where)
    where = f"{_FILE} {text['id']}"
    items = _texts(item.get("items"), f"{where} items")
    options = _options(item.get("options"), where)
    closing_question = _optional_text(item, "closing_question", where)
    closing_options: tuple[AnswerOption, ...] = ()
    if closing_question is not None:
        closing_options = _options(item.get("closing_options"), f"{where} closing question")
    elif item.get("closing_options"):
        raise BadReferenceData(f"{where} has closing options but no closing question")
    multiplier = _int(item, "multiplier", where)
    min_score, max_score = _int(item, "min_score", where), _int(item, "max_score", where)
    values = [option.value for option in options]
    if multiplier < 1:
        raise BadReferenceData(f"{where}: the multiplier must be 1 or more")
    if (min_score, max_score) != (
        min(values) * len(items) * multiplier,
        max(values) * len(items) * multiplier,
    ):
        raise BadReferenceData(f"{where}: min_score and max_score do not match its options")
    crisis_item = _optional_int(item, "crisis_item", where)
    if crisis_item is not None and not 0 <= crisis_item < len(items):
        raise BadReferenceData(f"{where}: crisis_item {crisis_item} is not one of its items")
    meaningful_change = _optional_int(item, "meaningful_change", where)
    change_citation = _optional_text(item, "change_citation", where)
    if meaningful_change is not None and (meaningful_change < 1 or change_citation is None):
        raise BadReferenceData(f"{where}: meaningful_change needs to be 1 or more, with a source")
    return Instrument(
        id=text["id"],
        name=text["name"],
        title=text["title"],
        about=text["about"],
        stem=text["stem"],
        items=items,
        options=options,
        closing_question=closing_question,
        closing_options=closing_options,
        multiplier=multiplier,
        min_score=min_score,
        max_score=max_score,
        bands=_bands(item.get("bands"), where, min_score, max_score),
        crisis_item=crisis_item,
        meaningful_change=meaningful_change,
        citation=text["citation"],
        notice=text["notice"],
        change_citation=change_citation,
    )


def parse_reference(data: dict[str, Any]) -> AssessmentReference:
    """Check the contents of ``instruments.json``; :class:`BadReferenceData`
    says what is wrong."""
    raw = data.get("instruments")
    if not isinstance(raw, list) or not raw:
        raise BadReferenceData(f"{_FILE} lists no instruments")
    found = tuple(_instrument(item, number) for number, item in enumerate(raw))
    _unique([instrument.id for instrument in found], _FILE)
    crisis = data.get("crisis")
    if not isinstance(crisis, dict):
        raise BadReferenceData(f"{_FILE} has no crisis block")
    text = _strings(crisis, ("title", "opener"), f"{_FILE} crisis")
    lines = _texts(crisis.get("lines"), f"{_FILE} crisis")
    notice = _strings(data, ("not_a_diagnosis",), _FILE)["not_a_diagnosis"]
    return AssessmentReference(found, CrisisInfo(text["title"], text["opener"], lines), notice)


@cache
def _reference() -> AssessmentReference:
    return parse_reference(_read(_FILE))


def instruments() -> dict[str, Instrument]:
    """The questionnaires by id, in the order the app offers them."""
    return {instrument.id: instrument for instrument in _reference().instruments}


def crisis_info(region_id: str | None = None) -> CrisisInfo:
    """The words shown when a crisis item is answered above 0, with the crisis
    lines of ``region_id`` (default: the person's region, see
    :mod:`therapy_journal.services.regions`). The lines in instruments.json are
    the US ones, kept for a reference file read on its own."""
    found = _reference().crisis
    region = region_id or regions.configured_region()
    return CrisisInfo(found.title, found.opener, tuple(regions.help_lines(region)))


def not_a_diagnosis() -> str:
    """The sentence shown with every result: a self-check is not a diagnosis."""
    return _reference().not_a_diagnosis


def instrument(instrument_id: str) -> Instrument:
    """The questionnaire ``instrument_id``; :class:`InvalidAnswers` if there is none."""
    found = instruments().get(instrument_id)
    if found is None:
        raise InvalidAnswers(f"'{instrument_id}' is not a known questionnaire.")
    return found


# -- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    """One time a questionnaire was taken. ``score`` is as published (the
    WHO-5 as a percentage); the answers stay out of ``repr`` so they cannot
    end up in a log or a crash report by accident."""

    id: int
    instrument: Instrument = field(repr=False)
    taken: datetime
    answers: tuple[int, ...] = field(repr=False)
    closing: int | None = field(repr=False)
    score: int = field(repr=False)
    band: Band = field(repr=False)

    @property
    def raw_score(self) -> int:
        """The sum of the answers, before the multiplier (WHO-5: 0-25)."""
        return self.score // self.instrument.multiplier

    @property
    def crisis(self) -> bool:
        return self.instrument.crisis(self.answers)


_COLUMNS = "id, instrument, taken, answers, score"


def _stored_answers(text: str) -> tuple[tuple[int, ...], int | None]:
    """The answers column: ``{"items": [...], "closing": n | null}``."""
    data = json.loads(text)
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise ValueError("not an answers object")
    closing = data.get("closing")
    return tuple(data["items"]), closing


def _result(row: Sequence[object]) -> Result | None:
    """A stored result, or None (logged by id only) when the row is damaged."""
    result_id = int(str(row[0]))
    found = instruments().get(str(row[1]))
    if found is None:
        log.warning("skipped assessment result %d: unknown questionnaire", result_id)
        return None
    try:
        answers, closing = _stored_answers(str(row[3]))
        found.check(answers, closing)
        score = found.score(answers)
        if score != row[4]:
            raise ValueError("the stored score does not match the answers")
        taken = as_local(datetime.fromisoformat(str(row[2])))
    except ValueError:
        log.warning("skipped assessment result %d: it is damaged", result_id)
        return None
    return Result(result_id, found, taken, answers, closing, score, found.band(score))


class AssessmentService:
    """The self-assessment results and reminders of one unlocked vault."""

    def __init__(self, vault: Vault, clock: Callable[[], datetime] = now_local) -> None:
        self.vault = vault
        self.clock = clock

    def record(
        self,
        instrument_id: str,
        answers: Sequence[int],
        closing: int | None = None,
        when: datetime | None = None,
    ) -> Result:
        """Store a completed questionnaire (taken now, or ``when``) and mark the
        first-assessment milestone with it; :class:`InvalidAnswers` stores nothing."""
        questionnaire = instrument(instrument_id)
        items = tuple(answers)
        questionnaire.check(items, closing)
        score = questionnaire.score(items)
        taken = as_local(when) if when else self.clock()
        stored = json.dumps({"items": list(items), "closing": closing})
        with self.vault.db.transaction():
            cursor = self.vault.db.execute(
                "INSERT INTO assessments (instrument, taken, taken_utc, answers, score) "
                "VALUES (?, ?, ?, ?, ?)",
                (questionnaire.id, taken.isoformat(), utc_micros(taken), stored, score),
            )
            MilestoneService(self.vault, self.clock).record("first_assessment", when=taken)
        result_id = int(cursor.lastrowid)
        log.debug("recorded assessment result %d", result_id)
        return Result(
            result_id, questionnaire, taken, items, closing, score, questionnaire.band(score)
        )

    def results(self, instrument_id: str | None = None) -> list[Result]:
        """Every readable result, newest first (of one questionnaire, when given)."""
        if instrument_id is None:
            rows = self.vault.db.query(
                f"SELECT {_COLUMNS} FROM assessments ORDER BY taken_utc DESC, id DESC"
            )
        else:
            rows = self.vault.db.query(
                f"SELECT {_COLUMNS} FROM assessments WHERE instrument = ? "
                "ORDER BY taken_utc DESC, id DESC",
                (instrument_id,),
            )
        return [result for result in map(_result, rows) if result is not None]

    def latest(self, instrument_id: str) -> Result | None:
        return next(iter(self.results(instrument_id)), None)

    def previous(self, result: Result) -> Result | None:
        """The readable result of the same questionnaire taken just before ``result``."""
        rows = self.vault.db.query(
            f"SELECT {_COLUMNS} FROM assessments "
            "WHERE instrument = ? AND (taken_utc, id) < (?, ?) "
            "ORDER BY taken_utc DESC, id DESC",
            (result.instrument.id, utc_micros(result.taken), result.id),
        )
        return next((found for found in map(_result, rows) if found is not None), None)

    def change(self, result: Result) -> int | None:
        """Score minus the previous score; None for the first result."""
        before = self.previous(result)
        return None if before is None else result.score - before.score

    def meaningful(self, result: Result) -> bool:
        """Whether the change since the previous result is at least the
        published meaningful change (False where none is published)."""
        needed = result.instrument.meaningful_change
        if needed is None:
            return False
        change = self.change(result)
        return change is not None and abs(change) >= needed

    def series(
        self, instrument_id: str, since: datetime | None = None
    ) -> list[tuple[datetime, int]]:
        """(taken, score) of one questionnaire, oldest first, for charts.

        Found through the ``assessments_taken`` index, reading only those two
        columns: a stored score stands even if the answers behind it were
        damaged later, but a score outside the published range or a date that
        cannot be read is left out.
        """
        questionnaire = instrument(instrument_id)
        params: list[object] = [questionnaire.id, questionnaire.min_score, questionnaire.max_score]
        after = ""
        if since is not None:
            after = "AND taken_utc >= ? "
            params.append(utc_micros(as_local(since)))
        rows = self.vault.db.query(
            "SELECT taken, score FROM assessments "
            f"WHERE instrument = ? AND score BETWEEN ? AND ? {after}"
            "ORDER BY taken_utc, id",
            params,
        )
        points = []
        for taken, score in rows:
            try:
                points.append((as_local(datetime.fromisoformat(str(taken))), int(score)))
            except ValueError:
                continue  # a damaged date: the point cannot be placed
        return points

    def delete(self, result_id: int) -> None:
        with self.vault.db.transaction():
            cursor = self.vault.db.execute("DELETE FROM assessments WHERE id = ?", (result_id,))
        if cursor.rowcount == 0:
            raise KeyError(result_id)
        log.debug("deleted assessment result %d", result_id)

    # -- reminders: every REMINDER_DAYS days, kept in the vault's meta table ---------------------

    def _reminder_days(self) -> dict[str, int]:
        rows = self.vault.db.query(
            "SELECT key, value FROM meta WHERE key GLOB ?", (_REMINDER_KEY + "*",)
        )
        known = instruments()
        days = {}
        for key, value in rows:
            instrument_id = str(key).removeprefix(_REMINDER_KEY)
            if instrument_id in known:
                text = str(value)
                stored = int(text) if text.isdigit() else 0
                # A damaged value still means "on", at the usual interval.
                days[instrument_id] = stored if stored > 0 else REMINDER_DAYS
        return days

    def reminders(self) -> set[str]:
        """The questionnaires with a reminder on."""
        return set(self._reminder_days())

    def set_reminder(self, instrument_id: str, on: bool) -> None:
        key = _REMINDER_KEY + instrument(instrument_id).id
        with self.vault.db.transaction():
            if on:
                self.vault.db.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                    (key, str(REMINDER_DAYS)),
                )
            else:
                self.vault.db.execute("DELETE FROM meta WHERE key = ?", (key,))

    def due(self, today: date | None = None) -> list[str]:
        """Questionnaires with a reminder on that were never taken, or last
        taken (on the day it was then) that many days ago or more; in the
        order the app offers them."""
        today = today or self.clock().date()
        days = self._reminder_days()
        due = []
        for instrument_id in instruments():
            if instrument_id not in days:
                continue
            last = self.latest(instrument_id)
            if last is None or (today - last.taken.date()).days >= days[instrument_id]:
                due.append(instrument_id)
        return due
