"""Text read from a received bundle, made safe to keep, show and print.

A bundle's bytes are UTF-8, decoded strictly (anything else is damage), so
they cannot hold a lone surrogate. JSON can: ``"\\ud800"`` is a valid escape
that decodes to half of a UTF-16 pair, which no Unicode text holds and which
fails later, wherever the text is encoded (the terminal, the vault, a file).
So it is caught here, at the edge, and replaced with U+FFFD, the replacement
character: the rest of the bundle stays readable, and the file as it came is
still what ``--extract`` writes. The same goes for control characters (which
could move a terminal's cursor, or cut a text at NUL): replaced in one-line
fields (titles, tags, the app's name) and, but for tabs and line breaks, in
entry text.
"""

from __future__ import annotations

import re
from typing import Any

REPLACEMENT = "\ufffd"
_SURROGATES = re.compile("[\ud800-\udfff]")
# C0 and C1 controls (C1 holds a terminal's CSI); DEL is harmless and kept.
_CONTROLS = re.compile("[\x00-\x1f\x80-\x9f\ud800-\udfff]")
_CONTROLS_BUT_LINES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x80-\x9f\ud800-\udfff]")


def readable(value: str) -> str:
    """``value`` with every lone surrogate replaced."""
    return _SURROGATES.sub(REPLACEMENT, value)


def one_line(value: str) -> str:
    """``value`` with lone surrogates and control characters replaced."""
    return _CONTROLS.sub(REPLACEMENT, value)


def text_block(value: str) -> str:
    """``value`` with lone surrogates and control characters, but for tabs and
    line breaks, replaced."""
    return _CONTROLS_BUT_LINES.sub(REPLACEMENT, value)


def readable_json(value: Any) -> Any:
    """A value :func:`json.loads` gave, with every string in it (keys too) readable."""
    if isinstance(value, str):
        return readable(value)
    if isinstance(value, list):
        return [readable_json(item) for item in value]
    if isinstance(value, dict):
        return {readable(str(key)): readable_json(item) for key, item in value.items()}
    return value
