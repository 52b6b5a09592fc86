"""A bundle is zipped a file at a time straight into age's streaming
encryption, written to a temporary file beside its destination (ciphertext
only, readable by its owner) and renamed at the end: the same format as
ever, opened by the age tool and open-bundle; a cancel or a lock leaves
nothing behind."""

from __future__ import annotations

import hashlib
import io
import random
import shutil
import stat
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.bundles import add, contents_of
from tests.helpers.vaults import files_containing
from therapy_journal.services.journal import JournalService
from therapy_journal.services.sharing.age import decrypt, stream_to_recipients
from therapy_journal.services.sharing.age_header import scrypt_work_factor
from therapy_journal.services.sharing.contents import BundleContents
from therapy_journal.services.sharing.errors import BundleError
from therapy_journal.services.sharing.html_page import PAGE_WORK_FACTOR, age_file_in, page_around
from therapy_journal.services.sharing.pack import pack, zip_chunks
from therapy_journal.services.sharing.received import open_bundle
from therapy_journal.services.sharing.selection import Selection
from therapy_journal.services.sharing.service import ShareService
from therapy_journal.store import atomic
from therapy_journal.store.errors import StorageError
from therapy_journal.store.vault import Vault

MARKER = "Zanzibarmarker"  # in every long entry: never on disk in plaintext
needs_age = pytest.mark.skipif(shutil.which("age") is None, reason="needs the reference age tool")


def _words(count: int, seed: int) -> str:
    """Text that compresses about as little as words do: the bundle is larger
    than age's 64 KiB chunks, so its ciphertext is written in many of them."""
    letters = random.Random(seed)
    return " ".join(
        "".join(letters.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(letters.randint(2, 9)))
        for _ in range(count)
    )


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """The folder a bundle is saved into, holding nothing else."""
    folder = tmp_path / "outbox"
    folder.mkdir()
    return folder


@pytest.fixture
def long_entries(journal: JournalService) -> BundleContents:
    for day in range(1, 6):
        add(journal, day, f"Long day {day}", body=f"{MARKER}\n\n{_words(40_000, day)}")
    return ShareService(journal.vault).gather(Selection(all_entries=True))


def _age_tool_opens(path: Path, secret: str, folder: Path) -> bytes:
    identity = folder / "identity.txt"
    identity.write_text(secret + "\n")
    identity.chmod(0o600)
    done = subprocess.run(
        ["age", "-d", "-i", str(identity), str(path)], capture_output=True, check=True
    )
    return done.stdout


@needs_age
def test_a_bundle_to_a_key_grows_in_a_private_temporary_file_and_opens_with_age_and_open_bundle(
    vault: Vault, long_entries: BundleContents, key: tuple[str, str], tmp_path: Path, out: Path
) -> None:
    path = out / "bundle.age"
    seen: list[list[tuple[str, int, int]]] = []

    def progress(_done: int, _total: int) -> bool:
        seen.append(
            [(p.name, p.stat().st_size, stat.S_IMODE(p.stat().st_mode)) for p in out.iterdir()]
        )
        assert files_containing(out, [MARKER]) == []  # ciphertext only, as it is written
        return True

    record = ShareService(vault).save(long_entries, path, recipients=[key[1]], progress=progress)

    assert len(seen) == len(long_entries.names())
    assert all(len(files) == 1 for files in seen)  # one temporary file, beside the bundle
    (temp,) = {files[0][0] for files in seen}
    assert temp.startswith(".bundle.age.") and temp.endswith(".tmp")
    assert {files[0][2] for files in seen} == {0o600}
    sizes = [files[0][1] for files in seen]
    assert sizes == sorted(sizes) and 0 < sizes[1] < sizes[-1]  # written while zipped
    assert list(out.iterdir()) == [path]
    encrypted = path.read_bytes()
    assert record.fingerprint == hashlib.sha256(encrypted).hexdigest()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # The same format: the very ZIP a bundle always held, for age and for open-bundle.
    assert _age_tool_opens(path, key[0], tmp_path) == pack(long_entries)
    opened = open_bundle(path, identities=[key[0]])
    assert [e.title for e in opened.entries] == [f"Long day {day}" for day in range(1, 6)]


