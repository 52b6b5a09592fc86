"""Where a file the person asked for is written (a bundle, a vCard file):
checked before any work, so that a long export never fails at its end for a
folder that is missing or cannot be written in, and never writes into the
vault folder, where a file could be lost with the vault or taken for part of it.
"""

from __future__ import annotations

import os
from pathlib import Path

from therapy_journal.store.atomic import describe_os_error, temp_name_for


class BadDestination(ValueError):
    """A file cannot be written where it was asked to be; the message says why."""


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or lies within it, symbolic links followed."""
    return path.resolve().is_relative_to(folder.resolve())


def check_destination(path: Path, vault_folder: Path, *, what: str = "file") -> None:
    """Refuse, in one sentence, a ``path`` the ``what`` cannot be written to: a
    folder, a place in a folder that does not exist or cannot be written in,
    or a place inside the vault folder. An existing file is not refused here:
    whether to replace it is the caller's question."""
    if path.is_dir():
        raise BadDestination(f"{path} is a folder; give a file name for the {what}.")
    folder = path.parent
    if not folder.is_dir():
        raise BadDestination(
            f"The folder {folder} does not exist; create it or save the {what} elsewhere."
        )
    if inside(path, vault_folder):
        raise BadDestination(
            f"{path} is inside the vault folder {vault_folder}; save the {what} somewhere "
            "else (a file there would be lost with the vault, or taken for part of it)."
        )
    probe = temp_name_for(path)
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        os.unlink(probe)
    except OSError as error:
        raise BadDestination(
            f"Cannot write in the folder {folder}: {describe_os_error(error)}. "
            f"Save the {what} elsewhere."
        ) from None


def exists(path: Path) -> bool:
    """Whether something is at ``path`` already (a dangling link counts)."""
    return path.exists() or path.is_symlink()
