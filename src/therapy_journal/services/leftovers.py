"""What a killed process left behind, found and dealt with by the next run.

Three kinds of work leave something if the process is killed (``kill -9``, a
crash, a power cut) halfway:

* **export-all and salvage** write unencrypted files into a hidden staging
  folder beside their target (or inside it, when the target is an existing
  empty folder), and move them into place at the end;
* **a backup** writes two large encrypted temporary files beside its target;
* **a restore** builds the new vault in a hidden folder beside the vault and
  swaps it in with two renames: between them there is no vault at its place.

Where an export or a backup writes is known only to that run, so for as long
as it works it keeps a small marker file in the vault folder
(``.pending-<owner>-<random>.json``, see :func:`pending`) that says where. A
restore's marker sits beside the vault folder instead, since that folder is
what moves (:func:`swap_marker`). The owner is the process id and its start
time (:func:`therapy_journal.store.atomic.owner_tag`).

:func:`clean_up` runs when a command opens a vault and when the app starts. It
lists the vault folder and the folder that holds it (no scan of the disk) and,
for each marker whose owner is gone, removes what the marker lists, or
finishes a restore swap whose new vault is complete (else puts the old vault
back). It returns one line for the person per thing it did. Markers hold
paths only, never entry text.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from therapy_journal.store.atomic import (
    TEMP_SUFFIX,
    describe_os_error,
    fsync_folder,
    is_stale,
    owner_alive,
    owner_tag,
    write_atomic,
)
from therapy_journal.store.errors import StorageError
from therapy_journal.store.vault import DB_NAME, KEY_NAME

log = logging.getLogger(__name__)

PENDING_PREFIX = ".pending-"
MARKER_SUFFIX = ".json"
SWAP_SUFFIX = ".restore.json"
# What an export or a salvage puts at the top of its folder: only these are
# removed from a target folder when an interrupted move into it is undone.
EXPORT_NAMES = frozenset(
    {
        "entries",
        "journal.json",
        "attachments",
        "profile.md",
        "goals.md",
        "assessments.md",
        "contacts.vcf",
        "SALVAGE-REPORT.txt",
    }
)


# --- markers ------------------------------------------------------------------------


class Marker:
    """A small JSON file that says what a running piece of work has made where."""

    def __init__(self, path: Path, facts: dict[str, Any]) -> None:
        self.path = path
        self.facts = {**facts, "owner": owner_tag()}

    def write(self) -> None:
        data = json.dumps(self.facts, indent=1).encode("utf-8")
        write_atomic(self.path, data, what="note of work in progress")

    def update(self, **facts: Any) -> None:
        self.facts.update(facts)
        self.write()

    def remove(self) -> None:
        try:
            self.path.unlink(missing_ok=True)
        except OSError as error:
            log.warning("could not remove a note of finished work: %s", describe_os_error(error))


@contextmanager
def pending(vault_folder: Path, kind: str, **facts: Any) -> Iterator[Marker | None]:
    """A marker in ``vault_folder`` for the length of the block. When it
    cannot be written (a read-only vault folder) the work goes on unrecorded
    (None), as it did before markers existed."""
    name = f"{PENDING_PREFIX}{owner_tag()}-{secrets.token_hex(6)}{MARKER_SUFFIX}"
    marker: Marker | None = Marker(Path(vault_folder) / name, {"kind": kind, **facts})
    try:
        assert marker is not None
        marker.write()
    except StorageError as error:
        # A vault on a read-only disk: nothing to note it in, and the work
        # itself writes elsewhere.
        log.info("could not note work in progress in the vault folder: %s", error)
        marker = None
    try:
        yield marker
    finally:
        if marker is not None:
            marker.remove()


def swap_marker(target: Path, facts: dict[str, Any]) -> Marker:
    """The marker of a restore into ``target``, beside it (written by the caller)."""
    name = f".{target.name}.tj{owner_tag()}{SWAP_SUFFIX}"
    return Marker(target.with_name(name), facts)


def restore_noted(vault_folder: Path) -> bool:
    """Whether a restore into ``vault_folder`` noted a swap that has not ended:
    the vault may be away from its folder until :func:`clean_up` runs."""
    folder = Path(vault_folder)
    try:
        names = os.listdir(folder.parent)
    except OSError:
        return False
    prefix = f".{folder.name}.tj"
    return any(name.startswith(prefix) and name.endswith(SWAP_SUFFIX) for name in names)


# --- cleaning up ----------------------------------------------------------------------


def clean_up(vault_folder: Path) -> list[str]:
    """Deal with what killed runs left for the vault in ``vault_folder``;
    one line per thing done. Never raises for a leftover it cannot handle."""
    folder = Path(vault_folder)
    said: list[str] = []
    for marker in _markers(folder.parent, f".{folder.name}.tj", SWAP_SUFFIX):
        said += _undo_or_finish_restore(folder, marker)
    said += _stale_restore_copies(folder)
    for marker in _markers(folder, PENDING_PREFIX, MARKER_SUFFIX):
        kind = marker.facts.get("kind")
        if kind == "export":
            said += _export_left(marker)
        elif kind == "backup":
            said += _backup_left(marker)
        marker.remove()
    for line in said:
        log.info("cleaned up after an interrupted run: %s", line)
    return said


def _markers(folder: Path, prefix: str, suffix: str) -> Iterator[Marker]:
    """The markers in ``folder`` whose owner is gone."""
    try:
        names = [entry.name for entry in os.scandir(folder)]
    except OSError:
        return
    for name in names:
        # A marker being written (".<marker>.tj<owner>.<random>.tmp") when its run was killed.
        being_written = name.startswith("." + prefix) and f"{suffix}.tj" in name
        if being_written and name.endswith(TEMP_SUFFIX) and is_stale(folder / name):
            _remove_tree(folder / name)
            continue
        if not (name.startswith(prefix) and name.endswith(suffix)):
            continue
        path = folder / name
        try:
            facts = json.loads(path.read_text(encoding="utf-8"))
            owner = str(facts["owner"])
        except (OSError, ValueError, KeyError, TypeError):
            log.warning("a note of earlier work cannot be read; it is left alone")
            continue
        if owner_alive(owner):
            continue
        marker = Marker(path, facts)
        marker.facts["owner"] = owner
        yield marker


def _remove_tree(path: Path) -> bool:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    except OSError as error:
        log.warning("could not remove a leftover: %s", describe_os_error(error))
        return False
    return True


def _export_left(marker: Marker) -> list[str]:
    facts = marker.facts
    stage = Path(str(facts.get("stage", "")))
    target = Path(str(facts.get("target", "")))
    removed = False
    if stage.name and is_stale(stage) and os.path.lexists(stage):
        removed = _remove_tree(stage)
    for name in facts.get("moved", []):
        if name in EXPORT_NAMES and os.path.lexists(target / name):
            removed = _remove_tree(target / name) or removed
    if not removed:
        return []
    what = "a salvage" if facts.get("salvage") else "an export"
    return [
        f"Removed the unfinished files of {what} into {target} that an earlier run was "
        "stopped in the middle of (they were not encrypted)."
    ]


def _backup_left(marker: Marker) -> list[str]:
    removed, size = [], 0
    for text in marker.facts.get("paths", []):
        path = Path(str(text))
        if not is_stale(path):
            continue
        for leftover in (
            path,
            *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal")),
        ):
            try:
                size += leftover.stat().st_size
            except OSError:
                continue
            if _remove_tree(leftover):
                removed.append(leftover)
    if not removed:
        return []
    return [
        f"Removed {size / (1024 * 1024):,.1f} MiB of temporary files in {removed[0].parent} "
        "from a backup that an earlier run was stopped in the middle of."
    ]


# --- an interrupted restore -----------------------------------------------------------


def _holds_vault(folder: Path) -> bool:
    return (folder / DB_NAME).is_file() and (folder / KEY_NAME).is_file()


def _complete(staging: Path, target: Path, facts: dict[str, Any]) -> bool:
    """Whether the new vault is whole, as it was checked before the swap
    began: each of its files, still in ``staging`` or already moved into
    ``target`` (file by file), at the size noted then."""

    def size(name: str) -> int | None:
        for folder in (staging, target):
            try:
                return (folder / name).stat().st_size
            except OSError:
                continue
        return None

    return size(DB_NAME) == facts.get("db_size") and size(KEY_NAME) == facts.get("key_size")


def _undo_or_finish_restore(target: Path, marker: Marker) -> list[str]:
    facts = marker.facts
    staging = Path(str(facts.get("staging", "")))
    replaced = Path(str(facts["replaced"])) if facts.get("replaced") else None
    said: list[str] = []
    try:
        if staging.parent != target.parent or not is_stale(staging):
            log.warning("a restore note names an unexpected folder; it is left alone")
            return []
        if staging.exists() and not _holds_vault(target) and _complete(staging, target, facts):
            _finish(staging, target)
            kept = f"; the vault it replaced is in {replaced}" if replaced else ""
            said.append(
                f"Finished the restore of a backup that an earlier run was stopped in the "
                f"middle of: the restored vault is in {target}{kept}."
            )
        elif staging.exists():
            if replaced is not None and replaced.exists() and not _holds_vault(target):
                if target.exists() and not any(target.iterdir()):
                    target.rmdir()
                os.rename(replaced, target)
                said.append(
                    "Undid the restore of a backup that an earlier run was stopped in the "
                    f"middle of: your vault in {target} is as it was."
                )
            _remove_tree(staging)
            if not said:
                said.append(
                    "Removed the unfinished copy of a restore that an earlier run was stopped "
                    f"in; your vault in {target} was not changed."
                )
        elif replaced is not None and _holds_vault(target):
            said.append(
                f"A restore that an earlier run was stopped at had finished: the restored "
                f"vault is in {target}; the vault it replaced is in {replaced}."
            )
        fsync_folder(target.parent)
    except OSError as error:
        log.warning("could not deal with an interrupted restore: %s", describe_os_error(error))
        return [
            f"An earlier run was stopped while restoring a backup into {target}, and what it "
            f"left could not be put right ({describe_os_error(error)}); see {staging}."
        ]
    marker.remove()
    return said


def _finish(staging: Path, target: Path) -> None:
    """Move the restored vault in: the whole folder, or (into a folder that
    holds other files) its two files, the key file last."""
    try:
        os.rename(staging, target)
        return
    except OSError as error:
        if not target.is_dir():
            raise
        log.info("finishing a restore file by file: %s", describe_os_error(error))
    for name in (DB_NAME, KEY_NAME):
        if (staging / name).exists():
            os.replace(staging / name, target / name)
    _remove_tree(staging)


def _stale_restore_copies(target: Path) -> list[str]:
    """Folders a restore was building when it was killed (before any swap)."""
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return []
    said = []
    for entry in entries:
        name = entry.name
        if name.startswith(f".{target.name}.tj") and name.endswith(TEMP_SUFFIX) and entry.is_dir():
            path = Path(entry.path)
            if is_stale(path) and _remove_tree(path):
                said.append(
                    "Removed the unfinished copy of a restore that an earlier run was stopped "
                    f"in; your vault in {target} was not changed."
                )
    return said
