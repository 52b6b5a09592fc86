"""Passphrases to read aloud."""

from __future__ import annotations

import math
from pathlib import Path

from xkcdpass import xkcd_password

from therapy_journal.services.sharing.age_header import MAX_SCRYPT_WORK_FACTOR
from therapy_journal.services.sharing.html_page import PAGE_WORK_FACTOR
from therapy_journal.services.sharing.passphrases import (
    PASSPHRASE_WORDS,
    eff_words,
    generate_passphrase,
)


def test_a_passphrase_is_seven_words_from_the_eff_long_list() -> None:
    path = Path(xkcd_password.locate_wordfile("eff-long"))
    eff = set(path.read_text(encoding="utf-8").split())
    assert len(eff) == 7776
    first, second = generate_passphrase(), generate_passphrase()
    assert first != second
    for phrase in (first, second):
        words = phrase.split("-")
        assert len(words) == 7
        assert set(words) <= eff
    assert len(generate_passphrase(8).split("-")) == 8


def test_a_page_at_its_lighter_work_factor_loses_nothing_in_safety() -> None:
    """log2(words**n) + scrypt factor: a generated passphrase on a page (factor
    18) must be at least as strong as six words were on an .age bundle at the
    most work an .age bundle asks for (20)."""
    bits_per_word = math.log2(len(eff_words()))
    assert len(eff_words()) == 7772
    age_bundle_before = 6 * bits_per_word + MAX_SCRYPT_WORK_FACTOR  # 97.5
    page = PASSPHRASE_WORDS * bits_per_word + PAGE_WORK_FACTOR  # 108.5
    assert page >= age_bundle_before
    assert round(age_bundle_before, 1) == 97.5 and round(page, 1) == 108.5
