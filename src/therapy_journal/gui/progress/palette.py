"""The colours of the Progress charts, one set per theme, with their contrast
checkable (WCAG 2.1: 3:1 for the parts of a graphic a person needs to see).

Each theme has its own set: colours made lighter or darker by transparency
turn muddy and alike on a dark background, so every colour here is opaque and
chosen for its background. Mood and its average differ in hue (blue and orange,
told apart with the common colour-vision deficiencies) and in line style.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette


@dataclass(frozen=True)
class ChartPalette:
    """The colours one theme's charts are drawn in."""

    background: str  # the chart's own background
    text: str
    grid: str
    mood: str  # the daily (or weekly) mood dots
    average: str  # the 7-day average line, dashed
    score: str  # the check-in scores line
    bands: tuple[str, ...]  # check-in score bands, calm to warm
    heat: tuple[str, ...]  # journaling calendar: no entry, then more and more
    milestones: tuple[str, str, str]  # goals, the search, journaling

    def series_colours(self) -> dict[str, str]:
        """Every mark drawn on the background that carries meaning, by name."""
        named = {"mood": self.mood, "average": self.average, "score": self.score}
        named |= {f"heat {level}": colour for level, colour in enumerate(self.heat) if level}
        named |= {f"milestone {n}": colour for n, colour in enumerate(self.milestones)}
        return named


LIGHT = ChartPalette(
    background="#ffffff",
    text="#1f2328",
    grid="#d5d9de",
    mood="#2f6fa8",
    average="#b3541e",
    score="#1f2d3a",
    bands=("#c3e4c9", "#e0ebaa", "#f7e19a", "#f6c293", "#eea49b"),
    heat=("#e8edf2", "#6393be", "#3b6e9e", "#234e76", "#112f4b"),
    milestones=("#3d7a44", "#2f6fa8", "#8a4fa6"),
)

DARK = ChartPalette(
    background="#1b1d21",
    text="#e6e6e6",
    grid="#3a3f46",
    mood="#7ab3e6",
    average="#f0a35e",
    score="#f4f4f4",
    bands=("#1d4a30", "#44521c", "#6a5514", "#70391a", "#6e2330"),
    heat=("#2c3138", "#48739c", "#5b8fc0", "#8dbbe4", "#c8e2f8"),
    milestones=("#7cc486", "#7ab3e6", "#c9a0dc"),
)


def chart_palette(palette: QPalette) -> ChartPalette:
    """The chart colours for the theme ``palette`` belongs to."""
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    return DARK if dark else LIGHT


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance of a colour such as ``#1b1d21``."""
    c = QColor(colour)
    return 0.2126 * _linear(c.redF()) + 0.7152 * _linear(c.greenF()) + 0.0722 * _linear(c.blueF())


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two colours, from 1 (same) to 21."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of a colour, for telling how different two look."""
    c = QColor(colour)
    r, g, b = _linear(c.redF()), _linear(c.greenF()), _linear(c.blueF())
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def difference(first: str, second: str) -> float:
    """How different two colours look (CIE76 delta E; about 10 is clearly apart)."""
    return math.dist(_lab(first), _lab(second))
