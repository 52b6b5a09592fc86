"""Backups: one file, still encrypted, tested after it is written; restore checks
everything before it writes, and never replaces a vault unasked."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import stat
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlcipher3

from tests.helpers.backups import flipped, positions_to_flip, resealed, truncated
from tests.helpers.journals import all_titles, open_journal
from tests.helpers.vaults import FAST_KDF, VaultInfo, file_hashes, files_containing, make_vault
from therapy_journal.services import backup as backup_module
from therapy_journal.services.backup import (
    LAST_VERIFIED_KEY,
    MANIFEST_NAME,
    SEAL_LEN,
    BackupCancelled,
    BackupDamaged,
    BackupError,
    BackupFailed,
    BackupService,
    BackupWrongPassphrase,
    inspect_backup,
    restore,
)
from therapy_journal.services.journal import JournalService, date_filter, make_entry
from therapy_journal.store.errors import (
    StorageError,
    VaultExists,
    VaultTooNew,
    WrongRecoveryKey,
)
from therapy_journal.store.migrations import LATEST
from therapy_journal.store.vault import DB_NAME, KEY_NAME, Vault

MADE = datetime(2026, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=-5)))
SECRET_WORDS = ["ZanzibarSecretTitle", "quokkaconfession", "sleeplessnessTag"]


@pytest.fixture
def filled(vault_info: VaultInfo) -> VaultInfo:
    journal = JournalService(vault_info.vault)
    journal.add(
        make_entry(
            title=SECRET_WORDS[0], body=f"I told my {SECRET_WORDS[1]}.", tags=[SECRET_WORDS[2]]
        )
    )
    for number in range(1, 30):
        journal.add(make_entry(title=f"entry {number}", body="some words " * number, mood=5))
    journal.move_to_trash(journal.add(make_entry(title="in the trash", body="gone")))
    return vault_info


@pytest.fixture
def service(filled: VaultInfo) -> BackupService:
    return BackupService(filled.vault, clock=lambda: MADE)


@pytest.fixture
def made(service: BackupService, tmp_path: Path) -> Path:
    """A backup of the filled vault, in a folder of its own."""
    folder = tmp_path / "backups"
    folder.mkdir()
    return service.backup(folder / "journal.tjbackup").path


def entries_of(journal: JournalService) -> dict[str, str]:
    ids = list(journal.ids())
    return {entry.title: entry.body for entry in journal.get_many(ids)}


def snapshot_of(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (names and contents), to show nothing changed."""
    return file_hashes(folder) if folder.exists() else {}


# --- round trip ---------------------------------------------------------------------


def test_a_restored_backup_holds_every_entry_and_opens_with_the_passphrase(
    filled: VaultInfo, made: Path, tmp_path: Path, opened: list[Vault]
) -> None:
    expected = entries_of(JournalService(filled.vault))
    target = tmp_path / "restored"
    result = restore(made, target, passphrase=filled.passphrase)
    assert sorted(path.name for path in target.iterdir()) == [DB_NAME, KEY_NAME]
    assert stat.S_IMODE(target.stat().st_mode) == 0o700
    assert result.folder == target and result.replaced is None
    assert result.entries == len(expected) == 30 and result.backup_created == MADE
    journal = open_journal(target, filled.passphrase, opened)
    assert entries_of(journal) == expected
    assert journal.count() == 30
    assert [e.title for e in journal.page(date_filter(trashed=True)).items] == ["in the trash"]
    assert journal.integrity_problems() == []
    assert journal.vault.db.scalar("PRAGMA journal_mode") == "wal"


def test_a_backup_restores_with_the_recovery_key(
    filled: VaultInfo, made: Path, tmp_path: Path
) -> None:
    target = tmp_path / "restored"
    restore(made, target, recovery_key=filled.recovery_key)
    vault = Vault(target, kdf=FAST_KDF)
    vault.unlock_with_recovery(filled.recovery_key, "a brand new passphrase")
    try:
        assert JournalService(vault).count() == 30
    finally:
        vault.lock()


