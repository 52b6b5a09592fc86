"""Where to offer saving the recovery key: a removable drive if one is plugged in.

The key should live away from the computer it unlocks. A USB stick that is
mounted where desktops mount them (``/media/$USER/…``, ``/run/media/$USER/…``
on Linux, ``/Volumes/…`` on macOS) is offered first, else the Documents folder.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from PySide6.QtCore import QStandardPaths, QStorageInfo

KEY_FILE_NAME = "therapy-journal-recovery-key.txt"


# Folders whose children are removable drives; {user} is the login name.
MOUNT_PARENTS = ("/media/{user}", "/run/media/{user}", "/media", "/Volumes")


def is_removable_place(root: PurePosixPath | Path, user: str) -> bool:
    """Whether a volume mounted at ``root`` sits where desktops mount removable drives."""
    path = PurePosixPath(root.as_posix())
    if path == PurePosixPath("/media", user):
        return False  # the folder holding this person's drives, not a drive
    return str(path.parent) in {parent.format(user=user) for parent in MOUNT_PARENTS}


def removable_drives() -> list[Path]:
    """Writable, mounted removable drives, as far as their mount point tells."""
    user = getpass.getuser()
    roots = (
        Path(volume.rootPath())
        for volume in QStorageInfo.mountedVolumes()
        if volume.isValid() and volume.isReady() and not volume.isReadOnly()
    )
    return sorted(root for root in roots if is_removable_place(root, user))


def documents_folder() -> Path:
    """The Documents folder when there is one, else home."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if found and Path(found).is_dir():
        return Path(found)
    return Path.home()


def default_key_folder(drives: Iterable[Path] | None = None) -> Path:
    """The first removable drive, else the Documents folder."""
    for drive in removable_drives() if drives is None else drives:
        return drive
    return documents_folder()