@needs_age
def test_a_page_for_a_key_is_written_around_the_armored_file_as_it_is_encrypted(
    vault: Vault, long_entries: BundleContents, key: tuple[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "for-you.html"
    ShareService(vault).save(long_entries, path, recipients=[key[1]], form="html")
    page = path.read_bytes()
    before, after = page_around()
    assert page.startswith(before) and page.endswith(after)
    armored = age_file_in(page)
    assert page == before + armored + after
    (tmp_path / "from-page.age").write_bytes(armored)
    assert _age_tool_opens(tmp_path / "from-page.age", key[0], tmp_path) == pack(long_entries)
    assert open_bundle(path, identities=[key[0]]).summary()["entries"] == 5


def test_a_page_locked_with_a_passphrase_is_written_as_it_is_encrypted_too(
    vault: Vault, long_entries: BundleContents, out: Path
) -> None:
    path = out / "page.html"
    sizes: list[int] = []

    def progress(_done: int, _total: int) -> bool:
        sizes.extend(p.stat().st_size for p in out.iterdir())
        assert files_containing(out, [MARKER]) == []
        return True

    phrase = "tulip-anchor-river-stone-lamp-cloud-quiet"
    ShareService(vault).save(long_entries, path, passphrase=phrase, form="html", progress=progress)
    before, after = page_around()
    assert len(sizes) == len(long_entries.names())
    assert len(before) < sizes[1] < sizes[-1] < path.stat().st_size  # written while zipped
    page = path.read_bytes()
    assert page.startswith(before) and page.endswith(after)
    assert scrypt_work_factor(age_file_in(page)) == PAGE_WORK_FACTOR
    opened = open_bundle(path, passphrase=phrase)
    assert [e.title for e in opened.entries] == [f"Long day {day}" for day in range(1, 6)]


def test_a_save_cancelled_while_writing_leaves_the_earlier_file_and_nothing_else(
    vault: Vault, long_entries: BundleContents, key: tuple[str, str], out: Path
) -> None:
    path = out / "bundle.age"
    path.write_bytes(b"an earlier bundle")
    shares = ShareService(vault)
    asked: list[int] = []

    def progress(done: int, _total: int) -> bool:
        asked.append(done)
        return done < 4  # Cancel, with a temporary file half written

    with pytest.raises(BundleError, match="canceled"):
        shares.save(long_entries, path, recipients=[key[1]], progress=progress)
    assert asked == [1, 2, 3, 4]
    assert list(out.iterdir()) == [path]
    assert path.read_bytes() == b"an earlier bundle"
    assert shares.history() == []


def test_locking_while_a_bundle_is_written_leaves_no_file(
    vault: Vault, long_entries: BundleContents, key: tuple[str, str], out: Path
) -> None:
    path = out / "bundle.age"
    removed: list[Path] = []

    def progress(done: int, _total: int) -> bool:
        if done == 3:  # what locking the app does to the files being written
            removed.extend(atomic.close_unfinished())
        return True

    try:
        with pytest.raises(BundleError, match="Could not write the bundle"):
            ShareService(vault).save(long_entries, path, recipients=[key[1]], progress=progress)
    finally:
        atomic.reopen_unfinished()
    assert [p.parent for p in removed] == [out]
    assert list(out.iterdir()) == []
    assert ShareService(vault).history() == []


def test_the_zip_is_made_a_file_at_a_time_and_is_the_same_bytes() -> None:
    large = random.Random(7).randbytes(3 * 1024 * 1024)  # several of the slices it is zipped in
    contents = contents_of(
        {"report.html": b"<p>report</p>" * 1000, "report.pdf": large, "entries/0001-a.md": b"# A"}
    )
    chunks = list(zip_chunks(contents))
    assert len(chunks) == len(contents.names()) + 1  # each file, then the directory
    packed = b"".join(chunks)
    assert packed == pack(contents)
    with zipfile.ZipFile(io.BytesIO(packed)) as archive:
        assert archive.namelist() == contents.names()
        assert archive.read("report.pdf") == large
        assert archive.testzip() is None


def test_what_stops_the_chunks_or_the_file_is_raised_as_itself(key: tuple[str, str]) -> None:
    def cancelled() -> Iterator[bytes]:
        yield b"x" * 200_000
        raise BundleError("The export was canceled; nothing was written.")

    with pytest.raises(BundleError, match="canceled"):
        stream_to_recipients(cancelled(), io.BytesIO(), [key[1]])

    class Full(io.BytesIO):
        def write(self, data: bytes, /) -> int:  # type: ignore[override]
            raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space"):
        stream_to_recipients([b"y" * 200_000], Full(), [key[1]])
    out = io.BytesIO()
    stream_to_recipients(iter([b"a" * 100_000, b"", b"b" * 100_000]), out, [key[1]])
    assert decrypt(out.getvalue(), identities=[key[0]]) == b"a" * 100_000 + b"b" * 100_000


def test_a_file_written_from_a_stream_is_private_from_the_start_and_gone_when_stopped(
    tmp_path: Path,
) -> None:
    target = tmp_path / "file.bin"
    target.write_bytes(b"before")
    modes: list[int] = []

    def stopped(out: atomic.Writer) -> None:
        out.write(b"part")
        (temp,) = [p for p in tmp_path.iterdir() if p != target]
        modes.append(stat.S_IMODE(temp.stat().st_mode))
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic.write_atomic_from(target, stopped, mode=0o600)
    assert modes == [0o600]
    assert list(tmp_path.iterdir()) == [target] and target.read_bytes() == b"before"

    def full(out: atomic.Writer) -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(StorageError, match="the disk is full"):
        atomic.write_atomic_from(target, full, what="thing")
    assert list(tmp_path.iterdir()) == [target] and target.read_bytes() == b"before"

    atomic.write_atomic_from(target, lambda out: [out.write(b"a"), out.write(b"b")])
    assert target.read_bytes() == b"ab"
