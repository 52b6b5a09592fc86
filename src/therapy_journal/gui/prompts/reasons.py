"""Why a prompt is suggested, in one line; and the prompt of the day."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from therapy_journal.gui.i18n import tr
from therapy_journal.services.prompts import Reason, Suggestion


def explain(reason: Reason) -> str:
    """One plain line saying why a prompt is suggested; "" when nothing specific."""
    detail = reason.detail
    unfilled = {
        "hopes": tr("Your profile does not say yet what you hope therapy helps with"),
        "past": tr("Your profile does not say yet what did not work before"),
        "identity": tr("Your profile does not say yet who you would like as a therapist"),
        "logistics": tr("Your profile does not say yet how and when you can meet"),
    }
    texts = {
        "concern": tr("Because you listed “{detail}” among your concerns"),
        "curious": tr("You are curious about {detail}"),
        "unsure": tr("For when you are not sure yet which approach fits"),
        "prefer": tr("About {detail}, which you would like"),
        "style": tr("Helps you decide what you want: {detail}"),
        "stage": tr("Fits where you are: {detail}"),
        "mood_low": tr("Your mood has been low lately; this one is gentle"),
        "mood_high": tr("Your mood has been good lately"),
        "mood_steady": tr("Fits a steady stretch"),
        "custom": tr("One of your own prompts"),
        "again": tr("You have written from every prompt; this one {detail} times"),
    }
    if reason.kind == "unfilled":
        return unfilled.get(detail, tr("Fills in part of your profile"))
    if reason.kind in ("style", "stage"):  # mid-sentence
        detail = detail[:1].lower() + detail[1:]
    return texts.get(reason.kind, "").format(detail=detail)


class DailyPrompt(QFrame):
    """The prompt of the day, above the journal, with a button to write from it."""

    def __init__(self) -> None:
        super().__init__(objectName="DailyPrompt")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.suggestion: Suggestion | None = None
        heading = QLabel(tr("Prompt of the day"), objectName="Hint")
        self.text = QLabel(wordWrap=True, objectName="PromptText")
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.why = QLabel(wordWrap=True, objectName="Hint")
        self.write = QPushButton(tr("Wr&ite about this"))
        self.write.setAccessibleName(tr("Write an entry from the prompt of the day"))
        words = QVBoxLayout()
        words.setSpacing(2)
        words.addWidget(heading)
        words.addWidget(self.text)
        words.addWidget(self.why)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addLayout(words, 1)
        layout.addWidget(self.write, alignment=Qt.AlignmentFlag.AlignVCenter)
        self.show_suggestion(None)

    def show_suggestion(self, suggestion: Suggestion | None) -> None:
        self.suggestion = suggestion
        self.text.setText(suggestion.prompt.text if suggestion else "")
        self.why.setText(explain(suggestion.reason) if suggestion else "")
        self.setVisible(suggestion is not None)
