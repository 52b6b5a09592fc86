"""A bundle's files as one ZIP, the same bytes for the same contents."""

from __future__ import annotations

import io
import stat
import zipfile
import zlib
from datetime import datetime
from typing import Any

from therapy_journal.services.sharing.contents import BundleContents
from therapy_journal.services.sharing.layout import MAX_RATIO, RATIO_FLOOR


def _zip_time(manifest: dict[str, Any]) -> tuple[int, int, int, int, int, int]:
    try:
        moment = datetime.fromisoformat(str(manifest.get("created")))
    except ValueError:
        moment = datetime(1980, 1, 1)
    if moment.year < 1980:
        moment = datetime(1980, 1, 1)
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def pack(contents: BundleContents) -> bytes:
    """The bundle as ZIP bytes: the manifest first, then the files in order.

    The same contents always give the same bytes (fixed times, modes and
    order). A file that would compress more than :data:`MAX_RATIO` times is
    stored instead, so no bundle of ours looks like a zip bomb to a reader.
    """
    when = _zip_time(contents.manifest)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in contents.names():
            data = contents.file(name)
            compressed = zipfile.ZIP_DEFLATED
            if len(data) > RATIO_FLOOR:
                packed = len(zlib.compress(data, 6))
                if len(data) > MAX_RATIO * max(packed, 1):
                    compressed = zipfile.ZIP_STORED
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = compressed
            info.create_system = 3  # Unix, so the mode below is read
            info.external_attr = (stat.S_IFREG | 0o600) << 16
            archive.writestr(info, data)
    return buffer.getvalue()
