"""Drive the real desktop app, in this process, as a person would; then lock it.

``python -m tests.helpers.app_driver VAULT PLAN.json`` starts the app the way
``therapy-journal --vault VAULT --verbose`` does (``therapy_journal.gui.app.main``)
and, from inside its event loop: types the passphrase into the unlock window,
opens the first entry, writes a new one, and then, as PLAN.json says:

* ``bundle`` (a path, or null): shares the entries tagged ``small`` as a
  bundle to ``bundle_passphrase`` (report, PDF, encryption, file);
* ``during`` (null, "share", "export" or "backup"): starts that work (a share
  preview of everything, an export of everything as Markdown into ``target``,
  a backup to ``target``) and locks while it runs: for an export or a backup,
  once its temporary file or folder is there, the work held at its progress
  reports until the lock cancels it (hold_until_cancelled);
* ``lock_by`` ("keys", "idle" or "close"): File > Lock (what Ctrl+L triggers),
  auto-lock after idle time, or closing the main window (which locks when the
  settings keep the app running).

PLAN.json also holds ``passphrase`` and ``typed`` (the new entry's text); it is
read and deleted at start, so no secret is in this process's arguments or
environment. The app logs "unlock window shown" each time it shows the unlock
window; a test waits for the second one (after the lock) before it looks at
the process. Steps are printed to stderr as "driver: …".
"""

from __future__ import annotations

import gc
import json
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from therapy_journal.gui import app as gui_app
from therapy_journal.gui.dialogs import data_dialogs
from therapy_journal.gui.dialogs.backup_dialogs import BackupDialog
from therapy_journal.gui.dialogs.data_dialogs import ExportAllDialog, WorkDialog
from therapy_journal.gui.main_window import MainWindow

Step = Iterator[Callable[[], bool]]
POLL_MS = 20
STEP_TIMEOUT_MS = 60_000
_KEEP: list[QTimer] = []


def say(text: str) -> None:
    sys.stderr.write(f"driver: {text}\n")
    sys.stderr.flush()


def top(name: str) -> QWidget | None:
    for widget in QApplication.topLevelWidgets():
        if widget.objectName() == name and widget.isVisible():
            return widget
    return None


def script(settings: dict[str, str | None]) -> Step:
    yield lambda: top("UnlockWindow") is not None
    unlock = top("UnlockWindow")
    assert unlock is not None
    passphrase = unlock.passphrase  # type: ignore[attr-defined]
    QTest.keyClicks(passphrase, str(settings["passphrase"]))
    QTest.keyClick(passphrase, Qt.Key.Key_Return)
    yield lambda: isinstance(top("MainWindow"), MainWindow)
    window = top("MainWindow")
    assert isinstance(window, MainWindow)
    journal = window.journal
    yield lambda: journal.model.rowCount() >= 1 and not window.session.tasks.busy
    journal.view.selectRow(0)  # the stored entry, in the editor
    yield lambda: bool(journal.editor.body.toPlainText())
    say("an entry is open")
    journal.new_entry()
    QTest.keyClicks(journal.editor.title, "typed today")
    QTest.keyClicks(journal.editor.body, str(settings["typed"]))
    journal.save()
    say("an entry was typed and saved")
    bundle = settings.get("bundle")
    if bundle:
        share = window.open_area("share")
        wizard = share.wizard  # type: ignore[attr-defined]
        wizard.what.by_tag.setChecked(True)
        yield lambda: wizard.what.tag.findData("small") >= 0
        wizard.what.tag.setCurrentIndex(wizard.what.tag.findData("small"))
        wizard.next_button.click()
        wizard.who.passphrase.setText(str(settings["bundle_passphrase"]))
        wizard.next_button.click()  # the preview: entries, report, PDF
        yield lambda: wizard.pages.currentIndex() == 2 and not window.session.tasks.busy
        wizard.save_to(Path(bundle))
        yield lambda: wizard.pages.currentIndex() == 3 and not window.session.tasks.busy
        say("a bundle was saved")
        wizard.reset()
    yield from start_work(window, settings)
    if settings.get("lock_by") == "close":
        say("locking: closing the window")
        window.close()
    elif settings.get("lock_by") == "idle":
        say("locking: waiting for the auto-lock")
        app = next(o for o in gc.get_objects() if isinstance(o, gui_app.App))
        app.idle.timer.start(10)  # the idle minutes, shortened
    else:
        # The action Ctrl+L triggers (a shortcut needs the window to be active,
        # which a bare X server without a window manager does not make it).
        say("locking: File > Lock")
        window.lock_action.trigger()


