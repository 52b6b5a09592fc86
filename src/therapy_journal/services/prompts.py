"""Writing prompts: the built-in library, the person's own, and "Suggested for you".

Ranking is a pure, deterministic function of a :class:`RankContext`, built from
the profile, the stage of the search, recent moods and what has been answered:

- **Nothing repeats until the library runs out.** Prompts never answered come
  first; once every visible prompt has an answer, the least answered come first.
- Within that, prompts score by how well their tags fit: a listed concern, an
  approach the person is curious about (or being unsure which approach fits),
  the stage of the search, a recent low or good mood (only with at least
  :data:`MIN_MOODS` ratings in :data:`MOOD_DAYS` days: one low day is not
  "lately"), a part of the profile not filled in yet, a communication-style
  question not settled yet. Approaches marked "rather avoid" count against.
  Ties keep library order.
- Each suggestion carries its strongest reason that is specific to it, so the
  app can say in a line why it is there. One reason is given at most
  :data:`SAME_REASON` times down the list; after that a suggestion gives its
  next reason, or none (an empty :class:`Reason`) rather than repeat it.
- Prompts for mental-health professionals (burnout, vicarious trauma) are
  only for someone who said in Settings that they are one; nobody else is
  shown them, suggested or in the library.

The stage of the search is the profile's own answer, moved on by any
:data:`STAGE_SIGNALS` (goals and contacts add theirs: a consultation booked
means "consulting" whatever the profile says). A signal may only move the stage
forward.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from statistics import fmean

from therapy_journal.services.dates import now_local
from therapy_journal.services.journal import JournalService
from therapy_journal.services.milestones import MilestoneService
from therapy_journal.services.profile import (
    CONCERNS,
    STAGE_ORDER,
    STAGES,
    STYLE_AXES,
    Profile,
    ProfileService,
)
from therapy_journal.services.reference import (
    MAX_PROMPT_CHARS,
    Prompt,
    PromptCategory,
    approach_names,
    prompt_library,
)
from therapy_journal.services.support_network import professional_setting
from therapy_journal.store.models import EntryFilter
from therapy_journal.store.vault import Vault

log = logging.getLogger(__name__)

USER_PREFIX = "user-"
_DAILY_KEY = "prompt_of_the_day"  # in the meta table: "YYYY-MM-DD prompt-id"
ANY_PROMPT = "*"  # for :meth:`PromptService.narrow`: written from any prompt
MOOD_DAYS = 14
MIN_MOODS = 3  # ratings in MOOD_DAYS before mood counts: one bad day is not "lately"
LOW_MOOD = 4.0  # average of recent moods at or below: gentle prompts first
HIGH_MOOD = 7.0  # at or above: celebration and gratitude fit
SAME_REASON = 2  # the most suggestions that give the same reason; then another, or none

# How much each kind of fit weighs. Concerns and curiosity about an approach
# say most about what this person needs to write about next.
W_CONCERN = 4.0
W_CURIOUS = 3.0
W_UNSURE = 2.0
W_PREFER = 1.0
W_AVOID = -4.0
W_STYLE_OPEN = 1.0
W_STAGE = 1.5
W_OTHER_STAGE = -1.0
W_MOOD_LOW = 2.5
W_MOOD_HIGH = 1.5
W_MOOD_STEADY = 1.0
W_MOOD_MISMATCH = -1.0
W_UNFILLED = 1.5
W_CUSTOM = 0.5

StageSignal = Callable[[Vault], str | None]
STAGE_SIGNALS: list[StageSignal] = [lambda vault: MilestoneService(vault).stage()]
"""Functions that read a stage of the search off other data (milestones, contacts)."""


class InvalidPrompt(ValueError):
    """A prompt the person wrote that cannot be stored as given."""


@dataclass(frozen=True)
class Reason:
    """Why a prompt is suggested: a kind the app words, and what it is about."""

    kind: str  # concern, curious, unsure, prefer, style, stage, mood_low, mood_high,
    #            mood_steady, unfilled, custom, again; "" when there is nothing specific
    detail: str = ""


@dataclass(frozen=True)
class Suggestion:
    prompt: Prompt
    score: float
    answered: int
    reason: Reason


@dataclass(frozen=True)
class RankContext:
    """Everything the ranking looks at. Build one with :meth:`of`."""

    concerns: frozenset[str] = frozenset()
    preferred: frozenset[str] = frozenset()
    curious: frozenset[str] = frozenset()
    avoided: frozenset[str] = frozenset()
    unsure: bool = True  # marked "not sure yet", or has marked no approach at all
    styles_set: frozenset[str] = frozenset()
    stage: str = "exploring"
    mood: float | None = None
    answered: Mapping[str, int] | None = None
    unfilled: frozenset[str] = frozenset()  # profile:* tags whose fields are empty
    professional: bool = False  # a mental-health professional: their prompts are shown

    @classmethod
    def of(
        cls,
        profile: Profile,
        *,
        stage: str | None = None,
        moods: Sequence[int] = (),
        answered: Mapping[str, int] | None = None,
        professional: bool = False,
    ) -> RankContext:
        marked = {
            choice: frozenset(profile.approaches_marked(choice))
            for choice in ("prefer", "curious", "avoid")
        }
        unfilled = {
            "profile:hopes": not profile.hopes,
            "profile:past": not profile.did_not_work,
            "profile:identity": not (
                profile.gender
                or profile.age
                or profile.cultural_background
                or profile.faith
                or profile.lgbtq_affirming
                or profile.languages
            ),
            "profile:logistics": not (
                profile.format
                or profile.location
                or profile.payment
                or profile.budget_per_session
                or profile.days
                or profile.times
            ),
        }
        return cls(
            concerns=frozenset(profile.concerns),
            preferred=marked["prefer"] - {"not_sure"},
            curious=marked["curious"] - {"not_sure"},
            avoided=marked["avoid"] - {"not_sure"},
            unsure="not_sure" in profile.approaches or not profile.approaches,
            styles_set=frozenset(profile.styles),
            stage=stage or profile.stage,
            mood=fmean(moods) if len(moods) >= MIN_MOODS else None,
            answered=dict(answered or {}),
            unfilled=frozenset(tag for tag, empty in unfilled.items() if empty),
            professional=professional,
        )


def _approach_fit(value: str, context: RankContext) -> tuple[float, Reason | None] | None:
    names = approach_names()
    if value == "not_sure":
        return (W_UNSURE, Reason("unsure")) if context.unsure else None
    if value in context.curious:
        return W_CURIOUS, Reason("curious", names.get(value, value))
    if value in context.preferred:
        return W_PREFER, Reason("prefer", names.get(value, value))
    if value in context.avoided:
        return W_AVOID, None
    return None


def _fits(prompt: Prompt, context: RankContext) -> list[tuple[float, Reason | None]]:
    """(weight, reason) for each way ``prompt`` fits ``context``; None: no reason to give."""
    axes = {axis.id: axis.question for axis in STYLE_AXES}
    fits: list[tuple[float, Reason | None] | None] = []
    concern_hits = 0
    stage_tags = []
    for tag in prompt.tags:
        kind, _, value = tag.partition(":")
        if kind == "concern" and value in context.concerns and concern_hits < 2:
            concern_hits += 1
            fits.append((W_CONCERN, Reason("concern", CONCERNS.get(value, value))))
        elif kind == "approach":
            fits.append(_approach_fit(value, context))
        elif kind == "style" and value in axes and value not in context.styles_set:
            fits.append((W_STYLE_OPEN, Reason("style", axes[value])))
        elif kind == "stage":
            stage_tags.append(value)
        elif kind == "mood" and context.mood is not None:
            fits.append(_mood_fit(value, context.mood))
        elif kind == "profile" and tag in context.unfilled:
            fits.append((W_UNFILLED, Reason("unfilled", value)))
    if stage_tags and context.stage in stage_tags:
        fits.append((W_STAGE, Reason("stage", STAGES.get(context.stage, context.stage))))
    elif stage_tags:
        fits.append((W_OTHER_STAGE, None))
    if prompt.custom:
        fits.append((W_CUSTOM, Reason("custom")))
    return [fit for fit in fits if fit is not None]


def _mood_fit(value: str, mood: float) -> tuple[float, Reason | None]:
    if mood <= LOW_MOOD:
        return (W_MOOD_LOW, Reason("mood_low")) if value == "low" else (W_MOOD_MISMATCH, None)
    if mood >= HIGH_MOOD:
        return (W_MOOD_HIGH, Reason("mood_high")) if value == "high" else (0.0, None)
    return (W_MOOD_STEADY, Reason("mood_steady")) if value == "steady" else (0.0, None)


NO_REASON = Reason("")


def rank(prompts: Iterable[Prompt], context: RankContext) -> list[Suggestion]:
    """Every visible prompt, best first (see the module docstring)."""
    answered = context.answered or {}
    scored = []
    shown = (p for p in prompts if not p.hidden and fits_audience(p, context.professional))
    for order, prompt in enumerate(shown):
        fits = _fits(prompt, context)
        score = sum(weight for weight, _ in fits)
        count = answered.get(prompt.id, 0)
        reasons = [
            reason
            for _weight, reason in sorted(
                ((w, r) for w, r in fits if r is not None and w > 0), key=lambda pair: -pair[0]
            )
            if reason is not None
        ]
        if count:
            reasons.append(Reason("again", str(count)))
        scored.append((count, -score, order, prompt, score, reasons))
    scored.sort(key=lambda item: item[:3])
    given: dict[Reason, int] = {}
    ranked = []
    for count, _, _, prompt, score, reasons in scored:
        reason = next((r for r in reasons if given.get(r, 0) < SAME_REASON), NO_REASON)
        if reason != NO_REASON:
            given[reason] = given.get(reason, 0) + 1
        ranked.append(Suggestion(prompt, score, count, reason))
    return ranked


def fits_audience(prompt: Prompt, professional: bool) -> bool:
    """Whether ``prompt`` is for this person: professionals' prompts only for them."""
    return professional or not prompt.for_professionals


