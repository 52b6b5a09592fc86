"""Opening a received bundle: read, decrypt and check it, all in memory; then
show what it holds, extract it, or turn its entries into new ones.

Opening checks everything before anything is extracted: the age header first
(:mod:`age_header`), then the decryption itself (:mod:`age`), then every member
of the ZIP (:mod:`archive`), the manifest's hashes (:mod:`manifest`) and each
entry's front matter (:mod:`entry_files`).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from therapy_journal.services.attachments import AttachmentService
from therapy_journal.services.journal import JournalService, make_entry
from therapy_journal.services.sharing.age import decrypt
from therapy_journal.services.sharing.archive import check_member_name, read_members
from therapy_journal.services.sharing.entry_files import BundleEntry, parse_entry_file
from therapy_journal.services.sharing.errors import BundleDamaged, BundleError
from therapy_journal.services.sharing.html_page import MAX_PAGE_BYTES, age_file_in, is_page
from therapy_journal.services.sharing.layout import ENTRIES_DIR, INCLUDABLE
from therapy_journal.services.sharing.manifest import app_name, check_manifest
from therapy_journal.services.sharing.text import one_line
from therapy_journal.store.atomic import describe_os_error
from therapy_journal.store.entries import fingerprint
from therapy_journal.store.models import NewEntry
from therapy_journal.store.vault import Vault

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OpenedBundle:
    """A decrypted bundle that passed every check, still only in memory."""

    manifest: dict[str, Any]
    files: dict[str, bytes] = field(repr=False)
    entries: tuple[BundleEntry, ...]

    def summary(self) -> dict[str, Any]:
        """What the bundle holds, for people and for ``--json``: no entry text."""
        included = self.manifest.get("included", {})
        return {
            "format_version": self.manifest.get("format_version"),
            "app": app_name(self.manifest, "app"),
            "app_version": app_name(self.manifest, "app_version"),
            "created": self.manifest.get("created"),
            "included": {name: included.get(name, False) for name in ("entries", *INCLUDABLE)},
            "files": [{"name": name, "size": len(data)} for name, data in self.files.items()],
            "entries": len(self.entries),
            "journals": journal_names(self),
            "attachments": [
                {
                    "entry": item["entry"],
                    "name": one_line(item["name"]),
                    "type": one_line(item["type"]),
                    "size": len(self.files[item["file"]]),
                }
                for item in self.attachments
            ],
        }

    @property
    def attachments(self) -> list[dict[str, str]]:
        """The manifest's list of attachments (checked): entry, name, type, file."""
        listed: list[dict[str, str]] = self.manifest.get("attachments", [])
        return listed


def read_bundle(zip_bytes: bytes) -> OpenedBundle:
    """Check a decrypted bundle's ZIP through and through, in memory."""
    files = read_members(zip_bytes)
    manifest = check_manifest(files)
    entries = tuple(
        parse_entry_file(name, files[name])
        for name in sorted(files)
        if name.startswith(ENTRIES_DIR)
    )
    if len(entries) != manifest["included"]["entries"]:
        raise BundleDamaged("The bundle holds a different number of entries than it says.")
    return OpenedBundle(manifest, files, entries)


def open_bundle(
    path: Path, *, identities: Sequence[str] = (), passphrase: str | None = None
) -> OpenedBundle:
    """Read, decrypt and check the bundle at ``path`` (an age file, or a shared
    page, which carries one); nothing is written."""
    try:
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            raise BundleDamaged(f"{path.name} is far larger than any bundle can be.")
        data = path.read_bytes()
    except FileNotFoundError:
        raise BundleError(f"There is no file {path}.") from None
    except OSError as error:
        raise BundleError(f"Could not read {path}: {describe_os_error(error)}.") from error
    if is_page(data):
        data = age_file_in(data)
    return read_bundle(decrypt(data, identities=identities, passphrase=passphrase))


def extract(opened: OpenedBundle, folder: Path) -> list[Path]:
    """Write a checked bundle's files into ``folder``, which must be new or empty.

    Files are readable by their owner only (0o600), folders 0o700. If writing
    fails, what was written is removed again.
    """
    try:
        occupied = folder.exists() and (not folder.is_dir() or any(folder.iterdir()))
    except OSError as error:
        raise BundleError(f"Could not look into {folder}: {describe_os_error(error)}.") from error
    if occupied:
        raise BundleError(f"{folder} is not an empty folder; choose a new or empty one.")
    for name in opened.files:
        check_member_name(name)
    made_folder = not folder.exists()
    written: list[Path] = []
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        for name, data in opened.files.items():
            target = folder / name
            if target.parent != folder and not target.parent.exists():
                target.parent.mkdir(mode=0o700)
                target.parent.chmod(0o700)
                written.append(target.parent)
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
            written.append(target)
            with os.fdopen(fd, "wb") as out:
                out.write(data)
    except OSError as error:
        _remove_quietly(written, folder if made_folder else None)
        raise BundleError(
            f"Could not extract the bundle into {folder}: {describe_os_error(error)}. "
            "Nothing was left there."
        ) from error
    log.info("extracted %d files from a bundle", len(opened.files))
    return [path for path in written if path.is_file()]


def _remove_quietly(paths: list[Path], folder: Path | None) -> None:
    for path in [*reversed(paths), *([folder] if folder else [])]:
        try:
            if path.is_dir():
                path.rmdir()
            else:
                path.unlink(missing_ok=True)
        except OSError as error:
            log.warning("could not remove %s after a failed extract: %s", path, error)


def attach_imported(vault: Vault, opened: OpenedBundle, imported_ids: Sequence[int]) -> int:
    """Attach to each entry just imported from ``opened`` the files the bundle
    holds for it (an entry skipped as already held gets none); return how many.
    Entries are matched by what they hold (date, title and text)."""
    journal, service = JournalService(vault), AttachmentService(vault)
    by_identity = {
        fingerprint(entry.created, entry.title, entry.body): entry.id
        for entry in journal.get_many(imported_ids)
    }
    new_entries = dict(zip((e.path for e in opened.entries), to_new_entries(opened), strict=True))
    count = 0
    for item in opened.attachments:
        new = new_entries.get(item["entry"])
        entry_id = by_identity.get(fingerprint(new.created, new.title, new.body)) if new else None
        if entry_id is not None:
            service.add_bytes(entry_id, item["name"], opened.files[item["file"]])
            count += 1
    return count


def to_new_entries(
    opened: OpenedBundle, journals: Mapping[str, int] | None = None
) -> list[NewEntry]:
    """The bundle's entries, ready for :meth:`JournalService.import_entries`;
    each goes in the journal ``journals`` gives for its journal's name (else
    the first journal).

    The prompt link is not kept: prompt ids differ between vaults.
    """
    journals = journals or {}
    return [
        make_entry(
            title=entry.title,
            body=entry.body,
            mood=entry.mood,
            tags=entry.tags,
            created=entry.created,
            journal_id=journals.get(entry.journal) if entry.journal else None,
        )
        for entry in opened.entries
    ]


def journal_names(opened: OpenedBundle) -> list[str]:
    """The names of the journals the bundle's entries say they were in."""
    return sorted({entry.journal for entry in opened.entries if entry.journal})
