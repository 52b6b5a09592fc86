"""The "Get help now" window: the crisis lines of the person's region first,
with call and text labelled and their hours, then the emergency number, the
region's other lines, and where to look anywhere else.

It needs no unlocked vault (it is offered on the unlock window too) and never
shows journal text. The region can be switched here for the moment (someone
travelling, or helping a friend elsewhere) without changing the setting.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui.i18n import tr
from therapy_journal.services import regions
from therapy_journal.services.regions import HelpLine

SHORTCUT = "Ctrl+Shift+H"


def _line_card(line: HelpLine) -> QFrame:
    card = QFrame(objectName="HelpLine")
    card.setFrameShape(QFrame.Shape.StyledPanel)
    layout = QVBoxLayout(card)
    name = QLabel(line.name, objectName="CardTitle", wordWrap=True)
    ways = []
    if line.call:
        ways.append(tr("Call {number}").format(number=line.call))
    if line.text:
        ways.append(tr("Text {what}").format(what=line.text))
    how = QLabel("   ·   ".join(ways), objectName="HelpLineNumber", wordWrap=True)
    how.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    hours = QLabel(line.hours if line.always_open else tr("Open {hours}").format(hours=line.hours))
    hours.setWordWrap(True)
    for label in (name, how, hours):
        label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(label)
    card.setAccessibleName(f"{line.name}: {', '.join(ways)}. {line.hours}")
    return card


class HelpNowDialog(QDialog):
    """Crisis lines for a region; not modal, so it can stay open beside the work."""

    def __init__(self, region_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="HelpNow")
        self.setWindowTitle(tr("Get help now"))
        self.setAccessibleName(tr("Get help now"))
        self.setModal(False)
        heading = QLabel(tr("You don't have to go through this alone."), objectName="Heading")
        heading.setWordWrap(True)
        self.region = QComboBox()
        self.region.setAccessibleName(tr("Where you are"))
        for found in regions.regions().values():
            self.region.addItem(found.name, found.id)
        self.region.setCurrentIndex(max(self.region.findData(region_id), 0))
        self.region.currentIndexChanged.connect(self._show_region)
        self.lines = QVBoxLayout()
        holder = QWidget()
        holder.setLayout(self.lines)
        scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(holder)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.region)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(460, 520)
        self._show_region()

    def shown_text(self) -> str:
        """Everything the window says about the region, in order (for tests)."""
        texts = []
        for index in range(self.lines.count()):
            item = self.lines.itemAt(index)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QLabel):
                texts.append(widget.text())
            elif widget is not None:
                texts += [label.text() for label in widget.findChildren(QLabel)]
        return "\n".join(texts)

    def _show_region(self) -> None:
        while self.lines.count():
            item = self.lines.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setParent(None)  # gone now, not at the next event-loop turn
                widget.deleteLater()
        found = regions.region(str(self.region.currentData()))
        for line in found.crisis_lines:
            self.lines.addWidget(_line_card(line))
        emergency = found.emergency or tr("your local emergency number")
        danger = QLabel(
            tr("If you are in immediate danger, call {number}.").format(number=emergency),
            objectName="CrisisPanel",
            wordWrap=True,
        )
        self.lines.addWidget(danger)
        for line in found.other_lines:
            self.lines.addWidget(_line_card(line))
        elsewhere = QLabel(regions.elsewhere_line(), wordWrap=True, objectName="Hint")
        self.lines.addWidget(elsewhere)
        self.lines.addStretch()