def search_stage(profile: Profile, vault: Vault | None = None) -> str:
    """The profile's stage, moved forward by any stage signal."""
    stage = profile.stage if profile.stage in STAGES else "exploring"
    if vault is not None:
        for signal in STAGE_SIGNALS:
            found = signal(vault)
            if found in STAGES and STAGE_ORDER.index(found) > STAGE_ORDER.index(stage):
                stage = found
    return stage


class PromptService:
    """Built-in and the person's own prompts, and suggestions, for one unlocked vault."""

    def __init__(
        self,
        vault: Vault,
        clock: Callable[[], datetime] = now_local,
        professional: bool | None = None,
    ) -> None:
        self.vault = vault
        self.clock = clock
        self._professional = professional

    @property
    def professional(self) -> bool:
        """Given when made, else the setting (read each time: it can change)."""
        if self._professional is not None:
            return self._professional
        return professional_setting()

    # -- reading -----------------------------------------------------------------------

    def categories(self) -> tuple[PromptCategory, ...]:
        return prompt_library()[0]

    def category(self, category_id: str) -> PromptCategory | None:
        return next((c for c in self.categories() if c.id == category_id), None)

    def prompts(
        self, *, include_hidden: bool = False, every_audience: bool = False
    ) -> list[Prompt]:
        """The library then the person's own, in category order; with
        ``every_audience`` also prompts meant for someone else (see the module)."""
        hidden = {
            str(pid) for (pid,) in self.vault.db.query("SELECT prompt_id FROM hidden_prompts")
        }
        own = [
            Prompt(f"{USER_PREFIX}{pid}", str(category), str(text), tuple(str(tags).split()), True)
            for pid, category, text, tags in self.vault.db.query(
                "SELECT id, category, text, tags FROM user_prompts ORDER BY id"
            )
        ]
        order = {c.id: n for n, c in enumerate(self.categories())}
        every = sorted(
            [*prompt_library()[1], *own], key=lambda p: order.get(p.category, len(order))
        )
        marked = [replace(p, hidden=True) if p.id in hidden else p for p in every]
        if not every_audience:
            professional = self.professional
            marked = [p for p in marked if fits_audience(p, professional)]
        return marked if include_hidden else [p for p in marked if not p.hidden]

    def get(self, prompt_id: str) -> Prompt | None:
        """A prompt by id, hidden or not; None if there is no such prompt."""
        every = self.prompts(include_hidden=True, every_audience=True)
        return next((p for p in every if p.id == prompt_id), None)

    def narrow(self, flt: EntryFilter, category: str | None) -> EntryFilter:
        """``flt`` limited to entries written from a prompt of ``category``
        (:data:`ANY_PROMPT`: from any prompt; None: no limit)."""
        if category is None:
            return flt
        every = self.prompts(include_hidden=True, every_audience=True)
        chosen = [p.id for p in every if category in (ANY_PROMPT, p.category)]
        return replace(flt, prompt_ids=frozenset(chosen))

    # -- the person's own prompts ------------------------------------------------------

    def _checked(self, category: str, text: str) -> str:
        cleaned = text.strip()
        if not cleaned:
            raise InvalidPrompt("A prompt needs some text.")
        if len(cleaned) > MAX_PROMPT_CHARS:
            raise InvalidPrompt(f"A prompt can be at most {MAX_PROMPT_CHARS:,} characters long.")
        if self.category(category) is None:
            raise InvalidPrompt("Choose one of the prompt categories.")
        return cleaned

    def add(self, category: str, text: str, tags: Sequence[str] = ()) -> Prompt:
        cleaned = self._checked(category, text)
        now = self.clock().isoformat()
        with self.vault.db.transaction():
            cursor = self.vault.db.execute(
                """INSERT INTO user_prompts (category, text, tags, created, updated)
                   VALUES (?, ?, ?, ?, ?)""",
                (category, cleaned, " ".join(tags), now, now),
            )
        return Prompt(f"{USER_PREFIX}{cursor.lastrowid}", category, cleaned, tuple(tags), True)

    def edit(self, prompt_id: str, category: str, text: str) -> Prompt:
        """Change one of the person's own prompts (library prompts can only be hidden)."""
        number = _own_number(prompt_id)
        cleaned = self._checked(category, text)
        with self.vault.db.transaction():
            cursor = self.vault.db.execute(
                "UPDATE user_prompts SET category = ?, text = ?, updated = ? WHERE id = ?",
                (category, cleaned, self.clock().isoformat(), number),
            )
            if cursor.rowcount != 1:
                raise InvalidPrompt("That prompt no longer exists.")
        found = self.get(prompt_id)
        assert found is not None
        return found

    def set_hidden(self, prompt_id: str, hidden: bool) -> None:
        if self.get(prompt_id) is None:
            raise InvalidPrompt("That prompt no longer exists.")
        with self.vault.db.transaction():
            if hidden:
                self.vault.db.execute(
                    "INSERT OR IGNORE INTO hidden_prompts (prompt_id, hidden) VALUES (?, ?)",
                    (prompt_id, self.clock().isoformat()),
                )
            else:
                self.vault.db.execute(
                    "DELETE FROM hidden_prompts WHERE prompt_id = ?", (prompt_id,)
                )

    # -- suggestions -------------------------------------------------------------------

    def context(self) -> RankContext:
        profile = ProfileService(self.vault, self.clock).current()
        journal = JournalService(self.vault, self.clock)
        return RankContext.of(
            profile,
            stage=search_stage(profile, self.vault),
            moods=journal.recent_moods(MOOD_DAYS),
            answered=journal.prompt_answers(),
            professional=self.professional,
        )

    def suggestions(self, limit: int | None = 20) -> list[Suggestion]:
        ranked = rank(self.prompts(), self.context())
        return ranked if limit is None else ranked[:limit]

    def prompt_of_the_day(self, day: date | None = None, *, among: int = 5) -> Suggestion | None:
        """One prompt per calendar day.

        Chosen among the best few suggestions the first time the day asks, then
        kept in the vault for the rest of that day, whatever is written, rated or
        changed meanwhile (and across restarts). Only a kept prompt hidden or
        deleted since is chosen again.
        """
        day = day or self.clock().date()
        ranked = self.suggestions(None)
        kept = self._kept_prompt(day)
        found = next((s for s in ranked if s.prompt.id == kept), None)
        if found is not None:
            return found
        best = ranked[:among]
        if not best:
            return None
        chosen = best[day.toordinal() % len(best)]
        self._keep_prompt(day, chosen.prompt.id)
        return chosen

    def _kept_prompt(self, day: date) -> str | None:
        value = self.vault.db.scalar("SELECT value FROM meta WHERE key = ?", (_DAILY_KEY,))
        kept_day, _, prompt_id = str(value or "").partition(" ")
        return prompt_id if kept_day == day.isoformat() and prompt_id else None

    def _keep_prompt(self, day: date, prompt_id: str) -> None:
        if self.vault.read_only:
            return  # chosen the same way each time that day: stable while nothing changes
        with self.vault.db.transaction():
            self.vault.db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                (_DAILY_KEY, f"{day.isoformat()} {prompt_id}"),
            )


def _own_number(prompt_id: str) -> int:
    number = prompt_id.removeprefix(USER_PREFIX)
    if not prompt_id.startswith(USER_PREFIX) or not number.isdigit():
        raise InvalidPrompt("Only prompts you wrote can be edited; others can be hidden.")
    return int(number)
