"""Attachments over a real encrypted vault: storage, limits, trash, purge, writing out."""

from __future__ import annotations

import hashlib
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.helpers.vaults import FAST_KDF, PASSPHRASE
from therapy_journal.services import opened_copies
from therapy_journal.services.attachments import (
    MAX_ATTACHMENT_BYTES,
    AttachmentNotFound,
    AttachmentProblem,
    AttachmentService,
    clean_name,
    guess_mime,
)
from therapy_journal.services.backup import BackupService, restore
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.store import migrations
from therapy_journal.store.attachments import CHUNK_BYTES
from therapy_journal.store.vault import Vault

T0 = datetime(2026, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=-5)))
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


@pytest.fixture
def attachments(vault: Vault) -> AttachmentService:
    return AttachmentService(vault)


def _entry(journal: JournalService) -> int:
    return journal.add(make_entry(title="with a photo", created=T0))


def test_a_file_round_trips_with_its_name_type_size_and_checksum(
    journal: JournalService, attachments: AttachmentService, tmp_path: Path
) -> None:
    data = os.urandom(CHUNK_BYTES * 2 + 123)  # three chunks, the last short
    source = tmp_path / "holiday.jpg"
    source.write_bytes(b"\xff\xd8\xff" + data)
    entry_id = _entry(journal)
    added = attachments.add_file(entry_id, source)
    assert (added.name, added.mime, added.size) == ("holiday.jpg", "image/jpeg", len(data) + 3)
    assert added.sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
    assert attachments.read(added.id) == source.read_bytes()
    assert [a.name for a in attachments.of_entry(entry_id)] == ["holiday.jpg"]


def test_the_bytes_are_not_in_the_vault_files_in_plaintext(
    vault: Vault, journal: JournalService, attachments: AttachmentService
) -> None:
    secret = b"MY-VERY-PRIVATE-SCAN-" * 100
    attachments.add_bytes(_entry(journal), "scan.txt", secret)
    vault.db.checkpoint()
    for path in vault.folder.iterdir():
        assert b"MY-VERY-PRIVATE-SCAN-" not in path.read_bytes()


def test_a_second_file_of_the_same_name_gets_a_number(
    journal: JournalService, attachments: AttachmentService
) -> None:
    entry_id = _entry(journal)
    names = [attachments.add_bytes(entry_id, "photo.png", PNG).name for _ in range(3)]
    assert names == ["photo.png", "photo (2).png", "photo (3).png"]


def test_a_file_over_the_limit_is_refused_in_one_sentence_and_nothing_is_kept(
    journal: JournalService, attachments: AttachmentService, tmp_path: Path
) -> None:
    big = tmp_path / "film.mov"
    with big.open("wb") as out:
        out.truncate(MAX_ATTACHMENT_BYTES + 1)
    entry_id = _entry(journal)
    with pytest.raises(AttachmentProblem, match=r"“film.mov” is 50.0 MB; .* at most 50.0 MB"):
        attachments.add_file(entry_id, big)
    assert attachments.of_entry(entry_id) == []


