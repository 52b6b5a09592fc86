"""The colours of the Progress charts, one set per theme, their contrast
checked in the tests with :mod:`therapy_journal.gui.contrast` (WCAG 2.1: 3:1
for the parts of a graphic a person needs to see).

Each theme has its own set: colours made lighter or darker by transparency
turn muddy and alike on a dark background, so every colour here is opaque and
chosen for its background. Mood and its average differ in hue (blue and orange,
told apart with the common colour-vision deficiencies) and in line style.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QPalette


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
