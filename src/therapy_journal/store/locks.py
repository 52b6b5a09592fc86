"""Whether another process has a vault's database open, as Linux lists file locks."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

log = logging.getLogger(__name__)

_LOCK_LINE = re.compile(r"\s(-?\d+)\s+([0-9a-f]+:[0-9a-f]+:\d+)\s")


def open_elsewhere(db_path: Path) -> bool:
    """Whether another process has the database at ``db_path`` open.

    An SQLite connection in WAL mode holds a shared lock on the database and
    its ``-shm`` file for as long as it is open.
    """
    return locked_by_another_process([db_path, db_path.with_name(db_path.name + "-shm")])


def locked_by_another_process(paths: list[Path]) -> bool:
    """Whether another process holds a lock on one of ``paths``, as Linux lists
    them in /proc/locks (elsewhere: False).

    (Probing with fcntl here would be wrong: closing the probe's descriptor
    drops every lock this process holds on the file, SQLite's included.)
    """
    ids = set()
    for path in paths:
        try:
            st = path.stat()
        except FileNotFoundError:
            continue
        ids.add(f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}")
    if not ids:
        return False
    try:
        lines = Path("/proc/locks").read_text(encoding="ascii").splitlines()
    except OSError:
        log.info("cannot read /proc/locks; not checking whether the vault is in use")
        return False
    me = str(os.getpid())
    for line in lines:
        match = _LOCK_LINE.search(line)
        if match and match[2] in ids and match[1] != me:
            return True
    return False