def test_a_backup_opens_with_the_passphrase_current_when_it_was_made(
    filled: VaultInfo, service: BackupService, tmp_path: Path, opened: list[Vault]
) -> None:
    before = service.backup(tmp_path / "before.tjbackup").path
    filled.vault.change_passphrase(filled.passphrase, "the newer passphrase")
    after = service.backup(tmp_path / "after.tjbackup").path

    with pytest.raises(BackupWrongPassphrase) as wrong:
        restore(before, tmp_path / "a", passphrase="the newer passphrase")
    assert "current when it was made (2026-03-01" in str(wrong.value)
    restore(before, tmp_path / "a", passphrase=filled.passphrase)
    restore(after, tmp_path / "b", passphrase="the newer passphrase")
    assert open_journal(tmp_path / "a", filled.passphrase, opened).count() == 30
    assert open_journal(tmp_path / "b", "the newer passphrase", opened).count() == 30


def test_inspect_reports_what_a_backup_holds_without_touching_a_vault(
    filled: VaultInfo, made: Path
) -> None:
    before = snapshot_of(filled.folder)
    info = inspect_backup(made)
    assert info.entries == 30 and info.schema_version == LATEST
    assert info.vault_id == filled.vault.vault_id and info.created == MADE
    assert info.size == made.stat().st_size
    assert snapshot_of(filled.folder) == before


# --- what the file is -----------------------------------------------------------------


def test_the_backup_is_one_zip_of_the_encrypted_database_the_key_file_and_a_manifest(
    filled: VaultInfo, made: Path, tmp_path: Path
) -> None:
    with zipfile.ZipFile(made) as archive:
        assert sorted(archive.namelist()) == sorted([DB_NAME, KEY_NAME, MANIFEST_NAME])
        assert archive.testzip() is None
        assert all(info.compress_type == zipfile.ZIP_STORED for info in archive.infolist())
        assert archive.read(KEY_NAME) == filled.vault.key_path.read_bytes()
        manifest = json.loads(archive.read(MANIFEST_NAME))
        database = archive.read(DB_NAME)
    assert manifest["entries"] == 30 and manifest["vault_id"] == filled.vault.vault_id
    assert manifest["members"][DB_NAME]["size"] == len(database)
    assert not database.startswith(b"SQLite format 3\0")
    # The database opens only with the vault's key.
    loose = tmp_path / "loose.db"
    loose.write_bytes(database)
    plain = sqlcipher3.connect(str(loose))
    with pytest.raises(sqlcipher3.DatabaseError, match="not a database"):
        plain.execute("SELECT count(*) FROM sqlite_master").fetchall()
    plain.close()
    keyed = filled.vault.open_copy(loose)
    try:
        assert keyed.scalar("SELECT count(*) FROM entries") == 31
    finally:
        keyed.close()


def test_the_backup_holds_no_plaintext_and_is_readable_by_its_owner_only(
    made: Path, tmp_path: Path
) -> None:
    assert files_containing(made.parent, SECRET_WORDS) == []
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    assert sorted(path.name for path in made.parent.iterdir()) == [made.name]  # no temp left


