"""A line above the journal: a heading, then a few links in one row ("a · b ·
and 2 more"); hidden when it has nothing to show. The Coming up bar and On this
day are such lines."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel

from therapy_journal.gui.i18n import tr


class LinkBar(QFrame):
    """Links by key; :meth:`clicked` gets the key of the one followed."""

    def __init__(self, object_name: str, heading: str, name: str) -> None:
        super().__init__(objectName=object_name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(name)
        label = QLabel(heading, objectName="Hint")
        self.text = QLabel(wordWrap=True, objectName=f"{object_name}Text")
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.text.setOpenExternalLinks(False)
        self.text.linkActivated.connect(self.clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        layout.addWidget(label)
        layout.addWidget(self.text, 1)

    def show_links(self, links: list[tuple[str, str]], shown: int, spoken: str) -> None:
        """The first ``shown`` of ``links`` (key, plain text), then how many more;
        ``spoken`` is what a screen reader says for the whole line."""
        parts = [f'<a href="{escape(key)}">{escape(text)}</a>' for key, text in links[:shown]]
        more = len(links) - shown
        if more > 0:
            parts.append(escape(tr("and {count} more").format(count=more)))
        self.text.setText(" · ".join(parts))
        self.text.setAccessibleName(spoken)
        self.setVisible(bool(links))

    def clicked(self, key: str) -> None:
        raise NotImplementedError
