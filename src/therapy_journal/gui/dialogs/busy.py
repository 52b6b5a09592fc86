"""A busy bar for work whose length is unknown (key derivation)."""

from __future__ import annotations

from PySide6.QtWidgets import QProgressBar, QWidget

from therapy_journal.gui.i18n import tr


def busy_bar(parent: QWidget | None = None) -> QProgressBar:
    bar = QProgressBar(parent, minimum=0, maximum=0, textVisible=False)
    bar.setAccessibleName(tr("Working"))
    bar.setMaximumHeight(6)
    bar.hide()
    return bar
