"""Light and dark themes, and the design tokens every area uses.

Qt's Fusion style with one palette per theme ("system" follows the desktop's
colour scheme). Every text colour reaches WCAG AA (4.5:1) on each background it
is drawn on, in both themes; ``tests/gui/test_theme.py`` measures it
from the palettes and style sheet the app really applies.

For other areas:

- :data:`SPACE` is the one spacing scale (pixels): ``SPACE.xs`` 4, ``s`` 8,
  ``m`` 12, ``l`` 16, ``xl`` 24. Margins and gaps come from it.
- :data:`TYPE` is the one type scale (points): ``small``, ``body``, ``large``,
  ``title``, ``heading``; :func:`font` makes a QFont of one of them.
- :func:`colors` gives the :class:`Colors` of the theme in use: the palette's
  roles plus semantic ones (``error``, ``warning``, ``success``, ``hint``,
  ``border``, ``card``), chart colours (``series`` by name: ``mood``,
  ``average``, ``phq9``, ``gad7``, ``who5``; ``bands`` from the mildest to the
  most severe band; ``heat`` from least to most). Charts and custom painting
  take their colours from it, never from literals::

      from therapy_journal.gui import theme
      pen = QPen(QColor(theme.colors().series["mood"]))

- Object names styled here: ``QLabel#Heading``, ``QLabel#Hint`` (secondary
  text), ``QLabel#ErrorText``, ``QLabel#WarningText``, ``QLabel#SuccessText``,
  ``QFrame#Card`` (a rounded card grouping content: :func:`~therapy_journal.gui.layouts.card`
  makes one), ``QLabel#CardTitle``, ``QLabel#CrisisPanel``. Every QGroupBox is
  drawn as a titled card too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

_SCHEMES = {
    "light": Qt.ColorScheme.Light,
    "dark": Qt.ColorScheme.Dark,
    "system": Qt.ColorScheme.Unknown,
}


@dataclass(frozen=True)
class Spacing:
    """The spacing scale, in pixels."""

    xs: int = 4
    s: int = 8
    m: int = 12
    l: int = 16  # noqa: E741 (the scale's own name)
    xl: int = 24


@dataclass(frozen=True)
class TypeScale:
    """The type scale, in points."""

    small: int = 9
    body: int = 10
    large: int = 11
    title: int = 12
    heading: int = 16


SPACE = Spacing()
TYPE = TypeScale()


@dataclass(frozen=True)
class Colors:
    """One theme's colours, as ``#rrggbb`` text."""

    dark: bool
    window: str
    window_text: str
    base: str
    alternate_base: str
    text: str
    button: str
    button_text: str
    highlight: str
    highlighted_text: str
    hint: str  # placeholders and secondary text (QLabel#Hint)
    disabled: str
    link: str
    error: str
    warning: str
    success: str
    border: str  # input borders and card outlines (3:1 with the window)
    card: str
    tooltip_base: str
    tooltip_text: str
    series: dict[str, str] = field(default_factory=dict)
    bands: tuple[str, ...] = ()
    heat: tuple[str, ...] = ()

    def backgrounds(self) -> dict[str, str]:
        """Every background text is drawn on (but the selection's)."""
        return {
            "window": self.window,
            "base": self.base,
            "alternate base": self.alternate_base,
            "button": self.button,
            "card": self.card,
        }


LIGHT = Colors(
    dark=False,
    window="#f3f3f1",
    window_text="#1d1f22",
    base="#ffffff",
    alternate_base="#f7f7f5",
    text="#1d1f22",
    button="#e8e8e5",
    button_text="#1d1f22",
    highlight="#2f6398",
    highlighted_text="#ffffff",
    hint="#5c6066",
    disabled="#63676d",
    link="#1a5ea8",
    error="#b3261e",
    warning="#8a5300",
    success="#2a6b30",
    border="#80848a",
    card="#ffffff",
    tooltip_base="#ffffff",
    tooltip_text="#1d1f22",
    series={
        "mood": "#2f6398",
        "average": "#b0541a",
        "phq9": "#7b3fa0",
        "gad7": "#1f7a6d",
        "who5": "#a3364a",
        "score": "#34495e",
    },
    bands=("#d5ecd9", "#eaf1c9", "#f7ecc0", "#f6d8b6", "#f1c1b6"),
    heat=("#dfe7ee", "#b7d3e8", "#7fb0d6", "#4a86b8", "#2a5d8a"),
)

