"""The challenges of clinical work, for a mental-health professional.

A checklist of what the work can bring (isolation, hard decisions, caseload,
administrative load, exposure to trauma, personal matters), each ticked or not
and kept in the vault at once; what tends to help with what is ticked, and
whether anyone is in those parts of the network yet; and an offer to write
about burnout or vicarious trauma. Shown from the support network only when the
person said in Settings that they work in mental health.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui import errors
from therapy_journal.gui.flow_layout import FlowLayout
from therapy_journal.gui.i18n import tr
from therapy_journal.gui.session import Session
from therapy_journal.services import support_network
from therapy_journal.services.support_network import CHALLENGES, ChallengeChecklist


class ChallengesDialog(QDialog):
    """The checklist; :attr:`write_requested` (a Prompt) to write about the work."""

    write_requested = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="Challenges")
        self.session = session
        self.checklist = ChallengeChecklist(session.vault)
        self.setWindowTitle(tr("Challenges of the work"))
        intro = QLabel(
            tr(
                "Tick what weighs on you in your work at the moment. It is kept in your "
                "encrypted journal and shows which parts of your network can help."
            ),
            wordWrap=True,
        )
        self.boxes: dict[str, QCheckBox] = {}
        items = QWidget()
        column = QVBoxLayout(items)
        checked = self.checklist.checked()
        for challenge in CHALLENGES:
            box = QCheckBox(tr(challenge.label))
            box.setChecked(challenge.id in checked)
            box.setAccessibleDescription(tr(challenge.about))
            box.toggled.connect(lambda on, key=challenge.id: self._ticked(key, on))
            about = QLabel(tr(challenge.about), objectName="Hint", wordWrap=True)
            about.setContentsMargins(24, 0, 0, 6)  # under the box's text, not its mark
            column.addWidget(box)
            column.addWidget(about)
            self.boxes[challenge.id] = box
        column.addStretch()
        scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(items)
        self.helps = QLabel(wordWrap=True, objectName="ChallengesHelp")
        self.helps.setTextFormat(Qt.TextFormat.PlainText)
        writing = QWidget()
        offers = FlowLayout(writing)
        offers.setContentsMargins(0, 0, 0, 0)
        self.write_buttons: dict[str, QPushButton] = {}
        for label, prompt in support_network.prompts_on_the_work():
            button = QPushButton(tr("Write about {topic}").format(topic=tr(label).lower()))
            button.setAutoDefault(False)  # Enter in the list never starts writing
            button.setToolTip(prompt.text)
            button.setAccessibleDescription(prompt.text)
            button.clicked.connect(lambda _=False, chosen=prompt: self._write(chosen))
            offers.addWidget(button)
            self.write_buttons[label] = button
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.helps)
        layout.addWidget(writing)
        layout.addWidget(buttons)
        self.resize(520, 540)
        self._show_helps()

    def _ticked(self, challenge_id: str, on: bool) -> None:
        try:
            self.checklist.set_checked(challenge_id, on)
        except Exception as error:  # a read-only vault: the tick goes back
            box = self.boxes[challenge_id]
            box.blockSignals(True)
            box.setChecked(not on)
            box.blockSignals(False)
            errors.report(self, error)
            return
        self._show_helps()

    def _show_helps(self) -> None:
        """What tends to help with what is ticked, and which of those parts are empty."""
        wanted = self.checklist.helps()
        if not wanted:
            self.helps.setText(tr("Tick a challenge to see which kinds of support tend to help."))
            return
        network = self.session.contacts.network(professional=True)
        empty = {label for label in support_network.empty_roles(network, professional=True)}
        parts = [
            tr("{part} (no one yet)").format(part=tr(label)) if label in empty else tr(label)
            for label in wanted
        ]
        self.helps.setText(tr("What tends to help: {parts}.").format(parts=", ".join(parts)))

    def _write(self, prompt: object) -> None:
        self.accept()
        self.write_requested.emit(prompt)
