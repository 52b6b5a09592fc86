"""Background work: a failure is shown, unless the vault was locked under it."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from therapy_journal.gui.tasks import TaskRunner
from therapy_journal.store.errors import VaultLocked, VaultTooNew


def _fail(error: BaseException) -> None:
    raise error


def test_work_that_fails_because_the_vault_was_locked_shows_nothing(
    qtbot: QtBot, shown_messages: list[str]
) -> None:
    tasks = TaskRunner()
    tasks.run(lambda: _fail(VaultLocked()), lambda _result: None)
    qtbot.waitUntil(lambda: not tasks.busy)
    tasks.wait()
    assert shown_messages == []


def test_work_that_fails_otherwise_says_why(qtbot: QtBot, shown_messages: list[str]) -> None:
    tasks = TaskRunner()
    tasks.run(lambda: _fail(VaultTooNew(99, 9)), lambda _result: None)
    qtbot.waitUntil(lambda: not tasks.busy)
    tasks.wait()
    assert len(shown_messages) == 1
