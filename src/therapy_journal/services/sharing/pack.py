"""A bundle's files as one ZIP, the same bytes for the same contents, made a
member at a time (:func:`zip_chunks`) so that a bundle is written straight into
its encryption and the whole ZIP is never held in memory."""

from __future__ import annotations

import io
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterator
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


_SLICE = 1024 * 1024  # how much of a file is compressed at a time


class _Drained(io.RawIOBase):
    """What :class:`zipfile.ZipFile` writes into: a seekable stream that keeps
    only the bytes not yet taken (:meth:`take`). ZipFile seeks back only into
    the member it is writing (to fill in its header), so taking the bytes
    after each member gives the very ZIP a whole buffer would hold."""

    def __init__(self) -> None:
        super().__init__()
        self._taken = 0
        self._buffer = io.BytesIO()

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        return self._buffer.write(data)

    def tell(self) -> int:
        return self._taken + self._buffer.tell()

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_SET:
            if offset < self._taken:
                raise io.UnsupportedOperation("cannot seek back into bytes already written")
            self._buffer.seek(offset - self._taken)
        else:
            self._buffer.seek(offset, whence)
        return self.tell()

    def take(self) -> bytes:
        """The bytes written since the last take, which are final."""
        data = self._buffer.getvalue()
        self._taken += len(data)
        self._buffer = io.BytesIO()
        return data


def zip_chunks(
    contents: BundleContents, after_file: Callable[[int, int], None] | None = None
) -> Iterator[bytes]:
    """The bundle's ZIP (see :func:`pack`) in pieces: each file's, then the
    central directory. ``after_file(done, total)`` is called after each file
    (it may raise to stop)."""
    when = _zip_time(contents.manifest)
    names = contents.names()
    sink = _Drained()
    with zipfile.ZipFile(sink, "w") as archive:
        for done, name in enumerate(names, start=1):
            data = memoryview(contents.file(name))
            info = _member(name, when, data)
            info.file_size = len(data)  # as writestr sets it: it decides ZIP64
            with archive.open(info, "w") as member:
                # In slices: a large file (the report's PDF) is not compressed
                # into a second whole copy of itself; the bytes are the same.
                # (ZipFile goes back to its header when it closes, so the
                # member's bytes are taken only then.)
                for start in range(0, len(data), _SLICE):
                    member.write(data[start : start + _SLICE])
            yield sink.take()
            if after_file is not None:
                after_file(done, len(names))
    yield sink.take()


def _member(
    name: str, when: tuple[int, int, int, int, int, int], data: memoryview
) -> zipfile.ZipInfo:
    """How ``name`` is stored: deflated unless that would compress it more
    than :data:`MAX_RATIO` times; fixed time and mode."""
    compressed = zipfile.ZIP_DEFLATED
    if len(data) > RATIO_FLOOR:
        deflate = zlib.compressobj(6)
        packed = sum(
            len(deflate.compress(data[start : start + _SLICE]))
            for start in range(0, len(data), _SLICE)
        )
        packed += len(deflate.flush())
        if len(data) > MAX_RATIO * max(packed, 1):
            compressed = zipfile.ZIP_STORED
    info = zipfile.ZipInfo(name, date_time=when)
    info.compress_type = compressed
    info.create_system = 3  # Unix, so the mode below is read
    info.external_attr = (stat.S_IFREG | 0o600) << 16
    return info


def pack(contents: BundleContents) -> bytes:
    """The bundle as ZIP bytes: the manifest first, then the files in order.

    The same contents always give the same bytes (fixed times, modes and
    order). A file that would compress more than :data:`MAX_RATIO` times is
    stored instead, so no bundle of ours looks like a zip bomb to a reader.
    """
    return b"".join(zip_chunks(contents))
