"""The index of a ZIP from outside, read from its end records before zipfile
parses it: what zipfile itself would believe, for any bytes at all."""

from __future__ import annotations

import io
import zipfile

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers.bundles import zip_claiming, zip_with_index
from therapy_journal.services.zips import TAIL_SIZE, ZipIndex, file_zip_index, zip_index


def written(count: int, *, comment: bytes = b"", zip64: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", allowZip64=True) as archive:
        archive.comment = comment
        for number in range(count):
            info = zipfile.ZipInfo(f"file-{number}.md")
            with archive.open(info, "w", force_zip64=zip64) as member:
                member.write(b"text")
    return buffer.getvalue()


def true_index(data: bytes) -> ZipIndex:
    """The entries zipfile finds, and the bytes from its index's start to the end record."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return ZipIndex(len(archive.infolist()), data.rindex(b"PK\x05\x06") - archive.start_dir)


def test_the_index_of_archives_zipfile_wrote_is_read_as_zipfile_reads_it() -> None:
    for data in (written(3), written(7, comment=b"a comment"), written(0)):
        assert zip_index(data) == true_index(data)
    # An end-record signature in the comment: zipfile finds no archive, and neither does this.
    assert zip_index(written(2, comment=b"a comment PK\x05\x06?")) is None


def test_a_zip64_archive_is_read_from_its_zip64_record() -> None:
    data = written(4, zip64=True)
    index = zip_index(data)
    assert index is not None and index.entries == 4


def test_claims_are_read_without_parsing_the_index() -> None:
    assert zip_index(zip_claiming(5_000_000)) == ZipIndex(5_000_000, 179)
    lying = zip_with_index(1_000, claimed=1)
    index = zip_index(lying)
    assert index is not None and index.entries == 1 and index.size > 1_000 * 46


def test_a_files_index_is_read_from_its_end_alone() -> None:
    padding = b"\0" * (2 * TAIL_SIZE)  # ahead of the archive, beyond what is read
    for data in (written(3), written(4, zip64=True), written(5, comment=b"c" * 60_000)):
        for before in (b"", padding):
            assert file_zip_index(io.BytesIO(before + data)) == zip_index(data)
    assert file_zip_index(io.BytesIO(padding + zip_claiming(5_000_000))) == ZipIndex(5_000_000, 179)
    assert file_zip_index(io.BytesIO(b"")) is None


def test_bytes_without_an_end_record_have_no_index() -> None:
    assert zip_index(b"") is None
    assert zip_index(b"PK\x03\x04 and nothing else") is None
    assert zip_index(written(2)[:-5]) is None  # the end record cut short


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300), st.sampled_from([b"", b"PK\x05\x06", b"PK\x06\x07", b"PK\x06\x06"]))
def test_any_bytes_give_an_index_or_none_and_never_an_error(data: bytes, marker: bytes) -> None:
    crafted = data[: len(data) // 2] + marker + data[len(data) // 2 :]
    index = zip_index(crafted)
    assert index is None or (index.entries >= 0 and index.size >= 0)
