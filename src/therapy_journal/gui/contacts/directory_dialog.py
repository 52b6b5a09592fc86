"""The directory of organizations and crisis lines, as cards to read at a glance.

Crisis lines come first, under their own heading, then the organizations to
find a therapist or learn more. Each card has the name, one short line on
what it is, the numbers to call or text, and buttons: open the website (in
the browser, only when pressed) and add it to the contacts.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui.i18n import tr
from therapy_journal.services import regions
from therapy_journal.services.directory import DirectoryEntry, regional_directory

SECTIONS = (
    ("crisis", "Reach someone now", "If you are in danger or might act on thoughts of harm."),
    ("organization", "Find a therapist, or learn more", "Directories and trusted organizations."),
)

CARD_STYLE = """
QFrame#DirectoryCard { background: palette(base); border: 1px solid palette(mid);
    border-radius: 8px; }
QLabel#DirectoryName { font-size: 11pt; font-weight: 600; }
QLabel#DirectorySection { font-size: 13pt; font-weight: 600; }
"""


def _plain(text: str, name: str = "", *, selectable: bool = False) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class DirectoryCard(QFrame):
    """One organization or crisis line: who, what, how to reach them, and buttons."""

    add_requested = Signal(object)  # the DirectoryEntry

    def __init__(self, entry: DirectoryEntry) -> None:
        super().__init__(objectName="DirectoryCard")
        self.entry = entry
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(_plain(entry.name, "DirectoryName"))
        layout.addWidget(_plain(entry.description))
        reach = [tr("Call {number}").format(number=entry.phone)] if entry.phone else []
        reach += [tr("Text {number}").format(number=entry.text)] if entry.text else []
        if reach:
            self.numbers = _plain("   ·   ".join(reach), "DirectoryNumbers", selectable=True)
            layout.addWidget(self.numbers)
        self.website = QPushButton(tr("Open website"))
        self.website.setAccessibleName(tr("Open the website of {name}").format(name=entry.name))
        self.website.setToolTip(entry.website)
        self.add = QPushButton(tr("Add to my contacts"))
        self.add.setAccessibleName(tr("Add {name} to my contacts").format(name=entry.name))
        buttons = QHBoxLayout()
        buttons.addWidget(self.website)
        buttons.addWidget(self.add)
        buttons.addStretch()
        layout.addLayout(buttons)
        self.website.clicked.connect(self.open_website)
        self.add.clicked.connect(lambda: self.add_requested.emit(self.entry))

    def open_website(self) -> None:
        QDesktopServices.openUrl(QUrl(self.entry.website))


class DirectoryDialog(QDialog):
    """Well-known organizations and crisis lines; add one to the contacts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DirectoryDialog")
        self.setWindowTitle(tr("Directory of organizations"))
        self.setStyleSheet(CARD_STYLE)
        self.selected: DirectoryEntry | None = None
        self.cards: list[DirectoryCard] = []
        page = QWidget()
        column = QVBoxLayout(page)
        column.setSpacing(10)
        column.addWidget(
            _plain(
                tr(
                    "Adding one copies it into your contacts, where you can keep notes. "
                    "Nothing is sent anywhere; a website opens only when you press its button."
                ),
                "Hint",
            )
        )
        listed = regional_directory(regions.configured_region())  # where the person lives
        for kind, heading, about in SECTIONS:
            entries = [entry for entry in listed if entry.kind == kind]
            if not entries:
                continue
            column.addSpacing(6)
            column.addWidget(_plain(tr(heading), "DirectorySection"))
            column.addWidget(_plain(tr(about), "Hint"))
            for entry in entries:
                card = DirectoryCard(entry)
                card.add_requested.connect(self._add)
                self.cards.append(card)
                column.addWidget(card)
        column.addStretch()
        scroll = QScrollArea(widgetResizable=True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        self.resize(560, 560)

    def _add(self, entry: DirectoryEntry) -> None:
        self.selected = entry
        self.accept()

    def chosen(self) -> DirectoryEntry | None:
        return self.selected
