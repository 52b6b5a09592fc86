"""After lock, the app's process holds no key, passphrase or entry text.

A real app process (offscreen) unlocks a real vault through its unlock window,
opens an entry, types a new one, shares everything as a bundle, and locks with
Ctrl+L. Then every readable page of its memory is searched for the
passphrase, the data key (raw, and its hex form in both cases), the bundle's
passphrase and the text of both entries (UTF-8, and UTF-16 as Qt keeps text).
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.memory import encodings, find_in_memory
from tests.helpers.processes import REPO_ROOT, read_until_count, spawn, writer_env
from tests.helpers.vaults import make_vault
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.store.keyfile import KeyFile

SHOWN = b"unlock window shown"
TIMEOUT_S = 180.0

pytestmark = pytest.mark.slow


@pytest.fixture
def needs_root() -> None:
    if os.geteuid() != 0:
        pytest.skip(
            "the app makes itself non-dumpable, so only root may read its memory (CI runs as root)"
        )


def test_after_lock_no_key_passphrase_or_entry_text_is_left_in_the_process(
    tmp_path: Path, needs_root: None, reaper: list
) -> None:
    passphrase = f"memory check {secrets.token_hex(6)} passphrase"
    seed_text = f"seedmarker{secrets.token_hex(8)}"
    typed_text = f"typedmarker{secrets.token_hex(8)}"
    bundle_passphrase = f"bundle words {secrets.token_hex(6)} spoken aloud"
    folder = tmp_path / "vault"
    info = make_vault(folder, passphrase)
    JournalService(info.vault).add(
        make_entry(title="stored entry", body=f"Stored before the app opened: {seed_text}.")
    )
    info.vault.lock()
    data_key = bytes(KeyFile.load(info.vault.key_path).unwrap_with_passphrase(passphrase))
    script = tmp_path / "script.json"
    script.write_text(
        json.dumps(
            {
                "passphrase": passphrase,
                "typed": typed_text,
                "bundle": str(tmp_path / "bundle.age"),
                "bundle_passphrase": bundle_passphrase,
            }
        ),
        "utf-8",
    )

    app = spawn(
        [sys.executable, "-m", "tests.helpers.app_driver", str(folder), str(script)],
        env=writer_env(),
        cwd=REPO_ROOT,
        stdin=subprocess.DEVNULL,
    )
    reaper.append(app)
    assert app.stderr is not None
    log = read_until_count(app.stderr.fileno(), SHOWN, 2, TIMEOUT_S)
    text = log.decode("utf-8", errors="replace")
    assert log.count(SHOWN) == 2, f"the app did not lock and show its unlock window:\n{text}"
    assert "driver: a bundle was saved" in text, text
    assert app.poll() is None, text
    assert (tmp_path / "bundle.age").stat().st_size > 0

    needles = {
        **encodings("passphrase", passphrase),
        **encodings("bundle passphrase", bundle_passphrase),
        **encodings("stored entry text", seed_text),
        **encodings("typed entry text", typed_text),
        "data key (raw)": data_key,
        **encodings("data key (hex)", data_key.hex()),
        **encodings("data key (HEX)", data_key.hex().upper()),
    }
    found = find_in_memory(app.pid, needles)
    assert found == {}, "\n".join(f"{label}: {where}" for label, where in found.items())
