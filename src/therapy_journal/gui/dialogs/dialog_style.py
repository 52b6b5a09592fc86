"""The look of the passphrase dialogs (first run, unlock, recovery, new passphrase), per theme.

Scoped by object name (``PassphraseField``, ``StrengthMeter``, ``StrengthWord``)
and set on each dialog, so app-wide input styles cannot clash with it. The
colours are checked in tests: the strength words reach 4.5:1 (WCAG AA text)
and the field borders and the bar 3:1 (non-text) against the window.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSpacerItem,
    QWidget,
)

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
QLabel#SecretKey {{
    border: 1px solid {c.border}; border-radius: 4px; padding: 8px 12px;
    background: palette(base); color: palette(text);
}}
QLabel#ErrorText {{ color: {c.weak}; }}
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


def monospace(size: int = 0) -> QFont:
    """The system's fixed-pitch font (keys are easier to read and check in it)."""
    font = QFont("monospace")
    font.setStyleHint(QFont.StyleHint.TypeWriter)
    font.setFixedPitch(True)
    if size:
        font.setPointSize(size)
    return font


def fit_to_text(field: QLineEdit | QLabel, text: str) -> None:
    """Make ``field`` at least wide enough to show ``text`` whole in its own font."""
    margins = field.contentsMargins()
    extra = margins.left() + margins.right() + 24  # the frame and padding of a line edit
    field.setMinimumWidth(field.fontMetrics().horizontalAdvance(text) + extra)


def centre(window: QWidget, content: QWidget, widest: int, margin: int = 24) -> None:
    """Lay ``content`` out in ``window`` as a calm column: at most ``widest``, centred.

    On a large window the text keeps a readable measure instead of running
    from edge to edge; on a small one the column gives way down to its minimum.
    """
    content.setMaximumWidth(widest)
    grid = QGridLayout(window)
    grid.setContentsMargins(margin, margin, margin, margin)
    grid.addWidget(content, 1, 1)
    # Across, the column takes the room first (up to its most) and the sides the rest;
    # down, it keeps its natural height and the room above and below is shared.
    for edge in (0, 2):
        grid.addItem(QSpacerItem(0, 0, QSizePolicy.Policy.Expanding), 1, edge)
        grid.setRowStretch(edge, 1)
    grid.setColumnStretch(1, 1)
