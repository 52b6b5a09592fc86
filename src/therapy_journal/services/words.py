"""Counts in words for the command line and files: "1 entry", "2,000 entries".

The app uses Qt's plural forms (gui/i18n.py); these are the English ones for
text that is not translated.
"""

from __future__ import annotations


def count(number: int, singular: str, plural: str | None = None) -> str:
    """``number`` with the noun that agrees with it, thousands separated."""
    noun = singular if number == 1 else (plural or singular + "s")
    return f"{number:,} {noun}"


def entries(number: int) -> str:
    return count(number, "entry", "entries")