DARK = Colors(
    dark=True,
    window="#23262b",
    window_text="#e6e6e6",
    base="#1b1d21",
    alternate_base="#272a30",
    text="#e6e6e6",
    button="#30343b",
    button_text="#e6e6e6",
    highlight="#3d6e9e",
    highlighted_text="#ffffff",
    hint="#a3a8b0",
    disabled="#979ca4",
    link="#8ab4e8",
    error="#ff8a80",
    warning="#f0b85a",
    success="#81c995",
    border="#767c86",
    card="#2b2f35",
    tooltip_base="#30343b",
    tooltip_text="#e6e6e6",
    series={
        "mood": "#7fb0e6",
        "average": "#f2a65a",
        "phq9": "#c59be0",
        "gad7": "#6fd0bf",
        "who5": "#f08ca0",
        "score": "#e6e6e6",
    },
    bands=("#1f4a2e", "#3d4a1f", "#5a4a1a", "#663a1e", "#6b2a2a"),
    heat=("#30353c", "#27455e", "#2f6690", "#4a86b8", "#8cbce0"),
)


def palette_of(colors: Colors) -> QPalette:
    """The QPalette for ``colors``; disabled text keeps 4.5:1 too."""
    palette = QPalette()
    role = QPalette.ColorRole
    roles = {
        role.Window: colors.window,
        role.WindowText: colors.window_text,
        role.Base: colors.base,
        role.AlternateBase: colors.alternate_base,
        role.Text: colors.text,
        role.Button: colors.button,
        role.ButtonText: colors.button_text,
        role.BrightText: colors.error,
        role.Highlight: colors.highlight,
        role.HighlightedText: colors.highlighted_text,
        role.ToolTipBase: colors.tooltip_base,
        role.ToolTipText: colors.tooltip_text,
        role.PlaceholderText: colors.hint,
        role.Link: colors.link,
        role.LinkVisited: colors.link,
        role.Accent: colors.highlight,
    }
    for each, color in roles.items():
        palette.setColor(each, QColor(color))
    # Fusion draws frames and shadows from these; derived from the window colour.
    window = QColor(colors.window)
    shade = window.lighter(160) if colors.dark else window.darker(110)
    palette.setColor(role.Light, window.lighter(130) if colors.dark else QColor("#ffffff"))
    palette.setColor(role.Midlight, shade)
    palette.setColor(role.Mid, QColor(colors.border))
    palette.setColor(role.Dark, window.darker(150) if colors.dark else window.darker(160))
    palette.setColor(role.Shadow, QColor("#000000"))
    disabled = QPalette.ColorGroup.Disabled
    for each in (role.Text, role.ButtonText, role.WindowText):
        palette.setColor(disabled, each, QColor(colors.disabled))
    palette.setColor(disabled, role.Highlight, QColor(colors.border))
    return palette


