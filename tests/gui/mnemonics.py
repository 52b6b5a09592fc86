"""Alt+letter keys a person sees in a window: which letters two controls share,
and which labels show a literal "&" (an "&" with no buddy to give it to).

Only what is on screen counts: Qt ignores the mnemonic of a hidden widget, so
two controls on different tabs may share a letter.
"""

from __future__ import annotations

import re
from collections import defaultdict

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMenuBar, QTabBar, QWidget

_MNEMONIC = re.compile(r"(?<!&)&([^&\s])")


def mnemonic(text: str) -> str | None:
    """The letter after a single "&" ("&&" is an ampersand), lower case."""
    found = _MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).lower() if found else None


def _shown(widget: QWidget, window: QWidget) -> bool:
    return widget.isVisibleTo(window) and widget.window() is window


def _texts(window: QWidget) -> list[tuple[str, str]]:
    """(text, where) of every control with a mnemonic that Qt would act on."""
    found: list[tuple[str, str]] = []
    for button in window.findChildren(QAbstractButton):
        if _shown(button, window):
            found.append((button.text(), f"button {button.text()!r}"))
    for label in window.findChildren(QLabel):
        if _shown(label, window) and label.buddy() is not None:
            found.append((label.text(), f"label {label.text()!r}"))
    for box in window.findChildren(QGroupBox):
        if _shown(box, window):
            found.append((box.title(), f"group {box.title()!r}"))
    for bar in window.findChildren(QTabBar):
        if _shown(bar, window):
            found += [(bar.tabText(i), f"tab {bar.tabText(i)!r}") for i in range(bar.count())]
    for menus in window.findChildren(QMenuBar):
        if _shown(menus, window):
            found += [(a.text(), f"menu {a.text()!r}") for a in menus.actions() if a.isVisible()]
    return found


def shared_mnemonics(window: QWidget) -> dict[str, list[str]]:
    """Letters that more than one control on screen answers to, with the controls."""
    by_letter: dict[str, list[str]] = defaultdict(list)
    for text, where in _texts(window):
        letter = mnemonic(text)
        if letter is not None:
            by_letter[letter].append(where)
    return {letter: wheres for letter, wheres in by_letter.items() if len(wheres) > 1}


def literal_ampersands(window: QWidget) -> list[str]:
    """Labels on screen that show an "&" meant as a mnemonic (no buddy to take it)."""
    found = []
    for label in window.findChildren(QLabel):
        if not _shown(label, window) or label.buddy() is not None:
            continue
        text = label.text()
        rich = label.textFormat() == Qt.TextFormat.RichText or (
            label.textFormat() == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text)
        )
        if not rich and mnemonic(text) is not None:
            found.append(f"label {text!r}")
    return found