def test_the_backup_is_0600_whatever_the_umask(service: BackupService, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        result = service.backup(tmp_path / "b.tjbackup")
    finally:
        os.umask(old)
    assert stat.S_IMODE(result.path.stat().st_mode) == 0o600


def test_the_newest_entry_still_in_the_write_ahead_log_is_in_the_backup(
    filled: VaultInfo, service: BackupService, tmp_path: Path, opened: list[Vault]
) -> None:
    filled.vault.db.checkpoint()  # everything before it is in journal.db ...
    JournalService(filled.vault).add(make_entry(title="written just now", body="newest"))
    wal = filled.folder / (DB_NAME + "-wal")
    assert wal.stat().st_size > 0  # ... but this one is only in the write-ahead log
    # A copy of journal.db alone would miss it:
    naive = tmp_path / "naive"
    naive.mkdir()
    shutil.copy2(filled.vault.db_path, naive / DB_NAME)
    shutil.copy2(filled.vault.key_path, naive / KEY_NAME)
    assert (
        "written just now"
        not in all_titles(open_journal(naive, filled.passphrase, opened)).values()
    )

    result = service.backup(tmp_path / "b.tjbackup")
    restore(result.path, tmp_path / "restored", passphrase=filled.passphrase)
    restored = open_journal(tmp_path / "restored", filled.passphrase, opened)
    assert "written just now" in all_titles(restored).values()
    assert result.entries == 31


# --- the test restore and its record --------------------------------------------------


def test_a_passed_test_restore_is_recorded(
    filled: VaultInfo, service: BackupService, tmp_path: Path
) -> None:
    assert service.last_verified() is None
    result = service.backup(tmp_path / "b.tjbackup")
    assert result.verified and result.created == MADE and result.entries == 30
    assert result.size == result.path.stat().st_size
    assert service.last_verified() == MADE
    record = json.loads(
        filled.vault.db.scalar("SELECT value FROM meta WHERE key = ?", (LAST_VERIFIED_KEY,))
    )
    assert record["file"] == "b.tjbackup" and record["entries"] == 30
    assert service.last_failed() is None


def test_a_backup_damaged_as_it_was_written_fails_its_test_and_is_not_kept(
    filled: VaultInfo, service: BackupService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "b.tjbackup"
    service.backup(target)
    earlier = target.read_bytes()
    real_pack = backup_module._pack

    def pack_then_damage(out: Path, *args: object, **kwargs: object) -> None:
        real_pack(out, *args, **kwargs)  # type: ignore[arg-type]
        data = bytearray(out.read_bytes())
        data[len(data) // 2] ^= 0xFF  # the disk changed a byte
        out.write_bytes(bytes(data))

    monkeypatch.setattr(backup_module, "_pack", pack_then_damage)
    later = BackupService(filled.vault, clock=lambda: MADE + timedelta(days=1))
    with pytest.raises(BackupFailed, match="did not pass its test restore"):
        later.backup(target)
    assert target.read_bytes() == earlier  # the earlier backup is still there, unchanged
    assert sorted(path.name for path in tmp_path.iterdir() if path.is_file()) == [target.name]
    assert later.last_verified() == MADE
    assert later.last_failed() == MADE + timedelta(days=1)


def test_a_cancelled_backup_leaves_nothing(service: BackupService, tmp_path: Path) -> None:
    seen: list[int] = []

    def cancel_midway(done: int, total: int) -> bool:
        seen.append(done)
        return done < total // 2

    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(BackupCancelled):
        service.backup(folder / "b.tjbackup", cancel_midway)
    assert list(folder.iterdir()) == []
    assert service.last_verified() is None
    assert seen and seen == sorted(seen)


def test_progress_runs_from_zero_to_the_whole(service: BackupService, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    service.backup(tmp_path / "b.tjbackup", lambda done, total: seen.append((done, total)))
    assert seen[-1] == (1000, 1000)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


@pytest.mark.parametrize("where", ["inside the vault", "a folder", "not a backup", "no folder"])
def test_a_backup_is_not_written_where_it_would_do_harm(
    filled: VaultInfo, service: BackupService, tmp_path: Path, where: str
) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("my notes")
    target = {
        "inside the vault": filled.folder / "b.tjbackup",
        "a folder": tmp_path,
        "not a backup": other,
        "no folder": tmp_path / "missing" / "b.tjbackup",
    }[where]
    before = snapshot_of(tmp_path)
    with pytest.raises(BackupError):
        service.backup(target)
    assert other.read_text() == "my notes"
    assert snapshot_of(tmp_path) == before


def test_a_new_backup_replaces_an_earlier_one_at_the_same_path(
    filled: VaultInfo, service: BackupService, tmp_path: Path
) -> None:
    target = service.backup(tmp_path / "b.tjbackup").path
    JournalService(filled.vault).add(make_entry(title="one more", body="x"))
    assert service.backup(target).entries == 31
    assert inspect_backup(target).entries == 31


def test_a_backup_runs_on_a_worker_thread_while_the_app_writes(
    filled: VaultInfo, service: BackupService, tmp_path: Path, opened: list[Vault]
) -> None:
    journal = JournalService(filled.vault)
    results: list[object] = []
    worker = threading.Thread(
        target=lambda: results.append(service.backup(tmp_path / "b.tjbackup"))
    )
    worker.start()
    added = 0
    while worker.is_alive() or added < 5:
        journal.add(make_entry(title=f"while backing up {added}", body="x"))
        added += 1
    worker.join()
    (result,) = results
    assert 30 <= result.entries <= 30 + added  # type: ignore[attr-defined]
    restore(tmp_path / "b.tjbackup", tmp_path / "r", passphrase=filled.passphrase)
    restored = open_journal(tmp_path / "r", filled.passphrase, opened)
    assert restored.integrity_problems() == []
    titles = set(all_titles(restored).values())
    written = [f"while backing up {n}" for n in range(added)]
    kept = [title for title in written if title in titles]
    assert kept == written[: len(kept)]  # a moment in time: a prefix of what was written


def test_writes_between_the_copys_steps_are_not_in_it(
    filled: VaultInfo, service: BackupService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The copy is made in steps, all reading one moment: an entry the app
    adds between two steps is not in the backup, and the backup is whole."""
    monkeypatch.setattr(backup_module, "SNAPSHOT_CHUNK", 4096)
    journal = JournalService(filled.vault)
    added: list[int] = []

    def write_between_steps(done: int, total: int) -> None:
        if done < 600:  # the snapshot's share of the work
            added.append(journal.add(make_entry(title=f"during {len(added)}", body="x" * 3000)))

    result = service.backup(tmp_path / "b.tjbackup", write_between_steps)
    assert len(added) > 10  # the copy took that many steps, with writes between them
    assert result.entries == 30
    restore(result.path, tmp_path / "r", passphrase=filled.passphrase)
    vault = Vault(tmp_path / "r")
    vault.unlock(filled.passphrase)
    try:
        restored = JournalService(vault)
        assert restored.integrity_problems() == []
        assert not any(t.startswith("during") for t in all_titles(restored).values())
        assert restored.count() == 30
    finally:
        vault.lock()
    assert journal.count() == 30 + len(added)


@contextmanager
def file_size_limit(limit: int) -> Iterator[None]:
    """Writes past ``limit`` bytes fail with EFBIG, as a full disk fails them with ENOSPC."""
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # else the kernel kills us
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


@pytest.mark.parametrize("where", ["snapshot", "archive"])
def test_a_backup_the_disk_refuses_leaves_nothing_and_says_why(
    filled: VaultInfo, service: BackupService, tmp_path: Path, where: str
) -> None:
    db = filled.vault.db
    database = int(db.scalar("PRAGMA page_count")) * int(db.scalar("PRAGMA page_size"))
    # The archive is the database plus about 2 KiB of headers, key file and manifest.
    limit = database // 2 if where == "snapshot" else database + 1000
    folder = tmp_path / "out"
    folder.mkdir()
    with file_size_limit(limit), pytest.raises(StorageError) as caught:
        service.backup(folder / "b.tjbackup")
    assert str(folder) in str(caught.value)
    assert list(folder.iterdir()) == []
    assert service.last_verified() is None and service.last_failed() is None


def test_a_restore_the_disk_refuses_changes_nothing(
    filled: VaultInfo, made: Path, existing: VaultInfo, tmp_path: Path, opened: list[Vault]
) -> None:
    before = snapshot_of(tmp_path)
    for target in (existing.folder, tmp_path / "new"):
        with file_size_limit(100_000), pytest.raises(StorageError, match="nothing was"):
            restore(made, target, passphrase=filled.passphrase, replace=True)
    assert snapshot_of(tmp_path) == before
    assert not (tmp_path / "new").exists()
    kept = open_journal(existing.folder, "the other vault's passphrase", opened)
    assert list(all_titles(kept).values()) == ["the other vault's entry"]


# --- restore refuses bad input before it writes anything --------------------------------


@pytest.fixture
def existing(tmp_path: Path) -> VaultInfo:
    """Another vault, locked, where a restore might land."""
    info = make_vault(tmp_path / "existing", passphrase="the other vault's passphrase")
    JournalService(info.vault).add(make_entry(title="the other vault's entry", body="keep me"))
    info.vault.lock()
    return info


def test_restore_onto_an_existing_vault_without_replace_is_refused(
    filled: VaultInfo, made: Path, existing: VaultInfo, tmp_path: Path
) -> None:
    before = snapshot_of(tmp_path)
    with pytest.raises(VaultExists):
        restore(made, existing.folder, passphrase=filled.passphrase)
    assert snapshot_of(tmp_path) == before


def test_restore_with_replace_keeps_the_replaced_vault_beside_it(
    filled: VaultInfo, made: Path, existing: VaultInfo, tmp_path: Path, opened: list[Vault]
) -> None:
    moment = datetime(2026, 3, 2, 8, 0, 5)
    result = restore(
        made, existing.folder, passphrase=filled.passphrase, replace=True, clock=lambda: moment
    )
    assert result.replaced == tmp_path / "existing.replaced-20260302-080005"
    assert open_journal(existing.folder, filled.passphrase, opened).count() == 30
    kept = open_journal(result.replaced, "the other vault's passphrase", opened)
    assert list(all_titles(kept).values()) == ["the other vault's entry"]
    # A second restore the same second does not collide with the first one's.
    for vault in opened:
        vault.lock()
    again = restore(
        made, existing.folder, passphrase=filled.passphrase, replace=True, clock=lambda: moment
    )
    assert again.replaced == tmp_path / "existing.replaced-20260302-080005-2"


def test_restore_into_an_empty_folder_or_one_with_other_files(
    filled: VaultInfo, made: Path, tmp_path: Path, opened: list[Vault]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    restore(made, empty, passphrase=filled.passphrase)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "readme.txt").write_text("mine")
    restore(made, busy, passphrase=filled.passphrase)
    assert (busy / "readme.txt").read_text() == "mine"
    for folder in (empty, busy):
        assert open_journal(folder, filled.passphrase, opened).count() == 30
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_wrong_passphrase_or_recovery_key_changes_nothing(
    filled: VaultInfo, made: Path, existing: VaultInfo, tmp_path: Path
) -> None:
    third = make_vault(tmp_path / "third")
    third.vault.lock()
    before = snapshot_of(tmp_path)
    with pytest.raises(BackupWrongPassphrase):
        restore(made, tmp_path / "new", passphrase="not the passphrase")
    with pytest.raises(BackupWrongPassphrase):
        restore(made, existing.folder, passphrase="not the passphrase", replace=True)
    with pytest.raises(WrongRecoveryKey, match="does not open this backup"):
        restore(made, existing.folder, recovery_key=third.recovery_key, replace=True)
    with pytest.raises(WrongRecoveryKey, match="does not open this backup"):
        restore(made, tmp_path / "new", recovery_key=third.recovery_key)
    assert snapshot_of(tmp_path) == before
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize("cut", [0, 1, 100, 0.5, -SEAL_LEN - 1, -SEAL_LEN, -10, -1])
def test_a_truncated_backup_is_refused_before_anything_is_written(
    filled: VaultInfo, made: Path, existing: VaultInfo, tmp_path: Path, cut: float
) -> None:
    size = made.stat().st_size
    keep = int(size * cut) if isinstance(cut, float) else (cut if cut >= 0 else size + cut)
    damaged = truncated(made, tmp_path / "cut.tjbackup", keep)
    before = snapshot_of(tmp_path)
    with pytest.raises(BackupDamaged):
        inspect_backup(damaged)
    for target in (tmp_path / "new", existing.folder):
        with pytest.raises(BackupDamaged):
            restore(damaged, target, passphrase=filled.passphrase, replace=True)
    assert snapshot_of(tmp_path) == before
    assert not (tmp_path / "new").exists()


def test_a_flipped_byte_anywhere_is_found(made: Path, tmp_path: Path) -> None:
    """Every byte of headers, key file, manifest, central directory, end record
    and seal, and bytes spread over the database: each flip is refused."""
    positions = positions_to_flip(made)
    assert all(positions.values()), positions.keys()
    missed = []
    for region, offsets in positions.items():
        for offset in offsets:
            damaged = flipped(made, tmp_path / "flipped.tjbackup", offset)
            try:
                inspect_backup(damaged)
            except BackupDamaged:
                continue
            missed.append((region, offset))
    assert missed == []


@pytest.mark.parametrize(
    "region",
    [
        "local headers",
        "database",
        "data descriptors",
        KEY_NAME,
        MANIFEST_NAME,
        "central directory",
        "end record",
        "seal",
    ],
)
def test_restore_of_a_backup_with_a_flipped_byte_writes_nothing(
    filled: VaultInfo, made: Path, existing: VaultInfo, tmp_path: Path, region: str
) -> None:
    offsets = positions_to_flip(made)[region]
    damaged = flipped(made, tmp_path / "flipped.tjbackup", offsets[len(offsets) // 2], 0xFF)
    before = snapshot_of(tmp_path)
    for target in (tmp_path / "new", existing.folder):
        with pytest.raises(BackupDamaged):
            restore(damaged, target, passphrase=filled.passphrase, replace=True)
    assert snapshot_of(tmp_path) == before


def test_a_resealed_backup_with_a_changed_member_is_still_refused(
    filled: VaultInfo, made: Path, tmp_path: Path
) -> None:
    with zipfile.ZipFile(made) as archive:
        database = bytearray(archive.read(DB_NAME))
        manifest = json.loads(archive.read(MANIFEST_NAME))
    database[5000] ^= 0x01
    changed = resealed(made, tmp_path / "a.tjbackup", {DB_NAME: bytes(database)})
    with pytest.raises(BackupDamaged, match="does not match its manifest"):
        inspect_backup(changed)

    manifest["entries"] = 31  # a manifest that lies about what the database holds
    lying = resealed(made, tmp_path / "b.tjbackup", {MANIFEST_NAME: json.dumps(manifest).encode()})
    inspect_backup(lying)  # the file itself is intact...
    with pytest.raises(BackupDamaged, match="entries its manifest lists"):
        restore(lying, tmp_path / "new", passphrase=filled.passphrase)  # ...its contents are not
    assert not (tmp_path / "new").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_sealed_backup_whose_index_lists_many_files_is_refused_before_it_is_parsed(
    filled: VaultInfo, made: Path, tmp_path: Path
) -> None:
    """The archive's index is counted from its end record: zipfile would build
    an object for every file listed (five million took 50 s and 2.3 GB)."""
    crafted = resealed(made, tmp_path / "many.tjbackup", {}, extra_members=20_000)
    with zipfile.ZipFile(crafted) as archive:  # a well-formed archive, sealed as a backup is
        assert len(archive.infolist()) == 20_003
    with pytest.raises(BackupDamaged, match="index is not a backup's"):
        inspect_backup(crafted)
    with pytest.raises(BackupDamaged, match="index is not a backup's"):
        restore(crafted, tmp_path / "new", passphrase=filled.passphrase)
    assert not (tmp_path / "new").exists()
    inspect_backup(resealed(made, tmp_path / "same.tjbackup", {}))  # resealing alone is fine


def test_other_files_are_not_taken_for_backups(tmp_path: Path) -> None:
    plain_zip = tmp_path / "plain.zip"
    with zipfile.ZipFile(plain_zip, "w") as archive:
        archive.writestr("notes.txt", "hello")
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    for path in (plain_zip, text):
        with pytest.raises(BackupDamaged, match="not a Therapy Journal backup"):
            inspect_backup(path)
    with pytest.raises(BackupError, match="no backup file"):
        inspect_backup(tmp_path / "missing.tjbackup")


def test_a_backup_from_a_newer_app_is_refused_with_a_clear_message(
    filled: VaultInfo, made: Path, tmp_path: Path
) -> None:
    with zipfile.ZipFile(made) as archive:
        manifest = json.loads(archive.read(MANIFEST_NAME))
    newer_format = resealed(
        made,
        tmp_path / "a.tjbackup",
        {MANIFEST_NAME: json.dumps({**manifest, "version": 3}).encode()},
    )
    with pytest.raises(BackupError, match="newer version of Therapy Journal"):
        inspect_backup(newer_format)
    newer_schema = resealed(
        made,
        tmp_path / "b.tjbackup",
        {MANIFEST_NAME: json.dumps({**manifest, "schema_version": LATEST + 1}).encode()},
    )
    with pytest.raises(VaultTooNew):
        restore(newer_schema, tmp_path / "new", passphrase=filled.passphrase)
    assert not (tmp_path / "new").exists()