def style_sheet(colors: Colors) -> str:
    """The app's style sheet for ``colors``: spacing and type from the scales."""
    inputs = "QLineEdit, QPlainTextEdit, QTextEdit"
    return f"""
QListWidget#Sidebar {{
    border: none; padding: {SPACE.s}px {SPACE.xs}px; font-size: {TYPE.large}pt; outline: 0;
}}
QListWidget#Sidebar::item {{ padding: {SPACE.s}px {SPACE.m}px; border-radius: 6px; }}
QListWidget#Sidebar::item:selected {{
    background: {colors.highlight}; color: {colors.highlighted_text};
}}
QLabel#Heading {{ font-size: {TYPE.heading}pt; font-weight: 600; }}
QLabel#Hint {{ color: {colors.hint}; }}
QLabel#ErrorText {{ color: {colors.error}; }}
QLabel#WarningText {{ color: {colors.warning}; }}
QLabel#SuccessText {{ color: {colors.success}; }}
{inputs} {{
    border: 1px solid {colors.border}; border-radius: 4px; background: {colors.base};
    selection-background-color: {colors.highlight}; selection-color: {colors.highlighted_text};
}}
{inputs.replace(",", ":focus,")}:focus {{ border-color: {colors.highlight}; }}
QLineEdit {{ padding: {SPACE.xs}px; }}
QAbstractSpinBox QLineEdit, QComboBox QLineEdit {{
    border: none; background: transparent; padding: 0;
}}
QLineEdit:disabled, QPlainTextEdit:disabled, QTextEdit:disabled {{
    color: {colors.disabled}; background: {colors.window};
}}
QLineEdit:read-only {{ background: {colors.alternate_base}; }}
QComboBox, QDateEdit, QTimeEdit, QDateTimeEdit, QSpinBox {{ padding: {SPACE.xs}px; }}
QPlainTextEdit#Body, QTextBrowser#Preview {{ padding: {SPACE.s}px; }}
QListWidget#GoalList::item {{ padding: 6px {SPACE.xs}px; }}
QListWidget#Steps::item {{ padding: 3px 2px; }}
QFrame#Card {{
    background: {colors.card}; border: 1px solid {colors.border}; border-radius: 8px;
}}
QGroupBox {{
    background: {colors.card}; border: 1px solid {colors.border}; border-radius: 8px;
    margin-top: 1.5em; padding: {SPACE.s}px {SPACE.xs}px {SPACE.xs}px {SPACE.xs}px;
}}
QGroupBox::title {{
    subcontrol-origin: margin; subcontrol-position: top left; left: {SPACE.s}px;
    padding: 0 {SPACE.xs}px; font-weight: 600;
}}
QFrame#Celebration {{
    background: {colors.card}; border: 1px solid {colors.success}; border-radius: 8px;
}}
QLabel#CelebrationText {{ font-size: {TYPE.large}pt; }}
QLabel#Explanation {{ font-size: {TYPE.large}pt; }}
QLabel#NotADiagnosis {{ font-weight: 600; }}
QLabel#CardTitle {{ font-size: {TYPE.title}pt; font-weight: 600; }}
QLabel#ReadOnlyNotice {{
    background: {colors.alternate_base}; border-bottom: 1px solid {colors.border};
    padding: {SPACE.s}px {SPACE.m}px;
}}
QLabel#CrisisPanel {{
    border: 2px solid {colors.error}; border-radius: 6px; padding: {SPACE.s}px;
    font-size: {TYPE.large}pt;
}}
"""


def dark_indicators(colors: Colors) -> str:
    """Check boxes and radio buttons drawn to be seen on the dark palette.

    Fusion draws their boxes in the base colour with an outline darker than
    the window, which all but disappears on a dark palette (ticked steps of a
    goal showed, unticked ones did not).
    """
    tick = files("therapy_journal.resources").joinpath("icons", "check-light.svg")
    return f"""
QCheckBox::indicator, QAbstractItemView::indicator {{
    width: 13px; height: 13px; border: 1px solid {colors.border}; border-radius: 3px;
    background: {colors.base};
}}
QCheckBox::indicator:checked, QAbstractItemView::indicator:checked {{
    background: {colors.highlight}; border-color: #6f9dc9;
    image: url("{Path(str(tick)).as_posix()}");
}}
QCheckBox::indicator:disabled {{ border-color: #4a4f57; }}
QRadioButton::indicator {{
    width: 13px; height: 13px; border: 1px solid {colors.border}; border-radius: 7px;
    background: {colors.base};
}}
QRadioButton::indicator:checked {{
    border-color: #6f9dc9;
    background: qradialgradient(cx: 0.5, cy: 0.5, radius: 0.5, fx: 0.5, fy: 0.5,
        stop: 0 {colors.text}, stop: 0.4 {colors.text}, stop: 0.5 {colors.highlight},
        stop: 1 {colors.highlight});
}}
"""


def dark_palette() -> QPalette:
    """The dark theme's palette."""
    return palette_of(DARK)


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
    chosen = DARK if dark else LIGHT
    app.setPalette(palette_of(chosen))
    app.setStyleSheet(style_sheet(chosen) + (dark_indicators(chosen) if dark else ""))


def is_dark(app: QGuiApplication | None = None) -> bool:
    """Whether the theme in use is dark (from the application's palette)."""
    palette = app.palette() if app is not None else QGuiApplication.palette()
    return bool(palette.window().color().lightness() < 128)


def colors(app: QGuiApplication | None = None) -> Colors:
    """The colours of the theme in use (``app``, else the running application)."""
    return DARK if is_dark(app) else LIGHT


def font(size: int, *, bold: bool = False) -> QFont:
    """The application's font at ``size`` points of :data:`TYPE`."""
    chosen = QFont(QGuiApplication.font())
    chosen.setPointSize(size)
    chosen.setBold(bold)
    return chosen


def editor_font(size: int) -> QFont:
    font = QFont()
    font.setPointSize(size)
    return font
