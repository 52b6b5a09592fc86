"""Mood, 1 to 10, with words as well as the number (as Daylio does).

0 means "not rated". A click on the track sets the value where it lands (not a
page step towards it); the keyboard works as on any slider (arrows, Home, End).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QSlider, QStyle, QStyleOptionSlider, QWidget

from therapy_journal.gui.i18n import tr

MOOD_MAX = 10


def mood_word(value: int) -> str:
    """Calm words for a mood: two values a word, from "very low" to "very good"."""
    words = [tr("very low"), tr("low"), tr("okay"), tr("good"), tr("very good")]
    return words[(min(max(value, 1), MOOD_MAX) - 1) // 2] if value else tr("not rated")


def mood_text(value: int) -> str:
    """What the label beside the slider shows: "7/10 · good", or "not rated"."""
    if not value:
        return tr("not rated")
    return tr("{value}/10 · {word}").format(value=value, word=mood_word(value))


def widest_mood_text() -> list[str]:
    return [mood_text(value) for value in range(MOOD_MAX + 1)]


class MoodSlider(QSlider):
    """The mood, 0 (not rated) to 10; screen readers hear the number and the word."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setRange(0, MOOD_MAX)
        self.setPageStep(1)
        self.valueChanged.connect(self._name)
        self._name(self.value())

    def _name(self, value: int) -> None:
        if value:
            name = tr("Mood: {value} of 10, {word}").format(value=value, word=mood_word(value))
        else:
            name = tr("Mood: not rated (1 is very low, 10 very good)")
        self.setAccessibleName(name)
        self.setToolTip(name)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A left click on the track moves the handle there (and a drag goes on from it)."""
        if event.button() == Qt.MouseButton.LeftButton:
            option = QStyleOptionSlider()
            self.initStyleOption(option)
            style = self.style()
            control = QStyle.ComplexControl.CC_Slider
            handle = style.subControlRect(control, option, QStyle.SubControl.SC_SliderHandle, self)
            where = event.position().toPoint()
            if not handle.contains(where):
                groove = style.subControlRect(
                    control, option, QStyle.SubControl.SC_SliderGroove, self
                )
                span = groove.width() - handle.width()
                position = where.x() - groove.x() - handle.width() // 2
                self.setValue(
                    QStyle.sliderValueFromPosition(
                        self.minimum(), self.maximum(), position, span, option.upsideDown
                    )
                )
        super().mousePressEvent(event)
