"""The report's mood chart: a small inline SVG drawn from the moods of the
shared entries. Plain text, made here: no script, no style sheet, nothing
loaded from anywhere, so it stands under the report's Content-Security-Policy
(``default-src 'none'``). Dates and moods are numbers and the labels are the
app's own words, escaped all the same.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime

WIDTH = 600
HEIGHT = 170
_LEFT, _RIGHT, _TOP, _BOTTOM = 34, 12, 10, 26
LOWEST, HIGHEST = 1, 10
# Drawn as a line through every point; dots only where they can be told apart.
MAX_DOTS = 120
INK = "#1f3b73"  # on white: 11.5:1
GRID = "#c8c8c8"
LABEL = "#444444"  # on white: 9.7:1


def _day(moment: datetime) -> str:
    return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"


def mood_words(moods: Sequence[tuple[datetime, int]]) -> str:
    """The chart in one sentence, for screen readers and for anyone who cannot
    see it: how many moods, their average, the lowest and the highest."""
    values = [mood for _, mood in moods]
    average = sum(values) / len(values)
    counted = f"{len(values)} {'entry' if len(values) == 1 else 'entries'} with a mood"
    return (
        f"Mood from {_day(moods[0][0])} to {_day(moods[-1][0])}, out of 10 ({counted}): "
        f"average {average:.1f}, lowest {min(values)}, highest {max(values)}."
    )


def mood_chart_svg(moods: Sequence[tuple[datetime, int]]) -> str:
    """``moods`` ((written, mood 1-10), oldest first, at least one) as an SVG
    line chart: time across, mood up, the first and last day under it."""
    plot_w = WIDTH - _LEFT - _RIGHT
    plot_h = HEIGHT - _TOP - _BOTTOM
    start = moods[0][0].timestamp()
    span = moods[-1][0].timestamp() - start

    def x(moment: datetime) -> float:
        if span <= 0:
            return _LEFT + plot_w / 2
        return _LEFT + (moment.timestamp() - start) / span * plot_w

    def y(mood: int) -> float:
        mood = min(max(mood, LOWEST), HIGHEST)
        return _TOP + (HIGHEST - mood) / (HIGHEST - LOWEST) * plot_h

    words = html.escape(mood_words(moods))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{words}" class="mood-chart">',
        f"<title>{words}</title>",
    ]
    for mood in (1, 5, 10):
        parts.append(
            f'<line x1="{_LEFT}" y1="{y(mood):.1f}" x2="{WIDTH - _RIGHT}" y2="{y(mood):.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{_LEFT - 6}" y="{y(mood) + 4:.1f}" text-anchor="end" font-size="11" '
            f'font-family="sans-serif" fill="{LABEL}">{mood}</text>'
        )
    points = " ".join(f"{x(moment):.1f},{y(mood):.1f}" for moment, mood in moods)
    if len(moods) > 1:
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{INK}" stroke-width="2" '
            'stroke-linejoin="round"/>'
        )
    if len(moods) <= MAX_DOTS:
        parts += [
            f'<circle cx="{x(moment):.1f}" cy="{y(mood):.1f}" r="3" fill="{INK}"/>'
            for moment, mood in moods
        ]
    base = HEIGHT - 8
    parts.append(
        f'<text x="{_LEFT}" y="{base}" font-size="11" font-family="sans-serif" '
        f'fill="{LABEL}">{_day(moods[0][0])}</text>'
    )
    if span > 0:
        parts.append(
            f'<text x="{WIDTH - _RIGHT}" y="{base}" text-anchor="end" font-size="11" '
            f'font-family="sans-serif" fill="{LABEL}">{_day(moods[-1][0])}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
