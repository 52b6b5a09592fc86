"""How strong a new passphrase is: the one rule the app's strength meter and the
command line (init, passwd, recover) both apply.

A new passphrase needs :data:`MIN_PASSPHRASE_CHARS` characters and a zxcvbn
score of at least :data:`MIN_SCORE` ("somewhat guessable": at least about a
million guesses online, far more offline). The words of advice are zxcvbn's
own (its warning and suggestions), in English; the app translates the two
sentences of this module through its ``tr()``.
"""

from __future__ import annotations

from dataclasses import dataclass

from zxcvbn import zxcvbn

from therapy_journal.store.errors import WeakPassphrase
from therapy_journal.store.vault import MIN_PASSPHRASE_CHARS

MIN_SCORE = 2
# zxcvbn slows down sharply on very long input; characters past this only add strength.
ESTIMATE_CHARS = 100

TOO_SHORT = "Use at least 8 characters; a few unrelated words work well."
TOO_EASY = "This passphrase is easy to guess; add another word or two."


@dataclass(frozen=True)
class Strength:
    """zxcvbn's score (0 very weak to 4 very strong) and its warning and suggestions."""

    score: int
    warning: str = ""
    suggestions: tuple[str, ...] = ()

    @property
    def advice(self) -> str:
        """The warning and suggestions in one line (empty when there are none)."""
        return " ".join(part for part in (self.warning, *self.suggestions) if part)


def strength(passphrase: str) -> Strength:
    if not passphrase:
        return Strength(0)
    result = zxcvbn(passphrase[:ESTIMATE_CHARS])
    feedback = result["feedback"]
    return Strength(
        int(result["score"]),
        str(feedback.get("warning") or ""),
        tuple(str(text) for text in feedback.get("suggestions") or ()),
    )


def problem(passphrase: str, measured: Strength | None = None) -> str | None:
    """Why ``passphrase`` cannot be a new passphrase (:data:`TOO_SHORT` or
    :data:`TOO_EASY`), or None when it can."""
    if len(passphrase) < MIN_PASSPHRASE_CHARS:
        return TOO_SHORT
    if (measured or strength(passphrase)).score < MIN_SCORE:
        return TOO_EASY
    return None


def check_new_passphrase(passphrase: str) -> None:
    """Raise :class:`WeakPassphrase` with the same words the app shows (and
    zxcvbn's warning, when it has one) if ``passphrase`` is too weak."""
    measured = strength(passphrase)
    refused = problem(passphrase, measured)
    if refused == TOO_EASY and measured.warning:
        refused = f"{measured.warning} {refused}"
    if refused is not None:
        raise WeakPassphrase(refused)
