"""Light and dark themes: Qt's Fusion style following, or overriding, the system."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

_SCHEMES = {
    "light": Qt.ColorScheme.Light,
    "dark": Qt.ColorScheme.Dark,
    "system": Qt.ColorScheme.Unknown,
}

# Calm spacing; colours come from the palette so both themes stay readable.
STYLE = """
QListWidget#Sidebar { border: none; padding: 8px 4px; font-size: 11pt; outline: 0; }
QListWidget#Sidebar::item { padding: 8px 12px; border-radius: 6px; }
QListWidget#Sidebar::item:selected {
    background: palette(highlight); color: palette(highlighted-text);
}
QLabel#Heading { font-size: 16pt; font-weight: 600; }
QLabel#Hint { color: palette(placeholder-text); }
QLabel#ErrorText { color: #c0392b; }
QLineEdit, QPlainTextEdit, QTextBrowser, QComboBox, QDateEdit, QSpinBox { padding: 4px; }
QPlainTextEdit#Body, QTextBrowser#Preview { padding: 10px; }
QListWidget#GoalList::item { padding: 6px 4px; }
QListWidget#Steps::item { padding: 3px 2px; }
QFrame#Celebration { background: palette(alternate-base); border-radius: 6px; }
QLabel#CelebrationText { font-size: 11pt; }
QLabel#Explanation { font-size: 11pt; }
QLabel#NotADiagnosis { font-weight: 600; }
QLabel#CardTitle { font-size: 12pt; font-weight: 600; }
QLabel#ReadOnlyNotice {
    background: palette(alternate-base); border-bottom: 1px solid palette(mid); padding: 8px 12px;
}
QLabel#CrisisPanel {
    border: 2px solid #c0392b; border-radius: 6px; padding: 8px; font-size: 11pt;
}
"""


def dark_indicators() -> str:
    """Check boxes and radio buttons drawn to be seen on the dark palette.

    Fusion draws their boxes in the base colour with an outline darker than
    the window, which all but disappears on a dark palette (ticked steps of a
    goal showed, unticked ones did not).
    """
    tick = files("therapy_journal.resources").joinpath("icons", "check-light.svg")
    return f"""
QCheckBox::indicator, QAbstractItemView::indicator {{
    width: 13px; height: 13px; border: 1px solid #8b9098; border-radius: 3px;
    background: #1b1d21;
}}
QCheckBox::indicator:checked, QAbstractItemView::indicator:checked {{
    background: #3d6e9e; border-color: #6f9dc9; image: url("{Path(str(tick)).as_posix()}");
}}
QCheckBox::indicator:disabled {{ border-color: #4a4f57; }}
QRadioButton::indicator {{
    width: 13px; height: 13px; border: 1px solid #8b9098; border-radius: 7px;
    background: #1b1d21;
}}
QRadioButton::indicator:checked {{
    border-color: #6f9dc9;
    background: qradialgradient(cx: 0.5, cy: 0.5, radius: 0.5, fx: 0.5, fy: 0.5,
        stop: 0 #e6e6e6, stop: 0.4 #e6e6e6, stop: 0.5 #3d6e9e, stop: 1 #3d6e9e);
}}
"""


def dark_palette() -> QPalette:
    """A calm dark palette: soft contrast, a muted blue for selection."""
    palette = QPalette()
    colors = {
        QPalette.ColorRole.Window: "#23262b",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1b1d21",
        QPalette.ColorRole.AlternateBase: "#272a30",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Button: "#2d3137",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.Highlight: "#3d6e9e",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#2d3137",
        QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.PlaceholderText: "#8b9098",
        QPalette.ColorRole.Link: "#8ab4e8",
    }
    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.WindowText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6c7178"))
    return palette


def apply_theme(app: QApplication, theme: str) -> None:
    """Fusion style with a light or dark palette; "system" follows the desktop's scheme."""
    app.setStyle("Fusion")
    hints = app.styleHints()
    if theme == "system":
        hints.unsetColorScheme()
        dark = hints.colorScheme() == Qt.ColorScheme.Dark
    else:
        hints.setColorScheme(_SCHEMES[theme])
        dark = theme == "dark"
    style = app.style()
    app.setPalette(dark_palette() if dark else style.standardPalette())
    app.setStyleSheet(STYLE + (dark_indicators() if dark else ""))


def is_dark(app: QApplication) -> bool:
    return app.palette().window().color().lightness() < 128


def editor_font(size: int) -> QFont:
    font = QFont()
    font.setPointSize(size)
    return font
