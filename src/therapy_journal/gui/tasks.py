"""Running slow work off the UI thread.

Key derivation, loading ids, import and the like go through :class:`TaskRunner`:
the work runs on a ``QThreadPool`` thread and its result (or error) comes back
by signal, so the slot runs on the UI thread. Failures show an error by default.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from therapy_journal.gui.errors import report

log = logging.getLogger(__name__)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, work: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.work = work
        self.signals = signals

    def run(self) -> None:
        try:
            result = self.work()
        except BaseException as error:  # handed to the UI thread, which decides
            self.signals.failed.emit(error)
            return
        self.signals.done.emit(result)


class TaskRunner(QObject):
    """Runs callables on a thread pool; calls back on the UI thread."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool.globalInstance()
        self._running: set[_Signals] = set()

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        signals = _Signals()
        self._running.add(signals)
        self.busy_changed.emit(True)

        def finish() -> None:
            self._running.discard(signals)
            if not self._running:
                self.busy_changed.emit(False)

        def done(result: object) -> None:
            finish()
            on_done(result)

        def failed(error: object) -> None:
            finish()
            assert isinstance(error, BaseException)
            if on_failed is not None:
                on_failed(error)
            else:
                report(None, error)

        signals.done.connect(done)
        signals.failed.connect(failed)
        self.pool.start(_Task(work, signals))

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def wait(self) -> None:
        """Block until every task is finished (for shutdown and tests)."""
        self.pool.waitForDone()
