"""The look of the passphrase dialogs (first run, unlock, recovery, new passphrase), per theme.

Scoped by object name (``PassphraseField``, ``StrengthMeter``, ``StrengthWord``)
and set on each dialog, so app-wide input styles cannot clash with it. The
colours are checked in tests: the strength words reach 4.5:1 (WCAG AA text)
and the field borders and the bar 3:1 (non-text) against the window.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QApplication, QWidget

from therapy_journal.gui.theme import is_dark

PASSPHRASE_FIELD = "PassphraseField"  # noqa: S105 (an object name)
STRENGTH_LEVELS = ("none", "weak", "fair", "strong")


@dataclass(frozen=True)
class DialogColours:
    weak: str  # red: refused
    fair: str  # amber: accepted, could be stronger
    strong: str  # green
    border: str  # a field's edge
    focus: str  # the edge of the field with the cursor
    groove: str  # the empty part of the strength bar


LIGHT = DialogColours(
    weak="#b3261e",
    fair="#8a5300",
    strong="#196c2e",
    border="#767676",
    focus="#1565c0",
    groove="#ffffff",
)
DARK = DialogColours(
    weak="#ff8a80",
    fair="#f0b45a",
    strong="#7bd88f",
    border="#8b9098",
    focus="#6f9dc9",
    groove="#1b1d21",
)


def colours(dark: bool) -> DialogColours:
    return DARK if dark else LIGHT


def style_sheet(dark: bool) -> str:
    c = colours(dark)
    levels = "\n".join(
        f'QProgressBar#StrengthMeter[strength="{level}"]::chunk {{ background: {colour}; }}\n'
        f'QLabel#StrengthWord[strength="{level}"] {{ color: {colour}; font-weight: 600; }}'
        for level, colour in (("weak", c.weak), ("fair", c.fair), ("strong", c.strong))
    )
    return f"""
QLineEdit#{PASSPHRASE_FIELD} {{
    border: 1px solid {c.border}; border-radius: 4px; padding: 4px 6px;
    background: palette(base); color: palette(text);
}}
QLineEdit#{PASSPHRASE_FIELD}:focus {{ border: 1px solid {c.focus}; }}
QLineEdit#{PASSPHRASE_FIELD}:disabled {{ color: palette(placeholder-text); }}
QProgressBar#StrengthMeter {{
    border: 1px solid {c.border}; border-radius: 4px; background: {c.groove};
    min-height: 8px; max-height: 8px;
}}
QProgressBar#StrengthMeter::chunk {{ border-radius: 3px; }}
{levels}
"""


def apply_dialog_style(window: QWidget) -> None:
    """Give ``window``'s passphrase fields and strength bar the current theme's look."""
    app = QApplication.instance()
    sheet = style_sheet(isinstance(app, QApplication) and is_dark(app))
    if window.styleSheet() != sheet:
        window.setStyleSheet(sheet)


def set_level(widget: QWidget, level: str) -> None:
    """Switch a styled widget to one of :data:`STRENGTH_LEVELS` (re-polished to show it)."""
    if widget.property("strength") == level:
        return
    widget.setProperty("strength", level)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()
