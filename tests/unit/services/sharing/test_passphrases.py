"""Passphrases to read aloud."""

from __future__ import annotations

from pathlib import Path

from xkcdpass import xkcd_password

from therapy_journal.services.sharing.passphrases import generate_passphrase


def test_a_passphrase_is_six_words_from_the_eff_long_list() -> None:
    path = Path(xkcd_password.locate_wordfile("eff-long"))
    eff = set(path.read_text(encoding="utf-8").split())
    assert len(eff) == 7776
    first, second = generate_passphrase(), generate_passphrase()
    assert first != second
    for phrase in (first, second):
        words = phrase.split("-")
        assert len(words) == 6
        assert set(words) <= eff
    assert len(generate_passphrase(8).split("-")) == 8