def _writing(folder: Path) -> bool:
    return any(p.name.endswith(".tmp") for p in folder.iterdir())


def hold_until_cancelled(folder: Path) -> None:
    """Once the work has begun writing into ``folder`` (a ``.tmp`` there),
    its worker waits at each progress report until the lock has cancelled it.
    The lock then always lands while the work is under way: a backup of a small
    vault otherwise finished before it, now and then, and left a whole file."""
    report = data_dialogs.Progress.__call__

    def held(self: data_dialogs.Progress, done: int, total: int = 0) -> bool:
        if threading.current_thread() is not threading.main_thread() and _writing(folder):
            deadline = time.monotonic() + STEP_TIMEOUT_MS / 1000
            while not self.cancelled and time.monotonic() < deadline:
                time.sleep(POLL_MS / 1000)
        return report(self, done, total)

    data_dialogs.Progress.__call__ = held  # type: ignore[method-assign]


def start_work(window: MainWindow, settings: dict[str, str | None]) -> Step:
    """Start the work the plan names, and wait until it is under way."""
    during, target = settings.get("during"), Path(str(settings.get("target")))
    if during == "share":
        share = window.open_area("share")
        wizard = share.wizard  # type: ignore[attr-defined]
        wizard.what.everything.setChecked(True)
        wizard.next_button.click()
        wizard.next_button.click()
        yield lambda: window.session.tasks.busy or bool(wizard.error.text())
        if wizard.error.text():
            raise RuntimeError(f"the share did not start: {wizard.error.text()}")
    elif during in ("export", "backup"):
        hold_until_cancelled(target.parent)
        dialog: WorkDialog
        if during == "export":
            dialog = ExportAllDialog(window.session, window)
            dialog.folder.setText(str(target))
        else:
            dialog = BackupDialog(window.session, window)
            dialog.path.setText(str(target))
        dialog.show()
        dialog.start_button.click()
        yield lambda: _writing(target.parent)
    else:
        return
    say(f"{during} under way")


def run_steps(steps: Step) -> None:
    """Advance ``steps`` each time the condition it yielded holds."""
    state: dict[str, Callable[[], bool] | int] = {"waited": 0}

    def advance() -> None:
        try:
            state["until"] = next(steps)
            state["waited"] = 0
        except StopIteration:
            timer.stop()
            return
        except BaseException as error:
            say(f"failed: {type(error).__name__}: {error}")
            QApplication.exit(70)

    def poll() -> None:
        until = state["until"]
        assert callable(until)
        if until():
            advance()
            return
        waited = int(state["waited"]) + POLL_MS
        state["waited"] = waited
        if waited > STEP_TIMEOUT_MS:
            say("failed: a step did not finish in time")
            QApplication.exit(71)

    timer = QTimer()
    _KEEP.append(timer)
    timer.setInterval(POLL_MS)
    timer.timeout.connect(poll)
    advance()
    timer.start()


def main() -> int:
    vault, script_file = Path(sys.argv[1]), Path(sys.argv[2])
    settings = json.loads(script_file.read_text("utf-8"))
    script_file.unlink()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("therapy_journal")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)  # as --verbose does
    gui_app.make_qapplication(sys.argv[:1])
    steps = script(settings)
    del settings
    QTimer.singleShot(0, lambda: run_steps(steps))
    return gui_app.main(vault)


if __name__ == "__main__":
    sys.exit(main())