def test_a_stream_that_grows_past_the_limit_keeps_nothing(
    journal: JournalService, attachments: AttachmentService
) -> None:
    entry_id = _entry(journal)
    pieces = (b"x" * CHUNK_BYTES for _ in range(MAX_ATTACHMENT_BYTES // CHUNK_BYTES + 1))
    with pytest.raises(AttachmentProblem, match=r"at most 50\.0 MB"):
        attachments._add(entry_id, "grows.bin", "application/octet-stream", pieces)
    assert attachments.of_entry(entry_id) == []
    assert attachments.vault.db.scalar("SELECT count(*) FROM attachment_chunks") == 0


def test_the_trash_keeps_attachments_and_deleting_for_good_removes_them(
    vault: Vault, journal: JournalService, attachments: AttachmentService
) -> None:
    entry_id = _entry(journal)
    attachments.add_bytes(entry_id, "a.png", PNG)
    journal.move_to_trash(entry_id)
    assert [a.name for a in attachments.of_entry(entry_id)] == ["a.png"]
    journal.restore(entry_id)
    journal.move_to_trash(entry_id)
    assert journal.purge(entry_id)
    assert vault.db.scalar("SELECT count(*) FROM attachments") == 0
    assert vault.db.scalar("SELECT count(*) FROM attachment_chunks") == 0


def test_emptying_the_trash_removes_the_attachments_of_its_entries(
    vault: Vault, journal: JournalService, attachments: AttachmentService
) -> None:
    kept, gone = _entry(journal), _entry(journal)
    attachments.add_bytes(kept, "kept.png", PNG)
    attachments.add_bytes(gone, "gone.png", PNG)
    journal.move_to_trash(gone)
    journal.empty_trash()
    assert [a.name for a in attachments.of_entry(kept)] == ["kept.png"]
    assert vault.db.scalar("SELECT count(*) FROM attachments") == 1


def test_names_from_outside_cannot_climb_out_of_a_folder() -> None:
    assert clean_name("../../etc/passwd") == "passwd"
    assert clean_name("..\\..\\boot.ini") == "boot.ini"
    assert clean_name("\x00\n") == "attachment"
    assert clean_name(".hidden") == "hidden"
    assert len(clean_name("a" * 500 + ".jpeg")) == 200
    assert clean_name("a" * 500 + ".jpeg").endswith(".jpeg")


def test_types_come_from_the_first_bytes_then_the_name() -> None:
    assert guess_mime("clipboard", PNG) == "image/png"
    assert guess_mime("letter.pdf") == "application/pdf"
    assert guess_mime("unknown") == "application/octet-stream"


def test_save_to_writes_a_private_copy_and_refuses_to_overwrite_or_the_vault(
    vault: Vault, journal: JournalService, attachments: AttachmentService, tmp_path: Path
) -> None:
    added = attachments.add_bytes(_entry(journal), "a.png", PNG)
    target = tmp_path / "out" / "a.png"
    target.parent.mkdir()
    attachments.save_to(added, target)
    assert target.read_bytes() == PNG
    assert target.stat().st_mode & 0o777 == 0o600
    with pytest.raises(AttachmentProblem, match="already exists"):
        attachments.save_to(added, target)
    attachments.save_to(added, target, overwrite=True)
    with pytest.raises(ValueError, match="inside the vault folder"):
        attachments.save_to(added, vault.folder / "a.png")


def test_find_names_a_missing_attachment(
    journal: JournalService, attachments: AttachmentService
) -> None:
    with pytest.raises(AttachmentNotFound, match=r'no attachment named "x\.png"'):
        attachments.find(_entry(journal), "x.png")


def test_opened_copies_are_private_and_all_removed(tmp_path: Path) -> None:
    copy = opened_copies.write_copy("../report.pdf", [b"%PDF-1.4"])
    assert copy.name == "report.pdf" and copy.read_bytes() == b"%PDF-1.4"
    assert copy.stat().st_mode & 0o777 == 0o600
    assert opened_copies.folder().stat().st_mode & 0o777 == 0o700
    assert opened_copies.remove_all() == 1
    assert not copy.exists()


def test_a_vault_from_before_attachments_migrates(
    vault_folder: Path, monkeypatch: pytest.MonkeyPatch, opened: list[Vault]
) -> None:
    first = next(
        number
        for number, statements in enumerate(migrations.MIGRATIONS)
        if any("CREATE TABLE attachments" in statement for statement in statements)
    )
    before = migrations.MIGRATIONS[:first]
    monkeypatch.setattr(migrations, "MIGRATIONS", before)
    monkeypatch.setattr(migrations, "LATEST", len(before))
    old = Vault(vault_folder, kdf=FAST_KDF)
    old.create(PASSPHRASE)
    entry_id = JournalService(old).add(make_entry(title="old", created=T0))
    old.lock()
    monkeypatch.undo()

    vault = Vault(vault_folder, kdf=FAST_KDF)
    vault.unlock(PASSPHRASE)
    opened.append(vault)
    added = AttachmentService(vault).add_bytes(entry_id, "new.png", PNG)
    assert AttachmentService(vault).of_entry(entry_id) == [added]


def test_a_backup_and_its_restore_carry_the_attachments(
    vault: Vault, journal: JournalService, attachments: AttachmentService, tmp_path: Path
) -> None:
    data = os.urandom(CHUNK_BYTES + 5)
    entry_id = _entry(journal)
    added = attachments.add_bytes(entry_id, "scan.jpg", b"\xff\xd8\xff" + data)
    target = tmp_path / "vault.tjbackup"
    BackupService(vault).backup(target)
    restore(target, tmp_path / "restored", passphrase=PASSPHRASE)
    again = Vault(tmp_path / "restored", kdf=FAST_KDF)
    again.unlock(PASSPHRASE)
    try:
        (copy,) = AttachmentService(again).of_entry(entry_id)
        assert (copy.name, copy.sha256) == (added.name, added.sha256)
        assert AttachmentService(again).read(copy.id) == b"\xff\xd8\xff" + data
    finally:
        again.lock()


def test_a_folder_or_a_pipe_is_not_attached(
    journal: JournalService, attachments: AttachmentService, tmp_path: Path
) -> None:
    entry_id = _entry(journal)
    with pytest.raises(AttachmentProblem, match="is a folder; choose a file"):
        attachments.add_file(entry_id, tmp_path)
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(AttachmentProblem, match="is not a file; choose a file"):
        attachments.add_file(entry_id, pipe)
    assert attachments.of_entry(entry_id) == []
