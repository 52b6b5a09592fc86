"""Running slow work off the UI thread.

Key derivation, loading ids, import and the like go through :class:`TaskRunner`:
the work runs on a ``QThreadPool`` thread and its result (or error) comes back
by signal, so the slot runs on the UI thread. Failures show an error by default.

Locking never waits for this work (a share of a 600 KB entry once held the
lock for 43 s): :meth:`TaskRunner.abandon` cancels what can be cancelled and
forgets the rest, whose results are then dropped. In the desktop app the lock
goes on to replace the process, which ends every thread at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from therapy_journal.gui.errors import report
from therapy_journal.store.errors import VaultLocked

log = logging.getLogger(__name__)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        # Set on the UI thread when the task is abandoned. A result already on
        # its way (a queued signal) still arrives, and is dropped by this flag.
        self.abandoned = False


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
        # A pool of its own: abandoned work keeps its threads until it ends,
        # and new work (the next unlock) gets a fresh pool instead of queuing
        # behind it.
        self.pool = QThreadPool()
        self._abandoned_pools: list[QThreadPool] = []
        self._running: dict[_Signals, Callable[[], None] | None] = {}

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_failed: Callable[[BaseException], None] | None = None,
        cancel: Callable[[], None] | None = None,
    ) -> None:
        """Run ``work`` off the UI thread. ``cancel`` (called on the UI thread)
        asks the work to stop soon, e.g. by making its progress callback refuse."""
        signals = _Signals()
        self._running[signals] = cancel
        self.busy_changed.emit(True)

        def finish() -> bool:
            # A result that arrives after the runner itself was deleted (its
            # app closed) is moot too.
            if signals.abandoned or not shiboken6.isValid(self):
                return False
            self._running.pop(signals, None)
            if not self._running:
                self.busy_changed.emit(False)
            return True

        def done(result: object) -> None:
            if finish():
                on_done(result)

        def failed(error: object) -> None:
            if not finish():
                return
            assert isinstance(error, BaseException)
            if isinstance(error, VaultLocked):
                # Locked under the work (by the app's own lock, another of its
                # windows, or `therapy-journal lock`): its result is moot.
                log.info("a background task ended because the vault was locked")
                return
            if on_failed is not None:
                on_failed(error)
            else:
                report(None, error)

        signals.done.connect(done)
        signals.failed.connect(failed)
        self.pool.start(_Task(work, signals))

    @property
    def busy(self) -> bool:
        """Whether a task's result is awaited (abandoned ones do not count)."""
        return bool(self._running)

    @property
    def threads_working(self) -> bool:
        """Whether any thread still runs work, abandoned work included."""
        return any(pool.activeThreadCount() for pool in [*self._abandoned_pools, self.pool])

    def abandon(self) -> int:
        """Stop waiting for every task, at once: each is asked to cancel (if it
        can), work not started yet is dropped, and no result or error of them
        will be delivered. Returns how many tasks were abandoned."""
        running = list(self._running.items())
        self._running.clear()
        for signals, cancel in running:
            signals.abandoned = True
            if cancel is not None:
                cancel()
        self.pool.clear()  # queued, not started
        if self.pool.activeThreadCount():
            self._abandoned_pools.append(self.pool)
            self.pool = QThreadPool()
        # A pool is deleted (which waits for its threads) only once it is idle.
        self._abandoned_pools = [p for p in self._abandoned_pools if p.activeThreadCount()]
        if running:
            log.info("abandoned %d background task(s)", len(running))
            self.busy_changed.emit(False)
        return len(running)

    def wait(self) -> None:
        """Block until every task, abandoned ones included, is finished (for tests)."""
        for pool in [*self._abandoned_pools, self.pool]:
            pool.waitForDone()
        self._abandoned_pools.clear()
