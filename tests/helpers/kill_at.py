"""Run the command line and SIGKILL it at a chosen moment, from inside.

    python -m tests.helpers.kill_at MOMENT ARGS...

Some moments are too short to hit from outside (between the two renames of a
restore's swap), so the process kills itself there, with SIGKILL as an
outside kill would, and exactly there:

* ``restore-between-renames``: after the vault was moved aside, before the
  restored one is moved in;
* ``restore-before-renames``: after the swap was noted, before the first rename;
* ``backup-packing``: when the backup's archive is first written to (the
  snapshot file and the archive both exist);
* ``export-moving``: when the first file of an export is moved up into an
  existing empty folder.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any


def _die() -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    os.kill(os.getpid(), signal.SIGKILL)


def _arm(moment: str) -> None:
    real_rename = os.rename
    real_open = os.open
    real_path_rename = Path.rename

    if moment == "restore-between-renames":

        def rename(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
            real_rename(src, dst, *args, **kwargs)
            if ".replaced-" in str(dst):
                _die()

        os.rename = rename  # type: ignore[assignment]
    elif moment == "restore-before-renames":

        def rename_first(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
            if ".replaced-" in str(dst):
                _die()
            real_rename(src, dst, *args, **kwargs)

        os.rename = rename_first  # type: ignore[assignment]
    elif moment == "backup-packing":
        seen: list[str] = []

        def open_(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            fd = real_open(path, flags, *args, **kwargs)
            name = str(path)
            if ".tjbackup." in name and name.endswith(".tmp") and flags & os.O_CREAT:
                seen.append(name)
                if len(seen) == 2:  # the snapshot was the first; this is the archive
                    os.write(fd, b"PK")
                    _die()
            return fd

        os.open = open_  # type: ignore[assignment]
    elif moment == "export-moving":

        def path_rename(self: Path, target: Any) -> Path:
            moved = real_path_rename(self, target)
            if ".export." in str(self.parent.name):
                _die()
            return moved

        Path.rename = path_rename  # type: ignore[method-assign]
    else:
        raise SystemExit(f"unknown moment {moment}")


def main(argv: list[str]) -> int:
    _arm(argv[0])
    from therapy_journal.cli.main import main as cli_main  # noqa: PLC0415

    return cli_main(argv[1:])


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
