"""Writing to disk beside the work that produces what is written.

A long export reads and formats entries (Python, holding the interpreter lock)
and writes files (system calls, which release it). :func:`in_background` runs
the writing in one thread of its own, so on a machine with two cores the disk's
work overlaps the rest instead of following it (issue 20: Export everything at
100,000 entries).

Items are handed over in batches through a bounded queue, so a slow disk holds
the producer back instead of letting memory grow. A failure in the writing
thread is raised in the producer at its next hand-over, or when the block ends;
after a failure, or when the block is left by an exception, whatever is still
queued is dropped and the thread is joined before the block ends, so the
caller can remove what was written.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

T = TypeVar("T")

BATCH = 64  # items per hand-over: few enough locks, little held at once
QUEUED = 8  # batches waiting at most


class Background(Generic[T]):
    """Items put here are passed, a batch at a time and in order, to ``write`` in a thread."""

    def __init__(self, write: Callable[[list[T]], object]) -> None:
        self._write = write
        self._batch: list[T] = []
        self._queue: queue.Queue[list[T] | None] = queue.Queue(maxsize=QUEUED)
        self._error: BaseException | None = None
        self._dropping = False
        self._thread = threading.Thread(target=self._run, name="background writer", daemon=True)
        self._thread.start()

    def put(self, item: T) -> None:
        self._batch.append(item)
        if len(self._batch) >= BATCH:
            self._hand_over()

    def finish(self) -> None:
        """Write what is left, wait for it, and raise what went wrong, if anything did."""
        self._hand_over()
        self._stop()
        if self._error is not None:
            raise self._error

    def abandon(self) -> None:
        """Drop what is not written yet and wait for the thread to end."""
        self._dropping = True
        self._batch = []
        self._stop()

    def _hand_over(self) -> None:
        if self._error is not None:
            raise self._error
        if self._batch:
            self._queue.put(self._batch)
            self._batch = []

    def _stop(self) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()

    def _run(self) -> None:
        while (batch := self._queue.get()) is not None:
            if self._error is None and not self._dropping:
                try:
                    self._write(batch)
                except BaseException as error:  # handed to the producer
                    self._error = error


@contextmanager
def in_background(write: Callable[[list[T]], object]) -> Iterator[Background[T]]:
    """A :class:`Background` for the block: finished when the block ends well,
    abandoned when it does not."""
    writer: Background[T] = Background(write)
    try:
        yield writer
        writer.finish()
    finally:
        writer.abandon()
