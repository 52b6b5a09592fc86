"""Passphrases to read aloud: words from the EFF long list."""

from __future__ import annotations

from functools import cache

from xkcdpass import xkcd_password

# How long a generated passphrase is, and why. A guess at a passphrase bundle
# costs an attacker scrypt at the bundle's work factor, 2**factor units of
# work, so its strength is log2(words**n) + factor "bits". The EFF list less
# its four hyphenated words holds 7,772 words, log2(7772) = 12.92 bits each.
# - An .age bundle: rage picks the factor by timing the computer, at most 20
#   here (age_header.MAX_SCRYPT_WORK_FACTOR). With six words that gave
#   6 * 12.92 + 20 = 97.5 bits.
# - A shared page: factor 18 (html_page.PAGE_WORK_FACTOR), so that it opens
#   in a browser in seconds. Six words would give only 77.5 + 18 = 95.5; seven
#   give 7 * 12.92 + 18 = 108.5, more than an .age bundle gave.
# So every generated passphrase has seven words, whatever the bundle's form
# (tests/unit/services/sharing/test_passphrases.py checks the sums).
PASSPHRASE_WORDS = 7


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

    Each word adds about 12.9 bits; seven give about 90 bits. xkcdpass draws
    them with :class:`random.SystemRandom`.
    """
    if words < 1:
        raise ValueError("a passphrase needs at least one word")
    return str(
        xkcd_password.generate_xkcdpassword(list(_eff_words()), numwords=words, delimiter="-")
    )
