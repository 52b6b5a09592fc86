"""After lock, the app's process holds no key, passphrase or entry text, and
work that was running has left nothing half-written.

A real app process (offscreen) unlocks a real vault through its unlock window,
opens an entry, types a new one, shares entries as a bundle, starts more work
(a share preview with a 600 KB entry, an export of everything, a backup) and
locks while that runs, with Ctrl+L or by auto-lock. Then every readable page
of its memory is searched for the passphrase, the data key (raw, and its hex
form in both cases), the bundle's passphrase and the text of the entries
(UTF-8, and UTF-16 as Qt keeps text); and the folder the work was writing
into is checked for leftovers.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.e2e.test_single_instance import FORWARD, RAISED
from tests.helpers.cli import cli_env
from tests.helpers.memory import encodings, find_in_memory
from tests.helpers.processes import REPO_ROOT, cli_argv, read_until_count, spawn, writer_env
from tests.helpers.vaults import make_vault
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.store.keyfile import KeyFile
from therapy_journal.store.vault import Vault

SHOWN = b"unlock window shown"
TIMEOUT_S = 180.0
PASSPHRASE = f"memory check {secrets.token_hex(6)} passphrase"
STORED = f"storedmarker{secrets.token_hex(8)}"
BIG_ENTRY = ("one long evening of writing, " * 20 + "\n") * 1000  # about 600 KB
# Enough entries that exporting them all takes a moment.
FILLER = 5_000

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A vault with the marked entry (newest, tagged 'small'), a 600 KB entry and
    filler; each test works on a copy."""
    folder = tmp_path_factory.mktemp("template") / "vault"
    info = make_vault(folder, PASSPHRASE)
    journal = JournalService(info.vault)
    start = datetime(2024, 1, 1).astimezone()
    journal.import_entries(
        make_entry(title=f"filler {n}", body=f"an ordinary day, number {n}. " * 10,
                   created=start + timedelta(minutes=n))
        for n in range(FILLER)
    )  # fmt: skip
    journal.add(
        make_entry(title="long one", body=BIG_ENTRY, created=datetime(2025, 1, 1).astimezone())
    )
    journal.add(
        make_entry(
            title="stored entry",
            body=f"Stored before the app opened: {STORED}.",
            tags=["small"],
            created=datetime(2025, 6, 1).astimezone(),
        )
    )
    info.vault.lock()
    return folder


CAP_SYS_PTRACE = 19


def may_read_hardened_memory() -> bool:
    """Root with CAP_SYS_PTRACE: what reading a non-dumpable process's memory takes."""
    status = Path("/proc/self/status").read_text()
    effective = int(
        next(line for line in status.splitlines() if line.startswith("CapEff:")).split()[1], 16
    )
    return os.geteuid() == 0 and bool(effective >> CAP_SYS_PTRACE & 1)


@pytest.fixture
def needs_root() -> None:
    if not may_read_hardened_memory():
        pytest.skip(
            "the app makes itself non-dumpable, so only root with CAP_SYS_PTRACE may read "
            "its memory (CI runs as root; a container needs --cap-add SYS_PTRACE)"
        )


@pytest.mark.usefixtures("needs_root")
@pytest.mark.parametrize(
    ("during", "lock_by"),
    [("share", "keys"), ("export", "idle"), ("backup", "keys")],
)
def test_after_lock_no_secret_is_left_in_the_process_and_no_work_half_written(
    tmp_path: Path, template: Path, reaper: list, during: str, lock_by: str
) -> None:
    folder = tmp_path / "vault"
    shutil.copytree(template, folder)
    typed_text = f"typedmarker{secrets.token_hex(8)}"
    bundle_passphrase = f"bundle words {secrets.token_hex(6)} spoken aloud"
    work = tmp_path / "work"
    work.mkdir()
    target = work / ("export" if during == "export" else "journal.tjbackup")
    data_key = bytes(KeyFile.load(folder / "vault.key").unwrap_with_passphrase(PASSPHRASE))
    plan = tmp_path / "plan.json"
    plan.write_text(
        json.dumps(
            {
                "passphrase": PASSPHRASE,
                "typed": typed_text,
                "bundle": str(tmp_path / "bundle.age"),
                "bundle_passphrase": bundle_passphrase,
                "during": during,
                "target": str(target),
                "lock_by": lock_by,
            }
        ),
        "utf-8",
    )

    app = spawn(
        [sys.executable, "-m", "tests.helpers.app_driver", str(folder), str(plan)],
        env=writer_env(),
        cwd=REPO_ROOT,
        stdin=subprocess.DEVNULL,
    )
    reaper.append(app)
    assert app.stderr is not None
    log = read_until_count(app.stderr.fileno(), SHOWN, 2, TIMEOUT_S)
    text = log.decode("utf-8", errors="replace")
    assert log.count(SHOWN) == 2, f"the app did not lock and show its unlock window:\n{text}"
    assert f"driver: {during} under way" in text, text
    assert app.poll() is None, text
    assert (tmp_path / "bundle.age").stat().st_size > 0

    needles = {
        **encodings("passphrase", PASSPHRASE),
        **encodings("bundle passphrase", bundle_passphrase),
        **encodings("stored entry text", STORED),
        **encodings("typed entry text", typed_text),
        **encodings("600 KB entry text", BIG_ENTRY[:200]),
        "data key (raw)": data_key,
        **encodings("data key (hex)", data_key.hex()),
        **encodings("data key (HEX)", data_key.hex().upper()),
    }
    found = find_in_memory(app.pid, needles)
    assert found == {}, "\n".join(f"{label}: {where}" for label, where in found.items())

    assert sorted(p.name for p in work.iterdir()) == [], "the abandoned work left files"
    vault = Vault(folder)
    vault.unlock(PASSPHRASE)
    try:
        journal = JournalService(vault)
        assert journal.count() == FILLER + 3  # the typed entry was saved at lock
        assert any(typed_text in e.body for e in journal.get_many(list(journal.ids())[:3]))
    finally:
        vault.lock()


def test_after_lock_a_second_start_comes_to_the_app_started_afresh(
    tmp_path: Path, template: Path, reaper: list
) -> None:
    """The new process image listens for a second start on the vault, as the
    one it replaced did: a second start brings it forward and opens nothing."""
    folder = tmp_path / "vault"
    shutil.copytree(template, folder)
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"passphrase": PASSPHRASE, "typed": "typed", "lock_by": "keys"}))
    app = spawn(
        [sys.executable, "-m", "tests.helpers.app_driver", str(folder), str(plan)],
        env=writer_env(),
        cwd=REPO_ROOT,
        stdin=subprocess.DEVNULL,
    )
    reaper.append(app)
    assert app.stderr is not None
    log = read_until_count(app.stderr.fileno(), SHOWN, 2, TIMEOUT_S)
    assert log.count(SHOWN) == 2, log.decode(errors="replace")
    assert b"starting afresh" in log

    second = spawn(cli_argv("--vault", str(folder), "--verbose"), env=cli_env())
    reaper.append(second)
    _out, err = second.communicate(timeout=TIMEOUT_S)
    assert second.returncode == 0 and FORWARD in err and SHOWN not in err, err
    raised = read_until_count(app.stderr.fileno(), RAISED, 1, TIMEOUT_S)
    assert RAISED in raised, raised.decode(errors="replace")
