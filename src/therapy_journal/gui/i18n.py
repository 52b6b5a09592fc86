"""Translation of strings shown to people (Qt's translation functions).

:func:`tr` translates a string; :func:`plural` a string with a count in it,
through Qt's plural forms ("numerus" translations, which know languages with
more than two forms). Without a translation for it, the English source gives
its own two forms: ``plural(n, "%n check-in", "%n check-ins")``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

CONTEXT = "TherapyJournal"
COUNT = "%n"  # where the count goes, as in Qt's own plural strings


def tr(text: str) -> str:
    """Translate a user-visible string in the app's one translation context."""
    return QCoreApplication.translate(CONTEXT, text)


def plural(count: int, one: str, many: str) -> str:
    """``many`` (or ``one`` when ``count`` is 1) with ``%n`` replaced by the count.

    ``many`` is the key of Qt's plural translation (QCoreApplication.translate
    with ``n``), so a translation gives whichever form its language needs (and
    writes the count as it likes, ``%Ln`` for the locale's digit grouping);
    the English forms write it with thousands separators. Other ``{fields}``
    stay for ``.format``.
    """
    translated = QCoreApplication.translate(CONTEXT, many, None, count)
    if translated != many.replace(COUNT, str(count)):
        return translated
    return (one if count == 1 else many).replace(COUNT, f"{count:,}")
