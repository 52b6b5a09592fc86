"""What :mod:`zipfile` may raise on a damaged or hostile archive.

Bundles and backups both read ZIP files from outside; each turns these into
its own one-sentence error. Besides ``BadZipFile``: ``OSError`` from a seek to
an offset a damaged header gives, ``zlib.error`` from a broken deflate
stream, and the lookup and arithmetic errors a crafted directory can cause.
"""

from __future__ import annotations

import struct
import zipfile
import zlib

ZIP_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    KeyError,
    IndexError,
    OverflowError,
    struct.error,
    zlib.error,
)
