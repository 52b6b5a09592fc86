"""Key material in buffers that can be wiped.

Keys, key-encryption keys and passphrases (once encoded) live in ``bytearray``
objects that are overwritten as soon as they are no longer needed; ``bytes``
and ``str`` objects cannot be, and each copy into one stays in freed memory
until it is reused. This is best effort inside one process: the desktop app
replaces its whole process at lock for what it cannot wipe.
"""

from __future__ import annotations


def wipe(secret: bytearray) -> None:
    """Overwrite ``secret`` with zeros, in place."""
    secret[:] = bytes(len(secret))
