"""Small form builders the Profile and Contacts areas share."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from therapy_journal.gui.i18n import tr

NO_ANSWER = ""
MAX_LINE_CHARS = 500


def combo(name: str, choices: dict[str, str], empty: str) -> QComboBox:
    """A combo box named ``name``: ``empty`` (stored as "") then the choices."""
    box = QComboBox()
    box.setAccessibleName(name)
    box.addItem(empty, NO_ANSWER)
    for key, label in choices.items():
        box.addItem(tr(label), key)
    return box


def set_combo(box: QComboBox, value: object) -> None:
    box.setCurrentIndex(max(box.findData(value), 0))


def line(name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    edit.setMaxLength(MAX_LINE_CHARS)
    return edit


def checks(choices: dict[str, str], columns: int) -> tuple[QWidget, dict[str, QCheckBox]]:
    """Check boxes for ``choices`` in a grid of ``columns``, and the boxes by key."""
    box = QWidget()
    grid = QGridLayout(box)
    grid.setContentsMargins(0, 0, 0, 0)
    found: dict[str, QCheckBox] = {}
    for number, (key, label) in enumerate(choices.items()):
        check = QCheckBox(tr(label))
        found[key] = check
        grid.addWidget(check, number // columns, number % columns)
    return box, found


def checked(boxes: dict[str, QCheckBox]) -> tuple[str, ...]:
    return tuple(key for key, box in boxes.items() if box.isChecked())


def set_checked(boxes: dict[str, QCheckBox], keys: tuple[str, ...] | list[str]) -> None:
    for key, box in boxes.items():
        box.setChecked(key in keys)


def add_row(
    form: QFormLayout, text: str, field: QWidget | QLayout, buddy: QWidget | None = None
) -> QLabel:
    """A labelled row whose label's Alt+letter moves to ``buddy`` (``field`` itself
    when it is a widget). QFormLayout gives a label a buddy only for a widget
    field; a row of several widgets showed its "&" as is ("&Save to")."""
    label = QLabel(text)
    target = buddy if buddy is not None else field if isinstance(field, QWidget) else None
    if target is not None:
        label.setBuddy(target)
    form.addRow(label, field)
    return label


def path_row(
    edit: QLineEdit, browse: Callable[[], object], button_text: str | None = None
) -> QHBoxLayout:
    """A file or folder field with its Browse… button (``button_text`` when the
    window already uses Alt+B)."""
    button = QPushButton(button_text or tr("&Browse…"))
    button.clicked.connect(browse)
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    row.addWidget(button)
    return row
