"""How far apart two colours are: WCAG contrast (4.5:1 for text, 3:1 for the
parts of a graphic) and how different they look (CIE76 delta E)."""

from __future__ import annotations

import math

from PySide6.QtGui import QColor


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
