"""Closing the window of an app set to keep running: the real app process locks,
starts afresh in the background (the same process, a new image: no window,
no key, no passphrase, no entry text in its memory) and stays to remind."""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from tests.e2e.test_lock_memory import may_read_hardened_memory
from tests.helpers.memory import encodings, find_in_memory
from tests.helpers.processes import REPO_ROOT, read_until_count, spawn, writer_env
from tests.helpers.vaults import make_vault
from therapy_journal.gui.settings import AppSettings
from therapy_journal.services.journal import JournalService, make_entry

SHOWN = b"unlock window shown"
BACKGROUND = b"started in the background, locked"
TIMEOUT_S = 180.0
PASSPHRASE = f"keep running {secrets.token_hex(6)} passphrase"
STORED = f"storedmarker{secrets.token_hex(8)}"

pytestmark = pytest.mark.slow


def test_closing_the_window_locks_and_the_app_stays_in_the_background_holding_nothing(
    tmp_path: Path, reaper: list
) -> None:
    folder = tmp_path / "vault"
    info = make_vault(folder, PASSPHRASE)
    JournalService(info.vault).add(
        make_entry(title="stored", body=f"Stored: {STORED}.", created=datetime(2025, 6, 1))
    )
    info.vault.lock()
    AppSettings(keep_running=True, reminder_times=["20:00"]).save()
    typed = f"typedmarker{secrets.token_hex(8)}"
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"passphrase": PASSPHRASE, "typed": typed, "lock_by": "close"}))

    app = spawn(
        [sys.executable, "-m", "tests.helpers.app_driver", str(folder), str(plan)],
        env=writer_env(),
        cwd=REPO_ROOT,
        stdin=subprocess.DEVNULL,
    )
    reaper.append(app)
    assert app.stderr is not None
    log = read_until_count(app.stderr.fileno(), BACKGROUND, 1, TIMEOUT_S)
    text = log.decode("utf-8", errors="replace")
    assert BACKGROUND in log, f"the app did not start afresh in the background:\n{text}"
    assert b"starting afresh" in log and log.count(SHOWN) == 1, text  # no unlock window again
    assert app.poll() is None, text  # still running, to remind
    assert AppSettings.load().told_keeps_running  # said once, by the fresh start

    if may_read_hardened_memory():
        needles = {
            **encodings("passphrase", PASSPHRASE),
            **encodings("stored entry text", STORED),
            **encodings("typed entry text", typed),
        }
        found = find_in_memory(app.pid, needles)
        assert found == {}, "\n".join(f"{label}: {where}" for label, where in found.items())
