"""The Qt binding the app runs on keeps Python's reference counts straight.

PySide6 6.12.0 on Python 3.11 drops a reference to ``True`` on every
``Signal.emit()`` made from Python (the bool it returns is not increfed). The
app emits from Python on every keystroke in the editor (``status``) and in the
passphrase fields (``changed``), on every background task (``busy_changed``)
and more; on Python 3.11 ``True`` is not immortal, so after a few thousand
emits its count reaches zero and the process aborts with "Fatal Python error:
bool_dealloc", losing what was typed since the last save.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Qt, Signal
from pytestqt.qtbot import QtBot

from therapy_journal.gui.app import App

EMITS = 200  # small: on an affected binding each emit brings the abort nearer


class _Emitter(QObject):
    plain = Signal()
    text = Signal(str)


def test_emitting_a_signal_does_not_drop_references_to_true() -> None:
    emitter = _Emitter()
    received: list[str] = []
    emitter.text.connect(received.append)
    before = sys.getrefcount(True)
    for _ in range(EMITS):
        emitter.plain.emit()
        emitter.text.emit("x")
    lost = before - sys.getrefcount(True)
    assert len(received) == EMITS
    assert lost < EMITS // 10, f"{lost} references to True lost in {2 * EMITS} emits"


def test_typing_in_the_editor_does_not_drop_references_to_true(
    qtbot: QtBot, unlocked_app: App
) -> None:
    window = unlocked_app.main_window
    assert window is not None
    editor = window.journal.editor
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(editor.body, Qt.MouseButton.LeftButton)
    typed = "a calm sentence, typed key by key. " * 3
    before = sys.getrefcount(True)
    qtbot.keyClicks(editor.body, typed)
    lost = before - sys.getrefcount(True)
    assert editor.body.toPlainText() == typed
    assert lost < len(typed) // 10, f"{lost} references to True lost in {len(typed)} keystrokes"
