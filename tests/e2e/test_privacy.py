"""Nothing a person writes reaches the disk or a log in plain text.

Checks the vault's own files (WAL and shared-memory files included, while the
vault is open and after it is locked), temp folders, the CLI's verbose log, the
Python log at DEBUG level, SQLCipher's own log, and file modes.
"""

from __future__ import annotations

import json
import logging
import os
import stat
from pathlib import Path

import pytest

from tests.helpers.cli import cli_env
from tests.helpers.journals import open_journal
from tests.helpers.processes import run_cli, write_secret
from tests.helpers.vaults import VaultInfo, files_containing, make_vault
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.store.vault import Vault

EMOJI_TITLE = "🦊🌈 zephyrquokka morning 🎉👩🏽‍💻"
HEBREW = "שלום עולם מבחן"
ARABIC = "مرحبا بالعالم اختبار"
BODY = f"Today zephyrquokka felt calmer.\n{HEBREW}\n{ARABIC}\nplumbagoxylo at the end."
EDITED_BODY = "After the edit: vermicellistorm and quixotrope."
NEEDLES = [
    "zephyrquokka",
    "🦊🌈",
    "👩🏽‍💻",
    "שלום",
    "עולם",
    "مرحبا",
    "بالعالم",
    "plumbagoxylo",
    "vermicellistorm",
    "quixotrope",
    "quokkatag",
]
NEW_PASSPHRASE = "a second passphrase, also secret"


def _fill(journal: JournalService) -> None:
    """Add, edit and trash entries carrying the needles."""
    first = journal.add(make_entry(title=EMOJI_TITLE, body=BODY, tags=["quokkatag"], mood=4))
    second = journal.add(make_entry(title=f"{HEBREW} ✡️", body=ARABIC))
    third = journal.add(make_entry(title="to edit", body="plumbagoxylo"))
    journal.edit(third, body=EDITED_BODY, title="quixotrope title")
    journal.move_to_trash(second)
    assert journal.search("zephyrquokka")[0].entry.id == first


# --- (a) the vault's files --------------------------------------------------------


def test_vault_files_hold_no_entry_text_while_open_and_after_lock(
    vault_info: VaultInfo,
) -> None:
    folder = vault_info.folder
    _fill(JournalService(vault_info.vault))
    wal = folder / "journal.db-wal"
    # Open and not checkpointed: the new pages are in the WAL, which is checked too.
    assert wal.exists() and wal.stat().st_size > 0
    assert (folder / "journal.db-shm").exists()

    assert files_containing(folder, [*NEEDLES, vault_info.passphrase]) == []

    vault_info.vault.lock()
    assert files_containing(folder, [*NEEDLES, vault_info.passphrase]) == []
    assert sorted(p.name for p in folder.iterdir()) == ["journal.db", "vault.key"]


# --- (b) temp folders -------------------------------------------------------------


