"""Passphrases to read aloud: words from the EFF long list."""

from __future__ import annotations

from functools import cache

from xkcdpass import xkcd_password

PASSPHRASE_WORDS = 6


@cache
def _eff_words() -> tuple[str, ...]:
    # The EFF long list without its four hyphenated words (drop-down, felt-tip,
    # t-shirt, yo-yo): words are joined by "-" and must split back apart.
    words = xkcd_password.generate_wordlist(
        wordfile="eff-long", min_length=1, max_length=32, valid_chars="[a-z]"
    )
    return tuple(sorted(words))


def eff_words() -> frozenset[str]:
    """The words :func:`generate_passphrase` draws from (7,772 of them)."""
    return frozenset(_eff_words())


def generate_passphrase(words: int = PASSPHRASE_WORDS) -> str:
    """Words to read aloud, from the EFF long list, joined by ``-``.

    Each word adds about 12.9 bits; six give about 77 bits. xkcdpass draws
    them with :class:`random.SystemRandom`.
    """
    if words < 1:
        raise ValueError("a passphrase needs at least one word")
    return str(
        xkcd_password.generate_xkcdpassword(list(_eff_words()), numwords=words, delimiter="-")
    )
