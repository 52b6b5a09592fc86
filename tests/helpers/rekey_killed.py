"""A process that replaces a vault's data key and kills itself part-way.

    python -m tests.helpers.rekey_killed VAULT SECRETS.json POINT

SECRETS.json holds ``passphrase``, ``recovery_key`` and ``new_passphrase`` (or
null). POINT is where the process sends itself SIGKILL, as a power cut or a
``kill -9`` would stop it (no clean-up code runs):

* ``copying``: in the middle of copying the pages under the new key;
* ``copied``: once the copy is written, before the new key file is;
* ``key-file-written``: once the new key file is written beside the old one;
* ``database-replaced``: once the new database is in place, before the key file is;
* ``key-file-replaced``: once everything is in place;
* ``never``: not at all (the rotation completes; prints "done").
"""

from __future__ import annotations

import json
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.helpers.vaults import FAST_KDF
from therapy_journal.store import key_rotation
from therapy_journal.store.keyfile import KeyFile
from therapy_journal.store.vault import Vault

POINTS = ("copying", "copied", "key-file-written", "database-replaced", "key-file-replaced")


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def after(function: Callable[..., Any], calls_before_death: int) -> Callable[..., Any]:
    """``function``, which kills the process once it has returned that many times."""
    count = [0]

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        result = function(*args, **kwargs)
        count[0] += 1
        if count[0] == calls_before_death:
            die()
        return result

    return wrapped


def main() -> int:
    folder, secrets_file, point = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    secrets = json.loads(secrets_file.read_text("utf-8"))
    progress = None
    if point == "copying":

        def progress(done: int, total: int) -> None:
            if 0 < done < total:
                die()

    elif point == "copied":
        key_rotation._copy = after(key_rotation._copy, 1)  # type: ignore[assignment]
    elif point == "key-file-written":
        KeyFile.save = after(KeyFile.save, 1)  # type: ignore[method-assign]
    elif point == "database-replaced":
        key_rotation._rename = after(key_rotation._rename, 1)  # type: ignore[assignment]
    elif point == "key-file-replaced":
        key_rotation._rename = after(key_rotation._rename, 2)  # type: ignore[assignment]
    vault = Vault(folder, kdf=FAST_KDF)
    vault.rekey(
        secrets["passphrase"],
        secrets["recovery_key"],
        new_passphrase=secrets["new_passphrase"],
        progress=progress,
    )
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