def _jsonl(path: Path) -> Path:
    records = [
        {
            "created": "2026-01-02T09:00:00",
            "title": EMOJI_TITLE,
            "body": BODY,
            "tags": ["quokkatag"],
        },
        {"created": "2026-01-03T09:00:00", "title": "imported quixotrope", "body": EDITED_BODY},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", "utf-8")
    return path


def test_cli_commands_write_nothing_to_temp_folders(
    locked_vault: VaultInfo, passphrase_file: Path, tmp_path: Path
) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    env = cli_env(
        locked_vault.folder,
        TMPDIR=str(temp),
        TMP=str(temp),
        TEMP=str(temp),
        SQLITE_TMPDIR=str(temp),
    )
    source = _jsonl(tmp_path / "import.jsonl")
    big_body = (BODY + "\n") * 2_000  # ~200 kB: big sorts and FTS work stay in memory
    commands: list[tuple[tuple[str, ...], bytes]] = [
        (("add", "--title", EMOJI_TITLE, "--tag", "quokkatag"), big_body.encode()),
        (("add", "--title", "second"), BODY.encode()),
        (("import", "--from", "jsonl", str(source)), b""),
        (("search", "zephyrquokka"), b""),
        (("search", "zephyr*", "--json"), b""),
        (("list", "--json"), b""),
        (("show", "1", "--json"), b""),
        (("edit", "2", "--body"), EDITED_BODY.encode()),
        (("tags",), b""),
        (("delete", "2"), b""),
        (("trash",), b""),
        (("check",), b""),
    ]
    for args, stdin in commands:
        result = run_cli("--passphrase-file", str(passphrase_file), *args, env=env, stdin=stdin)
        assert result.returncode == 0, (args, result.stderr)
        assert list(temp.iterdir()) == [], args


# --- (c) logs ---------------------------------------------------------------------


def test_verbose_cli_logs_never_contain_entry_text_or_passphrases(
    locked_vault: VaultInfo, passphrase_file: Path, tmp_path: Path
) -> None:
    with_file = ("--verbose", "--passphrase-file", str(passphrase_file))
    env = cli_env(locked_vault.folder)
    env_with_passphrase = cli_env(
        locked_vault.folder, THERAPY_JOURNAL_PASSPHRASE=locked_vault.passphrase
    )
    source = _jsonl(tmp_path / "import.jsonl")
    new_file = write_secret(tmp_path / "new.txt", NEW_PASSPHRASE)
    runs: list[tuple[tuple[str, ...], dict[str, str], bytes]] = [
        ((*with_file, "add", "--title", EMOJI_TITLE, "--tag", "quokkatag"), env, BODY.encode()),
        (("-v", "add", "--title", "via env"), env_with_passphrase, BODY.encode()),
        ((*with_file, "import", "--from", "jsonl", str(source)), env, b""),
        ((*with_file, "edit", "1", "--title", "quixotrope", "--body"), env, EDITED_BODY.encode()),
        ((*with_file, "search", "zephyrquokka"), env, b""),
        (("-v", "search", "quixotrope", "--json"), env_with_passphrase, b""),
        ((*with_file, "show", "1"), env, b""),
        ((*with_file, "list", "--json"), env, b""),
        ((*with_file, "delete", "2"), env, b""),
        ((*with_file, "restore", "2"), env, b""),
        ((*with_file, "passwd", "--new-passphrase-file", str(new_file)), env, b""),
    ]
    logged = []
    for args, run_env, stdin in runs:
        result = run_cli(*args, env=run_env, stdin=stdin)
        assert result.returncode == 0, (args, result.stderr)
        logged.append(result.stderr)
    log_text = "".join(logged)

    assert "INFO therapy_journal" in log_text  # verbose logging was on
    for secret in [*NEEDLES, locked_vault.passphrase, NEW_PASSPHRASE]:
        assert secret not in log_text, secret


def test_debug_logs_in_process_never_contain_entry_text_or_passphrases(
    vault_info: VaultInfo, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    journal = JournalService(vault_info.vault)
    _fill(journal)
    journal.import_entries(
        [make_entry(title=EMOJI_TITLE, body=f"imported {BODY}", tags=["quokkatag"])]
    )
    journal.search(HEBREW)
    journal.search("quixotrope", prefix_last=True)
    trashed = journal.ids()[0]
    journal.move_to_trash(trashed)
    journal.restore(trashed)
    journal.move_to_trash(trashed)
    journal.purge(trashed)
    vault_info.vault.change_passphrase(vault_info.passphrase, NEW_PASSPHRASE)

    assert any(record.name.startswith("therapy_journal") for record in caplog.records)
    everything = caplog.text + "".join(
        f"{record.getMessage()} {record.args!r}" for record in caplog.records
    )
    for secret in [*NEEDLES, vault_info.passphrase, NEW_PASSPHRASE]:
        assert secret not in everything, secret


# --- (d) SQLCipher's own log ------------------------------------------------------


def _garbage_from_page_2(db: Path) -> None:
    data = bytearray(db.read_bytes())
    assert len(data) > 3 * 4096
    data[4096:] = os.urandom(len(data) - 4096)
    db.write_bytes(bytes(data))


def _garbage_everywhere(db: Path) -> None:
    db.write_bytes(os.urandom(db.stat().st_size))


def _flip_bytes_in_each_page_from_2(db: Path) -> None:
    data = bytearray(db.read_bytes())
    for page_start in range(4096, len(data), 4096):
        data[page_start + 100] ^= 0xFF  # inside the encrypted page body
    db.write_bytes(bytes(data))


CORRUPTIONS = {
    "flipped-bytes-page-2-on": _flip_bytes_in_each_page_from_2,
    "garbage-page-2-on": _garbage_from_page_2,
    "garbage-whole-file": _garbage_everywhere,
}


@pytest.mark.parametrize("command", [("show", "1"), ("list",)], ids=["show", "list"])
@pytest.mark.parametrize("corruption", list(CORRUPTIONS))
def test_sqlcipher_log_lines_never_reach_the_user_on_a_corrupt_database(
    corruption: str,
    command: tuple[str, ...],
    seeded_vault: VaultInfo,
    tmp_path: Path,
) -> None:
    folder = seeded_vault.folder
    CORRUPTIONS[corruption](folder / "journal.db")
    passphrase_file = write_secret(tmp_path / "p.txt", seeded_vault.passphrase)

    result = run_cli("--passphrase-file", str(passphrase_file), *command, env=cli_env(folder))

    assert result.returncode == 4, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("therapy-journal: ")
    assert "journal.db" in lines[0]
    assert "ERROR CORE" not in result.stderr
    assert "hmac" not in result.stderr.lower()
    assert "first" not in result.stdout  # no entry shown from a damaged vault


# --- (e) file modes ---------------------------------------------------------------


def _modes(folder: Path) -> dict[str, int]:
    return {path.name: stat.S_IMODE(path.stat().st_mode) for path in folder.iterdir()}


@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_vault_files_are_0600_and_folder_0700_whatever_the_umask(
    umask: int, vault_folder: Path
) -> None:
    previous = os.umask(umask)
    try:
        info = make_vault(vault_folder)
        JournalService(info.vault).add(make_entry(title="opened", body="wal pages"))
        open_modes = _modes(vault_folder)
        info.vault.lock()
    finally:
        os.umask(previous)

    assert set(open_modes) == {"journal.db", "journal.db-wal", "journal.db-shm", "vault.key"}
    assert set(open_modes.values()) == {0o600}
    assert set(_modes(vault_folder).values()) == {0o600}
    assert stat.S_IMODE(vault_folder.stat().st_mode) == 0o700


def test_cli_init_and_add_make_0600_files_in_a_0700_folder(
    tmp_path: Path, opened: list[Vault]
) -> None:
    folder = tmp_path / "made-by-cli"
    passphrase = "a passphrase for the cli vault"
    secret = write_secret(tmp_path / "p.txt", passphrase)
    env = cli_env(folder)
    init = run_cli("init", "--new-passphrase-file", str(secret), env=env)
    assert init.returncode == 0, init.stderr
    add = run_cli("--passphrase-file", str(secret), "add", "--title", "x", env=env, stdin=b"y")
    assert add.returncode == 0, add.stderr

    assert set(_modes(folder)) == {"journal.db", "vault.key"}
    assert set(_modes(folder).values()) == {0o600}
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert open_journal(folder, passphrase, opened).count() == 1


def test_vault_created_in_an_existing_empty_folder_makes_that_folder_0700(
    vault_folder: Path,
) -> None:
    vault_folder.mkdir(mode=0o755)
    vault_folder.chmod(0o755)

    info = make_vault(vault_folder)
    info.vault.lock()

    assert stat.S_IMODE(vault_folder.stat().st_mode) == 0o700
