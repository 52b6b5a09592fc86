"""Decrypted copies of attachments opened with another program.

Another program can only open a file, so "Open" writes the attachment out,
after the app has warned that the other program sees a decrypted copy. The
copies go into one private folder (mode 0700; each copy 0600, in a
subfolder of its own so it keeps its name): under ``$XDG_RUNTIME_DIR``,
which lives in memory and is the person's alone, where there is one, else
in the app's cache folder. :func:`remove_all` empties it when the app locks,
and at the next start after a run that was killed.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
from collections.abc import Iterable
from pathlib import Path

from therapy_journal.services.attachments import clean_name, write_private

log = logging.getLogger(__name__)

FOLDER_NAME = "therapy-journal-opened"


def folder() -> Path:
    """Where opened copies are written (not made here)."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_dir():
        return Path(runtime) / FOLDER_NAME
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "therapy-journal" / "opened"


def write_copy(name: str, pieces: Iterable[bytes]) -> Path:
    """Write one opened copy and return its path."""
    top = folder()
    top.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(top, 0o700)
    own = top / secrets.token_hex(8)
    own.mkdir(mode=0o700)
    target = own / clean_name(name)
    write_private(target, pieces)
    return target


def remove_all() -> int:
    """Remove every opened copy; return how many files there were."""
    top = folder()
    if not top.is_dir():
        return 0
    count = sum(1 for path in top.rglob("*") if path.is_file())
    shutil.rmtree(top, ignore_errors=True)
    if top.exists():
        log.warning("some opened copies of attachments could not be removed")
    elif count:
        log.info("removed %d opened copies of attachments", count)
    return count
